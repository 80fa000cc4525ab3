import { channel, event } from '../channel';
import { LIMITS } from '../limits';
import type { ByteChunk, FileInfo } from '../types';
import type { InspectReport } from '../../report/inspect';
import { int, obj, oneOf, optional, str } from '../validate';
import { ID } from './files';

/**
 * The emulator console (a live acpi-erst model over a working copy of a store) and
 * the replay player (a QEMU trace replayed against its before/after files), plus the what-if
 * capacity runs. Every input file arrives as an id from the file registry (upload, drop,
 * dialog, command line); the renderer never names a path. Sessions work on copies: saving is
 * explicit (bytes read back in bounded chunks for a download, or a host folder dialog).
 */

/** Largest store a session or what-if run models (decoded again after every step). */
export const MAX_SESSION_STORE = 64 * 1024 * 1024;
/** Largest slot size accepted (QEMU has no bound; the exchange buffer is held in memory). */
const MAX_RECORD_SIZE = 1024 * 1024;
const HEX = (max: number) => str({ max, pattern: /^(0x)?[0-9a-fA-F]*$/ });
/** Record ids and register values: decimal or 0x-hex, up to 64 bits. */
const U64 = str({ max: 20, min: 1, pattern: /^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/ });

export interface EmulatorRegisters {
  operation: string;
  operationCode: number;
  recordOffset: number;
  /** Decimal and hex (0x, 16 digits). */
  recordIdentifier: string;
  recordIdentifierHex: string;
  commandStatus: string;
  commandStatusCode: number;
  busy: number;
  /** The GET_RECORD_IDENTIFIER cursor (slot index). */
  cursor: number;
  /** The VALUE register, 0x + 16 hex digits. */
  value: string;
}

export interface EmulatorStep {
  step: number;
  label: string;
  accesses: number;
}

export interface EmulatorState {
  sessionId: string;
  name: string;
  step: number;
  storeSize: number;
  recordSize: number;
  /** The QEMU release the device behaves like (`major.minor`). */
  qemu: string;
  firstSlot: number;
  lastSlot: number;
  registers: EmulatorRegisters;
  /** The exchange buffer (first LIMITS.maxRead bytes when larger). */
  exchange: { size: number; base64: string };
  /** The session's store decoded exactly as an opened file is. */
  report: InspectReport;
  history: EmulatorStep[];
  /** Slots the last step changed. */
  changedSlots: number[];
}

/** One printed line of a command's result. */
export interface ConsoleLine {
  kind: 'in' | 'out' | 'meaning' | 'ok' | 'bad' | 'note';
  text: string;
}

export interface EmulatorResult {
  lines: ConsoleLine[];
  state: EmulatorState;
}

/** The replay report crosses the contract as main/replay produces it (shared/erst/replay-report.ts). */
export type {
  OperationKind as ReplayOperationKind,
  SlotChange as RVSlotChange,
  ReplayOperation as RVReplayOperation,
  ReadMismatch as RVReadMismatch,
  FailedWrite as RVFailedWrite,
  OverwrittenWrite as RVOverwrittenWrite,
  StoreDifference as RVStoreDifference,
  ReplayReport as RVReplayReport,
} from '../../erst/replay-report';
import type { ReplayReport as RVReplayReport } from '../../erst/replay-report';

/** One register access line of a trace, decoded. */
export interface TraceLineView {
  line: number;
  text: string;
  meaning: string;
}

export interface ReplaySlot {
  index: number;
  state: 'header' | 'live' | 'cleared' | 'empty' | 'unreadable';
  recordId: string | null;
}

export interface ReplayPlayback {
  report: RVReplayReport;
  names: { trace: string; before: string | null; after: string };
  /** Slot states before the first operation (from the before-file, or a fresh store). */
  initialSlots: ReplaySlot[];
  /** Per operation (same index as report.operations), its trace lines decoded (bounded). */
  traceLines: TraceLineView[][];
  /** Operations where the trace and the files disagree (read mismatches, unexplained bytes). */
  disagreements: { operation: number | null; line: number | null; what: string }[];
}

export interface WhatIfWrite {
  /** Operation index in the replay, or record index in the store. */
  index: number;
  line: number | null;
  part: string | null;
  id: string;
  length: number;
  /** How the record's length is known. */
  lengthSource: 'record' | 'neighbour' | 'slot';
  originalStatus: string;
  status: string;
  slot: number | null;
  /** Still in the store at the end of the run. */
  survived: boolean;
}

export interface WhatIfGeometry {
  storeSize: number;
  recordSize: number;
  slots: number;
  headerSlots: number;
  recordSlots: number;
}

export interface WhatIfResult {
  source: 'replay' | 'store';
  original: WhatIfGeometry;
  target: WhatIfGeometry;
  writes: WhatIfWrite[];
  survived: number;
  lost: number;
  /** The smallest store (same record size as the target) in which every write succeeds. */
  smallest: WhatIfGeometry | null;
  notes: string[];
}

