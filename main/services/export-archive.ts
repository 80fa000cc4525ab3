import { Zip, ZipDeflate } from 'fflate';
import { fromBase64, LIMITS } from '../../shared/contract/index';
import type { ExportJobs } from './export-jobs';

/** The bytes of one output file of a finished job, read in bounded chunks. */
export function jobFileBytes(jobs: ExportJobs, jobId: string, file: { name: string; bytes: number }): Uint8Array {
  const out = new Uint8Array(file.bytes);
  for (let off = 0; off < file.bytes;) {
    const c = jobs.read(jobId, file.name, off, Math.min(LIMITS.maxRead, file.bytes - off));
    if (!c.length) break;
    out.set(fromBase64(c.base64)!, off);
    off += c.length;
  }
  return out;
}

/**
 * A finished job's whole output as one zip (paths as the job lists them), written as it is
 * made: one file is read and deflated at a time, and `write` may wait (backpressure) between
 * files, so the archive is never held whole in memory.
 */
export async function writeJobArchive(jobs: ExportJobs, jobId: string, write: (chunk: Uint8Array) => Promise<void> | void): Promise<void> {
  const job = jobs.status(jobId);
  if (job.state !== 'done') throw new Error(`job ${jobId} is ${job.state}, not done`);
  let pending: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else pending.push(data);
  });
  const flush = async () => {
    const chunks = pending;
    pending = [];
    for (const c of chunks) await write(c);
    if (failed) throw failed;
  };
  for (const f of job.files) {
    const entry = new ZipDeflate(f.name, { level: 6 });
    zip.add(entry);
    entry.push(jobFileBytes(jobs, jobId, f), true);
    await flush();
  }
  zip.end();
  await flush();
}

/** `store.bin` + `dmesg` → `store.bin-dmesg.zip`; only safe characters reach a header. */
export function archiveName(fileName: string, kind: string): string {
  return `${fileName}-${kind}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) + '.zip';
}
