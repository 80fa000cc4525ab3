import type { ByteReader } from '../bytes/reader';
import type { Diagnostic } from '../decode/diagnostics';
import type { FieldNode } from '../decode/node';

/** What Linux pstore put in a section (only for its private DMESG / DMESG_Z / MCE types). */
export interface PstoreInfo {
  kind: 'dmesg' | 'mce';
  compressed: boolean;
  /** Stream format found when compressed: raw deflate, zlib-wrapped, or a format we cannot inflate. */
  compression?: 'deflate' | 'zlib' | 'zstd' | 'unknown';
  /** For compressed dmesg: did decompression succeed. */
  decompressed?: boolean;
  decompressError?: string;
  /** Parsed from the `Reason#count PartN` header line of a dmesg payload. */
  reason?: string;
  count?: number;
  part?: number;
  /** Length of the header line including its newline, within `text`. */
  headerLength?: number;
  /** The payload as the kernel exposes it in /sys/fs/pstore (decompressed when that worked). */
  text?: Uint8Array;
  /**
   * Length of `text`. Kept when a large store is decoded in summary mode and `text` is
   * dropped to bound memory; the payload is then decoded again from its slot on demand.
   */
  textLength: number;
  /** Bytes the section body takes in the record (compressed size for DMESG_Z). */
  storedLength?: number;
  /** Largest deflate back-reference distance, when the walk got that far (above 2048 only Linux 6.6+'s zlib window reaches). */
  maxDistance?: number;
  /** The log text (after the header line) starts at a line start (`<level>`) and ends with a newline: a part cut from a chunk loses one of these. */
  startsAtLine?: boolean;
  endsAtLine?: boolean;
  /** printk times (seconds) of the first and last whole line of the log text, when lines carry them. */
  firstTime?: number;
  lastTime?: number;
}

/** A decoded section body. `node` carries spans into the source; `summary` is one line. */
export interface SectionBody {
  node: FieldNode;
  summary?: string;
  diagnostics: Diagnostic[];
  pstore?: PstoreInfo;
  /** Section-specific decoded values for exporters (plain data). */
  values?: unknown;
}

/**
 * One declaration per section type, looked up by GUID. `decode` gets the record's reader and
 * the body's window-relative offset and the length that is really present.
 */
export interface SectionDecoder {
  guid: string;
  name: string;
  decode(r: ByteReader, at: number, length: number): SectionBody;
}
