import { FIRST_ROWS_QUERY, RECORDS_PAGE, type FileInfo, type OpenProgress, type RecordsWindow } from '../../shared/contract/index';

/** The records window the page's table shows first, for `fileId`. */
export const firstRowsOf = (fileId: string) => ({ fileId, offset: 0, limit: RECORDS_PAGE, query: FIRST_ROWS_QUERY });

/**
 * How long the page of a file still being indexed waits for the file's first rows once the
 * index pass has started: they come within a few tens of ms of it. Longer would hold up the
 * page's script, which then asks for them itself.
 */
const FIRST_ROWS_WAIT_MS = 100;

type Ask = (fileId: string) => Promise<{ ok: true; result: unknown } | { ok: false }>;

/** `p`'s value, or undefined when it takes more than `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * The first rows of the open files, for serve mode's page to end with (boot-page.ts). They are
 * asked for ahead of any page (when the server starts, and again when a file's index is whole,
 * as the rows then carry the exact counts), so they are at hand when the page is served.
 */
export class FirstRows {
  private atHand = new Map<string, RecordsWindow>();
  private asked = new Set<string>();
  /** Asked once the file's index was whole: what an indexed file's page waits for. */
  private final = new Map<string, Promise<RecordsWindow | undefined>>();

  constructor(
    private readonly ask: Ask,
    private readonly waitMs = FIRST_ROWS_WAIT_MS,
  ) {}

  /** Asks for a file's first rows now, to have them when a page is served. */
  prepare(fileId: string): Promise<RecordsWindow | undefined> {
    this.asked.add(fileId);
    return this.ask(fileId).then((r) => {
      if (!r.ok || !this.asked.has(fileId)) return undefined;
      const w = r.result as RecordsWindow;
      // A reply from the whole index is never replaced by one from mid-pass that came after it.
      const held = this.atHand.get(fileId);
      if (!held || held.indexing || !w.indexing) this.atHand.set(fileId, w);
      return w;
    });
  }

  /** An indexed file's rows, asked for once (again after a failed call). */
  private askFinal(fileId: string): Promise<RecordsWindow | undefined> {
    const asked = this.prepare(fileId).then((w) => {
      if (!w) this.final.delete(fileId);
      return w;
    });
    this.final.set(fileId, asked);
    return asked;
  }

  /** A file's progress: asked again once its index is whole; forgotten once closed or failed. */
  onProgress(p: OpenProgress): void {
    if (p.phase === 'ready' && this.asked.has(p.fileId)) void this.askFinal(p.fileId);
    else if (p.phase === 'failed' || p.phase === 'cancelled') {
      this.asked.delete(p.fileId);
      this.atHand.delete(p.fileId);
      this.final.delete(p.fileId);
    }
  }

  /**
   * The rows to end a page with, for the first open file: an indexed file's final rows (at
   * hand or asked for now); a file being indexed, its rows found so far when they are at hand,
   * or when its pass has `started` and they come within the wait; otherwise none (the page
   * asks for them itself).
   */
  async forPage(file: FileInfo, started: boolean): Promise<RecordsWindow | undefined> {
    const held = this.atHand.get(file.id);
    if (file.status === 'ready') {
      if (held && !held.indexing) return held;
      return this.final.get(file.id) ?? this.askFinal(file.id);
    }
    if (file.status !== 'indexing') return undefined;
    if (held) return held;
    return started ? within(this.prepare(file.id), this.waitMs) : undefined;
  }
}
