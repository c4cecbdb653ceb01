import https from 'node:https';
import { describe, expect, it } from 'vitest';
import type { IisHttpsAgent } from '../tlsAgent';
import { ConnectionPool } from './connectionPool';

function fakeAgent(): IisHttpsAgent {
  return { agent: new https.Agent(), lastFingerprintMismatch: () => undefined, connectionsOpened: () => 0 };
}

describe('ConnectionPool', () => {
  it('creates agents up to its size', async () => {
    const pool = new ConnectionPool(2, fakeAgent);

    const first = await pool.acquire();
    const second = await pool.acquire();

    expect(first).not.toBe(second);
    expect(pool.created).toBe(2);
  });

  it('lends the agent returned last first', async () => {
    const pool = new ConnectionPool(3, fakeAgent);
    const first = await pool.acquire();
    const second = await pool.acquire();
    pool.release(first);
    pool.release(second);

    expect(await pool.acquire()).toBe(second);
    expect(await pool.acquire()).toBe(first);
    expect(pool.created).toBe(2);
  });

  it('makes the next request wait for a returned agent', async () => {
    const pool = new ConnectionPool(1, fakeAgent);
    const lent = await pool.acquire();
    let received: IisHttpsAgent | undefined;

    const waiting = pool.acquire().then(agent => {
      received = agent;
      return agent;
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(received).toBeUndefined();

    pool.release(lent);
    expect(await waiting).toBe(lent);
    expect(pool.created).toBe(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const pool = new ConnectionPool(1, fakeAgent);
    const lent = await pool.acquire();
    const controller = new AbortController();

    const waiting = pool.acquire(controller.signal);
    controller.abort(new Error('run deadline passed'));

    await expect(waiting).rejects.toThrow('run deadline passed');
    // The aborted request no longer waits, so the agent goes back to the idle list.
    pool.release(lent);
    expect(await pool.acquire()).toBe(lent);
  });

  it('rejects at once for an aborted signal', async () => {
    const pool = new ConnectionPool(1, fakeAgent);
    await expect(pool.acquire(AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    expect(pool.created).toBe(0);
  });
});
