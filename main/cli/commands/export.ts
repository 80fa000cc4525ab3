import type { Command } from 'commander';
import { openEvidence } from '../../services/decode-file';
import { decodeStatus, inspectReport } from '../../services/inspect';
import { exportDmesg } from '../../services/export-dmesg';
import { cperExportInput, writeCperFiles, writeCperJson, writeKernelText } from '../../services/export-cper';
import { CliError, EXIT } from '../io';
import type { CommandContext } from './index';

interface ExportOptions {
  dmesg?: string;
  json?: string;
  text?: string;
  cper?: string;
  recovered?: boolean;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write decoded content of an ERST backing file or CPER file')
    .argument('<file>', 'ERST backing file or CPER record file (opened read-only)')
    .option('--dmesg <dir>', 'pstore view: dmesg-erst-<id> files exactly as Linux shows them, plus stitched dumps under dumps/')
    .option('--json <out>', 'CPER-JSON in libcper\'s conventions (64-bit integers exact)')
    .option('--text <out>', 'kernel-style "[Hardware Error]:" text (Linux cper.c formats)')
    .option('--cper <dir>', 'each record as its own .cper file (bytes as stored)')
    .option('--recovered', 'also export cleared-but-recoverable records (under recovered/)')
    .action((file: string, o: ExportOptions) => {
      const targets = [o.dmesg, o.json, o.text, o.cper].filter(Boolean);
      if (!targets.length) throw new CliError('export needs at least one of --dmesg DIR, --json OUT, --text OUT, --cper DIR', EXIT.usage);
      const ev = openEvidence(file);
      try {
        const report = inspectReport(ev);
        const status = decodeStatus(ev, report);
        if (status === 3) throw new CliError(`${file}: not an ERST store and no CPER record found`, EXIT.unreadable);
        if (o.dmesg) {
          const files = exportDmesg(ev.input, o.dmesg, { recovered: o.recovered });
          ctx.io.err(`wrote ${files.length} file${files.length === 1 ? '' : 's'} under ${o.dmesg}\n`);
        }
        if (o.json || o.text || o.cper) {
          const input = cperExportInput(ev);
          if (o.json) writeCperJson(input, o.json, { recovered: o.recovered });
          if (o.text) writeKernelText(input, o.text, { recovered: o.recovered });
          if (o.cper) {
            const files = writeCperFiles(input, o.cper, { recovered: o.recovered });
            ctx.io.err(`wrote ${files.length} .cper file${files.length === 1 ? '' : 's'} under ${o.cper}\n`);
          }
        }
        ctx.done(status);
      } finally {
        ev.file.close();
      }
    });
}
