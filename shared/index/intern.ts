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

  /** The index of `s`, or -1 when it never occurred. */
  find(s: string): number {
    return this.byValue.get(s) ?? -1;
  }
}
