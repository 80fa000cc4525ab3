import type { ArgsOf, ResultOf } from '../../shared/contract/index';
import { timelineSourceOf } from '../../shared/timeline/source';
import type { FileRegistry } from './file-registry';

type CaseChannel = 'timeline.source';
type CaseHandlers = { [C in CaseChannel]: (args: ArgsOf<C>) => ResultOf<C> };

/** Handlers of shared/contract/channels/case.ts, over the open files. */
export function caseHandlers(files: FileRegistry): CaseHandlers {
  return {
    'timeline.source': (a) => {
      const f = files.get(a.fileId);
      return timelineSourceOf(a.fileId, f.info.name, f.ev.input);
    },
  };
}
