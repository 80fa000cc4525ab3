import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { OutputPolicy } from './policy';
import { OutputRefused } from './refused';

interface Identity {
  path: string;
  dev: number;
  ino: number;
  dir: boolean;
}

/** The real path of `p`: parent folders' symlinks followed, the missing tail kept as written. */
export function realParentPath(p: string): string {
  const abs = resolve(p);
  const parent = dirname(abs);
  return join(realExisting(parent), basename(abs));
}

/** realpath of the longest existing prefix of `p`, with the rest appended (folders not created yet). */
function realExisting(p: string): string {
  const tail: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return tail.length ? join(realpathSync(cur), ...tail.reverse()) : realpathSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const up = dirname(cur);
      if (up === cur) return p;
      tail.push(basename(cur));
      cur = up;
    }
  }
}

function statOrUndefined(p: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(p) : lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Evidence identities: real path plus device and inode, so hard links and bind mounts match too. */
function evidenceIdentities(policy: OutputPolicy): Identity[] {
  const out: Identity[] = [];
  for (const e of policy.evidence) {
    let real: string;
    try {
      real = realpathSync(e);
    } catch {
      real = resolve(e);
    }
    const st = statOrUndefined(real, true);
    out.push({
      path: real,
      dev: st ? st.dev : -1,
      ino: st ? st.ino : -1,
      dir: st ? st.isDirectory() : false,
    });
  }
  return out;
}

function within(child: string, dir: string): boolean {
  const d = dir.endsWith(sep) ? dir : dir + sep;
  return child.startsWith(d);
}

/** Refuses `real` (a resolved output path) when it is an evidence input or lies in an evidence folder. */
function checkAgainstEvidence(shown: string, real: string, policy: OutputPolicy): void {
  const ids = evidenceIdentities(policy);
  if (ids.length === 0) return;
  const st = statOrUndefined(real, true);
  for (const id of ids) {
    if (real === id.path || (st && st.dev === id.dev && st.ino === id.ino)) {
      throw new OutputRefused('evidence', shown, `${shown}: refusing to write over evidence (it is the input ${id.path})`);
    }
  }
  // Walk up the real ancestors: a folder given as evidence, reached by any name, is never written into.
  const dirs = ids.filter((i) => i.dir);
  if (dirs.length === 0) return;
  for (let cur = dirname(real); ; cur = dirname(cur)) {
    const ast = statOrUndefined(cur, true);
    for (const d of dirs) {
      if (within(real, d.path) || (ast && ast.dev === d.dev && ast.ino === d.ino)) {
        throw new OutputRefused('inside-evidence', shown, `${shown}: refusing to write inside the evidence folder ${d.path}`);
      }
    }
    if (dirname(cur) === cur) break;
  }
}

/** A symbolic link is always refused; say "evidence" when it leads there: that is the fact that matters to the user. */
function refuseLink(path: string, real: string, policy: OutputPolicy, message: string): never {
  let target: string | undefined;
  try {
    target = realpathSync(real);
  } catch {
    target = undefined;
  }
  if (target) checkAgainstEvidence(path, target, policy);
  throw new OutputRefused('symlink', path, message);
}

/**
 * Throws OutputRefused unless a file may be written at `path` under `policy`: not an evidence
 * input (by real path or device+inode), not inside an evidence folder, not a symlink (the final
 * component is never followed), not a special file or folder, and not existing unless `force`.
 */
export function checkOutput(path: string, policy: OutputPolicy): void {
  const real = realParentPath(path);
  const lst = statOrUndefined(real, false);
  if (lst?.isSymbolicLink()) refuseLink(path, real, policy, `${path}: refusing to write through a symbolic link`);
  checkAgainstEvidence(path, real, policy);
  if (!lst) return;
  if (lst.isDirectory()) throw new OutputRefused('special', path, `${path}: is a folder, not a file`);
  if (!lst.isFile()) throw new OutputRefused('special', path, `${path}: refusing to write to a special file (FIFO, device or socket)`);
  if (!policy.force) throw new OutputRefused('exists', path, `${path}: already exists (use --force to replace it)`);
}

/** Like checkOutput for a folder that outputs go into: existing folders are fine, symlinks and evidence are not. */
export function checkOutputFolder(path: string, policy: OutputPolicy): string {
  const real = realParentPath(path);
  const lst = statOrUndefined(real, false);
  if (lst?.isSymbolicLink()) refuseLink(path, real, policy, `${path}: refusing to write into a folder reached through a symbolic link`);
  checkAgainstEvidence(path, real, policy);
  if (lst && !lst.isDirectory()) {
    throw new OutputRefused(lst.isFile() ? 'exists' : 'special', path, `${path}: exists and is not a folder`);
  }
  return real;
}
