/** Linux `print_hex_dump(pfx, "", DUMP_PREFIX_OFFSET, 16, groupsize, buf, len, ascii)`. */
export function hexDump(pfx: string, b: Uint8Array, groupsize: 1 | 2 | 4 | 8, ascii: boolean): string[] {
  const lines: string[] = [];
  for (let off = 0; off < b.length; off += 16) {
    const row = b.subarray(off, Math.min(b.length, off + 16));
    // A short last row that is not a whole number of groups falls back to single bytes.
    const gs = row.length % groupsize ? 1 : groupsize;
    const groups: string[] = [];
    for (let i = 0; i < row.length; i += gs) {
      let s = '';
      for (let k = gs - 1; k >= 0; k--) s += row[i + k].toString(16).padStart(2, '0');
      groups.push(s);
    }
    let line = groups.join(' ');
    if (ascii) {
      // hex_dump_to_buffer() places the ASCII column from the group size it fell back to.
      const col = 16 * 2 + 16 / gs + 1;
      line = line.padEnd(col - 1, ' ') + ' ';
      for (const c of row) line += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    lines.push(`${pfx}${off.toString(16).padStart(8, '0')}: ${line}`);
  }
  return lines;
}
