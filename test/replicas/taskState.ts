import { waitFor } from '../support/catalogClient';

interface TaskState {
  status: 'idle' | 'running';
  startsAt?: string;
}

/** Reads a global task's state, which the scheduler keeps in the shared database, through one replica. */
async function readTaskState(catalogUrl: string, taskId: string): Promise<TaskState | undefined> {
  const response = await fetch(`${catalogUrl}/.backstage/scheduler/v1/tasks`);
  if (!response.ok) {
    throw new Error(`GET scheduler tasks failed with ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { tasks: Array<{ taskId: string; taskState: TaskState | null }> };
  return body.tasks.find(task => task.taskId === taskId)?.taskState ?? undefined;
}

/**
 * Waits until no replica runs the task and its next run is at least `marginMs` away, so a
 * replica stopped now is not in the middle of a run and cannot claim one while it shuts down.
 */
export async function waitUntilTaskIdle(catalogUrl: string, taskId: string, marginMs: number): Promise<void> {
  await waitFor(`task ${taskId} to be idle for the next ${marginMs} ms`, async () => {
    const state = await readTaskState(catalogUrl, taskId);
    if (state?.status !== 'idle' || !state.startsAt) {
      return undefined;
    }
    return Date.parse(state.startsAt) - Date.now() >= marginMs ? true : undefined;
  });
}
