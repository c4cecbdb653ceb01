import { IncomingMessage } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import type { IisServerReading } from '../../src/iis/model';
import { createSimulatorCertificate, writeCertificatePem } from './certificate';
import { handleRequest, sendProblem, sha256 } from './request-handler';
import { createSimulatedServer, SimulatedServer, SimulatedServerOptions } from './state';

export interface SimulatedServerDefinition {
  host: string;
  reading: IisServerReading;
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
  /** Base URL of one server: `https://127.0.0.1:PORT/<host>`. */
  url(host: string): string;
  /** The self-signed certificate, without its private key. */
  certificatePem: string;
  /** SHA-256 fingerprint, upper-case hex pairs joined by colons (Node.js `fingerprint256`). */
  certificateFingerprint: string;
  /** Writes `certificatePem` to a file, for a client's CA file setting. */
  writeCertificate(path: string): void;
  /** Replaces or adds a server's state. Ids stay the same for the same host, site and pool. */
  setServer(host: string, reading: IisServerReading, options?: SimulatedServerOptions): void;
  removeServer(host: string): void;
  /** Requests received so far for one server, or for all when `host` is omitted. */
  requests(host?: string): number;
  stop(): Promise<void>;
}

const LISTEN_ADDRESS = '127.0.0.1';

/**
 * Starts one HTTPS listener on 127.0.0.1 that serves every simulated server under its own path
 * prefix (`/<host>/api/...`), with a self-signed certificate made at start.
 */
export async function startIisSimulator(options: IisSimulatorOptions): Promise<IisSimulator> {
  validateOptions(options);

  const servers = new Map<string, SimulatedServer>();
  const setServer = (host: string, reading: IisServerReading, serverOptions?: SimulatedServerOptions): void => {
    validateHost(host);
    servers.set(host.toLowerCase(), createSimulatedServer(host, reading, serverOptions));
  };
  for (const definition of options.servers) {
    if (servers.has(definition.host.toLowerCase())) {
      throw new Error(`Simulated server "${definition.host}" is listed twice. Give each server one entry.`);
    }
    setServer(definition.host, definition.reading, definition.options);
  }

  const requestCounts = new Map<string, number>();
  let totalRequests = 0;
  const tokenDigest = sha256(options.accessToken);

  const certificate = await createSimulatorCertificate();
  const listener: Server = createServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (request, response) => {
      totalRequests += 1;
      const server = findServer(servers, request);
      if (server) {
        requestCounts.set(server.host.toLowerCase(), (requestCounts.get(server.host.toLowerCase()) ?? 0) + 1);
      }
      try {
        handleRequest(request, response, server, {
          numbersAsStrings: options.numbersAsStrings,
          requireWindowsAuth: options.requireWindowsAuth,
          tokenDigest,
        });
      } catch (error) {
        // A bug in the simulator: respond like the service's generic error instead of hanging.
        console.error(`IIS simulator: request ${request.method} ${request.url} failed:`, error);
        if (!response.headersSent) {
          sendProblem(response, {
            status: 500,
            body: { title: 'Server error', detail: String(error), name: '', status: 500 },
          });
        } else {
          response.destroy();
        }
      }
    },
  );

  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, LISTEN_ADDRESS, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const port = (listener.address() as AddressInfo).port;

  return {
    url: host => `https://${LISTEN_ADDRESS}:${port}/${encodeURIComponent(host)}`,
    certificatePem: certificate.certificatePem,
    certificateFingerprint: certificate.fingerprint256,
    writeCertificate: path => writeCertificatePem(path, certificate.certificatePem),
    setServer,
    removeServer: host => {
      servers.delete(host.toLowerCase());
    },
    requests: host => (host === undefined ? totalRequests : requestCounts.get(host.toLowerCase()) ?? 0),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        listener.close(error => (error ? reject(error) : resolve()));
        listener.closeAllConnections();
      }),
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
