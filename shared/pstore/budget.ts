import type { PstoreInfo } from '../cper/section';
import type { Diagnostic } from '../decode/diagnostics';
import { inflateDmesg, MAX_INFLATED, type InflateResult } from './inflate';

/**
 * How many bytes the compressed payloads of one file (or one session: pass it as `parent`)
 * may inflate to in total. A deflate stream can grow ~1000×, and many section descriptors can
 * name the same stream, so a limit per section alone lets a small file inflate gigabytes.
 */
export interface InflateBudget {
  readonly total: number;
  remaining: number;
  readonly parent?: InflateBudget;
}

/** Every file may inflate at least this much (one full-size payload)… */
const MIN_FILE_BUDGET = MAX_INFLATED;
/** …and otherwise this many times its own size: real kernel logs compress 3–5×. */
const FILE_BUDGET_RATIO = 8;

export function inflateBudget(total: number, parent?: InflateBudget): InflateBudget {
  return { total, remaining: total, parent };
}

/** The budget of a file of `size` bytes: max(64 MiB, 8 × size). */
function fileInflateBudget(size: number, parent?: InflateBudget): InflateBudget {
  return inflateBudget(Math.max(MIN_FILE_BUDGET, FILE_BUDGET_RATIO * size), parent);
}

function available(b: InflateBudget): number {
  let n = b.remaining;
  for (let p = b.parent; p; p = p.parent) n = Math.min(n, p.remaining);
  return Math.max(0, n);
}

function charge(b: InflateBudget, bytes: number): void {
  for (let p: InflateBudget | undefined = b; p; p = p.parent) p.remaining -= bytes;
}

/** The result of inflating one payload; `budgetSpent` when it was refused because the file's budget ran out. */
export interface BudgetedInflate extends InflateResult {
  budgetSpent?: boolean;
  /** What the section decoder derived from this payload, so a payload shared by descriptors is also scanned once. */
  memo?: { info: Partial<PstoreInfo>; diagnostics: Diagnostic[]; maxDistance?: number };
}

interface Scope {
  budget: InflateBudget;
  /** Recent results by (offset, length), with the bytes they came from: descriptors naming the same bytes share one inflation. */
  cache: Map<string, { raw: Uint8Array; res: BudgetedInflate }>;
  cachedBytes: number;
}

let current: Scope | undefined;
/**
 * Without an explicit scope, the payloads of one buffer (a CPER file, a store window) share
 * one for the rest of the synchronous decode that reads them; a later decode of the same
 * buffer (after the app or emulator changed it, say) starts afresh.
 */
const byBuffer = new WeakMap<ArrayBufferLike, Scope>();

/** Keeps the cache small: the sharing it catches is between descriptors of one record. */
const CACHE_ENTRIES = 256;

/** Runs `run` (a whole decode) with `budget` for every compressed payload inflated inside it. */
export function withInflateBudget<T>(budget: InflateBudget, run: () => T): T {
  const prev = current;
  current = { budget, cache: new Map(), cachedBytes: 0 };
  try {
    return run();
  } finally {
    current = prev;
  }
}

function scopeFor(buffer: ArrayBufferLike): Scope {
  if (current) return current;
  let s = byBuffer.get(buffer);
  if (!s) {
    byBuffer.set(buffer, (s = { budget: fileInflateBudget(buffer.byteLength), cache: new Map(), cachedBytes: 0 }));
    void Promise.resolve().then(() => byBuffer.delete(buffer));
  }
  return s;
}

function remember(s: Scope, key: string, raw: Uint8Array, res: BudgetedInflate): void {
  s.cache.set(key, { raw: raw.slice(), res });
  s.cachedBytes += res.data?.length ?? 0;
  while (s.cache.size > 1 && (s.cache.size > CACHE_ENTRIES || s.cachedBytes > MAX_INFLATED)) {
    const [oldest, old] = s.cache.entries().next().value as [string, { res: BudgetedInflate }];
    s.cache.delete(oldest);
    s.cachedBytes -= old.res.data?.length ?? 0;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Inflates the compressed payload `raw` found at `offset` (absolute, in the source) once per
 * distinct (offset, length) in the current scope, charging what it inflates to the scope's
 * budget; once the budget is spent, later payloads are refused with `budgetSpent`.
 */
export function inflateWithinBudget(raw: Uint8Array, offset: number): BudgetedInflate {
  const s = scopeFor(raw.buffer);
  const key = `${offset}:${raw.length}`;
  const hit = s.cache.get(key);
  if (hit && sameBytes(hit.raw, raw)) return hit.res;
  const left = available(s.budget);
  let res: BudgetedInflate;
  if (left <= 0) {
    res = {
      format: 'unknown',
      budgetSpent: true,
      error: `not inflated: this file's compressed payloads already inflated to the ${s.budget.total}-byte budget for one file`,
    };
  } else {
    const limit = Math.min(MAX_INFLATED, left);
    res = inflateDmesg(raw, limit);
    if (res.data) {
      charge(s.budget, res.data.length);
    } else if (res.error && /more than|larger than|too large/i.test(res.error)) {
      charge(s.budget, limit);
      if (limit < MAX_INFLATED) {
        res = {
          ...res,
          budgetSpent: true,
          error: `not inflated: it would pass the ${s.budget.total}-byte budget for one file's compressed payloads`,
        };
      }
    } else {
      // A corrupt stream stops early; what it produced before is not known, so charge a plausible share.
      charge(s.budget, Math.min(limit, raw.length * FILE_BUDGET_RATIO));
    }
  }
  remember(s, key, raw, res);
  return res;
}
