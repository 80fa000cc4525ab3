import { getPriority, setPriority } from 'node:os';

/** How much nicer an open file's worker thread is than the thread that started it, on Linux (19 at most). */
export const BACKGROUND_NICE = 10;

/**
 * Makes the calling thread background work: an open file's index pass and the reader threads it
 * starts (a new thread inherits its creator's nice value) then yield the CPU to the thread that
 * answers calls, so a reply does not wait behind the indexing of a large store. Linux only:
 * there the nice value is a thread's own, elsewhere it would lower the whole process.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, Math.min(19, getPriority(0) + BACKGROUND_NICE));
  } catch {
    // Not allowed here: the thread runs at its usual priority.
  }
}
