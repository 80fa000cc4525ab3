import type { FieldNode } from '../decode/node';
import type { Diagnostic } from '../decode/diagnostics';
import type { DumpSummary, InspectReport, RecordSummary, SectionSummary } from '../report/inspect';

/** Which transport carried a call: some channels need a host facility only one of them has. */
export type TransportKind = 'ipc' | 'serve' | 'test';

/** How a file came to be open. The renderer never names a path itself; main hands out ids. */
export type FileOrigin = 'command-line' | 'dialog' | 'drop' | 'upload' | 'recent' | 'sample';

export interface FileInfo {
  /** Opaque id handed out by main; the only way the renderer addresses a file. */
  id: string;
  /** Base name only: the renderer has no use for the full path. */
  name: string;
  size: number;
  origin: FileOrigin;
  format: 'erst-store' | 'cper' | 'unrecognised';
  recordCount: number;
  openedAt: string;
  /** What lists show: the name, with its folder, size or hash prefix added when another open file has the same name. */
  label: string;
  /** Where it came from, for a tooltip: folder (or how it was handed over), size, sha256 prefix once known. */
  detail: string;
  /** Indexing runs off the main thread: 'indexing' until the summary and windows can be served. */
  status: 'indexing' | 'ready' | 'failed';
  error?: string;
}

/** How far the indexing of an open file has got (pushed as `files.progress`). */
export interface OpenProgress {
  fileId: string;
  phase: 'indexing' | 'hashing' | 'ready' | 'failed' | 'cancelled';
  bytes: number;
  total: number;
  records: number;
}

export interface RecentEntry {
  /** Opaque key for files.openRecent (main keeps the path). */
  key: string;
  name: string;
  /** Folder the file was in, shown so two files of the same name can be told apart. */
  folder: string;
  size: number;
  openedAt: string;
}

export interface AppInfo {
  version: string;
  transport: TransportKind;
  limits: {
    maxRead: number;
    maxUpload: number;
    /** Serve mode: the largest file `PUT /api/upload` streams to disk (serve --max-upload); absent elsewhere. */
    maxStreamUpload?: number;
  };
  /** Whether main can show a native open / save dialog (Electron yes, serve mode no). */
  canOpenDialog: boolean;
  canSaveDialog: boolean;
}

export interface ByteChunk {
  offset: number;
  /** Bytes actually read (short at end of file). */
  length: number;
  base64: string;
}

/** A record with its field tree, for the detail view. */
export interface RecordDetail {
  summary: RecordSummary;
  /**
   * One tree for the whole record: header, then per section its descriptor and body.
   * Offsets are absolute in the file, so the hex pane needs no arithmetic of its own.
   */
  tree: FieldNode;
  /** Span to show in the hex pane: the slot the record lives in, or the record itself. */
  span: { offset: number; length: number };
  /** A pstore record's text as the kernel wrote it (decompressed when it was deflated; one record is at most a slot). */
  pstoreText?: { text: string; compressed: boolean; error?: string };
  /** Present when QEMU 7.0/7.1 wrote the record's slot: old bytes were left after it. */
  qemu71?: Qemu71Slot;
}

/**
 * A slot QEMU 7.0 or 7.1 wrote: its write left 255 fill bytes after the record and the rest of
 * the slot as it was, so bytes of an earlier, longer record may remain (`remnant`, file offsets).
 */
export interface Qemu71Slot {
  slot: number;
  remnant: { offset: number; length: number } | null;
}

/** At most this many QEMU 7.0/7.1 slots are listed in a StoreSummary (the count says how many there are). */
export const MAX_QEMU71_SLOTS = 4096;

/**
 * What `store.inspect` answers: the overview, never the records themselves (they come by
 * window), so its size does not grow with the number of records.
 */
export interface StoreSummary {
  source: InspectReport['source'];
  format: InspectReport['format'];
  inputForm?: InspectReport['inputForm'];
  store?: Omit<NonNullable<InspectReport['store']>, 'slots'> & {
    /** One letter per slot: h header, l live, c cleared, e empty, u unreadable (SLOT_LETTERS). */
    slotStates: string;
    /** Slots QEMU 7.0/7.1 wrote, in slot order: the first MAX_QEMU71_SLOTS of `count`. Absent when none. */
    qemu71?: { slots: Qemu71Slot[]; count: number };
  };
  recordCount: number;
  counts: { live: number; cleared: number; file: number };
  dumpCount: number;
  /** Section-only input (small by nature: the whole input is at most one record's worth). */
  sections?: SectionSummary[];
  /** File and record diagnostics, the first MAX_SUMMARY_DIAGNOSTICS of `diagnosticCount`. */
  diagnostics: Diagnostic[];
  diagnosticCount: number;
  /** Distinct values for the records filter menus. */
  facets: { severity: string[]; sectionType: string[]; creator: string[]; state: string[] };
}

