import { hex0x, hex64 } from '../bytes/hex';
import type { RecordSummary } from '../report/inspect';
import type { Timeline } from '../timeline/build';
import { esc, escLog } from './escape';
import { REPORT_CSS } from './style';
import { MAX_HW_ERRORS, MAX_RECORD_ROWS, type FileView, type ReportDump } from './view';

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
  files: FileView[];
  timeline: Timeline;
  /** Every input with its size and sha256 as read. */
  inputs: { path: string; size: number; sha256: string }[];
  notes?: ReportNote[];
}

/** Past this a dump's text is cut in the report (the full text is in the dmesg export). */
const MAX_DUMP_TEXT = 2 * 1024 * 1024;

const plural = (n: number, w: string, p = w + 's') => `${n.toLocaleString('en-US')} ${n === 1 ? w : p}`;
const hex = (n: number) => hex0x(n);
const time = (iso: string | null) => (iso ? esc(iso.replace('T', ' ').replace(/Z$/, ' UTC')) : '<span class="muted">no time</span>');
const anchor = (fi: number, what: string) => `f${fi}-${what}`;

function kindOf(f: FileView): string {
  if (f.format === 'erst-store') return 'ERST backing store';
  return f.fromPstoreFiles ? 'pstore files' : f.inputForm && f.inputForm !== 'binary' ? `CPER records (${f.inputForm})` : 'CPER records';
}

