import { hex0x, hex64 } from '../bytes/hex';
import type { Diagnostic } from '../decode/diagnostics';
import type { DumpSummary, InspectReport, RecordSummary } from '../report/inspect';
import type { Timeline } from '../timeline/build';
import { esc, escLog } from './escape';
import { REPORT_CSS } from './style';

export interface ReportFileInput {
  /** Name shown for the file (its path as given). */
  name: string;
  report: InspectReport;
  /** Stitched text of each dump, index-aligned with report.dumps; null where payloads were not kept. */
  dumpTexts: (string | null)[];
}

/** A note or bookmark from the case file, shown in the report. */
export interface ReportNote {
  file: string;
  target: string;
  text: string;
}

export interface HtmlReportInput {
  title: string;
  tool: string;
  version: string;
  /** The command line that made the report (no wall-clock time: the report is reproducible). */
  command: string;
  files: ReportFileInput[];
  timeline: Timeline;
  /** Every input with its size and sha256 as read. */
  inputs: { path: string; size: number; sha256: string }[];
  notes?: ReportNote[];
}

/** Past this a dump's text is cut in the report (the full text is in the dmesg export). */
const MAX_DUMP_TEXT = 2 * 1024 * 1024;
/** Past this many records the table stops (the CSV has every one). */
const MAX_RECORD_ROWS = 10_000;
/** Past this many slots the slot map is summarised by state instead of drawn cell by cell. */
const MAX_SLOT_CELLS = 4096;

const plural = (n: number, w: string, p = w + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? w : p}`;
const hex = (n: number) => hex0x(n);
const time = (iso: string | null) => (iso ? esc(iso.replace('T', ' ').replace(/Z$/, ' UTC')) : '<span class="muted">no time</span>');
const anchor = (fi: number, what: string) => `f${fi}-${what}`;

function allDiagnostics(r: InspectReport): { where: string; d: Diagnostic }[] {
  const out = r.diagnostics.map((d) => ({ where: 'file', d }));
  for (const rec of r.records)
    for (const d of rec.diagnostics)
      out.push({ where: `record ${rec.recordIdHex ?? rec.index}${rec.slot !== null ? ` (slot ${rec.slot})` : ''}`, d });
  return out;
}

function counts(r: InspectReport) {
  const diags = allDiagnostics(r);
  return {
    live: r.records.filter((x) => x.state !== 'cleared').length,
    cleared: r.records.filter((x) => x.state === 'cleared').length,
    hw: r.records.filter((x) => !x.pstore).length,
    errors: diags.filter((x) => x.d.level === 'error').length,
    warnings: diags.filter((x) => x.d.level === 'warning').length,
    incomplete: r.dumps.filter((d) => d.missingParts.length || d.gaps?.length).length,
  };
}

function kindOf(r: InspectReport): string {
  if (r.format === 'erst-store') return 'ERST backing store';
  const fromFiles = r.records.length > 0 && r.records.every((x) => x.diagnostics.some((d) => d.code === 'pstore-files.origin'));
  return fromFiles ? 'pstore files' : r.inputForm && r.inputForm !== 'binary' ? `CPER records (${r.inputForm})` : 'CPER records';
}

function summarySection(inp: HtmlReportInput): string {
  const rows = inp.files.map((f, fi) => {
    const r = f.report;
    const c = counts(r);
    const health = c.errors
      ? `<span class="bad">${plural(c.errors, 'error')}</span>`
      : c.warnings
        ? `<span class="warn">${plural(c.warnings, 'warning')}</span>`
        : '<span class="good">no problems found</span>';
    return `<tr><td><a href="#${anchor(fi, 'file')}">${esc(f.name)}</a></td><td>${kindOf(r)}</td>
