import type { Command } from 'commander';
import { openEvidence } from '../../services/decode-file';
import { decodeStatus, inspectReport } from '../../services/inspect';
import { exportDmesg } from '../../services/export-dmesg';
import { CliError, EXIT } from '../io';
import type { CommandContext } from './index';

interface ExportOptions {
  dmesg?: string;
  recovered?: boolean;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write decoded content of an ERST backing file or CPER file')
    .argument('<file>', 'ERST backing file or CPER record file (opened read-only)')
    .option('--dmesg <dir>', 'pstore view: dmesg-erst-<id> files exactly as Linux shows them, plus stitched dumps under dumps/')
    .option('--recovered', 'also export cleared-but-recoverable records (under recovered/)')
    .action((file: string, o: ExportOptions) => {
      const targets = [o.dmesg].filter(Boolean);
      if (!targets.length) throw new CliError('export needs at least one of --dmesg DIR', EXIT.usage);
      const ev = openEvidence(file);
      try {
        const report = inspectReport(ev);
        const status = decodeStatus(ev, report);
        if (status === 3) throw new CliError(`${file}: not an ERST store and no CPER record found`, EXIT.unreadable);
        if (o.dmesg) {
          const files = exportDmesg(ev.input, o.dmesg, { recovered: o.recovered });
          ctx.io.err(`wrote ${files.length} file${files.length === 1 ? '' : 's'} under ${o.dmesg}\n`);
        }
        ctx.done(status);
      } finally {
        ev.file.close();
      }
    });
}
