/**
 * How a background scan steps back for other programs. On Linux a thread's priority counts only
 * against the threads of its own session (the kernel groups a session's threads and shares the
 * CPUs between groups), so a nice reader thread still spends the CPU time of the server's group:
 * while a browser draws the page, the thread that answers calls then waits for its group's next
 * turn, for tens of ms. The reader thread therefore watches its own time waiting for a CPU; when
 * it waits a good part of the time although its process leaves a CPU free, another program wants
 * the CPUs, and it naps, leaving its group's share to the thread that answers. (Waiting while the
 * process's own threads keep every CPU busy, starting, indexing and answering, is no reason to
 * nap.) The naps are bounded, so a scan on a machine that is always busy ends at most
 * 1 / (1 - maxNapShare) times later than it would, plus graceMs.
 */
import { availableParallelism } from 'node:os';

export interface PaceRule {
  /** The shortest time the waiting is judged over, in ms. */
  windowMs: number;
  /** The share of a window spent waiting for a CPU from which the thread counts as kept waiting. */
  busyShare: number;
  /**
   * The CPUs the process must have left to other programs in that window for them to be the ones
   * keeping the thread waiting (otherwise its own threads kept every CPU busy).
   */
  othersCpus: number;
  /** One nap, in ms. */
  napMs: number;
  /** Naps never add up to more than this share of the time since the scan started, plus graceMs. */
  maxNapShare: number;
  /**
   * Naps allowed from the start: a page is most often opened while its file's pass is young,
   * and the pass can then step back for all of the page's first paint.
   */
  graceMs: number;
}

export const BACKGROUND_PACE: PaceRule = { windowMs: 10, busyShare: 0.2, othersCpus: 0.5, napMs: 30, maxNapShare: 0.5, graceMs: 300 };

/**
 * The rule for an open file's index pass. Not on a single CPU: there the pass's own two threads
 * wait for each other all the time, which would read as a busy machine.
 */
export const backgroundPace = (cpus = availableParallelism()): PaceRule | undefined => (cpus > 1 ? BACKGROUND_PACE : undefined);

/** CPU times, in ms: how long the calling thread waited for a CPU, and how long its process's threads ran. */
export interface CpuTimes {
  wait: number;
  own: number;
}

/**
 * The calling thread's wait for a CPU (Linux schedstat: ns on a CPU, ns runnable but waiting) and
 * its process's CPU time, all threads (`usage`, process.cpuUsage: one call, µs), or undefined
 * where the wait cannot be read.
 */
export function cpuTimes(
  read: (path: string) => string,
  usage: () => { user: number; system: number } = process.cpuUsage,
): CpuTimes | undefined {
  try {
    const wait = Number(read('/proc/thread-self/schedstat').split(' ')[1]);
    const { user, system } = usage();
    return Number.isFinite(wait) ? { wait: wait / 1e6, own: (user + system) / 1e3 } : undefined;
  } catch {
    return undefined;
  }
}

export class Pacer {
  private readonly start: number;
  private napped = 0;
  private napFrom = 0;
  private since: number;
  private last: CpuTimes | undefined;

  constructor(
    private readonly rule: PaceRule,
    private readonly cpus: number,
    private readonly now: () => number,
    private readonly times: () => CpuTimes | undefined,
  ) {
    this.start = this.since = now();
    this.last = times();
  }

  /** Called between pieces of work: how long to nap now, in ms (0: go on). */
  next(): number {
    if (!this.last) return 0;
    const t = this.now();
    if (t - this.since < this.rule.windowMs) return 0;
    const cur = this.times();
    if (!cur) return 0;
    const span = t - this.since;
    if (!(span > 0)) return 0;
    const waited = (cur.wait - this.last.wait) / span;
    const used = (cur.own - this.last.own) / span;
    this.last = cur;
    this.since = t;
    // Waiting while this process kept every CPU busy is waiting for its own threads: no nap.
    if (waited < this.rule.busyShare || used > this.cpus - this.rule.othersCpus) return 0;
    const allowed = this.rule.maxNapShare * (t - this.start) + this.rule.graceMs - this.napped;
    const nap = Math.min(this.rule.napMs, Math.floor(allowed));
    if (nap <= 0) return 0;
    this.napFrom = t;
    return nap;
  }

  /** The nap next asked for is over: it counts as long as it lasted, and a new window starts. */
  woke(): void {
    this.since = this.now();
    this.napped += this.since - this.napFrom;
    this.last = this.times() ?? this.last;
  }
}
