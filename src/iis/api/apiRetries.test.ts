import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from './IisApiClient';
import { IisApiError } from './IisApiError';
import type { IisApiServerOptions } from './types';
import { HttpsTestServer, sendJson, startHttpsTestServer, TestRequestHandler } from './testing/httpsTestServer';
import { createTestCertificate, TestCertificate } from './testing/testCertificates';

const TOKEN = 'retry-test-token-7d0e52';
const DEADLINE_REASON = "the run's read deadline of 480 s passed";

let certificate: TestCertificate;
let servers: HttpsTestServer[] = [];
let clients: IisApiClient[] = [];
let logLines: string[] = [];

beforeAll(async () => {
  certificate = await createTestCertificate();
});

afterEach(async () => {
  clients.forEach(client => client.close());
  clients = [];
  await Promise.all(servers.map(server => server.close()));
  servers = [];
  expect(logLines.filter(line => line.includes(TOKEN))).toEqual([]);
  logLines = [];
});

async function startApi(handler: TestRequestHandler): Promise<HttpsTestServer> {
  const server = await startHttpsTestServer(certificate, handler);
  servers.push(server);
  return server;
}

/** Creates a client whose retry waits are fixed at half the backoff window. */
function createClient(url: string, options: Partial<IisApiServerOptions> = {}): IisApiClient {
  const log = (message: string) => logLines.push(message);
  const client = new IisApiClient(
    {
      host: 'web01',
      url,
      accessToken: TOKEN,
      certificateFingerprint: certificate.fingerprint256,
      readApplications: false,
      retryBaseDelayMs: 10,
      ...options,
    },
    { logger: { debug: log, warn: log }, random: () => 0.5 },
  );
  clients.push(client);
  return client;
}

async function readError(promise: Promise<unknown>): Promise<IisApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  expect((error as IisApiError).message).not.toContain(TOKEN);
  return error as IisApiError;
}

/** Fails the first `failures` website requests with `fail`, then serves an empty server. */
function failingWebsites(failures: number, fail: TestRequestHandler): TestRequestHandler {
  let websiteRequests = 0;
  return (request, response) => {
    if (!request.url?.startsWith('/api/webserver/websites')) {
      sendJson(response, 200, { app_pools: [] });
      return;
    }
    websiteRequests += 1;
    if (websiteRequests <= failures) {
      fail(request, response);
      return;
    }
    sendJson(response, 200, { websites: [] });
  };
}

const status = (code: number): TestRequestHandler => (_request, response) => {
  response.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': 5 });
  response.end('error');
};
const reset: TestRequestHandler = request => request.socket.destroy();
const hang: TestRequestHandler = () => undefined;

const websiteRequests = (api: HttpsTestServer) => api.requests.filter(request => request.url.startsWith('/api/webserver/websites'));

describe('IisApiClient retries', () => {
  it.each([
    ['reset', reset],
    ['502', status(502)],
    ['503', status(503)],
    ['504', status(504)],
  ])('reads the server after two %s failures', async (_name, fail) => {
    const api = await startApi(failingWebsites(2, fail));

    const reading = await createClient(api.url).readServer();

    expect(reading.sites).toEqual([]);
    expect(websiteRequests(api)).toHaveLength(3);
  });

  it('logs each retry with host, path and attempt', async () => {
    const api = await startApi(failingWebsites(2, status(503)));

    await createClient(api.url).readServer();

    const retries = logLines.filter(line => line.includes('sending attempt'));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/^IIS API GET \/api\/webserver\/websites\?fields=\S+ on server "web01" failed \(http-5xx 503\); sending attempt 2 of 3 in 5 ms$/);
    expect(retries[1]).toContain('sending attempt 3 of 3 in 10 ms');
  });

  it('fails with the last error after the retries', async () => {
    const api = await startApi(failingWebsites(3, status(502)));

    const error = await readError(createClient(api.url).readServer());

    expect(error.kind).toBe('http-5xx');
    expect(error.status).toBe(502);
    expect(error.message).toContain('The request was sent 3 times.');
    expect(websiteRequests(api)).toHaveLength(3);
  });

  it('sends once with retries 0', async () => {
    const api = await startApi(failingWebsites(1, status(503)));

    const error = await readError(createClient(api.url, { retries: 0 }).readServer());

    expect(error.status).toBe(503);
    expect(error.message).not.toContain('The request was sent');
    expect(websiteRequests(api)).toHaveLength(1);
  });

  it.each<[string, TestRequestHandler, string]>([
    ['500', status(500), 'http-5xx'],
    ['403', (_request, response) => sendJson(response, 403, { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 }, 'application/problem+json'), 'access-token'],
    ['404', (_request, response) => sendJson(response, 404, { title: 'Not found', status: 404 }, 'application/problem+json'), 'not-found'],
    ['malformed JSON', (_request, response) => sendJson(response, 200, '{"websites": ['), 'invalid-json'],
    ['a timeout', hang, 'timeout'],
  ])('does not retry %s', async (_name, fail, kind) => {
    const api = await startApi(failingWebsites(1, fail));

    const error = await readError(createClient(api.url, { timeoutMs: 300 }).readServer());

    expect(error.kind).toBe(kind);
    expect(websiteRequests(api)).toHaveLength(1);
    expect(logLines.filter(line => line.includes('sending attempt'))).toEqual([]);
  });

  it('does not retry a TLS failure', async () => {
    const other = await createTestCertificate();
    const api = await startApi(failingWebsites(0, hang));

    const error = await readError(createClient(api.url, { certificateFingerprint: other.fingerprint256 }).readServer());

    expect(error.kind).toBe('certificate-fingerprint');
    expect(error.message).not.toContain('The request was sent');
    expect(logLines.filter(line => line.includes('sending attempt'))).toEqual([]);
  });
});

