import type { Command } from 'commander';
import { openEvidence } from '../../services/decode-file';
import { decodeStatus, inspectReport } from '../../services/inspect';
import { formatInspectText } from '../../services/inspect-text';
import type { CommandContext } from './index';

export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command('inspect')
    .description('summarise an ERST backing file or CPER file: geometry, slot map, records, dumps, diagnostics')
    .argument('<file>', 'ERST backing file or CPER record file (opened read-only)')
    .option('--json', 'print one JSON document instead of the summary')
    .option('--no-fields', 'leave the decoded field trees out of the JSON')
    .action((file: string, o: { json?: boolean; fields: boolean }) => {
      const ev = openEvidence(file);
      try {
        const report = inspectReport(ev, { fields: !!o.json && o.fields });
        ctx.io.out(o.json ? JSON.stringify(report, null, 2) + '\n' : formatInspectText(report));
        const status = decodeStatus(ev, report);
        if (status === 3) ctx.io.err(`erst-viewer: ${file}: not an ERST store and no CPER record found\n`);
        ctx.done(status);
      } finally {
        ev.file.close();
      }
    });
}
