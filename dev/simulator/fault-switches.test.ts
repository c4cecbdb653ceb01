import { Agent } from 'node:https';
import { connect } from 'node:tls';
import fetch from 'node-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedFaults } from './faults';
import { IisSimulator, startIisSimulator } from './server';
import { createSimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'fault-switches-token-5a0c';
const FAULTY = 'faulty.corp.example';
const HEALTHY = 'healthy.corp.example';
const WEBSITES = '/api/webserver/websites';

const started: IisSimulator[] = [];

afterEach(async () => {
  while (started.length > 0) {
    await started.pop()!.stop();
  }
});

async function start(faults?: SimulatedFaults): Promise<IisSimulator> {
  const simulator = await startIisSimulator({
    servers: [
      { host: FAULTY, reading: sampleReading(FAULTY), options: faults },
      { host: HEALTHY, reading: sampleReading(HEALTHY) },
    ],
    accessToken: TOKEN,
  });
  started.push(simulator);
  return simulator;
}

/** Returns the SHA-256 fingerprint of the certificate that a URL's listener presents. */
function presentedFingerprint(url: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('setFaults and clearFaults', () => {
  it('switches faults of one server at run time', async () => {
    const simulator = await start();
    const client = createSimulatorClient(simulator, TOKEN);
    expect((await client.get(FAULTY, WEBSITES)).status).toBe(200);

    await simulator.setFaults(FAULTY, { status: 503 });
    expect((await client.get(FAULTY, WEBSITES)).status).toBe(503);
    expect((await client.get(HEALTHY, WEBSITES)).status).toBe(200);

    await simulator.setFaults(FAULTY, { htmlBody: true });
    expect((await client.get(FAULTY, WEBSITES)).headers.get('content-type')).toContain('text/html');

    simulator.clearFaults(FAULTY);
    expect((await client.get(FAULTY, WEBSITES)).status).toBe(200);
  });

  it('keeps the faults of the options until setServer replaces them', async () => {
    const simulator = await start({ status: 502 });
    const client = createSimulatorClient(simulator, TOKEN);
    expect((await client.get(FAULTY, WEBSITES)).status).toBe(502);

    simulator.setServer(FAULTY, sampleReading(FAULTY));

    expect((await client.get(FAULTY, WEBSITES)).status).toBe(200);
  });

  it('copies the switches it is given', async () => {
    const simulator = await start();
    const client = createSimulatorClient(simulator, TOKEN);
    const faults: SimulatedFaults = { status: 503 };
    await simulator.setFaults(FAULTY, faults);

    faults.status = 404;

    expect((await client.get(FAULTY, WEBSITES)).status).toBe(503);
  });
});

describe('failNext', () => {
  it.each<[502 | 503 | 504]>([[502], [503], [504]])('fails the next requests with %s, then answers', async status => {
    const simulator = await start({ failNext: { count: 2, fault: status } });
    const client = createSimulatorClient(simulator, TOKEN);

    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await client.get(FAULTY, WEBSITES)).status);
    }

    expect(statuses).toEqual([status, status, 200]);
    expect(simulator.requestLog(FAULTY).map(entry => [entry.fault, entry.fromFailNext, entry.status])).toEqual([
      ['status', true, status],
      ['status', true, status],
      [undefined, false, 200],
    ]);
  });

  it('resets the next requests, then answers', async () => {
    const simulator = await start();
    await simulator.setFaults(FAULTY, { failNext: { count: 1, fault: 'reset' } });
    const client = createSimulatorClient(simulator, TOKEN);

    const error = await client.get(FAULTY, WEBSITES).then(
      () => undefined,
      (caught: NodeJS.ErrnoException) => caught,
    );
    const after = await client.get(FAULTY, WEBSITES);

    expect(error?.code).toBe('ECONNRESET');
    expect(after.status).toBe(200);
    expect(simulator.requestLog(FAULTY).map(entry => entry.fault)).toEqual(['reset', undefined]);
  });

  it('precedes the other switches', async () => {
    const simulator = await start({ failNext: { count: 1, fault: 'reset' }, status: 404 });
    const client = createSimulatorClient(simulator, TOKEN);

    await client.get(FAULTY, WEBSITES).catch(() => undefined);
    const after = await client.get(FAULTY, WEBSITES);

    expect(after.status).toBe(404);
    expect(simulator.requestLog(FAULTY).map(entry => entry.fault)).toEqual(['reset', 'status']);
  });
});

