// A bounded memo of file reads shared by every row: concurrent rows wait on one read, a failed
// read is forgotten so a later row tries again, and past `max` entries the memo starts over.

export class ReadMemo<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = read();
      entry.catch(() => this.entries.delete(key));
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, entry);
    }
    return entry;
  }
}
