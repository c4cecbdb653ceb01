import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IisApiClient } from './IisApiClient';
import { IisApiError, IisApiErrorKind } from './IisApiError';
import { connectionError } from './connectionErrorMessages';
import type { IisApiServerOptions } from './types';
import { API_SAMPLES_AVAILABLE, API_SAMPLES_DIR, API_SAMPLES_SKIP_NOTE } from './testing/apiSamples';
import { HttpsTestServer, sendJson, startHttpsTestServer, TestRequestHandler } from './testing/httpsTestServer';
import { createTestCertificate, TestCertificate } from './testing/testCertificates';

const TOKEN = 'error-test-token-3fa85f64';

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
  // No log line of any test may carry the token.
  expect(logLines.filter(line => line.includes(TOKEN))).toEqual([]);
  logLines = [];
});

async function startApi(handler: TestRequestHandler): Promise<HttpsTestServer> {
  const server = await startHttpsTestServer(certificate, handler);
  servers.push(server);
  return server;
}

function createClient(url: string, options: Partial<IisApiServerOptions> = {}): IisApiClient {
  const log = (message: string) => logLines.push(message);
  const client = new IisApiClient(
    { host: 'web01', url, accessToken: TOKEN, certificateFingerprint: certificate.fingerprint256, readApplications: false, ...options },
    { logger: { debug: log, warn: log } },
  );
  clients.push(client);
  return client;
}

/** Reads the server and returns the IisApiError, after the checks that every error must pass. */
async function readError(client: IisApiClient, url: string): Promise<IisApiError> {
  const error = await client.readServer().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  const apiError = error as IisApiError;
  expect(apiError.message).toContain('IIS server "web01"');
  expect(apiError.message).toContain(url);
  expect(apiError.message).not.toContain(TOKEN);
  expect(apiError.host).toBe('web01');
  return apiError;
}

const onWebsites = (handler: TestRequestHandler): TestRequestHandler => (request, response) => {
  if (request.url?.startsWith('/api/webserver/websites')) {
    handler(request, response);
  } else {
    sendJson(response, 200, { app_pools: [] });
  }
};

const problem = (status: number, body: object): TestRequestHandler => (_request, response) =>
  sendJson(response, status, body, 'application/problem+json');

