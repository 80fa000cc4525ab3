/**
 * Parser for QEMU `-trace 'acpi_erst_*'` logs in the log backend's format, with or without
 * the `pid@sec.usec:` prefix of `-msg timestamp=on`. Lines of other events or other
 * programs are counted and skipped; an acpi_erst_reg_* line that does not have QEMU's exact
 * shape is an error (it means the log is damaged, and guessing would hide that).
 */

export type TraceEvent =
  | { kind: 'reg-write' | 'reg-read'; line: number; time?: number; addr: number; lo: number; hi: number; size: number }
  | { kind: 'realize-in' | 'class-init'; line: number; time?: number }
  | { kind: 'realize-out'; line: number; time?: number; storageSize: number }
  | { kind: 'reset-in' | 'reset-out'; line: number; time?: number; recordCount: number }
  | { kind: 'bar0'; line: number; time?: number; address: string }
  | { kind: 'other'; line: number; time?: number; name: string };

export interface ParsedTrace {
  events: TraceEvent[];
  lines: number;
  /** Lines that are not acpi_erst_* events (other trace events, QEMU messages, blank lines). */
  ignored: number;
}

export class TraceError extends Error {
  constructor(readonly line: number, message: string) {
    super(`trace line ${line}: ${message}`);
  }
}

/** Refuse absurd inputs before splitting them (a 1M-line trace is ~80 MB). */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

const PREFIX = /^(\d+)@(\d+)\.(\d+):/;
const REG = /^acpi_erst_reg_(write|read) {1,2}addr: 0x([0-9a-f]{4,}) (<==|==>) 0x([0-9a-f]{16}) \(size: (\d+)\)\s*$/;

export function parseTrace(text: string): ParsedTrace {
  if (text.length > MAX_TRACE_BYTES) throw new TraceError(0, `trace is ${text.length} bytes, more than the ${MAX_TRACE_BYTES} this tool reads`);
  const events: TraceEvent[] = [];
  let ignored = 0;
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (end === n && line === '') break;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    let time: number | undefined;
    let body = line;
    if (line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57) {
      const m = PREFIX.exec(line);
      if (m) {
        time = Number(m[2]) + Number(m[3]) / 10 ** m[3].length;
        body = line.slice(m[0].length);
      }
    }
    if (!body.startsWith('acpi_erst_')) {
      ignored++;
      continue;
    }
    const ev = parseEvent(body, lineNo, time);
    if (ev) events.push(ev);
    else ignored++;
  }
  return { events, lines: lineNo, ignored };
}

function parseEvent(body: string, line: number, time: number | undefined): TraceEvent | undefined {
  if (body.startsWith('acpi_erst_reg_')) {
    const m = REG.exec(body);
    if (!m) throw new TraceError(line, `malformed register access: "${body.slice(0, 120)}"`);
    const write = m[1] === 'write';
    if ((m[3] === '<==') !== write) throw new TraceError(line, `arrow ${m[3]} does not match reg_${m[1]}`);
    const size = Number(m[5]);
    if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw new TraceError(line, `access size ${size} is not 1, 2, 4 or 8`);
    const addr = parseInt(m[2], 16);
    if (addr > 15) throw new TraceError(line, `register offset 0x${m[2]} is outside the 16-byte BAR0`);
    const v = m[4];
    return { kind: write ? 'reg-write' : 'reg-read', line, time, addr, hi: parseInt(v.slice(0, 8), 16), lo: parseInt(v.slice(8), 16), size };
  }
  const sp = body.indexOf(' ');
  const name = sp < 0 ? body : body.slice(0, sp);
  const args = sp < 0 ? '' : body.slice(sp + 1).trim();
  switch (name) {
    case 'acpi_erst_realizefn_in':
      return { kind: 'realize-in', line, time };
    case 'acpi_erst_realizefn_out': {
      const m = /^total nvram size (\d+) bytes$/.exec(args);
      if (!m) throw new TraceError(line, `malformed realizefn_out: "${args}"`);
      return { kind: 'realize-out', line, time, storageSize: Number(m[1]) };
    }
    case 'acpi_erst_reset_in':
    case 'acpi_erst_reset_out': {
      const m = /^record_count (\d+)$/.exec(args);
      if (!m) throw new TraceError(line, `malformed ${name}: "${args}"`);
      return { kind: name === 'acpi_erst_reset_in' ? 'reset-in' : 'reset-out', line, time, recordCount: Number(m[1]) };
    }
    case 'acpi_erst_pci_bar_0': {
      const m = /^BAR0: (0x[0-9a-f]+)$/.exec(args);
      if (!m) throw new TraceError(line, `malformed pci_bar_0: "${args}"`);
      return { kind: 'bar0', line, time, address: m[1] };
    }
    case 'acpi_erst_class_init_in':
    case 'acpi_erst_class_init_out':
      return { kind: 'class-init', line, time };
    default:
      return { kind: 'other', line, time, name };
  }
}
