/**
 * A tiny hand-rolled validator: enough to check every channel's arguments (shape, types,
 * bounds) and infer their TypeScript type from one declaration. Hand-rolled rather than zod
 * because the argument shapes are few and flat, and shared/ must stay dependency-free and
 * pure (it is bundled into the renderer too).
 */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Every failure a caller can see, on every transport. */
export type ErrorCode =
  | 'unknown-channel'
  | 'bad-arguments'
  | 'too-large'
  | 'not-found'
  | 'unsupported'
  | 'cancelled'
  | 'unreadable'
  | 'too-many-files'
  | 'internal';

export interface Validator<T> {
  /** Returns the value (typed) or throws ContractError('bad-arguments'|'too-large'). */
  check(value: unknown, path: string): T;
  /** Shown in error messages and docs. */
  describe: string;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

const bad = (path: string, want: string, got: unknown) =>
  new ContractError('bad-arguments', `${path || 'arguments'}: expected ${want}, got ${kind(got)}`);

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} chars` : `"${v}"`;
  if (typeof v === 'number') return String(v);
  return typeof v;
}

export function str(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Validator<string> {
  const max = opts.max ?? 4096;
  return {
    describe: `string (≤ ${max} chars)`,
    check(v, path) {
      if (typeof v !== 'string') throw bad(path, 'a string', v);
      if (v.length > max) throw new ContractError('too-large', `${path}: ${v.length} chars is over the ${max}-char limit`);
      if (opts.min !== undefined && v.length < opts.min) throw bad(path, `at least ${opts.min} chars`, v);
      if (opts.pattern && !opts.pattern.test(v)) throw bad(path, `a string matching ${opts.pattern}`, v);
      return v;
    },
  };
}

/**
 * A safe integer within [min, max]. `tooLarge` makes exceeding `max` a 'too-large' error
 * (for sizes, so a caller can tell "you asked for too much" from "you sent garbage").
 */
export function int(opts: { min?: number; max?: number; tooLarge?: boolean } = {}): Validator<number> {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return {
    describe: `integer in [${min}, ${max}]`,
    check(v, path) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(path, 'an integer', v);
      if (v > max && opts.tooLarge) throw new ContractError('too-large', `${path}: ${v} is over the limit of ${max}`);
      if (v < min || v > max) throw bad(path, `an integer in [${min}, ${max}]`, v);
      return v;
    },
  };
}

export function bool(): Validator<boolean> {
  return {
    describe: 'boolean',
    check(v, path) {
      if (typeof v !== 'boolean') throw bad(path, 'a boolean', v);
      return v;
    },
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
  return {
    describe: values.map((s) => `"${s}"`).join(' | '),
    check(v, path) {
      if (typeof v !== 'string' || !values.includes(v)) throw bad(path, `one of ${values.join(', ')}`, v);
      return v as T[number];
    },
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  return {
    optional: true,
    describe: `${inner.describe} (optional)`,
    check(v, path) {
      return v === undefined ? undefined : inner.check(v, path);
    },
  };
}

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** A plain object with exactly these keys: unknown keys are refused, so typos fail loudly. */
export function obj<S extends Shape>(shape: S): Validator<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }> {
  return {
    describe: `{ ${Object.entries(shape)
      .map(([k, v]) => `${k}: ${v.describe}`)
      .join('; ')} }`,
    check(v, path) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(path, 'an object', v);
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw bad(path, 'a plain object', v);
      const rec = v as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        if (!Object.hasOwn(shape, k)) throw new ContractError('bad-arguments', `${path ? path + '.' : ''}${k}: unknown argument`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(shape)) {
        const got = val.check(rec[k], path ? `${path}.${k}` : k);
        if (got !== undefined) out[k] = got;
      }
      return out as never;
    },
  };
}

/** No arguments: accepts undefined, null or {} (transports differ in how they send "nothing"). */
export function none(): Validator<Record<string, never>> {
  return {
    describe: 'no arguments',
    check(v, path) {
      if (v === undefined || v === null) return {};
      return obj({}).check(v, path) as Record<string, never>;
    },
  };
}
