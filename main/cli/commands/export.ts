import { basename } from 'node:path';
import type { Command } from 'commander';
import { EvidenceFile } from '../../evidence/file';
import { openEvidence } from '../../services/decode-file';
import { decodeStatus, inspectReport } from '../../services/inspect';
import { exportDmesg } from '../../services/export-dmesg';
import { cperExportInput, writeCperFiles, writeCperJson, writeKernelText } from '../../services/export-cper';
import { streamExport } from '../../services/export-stream';
import { ScanCancelled, streamable } from '../../services/evidence-scan';
import { cancelOnSigint, progressLine } from '../../services/progress-line';
import { decodeStore } from '../../../shared/store/decode';
import { writeFileAtomic, writeProvenance, type OutputPolicy } from '../../output/index';
import { redfishLogEntries } from '../../../shared/export/redfish/log-entries';
import { CliError, EXIT, processIO } from '../io';
import { openCaseFor, useCase } from '../../case/cli';
import { pstoreFilesOf } from '../../pstore-files/read';
import type { CommandContext } from './index';

interface ExportOptions {
  dmesg?: string;
  json?: string;
  text?: string;
  cper?: string;
  redfish?: string;
  recovered?: boolean;
  force?: boolean;
  quiet?: boolean;
  case?: string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('write decoded content of an ERST backing file or CPER file')
    .argument('<file>', 'ERST backing file or CPER record file (opened read-only)')
    .option('--dmesg <dir>', 'pstore view: dmesg-erst-<id> files exactly as Linux shows them, plus stitched dumps under dumps/')
    .option('--json <out>', "CPER-JSON in libcper's conventions (64-bit integers exact)")
    .option('--text <out>', 'kernel-style "[Hardware Error]:" text (Linux cper.c formats)')
    .option('--cper <dir>', 'each record as its own .cper file (bytes as stored)')
    .option(
      '--redfish <out>',
      'Redfish LogEntryCollection JSON: each record a LogEntry with DiagnosticDataType CPER (a section-only input: CPERSection)',
    )
    .option('--recovered', 'also export cleared-but-recoverable records (under recovered/)')
    .option('--force', 'replace output files that already exist')
    .option('--quiet', 'no progress line on stderr')
    .option('--case <file>', 'case file: log this export (outputs) in it')
    .action(async (file: string, o: ExportOptions) => {
      const targets = [o.dmesg, o.json, o.text, o.cper, o.redfish].filter(Boolean);
      if (o.case) openCaseFor(o.case, [file]);
      const finish = (code: number) => {
        if (o.case) useCase(o.case, [file], 'export', `export to ${targets.join(', ')}`);
        ctx.done(
          code,
          code === 1 ? `${basename(file)} decoded with errors (run inspect for the diagnostics; partial results written)` : undefined,
        );
      };
      if (!targets.length)
        throw new CliError('export needs at least one of --dmesg DIR, --json OUT, --text OUT, --cper DIR, --redfish OUT', EXIT.usage);
      const policy: OutputPolicy = { evidence: [file], force: !!o.force };
      const ev = new EvidenceFile(file);
      try {
        const kind = streamable(ev);
        if (kind === 'store' && !decodeStore(ev, { records: false, slots: false }).geometry) {
          throw new CliError(`${file}: not an ERST store and no CPER record found`, EXIT.unreadable);
        }
        // Redfish entries are written from the whole decode below.
        if (kind && !o.redfish) {
          const tty = ctx.io === processIO && !o.quiet && !!process.stderr.isTTY;
          const progress = progressLine('export', (s) => ctx.io.err(s), tty);
          const sig = ctx.io === processIO ? cancelOnSigint() : undefined;
          let res;
          try {
            res = await streamExport(
              ev,
              { json: o.json, text: o.text, cper: o.cper, dmesg: o.dmesg },
              {
                recovered: o.recovered,
                policy,
                onProgress: (p) => progress.update(p.bytes, p.total, p.records),
                cancelled: sig?.cancelled,
              },
            );
          } catch (e) {
            if (e instanceof ScanCancelled) throw new CliError('cancelled (Ctrl-C); unfinished outputs removed', EXIT.errors);
            throw e;
          } finally {
            progress.done();
            sig?.release();
          }
          if (res) {
            const info = {
              tool: 'erst-viewer',
              version: '0.1.0',
              command: 'export',
              options: { json: !!o.json, text: !!o.text, cper: !!o.cper, dmesg: !!o.dmesg, recovered: !!o.recovered },
              // A pstore folder is vouched for file by file (what provenance can hash again).
              inputs: pstoreFilesOf(ev) ?? [{ path: file, size: ev.size, sha256: res.sha256 }],
            };
            const targets = [];
            for (const f of [
              [o.json, res.files.json],
              [o.text, res.files.text],
            ] as const) {
              if (f[0] && f[1]) targets.push({ file: f[0], sha256: f[1].sha256(), bytes: f[1].bytesWritten });
            }
            if (targets.length) writeProvenance(targets, info, policy);
            if (o.dmesg) ctx.io.err(`wrote ${plural(res.dmesgCount, 'file')} under ${o.dmesg}\n`);
            if (o.cper) ctx.io.err(`wrote ${plural(res.cperCount, '.cper file')} under ${o.cper}\n`);
            finish(res.status);
            return;
          }
        }
      } finally {
        ev.close();
      }
      // Text forms and section-only files: small by nature, decoded whole.
      const opened = openEvidence(file);
      try {
        const report = inspectReport(opened);
        const status = decodeStatus(opened, report);
        if (status === 3) throw new CliError(`${file}: not an ERST store and no CPER record found`, EXIT.unreadable);
        if (o.dmesg) {
          const files = exportDmesg(opened.input, o.dmesg, { recovered: o.recovered, policy });
          ctx.io.err(`wrote ${plural(files.length, 'file')} under ${o.dmesg}\n`);
        }
        if (o.json || o.text || o.cper) {
          const input = cperExportInput(opened);
          if (o.json) writeCperJson(input, o.json, { recovered: o.recovered, policy });
          if (o.text) writeKernelText(input, o.text, { recovered: o.recovered, policy });
          if (o.cper) {
            const files = writeCperFiles(input, o.cper, { recovered: o.recovered, policy });
            ctx.io.err(`wrote ${plural(files.length, '.cper file')} under ${o.cper}\n`);
          }
        }
        if (o.redfish) {
          const input = cperExportInput(opened);
          const records = input.records.filter((e) => e.state !== 'cleared' || o.recovered).map((e) => e.record);
          writeFileAtomic(o.redfish, redfishLogEntries(records, input.read, input.sections ?? []), policy);
        }
        finish(status);
      } finally {
        opened.file.close();
      }
    });
}
