import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimulatorCertificate } from './certificate';

export const LISTEN_ADDRESS = '127.0.0.1';

/** One HTTPS listener on 127.0.0.1. */
export interface HttpsListener {
  port: number;
  /** Stops accepting connections and closes the open ones, hung requests included. */
  close(): Promise<void>;
}

/** Starts an HTTPS listener on 127.0.0.1; port 0 picks a free port. Rejects with EADDRINUSE and the like. */
export async function startHttpsListener(
  certificate: SimulatorCertificate,
  port: number,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<HttpsListener> {
  const server: Server = createServer({ cert: certificate.certificatePem, key: certificate.privateKeyPem }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LISTEN_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
