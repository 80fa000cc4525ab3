import { parsePstoreFileName, type PstoreFileName } from './names';

/** One file's content as systemd-pstore copied it into dmesg.txt. */
export interface DmesgTxtPart {
  name: string;
  parsed: PstoreFileName;
  /** Offset of the content in dmesg.txt. */
  offset: number;
  content: Uint8Array;
}

const LINE_RE = /^((?:dmesg|mce)-[a-z0-9_]+-\d{1,20}(?:\.enc\.z)?):$/;

/**
 * Splits systemd-pstore's dmesg.txt back into the files it was built from. systemd writes
 * each file as `<name>:\n` followed by its content, highest id first (oldest part of the log
 * first), so a line that is exactly a pstore file name and a colon starts the next file.
 * The newline that ends a file's content and the next name line are not separable when the
 * content did not end in one; Linux dmesg parts always do.
 */
export function splitDmesgTxt(bytes: Uint8Array): DmesgTxtPart[] {
  const starts: { name: string; parsed: PstoreFileName; lineStart: number; contentStart: number }[] = [];
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const len = i - lineStart;
    // File name lines are short; skip the rest without building strings.
    if (len > 10 && len < 80 && (bytes[lineStart] === 0x64 || bytes[lineStart] === 0x6d)) {
      const line = String.fromCharCode(...bytes.subarray(lineStart, i));
      const m = LINE_RE.exec(line);
      const parsed = m ? parsePstoreFileName(m[1]) : undefined;
      if (m && parsed) starts.push({ name: m[1], parsed, lineStart, contentStart: Math.min(i + 1, bytes.length) });
    }
    lineStart = i + 1;
  }
  return starts.map((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1].lineStart : bytes.length;
    return { name: s.name, parsed: s.parsed, offset: s.contentStart, content: bytes.subarray(s.contentStart, end) };
  });
}
