import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** Share of the task timeout that reading may use, leaving time to apply the mutation. */
const READ_SHARE_OF_TIMEOUT = 0.8;

/** Returns the time one run may spend reading servers: 80% of the schedule's timeout. */
export function readDeadlineMs(schedule: SchedulerServiceTaskScheduleDefinition): number {
  const timeout = schedule.timeout as HumanDuration | { toMillis(): number } | string;
  let ms: number;
  if (typeof timeout === 'object' && 'toMillis' in timeout) {
    ms = timeout.toMillis();
  } else if (typeof timeout === 'object') {
    ms = durationToMilliseconds(timeout);
  } else {
    // NOTE: an ISO 8601 string timeout is not parsed here; such schedules get 10 minutes.
    ms = 10 * 60_000;
  }
  return Math.max(1000, Math.floor(ms * READ_SHARE_OF_TIMEOUT));
}