describe('IisApiClient errors from HTTP responses', () => {
  const cases: Array<[string, TestRequestHandler, IisApiErrorKind, number | undefined, string[]]> = [
    [
      '403 for a bad token',
      problem(403, { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 }),
      'access-token',
      403,
      ['the access token is missing, invalid or expired', 'Access Keys page of the API Explorer at https://127.0.0.1:', 'set it as accessToken'],
    ],
    [
      '401 problem asking for Windows authentication',
      problem(401, { title: 'Unauthorized', authentication_scheme: 'Negotiate,NTLM', status: 401 }),
      'windows-authentication',
      401,
      ['requires Windows authentication (Negotiate,NTLM)', 'security.require_windows_authentication to false', 'security.access_policy.api.users to "Everyone"'],
    ],
    [
      'bare 401 from HTTP.sys',
      (_request, response) => {
        response.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'], 'Content-Length': 0 });
        response.end();
      },
      'windows-authentication',
      401,
      ['requires Windows authentication (Negotiate, NTLM)', 'appsettings.json'],
    ],
    [
      '403 from an access policy',
      problem(403, { title: 'Forbidden', detail: 'User is not allowed', status: 403 }),
      'forbidden',
      403,
      ['HTTP 403: Forbidden: User is not allowed', 'security.access_policy.api'],
    ],
    [
      '404 when IIS is not installed',
      problem(404, { title: 'Not found', detail: 'IIS feature not installed', status: 404 }),
      'iis-not-installed',
      404,
      ['IIS is not installed on the server', 'Install the Web Server (IIS) role'],
    ],
    [
      '404 for a wrong base URL',
      problem(404, { title: 'Not found', status: 404 }),
      'not-found',
      404,
      ['HTTP 404: Not found', 'without /api at the end'],
    ],
    [
      '500 from the service',
      problem(500, { title: 'Server error', detail: 'COMException', status: 500 }),
      'http-5xx',
      500,
      ['HTTP 500: Server error: COMException', 'check the log of the IIS Administration service'],
    ],
    [
      'HTML page',
      (_request, response) => sendJson(response, 200, '<!DOCTYPE html><html><body>IIS Windows Server</body></html>', 'text/html'),
      'html-body',
      200,
      ['the response is an HTML page, not JSON', 'port 55539'],
    ],
    [
      'HTML page without content type',
      (_request, response) => sendJson(response, 200, '\n<html><head></head></html>', ''),
      'html-body',
      200,
      ['HTML page'],
    ],
    [
      'plain text',
      (_request, response) => sendJson(response, 200, 'OK', 'text/plain'),
      'not-json',
      200,
      ['the response is not JSON (content type "text/plain", starting with "OK")'],
    ],
    [
      'truncated JSON',
      (_request, response) => sendJson(response, 200, '{"websites": [{"name": "Default Web Site", "key": 1'),
      'invalid-json',
      200,
      ['the response is not valid JSON (', 'cut off or is malformed'],
    ],
    [
      'JSON without the list',
      (_request, response) => sendJson(response, 200, { sites: [] }),
      'invalid-response',
      200,
      ['the response has no "websites" list'],
    ],
  ];

  it.each(cases)('reports %s', async (_name, handler, kind, status, fragments) => {
    const api = await startApi(onWebsites(handler));

    const error = await readError(createClient(api.url), `${api.url}/api/webserver/websites?fields=`);

    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    for (const fragment of fragments) {
      expect(error.message).toContain(fragment);
    }
  });

  it('removes the token from server text in messages', async () => {
    const api = await startApi(onWebsites(problem(500, { title: 'Error', detail: `bad header Bearer ${TOKEN}`, status: 500 })));

    const error = await readError(createClient(api.url), api.url);

    expect(error.message).toContain('bad header Bearer [access token]');
  });

  it('does not follow a redirect', async () => {
    const target = await startApi(onWebsites(problem(200, { websites: [] })));
    const api = await startApi(onWebsites((_request, response) => {
      response.writeHead(302, { Location: `${target.url}/api/webserver/websites`, 'Content-Length': 0 });
      response.end();
    }));

    const error = await readError(createClient(api.url), api.url);

    expect(error.kind).toBe('redirect');
    expect(error.status).toBe(302);
    expect(error.message).toContain(`HTTP 302 redirect to ${target.url}/api/webserver/websites`);
    expect(target.requests).toEqual([]);
  });

  it('reports the published websites sample as invalid JSON' + API_SAMPLES_SKIP_NOTE, async context => {
    if (!API_SAMPLES_AVAILABLE) {
      context.skip();
    }
    const published = fs.readFileSync(path.join(API_SAMPLES_DIR, 'GET_api_webserver_websites.json'), 'utf8');
    const api = await startApi(onWebsites((_request, response) => sendJson(response, 200, published)));

    const error = await readError(createClient(api.url), api.url);

    expect(error.kind).toBe('invalid-json');
    expect(error.message).toContain('the response is not valid JSON');
  });
});