function summarySection(inp: HtmlReportInput): string {
  const rows = inp.files.map((f, fi) => {
    const c = f.counts;
    const health = c.errors
      ? `<span class="bad">${plural(c.errors, 'error')}</span>`
      : c.warnings
        ? `<span class="warn">${plural(c.warnings, 'warning')}</span>`
        : '<span class="good">no problems found</span>';
    return `<tr><td><a href="#${anchor(fi, 'file')}">${esc(f.name)}</a></td><td>${kindOf(f)}</td>
<td class="num">${f.source.size.toLocaleString('en-US')}</td><td class="num">${c.live}${c.cleared ? ` <span class="muted">+ ${c.cleared} cleared</span>` : ''}</td>
<td class="num">${f.dumpCount}${c.incomplete ? ` <span class="warn">(${c.incomplete} incomplete)</span>` : ''}${f.unmeasuredDumps ? ` <span class="muted">(gaps of ${f.unmeasuredDumps} not looked for)</span>` : ''}</td><td class="num">${c.hw}</td><td>${health}</td></tr>`;
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
    if (!f.counts.incomplete) continue;
    for (const { dump: d } of f.dumps()) {
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

function geometry(f: FileView): string {
  const s = f.store;
  if (!s)
    return `<p class="muted">Not a backing store: ${f.inputForm ? `CPER records carried as ${esc(f.inputForm)}` : 'CPER records or pstore files'}; no slots.</p>`;
  const g = s.geometry;
  const cap = g.capacity;
  return `<dl class="facts">
<dt>record size</dt><dd>${g.recordSize.toLocaleString('en-US')} bytes</dd>
<dt>storage offset</dt><dd>${hex(g.storageOffset)} (${plural(g.headerSlots, 'header slot')})</dd>
<dt>version</dt><dd>${hex(g.version)}</dd>
<dt>record_count</dt><dd>${g.recordCount}</dd>
<dt>slots</dt><dd>${g.slotCount}: ${s.states.map(([k, v]) => `${v} ${esc(k)}`).join(', ')}</dd>
<dt>free</dt><dd>${cap.freeSlots} of ${cap.usableSlots} usable slots${cap.usualDumpParts !== null ? `; the largest dump took ${plural(cap.usualDumpParts, 'slot')}, ${cap.nextDumpFits ? 'another would fit' : '<span class="warn">another would not fit</span>'}` : ''}</dd>
</dl>`;
}

function slotMap(f: FileView): string {
  const s = f.store;
  if (!s) return '';
  if (!s.cells) {
    return `<p class="muted">${s.slots.toLocaleString('en-US')} slots: too many to draw; the counts by state are above and every record is in the table below.</p>`;
  }
  const cells = s.cells.map((sl) => {
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

function recordsTable(f: FileView): string {
  const n = f.counts.records;
  if (!n) return '<p class="muted">No records.</p>';
  return `<table class="records"><thead><tr><th class="num">slot</th><th>state</th><th>record id</th><th>time</th><th>severity</th><th>creator</th><th>sections</th><th>summary</th></tr></thead>
<tbody>${f.firstRecords.slice(0, MAX_RECORD_ROWS).map(recordRow).join('\n')}</tbody></table>${n > MAX_RECORD_ROWS ? `<p class="muted">The first ${MAX_RECORD_ROWS.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} records; the CSV report lists every one.</p>` : ''}`;
}

const NO_TEXT = 'The text was not kept for this large store; export it with <code>erst-viewer export --dmesg</code>.';

function dumpBlock(fi: number, d: ReportDump, text: string | null, noText = NO_TEXT): string {
  const parts = d.parts
    .map((p) => `Part${p.part}${p.slot !== null ? ` (slot ${p.slot}${p.state === 'cleared' ? ', cleared' : ''})` : ''}`)
    .join(', ');
  const gaps = d.gaps?.length
    ? `<ul class="gaps">${d.gaps.map((g) => `<li><strong>Part${g.part}</strong>: ${esc(g.reason)}</li>`).join('')}</ul>`
    : d.missingParts.length
      ? `<ul class="gaps">${d.missingParts.map((p) => `<li><strong>Part${p}</strong>: missing</li>`).join('')}</ul>`
      : '';
  let body: string;
  if (text === null) body = `<p class="muted">${noText}</p>`;
  else {
    const cut = text.length > MAX_DUMP_TEXT;
    body = `<pre class="log">${escLog(cut ? text.slice(text.length - MAX_DUMP_TEXT) : text)}</pre>${cut ? `<p class="muted">Only the last ${MAX_DUMP_TEXT.toLocaleString('en-US')} characters are shown.</p>` : ''}`;
  }
  const producer =
    d.producer && d.producer.generation !== 'unknown' ? ` · written by Linux ${esc(d.producer.generation.replace('linux', ''))}` : '';
  const length =
    d.textLength === null
      ? 'log length not measured (compressed parts not inflated)'
      : `${d.textLength.toLocaleString('en-US')} bytes of log`;
  return `<article class="dump" id="${anchor(fi, `dump-${d.bootId}-${d.reason}${d.count}`)}">
<h4>${esc(d.reason)}#${d.count} <span class="muted">boot ${esc(d.bootId)}${d.bootTime ? ` (first record ${time(d.bootTime)})` : ''}</span></h4>
<p>${plural(d.parts.length, 'part')}: ${esc(parts)} · ${length}${producer}${d.recovered ? ' · includes recovered parts' : ''}</p>
${gaps}${body}</article>`;
}

function hardwareErrors(inp: HtmlReportInput): string {
  const hw = inp.timeline.events.filter((e) => e.kind === 'hw-error');
  const left = inp.files
    .filter((f) => f.hwLeftOut)
    .map(
      (f) =>
        `<p class="muted">${esc(f.name)}: ${plural(f.hwLeftOut!, 'more hardware error')} not listed here nor linked to dumps (a large input keeps its first ${MAX_HW_ERRORS.toLocaleString('en-US')}); the CSV report lists every record.</p>`,
    )
    .join('');
  if (!hw.length) return '<p class="muted">No hardware-error record in the files.</p>' + left;
  const boots = new Map(inp.timeline.events.map((e) => [e.id, e.bootId ?? '?']));
  const links = new Map<string, { sentence: string; boot: string }[]>();
  for (const c of inp.timeline.correlations)
    links.set(c.errorId, [...(links.get(c.errorId) ?? []), { sentence: c.sentence, boot: boots.get(c.dumpId) ?? '?' }]);
  return `<table><thead><tr><th>time</th><th>error</th><th>file</th><th>record</th><th>before a dump</th></tr></thead><tbody>
${hw.map((e) => `<tr><td class="mono">${e.at === null ? '<span class="muted">no time</span>' : esc(new Date(e.at).toISOString().replace('T', ' ').replace('.000Z', ' UTC'))}</td><td class="sev ${esc(e.severity ?? '')}">${esc(e.label)}</td><td>${esc(e.file)}</td><td>${esc(e.detail)}</td><td>${(links.get(e.id) ?? []).map((s) => `<strong>${esc(s.sentence)}</strong> <span class="muted">(boot ${esc(s.boot)})</span>`).join('<br>')}</td></tr>`).join('\n')}
</tbody></table><p class="muted">Linked when the error's time lies at most ${Math.round(inp.timeline.windowMs / 1000)} s before a dump.</p>${left}`;
}

function diagnosticsTable(f: FileView): string {
  const all = f.diagnostics;
  if (!all.length) return '<p class="muted">No diagnostics.</p>';
  const more = f.diagnosticsLeftOut
    ? `<p class="muted">The first ${plural(all.length, 'diagnostic')} of ${(all.length + f.diagnosticsLeftOut).toLocaleString('en-US')}; <code>erst-viewer inspect</code> lists every one.</p>`
    : '';
  return `<table class="diags"><thead><tr><th>level</th><th>where</th><th>offset</th><th>code</th><th>message</th></tr></thead><tbody>
${all.map(({ where, d }) => `<tr class="${esc(d.level)}"><td>${esc(d.level)}</td><td>${esc(where)}</td><td class="mono">${d.offset !== undefined ? hex(d.offset) : ''}${d.length ? ` +${d.length}` : ''}</td><td class="mono">${esc(d.code)}</td><td>${esc(d.message)}</td></tr>`).join('\n')}
</tbody></table>${more}`;
}

/** One file's section, written piece by piece (a large store has tens of thousands of dumps). */
function writeFileSection(inp: HtmlReportInput, fi: number, out: (s: string) => void): void {
  const f = inp.files[fi];
  const notes = (inp.notes ?? []).filter((n) => n.file === f.name);
  out(`<section class="file" id="${anchor(fi, 'file')}">
<h2>${esc(f.name)}</h2>
<p class="mono small">sha256 ${esc(f.source.sha256)} · ${f.source.size.toLocaleString('en-US')} bytes</p>
${f.note ? `<p class="muted">${esc(f.note)}</p>\n` : ''}<h3>Store geometry and health</h3>
${geometry(f)}
${slotMap(f)}
<h3>Records</h3>
${recordsTable(f)}
<h3>Dumps</h3>
`);
  if (f.dumpCount) {
    let i = 0;
    let batch: string[] = [];
    for (const { dump, text } of f.dumps()) {
      batch.push(dumpBlock(fi, dump, text, f.noTextReason));
      if (batch.length >= 256) {
        out((i ? '\n' : '') + batch.join('\n'));
        i += batch.length;
        batch = [];
      }
    }
    if (batch.length) out((i ? '\n' : '') + batch.join('\n'));
  } else out('<p class="muted">No pstore dump.</p>');
  out(`
<h3>Diagnostics</h3>
${diagnosticsTable(f)}
${notes.length ? `<h3>Case notes</h3><ul>${notes.map((n) => `<li><strong>${esc(n.target)}</strong>: ${esc(n.text)}</li>`).join('')}</ul>` : ''}
</section>`);
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
 * the time it was made. Written into `out` piece by piece, in order.
 */
export function writeReportHtml(inp: HtmlReportInput, out: (s: string) => void): void {
  const toc = [
    `<a href="#summary">Summary</a>`,
    `<a href="#hardware">Hardware errors</a>`,
    ...inp.files.map((f, i) => `<a href="#${anchor(i, 'file')}">${esc(f.name)}</a>`),
    `<a href="#provenance">Provenance</a>`,
  ];
  out(`<!DOCTYPE html>
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
`);
  inp.files.forEach((_, i) => {
    if (i) out('\n');
    writeFileSection(inp, i, out);
  });
  out(`
${provenance(inp)}
</main>
</body>
</html>
`);
}

/** The case report as one string (see writeReportHtml). */
export function reportHtml(inp: HtmlReportInput): string {
  const parts: string[] = [];
  writeReportHtml(inp, (s) => parts.push(s));
  return parts.join('');
}