const WHATIF_ARGS = {
  traceFileId: optional(ID),
  traceInputId: optional(ID),
  beforeFileId: optional(ID),
  afterFileId: optional(ID),
  fileId: optional(ID),
  storeSize: optional(int({ min: 4096, max: MAX_SESSION_STORE, tooLarge: true })),
  recordSize: optional(int({ min: 4096, max: MAX_RECORD_SIZE, tooLarge: true })),
};

/**
 * Adding one is: an entry in `sessions` (or `sessionEvents`) below with its validator and
 * result type, and its handler in main/services — the dispatcher's handler table is typed
 * from CHANNELS, so a missing handler is a compile error, and every transport carries it
 * without change.
 */
export const sessions = {
  'emulator.create': channel<EmulatorState>()(
    obj({
      size: optional(int({ min: 4096, max: MAX_SESSION_STORE, tooLarge: true })),
      recordSize: optional(int({ min: 4096, max: MAX_RECORD_SIZE, tooLarge: true })),
      qemu: optional(str({ max: 16, pattern: /^v?\d{1,3}\.\d{1,3}(\.\d{1,3})?$/ })),
      fromFileId: optional(ID),
      journalFileId: optional(ID),
      journalInputId: optional(ID),
    }),
    'Starts an emulator session over a new store of `size` bytes, a copy of an open store, or a saved journal; `qemu` (e.g. "7.1") picks the QEMU release the device behaves like.',
  ),
  'emulator.list': channel<{ sessionId: string; name: string; step: number }[]>()(obj({}), 'Live emulator sessions.'),
  'emulator.state': channel<EmulatorState>()(obj({ sessionId: ID }), 'Registers, exchange buffer, decoded store and history of a session.'),
  'emulator.access': channel<EmulatorResult>()(
    obj({
      sessionId: ID,
      op: oneOf(['write', 'read', 'buf-write', 'buf-read', 'reset'] as const),
      offset: optional(int({ max: 1 << 24 })),
      size: optional(int({ min: 1, max: 8 })),
      value: optional(U64),
      hex: optional(HEX(2 * MAX_RECORD_SIZE + 2)),
      length: optional(int({ min: 0, max: LIMITS.maxRead, tooLarge: true })),
    }),
    'One raw access: a register write/read (offset 0x0–0xf, 1/2/4/8 bytes), an exchange-buffer write/read, or a device reset.',
  ),
  'emulator.op': channel<EmulatorResult>()(
    obj({
      sessionId: ID,
      op: oneOf(['write-record', 'write-hex', 'read', 'clear', 'count', 'ids', 'next-id', 'dummy-write', 'ranges', 'timings'] as const),
      fileId: optional(ID),
      recordIndex: optional(int({ max: 1 << 24 })),
      hex: optional(HEX(2 * MAX_RECORD_SIZE + 2)),
      id: optional(U64),
    }),
    'One operation the way Linux performs it (write a record from an open file or hex, read/clear by id, count, iterate ids, dummy write, range queries).',
  ),
  'emulator.undo': channel<EmulatorState>()(
    obj({ sessionId: ID, toStep: int({ max: 1 << 20 }) }),
    'Back to the state right after step `toStep` (0 = the start).',
  ),
  'emulator.read': channel<ByteChunk & { total: number }>()(
    obj({
      sessionId: ID,
      what: oneOf(['store', 'journal'] as const),
      offset: int(),
      length: int({ min: 1, max: LIMITS.maxRead, tooLarge: true }),
    }),
    'A bounded chunk of the session store or journal (for a download).',
  ),
  'emulator.saveTo': channel<{ folder: string; name: string } | null>()(
    obj({ sessionId: ID, what: oneOf(['store', 'journal'] as const) }),
    'Asks the host for a folder and writes the session store or journal there as a new file; null when cancelled.',
    { transports: ['ipc', 'test'] },
  ),
  'emulator.openAsFile': channel<FileInfo>()(
    obj({ sessionId: ID }),
    "Opens a copy of the session's store as a file (every view then works on it).",
  ),
  'emulator.close': channel<{ closed: boolean }>()(obj({ sessionId: ID }), 'Ends a session.'),
  'replay.run': channel<ReplayPlayback>()(
    obj({ traceFileId: optional(ID), traceInputId: optional(ID), beforeFileId: optional(ID), afterFileId: ID }),
    'Replays a QEMU acpi-erst trace (an open file, or a tool input: traceInputId) on the model against its before/after files.',
  ),
  'whatif.run': channel<WhatIfResult>()(
    obj(WHATIF_ARGS),
    'Re-runs the writes of a replay (trace + after [+ before]) or the records of an open store into a store of another size / record size.',
  ),
};

export const sessionEvents = {
  'emulator.changed': event<{ sessionId: string; step: number; label: string; changedSlots: number[]; undone?: boolean }>(
    'A session moved on (a step ran or was undone).',
  ),
};
