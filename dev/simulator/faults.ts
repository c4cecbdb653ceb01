/**
 * Fault switches of one simulated server, for tests of how a client copes with slow, broken and
 * misbehaving servers.
 */

/** Statuses that the `status` switch can send. */
export const FAULT_STATUSES = [401, 403, 404, 500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** Failures that `failNext` can produce: transient ones that a client may retry. */
export type TransientFault = 'reset' | 502 | 503 | 504;
const TRANSIENT_FAULTS: readonly TransientFault[] = ['reset', 502, 503, 504];

export interface SimulatedFaults {
  /** Delay before every response of this server, in milliseconds, faults included. */
  latencyMs?: number;
  /** Accept every request and never respond, until the client or `stop()` closes the connection. */
  hang?: boolean;
  /** Close the connection without a response, so the client sees ECONNRESET ("socket hang up"). */
  reset?: boolean;
  /**
   * Respond to every request with this status: 401 (Windows authentication), 403 (bearer token)
   * and 404 with the service's problem+json bodies, 500, 502, 503 and 504 with a short text body.
   */
  status?: FaultStatus;
  /** Respond 200 with an HTML page (`Content-Type: text/html`), as a filtering proxy does. */
  htmlBody?: boolean;
  /**
   * Respond 200 with the first half of the JSON body that the request would get. `content-length`
   * sends a Content-Length that matches the bytes sent; `chunked` sends chunked encoding.
   */
  truncatedJson?: 'content-length' | 'chunked';
  /**
   * Respond 200 with a valid JSON body of this many bytes in chunked encoding: the body that the
   * request would get, with a `padding` string member added first. The body is streamed, not
   * built in memory. Values below the size of the plain body plus 14 bytes send the plain body
   * with an empty `padding`.
   */
  hugeBodyBytes?: number;
  /**
   * Serve this server from a second HTTPS listener on 127.0.0.1 with another self-signed
   * certificate; `url(host)` returns that listener's address while the switch is on.
   */
  wrongCertificate?: boolean;
  /** The next `count` requests fail with `fault`; later requests get the other switches. */
  failNext?: { count: number; fault: TransientFault };
}

/** The failure of one request. `fault` names the switch that chose it, for the request log. */
export type FaultAction =
  | { fault: 'hang' }
  | { fault: 'reset' }
  | { fault: 'status'; status: FaultStatus }
  | { fault: 'html-body' }
  | { fault: 'truncated-json'; encoding: 'content-length' | 'chunked' }
  | { fault: 'huge-body'; bytes: number };

export type FaultName = FaultAction['fault'];

const SWITCH_NAMES = [
  'latencyMs',
  'hang',
  'reset',
  'status',
  'htmlBody',
  'truncatedJson',
  'hugeBodyBytes',
  'wrongCertificate',
  'failNext',
] as const satisfies ReadonlyArray<keyof SimulatedFaults>;
const BOOLEAN_SWITCHES: readonly string[] = ['hang', 'reset', 'htmlBody', 'wrongCertificate'];

/** Switches that decide the response; at most one may be on. */
const RESPONSE_SWITCHES = ['hang', 'reset', 'status', 'htmlBody', 'truncatedJson', 'hugeBodyBytes'] as const;

/** Throws an Error naming the host, the switch and the valid values when `faults` is invalid. */
export function validateFaults(host: string, faults: SimulatedFaults): void {
  const invalid = (problem: string) => new Error(`Faults for simulated server "${host}": ${problem}`);

  for (const [name, value] of Object.entries(faults)) {
    if (!(SWITCH_NAMES as readonly string[]).includes(name)) {
      throw invalid(`"${name}" is not a fault switch. Use ${SWITCH_NAMES.join(', ')}.`);
    }
    if (BOOLEAN_SWITCHES.includes(name) && value !== undefined && typeof value !== 'boolean') {
      throw invalid(`${name} ${JSON.stringify(value)} is invalid. Use true or false.`);
    }
  }

  if (faults.latencyMs !== undefined && !isNonNegativeInteger(faults.latencyMs)) {
    throw invalid(`latencyMs ${String(faults.latencyMs)} is invalid. Use a whole number of milliseconds, 0 or more.`);
  }
  if (faults.status !== undefined && !(FAULT_STATUSES as readonly number[]).includes(faults.status)) {
    throw invalid(`status ${String(faults.status)} is not supported. Use one of ${FAULT_STATUSES.join(', ')}.`);
  }
  if (faults.truncatedJson !== undefined && faults.truncatedJson !== 'content-length' && faults.truncatedJson !== 'chunked') {
    throw invalid(`truncatedJson "${String(faults.truncatedJson)}" is invalid. Use "content-length" or "chunked".`);
  }
  if (faults.hugeBodyBytes !== undefined && !(isNonNegativeInteger(faults.hugeBodyBytes) && faults.hugeBodyBytes > 0)) {
    throw invalid(`hugeBodyBytes ${String(faults.hugeBodyBytes)} is invalid. Use a whole number of bytes, 1 or more.`);
  }
  if (faults.failNext !== undefined) {
    if (typeof faults.failNext !== 'object' || faults.failNext === null) {
      throw invalid('failNext is invalid. Use { count, fault }, for example { "count": 2, "fault": "reset" }.');
    }
    const { count, fault } = faults.failNext;
    if (!isNonNegativeInteger(count)) {
      throw invalid(`failNext.count ${String(count)} is invalid. Use a whole number, 0 or more.`);
    }
    if (!TRANSIENT_FAULTS.includes(fault)) {
      throw invalid(`failNext.fault ${JSON.stringify(fault)} is invalid. Use "reset", 502, 503 or 504.`);
    }
  }

  const on = RESPONSE_SWITCHES.filter(name => faults[name] !== undefined && faults[name] !== false);
  if (on.length > 1) {
    throw invalid(`${on.join(' and ')} are set together, but each decides the whole response. Set one of them.`);
  }
}

function isNonNegativeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The fault switches of one server, with what is left of `failNext`. */
export class ActiveFaults {
  /** A copy, so that later changes by the caller do not leak in. */
  readonly switches: Readonly<SimulatedFaults>;
  private failNextRemaining: number;

  constructor(switches: SimulatedFaults = {}) {
    this.switches = structuredClone(switches);
    this.failNextRemaining = switches.failNext?.count ?? 0;
  }

  get latencyMs(): number {
    return this.switches.latencyMs ?? 0;
  }

  get wrongCertificate(): boolean {
    return this.switches.wrongCertificate === true;
  }

  /**
   * Returns how the next request fails, or undefined when it gets the normal response. Each
   * call uses up one `failNext` failure while some are left.
   */
  takeNextFault(): { action: FaultAction; fromFailNext: boolean } | undefined {
    const { failNext } = this.switches;
    if (failNext !== undefined && this.failNextRemaining > 0) {
      this.failNextRemaining -= 1;
      const action: FaultAction = failNext.fault === 'reset' ? { fault: 'reset' } : { fault: 'status', status: failNext.fault };
      return { action, fromFailNext: true };
    }
    const action = this.persistentFault();
    return action === undefined ? undefined : { action, fromFailNext: false };
  }

  private persistentFault(): FaultAction | undefined {
    const { hang, reset, status, htmlBody, truncatedJson, hugeBodyBytes } = this.switches;
    if (hang) {
      return { fault: 'hang' };
    }
    if (reset) {
      return { fault: 'reset' };
    }
    if (status !== undefined) {
      return { fault: 'status', status };
    }
    if (htmlBody) {
      return { fault: 'html-body' };
    }
    if (truncatedJson !== undefined) {
      return { fault: 'truncated-json', encoding: truncatedJson };
    }
    if (hugeBodyBytes !== undefined) {
      return { fault: 'huge-body', bytes: hugeBodyBytes };
    }
    return undefined;
  }
}

/** Picks the fault switches out of a server's options, leaving the other options behind. */
export function pickFaults(options: SimulatedFaults): SimulatedFaults {
  const { latencyMs, hang, reset, status, htmlBody, truncatedJson, hugeBodyBytes, wrongCertificate, failNext } = options;
  const faults: SimulatedFaults = { latencyMs, hang, reset, status, htmlBody, truncatedJson, hugeBodyBytes, wrongCertificate, failNext };
  for (const key of Object.keys(faults) as Array<keyof SimulatedFaults>) {
    if (faults[key] === undefined) {
      delete faults[key];
    }
  }
  return faults;
}
