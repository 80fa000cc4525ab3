import { ACTION, ACTIONS, REG } from '../../shared/erst/actions';
import type { Access } from '../../shared/erst/access';

/**
 * The emulator console's command language: pure (no DOM, no transport), so it is unit-tested
 * on its own. A line becomes a raw access, a Linux-style operation, or a console-local
 * command; completion knows the verbs, the registers, the action names and the open files.
 */

/** A raw access, in the emulator's own access format. */
export type AccessArgs = Access;

export type OpName = 'write-record' | 'write-hex' | 'read' | 'clear' | 'count' | 'ids' | 'next-id' | 'dummy-write' | 'ranges' | 'timings';

export type ParsedCommand =
  | { kind: 'access'; args: AccessArgs }
  | { kind: 'op'; args: { op: OpName; file?: string; recordIndex?: number; hex?: string; id?: string } }
  | { kind: 'local'; name: 'help' | 'history' | 'undo' | 'save' | 'cls'; step?: number; what?: 'store' | 'journal' }
  | { kind: 'empty' };

export class ConsoleParseError extends Error {}

/** Registers by name: offset in BAR0. */
const REGISTERS: Record<string, number> = { action: REG.ACTION, value: REG.VALUE, 'value.lo': REG.VALUE, 'value.hi': REG.VALUE_HI };

export const VERBS: { verb: string; usage: string; help: string }[] = [
  {
    verb: 'write',
    usage: 'write[.1|.2|.4|.8] <action|value|value.hi|0x0-0xf> <value|ACTION_NAME>',
    help: 'raw register write (default 4 bytes); e.g. write action 5, write value 0x9c, write.1 value 0x9c',
  },
  {
    verb: 'read',
    usage: 'read[.1|.2|.4|.8] <action|value|value.hi|offset>',
    help: 'raw register read; the meaning follows the last action',
  },
  { verb: 'action', usage: 'action <ACTION_NAME|code>', help: 'shorthand for write action …' },
  { verb: 'buf', usage: 'buf write <offset> <hex> | buf read <offset> <length>', help: 'exchange buffer (BAR1) write / read' },
  { verb: 'reset', usage: 'reset', help: 'device reset (QEMU erst_reset)' },
  {
    verb: 'write-record',
    usage: 'write-record <open file> [record index]',
    help: 'write a record from an open .cper file or store, the way Linux does',
  },
  { verb: 'write-hex', usage: 'write-hex <hex>', help: 'write record bytes given as hex' },
  { verb: 'read-record', usage: 'read-record <id>', help: 'read a record by id (decimal or 0x-hex) into the exchange buffer' },
  { verb: 'clear-record', usage: 'clear-record <id>', help: 'clear a record by id' },
  { verb: 'count', usage: 'count', help: 'GET_RECORD_COUNT' },
  { verb: 'ids', usage: 'ids', help: 'iterate ids with GET_RECORD_IDENTIFIER until ~0' },
  { verb: 'next-id', usage: 'next-id', help: 'one GET_RECORD_IDENTIFIER' },
  { verb: 'dummy-write', usage: 'dummy-write', help: 'BEGIN_DUMMY_WRITE + EXECUTE' },
  { verb: 'ranges', usage: 'ranges', help: 'error log address range, length and attributes' },
  { verb: 'timings', usage: 'timings', help: 'GET_EXECUTE_OPERATION_TIMINGS' },
  { verb: 'undo', usage: 'undo [step]', help: 'back to the state after step N (default: the step before the last)' },
  { verb: 'history', usage: 'history', help: 'list the steps' },
  { verb: 'save', usage: 'save [store|journal]', help: 'save the store (or the session journal) as a new file' },
  { verb: 'cls', usage: 'cls', help: 'clear the console output' },
  { verb: 'help', usage: 'help', help: 'this list' },
];

/** Action names accepted: the table's names, and the ACTION keys (BEGIN_WRITE, EXECUTE …). */
const ACTION_NAMES: string[] = [...new Set([...Object.keys(ACTION), ...ACTIONS.map((a) => a.name)])];

function actionCode(name: string): number | undefined {
  const up = name.toUpperCase();
  if (up in ACTION) return ACTION[up as keyof typeof ACTION];
  return ACTIONS.find((a) => a.name === up)?.code;
}

/** Splits on spaces; "double quotes" keep spaces in a token. */
function tokenize(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[1] ?? m[2], start: m.index });
  return out;
}

function parseNumber(t: string | undefined, what: string): bigint {
  if (t === undefined) throw new ConsoleParseError(`missing ${what}`);
  const s = t.replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(s)) throw new ConsoleParseError(`${what} "${t}" is not a number (decimal or 0x-hex)`);
  return BigInt(s);
}

function int(t: string | undefined, what: string, max: number): number {
  const v = parseNumber(t, what);
  if (v > BigInt(max)) throw new ConsoleParseError(`${what} ${t} is over ${max}`);
  return Number(v);
}

