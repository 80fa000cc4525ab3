/** Strings that repeat record after record (GUIDs, dump reasons), stored once and named by index. */
export class Interner {
  readonly values: string[] = [];
  private readonly byValue = new Map<string, number>();

  /** The index of `s`, adding it the first time. */
  id(s: string): number {
    let i = this.byValue.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.byValue.set(s, i);
    }
    return i;
  }

  /**
   * The index of the string `text(b, from, to)` gives for bytes `b[from, to)`: the bytes of
   * the last call are kept, and a repeat (the same GUID or reason record after record) is
   * answered without building the string.
   */
  idOfBytes(b: Uint8Array, from: number, to: number, text: (b: Uint8Array, from: number, to: number) => string): number {
    const n = to - from;
    const last = this.lastBytes;
    if (this.lastId >= 0 && n === this.lastLength) {
      let i = 0;
      while (i < n && b[from + i] === last[i]) i++;
      if (i === n) return this.lastId;
    }
    const id = this.id(text(b, from, to));
    if (n <= last.length) {
      last.set(b.subarray(from, to));
      this.lastLength = n;
      this.lastId = id;
    } else this.lastId = -1;
    return id;
  }

  private readonly lastBytes = new Uint8Array(64);
  private lastLength = 0;
  private lastId = -1;

  /** The index of `s`, or -1 when it never occurred. */
  find(s: string): number {
    return this.byValue.get(s) ?? -1;
  }
}