<td class="num">${r.source.size.toLocaleString('en-US')}</td><td class="num">${c.live}${c.cleared ? ` <span class="muted">+ ${c.cleared} cleared</span>` : ''}</td>
<td class="num">${r.dumps.length}${c.incomplete ? ` <span class="warn">(${c.incomplete} incomplete)</span>` : ''}</td><td class="num">${c.hw}</td><td>${health}</td></tr>`;
  });
  const links = inp.timeline.correlations;
  const findings: string[] = [];
  const ev = new Map(inp.timeline.events.map((e) => [e.id, e]));
  for (const l of links) {
    const d = ev.get(l.dumpId);
    findings.push(
      `<li class="finding">${esc(l.sentence)}<span class="muted"> · ${esc(ev.get(l.errorId)?.file ?? '')} → boot ${esc(d?.bootId ?? '')} in ${esc(d?.file ?? '')}</span></li>`,
    );
  }
  for (const [fi, f] of inp.files.entries()) {
    for (const d of f.report.dumps) {
      if (d.missingParts.length)
        findings.push(
          `<li>${esc(f.name)}: <a href="#${anchor(fi, `dump-${d.bootId}-${d.reason}${d.count}`)}">${esc(d.reason)}#${d.count}</a> of boot ${esc(d.bootId)} is missing ${plural(d.missingParts.length, 'part')}</li>`,
        );
    }
  }
  return `<section id="summary"><h2>Summary</h2>
<table><thead><tr><th>file</th><th>kind</th><th class="num">bytes</th><th class="num">records</th><th class="num">dumps</th><th class="num">hardware errors</th><th>health</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
${findings.length ? `<h3>Findings</h3><ul>${findings.join('\n')}</ul>` : '<p class="muted">No hardware error precedes a dump and no dump is missing a part.</p>'}
</section>`;
}

function geometry(r: InspectReport): string {
  const s = r.store;
  if (!s)
    return `<p class="muted">Not a backing store: ${r.inputForm ? `CPER records carried as ${esc(r.inputForm)}` : 'CPER records or pstore files'}; no slots.</p>`;
  const cap = s.capacity;
  const states = new Map<string, number>();
  for (const sl of s.slots) states.set(sl.state, (states.get(sl.state) ?? 0) + 1);
  return `<dl class="facts">
<dt>record size</dt><dd>${s.recordSize.toLocaleString('en-US')} bytes</dd>
<dt>storage offset</dt><dd>${hex(s.storageOffset)} (${plural(s.headerSlots, 'header slot')})</dd>
<dt>version</dt><dd>${hex(s.version)}</dd>
<dt>record_count</dt><dd>${s.recordCount}</dd>
<dt>slots</dt><dd>${s.slotCount}: ${[...states].map(([k, v]) => `${v} ${esc(k)}`).join(', ')}</dd>
<dt>free</dt><dd>${cap.freeSlots} of ${cap.usableSlots} usable slots${cap.usualDumpParts !== null ? `; the largest dump took ${plural(cap.usualDumpParts, 'slot')}, ${cap.nextDumpFits ? 'another would fit' : '<span class="warn">another would not fit</span>'}` : ''}</dd>
</dl>`;
}

function slotMap(r: InspectReport): string {
  const s = r.store;
  if (!s) return '';
  if (s.slots.length > MAX_SLOT_CELLS) {
    return `<p class="muted">${s.slots.length.toLocaleString('en-US')} slots: too many to draw; the counts by state are above and every record is in the table below.</p>`;
  }
  const cells = s.slots.map((sl) => {
    const id = sl.recordId ?? sl.mapId;
    const title = `slot ${sl.index} @${hex(sl.offset)}: ${sl.state}${id ? ` · id ${hex64(BigInt(id))}` : ''}`;
    return `<span class="cell ${esc(sl.state)}" title="${esc(title)}">${sl.index}</span>`;
  });
  const legend = ['header', 'live', 'cleared', 'empty', 'unreadable'].map((k) => `<span class="cell ${k}"></span> ${k}`).join(' ');
  return `<h4>Slot map</h4><div class="slotmap">${cells.join('')}</div><p class="legend">${legend}</p>`;
}

function recordRow(r: RecordSummary): string {
  const errs = r.diagnostics.filter((d) => d.level === 'error').length;
  return `<tr class="${esc(r.state)}"><td class="num">${r.slot ?? ''}</td><td>${esc(r.state)}</td><td class="mono">${esc(r.recordIdHex ?? '')}<br><span class="muted">${esc(r.recordId ?? '')}</span></td>
<td class="mono">${time(r.timestamp)}<br><span class="muted">${esc(r.timestampEncoding)}</span></td><td class="sev ${esc(r.severity)}">${esc(r.severity)}</td>
<td>${esc(r.creatorName ?? r.creatorId ?? '')}</td><td>${esc(r.sections.map((s) => s.name).join('; '))}</td><td>${esc(r.summary)}${errs ? ` <span class="bad">(${plural(errs, 'error')})</span>` : ''}</td></tr>`;
}

