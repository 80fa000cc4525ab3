import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnDevice, type Access } from '../emulator/accesses';
import { ErstStartError } from '../emulator/backing';
import { ErstDevice } from '../emulator/device';
import type { QemuVersion } from '../../shared/erst/qemu-version';
import { BAR1_ADDR, QtestMachine, type QemuBinary } from './machine';

/**
 * Runs one access sequence on real QEMU and on the model and compares every value read,
 * every start-up outcome and the final backing file, byte for byte.
 */
export interface Sequence {
  name: string;
  /** Backing file size (the memory-backend `size`). */
  size: number;
  /** The device's record_size property; omitted = QEMU's default. */
  recordSize?: number;
  /** Backing file content before the first start; omitted = all zeros (a new file). */
  initial?: Uint8Array;
  /** Accesses per QEMU run; each further segment is a restart of QEMU on the same file. */
  segments: Access[][];
}

export interface Outcome {
  /** Per segment: 'started' or QEMU's start-up error. */
  starts: string[];
  reads: string[][];
  store: Uint8Array;
}

export interface Comparison {
  name: string;
  ok: boolean;
  /** Where the two first differ, in words. */
  mismatch?: string;
  reads: number;
  /** Runs in which QEMU refused to start (or crashed starting). */
  refused: number;
}

/** The model as the given QEMU release (default 7.2). */
function runModel(seq: Sequence, qemu?: QemuVersion): Outcome {
  const store = seq.initial ? seq.initial.slice() : new Uint8Array(seq.size);
  const out: Outcome = { starts: [], reads: [], store };
  for (const accesses of seq.segments) {
    let dev: ErstDevice;
    try {
      dev = new ErstDevice(store, { recordSize: seq.recordSize, bar1Address: BigInt(BAR1_ADDR), qemu });
    } catch (e) {
      if (!(e instanceof ErstStartError)) throw e;
      out.starts.push(e.crashed ? 'crashed' : e.message);
      out.reads.push([]);
      continue;
    }
    out.starts.push('started');
    out.reads.push(runOnDevice(dev, accesses));
  }
  return out;
}

async function runQemu(seq: Sequence, dir: string, binary?: string): Promise<Outcome> {
  const path = join(dir, 'backing.img');
  writeFileSync(path, seq.initial ?? new Uint8Array(seq.size));
  const out: Outcome = { starts: [], reads: [], store: new Uint8Array(0) };
  for (const accesses of seq.segments) {
    const r = await QtestMachine.launch({ storePath: path, size: seq.size, recordSize: seq.recordSize, binary });
    if (!r.ok) {
      out.starts.push(r.signal ? 'crashed' : r.error.replace(/^.*?acpi-erst[^:]*: /s, ''));
      out.reads.push([]);
      continue;
    }
    out.starts.push('started');
    try {
      out.reads.push(await r.machine.run(accesses));
    } finally {
      await r.machine.close();
    }
  }
  out.store = new Uint8Array(readFileSync(path));
  return out;
}

function compareOutcomes(name: string, q: Outcome, m: Outcome): Comparison {
  const reads = q.reads.reduce((n, r) => n + r.length, 0);
  const refused = q.starts.filter((s) => s !== 'started').length;
  const fail = (mismatch: string): Comparison => ({ name, ok: false, mismatch, reads, refused });
  for (let s = 0; s < Math.max(q.starts.length, m.starts.length); s++) {
    if (q.starts[s] !== m.starts[s]) return fail(`run ${s + 1}: QEMU ${q.starts[s]} / model ${m.starts[s]}`);
    const qr = q.reads[s],
      mr = m.reads[s];
    for (let i = 0; i < Math.max(qr.length, mr.length); i++) {
      if (qr[i] !== mr[i]) return fail(`run ${s + 1}, read #${i}: QEMU ${clip(qr[i])} / model ${clip(mr[i])}`);
    }
  }
  if (q.store.length !== m.store.length) return fail(`store length QEMU ${q.store.length} / model ${m.store.length}`);
  for (let i = 0; i < q.store.length; i++) {
    if (q.store[i] !== m.store[i])
      return fail(`store byte 0x${i.toString(16)}: QEMU 0x${q.store[i].toString(16)} / model 0x${m.store[i].toString(16)}`);
  }
  return { name, ok: true, reads, refused };
}

function clip(s: string | undefined): string {
  if (s === undefined) return '(none)';
  return s.length > 80 ? `${s.slice(0, 80)}… (${s.length / 2} bytes)` : s;
}

/** Runs sequences against QEMU (`qemu`, or the one on PATH) and the model switched to its release, `parallel` QEMU processes at a time. */
export async function conform(seqs: Sequence[], parallel = 2, qemu?: QemuBinary): Promise<Comparison[]> {
  const results: Comparison[] = new Array(seqs.length);
  let next = 0;
  const worker = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erst-conf-'));
    try {
      while (next < seqs.length) {
        const i = next++;
        const seq = seqs[i];
        const q = await runQemu(seq, dir, qemu?.path);
        const m = runModel(seq, qemu?.version);
        results[i] = compareOutcomes(seq.name, q, m);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}
