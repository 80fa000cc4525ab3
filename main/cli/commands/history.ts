import type { Command } from 'commander';
import { basename } from 'node:path';
import type { OpenedEvidence } from '../../services/decode-file';
import { storeHistory } from '../../case/history';
import { formatHistoryText } from '../../../shared/diff/text';
import { CliError, EXIT } from '../io';
import { openForDiff } from './diff';
import type { CommandContext } from './index';

/**
 * `--trace N=PATH` (N: the boot's place in the series, 1-based, or `bootN`) or `--trace PATH`
 * whose name says `bootN` (QEMU traces kept as bootN.trace.log).
 */
function traceAssignments(values: readonly string[], boots: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const v of values) {
    const m = /^(?:boot)?(\d+)=(.+)$/.exec(v);
    const named = m ? null : /boot(\d+)[^/]*$/.exec(basename(v));
    const n = m ? Number(m[1]) : named ? Number(named[1]) : NaN;
    const path = m ? m[2] : v;
    if (!Number.isInteger(n) || n < 1 || n > boots) {
      throw new CliError(
        `--trace ${v}: say which boot it belongs to (N=PATH with N from 1 to ${boots}, or a file named bootN…)`,
        EXIT.usage,
      );
    }
    if (out.has(n)) throw new CliError(`--trace: boot ${n} has two traces`, EXIT.usage);
    out.set(n, path);
  }
  return out;
}

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history')
    .description(
      "what each boot did to the store, from a series of snapshots in boot order; with a boot's QEMU trace, its failed writes too",
    )
    .argument('<files...>', 'snapshots after boot 1, 2, … N (opened read-only)')
    .option(
      '--trace <boot=path>',
      'QEMU trace of a boot: N=PATH, or a path named bootN… (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--json', 'print the history as JSON')
    .action((paths: string[], o: { trace: string[]; json?: boolean }) => {
      const traces = traceAssignments(o.trace, paths.length);
      const opened: OpenedEvidence[] = [];
      try {
        for (const p of paths) opened.push(openForDiff(p));
        const h = storeHistory(opened.map((ev, i) => ({ ev, trace: traces.get(i + 1) })));
        ctx.io.out(o.json ? JSON.stringify(h, null, 2) + '\n' : formatHistoryText(h));
        const bad = h.some((b) => b.replay && (!b.replay.ok || !b.replay.agrees));
        ctx.done(bad ? EXIT.errors : EXIT.ok, "a boot's trace and its snapshots disagree");
      } finally {
        for (const ev of opened) ev.file.close();
      }
    });
}
