/**
 * Parser for QEMU `-trace 'acpi_erst_*'` logs in the log backend's format, with or without
 * the `pid@sec.usec:` prefix of `-msg timestamp=on`. Lines of other events or other
 * programs are counted and skipped; an acpi_erst_reg_* line that does not have QEMU's exact
 * shape is an error (it means the log is damaged, and guessing would hide that).
 *
 * Events are kept column-wise in typed arrays: a million-line trace then costs a few tens of
 * megabytes and no per-event garbage, which is what keeps replay above 500k lines/s.
 */

import { REG as BAR0 } from '../../shared/erst/actions';

export const EV = { OTHER: 0, REG_WRITE: 1, REG_READ: 2, REALIZE_OUT: 3, RESET_IN: 4, RESET_OUT: 5, REALIZE_IN: 6, BAR0: 7 } as const;

export interface ParsedTrace {
  count: number;
  kind: Uint8Array;
  /** 1-based line number. */
  line: Int32Array;
  /** Seconds since the epoch from the prefix; NaN without one. */
  time: Float64Array;
  addr: Uint8Array;
  lo: Uint32Array;
  hi: Uint32Array;
  size: Uint8Array;
  /** realizefn_out: storage size; reset_in/out: record_count. */
  arg: Float64Array;
  lines: number;
  /** Lines that are not acpi_erst_* events (other trace events, QEMU messages, blank lines). */
  ignored: number;
}

export class TraceError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`trace line ${line}: ${message}`);
  }
}

/** Refuse absurd inputs before splitting them (a 1M-line trace is ~80 MB). */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

const REG = /^acpi_erst_reg_(write|read) {1,2}addr: 0x([0-9a-f]{4,}) (<==|==>) 0x([0-9a-f]{16}) \(size: (\d+)\)\s*$/;
const WRITE_HEAD = 'acpi_erst_reg_write addr: 0x';
const READ_HEAD = 'acpi_erst_reg_read  addr: 0x';

export function parseTrace(text: string): ParsedTrace {
  if (text.length > MAX_TRACE_BYTES)
    throw new TraceError(0, `trace is ${text.length} bytes, more than the ${MAX_TRACE_BYTES} this tool reads`);
  let cap = 1;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) cap++;
  const t: ParsedTrace = {
    count: 0,
    kind: new Uint8Array(cap),
    line: new Int32Array(cap),
    time: new Float64Array(cap),
    addr: new Uint8Array(cap),
    lo: new Uint32Array(cap),
    hi: new Uint32Array(cap),
    size: new Uint8Array(cap),
    arg: new Float64Array(cap),
    lines: 0,
    ignored: 0,
  };
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    lineNo++;
    let bodyAt = start;
    let lineEnd = end;
    start = end + 1;
    if (lineEnd > bodyAt && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let time = NaN;
    const c0 = text.charCodeAt(bodyAt);
    if (c0 >= 48 && c0 <= 57) {
      // `pid@sec.usec:` parsed by hand: this runs for every line of a timestamped trace.
      let k = bodyAt;
      while (k < lineEnd && isDigit(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 64 /* @ */) {
        let sec = 0;
        let j = k + 1;
        for (; j < lineEnd && isDigit(text.charCodeAt(j)); j++) sec = sec * 10 + text.charCodeAt(j) - 48;
        if (j > k + 1 && text.charCodeAt(j) === 46 /* . */) {
          let frac = 0,
            scale = 1;
          let m = j + 1;
          for (; m < lineEnd && isDigit(text.charCodeAt(m)); m++) {
            frac = frac * 10 + text.charCodeAt(m) - 48;
            scale *= 10;
          }
          if (m > j + 1 && text.charCodeAt(m) === 58 /* : */) {
            time = sec + frac / scale;
            bodyAt = m + 1;
          }
        }
      }
    }
    if (!text.startsWith('acpi_erst_', bodyAt)) {
      t.ignored++;
      continue;
    }
    const i = t.count;
    t.line[i] = lineNo;
    t.time[i] = time;
    // Fast path: QEMU's exact fixed-width register lines.
    if (
      lineEnd - bodyAt === 65 &&
      (text.startsWith(WRITE_HEAD, bodyAt) || text.startsWith(READ_HEAD, bodyAt)) &&
      fastReg(text, bodyAt, t, i)
    ) {
      t.count++;
      continue;
    }
    const body = text.slice(bodyAt, lineEnd);
    if (parseEvent(body, lineNo, t, i)) t.count++;
    else t.ignored++;
  }
  t.lines = lineNo;
  return t;
}