function recordsTable(r: InspectReport): string {
  if (!r.records.length) return '<p class="muted">No records.</p>';
  return `<table class="records"><thead><tr><th class="num">slot</th><th>state</th><th>record id</th><th>time</th><th>severity</th><th>creator</th><th>sections</th><th>summary</th></tr></thead>
<tbody>${r.records.slice(0, MAX_RECORD_ROWS).map(recordRow).join('\n')}</tbody></table>${r.records.length > MAX_RECORD_ROWS ? `<p class="muted">The first ${MAX_RECORD_ROWS.toLocaleString('en-US')} of ${r.records.length.toLocaleString('en-US')} records; the CSV report lists every one.</p>` : ''}`;
}

function dumpBlock(fi: number, d: DumpSummary, text: string | null): string {
  const parts = d.parts
    .map((p) => `Part${p.part}${p.slot !== null ? ` (slot ${p.slot}${p.state === 'cleared' ? ', cleared' : ''})` : ''}`)
    .join(', ');
  const gaps = d.gaps?.length
    ? `<ul class="gaps">${d.gaps.map((g) => `<li><strong>Part${g.part}</strong>: ${esc(g.reason)}</li>`).join('')}</ul>`
    : d.missingParts.length
      ? `<ul class="gaps">${d.missingParts.map((p) => `<li><strong>Part${p}</strong>: missing</li>`).join('')}</ul>`
      : '';
  let body: string;
  if (text === null)
    body = '<p class="muted">The text was not kept for this large store; export it with <code>erst-viewer export --dmesg</code>.</p>';
  else {
    const cut = text.length > MAX_DUMP_TEXT;
    body = `<pre class="log">${escLog(cut ? text.slice(text.length - MAX_DUMP_TEXT) : text)}</pre>${cut ? `<p class="muted">Only the last ${MAX_DUMP_TEXT.toLocaleString('en-US')} characters are shown.</p>` : ''}`;
  }
  const producer =
    d.producer && d.producer.generation !== 'unknown' ? ` · written by Linux ${esc(d.producer.generation.replace('linux', ''))}` : '';
  return `<article class="dump" id="${anchor(fi, `dump-${d.bootId}-${d.reason}${d.count}`)}">
<h4>${esc(d.reason)}#${d.count} <span class="muted">boot ${esc(d.bootId)}${d.bootTime ? ` (first record ${time(d.bootTime)})` : ''}</span></h4>
<p>${plural(d.parts.length, 'part')}: ${esc(parts)} · ${d.textLength.toLocaleString('en-US')} bytes of log${producer}${d.recovered ? ' · includes recovered parts' : ''}</p>
${gaps}${body}</article>`;
}

function hardwareErrors(inp: HtmlReportInput): string {
  const hw = inp.timeline.events.filter((e) => e.kind === 'hw-error');
  if (!hw.length) return '<p class="muted">No hardware-error record in the files.</p>';
  const boots = new Map(inp.timeline.events.map((e) => [e.id, e.bootId ?? '?']));
  const links = new Map<string, { sentence: string; boot: string }[]>();
  for (const c of inp.timeline.correlations)
    links.set(c.errorId, [...(links.get(c.errorId) ?? []), { sentence: c.sentence, boot: boots.get(c.dumpId) ?? '?' }]);
  return `<table><thead><tr><th>time</th><th>error</th><th>file</th><th>record</th><th>before a dump</th></tr></thead><tbody>
${hw.map((e) => `<tr><td class="mono">${e.at === null ? '<span class="muted">no time</span>' : esc(new Date(e.at).toISOString().replace('T', ' ').replace('.000Z', ' UTC'))}</td><td class="sev ${esc(e.severity ?? '')}">${esc(e.label)}</td><td>${esc(e.file)}</td><td>${esc(e.detail)}</td><td>${(links.get(e.id) ?? []).map((s) => `<strong>${esc(s.sentence)}</strong> <span class="muted">(boot ${esc(s.boot)})</span>`).join('<br>')}</td></tr>`).join('\n')}
</tbody></table><p class="muted">Linked when the error's time lies at most ${Math.round(inp.timeline.windowMs / 1000)} s before a dump.</p>`;
}

