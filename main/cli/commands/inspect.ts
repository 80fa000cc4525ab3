import { basename } from 'node:path';
import type { Command } from 'commander';
import { EvidenceFile } from '../../evidence/file';
import { openEvidence } from '../../services/decode-file';
import { decodeStatus, inspectReport } from '../../services/inspect';
import { formatInspectText } from '../../services/inspect-text';
import { streamInspect } from '../../services/inspect-stream';
import { ScanCancelled } from '../../services/evidence-scan';
import { cancelOnSigint, progressLine } from '../../services/progress-line';
import { CliError, EXIT, processIO } from '../io';
import { openCaseFor, useCase } from '../../case/cli';
import type { CommandContext } from './index';

export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command('inspect')
    .description('summarise an ERST backing file or CPER file: geometry, slot map, records, dumps, diagnostics')
    .argument('<file>', 'ERST backing file or CPER record file (opened read-only)')
    .option('--json', 'print one JSON document instead of the summary')
    .option('--no-fields', 'leave the decoded field trees out of the JSON')
    .option('--full', 'stores of 64 MiB and more: inflate every compressed part too (text lengths, dump gaps and producers)')
    .option('--quiet', 'no progress line on stderr')
    .option('--case <file>', 'case file: log this inspection in it and print its notes and bookmarks on this file')
    .action(async (file: string, o: { json?: boolean; fields: boolean; full?: boolean; quiet?: boolean; case?: string }) => {
      if (o.case) openCaseFor(o.case, [file]);
      const ev = new EvidenceFile(file);
      let status: 0 | 1 | 3 | undefined;
      try {
        // Stores and binary CPER records are read as they go; the output is written as it is made.
        const tty = ctx.io === processIO && !o.quiet && !!process.stderr.isTTY;
        const progress = progressLine('inspect', (s) => ctx.io.err(s), tty);
        const sig = ctx.io === processIO ? cancelOnSigint() : undefined;
        try {
          status = await streamInspect(ev, (s) => ctx.io.out(s), {
            json: !!o.json,
            fields: !!o.json && o.fields,
            mode: o.full ? 'full' : 'auto',
            onProgress: (p) => progress.update(p.bytes, p.total, p.records),
            cancelled: sig?.cancelled,
          });
        } catch (e) {
          if (e instanceof ScanCancelled) throw new CliError('cancelled (Ctrl-C)', EXIT.errors);
          throw e;
        } finally {
          progress.done();
          sig?.release();
        }
      } finally {
        ev.close();
      }
      if (status === undefined) {
        // Text forms and section-only files: small by nature, decoded whole.
        const opened = openEvidence(file);
        try {
          const report = inspectReport(opened, { fields: !!o.json && o.fields });
          ctx.io.out(o.json ? JSON.stringify(report, null, 2) + '\n' : formatInspectText(report));
          status = decodeStatus(opened, report);
        } finally {
          opened.file.close();
        }
      }
      if (status === 3) ctx.io.err(`erst-viewer: ${file}: not an ERST store and no CPER record found\n`);
      else if (o.case) {
        const c = useCase(o.case, [file], 'open', 'inspect');
        if (c.text) (o.json ? ctx.io.err : ctx.io.out)(c.text);
      }
      ctx.done(
        status,
        status === 1 ? `${basename(file)} decoded with errors (the diagnostics above say where; partial results written)` : undefined,
      );
    });
}
