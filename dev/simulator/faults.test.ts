import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedFaults } from './faults';
import { IisSimulator, startIisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'faults-test-token-b7e1';
const FAULTY = 'faulty.corp.example';
const HEALTHY = 'healthy.corp.example';
const WEBSITES = '/api/webserver/websites';

const started: IisSimulator[] = [];

afterEach(async () => {
  while (started.length > 0) {
    await started.pop()!.stop();
  }
});

/** Starts a simulator with a faulty and a healthy server, and a client that trusts it. */
async function start(faults: SimulatedFaults): Promise<{ simulator: IisSimulator; client: SimulatorClient }> {
  const simulator = await startIisSimulator({
    servers: [
      { host: FAULTY, reading: sampleReading(FAULTY), options: faults },
      { host: HEALTHY, reading: sampleReading(HEALTHY) },
    ],
    accessToken: TOKEN,
  });
  started.push(simulator);
  return { simulator, client: createSimulatorClient(simulator, TOKEN) };
}

/** Returns the error that a request rejects with, or undefined when it gets a response. */
async function requestError(request: Promise<unknown>): Promise<NodeJS.ErrnoException | undefined> {
  return request.then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error,
  );
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('latencyMs', () => {
  it('delays every response of its server', async () => {
    const { client } = await start({ latencyMs: 300 });

    const startedAt = Date.now();
    const response = await client.get(FAULTY, WEBSITES);
    const faultyMs = Date.now() - startedAt;
    const healthyStartedAt = Date.now();
    await client.get(HEALTHY, WEBSITES);
    const healthyMs = Date.now() - healthyStartedAt;

    expect(response.status).toBe(200);
    expect((await response.json()).websites).toHaveLength(4);
    expect(faultyMs).toBeGreaterThanOrEqual(290);
    expect(healthyMs).toBeLessThan(290);
  });
});

describe('hang', () => {
  it('never responds, and stop still finishes', async () => {
    const { simulator, client } = await start({ hang: true });

    const pending = requestError(client.get(FAULTY, WEBSITES));
    await waitUntil(() => simulator.requestLog(FAULTY).length === 1);
    const stoppedAt = Date.now();
    await simulator.stop();
    started.pop();

    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect((await pending)?.code).toBe('ECONNRESET');
    expect(simulator.requestLog(FAULTY)).toEqual([{ method: 'GET', path: WEBSITES, fault: 'hang', fromFailNext: false }]);
  });

  it('stops while a latency wait is pending', async () => {
    const { simulator, client } = await start({ latencyMs: 60_000 });

    const pending = requestError(client.get(FAULTY, WEBSITES));
    await waitUntil(() => simulator.requestLog(FAULTY).length === 1);
    const stoppedAt = Date.now();
    await simulator.stop();
    started.pop();

    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(await pending).toBeDefined();
  });
});

describe('reset', () => {
  it('closes the connection without a response', async () => {
    const { simulator, client } = await start({ reset: true });

    const error = await requestError(client.get(FAULTY, WEBSITES));

    expect(error?.code).toBe('ECONNRESET');
    expect(simulator.requestLog(FAULTY)).toEqual([{ method: 'GET', path: WEBSITES, fault: 'reset', fromFailNext: false }]);
    expect((await client.get(HEALTHY, WEBSITES)).status).toBe(200);
  });
});

describe('status', () => {
  it.each<[SimulatedFaults['status'], string, object | string]>([
    [401, 'application/problem+json', { title: 'Unauthorized', authentication_scheme: 'Negotiate,NTLM', status: 401 }],
    [403, 'application/problem+json', { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 }],
    [404, 'application/problem+json', { title: 'Not found', status: 404 }],
    [500, 'text/plain; charset=utf-8', 'Internal Server Error\n'],
    [502, 'text/plain; charset=utf-8', 'Bad Gateway\n'],
    [503, 'text/plain; charset=utf-8', 'Service Unavailable\n'],
    [504, 'text/plain; charset=utf-8', 'Gateway Timeout\n'],
  ])('answers %s with its body', async (status, contentType, body) => {
    const { simulator, client } = await start({ status });

    const response = await client.get(FAULTY, WEBSITES);
    const text = await response.text();

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(typeof body === 'string' ? text : JSON.parse(text)).toEqual(body);
    expect(simulator.requestLog(FAULTY)).toEqual([{ method: 'GET', path: WEBSITES, fault: 'status', fromFailNext: false, status }]);
  });

  it('sends the Windows authentication challenges with 401', async () => {
    const { client } = await start({ status: 401 });

    const response = await client.get(FAULTY, '/api');

    expect(response.headers.get('www-authenticate')).toBe('Negotiate, NTLM');
  });

  it('answers even requests without a token', async () => {
    const { client } = await start({ status: 503 });

    const response = await client.get(FAULTY, WEBSITES, { 'Access-Token': '' });

    expect(response.status).toBe(503);
  });
});

describe('htmlBody', () => {
  it('answers 200 with an HTML page', async () => {
    const { client } = await start({ htmlBody: true });

    const response = await client.get(FAULTY, WEBSITES);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(text).toMatch(/^<!DOCTYPE html>\n<html>/);
    expect(text).toContain('</html>');
  });
});

describe('truncatedJson', () => {
  it('sends half the body with a matching Content-Length', async () => {
    const { simulator, client } = await start({ truncatedJson: 'content-length' });

    const response = await client.get(FAULTY, WEBSITES);
    const text = await response.text();
    simulator.clearFaults(FAULTY);
    const full = await (await client.get(FAULTY, WEBSITES)).text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(Buffer.byteLength(text)).toBe(Math.floor(Buffer.byteLength(full) / 2));
    expect(full.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('sends half the body in chunked encoding', async () => {
    const { client } = await start({ truncatedJson: 'chunked' });

    const response = await client.get(FAULTY, WEBSITES);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    expect(text.startsWith('{"websites":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });
});

describe('hugeBodyBytes', () => {
  it('sends valid JSON of exactly that size', async () => {
    const { client } = await start({ hugeBodyBytes: 300_000 });

    const response = await client.get(FAULTY, WEBSITES);
    const text = await response.text();
    const body = JSON.parse(text);

    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.byteLength(text)).toBe(300_000);
    expect(body.websites).toHaveLength(4);
    expect(body.padding).toMatch(/^x+$/);
  });

  it('pads nothing below the plain size', async () => {
    const { client } = await start({ hugeBodyBytes: 10 });

    const body = await (await client.get(FAULTY, '/api')).json();

    expect(body).toEqual({ padding: '', host_name: 'IIS Administration API' });
  });

  it('streams 128 MiB without building it in memory', async () => {
    const size = 128 * 1024 * 1024;
    const { client } = await start({ hugeBodyBytes: size });
    const usedMemory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = usedMemory();
    let maxGrowth = 0;

    const response = await client.get(FAULTY, '/api');
    let received = 0;
    let last = '';
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      last = (chunk as Buffer).toString('latin1');
      maxGrowth = Math.max(maxGrowth, usedMemory() - before);
    }

    expect(received).toBe(size);
    expect(last.endsWith('"host_name":"IIS Administration API"}')).toBe(true);
    // A body built in memory would add at least 128 MiB. Streaming through both ends of one
    // process added about 18 MiB of buffers and garbage in one run on Node.js 20.
    expect(maxGrowth).toBeLessThan(64 * 1024 * 1024);
  });
});
