/** CXL component event sections: the event record (header + event data) decoded in the tree; JSON as libcper. */
import { describe, expect, test } from 'vitest';
import { ByteReader } from '../../shared/bytes/reader';
import type { FieldNode } from '../../shared/decode/node';
import { JsonText } from '../../shared/decode/json-text';
import { sectionDecoderFor, sectionJsonWriterFor } from '../../shared/sections/registry';

const GM = 'fbcd0a77-c260-417f-85a9-088b1621eba6';
const DRAM = '601dcbb3-9c06-4eab-b8af-4e9bfb5c9624';
const MODULE = 'fe927475-dd59-4339-a586-79bab113b774';
const VSWITCH = '40d26425-3396-4c4d-a5da-3d47263af425';

function section(fill: (b: Uint8Array, dv: DataView) => void, length = 144, validation = 7): Uint8Array {
  const b = new Uint8Array(length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, length, true);
  dv.setUint32(4, validation, true);
  dv.setUint16(12, 0x8086, true);
  fill(b, dv);
  return b;
}

function child(n: FieldNode, key: string): FieldNode {
  const c = n.children?.find((x) => x.key === key);
  if (!c) throw new Error(`no ${key} under ${n.key}`);
  return c;
}

describe('CXL component event record', () => {
  test('General Media: header and media fields, validity flags gate channel/rank', () => {
    const b = section((b, dv) => {
      b[32] = 112; // record length
      dv.setUint16(33, 0b1000, true); // maintenance needed
      dv.setUint16(36, 0x42, true);
      dv.setBigUint64(40, 1_700_000_000_000_000_000n, true);
      dv.setBigUint64(64, 0x12345640n | 1n, true); // DPA + volatile
      b[72] = 1; // uncorrectable
      b[73] = 2; // data path error
      b[74] = 1; // host read
      dv.setUint16(75, 0b01, true); // channel valid only
      b[77] = 3;
      b[78] = 9;
    });
    const body = sectionDecoderFor(GM).decode(new ByteReader(b), 0, b.length).node;
    const log = child(body, 'eventLog');
    expect(log.offset).toBe(32);
    expect(log.length).toBe(112);
    expect(child(log, 'handle').raw).toBe(0x42);
    expect(child(log, 'timestamp').raw).toBe('1700000000000000000');
    expect(child(child(log, 'recordFlags'), 'maintenanceNeeded').raw).toBe(1);
    expect(child(log, 'eventType').text).toBe('Data Path Error (2)');
    expect(child(log, 'transactionType').text).toBe('Host Read (1)');
    expect(child(child(log, 'physicalAddress'), 'volatile').raw).toBe(1);
    expect(child(log, 'channel').validity).toBe('valid');
    expect(child(log, 'rank').validity).toBe('invalid');
    expect(child(log, 'componentId').validity).toBe('invalid');
  });

  test('DRAM and Memory Module event data', () => {
    const d = section((b, dv) => {
      b[82] = 5; // bank group
      dv.setUint16(75, 0xff, true);
    });
    const dram = child(sectionDecoderFor(DRAM).decode(new ByteReader(d), 0, d.length).node, 'eventLog');
    expect(child(dram, 'bankGroup').raw).toBe(5);
    expect(child(dram, 'correctionMask').length).toBe(32);
    const m = section((b, dv) => {
      b[64] = 3; // temperature change
      dv.setUint32(71, 7, true); // dirty shutdowns
    });
    const mod = child(sectionDecoderFor(MODULE).decode(new ByteReader(m), 0, m.length).node, 'eventLog');
    expect(child(mod, 'eventType').text).toBe('Temperature Change (3)');
    expect(child(mod, 'dirtyShutdownCount').raw).toBe(7);
  });

  test('switch events: header declared, data raw; a short log keeps its bytes visible', () => {
    const b = section(() => undefined, 47);
    const log = child(sectionDecoderFor(VSWITCH).decode(new ByteReader(b), 0, b.length).node, 'eventLog');
    expect(child(log, 'timestamp').validity).toBe('absent');
    expect(child(log, 'partialField')).toMatchObject({ offset: 40, length: 7 });
  });

  test("JSON is libcper's: the log as base64, only when it has bytes and its bit is set", () => {
    const write = (b: Uint8Array) => {
      const w = new JsonText(0);
      sectionJsonWriterFor(GM)!(w, b, 0, b.length);
      return JSON.parse(w.text()) as { CxlComponent: Record<string, unknown> };
    };
    const full = write(section(() => undefined));
    expect((full.CxlComponent.cxlComponentEventLog as { data: string }).data).toHaveLength(152);
    expect(write(section(() => undefined, 144, 3)).CxlComponent.cxlComponentEventLog).toBeUndefined();
    expect(write(section(() => undefined, 32)).CxlComponent.cxlComponentEventLog).toBeUndefined();
  });
});
