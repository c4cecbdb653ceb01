/**
 * Runs one task per key for a burst of requests: the first request starts a window of `windowMs`,
 * requests in the window join it, and the task runs once at its end with every requester. A
 * request that arrives while the task runs starts one more run after it, because the change the
 * requester made may have come after the running task read its data.
 */
export class KeyedDebouncer {
  private readonly pending = new Map<string, { requesters: string[]; timer: NodeJS.Timeout }>();
  private readonly running = new Map<string, { again: string[] }>();

  constructor(
    private readonly windowMs: number,
    private readonly task: (key: string, requesters: string[]) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** Requests a run for `key`; returns whether the request joined one already waiting. */
  request(key: string, requester: string): 'scheduled' | 'joined' {
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.requesters.push(requester);
      return 'joined';
    }
    const inFlight = this.running.get(key);
    if (inFlight) {
      inFlight.again.push(requester);
      return inFlight.again.length > 1 ? 'joined' : 'scheduled';
    }
    this.schedule(key, [requester]);
    return 'scheduled';
  }

  /** Cancels every waiting run; runs in progress finish. */
  stop(): void {
    for (const { timer } of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }

  private schedule(key: string, requesters: string[]) {
    const timer = setTimeout(() => void this.run(key), this.windowMs);
    timer.unref?.();
    this.pending.set(key, { requesters, timer });
  }

  private async run(key: string) {
    const waiting = this.pending.get(key);
    this.pending.delete(key);
    if (!waiting) {
      return;
    }
    const state = { again: [] as string[] };
    this.running.set(key, state);
    try {
      await this.task(key, waiting.requesters);
    } catch (error) {
      this.onError(key, error);
    } finally {
      this.running.delete(key);
      if (state.again.length > 0) {
        this.schedule(key, state.again);
      }
    }
  }
}
