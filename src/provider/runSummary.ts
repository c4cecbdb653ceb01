/** What happened to one server in one run. */
export interface ServerOutcome {
  host: string;
  ok: boolean;
  sites?: number;
  error?: string;
  durationMs: number;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One log line per run: servers read and failed, with the reason per failed server. */
export function formatRunSummary(outcomes: ServerOutcome[], entityCount: number, durationMs: number): string {
  const read = outcomes.filter(outcome => outcome.ok);
  const failed = outcomes.filter(outcome => !outcome.ok);
  const sites = read.reduce((sum, outcome) => sum + (outcome.sites ?? 0), 0);
  let line =
    `Read ${read.length} of ${outcomes.length} IIS servers (${sites} sites) and applied ${entityCount} entities ` +
    `in ${(durationMs / 1000).toFixed(1)} s`;
  if (failed.length > 0) {
    line += `; failed: ${failed.map(outcome => `${outcome.host} (${outcome.error})`).join('; ')}`;
  }
  return line;
}
