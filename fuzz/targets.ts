import '../main/evidence/native-inflate';
import { CREATOR_PSTORE } from '../shared/cper/guids';
import { cperJsonText } from '../shared/export/cper-json/index';
import { kernelText } from '../shared/export/kernel-text/index';
import { decodeInput } from '../shared/input/index';
import { dumpFileName } from '../shared/pstore/dump';
import { pstoreFileName } from '../shared/pstore/names';
import { buildInspectReport, dumpsOf, type DecodedInput } from '../shared/report/inspect';
import { decodeStore, isStore } from '../shared/store/decode';
import { bufferSource } from '../shared/store/source';
import { formatInspectText } from '../main/services/inspect-text';
import { dumpText } from '../main/services/payloads';
import { replay, ReplayInputError, TraceError } from '../main/replay/index';
import { parseTrace } from '../main/replay/trace';
import { formatReplayText } from '../main/replay/text';
import type { Seed } from './corpus';

/** One output text of one target (the inspect JSON, CPER-JSON, kernel text, a dmesg file…). */
export interface Output {
  target: string;
  text: string;
}

export interface Failure {
  target: string;
  message: string;
  stack?: string;
}

const json = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** The same decode as the CLI and the app (main/services/decode-file.ts), over bytes in memory. */
function decodeBytes(bytes: Uint8Array): DecodedInput {
  const src = bufferSource(bytes);
  if (isStore(src)) {
    const store = decodeStore(src, { keepPayloads: true });
    const records = store.slots
      .filter((s) => s.record)
      .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
    return { store, source: src, records, diagnostics: [...store.diagnostics, ...store.slots.flatMap((s) => s.diagnostics)] };
  }
  const res = decodeInput(bytes);
  return {
    source: bufferSource(res.bytes),
    form: res.form,
    records: res.records.map((record) => ({ record, slot: null, state: 'file' as const })),
    sections: res.sections,
    diagnostics: res.diagnostics,
  };
}

/** Runs `fn`, recording what it wrote or how it failed; expected rejections count as neither. */
function step(
  name: string,
  outputs: Output[],
  failures: Failure[],
  fn: () => string | string[] | undefined,
  expected?: (e: unknown) => boolean,
): void {
  try {
    const out = fn();
    if (out === undefined) return;
    for (const t of Array.isArray(out) ? out : [out]) outputs.push({ target: name, text: t });
  } catch (e) {
    if (expected?.(e)) return;
    const err = e as Error;
    failures.push({
      target: name,
      message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`,
      stack: err?.stack?.split('\n').slice(0, 6).join('\n'),
    });
  }
}

/**
 * Drives every decoder and exporter over one input: for records, stores and text forms the
 * decode (sniffers, store, records, every section), the inspect report (JSON and text),
 * CPER-JSON, kernel text and the pstore view (file names, payloads, stitched dumps); for
 * traces the parser and the replay against the seed's after-file.
 */
export function runTargets(seed: Seed, bytes: Uint8Array, withReplay: boolean): { outputs: Output[]; failures: Failure[]; source: string } {
  const outputs: Output[] = [];
  const failures: Failure[] = [];
  let source = latin1(bytes);
  if (seed.kind === 'trace') {
    const text = latin1(bytes);
    const isExpected = (e: unknown) => e instanceof TraceError || e instanceof ReplayInputError;
    step('trace', outputs, failures, () => json({ count: parseTrace(text).count }), isExpected);
    if (withReplay && seed.after) {
      step(
        'replay',
        outputs,
        failures,
        () => {
          const r = replay({ trace: text, after: seed.after! });
          return [json(r.report), formatReplayText(r.report, 'trace.log')];
        },
        isExpected,
      );
    }
    return { outputs, failures, source };
  }
  let input: DecodedInput | undefined;
  step('decode', outputs, failures, () => {
    input = decodeBytes(bytes);
    return undefined;
  });
  if (!input) return { outputs, failures, source };
  const inp = input;
  // Text that comes from the evidence itself may say anything; only what we add is checked.
  // Descriptors sharing one payload share its text: count each once (a shared bomb is 64 × 4 MiB otherwise).
  const payloads = new Set(inp.records.flatMap((e) => e.record.sections.map((s) => s.pstore?.text).filter((t): t is Uint8Array => !!t)));
  source += [...payloads].map(latin1).join('\n');
  const read = (o: number, l: number) => inp.source!.read(o, l);
  const records = inp.sections?.length ? [] : inp.records.map((e) => e.record);
  step('inspect-json', outputs, failures, () => {
    const report = buildInspectReport({ path: 'fuzz-input', size: bytes.length, sha256: '0'.repeat(64) }, inp, { fields: true });
    return [json(report), formatInspectText(report)];
  });
  step('cper-json', outputs, failures, () => cperJsonText(records, read, inp.sections ?? []));
  step('kernel-text', outputs, failures, () => kernelText(records, read, inp.sections ?? []));
  step('dmesg', outputs, failures, () => {
    const out: string[] = [];
    for (const { record } of inp.records) {
      const p = record.sections[0]?.pstore;
      if (record.creatorId !== CREATOR_PSTORE || !record.recordId || !p) continue;
      out.push(pstoreFileName(record.recordId, p));
    }
    for (const d of dumpsOf(inp, true)) out.push(dumpFileName(d), latin1(dumpText(inp, d)), json(d.gaps ?? []));
    return out;
  });
  return { outputs, failures, source };
}
