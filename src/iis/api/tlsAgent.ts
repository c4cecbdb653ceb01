import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { FingerprintMismatch } from './connectionErrorMessages';

/** Node.js error code of the error that a pinned agent raises for a certificate it does not accept. */
export const FINGERPRINT_MISMATCH_CODE = 'ERR_IIS_CERTIFICATE_FINGERPRINT_MISMATCH';

/** Connections per server: two collection requests plus four application requests at a time. */
export const MAX_SOCKETS = 4;

/** Trust rule for the server certificate. */
export type CertificateTrust =
  | { kind: 'system' }
  | { kind: 'ca'; caPem: string }
  | { kind: 'fingerprint'; fingerprint: string };

/** An https agent, plus the last certificate that a pinned agent rejected. */
export interface IisHttpsAgent {
  agent: https.Agent;
  lastFingerprintMismatch(): FingerprintMismatch | undefined;
  /**
   * How many TCP connections the agent has opened so far. With `maxSockets: 1` an unchanged
   * count means that requests went over the same connection, which NTLM needs.
   */
  connectionsOpened(): number;
}

/**
 * Returns the fingerprint as upper-case hex pairs joined by colons, the form that Node.js reports,
 * or undefined when the value is not 64 hex digits (colons and whitespace ignored).
 */
export function normalizeFingerprint(value: string): string | undefined {
  const hex = value.replace(/[:\s]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    return undefined;
  }
  return hex.toUpperCase().match(/../g)!.join(':');
}

/**
 * Creates the keep-alive agent for one server, with MAX_SOCKETS connections unless `maxSockets`
 * sets another number. TLS verification is always on.
 */
export function createIisHttpsAgent(
  trust: CertificateTrust,
  handshakeTimeoutMs: number,
  options: { maxSockets?: number } = {},
): IisHttpsAgent {
  const common = { keepAlive: true, maxSockets: options.maxSockets ?? MAX_SOCKETS };

  if (trust.kind === 'fingerprint') {
    const agent = new PinnedCertificateAgent(common, trust.fingerprint, handshakeTimeoutMs);
    return { agent, lastFingerprintMismatch: () => agent.lastMismatch, connectionsOpened: () => agent.opened };
  }
  // The context's `ca` replaces Node's list of root certificates, so only this PEM is trusted.
  const agent = new CountingAgent(trust.kind === 'ca' ? { ...common, secureContext: secureContextFor(trust.caPem) } : common);
  return { agent, lastFingerprintMismatch: () => undefined, connectionsOpened: () => agent.opened };
}

/**
 * TLS contexts by CA PEM. Building a context parses the PEM and costs more CPU than the rest of a
 * connection's setup, so every agent that trusts the same CA file shares one.
 */
const secureContexts = new Map<string, tls.SecureContext>();

function secureContextFor(caPem: string): tls.SecureContext {
  let context = secureContexts.get(caPem);
  if (!context) {
    context = tls.createSecureContext({ ca: caPem });
    secureContexts.set(caPem, context);
  }
  return context;
}

/** An https agent that counts the connections it opens. */
class CountingAgent extends https.Agent {
  opened = 0;

  override createConnection(
    options: https.RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    this.opened += 1;
    return super.createConnection(options, callback);
  }
}

/**
 * Accepts exactly one server certificate, identified by its SHA-256 fingerprint. The socket goes
 * to the HTTP request only after the check passed, so no request byte, and no token, reaches a
 * server that presents another certificate.
 */
class PinnedCertificateAgent extends https.Agent {
  lastMismatch?: FingerprintMismatch;
  opened = 0;

  constructor(
    options: https.AgentOptions,
    private readonly expectedFingerprint: string,
    private readonly handshakeTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    this.opened += 1;
    // Node.js waits for the callback when this method returns undefined.
    const socket = tls.connect({ ...(options as tls.ConnectionOptions), rejectUnauthorized: false });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) {
        return;
      }
      settled = true;
      socket.setTimeout(0);
      if (!error) {
        // From here on the HTTP request handles socket errors. After a failure this listener stays,
        // so a late error on the discarded socket cannot become an uncaught exception.
        socket.removeListener('error', settle);
      }
      callback?.(error, socket);
    };

    socket.on('error', settle);
    // A request that times out while the handshake is pending no longer watches this socket.
    socket.setTimeout(this.handshakeTimeoutMs, () => {
      const error = new Error(`TLS handshake not finished within ${this.handshakeTimeoutMs} ms`) as NodeJS.ErrnoException;
      error.code = 'ETIMEDOUT';
      socket.destroy(error);
    });
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256 ?? '';
      if (presented.toUpperCase() === this.expectedFingerprint) {
        settle(null);
        return;
      }
      this.lastMismatch = { expected: this.expectedFingerprint, presented: presented || '(none)' };
      socket.destroy();
      const error = new Error(
        `server certificate fingerprint ${this.lastMismatch.presented} does not match ${this.expectedFingerprint}`,
      ) as NodeJS.ErrnoException;
      error.code = FINGERPRINT_MISMATCH_CODE;
      settle(error);
    });
    return undefined;
  }
}
