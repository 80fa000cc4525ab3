/**
 * Facts about a dump part's log text that survive when the text itself is dropped (large
 * stores keep only lengths): whether it begins and ends on a line boundary, and the printk
 * times of its first and last lines. kmsg_dump_get_buffer() hands pstore whole lines, so a part
 * that begins or ends mid-line was cut after the fact (the compression-failure fallbacks).
 */
import type { PstoreInfo } from '../cper/section';

/** A syslog-style kernel log line start: `<level>`, optionally followed by `[ seconds]`. */
const LINE_START = /^<\d{1,3}>/;
const TIME = /^<\d{1,3}>\[\s*(\d+)\.(\d{1,9})\]/;

function asciiHead(b: Uint8Array, from: number, max: number): string {
  let s = '';
  for (let i = from; i < b.length && i < from + max; i++) {
    if (b[i] === 10) break;
    s += String.fromCharCode(b[i]);
  }
  return s;
}

function timeOf(line: string): number | undefined {
  const m = TIME.exec(line);
  return m ? Number(m[1]) + Number(m[2]) / 10 ** m[2].length : undefined;
}

/** Fills the line facts of `info` from its text (header line at `headerLength`). */
export function lineFacts(text: Uint8Array, info: PstoreInfo): void {
  const start = info.headerLength ?? 0;
  if (text.length <= start) return;
  const first = asciiHead(text, start, 64);
  info.startsAtLine = LINE_START.test(first);
  info.endsAtLine = text[text.length - 1] === 10;
  info.firstTime = info.startsAtLine ? timeOf(first) : undefined;
  // The last whole line: after the last-but-one newline (or the part start).
  let end = text.length - (info.endsAtLine ? 1 : 0);
  let i = end - 1;
  while (i >= start && text[i] !== 10) i--;
  if (!info.endsAtLine) {
    // A part cut mid-line: its last whole line ends at that newline.
    end = i;
    i = end - 1;
    while (i >= start && text[i] !== 10) i--;
  }
  if (end > start && i + 1 >= start) info.lastTime = timeOf(asciiHead(text, i + 1, 64));
}
