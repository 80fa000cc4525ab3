import { formatStore, putRecord } from '../../shared/store/encode';
import { ACTION } from '../../shared/erst/actions';
import type { Access } from '../../main/emulator/accesses';
import type { Sequence } from '../../main/qtest/compare';
import {
  act,
  fakeRecord,
  linuxClear,
  linuxCount,
  linuxDummyWrite,
  linuxNextId,
  linuxRanges,
  linuxRead,
  linuxTimings,
  linuxWrite,
  readValue32,
  setValue32,
} from '../../main/emulator/linux';

/**
 * Directed conformance cases, one or more per quirk of doc §8 plus every action and every
 * failure path of §4. Expected values are never written here: QEMU's answers are the oracle.
 */

const K64 = 65536;
const w = (offset: number, size: 1 | 2 | 4 | 8, value: string): Access => ({ op: 'write', offset, size, value });
const r = (offset: number, size: 1 | 2 | 4 | 8): Access => ({ op: 'read', offset, size });
const allReads: Access[] = [
  r(0, 4),
  r(0, 8),
  r(4, 4),
  r(8, 8),
  r(8, 4),
  r(12, 4),
  r(8, 1),
  r(9, 1),
  r(10, 2),
  r(8, 2),
  r(2, 2),
  r(6, 2),
  r(14, 2),
  r(15, 1),
];

/** A store with records in the given slots. */
function storeWith(records: { slot: number; id: bigint; length?: number }[], size = K64, rs = 8192): Uint8Array {
  const s = formatStore(size, rs);
  for (const x of records) putRecord(s, x.slot, fakeRecord(x.id, x.length ?? 300, Number(x.id & 0xffn)), x.id);
  return s;
}

function withCount(s: Uint8Array, count: number): Uint8Array {
  new DataView(s.buffer).setUint32(20, count, true);
  return s;
}

const three = () =>
  storeWith([
    { slot: 1, id: 0x1111n },
    { slot: 2, id: 0x2222n },
    { slot: 4, id: 0x4444n },
  ]);

