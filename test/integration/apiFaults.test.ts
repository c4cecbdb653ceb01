import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from '../../dev/simulator';
import { IisApiClient, IisApiError, IisApiErrorKind } from '../../src/iis/api';
import type { IisApiServerOptions } from '../../src/iis/api';
import type { IisServerReading } from '../../src/iis/model';

const FARM_DIR = path.resolve(__dirname, '../../fixtures/farm');
const TOKEN = 'api-faults-token-0e9d';
const DEADLINE_REASON = "the run's read deadline of 480 s passed";

let farm: FarmServer[];
let reading: IisServerReading;
let simulator: IisSimulator;
let folder: string;
let caFile: string;
let logLines: string[] = [];
let clients: IisApiClient[] = [];
let serverNumber = 0;
/** The simulated server of the running test. */
let host = '';

beforeAll(async () => {
  farm = await loadFarm(FARM_DIR);
  reading = farm.find(server => server.host === 'web01.corp.example')!.reading;
  simulator = await startIisSimulator({ servers: [], accessToken: TOKEN });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-api-faults-'));
  caFile = path.join(folder, 'simulator.pem');
  simulator.writeCertificate(caFile);
});

// Each test reads its own server, so that requests still on the way from an earlier test never
// count for a later one.
beforeEach(() => {
  serverNumber += 1;
  host = `web${serverNumber}.corp.example`;
  simulator.setServer(host, reading);
});

afterEach(() => {
  clients.forEach(client => client.close());
  clients = [];
  expect(logLines.filter(line => line.includes(TOKEN))).toEqual([]);
  logLines = [];
});

