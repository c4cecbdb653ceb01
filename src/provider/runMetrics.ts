import { iisMetrics } from '../metrics';
import type { MutationPlan, ServerResult } from './planMutation';

/** Records one run (scheduled, or a refresh-driven read of one server) in the module's metrics. */
export function recordRunMetrics(
  provider: string,
  trigger: 'scheduled' | 'refresh',
  results: ServerResult[],
  plan: MutationPlan,
  started: number,
) {
  iisMetrics.runs.add(1, { provider, trigger });
  iisMetrics.runDuration.record((Date.now() - started) / 1000, { provider, trigger });
  for (const result of results) {
    if (result.reading) {
      iisMetrics.serversRead.add(1, { provider });
    } else {
      iisMetrics.serversFailed.add(1, { provider, kind: result.failure?.kind ?? 'unknown' });
    }
  }

  const countsByType = new Map<string, number>();
  for (const entity of plan.entities) {
    const type = String(entity.spec?.type ?? entity.kind);
    countsByType.set(type, (countsByType.get(type) ?? 0) + 1);
  }
  for (const [type, count] of countsByType) {
    iisMetrics.entities.record(count, { provider, type });
  }
}
