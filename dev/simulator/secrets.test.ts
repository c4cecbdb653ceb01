import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IisServerReading } from '../../src/iis/model';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { crawlServer } from './test-crawl';
import { sampleReading, SPECIFIC_USER_PASSWORD } from './test-readings';

const TOKEN = 'secrets-test-token';
const HOST = 'web01.corp.example';

/** Builds a reading whose objects carry passwords in extra properties, as a careless reader might. */
function readingWithSmuggledPasswords(): IisServerReading {
  const reading = sampleReading(HOST);
  for (const pool of reading.applicationPools) {
    Object.assign(pool, { password: SPECIFIC_USER_PASSWORD, processModel: { password: SPECIFIC_USER_PASSWORD } });
  }
  for (const site of reading.sites) {
    Object.assign(site, { password: SPECIFIC_USER_PASSWORD });
    for (const app of site.applications) Object.assign(app, { password: SPECIFIC_USER_PASSWORD });
  }
  return reading;
}

let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({
    servers: [{ host: HOST, reading: readingWithSmuggledPasswords() }],
    accessToken: TOKEN,
  });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

function peerCertificate(url: string, ca: string): Promise<X509Certificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost' }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw));
    });
    socket.once('error', reject);
  });
}

describe('served bodies', () => {
  it.each([
    ['JSON', {}],
    ['HAL', { Accept: 'application/hal+json' }],
  ])('never contain a password property (%s)', async (_name, headers) => {
    const bodies = await crawlServer(client, HOST, headers);
    expect(bodies.length).toBeGreaterThan(15);
    for (const body of bodies) {
      expect(body).not.toMatch(/password/i);
      expect(body).not.toContain('enc:');
      expect(body).not.toContain('PRIVATE KEY');
    }
  });
});

describe('certificate', () => {
  it('contains no private key', () => {
    expect(simulator.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(simulator.certificatePem).not.toContain('PRIVATE');
  });

  it('matches the certificate the listener presents', async () => {
    const presented = await peerCertificate(simulator.url(HOST), simulator.certificatePem);
    expect(presented.fingerprint256).toBe(simulator.certificateFingerprint);
    expect(simulator.certificateFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('names localhost and 127.0.0.1 like the IIS setup certificate', () => {
    const certificate = new X509Certificate(simulator.certificatePem);
    expect(certificate.subject).toBe('CN=localhost');
    expect(certificate.issuer).toBe('CN=localhost');
    expect(certificate.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('is valid for about two years from now', () => {
    const certificate = new X509Certificate(simulator.certificatePem);
    const days = (Date.parse(certificate.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(725);
    expect(days).toBeLessThan(735);
    expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(Date.now());
  });

  it('writes only the certificate to a file', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'iis-simulator-'));
    try {
      const file = path.join(folder, 'ca.pem');
      simulator.writeCertificate(file);
      const written = readFileSync(file, 'utf8');
      expect(written).toBe(simulator.certificatePem);
      expect(written).not.toContain('PRIVATE');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
