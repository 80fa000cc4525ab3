import type { ArgsOf, ResultOf } from '../../shared/contract/index';
import type { FileRegistry } from './file-registry';

type InputChannel = 'input.paste';
type InputHandlers = { [C in InputChannel]: (args: ArgsOf<C>) => ResultOf<C> };

/** Handlers of shared/contract/channels/input.ts: pasted text becomes an open file's bytes. */
export function inputHandlers(files: FileRegistry): InputHandlers {
  return {
    'input.paste': (a) => files.openBytes(a.name ?? 'pasted.txt', new TextEncoder().encode(a.text), 'upload').info,
  };
}