function diagnosticsTable(r: InspectReport): string {
  const all = allDiagnostics(r).filter((x) => x.d.level !== 'info' || !x.d.code.startsWith('pstore-files.origin'));
  if (!all.length) return '<p class="muted">No diagnostics.</p>';
  const order: Record<string, number> = { error: 0, warning: 1, info: 2 };
  all.sort((a, b) => (order[a.d.level] ?? 3) - (order[b.d.level] ?? 3));
  return `<table class="diags"><thead><tr><th>level</th><th>where</th><th>offset</th><th>code</th><th>message</th></tr></thead><tbody>
${all.map(({ where, d }) => `<tr class="${esc(d.level)}"><td>${esc(d.level)}</td><td>${esc(where)}</td><td class="mono">${d.offset !== undefined ? hex(d.offset) : ''}${d.length ? ` +${d.length}` : ''}</td><td class="mono">${esc(d.code)}</td><td>${esc(d.message)}</td></tr>`).join('\n')}
</tbody></table>`;
}

function fileSection(inp: HtmlReportInput, fi: number): string {
  const f = inp.files[fi];
  const r = f.report;
  const notes = (inp.notes ?? []).filter((n) => n.file === f.name);
  return `<section class="file" id="${anchor(fi, 'file')}">
<h2>${esc(f.name)}</h2>
<p class="mono small">sha256 ${esc(r.source.sha256)} · ${r.source.size.toLocaleString('en-US')} bytes</p>
<h3>Store geometry and health</h3>
${geometry(r)}
${slotMap(r)}
<h3>Records</h3>
${recordsTable(r)}
<h3>Dumps</h3>
${r.dumps.length ? r.dumps.map((d, i) => dumpBlock(fi, d, f.dumpTexts[i] ?? null)).join('\n') : '<p class="muted">No pstore dump.</p>'}
<h3>Diagnostics</h3>
${diagnosticsTable(r)}
${notes.length ? `<h3>Case notes</h3><ul>${notes.map((n) => `<li><strong>${esc(n.target)}</strong>: ${esc(n.text)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function provenance(inp: HtmlReportInput): string {
  return `<section id="provenance"><h2>Provenance</h2>
<dl class="facts"><dt>tool</dt><dd>${esc(inp.tool)} ${esc(inp.version)}</dd><dt>command</dt><dd class="mono">${esc(inp.command)}</dd></dl>
<table><thead><tr><th>input</th><th class="num">bytes</th><th>sha256</th></tr></thead><tbody>
${inp.inputs.map((i) => `<tr><td>${esc(i.path)}</td><td class="num">${i.size.toLocaleString('en-US')}</td><td class="mono">${esc(i.sha256)}</td></tr>`).join('\n')}
</tbody></table>
<p class="muted">Every input was opened read-only and hashed again when this report was written; <code>provenance.json</code> and <code>SHA256SUMS</code> beside this file record the same and the report's own sha256. The same inputs give the same report, byte for byte.</p>
</section>`;
}

/**
 * The case report as one self-contained HTML file: inline style, no script, no external
 * resource, readable in any browser and on paper. Deterministic: nothing in it depends on
 * the time it was made.
 */
export function reportHtml(inp: HtmlReportInput): string {
  const toc = [
    `<a href="#summary">Summary</a>`,
    `<a href="#hardware">Hardware errors</a>`,
    ...inp.files.map((f, i) => `<a href="#${anchor(i, 'file')}">${esc(f.name)}</a>`),
    `<a href="#provenance">Provenance</a>`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(inp.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${esc(inp.title)}</h1><p class="muted">${esc(inp.tool)} ${esc(inp.version)} · ${plural(inp.files.length, 'input')}</p><nav>${toc.join(' · ')}</nav></header>
<main>
${summarySection(inp)}
<section id="hardware"><h2>Hardware errors</h2>${hardwareErrors(inp)}</section>
${inp.files.map((_, i) => fileSection(inp, i)).join('\n')}
${provenance(inp)}
</main>
</body>
</html>
`;
}
