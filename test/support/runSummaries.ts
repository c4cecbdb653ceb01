import type { LogLine } from './recordingLogger';
import { waitFor } from './catalogClient';

/** The provider's run summary lines so far, oldest first. */
export function runSummaries(logs: LogLine[]): string[] {
  return logs.filter(line => /^Read \d+ of \d+ IIS servers/.test(line.message)).map(line => line.message);
}

/** Waits until the provider has logged its `count`-th run summary and returns that line. */
export function waitForRun(logs: LogLine[], count: number, timeoutMs = 30_000): Promise<string> {
  return waitFor(`run summary number ${count}`, async () => runSummaries(logs)[count - 1], timeoutMs);
}
