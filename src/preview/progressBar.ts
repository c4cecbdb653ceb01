/** The part of a stream that the progress bar needs; `process.stderr` has it. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const BAR_WIDTH = 30;

/**
 * A one-line progress bar of servers read, redrawn in place with `\r`. It draws only on a
 * terminal: on a pipe or file every method does nothing, so logs stay free of control output.
 */
export class ProgressBar {
  private done = 0;
  private failed = 0;
  private drawnWidth = 0;
  private readonly enabled: boolean;

  constructor(private readonly stream: ProgressStream, private readonly total: number) {
    this.enabled = stream.isTTY === true && total > 0;
  }

  /** Counts one more server, read or failed, and redraws. */
  tick(failed: boolean): void {
    this.done += 1;
    if (failed) {
      this.failed += 1;
    }
    this.draw();
  }

  draw(): void {
    if (!this.enabled) {
      return;
    }
    const filled = Math.round((this.done / this.total) * BAR_WIDTH);
    const failedText = this.failed > 0 ? `, ${this.failed} failed` : '';
    let line = `Reading IIS servers [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${this.done}/${this.total}${failedText}`;
    const columns = this.stream.columns ?? 80;
    if (line.length >= columns) {
      line = line.slice(0, Math.max(0, columns - 1));
    }
    this.stream.write(`\r${line.padEnd(this.drawnWidth)}`);
    this.drawnWidth = line.length;
  }

  /** Erases the bar, so other output can start on a clean line; `draw()` brings it back. */
  clear(): void {
    if (!this.enabled || this.drawnWidth === 0) {
      return;
    }
    this.stream.write(`\r${' '.repeat(this.drawnWidth)}\r`);
    this.drawnWidth = 0;
  }
}
