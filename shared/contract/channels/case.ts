import { channel } from '../channel';
import type { TimelineSource } from '../../timeline/build';
import type { StoreDiff } from '../../diff/store-diff';
import { int, obj, oneOf, optional, str } from '../validate';
import { ID } from './files';

/** What a note or bookmark points at: a record of a file, a byte range of it, or the file itself. */
export interface CaseTarget {
  /** The evidence it belongs to, by sha256 (a path may change; the bytes do not). */
  sha256: string;
  fileName: string;
  record?: { index: number; recordId: string | null };
  range?: { offset: number; length: number };
}

export interface CaseItem {
  id: string;
  kind: 'note' | 'bookmark';
  target: CaseTarget;
  text: string;
  created: string;
}

export interface CaseLogEntry {
  at: string;
  action: 'open' | 'export' | 'report' | 'note' | 'bookmark' | 'remove';
  /** What was opened or written: paths with their sha256, or the item concerned. */
  detail: string;
}

/** A file's case as the app shows it: where it is kept, its notes and bookmarks on this file, the log. */
export interface CaseView {
  /** The case file beside the evidence; null when the file has no place on disk (uploads, samples): kept in memory. */
  path: string | null;
  items: CaseItem[];
  /** The newest entries of the append-only log (at most 200). */
  log: CaseLogEntry[];
  logLength: number;
}

const TEXT = str({ max: 20_000 });

/** Working a case across files: the timeline's per-file facts, notes and bookmarks kept in a case file. */
export const caseChannels = {
  'timeline.source': channel<TimelineSource>()(
    obj({ fileId: ID }),
    'What the timeline needs from an open file: its records (hardware errors described with where they happened), dumps and boots.',
  ),
  'case.get': channel<CaseView>()(
    obj({ fileId: ID }),
    "The file's case (notes, bookmarks, log) from the case file beside it; the first call logs the open.",
  ),
  'case.add': channel<CaseView>()(
    obj({
      fileId: ID,
      kind: oneOf(['note', 'bookmark'] as const),
      text: TEXT,
      recordIndex: optional(int({ max: 1 << 24 })),
      offset: optional(int()),
      length: optional(int({ min: 1, max: 1 << 30 })),
    }),
    'Adds a note or bookmark on the file, one of its records, or a byte range, and saves the case file.',
  ),
  'diff.run': channel<StoreDiff>()(
    obj({ before: ID, after: ID }),
    'Compares two open files (two snapshots of a store, or two CPER files): header, every slot (written, cleared, overwritten, changed, unchanged), records and dumps.',
  ),
  'case.logExport': channel<CaseView>()(
    obj({ fileId: ID, jobId: str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }) }),
    'Logs a finished export job of the file in its case (kind, the files written with their sizes); each job once.',
  ),
  'case.remove': channel<CaseView>()(
    obj({ fileId: ID, id: str({ max: 64 }) }),
    'Removes a note or bookmark (the log keeps that it existed).',
  ),
};
