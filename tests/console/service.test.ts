import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorResult, EmulatorState } from '../../shared/contract/channels/sessions';
import { fromBase64, type FileInfo } from '../../shared/contract/index';
import { createDispatcher } from '../../main/services/dispatcher';
import { linuxWrite } from '../../main/emulator/linux';
import { linuxWriteLines, parseCommand } from '../../renderer/lib/console-parse';
import { cli } from '../helpers/cli';
import { corpusBytes, corpusPath } from '../helpers/corpus';

const CPER = 'libcper/realistic-memory-sbe-corrected.cper';

/** The console's channels over the real dispatcher ('test' transport), checked against the CLI's `emulate`. */
describe('emulator channels', () => {
  const d = createDispatcher({ version: 'test' });
  const dir = mkdtempSync(join(tmpdir(), 'console-test-'));
  afterAll(() => {
    d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const ok = async <T>(channel: string, args?: unknown): Promise<T> => {
    const r = await d.call(channel, args, { transport: 'test' });
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.result as T;
  };
  const storeOf = async (sessionId: string) => {
    const c = await ok<{ base64: string; total: number }>('emulator.read', { sessionId, what: 'store', offset: 0, length: 1024 * 1024 });
    return fromBase64(c.base64)!;
  };

  it('a Linux write typed as console lines gives the same store as `erst-viewer emulate`', async () => {
    const rec = corpusBytes(CPER);
    const hex = Buffer.from(rec).toString('hex');
    const s = await ok<EmulatorState>('emulator.create', { size: 65536 });
    let last: EmulatorResult | undefined;
    const printed: string[] = [];
    for (const line of linuxWriteLines(hex)) {
      const cmd = parseCommand(line);
      if (cmd.kind !== 'access') throw new Error(line);
      last = await ok<EmulatorResult>('emulator.access', { sessionId: s.sessionId, ...cmd.args });
      printed.push(...last.lines.map((l) => l.text));
    }
    // Meanings: action and status names, ids in hex and decimal.
    expect(printed.join('\n')).toMatch(/EXECUTE_OPERATION/);
    expect(printed.join('\n')).toMatch(/write executed → command status SUCCESS \(0\)/);
    expect(printed.join('\n')).toMatch(/command status SUCCESS/);
    const id = new DataView(rec.buffer, rec.byteOffset).getBigUint64(96, true);
    expect(printed.join('\n')).toContain(`0x${id.toString(16).padStart(16, '0')} (${id})`);
    // The decoded store shows the record like any opened file.
    expect(last!.state.report.records.map((r) => r.recordId)).toEqual([id.toString()]);
    expect(last!.state.report.store!.slots.find((x) => x.state === 'live')!.index).toBe(1);
    // CLI: the same accesses as JSON.
    const acc = join(dir, 'acc.json');
    const out = join(dir, 'cli.erst');
    writeFileSync(acc, JSON.stringify(linuxWriteLines(hex).map((l) => (parseCommand(l) as { args: unknown }).args)));
    const r = await cli('emulate', '--size', '65536', '--accesses', acc, '--save', out, '--json');
    expect(r.code).toBe(0);
    expect(Buffer.from(await storeOf(s.sessionId)).equals(readFileSync(out))).toBe(true);
    // And equal to linuxWrite's own access list run by the CLI.
    writeFileSync(acc, JSON.stringify(linuxWrite(rec)));
    await cli('emulate', '--size', '65536', '--accesses', acc, '--save', out + '2');
    expect(Buffer.from(await storeOf(s.sessionId)).equals(readFileSync(out + '2'))).toBe(true);
  });

  it('operations from an open .cper file; undo restores the store; journal round-trips', async () => {
    const f = await ok<FileInfo>('files.upload', { name: 'rec.cper', base64: Buffer.from(corpusBytes(CPER)).toString('base64') });
    const s = await ok<EmulatorState>('emulator.create', { size: 32768 });
    const empty = await storeOf(s.sessionId);
    const w = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'write-record', fileId: f.id, recordIndex: 0 });
    expect(w.lines.some((l) => l.kind === 'ok' && /SUCCESS/.test(l.text))).toBe(true);
    expect(w.state.changedSlots).toEqual([1]);
    const id = w.state.report.records[0].recordId!;
    const cnt = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'count' });
    expect(cnt.lines[0].text).toBe('record count = 1');
    const rd = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'read', id: '0x' + BigInt(id).toString(16) });
    expect(rd.lines.map((l) => l.text).join('\n')).toMatch(/command status SUCCESS/);
    const nf = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'read', id: '5' });
    expect(nf.lines.map((l) => l.text).join('\n')).toMatch(/RECORD_NOT_FOUND/);
    // RECORD_NOT_FOUND re-seeded the cursor past the first record: the first walk ends at once (QEMU quirk), the next restarts.
    const ids1 = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'ids' });
    expect(ids1.lines.map((l) => l.text).join('\n')).toMatch(/no ids[\s\S]*record_count is 1 but 0 id/);
    const ids = await ok<EmulatorResult>('emulator.op', { sessionId: s.sessionId, op: 'ids' });
    expect(ids.lines[1].text).toContain(`(${id})`);
    const journal = await ok<{ base64: string }>('emulator.read', { sessionId: s.sessionId, what: 'journal', offset: 0, length: 1 << 20 });
    const before = await storeOf(s.sessionId);
    const undone = await ok<EmulatorState>('emulator.undo', { sessionId: s.sessionId, toStep: 0 });
    expect(undone.step).toBe(0);
    expect(Buffer.from(await storeOf(s.sessionId)).equals(Buffer.from(empty))).toBe(true);
    // A saved journal reloaded from an uploaded file gives the store back.
    const jf = await ok<FileInfo>('files.upload', { name: 'session.jsonl', base64: journal.base64 });
    const re = await ok<EmulatorState>('emulator.create', { journalFileId: jf.id });
    expect(Buffer.from(await storeOf(re.sessionId)).equals(Buffer.from(before))).toBe(true);
    // Save as a new file: opened through the registry, decoded like any file.
    const opened = await ok<FileInfo>('emulator.openAsFile', { sessionId: re.sessionId });
    expect(opened.format).toBe('erst-store');
    expect(opened.recordCount).toBe(1);
  });

  it('validates raw accesses and ids', async () => {
    const s = await ok<EmulatorState>('emulator.create', { size: 32768 });
    const bad = async (args: object) => {
      const r = await d.call('emulator.access', { sessionId: s.sessionId, ...args }, { transport: 'test' });
      expect(r.ok).toBe(false);
      return (r as { error: { code: string; message: string } }).error;
    };
    expect((await bad({ op: 'write', offset: 12, size: 8, value: '1' })).message).toMatch(/past the 16-byte register BAR/);
    expect((await bad({ op: 'write', offset: 8, size: 3, value: '1' })).message).toMatch(/size/);
    expect((await bad({ op: 'buf-write', offset: 8190, hex: 'aabbccdd' })).message).toMatch(/exchange buffer/);
    expect((await bad({ op: 'read', offset: 8, size: 4, extra: 1 })).code).toBe('bad-arguments');
    expect((await d.call('emulator.create', { size: 1 << 30 }, { transport: 'test' })).ok).toBe(false);
    // A sub-dword write of the magic, then EXECUTE of the (reset-state) write with an empty buffer → FAILED, explained.
    await ok('emulator.access', { sessionId: s.sessionId, op: 'write', offset: 8, size: 1, value: '0x9c' });
    const ex = await ok<EmulatorResult>('emulator.access', { sessionId: s.sessionId, op: 'write', offset: 0, size: 4, value: '5' });
    expect(ex.lines.map((l) => l.text).join('\n')).toMatch(/write executed → command status FAILED \(3\)/);
    const st = await ok<EmulatorResult>('emulator.access', { sessionId: s.sessionId, op: 'write', offset: 0, size: 4, value: '7' });
    expect(st.lines[0].text).toMatch(/GET_COMMAND_STATUS/);
    const rv = await ok<EmulatorResult>('emulator.access', { sessionId: s.sessionId, op: 'read', offset: 8, size: 4 });
    expect(rv.lines.map((l) => l.text).join('\n')).toMatch(/command status FAILED/);
    expect(corpusPath(CPER)).toBeTruthy();
  });
});
