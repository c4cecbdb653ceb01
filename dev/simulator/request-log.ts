import type { FaultName } from './faults';

/** One request that a simulated server received. */
export interface RequestLogEntry {
  method: string;
  /** Path and query below the server's base URL, for example `/api/webserver/websites?fields=name`. */
  path: string;
  /** The fault switch that decided the response; undefined for a normal response. */
  fault?: FaultName;
  /** Whether the fault came from `failNext`. */
  fromFailNext: boolean;
  /**
   * The status of a response that was sent completely. Undefined while the response is pending,
   * and for hangs, resets and responses that the client stopped reading.
   */
  status?: number;
}

/** Entries kept per server; older ones are dropped, so a long-running simulator stays small. */
export const MAX_LOG_ENTRIES_PER_SERVER = 10_000;

/** The requests of every simulated server, by host in lower case. */
export class RequestLog {
  private readonly entries = new Map<string, RequestLogEntry[]>();

  /** Adds an entry and returns it, so that the caller can fill in the outcome later. */
  add(host: string, entry: RequestLogEntry): RequestLogEntry {
    const key = host.toLowerCase();
    const list = this.entries.get(key) ?? [];
    list.push(entry);
    if (list.length > MAX_LOG_ENTRIES_PER_SERVER) {
      list.shift();
    }
    this.entries.set(key, list);
    return entry;
  }

  /** Copies of the entries of one server, oldest first. */
  list(host: string): RequestLogEntry[] {
    return (this.entries.get(host.toLowerCase()) ?? []).map(entry => ({ ...entry }));
  }
}
