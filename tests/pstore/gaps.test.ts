import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pstoreDmesgRecord } from '../../shared/cper/encode';
import { dumpsOf, buildInspectReport } from '../../shared/report/inspect';
import { reassembleDumps, MAX_LISTED_MISSING, type DumpPartInput } from '../../shared/pstore/dump';
import { putRecord } from '../../shared/store/encode';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { replayTrace } from '../../main/replay/index';
import { decodeFile } from '../../main/services/decode-file';
import { CORPORA, CORPUS, CORPUS_612, backings } from '../helpers/corpus';
import { EvidenceFile } from '../../main/evidence/file';

const load = (p: string) => new Uint8Array(readFileSync(p));
const dec = new TextDecoder();
const enc = new TextEncoder();

/** Decodes store bytes exactly as an opened file is. */
function inputOf(bytes: Uint8Array) {
  const store = decodeStore(bufferSource(bytes));
  const records = store.slots
    .filter((s) => s.record)
    .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
  return { store, source: bufferSource(bytes), records, diagnostics: store.diagnostics };
}

/** The slot, id and inflated text of one part of the first dump in a store. */
function part(bytes: Uint8Array, n: number) {
  const input = inputOf(bytes);
  const e = input.records.find((r) => r.record.sections[0]?.pstore?.part === n)!;
  return { slot: e.slot, id: BigInt(e.record.recordId!), text: e.record.sections[0].pstore!.text! };
}

function replacePart(bytes: Uint8Array, n: number, payload: Uint8Array, compressed: boolean) {
  const p = part(bytes, n);
  putRecord(bytes, p.slot, pstoreDmesgRecord(p.id, 1700000000n, payload, compressed), p.id);
}

