/** Undo/redo over immutable snapshots. Consecutive commits with the same key (typing in one field) merge. */

export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;

  constructor(
    private present: T,
    private readonly limit = 100,
    private readonly mergeWindowMs = 1000,
  ) {}

  /** Records `next` as the new present. With a `key` equal to the previous commit's (and soon after), the step is merged. */
  commit(next: T, key: string | null = null, now: number = Date.now()): void {
    const merge = key !== null && key === this.lastKey && now - this.lastAt < this.mergeWindowMs;
    if (!merge) {
      this.past.push(this.present);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.present = next;
    this.future = [];
    this.lastKey = key;
    this.lastAt = now;
  }

  undo(): T | null {
    const previous = this.past.pop();
    if (previous === undefined) return null;
    this.future.push(this.present);
    this.present = previous;
    this.lastKey = null;
    return previous;
  }

  redo(): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.present);
    this.present = next;
    this.lastKey = null;
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
