import { ContractError, fromBase64, type ArgsOf, type ResultOf } from '../../shared/contract/index';
import type { FileRegistry } from './file-registry';

type ToolInputChannel = 'inputs.upload' | 'inputs.close';
type ToolInputHandlers = { [C in ToolInputChannel]: (args: ArgsOf<C>) => ResultOf<C> };

/** Handlers of shared/contract/channels/tool-inputs.ts: traces and journals go to the registry's inputs, not its files. */
export function toolInputHandlers(files: FileRegistry): ToolInputHandlers {
  return {
    'inputs.upload': (a) => {
      const bytes = fromBase64(a.base64);
      if (!bytes) throw new ContractError('bad-arguments', 'base64: not valid base64');
      const i = files.openInput(a.name, bytes, a.kind);
      return { id: i.id, name: i.name, size: i.bytes.length, kind: a.kind };
    },
    'inputs.close': (a) => ({ closed: files.closeInput(a.inputId) }),
  };
}
