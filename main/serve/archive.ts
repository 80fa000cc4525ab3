import type { IncomingMessage, ServerResponse } from 'node:http';
import { archiveName, writeJobArchive } from '../services/export-archive';
import type { Dispatcher } from '../services/dispatcher';
import { SECURITY_HEADERS } from '../webui/security';

type Send = (res: ServerResponse, status: number, body: string) => void;

/**
 * `GET /api/export-archive?job=ID`: a finished export job's files as one zip, streamed as it
 * is built, so a browser gets one download (with its own progress) instead of a link per file.
 * A client that goes away stops the archive at the next file.
 */
export async function sendArchive(req: IncomingMessage, res: ServerResponse, url: URL, d: Dispatcher, send: Send): Promise<void> {
  if (req.method !== 'GET') return send(res, 405, 'GET only\n');
  const jobId = url.searchParams.get('job') ?? '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(jobId)) return send(res, 400, 'job: an export job id\n');
  let job;
  try {
    job = d.jobs.status(jobId);
  } catch {
    return send(res, 404, `no export job ${jobId}\n`);
  }
  if (job.state !== 'done') return send(res, 409, `export job ${jobId} is ${job.state}, not done\n`);
  let fileName = 'export';
  try {
    fileName = d.files.get(job.fileId).info.name;
  } catch {
    // The file was closed since: the job's output is still there to download.
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${archiveName(fileName, job.kind)}"`,
    'Cache-Control': 'no-store',
  });
  await writeJobArchive(d.jobs, jobId, (chunk) => {
    if (res.destroyed) throw new Error('the client went away');
    if (res.write(chunk)) return;
    return new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  });
  res.end();
}
