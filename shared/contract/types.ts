import type { FieldNode } from '../decode/node';
import type { DumpSummary, RecordSummary } from '../report/inspect';

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
}

/** A stitched dump as the dmesg view shows it. */
export interface DumpView extends DumpSummary {
  fileName: string;
  /** The stitched text (UTF-8, lossy) for display and search. */
  text: string;
  /** The exact stitched bytes, for save. */
  base64: string;
}

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