describe('which pstore generation wrote a dump', () => {
  it('every compressed dump of the Linux 6.1 corpus is ≤ 6.5 and every one of the 6.12 corpus is 6.6+, each with its evidence', () => {
    let checked = 0;
    for (const root of CORPORA) {
      for (const b of backings(root)) {
        const ev = decodeFile(new EvidenceFile(join(root, b)));
        for (const d of dumpsOf(ev.input, false)) {
          const compressed = d.parts.some((p) => p.compressed);
          const want = !compressed ? 'unknown' : root === CORPUS ? 'linux<=6.5' : 'linux>=6.6';
          expect(d.producer.generation, `${b} ${d.reason}#${d.count}`).toBe(want);
          expect(d.producer.evidence.length).toBeGreaterThan(0);
          checked++;
        }
        ev.file.close();
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('names the evidence: a deflate distance past 2 KiB (6.12) and a part text past 6.6+’s limit (6.1)', () => {
    const d612 = dumpsOf(inputOf(load(join(CORPUS_612, 'S1-default/backing.after-boot1'))), false)[0];
    expect(d612.producer.evidence[0]).toMatch(/^Part\d: a deflate back-reference reaches \d+ bytes, beyond the 2 KiB window/);
    const d61 = dumpsOf(inputOf(load(join(CORPUS, 'S1-default/backing.after-boot1'))), false)[0];
    expect(d61.producer.evidence[0]).toBe(
      'Part1 holds 17731 bytes of text, more than Linux 6.6+ puts in one part for 7992-byte buffers (13320); ≤ 6.5 allows 17760',
    );
  });
});

describe('every gap in a dump has a reason', () => {
  it('a part the guest erased is named as recoverable from its cleared slot, and stitched in (marked) with --recovered', () => {
    // S4-erase boot 3 unlinked the first dump's Part1: the map entry is 0, the slot still holds it.
    const input = inputOf(load(join(CORPUS, 'S4-erase/backing.after-boot3')));
    const d = dumpsOf(input, false).find((x) => x.gaps.length)!;
    expect(d.missingParts).toEqual([1]);
    expect(d.gaps).toEqual([
      { part: 1, kind: 'cleared', recoverableSlot: 1, reason: expect.stringContaining('still in slot 1: recoverable') },
    ]);
    expect(dec.decode(d.text!)).toContain('--- Panic#1 Part1 is missing from this store: cleared, but its bytes are still in slot 1');
    const r = dumpsOf(input, true).find((x) => x.recordIds[0] === d.recordIds[0] || x.parts.some((p) => p.state === 'cleared'))!;
    expect(r.missingParts).toEqual([]);
    expect(r.gaps).toEqual([
      { part: 1, kind: 'cleared', recoverableSlot: 1, reason: 'recovered from cleared slot 1: the guest had erased it' },
    ]);
    const text = dec.decode(r.text!);
    const marker = text.indexOf('--- Panic#1 Part1 recovered from cleared slot 1');
    expect(marker).toBeGreaterThan(0);
    // The recovered text follows its marker and is the cleared record's own text.
    const cleared = input.records.find((e) => e.state === 'cleared')!.record.sections[0].pstore!;
    expect(text.endsWith(dec.decode(cleared.text!.subarray(cleared.headerLength)))).toBe(true);
  });

  it('a part Linux 6.6+ stored uncompressed after compression failed: head kept, the rest of its chunk lost', () => {
    const bytes = load(join(CORPUS_612, 'S1-default/backing.after-boot1'));
    const p2 = part(bytes, 2);
    replacePart(bytes, 2, p2.text.subarray(0, 7992), false); // what 6.6+ keeps: the first bufsize bytes
    const d = dumpsOf(inputOf(bytes), false)[0];
    expect(d.parts.find((p) => p.part === 2)!.fallback).toBe('head');
    expect(d.gaps).toEqual([
      { part: 2, kind: 'uncompressed-head', reason: expect.stringContaining('only the first 7992 bytes of its chunk were kept') },
    ]);
    expect(d.producer.generation).toBe('linux>=6.6');
    expect(d.producer.evidence.some((e) => e.startsWith('Part2 was stored uncompressed holding the head of its chunk'))).toBe(true);
    const text = dec.decode(d.text!);
    // The marker comes right after the kept head, before the newer Part1 text.
    const at = text.indexOf('--- Panic#1 Part2 stored uncompressed after compression failed');
    expect(text.slice(0, at).endsWith(dec.decode(p2.text.subarray(p2.text.indexOf(10) + 1, 7992)))).toBe(true);
  });

  it('a part Linux ≤ 6.5 stored uncompressed after compression failed: header and tail kept', () => {
    const bytes = load(join(CORPUS, 'S1-default/backing.after-boot1'));
    const p2 = part(bytes, 2);
    const h = p2.text.indexOf(10) + 1;
    const kept = new Uint8Array(7992);
    kept.set(p2.text.subarray(0, h));
    kept.set(p2.text.subarray(p2.text.length - (7992 - h)), h); // copy_kmsg_to_buffer()
    replacePart(bytes, 2, kept, false);
    const d = dumpsOf(inputOf(bytes), false)[0];
    expect(d.gaps.map((g) => g.kind)).toEqual(['uncompressed-tail']);
    expect(d.producer.generation).toBe('linux<=6.5');
    // The same cut in a 6.12 dump contradicts its deflate window: said, not guessed.
    const b612 = load(join(CORPUS_612, 'S1-default/backing.after-boot1'));
    const q2 = part(b612, 2);
    const hq = q2.text.indexOf(10) + 1;
    const keptQ = new Uint8Array(7992);
    keptQ.set(q2.text.subarray(0, hq));
    keptQ.set(q2.text.subarray(q2.text.length - (7992 - hq)), hq);
    replacePart(b612, 2, keptQ, false);
    const dq = dumpsOf(inputOf(b612), false)[0];
    expect(dq.producer.generation).toBe('unknown');
    expect(dq.producer.evidence[0]).toBe('conflicting evidence:');
  });

  it('parts whose log does not join up are flagged as a break in continuity', () => {
    const bytes = load(join(CORPUS_612, 'S1-default/backing.after-boot1'));
    const p1 = part(bytes, 1);
    const p2 = part(bytes, 2);
    const body = (t: Uint8Array) => t.subarray(t.indexOf(10) + 1);
    const withHeader = (n: number, t: Uint8Array) => new Uint8Array([...enc.encode(`Panic#1 Part${n}\n`), ...body(t)]);
    // Part2 now holds the newest text and Part1 the older: Part2 ends after Part1 begins.
    replacePart(bytes, 1, new Uint8Array(deflateRawSync(withHeader(1, p2.text))), true);
    replacePart(bytes, 2, new Uint8Array(deflateRawSync(withHeader(2, p1.text))), true);
    const d = dumpsOf(inputOf(bytes), false)[0];
    expect(d.gaps).toEqual([
      {
        part: 1,
        kind: 'discontinuity',
        reason: expect.stringMatching(/^log continuity broken: Part2 ends at \[\d+\.\d{6}\] but Part1 starts earlier/),
      },
    ]);
    expect(dumpsOf(inputOf(load(join(CORPUS_612, 'S1-default/backing.after-boot1'))), false)[0].gaps).toEqual([]);
  });

  it('a part number of 4294967295 leaves one bounded gap, not four billion', () => {
    const bytes = load(join(CORPUS_612, 'S1-default/backing.after-boot1'));
    replacePart(bytes, 3, enc.encode('Panic#1 Part4294967295\n<6>[    1.000000] x\n'), false);
    const input = inputOf(bytes);
    const d = dumpsOf(input, false)[0];
    expect(d.parts.map((p) => p.part)).toEqual([1, 2, 4294967295]);
    expect(d.gaps).toEqual([
      {
        part: 3,
        lastPart: 4294967294,
        kind: 'never-written',
        reason: expect.stringContaining('no slot holds any of these 4294967292 parts'),
      },
    ]);
    expect(d.missingParts.length).toBe(MAX_LISTED_MISSING);
    expect(dec.decode(d.text!)).toContain('--- Panic#1 Part3 to Part4294967294 are missing from this store');
    expect(buildInspectReport({ path: 'x', size: bytes.length, sha256: '' }, input).dumps[0].gaps.length).toBe(1);
  });

  it("names the parts a replayed trace saw fail: S7-full boot 1's writes past a full store", () => {
    for (const root of CORPORA) {
      const after = load(join(root, 'S7-full/backing.after-boot1'));
      const r = replayTrace({ trace: readFileSync(join(root, 'S7-full/boot1.trace.log'), 'utf8'), after });
      const input = inputOf(after);
      const parts: DumpPartInput[] = input.records.map((e) => ({
        recordId: e.record.recordId!,
        slot: e.slot,
        state: e.state,
        pstore: e.record.sections[0].pstore!,
      }));
      const [d] = reassembleDumps(parts, {
        recordSize: 8192,
        storeFull: true,
        failedWrites: r.failedWrites.map((f) => ({ part: f.part!, status: f.status, line: r.operations[f.operation].line })),
      });
      expect(d.missingParts).toEqual([]);
      expect(d.gaps.map((g) => g.part)).toEqual(r.failedWrites.map((_, i) => i + 4));
      for (const g of d.gaps) {
        expect(g.kind).toBe('never-written');
        expect(g.reason).toMatch(/^never written: the guest's write failed with NOT_ENOUGH_SPACE \(trace line \d+\), the store was full$/);
      }
    }
  });
});
