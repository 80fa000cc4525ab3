import type { FileInfo, Reply } from '../../shared/contract/index';
import { CallError } from './errors';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Serve mode: sends a File the user dropped or picked as the body of `PUT /api/upload`, so the
 * browser streams it from disk and main streams it to a private temp copy (no base64, no size
 * held in memory on either side). XHR rather than fetch: only XHR reports upload progress.
 * The session cookie authenticates it, like every other call.
 */
export function uploadFile(file: File, onProgress?: (p: UploadProgress) => void, base = ''): { done: Promise<FileInfo>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileInfo>((resolve, reject) => {
    xhr.open('PUT', `${base}/api/upload?name=${encodeURIComponent(file.name || 'upload')}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new CallError('internal', `upload of ${file.name} failed: the connection to the server was lost`));
    xhr.onabort = () => reject(new CallError('cancelled', `upload of ${file.name} cancelled`));
    xhr.onload = () => {
      if (xhr.status === 401) return reject(new CallError('unreadable', 'session expired: open the URL `erst-viewer serve` printed again'));
      let reply: Reply<FileInfo>;
      try {
        reply = JSON.parse(xhr.responseText) as Reply<FileInfo>;
      } catch {
        return reject(new CallError('internal', `upload of ${file.name}: HTTP ${xhr.status}`));
      }
      if (reply.ok) resolve(reply.result);
      else reject(new CallError(reply.error.code, reply.error.message));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
