/** The report's only style: inline, light, with print rules (page breaks, no clipped text, colours kept for the slot map). */
export const REPORT_CSS = `
:root { --fg: #1d2329; --muted: #5f6973; --border: #d5dbe1; --panel: #f5f7f9; --accent: #1f5fbf; --bad: #b3261e; --warn: #9a5200; --good: #1a7f37;
  --live: #2e9a57; --cleared: #d08a00; --empty: #e9edf1; --header: #8a96a3; --unreadable: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; color: var(--fg); background: #fff; }
header { padding: 20px 32px 12px; border-bottom: 3px solid var(--accent); }
h1 { margin: 0 0 2px; font-size: 22px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 20px 0 6px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
main { padding: 0 32px 40px; max-width: 1400px; }
nav { font-size: 13px; margin-top: 6px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.mono, code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 12px; }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
.good { color: var(--good); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--border); padding: 4px 8px; white-space: nowrap; }
td { border-bottom: 1px solid var(--border); padding: 4px 8px; vertical-align: top; }
.num { text-align: right; }
tr.cleared td { color: var(--muted); }
.sev.fatal { color: var(--bad); font-weight: 600; }
.sev.recoverable { color: var(--warn); font-weight: 600; }
.sev.corrected { color: var(--good); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.finding { font-weight: 600; }
.slotmap { display: flex; flex-wrap: wrap; gap: 3px; margin: 6px 0 2px; }
.cell { display: inline-block; min-width: 28px; height: 22px; padding: 0 4px; border-radius: 3px; font: 11px/22px ui-monospace, 'DejaVu Sans Mono', monospace; text-align: center; color: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; vertical-align: middle; }
.cell.live { background: var(--live); }
.cell.cleared { background: var(--cleared); }
.cell.empty { background: var(--empty); color: var(--muted); }
.cell.header { background: var(--header); }
.cell.unreadable { background: var(--unreadable); }
.legend { font-size: 12px; color: var(--muted); }
.legend .cell { min-width: 14px; height: 12px; }
.dump { border: 1px solid var(--border); border-radius: 6px; padding: 4px 14px 10px; margin: 10px 0; background: var(--panel); }
.dump p { margin: 4px 0; }
ul.gaps { margin: 6px 0; padding-left: 20px; color: var(--warn); }
pre.log { background: #fff; border: 1px solid var(--border); border-radius: 4px; padding: 8px 10px; max-height: 480px; overflow: auto; white-space: pre-wrap; word-break: break-all; margin: 6px 0 0; }
tr.error td:first-child { color: var(--bad); font-weight: 600; }
tr.warning td:first-child { color: var(--warn); font-weight: 600; }
section.file { margin-top: 10px; }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 11px; }
  header { padding: 0 0 8px; }
  main { padding: 0; max-width: none; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  section.file { break-before: page; }
  tr, .dump h4, dl.facts { break-inside: avoid; }
  pre.log { max-height: none; overflow: visible; font-size: 9.5px; }
  table { font-size: 10.5px; }
}
`;
