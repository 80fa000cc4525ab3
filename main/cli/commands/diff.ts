import type { Command } from 'commander';
import { openEvidence, type OpenedEvidence } from '../../services/decode-file';
import { diffSnapshots } from '../../../shared/diff/store-diff';
import { formatDiffText } from '../../../shared/diff/text';
import { CliError, EXIT } from '../io';
import { provenanceInputs, writeWithProvenance } from '../../report/case-report';
import type { CommandContext } from './index';

/** Opens an input for comparison; anything unreadable or unrecognised is exit 3, as diff(1) uses 2 for trouble. */
export function openForDiff(path: string): OpenedEvidence {
  let ev: OpenedEvidence;
  try {
    ev = openEvidence(path);
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`, EXIT.unreadable);
  }
  if (ev.unrecognised) {
    ev.file.close();
    throw new CliError(`${path}: not an ERST store and no CPER record found`, EXIT.unreadable);
  }
  return ev;
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description(
      'compare two snapshots of a backing file (or two CPER files): header, slots written/cleared/overwritten, records and dumps (exit 0 same, 1 different)',
    )
    .argument('<a>', 'the earlier file (opened read-only)')
    .argument('<b>', 'the later file (opened read-only)')
    .option('--json [out]', 'print the comparison as JSON, or write it to OUT with OUT.provenance.json and OUT.SHA256SUMS beside it')
    .option('--force', 'replace an existing --json OUT')
    .action((a: string, b: string, o: { json?: boolean | string; force?: boolean }) => {
      const ea = openForDiff(a);
      let eb: OpenedEvidence | undefined;
      try {
        eb = openForDiff(b);
        const d = diffSnapshots({ input: ea.input, bytes: ea.file }, { input: eb.input, bytes: eb.file });
        if (o.json) {
          const doc = {
            before: { path: a, size: ea.file.size, sha256: ea.file.sha256() },
            after: { path: b, size: eb.file.size, sha256: eb.file.sha256() },
            ...d,
          };
          const text = JSON.stringify(doc, null, 2) + '\n';
          if (typeof o.json === 'string') {
            const inputs = provenanceInputs([
              { path: a, ev: ea },
              { path: b, ev: eb },
            ]);
            writeWithProvenance(o.json, text, { command: 'diff', options: { json: true }, inputs }, { evidence: [a, b], force: !!o.force });
            ctx.io.err(`wrote ${o.json} (with .provenance.json and .SHA256SUMS)\n`);
          } else ctx.io.out(text);
        } else ctx.io.out(formatDiffText(d, { before: a, after: b }));
        ctx.done(d.same ? EXIT.ok : EXIT.errors, 'the files differ');
      } finally {
        ea.file.close();
        eb?.file.close();
      }
    });
}
