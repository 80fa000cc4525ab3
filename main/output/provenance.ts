import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic';
import type { OutputDir } from './dir';
import type { OutputPolicy } from './policy';
import { InputChanged } from './refused';

export interface ProvenanceInfo {
  tool: string;
  version: string;
  command: string;
  options: Record<string, unknown>;
  inputs: { path: string; size: number; sha256: string }[];
}

/** sha256 and size of a file as it is now (read-only, streamed), or undefined when it cannot be read. */
export function hashFile(path: string): { size: number; sha256: string } | undefined {
  let fd = -1;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return undefined;
    const h = createHash('sha256');
    const buf = new Uint8Array(4 * 1024 * 1024);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, size);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      size += n;
    }
    return { size, sha256: h.digest('hex') };
  } catch {
    return undefined;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Lines in sha256sum's format ("HEX  NAME"), sorted by name, so `sha256sum -c` checks them. */
function sumsText(files: { name: string; sha256: string }[]): string {
  return files
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.name}\n`)
    .join('');
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Sorted keys, so the same facts always give the same bytes. */
function stable(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = stable(x);
    }
    return o;
  }
  return v;
}

/**
 * Chain of custody: writes provenance.json and SHA256SUMS beside the outputs (in the folder, or
 * OUT.provenance.json and OUT.SHA256SUMS beside a single file). Every input is hashed again
 * first; if one changed since it was opened, InputChanged is thrown and no provenance is
 * written, since it would vouch for bytes the outputs were not made from. No wall-clock time
 * goes in, so the same inputs and options give the same provenance.
 */
export function writeProvenance(targets: ProvenanceTarget | readonly ProvenanceTarget[], info: ProvenanceInfo, policy: OutputPolicy): void {
  // Once for all the outputs of a command: they are all written before their sidecars.
  for (const input of info.inputs) {
    const now = hashFile(input.path);
    if (!now || now.sha256 !== input.sha256 || now.size !== input.size) {
      throw new InputChanged(input.path, { size: input.size, sha256: input.sha256 }, now);
    }
  }
  for (const target of Array.isArray(targets) ? targets : [targets]) sidecars(target, info, policy);
}

/** An output folder, or a single output file with its size and sha256. */
export type ProvenanceTarget = { dir: OutputDir } | { file: string; sha256: string; bytes: number };

function sidecars(target: ProvenanceTarget, info: ProvenanceInfo, policy: OutputPolicy): void {
  const outputs =
    'dir' in target
      ? target.dir.written().filter((f) => f.name !== 'provenance.json' && f.name !== 'SHA256SUMS')
      : [
          {
            name: basename(target.file),
            bytes: target.bytes,
            sha256: target.sha256,
          },
        ];
  const doc =
    JSON.stringify(
      stable({
        tool: info.tool,
        version: info.version,
        command: info.command,
        options: info.options,
        inputs: info.inputs.map((i) => ({
          path: i.path,
          size: i.size,
          sha256: i.sha256,
        })),
        outputs: outputs.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      }),
      null,
      2,
    ) + '\n';
  if ('dir' in target) {
    target.dir.writeFile('provenance.json', doc);
    const files = target.dir.written().filter((f) => f.name !== 'SHA256SUMS');
    target.dir.writeFile('SHA256SUMS', sumsText(files));
    return;
  }
  const dir = dirname(target.file);
  const provName = `${basename(target.file)}.provenance.json`;
  writeFileAtomic(join(dir, provName), doc, policy);
  const sums = sumsText([...outputs, { name: provName, sha256: sha256Text(doc) }]);
  writeFileAtomic(join(dir, `${basename(target.file)}.SHA256SUMS`), sums, policy);
}
