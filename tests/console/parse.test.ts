import { describe, expect, it } from 'vitest';
import { applyCompletion, CommandHistory, complete, ConsoleParseError, parseCommand } from '../../renderer/lib/console-parse';

describe('console command parser', () => {
  it('parses raw register accesses with sizes, names and offsets', () => {
    expect(parseCommand('write action 5')).toEqual({ kind: 'access', args: { op: 'write', offset: 0, size: 4, value: '0x5' } });
    expect(parseCommand('write value 0x9c')).toEqual({ kind: 'access', args: { op: 'write', offset: 8, size: 4, value: '0x9c' } });
    expect(parseCommand('write.1 value 0x9c')).toEqual({ kind: 'access', args: { op: 'write', offset: 8, size: 1, value: '0x9c' } });
    expect(parseCommand('write value 0x9c size 2')).toEqual({ kind: 'access', args: { op: 'write', offset: 8, size: 2, value: '0x9c' } });
    expect(parseCommand('write.8 value 0x1122334455667788')).toMatchObject({ args: { size: 8, value: '0x1122334455667788' } });
    expect(parseCommand('write 0xc 7')).toMatchObject({ args: { offset: 12, value: '0x7' } });
    expect(parseCommand('write action EXECUTE')).toMatchObject({ args: { offset: 0, value: '0x5' } });
    expect(parseCommand('write action get_record_count')).toMatchObject({ args: { value: '0xa' } });
    expect(parseCommand('action BEGIN_WRITE_OPERATION')).toMatchObject({ args: { op: 'write', offset: 0, value: '0x0' } });
    expect(parseCommand('read value')).toEqual({ kind: 'access', args: { op: 'read', offset: 8, size: 4 } });
    expect(parseCommand('read.2 value.hi')).toEqual({ kind: 'access', args: { op: 'read', offset: 12, size: 2 } });
    expect(parseCommand('read/8 0x8')).toEqual({ kind: 'access', args: { op: 'read', offset: 8, size: 8 } });
  });

  it('parses buffer accesses, reset and the high-level operations', () => {
    expect(parseCommand('buf write 0x10 de ad BE EF')).toEqual({ kind: 'access', args: { op: 'buf-write', offset: 16, hex: 'deadbeef' } });
    expect(parseCommand('buf read 0 128')).toEqual({ kind: 'access', args: { op: 'buf-read', offset: 0, length: 128 } });
    expect(parseCommand('reset')).toEqual({ kind: 'access', args: { op: 'reset' } });
    expect(parseCommand('write-record "my file.cper" 2')).toEqual({
      kind: 'op',
      args: { op: 'write-record', file: 'my file.cper', recordIndex: 2 },
    });
    expect(parseCommand('read-record 0xffffffffffffffff')).toEqual({ kind: 'op', args: { op: 'read', id: '18446744073709551615' } });
    expect(parseCommand('clear-record 42')).toEqual({ kind: 'op', args: { op: 'clear', id: '42' } });
    for (const v of ['count', 'ids', 'next-id', 'dummy-write', 'ranges', 'timings'])
      expect(parseCommand(v)).toEqual({ kind: 'op', args: { op: v } });
    expect(parseCommand('undo 3')).toEqual({ kind: 'local', name: 'undo', step: 3 });
    expect(parseCommand('save journal')).toEqual({ kind: 'local', name: 'save', what: 'journal' });
    expect(parseCommand('   ')).toEqual({ kind: 'empty' });
  });

  it('refuses what the device or the syntax cannot take, with a reason', () => {
    const bad = (l: string, re: RegExp) => expect(() => parseCommand(l)).toThrow(re);
    bad('write.3 value 1', /size must be 1, 2, 4 or 8/);
    bad('write.1 value 0x100', /does not fit 1 byte/);
    bad('write.8 0xc 1', /past the 16-byte register BAR/);
    bad('write 0x10 1', /past the 16-byte/);
    bad('write value', /register and a value/);
    bad('write value zz', /not a number/);
    bad('read-record 0x10000000000000000', /does not fit 64 bits/);
    bad('buf write 0 abc', /even number of hex digits/);
    bad('count 1', /takes no arguments/);
    bad('poke', /unknown command/);
    expect(() => parseCommand('frob')).toThrow(ConsoleParseError);
  });

  it('completes verbs, registers, action names and open files', () => {
    expect(complete('wr').options).toEqual(expect.arrayContaining(['write', 'write-record', 'write-hex']));
    expect(complete('write v').options).toEqual(['value', 'value.hi']);
    expect(applyCompletion('write act', complete('write act'))).toBe('write action ');
    const c = complete('write action GET_R');
    expect(c.options).toEqual(['GET_RECORD_IDENTIFIER', 'GET_RECORD_COUNT']);
    expect(applyCompletion('write action GET_R', c)).toBe('write action GET_RECORD_');
    expect(applyCompletion('write action EXE', complete('write action EXE'))).toBe('write action EXECUTE');
    expect(applyCompletion('write action BEGIN_DU', complete('write action BEGIN_DU'))).toBe('write action BEGIN_DUMMY_WRITE');
    expect(applyCompletion('rese', complete('rese'))).toBe('reset ');
    expect(complete('write-record ', { files: ['a.cper', 'b store.erst'] }).options).toEqual(['a.cper', '"b store.erst"']);
    expect(complete('count ').options).toEqual([]);
  });

  it('keeps a history with up/down recall and the draft line', () => {
    const h = new CommandHistory();
    h.push('count');
    h.push('ids');
    expect(h.up('dra')).toBe('ids');
    expect(h.up('ids')).toBe('count');
    expect(h.up('count')).toBe('count');
    expect(h.down()).toBe('ids');
    expect(h.down()).toBe('dra');
  });
});
