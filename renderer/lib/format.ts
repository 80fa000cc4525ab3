/**
 * "1 part", "2 parts", "0 records": the one way counts are written. `plural` defaults to
 * the noun with an s (pass it for "1 entry" / "2 entries").
 */
export function count(n: number, noun: string, plural = noun + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

/** What a file was recognised as, in words. */
export function formatName(format: 'erst-store' | 'cper' | 'unrecognised'): string {
  return format === 'erst-store' ? 'ERST store' : format === 'cper' ? 'CPER file' : 'unrecognised file';
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function shortTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.000Z$|Z$/, '') : '—';
}

/** Downloads bytes as a file (browser) — the page's own object URL, no network. */
export function download(name: string, parts: BlobPart[], type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** base64 → bytes without atob's latin1 string detour for big chunks. */
export function b64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
