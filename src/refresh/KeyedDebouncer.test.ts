import { describe, expect, it } from 'vitest';
import { KeyedDebouncer } from './KeyedDebouncer';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(done => (resolve = done));
  return { promise, resolve };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}

function fail(key: string, error: unknown): never {
  throw new Error(`unexpected failure for ${key}: ${error}`);
}

describe('KeyedDebouncer', () => {
  it('runs a burst once with every requester', async () => {
    const runs: Array<[string, string[]]> = [];
    const debouncer = new KeyedDebouncer(30, async (key, requesters) => {
      runs.push([key, requesters]);
    }, fail);
    const outcomes = Array.from({ length: 50 }, (_, index) => debouncer.request('web01', `entity-${index}`));
    expect(outcomes.filter(outcome => outcome === 'scheduled')).toHaveLength(1);
    expect(outcomes.filter(outcome => outcome === 'joined')).toHaveLength(49);
    await until(() => runs.length === 1);
    expect(runs[0][0]).toBe('web01');
    expect(runs[0][1]).toHaveLength(50);
  });

  it('keeps keys apart', async () => {
    const keys: string[] = [];
    const debouncer = new KeyedDebouncer(10, async key => {
      keys.push(key);
    }, fail);
    debouncer.request('web01', 'a');
    debouncer.request('web02', 'b');
    await until(() => keys.length === 2);
    expect(keys.sort()).toEqual(['web01', 'web02']);
  });

  it('runs again for a request during a run', async () => {
    const gate = deferred();
    const runs: string[][] = [];
    const debouncer = new KeyedDebouncer(10, async (_key, requesters) => {
      runs.push(requesters);
      if (runs.length === 1) {
        await gate.promise;
      }
    }, fail);
    debouncer.request('web01', 'first');
    await until(() => runs.length === 1);
    expect(debouncer.request('web01', 'second')).toBe('scheduled');
    expect(debouncer.request('web01', 'third')).toBe('joined');
    gate.resolve();
    await until(() => runs.length === 2);
    expect(runs[1]).toEqual(['second', 'third']);
  });

  it('runs again after a failed run', async () => {
    let calls = 0;
    const errors: string[] = [];
    const debouncer = new KeyedDebouncer(
      10,
      async () => {
        calls++;
        throw new Error('read failed');
      },
      (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    );
    debouncer.request('web01', 'a');
    await until(() => errors.length === 1);
    debouncer.request('web01', 'b');
    await until(() => calls === 2 && errors.length === 2);
    expect(errors).toEqual(['web01: read failed', 'web01: read failed']);
  });
});