function id(t: string | undefined): string {
  const v = parseNumber(t, 'record id');
  if (v >> 64n) throw new ConsoleParseError(`record id ${t} does not fit 64 bits`);
  return v.toString();
}

function sizeOf(verb: string, rest: string[]): { size: 1 | 2 | 4 | 8; rest: string[] } {
  let size = 4;
  const m = /^(?:write|read)(?:[./](\d))?$/.exec(verb);
  if (m?.[1]) size = Number(m[1]);
  const i = rest.indexOf('size');
  if (i >= 0) {
    size = Number(rest[i + 1]);
    rest = [...rest.slice(0, i), ...rest.slice(i + 2)];
  }
  if (![1, 2, 4, 8].includes(size)) throw new ConsoleParseError(`access size must be 1, 2, 4 or 8 bytes`);
  return { size: size as 1 | 2 | 4 | 8, rest };
}

function register(t: string | undefined): number {
  if (t === undefined) throw new ConsoleParseError('missing register (action, value, value.hi or an offset 0x0–0xf)');
  const named = REGISTERS[t.toLowerCase()];
  if (named !== undefined) return named;
  const off = parseNumber(t, 'register offset');
  if (off > 15n) throw new ConsoleParseError(`register offset ${t} is past the 16-byte register BAR`);
  return Number(off);
}

function hexArg(parts: string[], what: string): string {
  const h = parts.join('').replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (!h.length || h.length % 2 || !/^[0-9a-f]+$/i.test(h)) throw new ConsoleParseError(`${what} must be an even number of hex digits`);
  return h.toLowerCase();
}

export function parseCommand(line: string): ParsedCommand {
  const toks = tokenize(line.trim()).map((t) => t.text);
  if (!toks.length) return { kind: 'empty' };
  const verb = toks[0].toLowerCase();
  let rest = toks.slice(1);
  const none = () => {
    if (rest.length) throw new ConsoleParseError(`${verb} takes no arguments`);
  };
  if (/^(write|read)([./]\d)?$/.test(verb)) {
    const s = sizeOf(verb, rest);
    rest = s.rest;
    const offset = register(rest[0]);
    if (offset + s.size > REG.SIZE)
      throw new ConsoleParseError(`${s.size} bytes at 0x${offset.toString(16)} go past the ${REG.SIZE}-byte register BAR`);
    if (verb.startsWith('read')) {
      if (rest.length > 1) throw new ConsoleParseError('read takes one register');
      return { kind: 'access', args: { op: 'read', offset, size: s.size } };
    }
    if (rest.length !== 2) throw new ConsoleParseError('write takes a register and a value');
    let v: bigint;
    const code = offset === 0 ? actionCode(rest[1]) : undefined;
    if (code !== undefined) v = BigInt(code);
    else v = parseNumber(rest[1], 'value');
    if (v >> BigInt(8 * s.size)) throw new ConsoleParseError(`value ${rest[1]} does not fit ${s.size} byte(s)`);
    return { kind: 'access', args: { op: 'write', offset, size: s.size, value: '0x' + v.toString(16) } };
  }
  switch (verb) {
    case 'action': {
      if (rest.length !== 1) throw new ConsoleParseError('action takes one action name or code');
      const code = actionCode(rest[0]);
      const v = code !== undefined ? BigInt(code) : parseNumber(rest[0], 'action');
      if (v >> 32n) throw new ConsoleParseError('an action code is 32 bits');
      return { kind: 'access', args: { op: 'write', offset: 0, size: 4, value: '0x' + v.toString(16) } };
    }
    case 'buf': {
      const sub = rest[0]?.toLowerCase();
      if (sub === 'write')
        return {
          kind: 'access',
          args: { op: 'buf-write', offset: int(rest[1], 'buffer offset', 1 << 24), hex: hexArg(rest.slice(2), 'buffer bytes') },
        };
      if (sub === 'read') {
        if (rest.length !== 3) throw new ConsoleParseError('buf read takes an offset and a length');
        return {
          kind: 'access',
          args: { op: 'buf-read', offset: int(rest[1], 'buffer offset', 1 << 24), length: int(rest[2], 'length', 1 << 20) },
        };
      }
      throw new ConsoleParseError('buf write <offset> <hex> | buf read <offset> <length>');
    }
    case 'reset':
      none();
      return { kind: 'access', args: { op: 'reset' } };
    case 'write-record':
      if (rest.length < 1 || rest.length > 2) throw new ConsoleParseError('write-record <open file> [record index]');
      return {
        kind: 'op',
        args: { op: 'write-record', file: rest[0], recordIndex: rest[1] !== undefined ? int(rest[1], 'record index', 1 << 24) : 0 },
      };
    case 'write-hex':
      return { kind: 'op', args: { op: 'write-hex', hex: hexArg(rest, 'record bytes') } };
    case 'read-record':
    case 'clear-record':
      if (rest.length !== 1) throw new ConsoleParseError(`${verb} <id>`);
      return { kind: 'op', args: { op: verb === 'read-record' ? 'read' : 'clear', id: id(rest[0]) } };
    case 'count':
    case 'ids':
    case 'next-id':
    case 'dummy-write':
    case 'ranges':
    case 'timings':
      none();
      return { kind: 'op', args: { op: verb } };
    case 'undo':
      if (rest.length > 1) throw new ConsoleParseError('undo [step]');
      return rest.length ? { kind: 'local', name: 'undo', step: int(rest[0], 'step', 1 << 20) } : { kind: 'local', name: 'undo' };
    case 'save': {
      const what = (rest[0] ?? 'store').toLowerCase();
      if (what !== 'store' && what !== 'journal') throw new ConsoleParseError('save [store|journal]');
      return { kind: 'local', name: 'save', what };
    }
    case 'history':
    case 'help':
    case 'cls':
      none();
      return { kind: 'local', name: verb };
    default:
      throw new ConsoleParseError(`unknown command "${toks[0]}" (try help)`);
  }
}

