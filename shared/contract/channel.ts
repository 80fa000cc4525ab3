import type { TransportKind } from './types';
import type { Validator } from './validate';

/**
 * One channel: its argument validator, its result type (phantom: types only, nothing at run
 * time) and, where it needs a host facility, the transports it is offered on.
 */
export interface ChannelSpec<A, R> {
  args: Validator<A>;
  doc: string;
  /** Absent = every transport. */
  transports?: readonly TransportKind[];
  /** Phantom field carrying the result type; never set. */
  readonly __result?: R;
}

/** `channel<Result>()(argsValidator, doc)`: curried so the args type is inferred and the result given. */
export function channel<R>() {
  return <A>(args: Validator<A>, doc: string, opts: { transports?: readonly TransportKind[] } = {}): ChannelSpec<A, R> => ({
    args,
    doc,
    ...opts,
  });
}

/** An event main pushes to the renderer; the payload type is phantom too. */
export interface EventSpec<P> {
  doc: string;
  readonly __payload?: P;
}

export function event<P>(doc: string): EventSpec<P> {
  return { doc };
}
