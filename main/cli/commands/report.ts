import type { Command } from 'commander';
import { UnrecognisedInput, writeCaseReport } from '../../report/case-report';
import { ScanCancelled } from '../../services/evidence-scan';
import { cancelOnSigint, progressLine } from '../../services/progress-line';
import { openCaseFor, useCase } from '../../case/cli';
import { CliError, EXIT, processIO } from '../io';
import type { CommandContext } from './index';

interface ReportOptions {
  html?: string;
  csv?: string;
  window: string;
  title?: string;
  force?: boolean;
  case?: string;
  quiet?: boolean;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description(
      'a case report of one or more files: self-contained HTML (summary, geometry, slot map, records, dumps, hardware errors, diagnostics, provenance) and/or CSV (one row per record), each with provenance.json and SHA256SUMS beside it',
    )
    .argument('<files...>', 'backing files, CPER files, pstore folders (opened read-only)')
    .option('--html <out>', 'write the HTML report here')
    .option('--csv <out>', 'write one CSV row per record here')
    .option('--window <seconds>', 'link hardware errors up to this many seconds before a dump', '60')
    .option('--title <text>', 'title of the HTML report')
    .option('--force', 'replace outputs that already exist')
    .option('--case <file>', 'case file (notes, bookmarks, log): its notes go into the report and the report is logged in it')
    .option('--quiet', 'no progress line on stderr')
    .action(async (paths: string[], o: ReportOptions) => {
      if (!o.html && !o.csv) throw new CliError('report needs --html OUT and/or --csv OUT', EXIT.usage);
      const window = Number(o.window);
      if (!Number.isFinite(window) || window < 0) throw new CliError(`--window ${o.window}: not a number of seconds`, EXIT.usage);
      const command = [
        'erst-viewer',
        'report',
        ...paths,
        ...(o.html ? ['--html', o.html] : []),
        ...(o.csv ? ['--csv', o.csv] : []),
        '--window',
        String(window),
      ].join(' ');
      const c = o.case ? openCaseFor(o.case, paths) : undefined;
      const notes = c
        ? c.case.items.flatMap((it) => {
            const i = c.sha256.indexOf(it.target.sha256);
            if (i < 0) return [];
            const where = it.target.record
              ? `record ${it.target.record.index}${it.target.record.recordId ? ` (id ${it.target.record.recordId})` : ''}`
              : it.target.range
                ? `bytes 0x${it.target.range.offset.toString(16)}+${it.target.range.length}`
                : 'file';
            return [{ file: paths[i], target: `${it.kind} · ${where}`, text: it.text }];
          })
        : undefined;
      const tty = ctx.io === processIO && !o.quiet && !!process.stderr.isTTY;
      const progress = progressLine('report', (s) => ctx.io.err(s), tty);
      const sig = ctx.io === processIO ? cancelOnSigint() : undefined;
      let res;
      try {
        res = await writeCaseReport(paths, {
          html: o.html,
          csv: o.csv,
          command,
          windowMs: window * 1000,
          title: o.title,
          notes,
          options: { window, title: o.title ?? null, html: !!o.html, csv: !!o.csv },
          policy: { evidence: paths, force: !!o.force },
          refuseUnrecognised: true,
          onProgress: (p) => progress.update(p.bytes, p.total, p.records),
          cancelled: sig?.cancelled,
        });
      } catch (e) {
        if (e instanceof UnrecognisedInput) throw new CliError(e.message, EXIT.unreadable);
        if (e instanceof ScanCancelled) throw new CliError('cancelled (Ctrl-C); unfinished outputs removed', EXIT.errors);
        throw e;
      } finally {
        progress.done();
        sig?.release();
      }
      if (o.case) useCase(o.case, paths, 'report', `wrote ${res.written.map((w) => `${w.path} sha256 ${w.sha256}`).join(', ')}`);
      ctx.io.err(`wrote ${[o.html, o.csv].filter(Boolean).join(' and ')} (with .provenance.json and .SHA256SUMS)\n`);
      ctx.done(res.status ? EXIT.errors : EXIT.ok);
    });
}