export interface Completion {
  /** Where the token being completed starts in the line. */
  start: number;
  /** Candidates for that token. */
  options: string[];
  /** The longest common prefix of the candidates (what Tab inserts). */
  common: string;
}

function commonPrefix(xs: string[]): string {
  if (!xs.length) return '';
  let p = xs[0];
  for (const x of xs) while (!x.toLowerCase().startsWith(p.toLowerCase())) p = p.slice(0, -1);
  return p;
}

/** Completion of the token at the end of `line` (the caret is at the end). */
export function complete(line: string, ctx: { files: string[] } = { files: [] }): Completion {
  const toks = tokenize(line);
  const endsInSpace = !line.length || /\s$/.test(line);
  const index = endsInSpace ? toks.length : toks.length - 1;
  const cur = endsInSpace ? '' : toks[toks.length - 1].text;
  const start = endsInSpace ? line.length : toks[toks.length - 1].start;
  const verb = toks[0]?.text.toLowerCase() ?? '';
  let pool: string[] = [];
  if (index === 0) pool = [...VERBS.map((v) => v.verb), 'write.1', 'write.2', 'write.8', 'read.1', 'read.2', 'read.8'];
  else if (/^(write|read)([./]\d)?$/.test(verb) && index === 1) pool = ['action', 'value', 'value.hi', '0x0', '0x8', '0xc'];
  else if (/^write([./]\d)?$/.test(verb) && index === 2 && toks[1]?.text.toLowerCase() === 'action') pool = ACTION_NAMES;
  else if (verb === 'action' && index === 1) pool = ACTION_NAMES;
  else if (verb === 'buf' && index === 1) pool = ['write', 'read'];
  else if (verb === 'write-record' && index === 1) pool = ctx.files.map((f) => (/\s/.test(f) ? `"${f}"` : f));
  else if (verb === 'save' && index === 1) pool = ['store', 'journal'];
  const want = cur.toLowerCase();
  const options = pool.filter((p) => p.toLowerCase().replace(/^"/, '').startsWith(want.replace(/^"/, '')));
  return { start, options, common: commonPrefix(options) };
}

/** Applies Tab: the line with the token completed as far as the candidates agree (plus a space when only one). */
export function applyCompletion(line: string, c: Completion): string {
  if (!c.options.length) return line;
  const text = c.options.length === 1 ? c.options[0] + ' ' : c.common;
  if (text.length < line.length - c.start) return line;
  return line.slice(0, c.start) + text;
}

/** Command history with up/down recall (a draft line is kept while browsing). */
export class CommandHistory {
  private items: string[] = [];
  private pos = 0;
  private draft = '';
  constructor(private max = 200) {}
  push(line: string): void {
    if (line.trim() && this.items[this.items.length - 1] !== line) this.items.push(line);
    if (this.items.length > this.max) this.items.shift();
    this.pos = this.items.length;
    this.draft = '';
  }
  up(current: string): string {
    if (this.pos === this.items.length) this.draft = current;
    if (this.pos > 0) this.pos--;
    return this.items[this.pos] ?? current;
  }
  down(): string {
    if (this.pos < this.items.length) this.pos++;
    return this.pos === this.items.length ? this.draft : this.items[this.pos];
  }
  get list(): readonly string[] {
    return this.items;
  }
}

/** The Linux write sequence as console lines (what `help` shows as an example, and what the e2e test types). */
export function linuxWriteLines(hex: string): string[] {
  return [
    'buf write 0 ' + hex,
    'write action BEGIN_WRITE',
    'write value 0',
    'write action SET_RECORD_OFFSET',
    'write value 0x9c',
    'write action EXECUTE',
    'write action CHECK_BUSY_STATUS',
    'read value',
    'write action GET_COMMAND_STATUS',
    'read value',
    'write action END',
  ];
}
