// The objects on the path from a walk's root to the object being visited, for cycle checks in the
// walks that run over every result (scrubbing, stable hashing, capping). A result is a few levels
// deep: a short array scanned from its end costs less than a WeakSet, whose entries the collector
// must also trace. Past 64 levels it moves to a Set, so a deep value stays linear.

export class PathSet {
  private readonly path: object[] = [];
  private deep: Set<object> | undefined;

  has(value: object): boolean {
    if (this.deep) return this.deep.has(value);
    const { path } = this;
    for (let i = path.length - 1; i >= 0; i--) if (path[i] === value) return true;
    return false;
  }

  /** Enters `value` (must be left with `delete`, innermost first). */
  add(value: object): void {
    if (this.deep) this.deep.add(value);
    else if (this.path.push(value) > 64) this.deep = new Set(this.path);
  }

  delete(value: object): void {
    if (this.deep) this.deep.delete(value);
    else this.path.pop();
  }
}
