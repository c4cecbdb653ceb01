import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from './IisApiClient';
import { IisApiError } from './IisApiError';
import type { IisApiServerOptions } from './types';
import { createFakeIisApiHandler } from './testing/fakeIisApi';
import { HttpsTestServer, startHttpsTestServer } from './testing/httpsTestServer';
import { createTestCertificate, TestCertificate } from './testing/testCertificates';

const TOKEN = 'tls-test-token-6b1f0c';
const emptyApi = createFakeIisApiHandler(TOKEN, { websites: [], appPools: [], webappsBySiteId: {} });

let tempDir: string;
let selfSigned: TestCertificate;
let servers: HttpsTestServer[] = [];
let clients: IisApiClient[] = [];

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-api-tls-'));
  selfSigned = await createTestCertificate();
});

afterEach(async () => {
  clients.forEach(client => client.close());
  clients = [];
  await Promise.all(servers.map(server => server.close()));
  servers = [];
});

afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

function writePem(name: string, pem: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, pem);
  return file;
}

async function startServer(certificate: TestCertificate): Promise<HttpsTestServer> {
  const server = await startHttpsTestServer(certificate, emptyApi);
  servers.push(server);
  return server;
}

function createClient(url: string, options: Partial<IisApiServerOptions>): IisApiClient {
  const client = new IisApiClient({ host: 'web01', url, accessToken: TOKEN, readApplications: false, ...options });
  clients.push(client);
  return client;
}

async function readError(client: IisApiClient): Promise<IisApiError> {
  const error = await client.readServer().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  return error as IisApiError;
}

describe('TLS trust with caFile', () => {
  it('trusts the self-signed server certificate itself', async () => {
    const server = await startServer(selfSigned);
    const client = createClient(server.url, { caFile: writePem('self.pem', selfSigned.certPem) });

    const reading = await client.readServer();

    expect(reading.sites).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('trusts a certificate issued by the CA', async () => {
    const ca = await createTestCertificate({ isCa: true });
    const server = await startServer(await createTestCertificate({ issuer: ca }));
    const client = createClient(server.url, { caFile: writePem('ca.pem', ca.certPem) });

    await expect(client.readServer()).resolves.toMatchObject({ source: 'api' });
  });

  it('rejects a certificate from another issuer', async () => {
    const server = await startServer(selfSigned);
    const other = await createTestCertificate();
    const client = createClient(server.url, { caFile: writePem('other.pem', other.certPem) });

    const error = await readError(client);

    expect(error.kind).toBe('tls');
    expect(error.message).toContain('the server certificate is not trusted');
    expect(error.message).toContain('Set caFile');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a certificate for another host name', async () => {
    const ca = await createTestCertificate({ isCa: true });
    const server = await startServer(await createTestCertificate({ issuer: ca, names: ['iis.example.test'] }));
    const client = createClient(server.url, { caFile: writePem('ca-names.pem', ca.certPem) });

    const error = await readError(client);

    expect(error.kind).toBe('tls');
    expect(error.message).toContain('the server certificate is not issued for "127.0.0.1"');
    expect(error.message).toContain('certificateFingerprint');
  });

  it('rejects an expired certificate', async () => {
    const expired = await createTestCertificate({
      notBeforeDate: new Date('2020-01-01T00:00:00Z'),
      notAfterDate: new Date('2022-01-01T00:00:00Z'),
    });
    const server = await startServer(expired);
    const client = createClient(server.url, { caFile: writePem('expired.pem', expired.certPem) });

    const error = await readError(client);

    expect(error.kind).toBe('tls');
    expect(error.message).toContain('outside its validity period (CERT_HAS_EXPIRED)');
  });
});

describe('TLS trust with system CAs', () => {
  it('rejects an untrusted self-signed certificate', async () => {
    const server = await startServer(selfSigned);
    const client = createClient(server.url, {});

    const error = await readError(client);

    expect(error.kind).toBe('tls');
    expect(error.message).toContain(`Reading the websites of IIS server "web01" from ${server.url}/api/webserver/websites?fields=`);
    expect(error.message).toContain('Set caFile to a PEM file');
    expect(error.message).toContain('or set certificateFingerprint');
    expect(server.requests).toHaveLength(0);
  });

  it('reports a server that does not speak TLS', async () => {
    const plain = http.createServer((_request, response) => response.end('plain'));
    await new Promise<void>(resolve => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const error = await readError(createClient(`https://127.0.0.1:${port}`, {}));

      expect(error.kind).toBe('tls');
      expect(error.message).toContain('the TLS handshake with 127.0.0.1:');
      expect(error.message).toContain('Check that url points to the HTTPS port');
    } finally {
      plain.closeAllConnections();
      await new Promise(resolve => plain.close(resolve));
    }
  });
});

describe('TLS trust with certificateFingerprint', () => {
  const spellings: Array<[string, (fingerprint: string) => string]> = [
    ['upper case with colons', fingerprint => fingerprint],
    ['lower case with colons', fingerprint => fingerprint.toLowerCase()],
    ['lower case without colons', fingerprint => fingerprint.replace(/:/g, '').toLowerCase()],
  ];

  it.each(spellings)('accepts the pinned certificate, %s', async (_name, spell) => {
    const server = await startServer(selfSigned);
    const client = createClient(server.url, { certificateFingerprint: spell(selfSigned.fingerprint256) });

    await expect(client.readServer()).resolves.toMatchObject({ location: server.url });
    expect(server.requests.map(request => request.headers['access-token'])).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('accepts the pinned certificate whatever host it names', async () => {
    const otherName = await createTestCertificate({ names: ['iis.example.test'] });
    const server = await startServer(otherName);
    const client = createClient(server.url, { certificateFingerprint: otherName.fingerprint256 });

    await expect(client.readServer()).resolves.toMatchObject({ host: 'web01' });
  });

  it('rejects another certificate before sending any byte', async () => {
    const received: Buffer[] = [];
    const tlsServer = tls.createServer({ cert: selfSigned.certPem, key: selfSigned.keyPem }, socket => {
      socket.on('data', chunk => received.push(chunk));
      socket.on('error', () => undefined);
    });
    await new Promise<void>(resolve => tlsServer.listen(0, '127.0.0.1', resolve));
    const { port } = tlsServer.address() as AddressInfo;
    const pinned = await createTestCertificate();
    try {
      const client = createClient(`https://127.0.0.1:${port}`, { certificateFingerprint: pinned.fingerprint256 });

      const error = await readError(client);

      expect(error.kind).toBe('certificate-fingerprint');
      expect(error.message).toContain(`has the SHA-256 fingerprint ${selfSigned.fingerprint256}`);
      expect(error.message).toContain(`but certificateFingerprint expects ${pinned.fingerprint256}`);
      expect(error.message).toContain('set certificateFingerprint to the new value');
      expect(error.message).not.toContain(TOKEN);
      expect(Buffer.concat(received).length).toBe(0);
    } finally {
      await new Promise(resolve => tlsServer.close(resolve));
    }
  });
});
