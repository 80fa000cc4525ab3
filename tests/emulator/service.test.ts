import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSession, Session, type SessionChange } from '../../main/emulator/service';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { formatStore } from '../../shared/store/encode';

const CORPUS = 'tests/fixtures/corpus';

describe('emulator session service', () => {
  it('Linux-style operations over a copy of a corpus store agree with the store decoder', () => {
    const bytes = new Uint8Array(readFileSync(`${CORPUS}/S4-erase/backing.after-boot4`));
    const decoded = decodeStore(bufferSource(bytes), { records: false });
    const live = decoded.slots.filter((s) => s.state === 'live');
    const s = createSession({ bytes });
    expect(s.count()).toBe(live.length);
    expect(s.ids().map(String)).toEqual(live.map((x) => x.mapId));
    const first = live[0];
    const rd = s.readRecord(BigInt(first.mapId!));
    expect(rd.status).toBe('SUCCESS');
    expect(rd.bytes).toEqual(bytes.subarray(first.offset, first.offset + rd.bytes!.length));
    expect(s.clearRecord(BigInt(first.mapId!)).status).toBe('SUCCESS');
    expect(s.clearRecord(BigInt(first.mapId!)).status).toBe('RECORD_NOT_FOUND');
    // Clearing never wipes: the slot still holds the record, only the map entry is gone.
    const after = decodeStore(bufferSource(s.snapshot()), { records: false });
    expect(after.slots[first.index].state).toBe('cleared');
    // The evidence bytes given to the session are untouched.
    expect(decodeStore(bufferSource(bytes), { records: false }).slots[first.index].state).toBe('live');
  });

  it('writes a .cper file and streams each change', () => {
    const s = createSession({ size: 32768 });
    const changes: SessionChange[] = [];
    s.onChange((c) => changes.push(c));
    const path = `${CORPUS}/libcper/memory.cper`;
    const cper = new Uint8Array(readFileSync(path));
    const id = new DataView(cper.buffer, cper.byteOffset).getBigUint64(96, true);
    const w = s.writeRecordFile(path);
    expect(w.status).toBe(id === 0n ? 'FAILED' : 'SUCCESS');
    const last = changes.at(-1)!;
    expect(last.step).toBe(1);
    if (id !== 0n) {
      expect(last.changedSlots).toEqual([1]);
      expect(last.recordCount).toBe(1);
      expect(s.readRecord(id).bytes).toEqual(cper.subarray(0, new DataView(cper.buffer, cper.byteOffset).getUint32(20, true)));
    }
    expect(last.operation).toBe('end');
    expect(s.dummyWrite().status).toBe('SUCCESS');
  });

  it('undo returns to any earlier step; the journal replays the session exactly', () => {
    const s = createSession({ bytes: formatStore(65536) });
    const snaps: Uint8Array[] = [s.snapshot()];
    for (let i = 1; i <= 4; i++) {
      s.writeRecord(Session.fakeRecord(BigInt(i * 0x100), 300 + i * 50, i));
      snaps.push(s.snapshot());
    }
    s.clearRecord(0x200n);
    s.poke(8, 8, 0x123456789n);
    s.bufWrite(10, new Uint8Array([1, 2, 3]));
    expect(s.peek(8, 8)).toBe(0x123456789n);
    const journal = s.journal();
    expect(journal.split('\n').filter((l) => l.includes('"xbuf"')).length).toBe(4);
    const again = Session.fromJournal(journal);
    expect(again.snapshot()).toEqual(s.snapshot());
    expect(again.device.registers()).toEqual(s.device.registers());
    expect(again.bufRead(10, 3)).toEqual(new Uint8Array([1, 2, 3]));
    const events: SessionChange[] = [];
    s.onChange((c) => events.push(c));
    s.undo(2);
    expect(s.snapshot()).toEqual(snaps[2]);
    expect(s.history().length).toBe(2);
    expect(events.at(-1)?.undone).toBe(true);
    s.undo(0);
    expect(s.snapshot()).toEqual(snaps[0]);
    expect(() => s.undo(5)).toThrow(RangeError);
  });

  it('a journal whose exchange bytes do not match is refused', () => {
    const s = createSession({ size: 65536 });
    s.writeRecord(Session.fakeRecord(7n, 200));
    const bad = s.journal().replace(/"xbuf":"(..)/, '"xbuf":"ff');
    expect(() => Session.fromJournal(bad)).toThrow(/exchange buffer/);
    expect(() => Session.fromJournal('{"type":"nope"}')).toThrow(/not an erst-viewer session journal/);
  });
});
