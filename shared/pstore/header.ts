/** `Reason#count PartN\n` — the only place pstore keeps reason, dump count and part number. */
const HEADER_RE = /^([A-Za-z]+)#(\d+) Part(\d+)\n/;

export interface DumpHeader {
  reason: string;
  count: number;
  part: number;
  /** Bytes taken by the header line, newline included. */
  length: number;
}

export function parseDumpHeader(text: Uint8Array): DumpHeader | undefined {
  // The header is short ASCII; look only at the first 48 bytes.
  const head = String.fromCharCode(...text.subarray(0, 48));
  const m = HEADER_RE.exec(head);
  if (!m) return undefined;
  return { reason: m[1], count: Number(m[2]), part: Number(m[3]), length: m[0].length };
}
