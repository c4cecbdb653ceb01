import type { IisHttpsAgent } from '../tlsAgent';

/**
 * A fixed number of single-connection agents, each lent to one request at a time. NTLM
 * authenticates a TCP connection, not a request: the three requests of a handshake must share
 * one connection, and later requests profit from it only if they reach the same connection
 * again. An agent with `maxSockets: 1` and keep-alive guarantees both as long as the server keeps
 * the connection open.
 */
export class ConnectionPool {
  private readonly agents: IisHttpsAgent[] = [];
  /** Agents not lent out, most recently returned last. */
  private readonly idle: IisHttpsAgent[] = [];
  private readonly waiting: Array<(agent: IisHttpsAgent) => void> = [];

  /** `createAgent` must return an agent with keep-alive and `maxSockets: 1`. */
  constructor(
    private readonly size: number,
    private readonly createAgent: () => IisHttpsAgent,
  ) {}

  /**
   * Lends an agent: the one returned last (its connection is the most likely to be open and
   * authenticated), a new one while fewer than `size` exist, or the next one returned. Rejects
   * with `signal.reason` when the signal aborts first.
   */
  acquire(signal?: AbortSignal): Promise<IisHttpsAgent> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    const idle = this.idle.pop();
    if (idle !== undefined) {
      return Promise.resolve(idle);
    }
    if (this.agents.length < this.size) {
      const agent = this.createAgent();
      this.agents.push(agent);
      return Promise.resolve(agent);
    }
    return new Promise<IisHttpsAgent>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(receive);
        if (index !== -1) {
          this.waiting.splice(index, 1);
        }
        reject(signal?.reason);
      };
      const receive = (agent: IisHttpsAgent) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(agent);
      };
      this.waiting.push(receive);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Returns a lent agent, handing it to the longest-waiting request if there is one. */
  release(agent: IisHttpsAgent): void {
    const next = this.waiting.shift();
    if (next !== undefined) {
      next(agent);
      return;
    }
    this.idle.push(agent);
  }

  /** Agents created so far. */
  get created(): number {
    return this.agents.length;
  }

  /** Closes every connection of every agent. */
  destroy(): void {
    this.agents.forEach(agent => agent.agent.destroy());
  }
}
