import { IncomingMessage, ServerResponse } from 'node:http';
import type { IisServerReading } from '../../src/iis/model';
import { createSimulatorCertificate, SimulatorCertificate, writeCertificatePem } from './certificate';
import { ActiveFaults, pickFaults, SimulatedFaults, validateFaults } from './faults';
import { HttpsListener, LISTEN_ADDRESS, startHttpsListener } from './listener';
import { NtlmConnectionRecord, NtlmConnections } from './ntlm-auth';
import { sha256 } from './request-handler';
import { RequestLog, RequestLogEntry } from './request-log';
import { serveRequest, ServingContext } from './serve-request';
import { createSimulatedServer, SimulatedServer, SimulatedServerOptions } from './state';

export interface SimulatedServerDefinition {
  host: string;
  reading: IisServerReading;
  /** Options and fault switches of this server. */
  options?: SimulatedServerOptions;
}

export interface IisSimulatorOptions {
  servers: SimulatedServerDefinition[];
  /** The token every request must send as `Access-Token: Bearer <token>`. */
  accessToken: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free port. */
  port?: number;
  /** Send numbers and booleans as strings, as the service's documentation shows them. */
  numbersAsStrings?: boolean;
  /** Reject every request with 401 `Negotiate,NTLM`, as a server that requires Windows authentication. */
  requireWindowsAuth?: boolean;
}

export interface IisSimulator {
  /**
   * Base URL of one server: `https://127.0.0.1:PORT/<host>`, on the second listener while the
   * server's `wrongCertificate` switch is on.
   */
  url(host: string): string;
  /** The self-signed certificate, without its private key. */
  certificatePem: string;
  /** SHA-256 fingerprint, upper-case hex pairs joined by colons (Node.js `fingerprint256`). */
  certificateFingerprint: string;
  /** Writes `certificatePem` to a file, for a client's CA file setting. */
  writeCertificate(path: string): void;
  /**
   * Replaces or adds a server's state and its fault switches (none when `options` has none). Ids
   * stay the same for the same host, site and pool. Turning `wrongCertificate` on here needs the
   * second listener, which `setFaults` or a server defined with it at start has started.
   */
  setServer(host: string, reading: IisServerReading, options?: SimulatedServerOptions): void;
  removeServer(host: string): void;
  /** Replaces the token that every request must send, as when a token is rotated on the service. */
  setAccessToken(accessToken: string): void;
  /**
   * Replaces the fault switches of a server; resolves when they are in effect. Starts the second
   * listener the first time `wrongCertificate` is on.
   */
  setFaults(host: string, faults: SimulatedFaults): Promise<void>;
  /** Turns every fault switch of a server off. */
  clearFaults(host: string): void;
  /** Requests received so far for one server, or for all when `host` is omitted. */
  requests(host?: string): number;
  /** The last requests of one server (up to 10,000), oldest first, with the faults they got. */
  requestLog(host: string): RequestLogEntry[];
  /**
   * The connections of one server with `requireNtlm` or `kerberosOnly`, in the order they
   * started, with the NTLM steps and handshakes seen on each.
   */
  ntlmConnections(host: string): NtlmConnectionRecord[];
  /** Closes both listeners and every connection, hung requests included. */
  stop(): Promise<void>;
}

/**
 * Starts one HTTPS listener on 127.0.0.1 that serves every simulated server under its own path
 * prefix (`/<host>/api/...`), with a self-signed certificate made at start.
 */