afterAll(async () => {
  await simulator.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

function createClient(options: Partial<IisApiServerOptions> = {}): IisApiClient {
  const log = (message: string) => logLines.push(message);
  const client = new IisApiClient(
    { host, url: simulator.url(host), accessToken: TOKEN, caFile, retryBaseDelayMs: 5, readApplications: false, ...options },
    { logger: { debug: log, warn: log } },
  );
  clients.push(client);
  return client;
}

/** Reads the server and returns the IisApiError after the checks that every failure must pass. */
async function readError(client: IisApiClient, signal?: AbortSignal): Promise<IisApiError> {
  const error = await client.readServer({ signal }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IisApiError);
  const apiError = error as IisApiError;
  expect(apiError.host).toBe(host);
  expect(apiError.message).toContain(`IIS server "${host}"`);
  expect(apiError.message).toContain(`from ${simulator.url(host)}/api/webserver/`);
  expect(apiError.message).not.toContain(TOKEN);
  return apiError;
}

/**
 * Requests for the URL of a failure, as `fault status` strings. Only these are certain: the read
 * stops the other list request when one fails, so that one may have made fewer attempts.
 */
function attemptsFor(error: IisApiError): string[] {
  return simulator
    .requestLog(host)
    .filter(entry => error.url === `${simulator.url(host)}${entry.path}`)
    .map(entry => `${entry.fault ?? 'normal'} ${entry.status ?? '-'}`);
}

const retryLines = () => logLines.filter(line => line.includes('sending attempt'));

describe('IisApiClient against simulator faults', () => {
  it('reads a slow server', async () => {
    await simulator.setFaults(host, { latencyMs: 300 });
    const startedAt = Date.now();

    const apiReading = await createClient({ timeoutMs: 5000 }).readServer();

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(apiReading.sites.map(site => site.name)).toEqual(reading.sites.map(site => site.name));
  });

  it('fails a hung server as a timeout without retries', async () => {
    await simulator.setFaults(host, { hang: true });

    const error = await readError(createClient({ timeoutMs: 300 }));

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no complete response within 300 ms');
    expect(error.message).toContain('raise api.timeout for this server');
    expect(attemptsFor(error)).toEqual(['hang -']);
    expect(retryLines()).toEqual([]);
  });

  it('fails a latency over the timeout as a timeout', async () => {
    await simulator.setFaults(host, { latencyMs: 1000 });

    const error = await readError(createClient({ timeoutMs: 200 }));

    expect(error.kind).toBe('timeout');
  });

  it('retries reset connections, then fails with the reset', async () => {
    await simulator.setFaults(host, { reset: true });

    const error = await readError(createClient());

    expect(error.kind).toBe('reset');
    expect(error.message).toContain('was closed before the response was complete');
    expect(error.message).toContain('Check the log of the IIS Administration service');
    expect(error.message).toContain('The request was sent 3 times.');
    expect(attemptsFor(error)).toEqual(['reset -', 'reset -', 'reset -']);
  });

  it.each<[401 | 403 | 404 | 500 | 502 | 503 | 504, IisApiErrorKind, number, string]>([
    [401, 'windows-authentication', 1, 'security.require_windows_authentication to false'],
    [403, 'access-token', 1, 'Create a token on the Access Keys page'],
    [404, 'not-found', 1, 'without /api at the end'],
    [500, 'http-5xx', 1, 'check the log of the IIS Administration service'],
    [502, 'http-5xx', 3, 'A gateway or proxy between Backstage and the server'],
    [503, 'http-5xx', 3, 'The IIS Administration service is unavailable'],
    [504, 'http-5xx', 3, 'A gateway or proxy between Backstage and the server'],
  ])('reports status %s', async (status, kind, attempts, fix) => {
    await simulator.setFaults(host, { status });

    const error = await readError(createClient());

    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(fix);
    expect(attemptsFor(error)).toEqual(Array(attempts).fill(`status ${status}`));
  });

  it('reports an HTML page', async () => {
    await simulator.setFaults(host, { htmlBody: true });

    const error = await readError(createClient());

    expect(error.kind).toBe('html-body');
    expect(error.message).toContain('the response is an HTML page, not JSON');
    expect(error.message).toContain('port 55539');
    expect(attemptsFor(error)).toEqual(['html-body 200']);
  });

  it.each<['content-length' | 'chunked']>([['content-length'], ['chunked']])(
    'reports JSON truncated with %s without retries',
    async encoding => {
      await simulator.setFaults(host, { truncatedJson: encoding });

      const error = await readError(createClient());

      expect(error.kind).toBe('invalid-json');
      expect(error.message).toContain('the response is not valid JSON');
      expect(error.message).toContain('check the service and any proxy between');
      expect(attemptsFor(error)).toEqual(['truncated-json 200']);
    },
  );

  it('reads a large body under the limit', async () => {
    await simulator.setFaults(host, { hugeBodyBytes: 2 * 1024 * 1024 });

    const apiReading = await createClient().readServer();

    expect(apiReading.sites.map(site => site.name)).toEqual(reading.sites.map(site => site.name));
  });

  it('stops reading a huge body at the limit', async () => {
    await simulator.setFaults(host, { hugeBodyBytes: 256 * 1024 * 1024 });
    const usedMemory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = usedMemory();
    let maxGrowth = 0;
    const sampler = setInterval(() => (maxGrowth = Math.max(maxGrowth, usedMemory() - before)), 5);
    const startedAt = Date.now();

    const error = await readError(createClient({ maxBodyBytes: 1024 * 1024 })).finally(() => clearInterval(sampler));

    expect(error.kind).toBe('body-too-large');
    expect(error.status).toBe(200);
    expect(error.message).toContain('larger than the limit of 1048576 bytes');
    expect(error.message).toContain('Check that the url points at the IIS Administration API');
    expect(Date.now() - startedAt).toBeLessThan(5000);
    // Reading the whole body would take 256 MiB at least.
    expect(maxGrowth).toBeLessThan(64 * 1024 * 1024);
  });

  it('fails the TLS check of a wrong certificate with caFile', async () => {
    await simulator.setFaults(host, { wrongCertificate: true });

    const error = await readError(createClient());

    expect(error.kind).toBe('tls');
    expect(error.message).toContain('the server certificate is not trusted');
    expect(error.message).toContain('Set caFile');
    expect(simulator.requestLog(host)).toEqual([]);
    expect(retryLines()).toEqual([]);
  });

  it('fails the TLS check of a wrong certificate with a fingerprint', async () => {
    await simulator.setFaults(host, { wrongCertificate: true });

    const error = await readError(createClient({ caFile: undefined, certificateFingerprint: simulator.certificateFingerprint }));

    expect(error.kind).toBe('certificate-fingerprint');
    expect(error.message).toContain(`but certificateFingerprint expects ${simulator.certificateFingerprint}`);
    expect(error.message).toContain('Nothing was sent');
    expect(simulator.requestLog(host)).toEqual([]);
  });
});

describe('IisApiClient retries against failNext', () => {
  it('reads the server after two resets', async () => {
    await simulator.setFaults(host, { failNext: { count: 2, fault: 'reset' } });

    const apiReading = await createClient({ readApplications: true }).readServer();

    expect(apiReading.sites.map(site => site.name)).toEqual(reading.sites.map(site => site.name));
    const log = simulator.requestLog(host);
    expect(log.filter(entry => entry.fault === 'reset' && entry.fromFailNext)).toHaveLength(2);
    expect(log.filter(entry => entry.fault === undefined && entry.status === 200)).toHaveLength(2 + reading.sites.length);
    expect(log).toHaveLength(4 + reading.sites.length);
    expect(retryLines()).toHaveLength(2);
    for (const line of retryLines()) {
      expect(line).toContain(`on server "${host}" failed (reset); sending attempt`);
      expect(line).toMatch(/^IIS API GET \/api\/webserver\/(websites|application-pools)\?fields=\S+ on server /);
      expect(line).toMatch(/sending attempt [23] of 3 in \d+ ms$/);
    }
  });

  it('fails with the last error when failures outlast the retries', async () => {
    await simulator.setFaults(host, { failNext: { count: 6, fault: 503 } });

    const error = await readError(createClient());

    expect(error.kind).toBe('http-5xx');
    expect(error.status).toBe(503);
    expect(error.message).toContain('The request was sent 3 times.');
    expect(attemptsFor(error)).toEqual(['status 503', 'status 503', 'status 503']);
    expect(simulator.requestLog(host).every(entry => entry.fromFailNext)).toBe(true);
  });
});

describe('IisApiClient cancellation against the simulator', () => {
  it('rejects within 200 ms when the signal aborts mid-read', async () => {
    await simulator.setFaults(host, { hang: true });
    const controller = new AbortController();
    const read = readError(createClient({ timeoutMs: 30_000 }), controller.signal);
    await waitUntil(() => simulator.requestLog(host).length === 2);

    const abortedAt = Date.now();
    controller.abort(new Error(DEADLINE_REASON));
    const error = await read;

    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain(`was cancelled: ${DEADLINE_REASON}.`);
    expect(error.message).toContain('give each run more time');
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