describe('IisApiClient cancellation', () => {
  it('rejects at once when the signal aborts during a request', async () => {
    const api = await startApi(failingWebsites(1, hang));
    const controller = new AbortController();
    const read = readError(createClient(api.url).readServer({ signal: controller.signal }));
    await waitUntil(() => websiteRequests(api).length === 1);

    const abortedAt = Date.now();
    controller.abort(new Error(DEADLINE_REASON));
    const error = await read;

    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain(`Reading the websites of IIS server "web01" from ${api.url}/api/webserver/websites`);
    expect(error.message).toContain(`was cancelled: ${DEADLINE_REASON}.`);
  });

  it('rejects at once when the signal aborts during a retry wait', async () => {
    const api = await startApi(failingWebsites(1, status(503)));
    const controller = new AbortController();
    const client = createClient(api.url, { retryBaseDelayMs: 30_000 });
    const read = readError(client.readServer({ signal: controller.signal }));
    await waitUntil(() => logLines.some(line => line.includes('sending attempt 2 of 3 in 15000 ms')));

    const abortedAt = Date.now();
    controller.abort(new Error(DEADLINE_REASON));
    const error = await read;

    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain(DEADLINE_REASON);
    expect(websiteRequests(api)).toHaveLength(1);
  });

  it('sends nothing for an aborted signal', async () => {
    const api = await startApi(failingWebsites(0, hang));
    const controller = new AbortController();
    controller.abort();

    const error = await readError(createClient(api.url).readServer({ signal: controller.signal }));

    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain('was cancelled: the caller aborted the read.');
    expect(api.requests).toEqual([]);
  });

  it('closes every application request in flight', async () => {
    const sites = ['a', 'b', 'c', 'd', 'e', 'f'].map(id => ({ name: `site-${id}`, id, key: 1, status: 'started', bindings: [] }));
    let openWebappRequests = 0;
    const api = await startApi((request, response) => {
      if (request.url?.startsWith('/api/webserver/websites')) {
        sendJson(response, 200, { websites: sites });
      } else if (request.url?.startsWith('/api/webserver/application-pools')) {
        sendJson(response, 200, { app_pools: [] });
      } else {
        // Application lists never get a response; the client has to close the connection.
        openWebappRequests += 1;
        response.on('close', () => (openWebappRequests -= 1));
      }
    });
    const controller = new AbortController();
    const read = readError(createClient(api.url, { readApplications: true }).readServer({ signal: controller.signal }));
    await waitUntil(() => openWebappRequests === 4);

    const abortedAt = Date.now();
    controller.abort(new Error(DEADLINE_REASON));
    const error = await read;

    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toMatch(/Reading the applications of site "site-[a-d]"/);
    await waitUntil(() => openWebappRequests === 0, 1000);
  });
});

describe('IisApiClient after a failed request', () => {
  it('closes the other requests of the read', async () => {
    let poolsOpen = false;
    let failWebsites: (() => void) | undefined;
    const api = await startApi((request, response) => {
      if (request.url?.startsWith('/api/webserver/websites')) {
        // Fails only once the pools request is open, so that it is in flight at the failure.
        failWebsites = () =>
          sendJson(response, 403, { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 }, 'application/problem+json');
        if (poolsOpen) {
          failWebsites();
        }
        return;
      }
      // The pools request never gets a response; only the client can end it.
      poolsOpen = true;
      response.on('close', () => (poolsOpen = false));
      failWebsites?.();
    });

    const error = await readError(createClient(api.url, { timeoutMs: 30_000 }).readServer());

    expect(error.kind).toBe('access-token');
    expect(api.requests.map(request => request.url.split('?')[0]).sort()).toEqual([
      '/api/webserver/application-pools',
      '/api/webserver/websites',
    ]);
    await waitUntil(() => !poolsOpen, 1000);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