export async function startIisSimulator(options: IisSimulatorOptions): Promise<IisSimulator> {
  validateOptions(options);

  const servers = new Map<string, SimulatedServer>();
  const context: ServingContext = {
    handling: {
      numbersAsStrings: options.numbersAsStrings,
      requireWindowsAuth: options.requireWindowsAuth,
      tokenDigest: sha256(options.accessToken),
      ntlm: new NtlmConnections(),
    },
    faults: new Map(),
    log: new RequestLog(),
    timers: new Set(),
  };

  const applyFaults = (host: string, faults: SimulatedFaults): void => {
    validateFaults(host, faults);
    if (faults.wrongCertificate && alternate === undefined) {
      throw new Error(
        `Faults for simulated server "${host}": wrongCertificate needs the second listener. ` +
          `Call await setFaults("${host}", { wrongCertificate: true }) to start it.`,
      );
    }
    context.faults.set(host.toLowerCase(), new ActiveFaults(faults));
  };
  const setServer = (host: string, reading: IisServerReading, serverOptions: SimulatedServerOptions = {}): void => {
    validateHost(host);
    applyFaults(host, pickFaults(serverOptions));
    servers.set(host.toLowerCase(), createSimulatedServer(host, reading, serverOptions));
  };
  const requireServer = (host: string): void => {
    if (!servers.has(host.toLowerCase())) {
      throw new Error(`No simulated server is named "${host}". Add it with setServer first.`);
    }
  };

  const requestCounts = new Map<string, number>();
  let totalRequests = 0;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    totalRequests += 1;
    const server = findServer(servers, request);
    if (server) {
      requestCounts.set(server.host.toLowerCase(), (requestCounts.get(server.host.toLowerCase()) ?? 0) + 1);
    }
    serveRequest(request, response, server, context);
  };

  // The second listener, with its own certificate, for servers with `wrongCertificate`.
  let alternate: HttpsListener | undefined;
  let alternateStarting: Promise<HttpsListener> | undefined;
  const startAlternate = async (): Promise<void> => {
    alternateStarting ??= createSimulatorCertificate().then(certificate => startHttpsListener(certificate, 0, onRequest));
    alternate = await alternateStarting;
  };

  const hosts = new Set<string>();
  for (const definition of options.servers) {
    if (hosts.has(String(definition.host).toLowerCase())) {
      throw new Error(`Simulated server "${definition.host}" is listed twice. Give each server one entry.`);
    }
    hosts.add(String(definition.host).toLowerCase());
    validateFaults(definition.host, pickFaults(definition.options ?? {}));
  }

  let certificate: SimulatorCertificate;
  let main: HttpsListener;
  try {
    if (options.servers.some(definition => definition.options?.wrongCertificate)) {
      await startAlternate();
    }
    for (const definition of options.servers) {
      setServer(definition.host, definition.reading, definition.options);
    }
    certificate = await createSimulatorCertificate();
    main = await startHttpsListener(certificate, options.port ?? 0, onRequest);
  } catch (error) {
    await alternate?.close();
    throw error;
  }

  return {
    url: host => {
      const onAlternate = alternate !== undefined && context.faults.get(host.toLowerCase())?.wrongCertificate;
      const port = onAlternate ? alternate!.port : main.port;
      return `https://${LISTEN_ADDRESS}:${port}/${encodeURIComponent(host)}`;
    },
    certificatePem: certificate.certificatePem,
    certificateFingerprint: certificate.fingerprint256,
    writeCertificate: path => writeCertificatePem(path, certificate.certificatePem),
    setServer,
    setAccessToken: accessToken => {
      validateOptions({ ...options, accessToken });
      context.handling.tokenDigest = sha256(accessToken);
    },
    removeServer: host => {
      servers.delete(host.toLowerCase());
      context.faults.delete(host.toLowerCase());
    },
    setFaults: async (host, faults) => {
      requireServer(host);
      validateFaults(host, faults);
      if (faults.wrongCertificate) {
        await startAlternate();
      }
      applyFaults(host, faults);
    },
    clearFaults: host => {
      requireServer(host);
      context.faults.delete(host.toLowerCase());
    },
    requests: host => (host === undefined ? totalRequests : requestCounts.get(host.toLowerCase()) ?? 0),
    requestLog: host => context.log.list(host),
    ntlmConnections: host => context.handling.ntlm.list(host),
    stop: async () => {
      context.timers.forEach(timer => clearTimeout(timer));
      context.timers.clear();
      const starting = alternateStarting?.catch(() => undefined);
      await Promise.all([main.close(), starting?.then(listener => listener?.close())]);
    },
  };
}

function validateOptions(options: IisSimulatorOptions): void {
  if (typeof options.accessToken !== 'string' || options.accessToken.trim() === '') {
    throw new Error('accessToken is missing or empty. Pass the token that clients must send.');
  }
  if (options.accessToken.trim() !== options.accessToken) {
    throw new Error('accessToken has leading or trailing white space, which the service trims off.');
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port ${String(options.port)} is invalid. Use 0 for a free port, or 1-65535.`);
  }
}

function validateHost(host: string): void {
  if (typeof host !== 'string' || host === '' || host.includes('/')) {
    throw new Error(`Simulated server host "${String(host)}" is invalid. Use a host name without "/".`);
  }
}

/** Finds the server named by the first path segment, matched case-insensitively like a host name. */
function findServer(servers: Map<string, SimulatedServer>, request: IncomingMessage): SimulatedServer | undefined {
  const first = new URL(request.url ?? '/', 'https://simulator.invalid').pathname.split('/')[1] ?? '';
  try {
    return servers.get(decodeURIComponent(first).toLowerCase());
  } catch {
    return undefined;
  }
}
