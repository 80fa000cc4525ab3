import type { Command } from 'commander';
import { caseReportInput, openInputs, recordsCsv, reportHtml, writeWithProvenance } from '../../report/case-report';
import { decodeStatus } from '../../services/inspect';
import { openCaseFor, useCase } from '../../case/cli';
import { CliError, EXIT } from '../io';
import type { CommandContext } from './index';

interface ReportOptions {
  html?: string;
  csv?: string;
  window: string;
  title?: string;
  force?: boolean;
  case?: string;
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
    .action((paths: string[], o: ReportOptions) => {
      if (!o.html && !o.csv) throw new CliError('report needs --html OUT and/or --csv OUT', EXIT.usage);
      const window = Number(o.window);
      if (!Number.isFinite(window) || window < 0) throw new CliError(`--window ${o.window}: not a number of seconds`, EXIT.usage);
      const inputs = openInputs(paths);
      try {
        const status = Math.max(...inputs.map(({ ev }) => (ev.unrecognised ? 3 : 0)));
        if (status === 3) {
          const bad = inputs.find(({ ev }) => ev.unrecognised)!;
          throw new CliError(`${bad.path}: not an ERST store, no CPER record and no pstore file found`, EXIT.unreadable);
        }
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
        const doc = caseReportInput(inputs, { command, windowMs: window * 1000, title: o.title, notes });
        const policy = { evidence: paths, force: !!o.force };
        const info = { command: 'report', options: { window, title: o.title ?? null, html: !!o.html, csv: !!o.csv }, inputs: doc.inputs };
        const written: string[] = [];
        if (o.html) written.push(`${o.html} sha256 ${writeWithProvenance(o.html, reportHtml(doc), info, policy).sha256}`);
        if (o.csv) written.push(`${o.csv} sha256 ${writeWithProvenance(o.csv, recordsCsv(doc.files), info, policy).sha256}`);
        if (o.case) useCase(o.case, paths, 'report', `wrote ${written.join(', ')}`);
        ctx.io.err(`wrote ${[o.html, o.csv].filter(Boolean).join(' and ')} (with .provenance.json and .SHA256SUMS)\n`);
        const errors = doc.files.some((f, i) => decodeStatus(inputs[i].ev, f.report) === 1);
        ctx.done(errors ? EXIT.errors : EXIT.ok);
      } finally {
        for (const i of inputs) i.ev.file.close();
      }
    });
}
