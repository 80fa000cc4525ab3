/**
 * A thread that writes CPER-JSON batches for the pool (pool.ts). Texts leave in the writer's
 * own buffer (transferred, not copied) and come back once written out, to be filled again.
 * A failure is answered too: the pool then writes that batch itself.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { batchJson, TEXT_BYTES } from './batch';
import { detachOnce } from './threads';

interface Setup {
  port: MessagePort;
  indent: number;
}
export interface BatchRequest {
  seq: number;
  bytes: Uint8Array;
  spans: Uint32Array;
  count: number;
  first: boolean;
}
/** A buffer of an earlier answer, written out and free again. */
export interface Recycle {
  recycle: ArrayBuffer;
}
export type BatchAnswer = { seq: number; out: Uint8Array } | { seq: number; error: string };

// Every answer detaches its buffer: done once before the writer's code is first optimised.
detachOnce();
const { port, indent } = workerData as Setup;
const free: ArrayBuffer[] = [];
port.on('message', (m: BatchRequest | Recycle) => {
  if ('recycle' in m) {
    if (free.length < 4) free.push(m.recycle);
    return;
  }
  try {
    const w = batchJson(m.bytes, m.spans, m.count, m.first, indent);
    const out = w.buf.subarray(0, w.pos);
    const next = free.pop();
    w.buf = next ? new Uint8Array(next) : new Uint8Array(Math.max(TEXT_BYTES, w.buf.length));
    port.postMessage({ seq: m.seq, out } satisfies BatchAnswer, [out.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) } satisfies BatchAnswer);
  }
});