describe('wrongCertificate', () => {
  it('serves the server from a listener with another certificate', async () => {
    const simulator = await start();
    const mainUrl = simulator.url(FAULTY);

    await simulator.setFaults(FAULTY, { wrongCertificate: true });
    const faultyUrl = simulator.url(FAULTY);

    expect(new URL(faultyUrl).hostname).toBe('127.0.0.1');
    expect(new URL(faultyUrl).port).not.toBe(new URL(mainUrl).port);
    expect(new URL(faultyUrl).pathname).toBe(`/${FAULTY}`);
    expect(new URL(simulator.url(HEALTHY)).port).toBe(new URL(mainUrl).port);
    const fingerprint = await presentedFingerprint(faultyUrl);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fingerprint).not.toBe(simulator.certificateFingerprint);
    expect(await presentedFingerprint(mainUrl)).toBe(simulator.certificateFingerprint);

    simulator.clearFaults(FAULTY);
    expect(simulator.url(FAULTY)).toBe(mainUrl);
  });

  it('fails the TLS check of a client that trusts the main certificate', async () => {
    const simulator = await start({ wrongCertificate: true });
    const agent = new Agent({ ca: simulator.certificatePem, keepAlive: false });

    const error = await fetch(`${simulator.url(FAULTY)}${WEBSITES}`, { agent, headers: { 'Access-Token': `Bearer ${TOKEN}` } }).then(
      () => undefined,
      (caught: NodeJS.ErrnoException) => caught,
    );

    expect(error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(simulator.requestLog(FAULTY)).toEqual([]);
  });

  it('answers a client that trusts the other certificate', async () => {
    const simulator = await start({ wrongCertificate: true });
    const agent = new Agent({ rejectUnauthorized: false, keepAlive: false });

    const response = await fetch(`${simulator.url(FAULTY)}${WEBSITES}`, { agent, headers: { 'Access-Token': `Bearer ${TOKEN}` } });

    expect(response.status).toBe(200);
    expect(simulator.requests(FAULTY)).toBe(1);
  });

  it('needs setFaults to start the second listener', async () => {
    const simulator = await start();

    expect(() => simulator.setServer(FAULTY, sampleReading(FAULTY), { wrongCertificate: true })).toThrow(
      /wrongCertificate needs the second listener\. Call await setFaults/,
    );
  });
});

describe('requestLog', () => {
  it('lists method, path below the host and status per server', async () => {
    const simulator = await start();
    const client = createSimulatorClient(simulator, TOKEN);

    await client.get(FAULTY, '/api');
    await client.get(FAULTY, `${WEBSITES}?fields=name,id`);
    await client.get(FAULTY, '/api', { 'Access-Token': 'Bearer wrong' });
    await client.get(HEALTHY, '/api');

    expect(simulator.requestLog(FAULTY.toUpperCase())).toEqual([
      { method: 'GET', path: '/api', fromFailNext: false, status: 200 },
      { method: 'GET', path: `${WEBSITES}?fields=name,id`, fromFailNext: false, status: 200 },
      { method: 'GET', path: '/api', fromFailNext: false, status: 403 },
    ]);
    expect(simulator.requestLog(HEALTHY)).toHaveLength(1);
    expect(simulator.requestLog('nobody.corp.example')).toEqual([]);
  });
});

describe('fault validation', () => {
  let simulator: IisSimulator;

  beforeAll(async () => {
    simulator = await startIisSimulator({ servers: [{ host: FAULTY, reading: sampleReading(FAULTY) }], accessToken: TOKEN });
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it.each<[string, unknown, RegExp]>([
    ['a status outside the list', { status: 418 }, /status 418 is not supported\. Use one of 401, 403, 404, 500, 502, 503, 504\./],
    ['two response switches', { hang: true, status: 503 }, /hang and status are set together.*Set one of them\./],
    ['negative latency', { latencyMs: -1 }, /latencyMs -1 is invalid/],
    ['a string for a boolean', { hang: 'yes' }, /hang "yes" is invalid\. Use true or false\./],
    ['an unknown truncation', { truncatedJson: 'gzip' }, /truncatedJson "gzip" is invalid/],
    ['a zero body size', { hugeBodyBytes: 0 }, /hugeBodyBytes 0 is invalid/],
    ['a fractional failNext count', { failNext: { count: 1.5, fault: 503 } }, /failNext\.count 1\.5 is invalid/],
    ['a failNext status outside the list', { failNext: { count: 1, fault: 500 } }, /failNext\.fault 500 is invalid\. Use "reset", 502, 503 or 504\./],
  ])('rejects %s', async (_name, faults, message) => {
    await expect(simulator.setFaults(FAULTY, faults as SimulatedFaults)).rejects.toThrow(message);
    await expect(
      startIisSimulator({ servers: [{ host: FAULTY, reading: sampleReading(FAULTY), options: faults as SimulatedFaults }], accessToken: TOKEN }),
    ).rejects.toThrow(message);
  });

  it('rejects an unknown switch', async () => {
    await expect(simulator.setFaults(FAULTY, { latencyMS: 10 } as SimulatedFaults)).rejects.toThrow(
      /"latencyMS" is not a fault switch\. Use latencyMs, hang, /,
    );
  });

  it('rejects faults for an unknown server', async () => {
    await expect(simulator.setFaults('nobody.corp.example', { status: 503 })).rejects.toThrow(
      'No simulated server is named "nobody.corp.example". Add it with setServer first.',
    );
    expect(() => simulator.clearFaults('nobody.corp.example')).toThrow(/No simulated server/);
  });
});
