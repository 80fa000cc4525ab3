import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../main/services/dispatcher';
import { BACKGROUND_NICE } from '../../main/worker/background';
import { corpusPath } from '../helpers/corpus';
import { useBundledWorker } from '../helpers/worker-bundle';

/** The nice value of each thread of this process (Linux /proc: field 19 of a task's stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return [];
    }
  });
}

/**
 * An open file's worker indexes at background priority, so the thread that answers calls is
 * never queued behind it for a CPU; the thread that opened the file keeps its own priority.
 */
describe.runIf(process.platform === 'linux')('an open file’s worker thread', () => {
  const worker = useBundledWorker('erst-priority-');

  it('runs niced while the file is open, and is gone once it is closed', async () => {
    const own = getPriority(0);
    const background = Math.min(19, own + BACKGROUND_NICE);
    const niced = () => threadNices().filter((n) => n === background).length;
    const before = niced();
    const d = createDispatcher({ version: 'test', workerPath: worker.script() });
    try {
      const f = d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
      await f.backend.ready;
      expect(niced()).toBe(before + 1);
      expect(getPriority(0)).toBe(own);
      d.files.close(f.info.id);
      await expect.poll(niced, { timeout: 10_000 }).toBe(before);
    } finally {
      d.dispose();
    }
  }, 60_000);
});