export const SLOT_LETTERS = { header: 'h', live: 'l', cleared: 'c', empty: 'e', unreadable: 'u' } as const;

export type RecordSortKey = 'id' | 'time' | 'severity' | 'creator' | 'sections' | 'summary' | 'state' | 'slot';

/** Filter and sort of the records table, applied where the records are (off the main thread). */
export interface RecordQuery {
  sort?: RecordSortKey;
  dir?: 1 | -1;
  text?: string;
  severity?: string;
  sectionType?: string;
  creator?: string;
  state?: string;
}

/** The records table as a file opens it: in its own order (by slot), unfiltered. */
export const FIRST_ROWS_QUERY: Readonly<RecordQuery> = { sort: 'slot', dir: 1 };

export interface RecordsWindow {
  offset: number;
  /** Rows matching the query. */
  total: number;
  /** Records in the file. */
  all: number;
  rows: RecordSummary[];
  /** Answered while the file is still being indexed: `total` and `all` count the records found so far. */
  indexing?: boolean;
}

/** A stitched dump's metadata; its text comes by line window (dmesg.lines) or byte chunk (dmesg.read). */
export interface DumpMeta extends DumpSummary {
  /** Position in the file's dump list (oldest first); the id the other dmesg calls take. */
  index: number;
  fileName: string;
}

export interface DumpList {
  offset: number;
  total: number;
  dumps: DumpMeta[];
}

/** One line of a stitched dump, with what the view marks on it. */
export interface DmesgLine {
  text: string;
  /** The part the line comes from (null for none). */
  part: number | null;
  /** First line of its part: a part boundary is drawn above it. */
  partStart: boolean;
  /** Kernel log level from a `<N>` prefix. */
  level: number | null;
  /** 'gap' lines are the markers the stitcher put where text is missing or undecodable. */
  kind: 'text' | 'gap';
  /** The gap's reason, for people. */
  reason?: string;
  /** Text read back from a cleared (recovered) slot. */
  recovered: boolean;
}

export interface DumpLines {
  dump: number;
  offset: number;
  lineCount: number;
  byteLength: number;
  /** First line that looks like a panic or oops (Kernel panic, Oops, BUG:, Call Trace…), or null. */
  panicLine: number | null;
  lines: DmesgLine[];
}

export interface DumpSearch {
  dump: number;
  offset: number;
  /** Hits in the whole text (counted up to MAX_SEARCH_HITS). */
  total: number;
  capped: boolean;
  hits: { line: number; col: number }[];
}

/** An input that is not evidence (a replay trace, an emulator journal, console input). */
export type InputKind = 'trace' | 'journal' | 'console';

export interface ExportKind {
  kind: string;
  label: string;
  description: string;
  /** Whether the `recovered` option (cleared-but-recoverable records) applies. */
  recoveredOption: boolean;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  jobId: string;
  kind: string;
  fileId: string;
  state: JobState;
  progress: { done: number; total: number; phase: string };
  /** Files written, relative names (`dumps/dump-….txt`), when done. */
  files: { name: string; bytes: number }[];
  error?: string;
}

/**
 * Where serve mode's page carries its first answers (main/serve/boot-page.ts writes them,
 * renderer/transport/boot.ts reads them): a meta element's content, and a JSON data block.
 */
export const BOOT_ELEMENTS = { meta: 'erst-boot', firstRows: 'erst-first-rows' } as const;

/**
 * What serve mode's page holds before its first call: the answers to app.info, files.list and
 * files.recent, how far each open file is, and (its own data block) the first file's first rows
 * (FIRST_ROWS_QUERY) when the server had them at hand: final once the file is indexed, marked
 * `indexing` while a store's pass has found only some.
 */
export interface BootState {
  app: AppInfo;
  files: FileInfo[];
  recent: RecentEntry[];
  progress: OpenProgress[];
  records?: { fileId: string; window: RecordsWindow };
}
