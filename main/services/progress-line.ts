/**
 * A one-line progress display on a terminal's stderr (bytes and records), redrawn at most
 * five times a second and erased at the end; and Ctrl-C turned into a cancel request, so a
 * command stops between chunks and removes its temporary outputs instead of dying mid-write.
 */
const MiB = 1024 * 1024;

export interface Progress {
  update(bytes: number, total: number, records: number): void;
  done(): void;
}

const fmt = (n: number) => (n >= 1024 * MiB ? `${(n / (1024 * MiB)).toFixed(2)} GiB` : `${(n / MiB).toFixed(1)} MiB`);

export function progressLine(label: string, write: (s: string) => void, enabled: boolean): Progress {
  let last = 0;
  let shown = false;
  return {
    update(bytes, total, records) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200 && bytes < total) return;
      last = now;
      shown = true;
      const pct = total ? Math.floor((100 * bytes) / total) : 100;
      write(`\r\x1b[K${label}: ${fmt(bytes)} of ${fmt(total)} (${pct}%), ${records.toLocaleString('en-US')} records`);
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Until `release()`, Ctrl-C sets the flag `cancelled()` reads instead of killing the process. */
export function cancelOnSigint(): { cancelled(): boolean; release(): void } {
  let flag = false;
  const onSig = () => {
    flag = true;
  };
  process.on('SIGINT', onSig);
  return { cancelled: () => flag, release: () => void process.off('SIGINT', onSig) };
}
