import { ContractError } from '../../shared/contract/index';
import type { WhatIfResult } from '../../shared/contract/channels/sessions';
import { MAX_SESSION_STORE } from '../../shared/contract/channels/sessions';
import { planFromReplay, planFromStore, whatIf, WhatIfError, type Plan } from '../whatif/index';
import type { FileRegistry } from './file-registry';
import { fileBytes, replayInputs, runReplay } from './replay-player';

/** What-if over files of the registry: a replay's inputs, or an open store (main/whatif runs it). */
export function whatIfFromArgs(
  files: FileRegistry,
  a: {
    traceFileId?: string;
    traceInputId?: string;
    beforeFileId?: string;
    afterFileId?: string;
    fileId?: string;
    storeSize?: number;
    recordSize?: number;
  },
): WhatIfResult {
  let plan: Plan;
  if (a.traceFileId || a.traceInputId) {
    if (!a.afterFileId) throw new ContractError('bad-arguments', 'a replay what-if needs the after-file (afterFileId)');
    const inp = replayInputs(files, {
      traceFileId: a.traceFileId,
      traceInputId: a.traceInputId,
      beforeFileId: a.beforeFileId,
      afterFileId: a.afterFileId,
    });
    plan = planFromReplay(runReplay(inp).report, { before: inp.before, after: inp.after, beforeName: inp.names.before });
  } else if (a.fileId) {
    const f = files.get(a.fileId);
    if (f.info.format !== 'erst-store') throw new ContractError('bad-arguments', `${f.info.name} is not an ERST store`);
    const report = f.report();
    const parts = new Map(
      report.records
        .filter((r) => r.slot !== null)
        .map((r) => [
          r.slot!,
          r.pstore ? `${r.pstore.reason ?? r.pstore.kind}#${r.pstore.count ?? '?'} Part${r.pstore.part ?? '?'}` : null,
        ]),
    );
    plan = planFromStore(fileBytes(f, MAX_SESSION_STORE), parts);
  } else throw new ContractError('bad-arguments', 'give traceInputId or traceFileId + afterFileId (a replay) or fileId (an open store)');
  try {
    return whatIf(plan, a.storeSize, a.recordSize);
  } catch (e) {
    if (e instanceof WhatIfError) throw new ContractError('bad-arguments', e.message);
    throw e;
  }
}
