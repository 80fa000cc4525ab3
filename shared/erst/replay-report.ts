/**
 * The replay report: plain JSON-serialisable data (ids as decimal strings), so the CLI can
 * print it and the app can ship it over the contract and scrub through `operations`.
 * Produced by main/replay; declared here so the contract can carry it without a copy.
 */

export type OperationKind =
  | 'write'
  | 'read'
  | 'clear'
  | 'dummy-write'
  | 'end'
  | 'count'
  | 'get-record-id'
  | 'address-range'
  | 'address-length'
  | 'address-attributes'
  | 'timings'
  | 'busy'
  | 'status'
  | 'set-offset'
  | 'set-id'
  | 'execute'
  | 'other-action';

export interface SlotChange {
  slot: number;
  kind: 'written' | 'cleared';
  /** The record id (decimal). */
  id: string;
}

export interface ReplayOperation {
  index: number;
  kind: OperationKind;
  /** 1-based line of the operation's first access, and of its END when it has one. */
  line: number;
  endLine?: number;
  /** Seconds since the epoch from the `pid@sec.usec:` prefix, when the trace has it. */
  time?: number;
  /** Did an EXECUTE run the operation (magic in VALUE)? */
  executed?: boolean;
  /** The status the model produced, and the one the guest read with GET_COMMAND_STATUS. */
  status?: string;
  statusRead?: string;
  /** Record id the operation acted on / returned (decimal; ~0 is 18446744073709551615). */
  id?: string;
  slot?: number;
  recordOffset?: number;
  /** Values the guest read for get actions (count, address, length, timings), as 0x-hex. */
  value?: string;
  /** For writes: which dump part the record carried (`Panic#1 Part4`), and how we know it. */
  part?: string;
  partSource?: 'record' | 'inferred';
  /** For writes: where the record bytes came from (the trace does not carry them). */
  source?: 'after-file' | 'overwritten' | 'unknown';
  overwrite?: boolean;
  changes: SlotChange[];
  /** Reads in this operation where the trace and the model disagree. */
  mismatches: number;
}

export interface ReadMismatch {
  line: number;
  time?: number;
  what: string;
  trace: string;
  model: string;
}

export interface FailedWrite {
  operation: number;
  line: number;
  time?: number;
  status: string;
  /** The dump part this write carried, named from its neighbours' headers; absent when no neighbour had one. */
  part?: string;
}

export interface OverwrittenWrite {
  operation: number;
  line: number;
  slot: number;
  /** The operation whose write replaced this content. */
  overwrittenBy: number;
}

export interface StoreDifference {
  offset: number;
  length: number;
  /** Where in the store: a header field, a map entry or a slot. */
  region: string;
  after: string;
  model: string;
}

export interface ReplayReport {
  /** Every read the guest made agrees with the model and the model's final store equals the after-file. */
  ok: boolean;
  lines: { total: number; events: number; ignored: number };
  storeSize: number;
  recordSize: number;
  /** No before-file: the model started from a zero file QEMU formatted at realize. */
  freshStore: boolean;
  starts: number;
  resets: number;
  operations: ReplayOperation[];
  readMismatches: ReadMismatch[];
  failedWrites: FailedWrite[];
  overwrittenWrites: OverwrittenWrite[];
  store: { equal: boolean; differingBytes: number; differences: StoreDifference[] };
  notes: string[];
}
