// The objects on the path from a walk's root to the object being visited, for cycle checks in the
// walks that run over every result (scrubbing, stable hashing, capping). A result is a few levels
// deep: a short array scanned from its end costs less than a WeakSet, whose entries the collector
// must also trace. Past 64 levels it moves to a Set, so a deep value stays linear.
//
// The array is never popped: V8 gives an emptied array's storage back, so a walk that returned to
// its root between children (every result, ~10 times) allocated a new one each time, ~2 KB of
// garbage per result. Entries past `depth` are cleared instead, so nothing left is kept alive.

export class PathSet {
  private readonly path: Array<object | undefined> = [];
  private depth = 0;
  private deep: Set<object> | undefined;

  has(value: object): boolean {
    if (this.deep) return this.deep.has(value);
    const { path } = this;
    for (let i = this.depth - 1; i >= 0; i--) if (path[i] === value) return true;
    return false;
  }

  /** Enters `value` (must be left with `delete`, innermost first). */
  add(value: object): void {
    if (this.deep) this.deep.add(value);
    else if (this.depth < 64) this.path[this.depth++] = value;
    else this.deep = new Set([...(this.path.slice(0, this.depth) as object[]), value]);
  }

  delete(value: object): void {
    if (this.deep) this.deep.delete(value);
    else this.path[--this.depth] = undefined;
  }
}
