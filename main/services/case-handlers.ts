import { randomBytes } from 'node:crypto';
import { ContractError, type ArgsOf, type ResultOf } from '../../shared/contract/index';
import type { CaseView } from '../../shared/contract/channels/case';
import type { TimelineSource } from '../../shared/timeline/build';
import type { StoreDiff } from '../../shared/diff/store-diff';
import { defaultCasePath, emptyCase, loadCase, saveCase, type CaseFile, type CaseItem, type CaseLogEntry } from '../case/case-file';
import type { FileRegistry } from './file-registry';
import type { ExportJobs } from './export-jobs';

type CaseChannel = 'timeline.source' | 'diff.run' | 'case.get' | 'case.add' | 'case.remove' | 'case.logExport';
type CaseHandlers = { [C in CaseChannel]: (args: ArgsOf<C>) => ResultOf<C> | Promise<ResultOf<C>> };

/** Files with no place on disk keep their case in memory: a case file beside a temp copy would be lost. */
const ON_DISK = new Set(['command-line', 'dialog', 'drop', 'recent']);

/** Handlers of shared/contract/channels/case.ts, over the open files (and their export jobs, for the case log). */
export function caseHandlers(files: FileRegistry, jobs?: ExportJobs): CaseHandlers {
  const memory = new Map<string, CaseFile>();
  const logged = new Set<string>();
  const loggedJobs = new Set<string>();
  // Exports made before the user opened a file's case are held here and written with the case's
  // first opening: an export alone never creates a file beside the evidence.
  const pending = new Map<string, CaseLogEntry[]>();

  const place = (fileId: string) => {
    const f = files.get(fileId);
    const path = ON_DISK.has(f.info.origin) ? defaultCasePath(f.ev.file.path) : null;
    return { f, path, sha256: f.ev.file.sha256() };
  };
  const evidence = () => files.list().map((x) => files.get(x.id).ev.file.path);
  const load = (fileId: string, path: string | null): CaseFile => {
    if (!path) return memory.get(fileId) ?? emptyCase();
    try {
      return loadCase(path);
    } catch (e) {
      throw new ContractError('unreadable', (e as Error).message);
    }
  };
  const save = (fileId: string, path: string | null, c: CaseFile) => {
    if (!path) memory.set(fileId, c);
    else {
      try {
        saveCase(path, c, evidence());
      } catch (e) {
        throw new ContractError('bad-arguments', `case file ${path}: ${(e as Error).message}`);
      }
    }
  };
  const view = (path: string | null, c: CaseFile, sha256: string): CaseView => ({
    path,
    items: c.items.filter((i) => i.target.sha256 === sha256),
    log: c.log.slice(-200),
    logLength: c.log.length,
  });

  return {
    // Both need the whole decode of a file: they run in the file's worker, never on this thread.
    'timeline.source': (a) => {
      const f = files.get(a.fileId);
      return f.backend.call<TimelineSource>({ op: 'timelineSource', fileId: a.fileId, name: f.info.name });
    },
    'diff.run': (a) => {
      const before = files.get(a.before).ev.file.path;
      return files.get(a.after).backend.call<StoreDiff>({ op: 'diff', beforePath: before });
    },
    'case.get': (a) => {
      const { f, path, sha256 } = place(a.fileId);
      const c = load(a.fileId, path);
      if (!logged.has(a.fileId)) {
        logged.add(a.fileId);
        c.log.push({
          at: new Date().toISOString(),
          action: 'open',
          detail: `opened ${f.ev.file.path} in the app (sha256 ${sha256}, ${f.info.size} bytes)`,
        });
        c.log.push(...(pending.get(a.fileId) ?? []));
        pending.delete(a.fileId);
        save(a.fileId, path, c);
      }
      return view(path, c, sha256);
    },
    'case.add': (a) => {
      const { f, path, sha256 } = place(a.fileId);
      const c = load(a.fileId, path);
      const target: CaseItem['target'] = { sha256, fileName: f.info.name };
      if (a.recordIndex !== undefined) {
        const rec = f.ev.input.records[a.recordIndex];
        if (!rec) throw new ContractError('not-found', `no record ${a.recordIndex} in ${f.info.name}`);
        target.record = { index: a.recordIndex, recordId: rec.record.recordId ?? null };
      }
      if (a.offset !== undefined) {
        const length = a.length ?? 1;
        if (a.offset + length > f.ev.file.size)
          throw new ContractError(
            'bad-arguments',
            `bytes ${a.offset}+${length} lie past the end of ${f.info.name} (${f.ev.file.size} bytes)`,
          );
        target.range = { offset: a.offset, length };
      }
      const item: CaseItem = {
        id: 'n' + randomBytes(6).toString('hex'),
        kind: a.kind,
        target,
        text: a.text,
        created: new Date().toISOString(),
      };
      c.items.push(item);
      c.log.push({
        at: item.created,
        action: a.kind,
        detail: `${a.kind} ${item.id} on ${f.info.name}${target.record ? ` record ${target.record.index}` : ''}${target.range ? ` bytes 0x${target.range.offset.toString(16)}+${target.range.length}` : ''}: ${a.text.slice(0, 200)}`,
      });
      save(a.fileId, path, c);
      return view(path, c, sha256);
    },
    'case.logExport': (a) => {
      const { path, sha256 } = place(a.fileId);
      const c = load(a.fileId, path);
      if (!jobs) throw new ContractError('unsupported', 'export jobs are not available here');
      const job = jobs.status(a.jobId);
      if (job.fileId !== a.fileId) throw new ContractError('bad-arguments', `job ${a.jobId} did not export this file`);
      if (job.state !== 'done') throw new ContractError('bad-arguments', `job ${a.jobId} is ${job.state}, not done`);
      if (!loggedJobs.has(a.jobId)) {
        loggedJobs.add(a.jobId);
        const list = job.files
          .slice(0, 50)
          .map((f) => `${f.name} (${f.bytes} bytes)`)
          .join(', ');
        const entry: CaseLogEntry = {
          at: new Date().toISOString(),
          action: 'export',
          detail: `export ${job.kind} in the app: ${job.files.length} file${job.files.length === 1 ? '' : 's'}: ${list}${job.files.length > 50 ? ', …' : ''} [sha256 ${sha256}]`,
        };
        if (logged.has(a.fileId)) {
          c.log.push(entry);
          save(a.fileId, path, c);
        } else pending.set(a.fileId, [...(pending.get(a.fileId) ?? []), entry]);
      }
      return view(path, c, sha256);
    },
    'case.remove': (a) => {
      const { path, sha256 } = place(a.fileId);
      const c = load(a.fileId, path);
      const item = c.items.find((i) => i.id === a.id && i.target.sha256 === sha256);
      if (!item) throw new ContractError('not-found', `no note or bookmark ${a.id} on this file`);
      c.items = c.items.filter((i) => i !== item);
      c.log.push({ at: new Date().toISOString(), action: 'remove', detail: `removed ${item.kind} ${item.id}: ${item.text.slice(0, 200)}` });
      save(a.fileId, path, c);
      return view(path, c, sha256);
    },
  };
}