export const DIRECTED: Sequence[] = [
  {
    name: 'q1 ACTION reads as 0 at every size',
    size: K64,
    segments: [
      [
        act(ACTION.GET_RECORD_COUNT),
        ...allReads,
        act(ACTION.GET_EXECUTE_OPERATION_TIMINGS),
        ...allReads,
        w(0, 4, '0x10'),
        r(0, 1),
        r(0, 2),
        r(1, 1),
        r(3, 1),
      ],
    ],
  },
  {
    name: 'q2 8-byte accesses are two 4-byte halves',
    size: K64,
    segments: [
      [
        w(8, 8, '0x123456789abcdef0'),
        r(8, 8),
        r(8, 4),
        r(12, 4),
        w(0, 8, '0xffffffff0000000a'),
        r(8, 8),
        w(8, 8, '0x9c'),
        w(0, 8, '0x0000000700000005'),
        act(ACTION.GET_COMMAND_STATUS),
        r(8, 8),
        w(4, 4, '0x7'),
        r(8, 8),
      ],
    ],
  },
  {
    name: 'q3 sub-dword writes zero-extend into the addressed dword; odd offsets ignored',
    size: K64,
    segments: [
      [
        w(8, 8, '0xffffffffffffffff'),
        w(8, 1, '0x9c'),
        r(8, 8),
        w(9, 1, '0x55'),
        r(8, 8),
        w(10, 2, '0x1234'),
        r(8, 8),
        w(12, 2, '0xbeef'),
        r(8, 8),
        w(13, 1, '0x1'),
        r(8, 8),
        w(0, 2, '0x000a'),
        r(8, 8),
        w(0, 1, '0x10'),
        r(8, 8),
        w(1, 1, '0x0e'),
        r(8, 8),
        w(2, 4, '0x0000000e'),
        r(8, 8),
        w(6, 4, '0x12345678'),
        r(8, 8),
        w(8, 8, '0x1122334455667788'),
        r(8, 1),
        r(8, 2),
        r(9, 1),
        r(10, 2),
        r(12, 2),
        r(13, 1),
        r(14, 2),
        r(6, 4),
        r(10, 4),
        r(4, 8),
      ],
    ],
  },
  {
    name: 'q4 EXECUTE checks only the low byte; other values are silent no-ops',
    size: K64,
    initial: three(),
    segments: [
      [
        act(ACTION.BEGIN_CLEAR),
        setValue32(0x1111),
        w(12, 4, '0'),
        act(ACTION.SET_RECORD_IDENTIFIER),
        setValue32(0x19d),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxCount(),
        setValue32(0x9d),
        act(ACTION.EXECUTE),
        ...linuxCount(),
        setValue32(0xffffff9c),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxCount(),
        w(8, 8, '0x123400000000009c'),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        act(0x105),
        act(0x10a),
        act(0xc),
        act(0x11),
        act(0xffffffff),
        r(8, 8),
      ],
    ],
  },
  {
    name: 'q5 GET_RECORD_IDENTIFIER sets command_status SUCCESS',
    size: K64,
    initial: three(),
    segments: [
      [
        ...linuxClear(0x9999n),
        ...linuxNextId(),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxRead(0x9999n),
        act(ACTION.GET_RECORD_IDENTIFIER),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
      ],
    ],
  },
  {
    name: 'q6 read with id 0 / not found re-seeds record_identifier and the cursor',
    size: K64,
    initial: three(),
    segments: [
      [
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxRead(0n, 0, 400),
        ...linuxNextId(),
        ...linuxRead(0x7777n, 0, 400),
        ...linuxNextId(),
        act(ACTION.BEGIN_CLEAR),
        setValue32(0x9c),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxCount(),
        act(ACTION.BEGIN_READ),
        setValue32(0x9c),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxNextId(),
      ],
    ],
  },
  {
    name: 'q7 clear on an empty store is NOT_FOUND and clearing never wipes',
    size: K64,
    segments: [
      [
        ...linuxClear(0x5n),
        ...linuxClear(0n),
        ...linuxClear(0xffffffffffffffffn),
        ...linuxWrite(fakeRecord(0x5n, 1000)),
        ...linuxClear(0x5n),
        ...linuxClear(0x5n),
        ...linuxCount(),
        ...linuxRead(0x5n),
      ],
    ],
  },
  {
    name: 'q8 only a 0 map entry is free; ~0 entries are counted and iterated',
    size: K64,
    initial: storeWith([
      { slot: 1, id: 0xffffffffffffffffn },
      { slot: 3, id: 0x33n },
    ]),
    segments: [
      [
        ...linuxCount(),
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxWrite(fakeRecord(0x99n, 500)),
        ...linuxWrite(fakeRecord(0x98n, 500)),
        ...linuxRead(0xffffffffffffffffn),
        ...linuxClear(0xffffffffffffffffn),
        ...linuxNextId(),
      ],
    ],
  },
  {
    name: 'q9 record_count is trusted by lookup, iteration and the empty check',
    size: K64,
    initial: withCount(
      storeWith([
        { slot: 1, id: 0x11n },
        { slot: 2, id: 0x22n },
        { slot: 3, id: 0x33n },
      ]),
      1,
    ),
    segments: [
      [
        ...linuxRead(0x33n),
        ...linuxRead(0x11n),
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxNextId(),
        ...linuxWrite(fakeRecord(0x33n, 200)),
        ...linuxCount(),
        ...linuxClear(0x22n),
      ],
    ],
  },
  {
    name: 'q9b record_count 0 with a full map reads as empty',
    size: K64,
    initial: withCount(storeWith([{ slot: 1, id: 0x11n }]), 0),
    segments: [[...linuxRead(0x11n), ...linuxNextId(), ...linuxClear(0x11n), ...linuxWrite(fakeRecord(0x11n, 200)), ...linuxCount()]],
  },
  {
    name: 'q10 after reset the operation is BEGIN_WRITE; VALUE and buffer survive',
    size: K64,
    segments: [
      [
        { op: 'buf-write', offset: 0, hex: Buffer.from(fakeRecord(0xabcn, 256)).toString('hex') },
        act(ACTION.BEGIN_READ),
        setValue32(0x40),
        act(ACTION.SET_RECORD_OFFSET),
        w(8, 8, '0xdeadbeef0000009c'),
        act(ACTION.SET_RECORD_IDENTIFIER),
        { op: 'reset' },
        r(8, 8),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        ...linuxCount(),
        ...linuxNextId(),
        { op: 'buf-read', offset: 0, length: 300 },
      ],
    ],
  },
  {
    name: 'q11 writes fill the slot tail with 0xFF; overwrite keeps the slot and the count',
    size: K64,
    initial: storeWith([{ slot: 1, id: 0x77n, length: 8000 }]),
    segments: [
      [
        ...linuxWrite(fakeRecord(0x77n, 130)),
        ...linuxCount(),
        ...linuxWrite(fakeRecord(0x78n, 8192)),
        ...linuxWrite(fakeRecord(0x79n, 4000, 1, 4000), 4192),
        ...linuxCount(),
      ],
    ],
  },
  {
    name: 'q12a zero file is formatted with the record_size property',
    size: 4 * K64,
    recordSize: 16384,
    segments: [[...linuxRanges(), ...linuxWrite(fakeRecord(1n, 16384)), ...linuxCount()]],
  },
  {
    name: 'q12b an existing header wins over the property',
    size: K64,
    recordSize: 4096,
    initial: three(),
    segments: [[...linuxRanges(), ...linuxCount()]],
  },
  {
    name: 'q12c header is created only when magic is 0; stale count and map stay',
    size: K64,
    initial: (() => {
      const s = withCount(three(), 2);
      s.fill(0, 0, 20);
      return s;
    })(),
    segments: [[...linuxCount(), ...linuxNextId(), ...linuxNextId(), ...linuxNextId()]],
  },
  {
    name: 'q12d garbage magic is refused and never repaired',
    size: K64,
    initial: (() => {
      const s = three();
      s[0] = 0x41;
      return s;
    })(),
    segments: [[...linuxCount()], [...linuxCount()]],
  },
  {
    name: 'q12e an invalid record_size in the header is refused',
    size: K64,
    initial: (() => {
      const s = three();
      new DataView(s.buffer).setUint32(8, 6000, true);
      return s;
    })(),
    segments: [[...linuxCount()]],
  },
  {
    name: 'q12f a bad property poisons a new file; restarts keep failing',
    size: K64,
    recordSize: 3000,
    segments: [[...linuxCount()], [...linuxCount()]],
  },
  { name: 'q12g storage size not a multiple of record_size', size: 3 * 16384, recordSize: 32768, segments: [[...linuxCount()]] },
  {
    name: 'q12h bad version and reserved fields',
    size: K64,
    initial: (() => {
      const s = three();
      s[18] = 1;
      return s;
    })(),
    segments: [[...linuxCount()]],
  },
  {
    name: 'q12i storage_offset not a multiple of record_size',
    size: K64,
    initial: (() => {
      const s = three();
      new DataView(s.buffer).setUint32(12, 100, true);
      return s;
    })(),
    segments: [[...linuxCount()]],
  },
  {
    name: 'q12j restart on the same file keeps records, resets the cursor and the buffer',
    size: K64,
    segments: [
      [
        ...linuxWrite(fakeRecord(0x10n, 600)),
        ...linuxWrite(fakeRecord(0x20n, 700)),
        ...linuxNextId(),
        { op: 'buf-read', offset: 0, length: 64 },
      ],
      [...linuxNextId(), ...linuxCount(), { op: 'buf-read', offset: 0, length: 64 }, ...linuxRead(0x20n, 0, 700)],
    ],
  },
  {
    name: 'q14 record_size=0 on a new file kills QEMU after writing the magic',
    size: K64,
    recordSize: 0,
    segments: [[...linuxCount()], [...linuxCount()]],
  },
  {
    name: 'write failure paths: offset, length, id, full store',
    size: 32768,
    segments: [
      [
        ...linuxWrite(fakeRecord(1n, 200, 1, 127), 8192 - 127),
        ...linuxWrite(fakeRecord(1n, 128), 8192 - 128),
        ...linuxWrite(fakeRecord(2n, 127)),
        ...linuxWrite(fakeRecord(3n, 8193, 1, 8192)),
        ...linuxWrite(fakeRecord(4n, 4097, 1, 4096), 4096),
        ...linuxWrite(fakeRecord(0n, 200)),
        ...linuxWrite(fakeRecord(0xffffffffffffffffn, 200)),
        ...linuxWrite(fakeRecord(5n, 200)),
        ...linuxWrite(fakeRecord(6n, 200)),
        ...linuxWrite(fakeRecord(7n, 200)),
        ...linuxWrite(fakeRecord(6n, 300)),
        ...linuxCount(),
        act(ACTION.BEGIN_WRITE),
        w(8, 8, '0x0000000100000000'),
        act(ACTION.SET_RECORD_OFFSET),
        setValue32(0x9c),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
      ],
    ],
  },
  {
    name: 'read failure paths: empty, ~0, offset, bad stored length, short buffer',
    size: K64,
    initial: (() => {
      const s = storeWith([
        { slot: 1, id: 0x10n, length: 5000 },
        { slot: 2, id: 0x20n },
      ]);
      new DataView(s.buffer).setUint32(2 * 8192 + 20, 50, true);
      return s;
    })(),
    segments: [
      [
        ...linuxRead(0xffffffffffffffffn),
        ...linuxRead(0x10n, 8192 - 127),
        ...linuxRead(0x10n, 4000),
        ...linuxRead(0x20n),
        ...linuxRead(0x10n, 3000, 5000),
        ...linuxDummyWrite(),
        ...linuxTimings(),
        ...linuxRanges(),
      ],
    ],
  },
  {
    name: 'store empty check comes before the ~0 check',
    size: K64,
    segments: [
      [
        ...linuxRead(0xffffffffffffffffn),
        ...linuxRead(0n),
        act(ACTION.END),
        setValue32(0x9c),
        act(ACTION.EXECUTE),
        act(ACTION.GET_COMMAND_STATUS),
        readValue32,
        act(ACTION.CHECK_BUSY_STATUS),
        r(8, 8),
      ],
    ],
  },
  {
    name: 'iteration wraps: ids, one ~0, then again from the start',
    size: K64,
    initial: three(),
    segments: [
      [...Array.from({ length: 9 }, linuxNextId).flat(), ...linuxClear(0x2222n), ...linuxNextId(), ...linuxNextId(), ...linuxNextId()],
    ],
  },
  {
    name: '8 MiB store: header spans two slots',
    size: 8 * 1024 * 1024,
    segments: [[...linuxRanges(), ...linuxWrite(fakeRecord(0x42n, 1000)), ...linuxNextId(), ...linuxCount()]],
  },
  {
    name: 'record_size equal to the store: no usable slot',
    size: 16384,
    recordSize: 16384,
    segments: [[...linuxWrite(fakeRecord(0x42n, 1000)), ...linuxCount(), ...linuxNextId()]],
  },
];
