import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MutationPlan, ServerResult } from './planMutation';

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds the one log line per run: servers read and failed (with the reason per failed server),
 * entities added, updated, removed, kept from unreadable servers and unchanged, and the duration.
 */
export function formatRunSummary(results: ServerResult[], plan: MutationPlan, durationMs: number): string {
  const read = results.filter(result => result.reading);
  const failed = results.filter(result => !result.reading);
  const sites = read.reduce((sum, result) => sum + result.reading!.sites.length, 0);
  const { added, updated, removed, kept, unchanged } = plan.counts;

  let line =
    `Read ${read.length} of ${results.length} IIS servers (${sites} sites) in ${(durationMs / 1000).toFixed(1)} s: ` +
    `${added} entities added, ${updated} updated, ${removed} removed, ${kept} kept, ${unchanged} unchanged`;
  if (failed.length > 0) {
    // The full message of each failure is in its own warning line; the summary keeps the kind.
    line += `; failed: ${failed.map(result => `${result.host} (${result.failure?.kind})`).join(', ')}`;
  }
  return line;
}

/** Logs what the plan decided about unreadable servers and held-back removals. */
export function logPlanWarnings(logger: LoggerService, providerId: string, plan: MutationPlan) {
  for (const server of plan.servers) {
    if (server.status === 'kept') {
      logger.warn(
        `IIS server ${server.host} has been unreadable since ${server.since}; its entities are kept ` +
          `until ${server.keptUntil}, when the grace period ends and they are removed`,
      );
    } else if (server.status === 'dropped') {
      logger.warn(`IIS server ${server.host} has been unreadable since ${server.since}, longer than the grace period: removed its entities`);
    } else if (server.status === 'unknown') {
      logger.warn(`IIS server ${server.host} could not be read and the catalog's copy is unknown: its entities are left as they are`);
    }
  }

  if (plan.duplicates.length > 0) {
    logger.warn(
      `Two entities got the same name, so only the first of each was written: ${plan.duplicates.join(', ')}. ` +
        'Rename one of the servers (host) in the config so their names differ',
    );
  }

  if (plan.heldBack.length > 0) {
    const sample = plan.heldBack.slice(0, 5).join(', ');
    logger.warn(
      `Held back the removal of ${plan.heldBack.length} entities (${sample}${plan.heldBack.length > 5 ? ', ...' : ''}), ` +
        `more than the share catalog.providers.iis.${providerId}.maxRemovalShare allows in one run. ` +
        `Additions and updates were applied. If IIS really lost these sites, raise maxRemovalShare ` +
        `(1 accepts any removal) and trigger the task iis-provider:${providerId}:refresh`,
    );
  }
}
