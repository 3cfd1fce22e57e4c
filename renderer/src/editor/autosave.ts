/**
 * Saves the flow a moment after each change, one request at a time; a change made while a save is
 * in flight is saved right after it. The status drives the saved / saving / failed indicator.
 */
import { errorText } from '../api/http.js';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'failed';

export interface AutosaveState {
  status: SaveStatus;
  error: string | null;
}

export class Autosave {
  private state: AutosaveState = { status: 'saved', error: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  /** Whether what is pending holds an edit (not only a moved or zoomed view), which the status shows. */
  private edited = false;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs = 600,
  ) {}

  getState = (): AutosaveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get pending(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /**
   * Something changed: save soon. A `quiet` change (the view panned, zoomed or fitted) is saved too,
   * but is not an edit: the status does not turn to "Unsaved changes" for it.
   */
  schedule(options: { quiet?: boolean } = {}): void {
    this.dirty = true;
    if (!options.quiet) {
      this.edited = true;
      if (this.state.status !== 'saving') this.set({ status: 'unsaved', error: this.state.error });
    }
    if (this.timer) clearTimeout(this.timer);
    // A failure shows in the status; the next change or Retry saves again.
    this.timer = setTimeout(() => this.flush().catch(() => undefined), this.delayMs);
  }

  /** Saves now if anything is unsaved, and resolves when everything is saved; rejects if the save fails. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (!this.dirty) {
      if (this.state.status === 'failed') throw new Error(this.state.error ?? 'Saving failed');
      return;
    }
    this.dirty = false;
    const shown = this.edited || this.state.status === 'failed';
    this.edited = false;
    if (shown) this.set({ status: 'saving', error: null });
    const attempt = this.save();
    this.inFlight = attempt.then(
      () => {
        this.inFlight = null;
        this.set(this.edited ? { status: 'unsaved', error: null } : { status: 'saved', error: null });
        if (this.dirty) this.schedule({ quiet: !this.edited });
      },
      (error: unknown) => {
        this.inFlight = null;
        this.dirty = true;
        this.edited ||= shown;
        this.set({ status: 'failed', error: errorText(error) });
      },
    );
    await this.inFlight;
    if (this.state.status === 'failed') throw new Error(this.state.error ?? 'Saving failed');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private set(state: AutosaveState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