describe('IisApiClient errors without a usable response', () => {
  it('reports a refused connection', async () => {
    const closed = await startApi(() => undefined);
    await closed.close();
    servers = servers.filter(server => server !== closed);

    const error = await readError(createClient(closed.url), closed.url);

    expect(error.kind).toBe('refused');
    expect(error.message).toContain(`127.0.0.1:${closed.port} refused the connection`);
    expect(error.message).toContain('Check that the IIS Administration service runs');
  });

  it('reports a reset connection', async () => {
    const api = await startApi(onWebsites(request => request.socket.destroy()));

    const error = await readError(createClient(api.url, { retryBaseDelayMs: 1 }), api.url);

    expect(error.kind).toBe('reset');
    expect(error.message).toContain('was closed before the response was complete');
    expect(error.message).toContain('The request was sent 3 times.');
  });

  it('reports a chunked body cut off by a closed connection', async () => {
    const api = await startApi(onWebsites((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"websites": [');
      setTimeout(() => response.socket?.destroy(), 20);
    }));

    const error = await readError(createClient(api.url, { retries: 0 }), api.url);

    expect(error.kind).toBe('reset');
    expect(error.message).toContain('was closed before the response was complete (Premature close)');
  });

  it('reports a body shorter than its Content-Length as a timeout', async () => {
    const api = await startApi(onWebsites((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 });
      response.write('{"websites": [');
      setTimeout(() => response.socket?.destroy(), 20);
    }));

    const error = await readError(createClient(api.url, { timeoutMs: 500 }), api.url);

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no complete response within 500 ms');
  });

  it('reports a timeout', async () => {
    const api = await startApi(onWebsites(() => undefined));

    const error = await readError(createClient(api.url, { timeoutMs: 300 }), api.url);

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no complete response within 300 ms');
  });

  it('reports a body over the size limit', async () => {
    const api = await startApi(onWebsites((_request, response) => sendJson(response, 200, { websites: [], padding: 'x'.repeat(5000) })));

    const error = await readError(createClient(api.url, { maxBodyBytes: 1000 }), api.url);

    expect(error.kind).toBe('body-too-large');
    expect(error.status).toBe(200);
    expect(error.message).toContain('larger than the limit of 1000 bytes');
  });

  it('rejects a declared Content-Length over the limit at once', async () => {
    const api = await startApi(onWebsites((_request, response) => {
      // Sends the headers and a few bytes of a large body, then nothing until the server closes.
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 10_000_000 });
      response.write('{"websites": [');
    }));
    const startedAt = Date.now();

    const error = await readError(createClient(api.url, { maxBodyBytes: 1000, timeoutMs: 10_000 }), api.url);

    expect(error.kind).toBe('body-too-large');
    expect(error.message).toContain('larger than the limit of 1000 bytes');
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('reports a host name that does not resolve', () => {
    const url = 'https://iis.invalid:55539/api/webserver/websites';

    const error = connectionError(
      { host: 'web01', url, baseUrl: 'https://iis.invalid:55539', subject: 'the websites' },
      'ENOTFOUND',
      'getaddrinfo ENOTFOUND iis.invalid',
    );

    expect(error.kind).toBe('dns');
    expect(error.message).toBe(
      `Reading the websites of IIS server "web01" from ${url} failed: the host name "iis.invalid" could not be ` +
        'resolved (ENOTFOUND). Check the host name in url and the DNS configuration where Backstage runs.',
    );
  });
});

describe('IisApiClient options', () => {
  const base = { host: 'web01', url: 'https://127.0.0.1:55539', accessToken: TOKEN };

  it.each<[string, Partial<IisApiServerOptions>, string]>([
    ['http URL', { url: 'http://web01:55539' }, 'must start with https://'],
    ['URL with credentials', { url: 'https://admin:pw@web01:55539' }, 'must not contain a user name or password'],
    ['URL with a query', { url: 'https://web01:55539/?x=1' }, 'must not have a query or a fragment'],
    ['unparsable URL', { url: 'web01:55539' }, 'must start with https://'],
    ['empty host', { host: ' ' }, 'host is empty'],
    ['empty token', { accessToken: '' }, 'accessToken is empty'],
    ['token with a line break', { accessToken: `${TOKEN}\r\nX-Injected: 1` }, 'accessToken contains spaces, control or non-ASCII characters'],
    ['both trust options', { caFile: '/tmp/ca.pem', certificateFingerprint: 'AB' }, 'caFile and certificateFingerprint are both set'],
    ['short fingerprint', { certificateFingerprint: 'AB:CD' }, 'is not a SHA-256 fingerprint'],
    ['missing caFile', { caFile: '/nonexistent/ca.pem' }, 'caFile "/nonexistent/ca.pem" could not be read (ENOENT)'],
    ['caFile without certificate', { caFile: __filename }, 'contains no PEM certificate'],
    ['zero timeout', { timeoutMs: 0 }, 'timeoutMs is 0'],
    ['fractional body limit', { maxBodyBytes: 1.5 }, 'maxBodyBytes is 1.5'],
    ['negative retries', { retries: -1 }, 'retries is -1; give a whole number from 0 to 10'],
    ['too many retries', { retries: 11 }, 'retries is 11; give a whole number from 0 to 10'],
    ['fractional retry delay', { retryBaseDelayMs: 1.5 }, 'retryBaseDelayMs is 1.5'],
    ['retry delay over 30 s', { retryBaseDelayMs: 30_001 }, 'retryBaseDelayMs is 30001; give a whole number from 0 to 30000'],
  ])('rejects %s', (_name, options, fragment) => {
    let thrown: unknown;
    try {
      new IisApiClient({ ...base, ...options });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(IisApiError);
    expect((thrown as IisApiError).kind).toBe('invalid-options');
    expect((thrown as IisApiError).message).toContain(fragment);
    expect((thrown as IisApiError).message).not.toContain(TOKEN);
  });

});