/** `acpi_erst_reg_write addr: 0xAAAA <== 0xVVVVVVVVVVVVVVVV (size: S)` at fixed columns. */
function fastReg(text: string, at: number, t: ParsedTrace, i: number): boolean {
  const write = text.charCodeAt(at + 14) === 119; // 'w'
  if (!text.startsWith(write ? ' <== 0x' : ' ==> 0x', at + 32) || !text.startsWith(' (size: ', at + 55) || text.charCodeAt(at + 64) !== 41)
    return false;
  const addr = hex(text, at + 28, 4);
  const hi = hex(text, at + 39, 8);
  const lo = hex(text, at + 47, 8);
  const size = text.charCodeAt(at + 63) - 48;
  if (addr < 0 || hi < 0 || lo < 0 || addr >= BAR0.SIZE || !(size === 1 || size === 2 || size === 4 || size === 8)) return false;
  t.kind[i] = write ? EV.REG_WRITE : EV.REG_READ;
  t.addr[i] = addr;
  t.hi[i] = hi;
  t.lo[i] = lo;
  t.size[i] = size;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hex(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(at + k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function parseEvent(body: string, line: number, t: ParsedTrace, i: number): boolean {
  if (body.startsWith('acpi_erst_reg_')) {
    const m = REG.exec(body);
    if (!m) throw new TraceError(line, `malformed register access: "${body.slice(0, 120)}"`);
    const write = m[1] === 'write';
    if ((m[3] === '<==') !== write) throw new TraceError(line, `arrow ${m[3]} does not match reg_${m[1]}`);
    const size = Number(m[5]);
    if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw new TraceError(line, `access size ${size} is not 1, 2, 4 or 8`);
    const addr = parseInt(m[2], 16);
    if (addr >= BAR0.SIZE) throw new TraceError(line, `register offset 0x${m[2]} is outside the ${BAR0.SIZE}-byte BAR0`);
    t.kind[i] = write ? EV.REG_WRITE : EV.REG_READ;
    t.addr[i] = addr;
    t.hi[i] = parseInt(m[4].slice(0, 8), 16);
    t.lo[i] = parseInt(m[4].slice(8), 16);
    t.size[i] = size;
    return true;
  }
  const sp = body.indexOf(' ');
  const name = sp < 0 ? body : body.slice(0, sp);
  const args = sp < 0 ? '' : body.slice(sp + 1).trim();
  const num = (re: RegExp, what: string): number => {
    const m = re.exec(args);
    if (!m) throw new TraceError(line, `malformed ${what}: "${args}"`);
    return Number(m[1]);
  };
  switch (name) {
    case 'acpi_erst_realizefn_in':
      t.kind[i] = EV.REALIZE_IN;
      return true;
    case 'acpi_erst_realizefn_out':
      t.kind[i] = EV.REALIZE_OUT;
      t.arg[i] = num(/^total nvram size (\d+) bytes$/, name);
      return true;
    case 'acpi_erst_reset_in':
    case 'acpi_erst_reset_out':
      t.kind[i] = name === 'acpi_erst_reset_in' ? EV.RESET_IN : EV.RESET_OUT;
      t.arg[i] = num(/^record_count (\d+)$/, name);
      return true;
    case 'acpi_erst_pci_bar_0':
      if (!/^BAR0: 0x[0-9a-f]+$/.test(args)) throw new TraceError(line, `malformed ${name}: "${args}"`);
      t.kind[i] = EV.BAR0;
      return true;
    default:
      t.kind[i] = EV.OTHER;
      return true;
  }
}
