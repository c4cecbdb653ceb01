import fetch from 'node-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'auth-test-token-0123456789';
const HOST = 'web01.corp.example';
const BEARER_PROBLEM = { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 };

let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({ servers: [{ host: HOST, reading: sampleReading(HOST) }], accessToken: TOKEN });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

function request(path: string, headers: Record<string, string>) {
  return fetch(`${simulator.url(HOST)}${path}`, { agent: client.agent, headers });
}

describe('token check', () => {
  it.each([
    ['no header', {}],
    ['empty Access-Token', { 'Access-Token': '' }],
    ['token without scheme', { 'Access-Token': TOKEN }],
    ['wrong token', { 'Access-Token': 'Bearer not-the-token' }],
    ['token prefix', { 'Access-Token': `Bearer ${TOKEN.slice(0, -1)}` }],
    ['token with suffix', { 'Access-Token': `Bearer ${TOKEN}x` }],
    ['scheme only', { 'Access-Token': 'Bearer ' }],
    ['Basic scheme', { 'Access-Token': `Basic ${TOKEN}` }],
    ['Authorization header instead', { Authorization: `Bearer ${TOKEN}` }],
  ])('rejects %s with 403 problem+json', async (_name, headers) => {
    for (const path of ['/api', '/api/webserver/websites', '/api/certificates', '/api/no-such-route']) {
      const response = await request(path, headers);
      expect(response.status, path).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual(BEARER_PROBLEM);
    }
  });

  it.each([
    ['canonical form', `Bearer ${TOKEN}`],
    ['lower-case scheme', `bearer ${TOKEN}`],
    ['padded token', `Bearer   ${TOKEN}  `],
  ])('accepts the %s', async (_name, value) => {
    const response = await request('/api', { 'Access-Token': value });
    expect(response.status).toBe(200);
  });

  it('never echoes the token', async () => {
    const response = await request('/api/webserver/websites', { 'Access-Token': 'Bearer wrong-secret-value' });
    const text = await response.text();
    expect(text).not.toContain('wrong-secret-value');
    expect(text).not.toContain(TOKEN);
  });
});

describe('windows authentication', () => {
  it('answers 401 Negotiate,NTLM even with a good token', async () => {
    const windows = await startIisSimulator({
      servers: [{ host: HOST, reading: sampleReading(HOST) }],
      accessToken: TOKEN,
      requireWindowsAuth: true,
    });
    try {
      const windowsClient = createSimulatorClient(windows, TOKEN);
      const response = await windowsClient.get(HOST, '/api/webserver/websites');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      // Node.js joins the two WWW-Authenticate lines into one value.
      expect(response.headers.get('www-authenticate')).toBe('Negotiate, NTLM');
      expect(await response.json()).toEqual({ title: 'Unauthorized', authentication_scheme: 'Negotiate,NTLM', status: 401 });
    } finally {
      await windows.stop();
    }
  });
});

describe('other request guards', () => {
  it.each(['POST', 'PATCH', 'DELETE', 'PUT'])('rejects %s with 405', async method => {
    const response = await fetch(`${simulator.url(HOST)}/api/webserver/websites`, {
      agent: client.agent,
      method,
      headers: { 'Access-Token': `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).status).toBe(405);
  });

  it('answers HEAD with headers and no body', async () => {
    const response = await fetch(`${simulator.url(HOST)}/api/webserver/websites`, {
      agent: client.agent,
      method: 'HEAD',
      headers: { 'Access-Token': `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('4');
    expect(await response.text()).toBe('');
  });

  it.each(['other.corp.example', 'web01.corp.example.evil', ''])('returns 404 for the unknown server "%s"', async host => {
    const response = await client.get(host, '/api');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).title).toBe('Not found');
  });

  it('matches the server prefix case-insensitively', async () => {
    const response = await client.get(HOST.toUpperCase(), '/api');
    expect(response.status).toBe(200);
  });

  it('rejects a client that does not trust the certificate', async () => {
    await expect(fetch(`${simulator.url(HOST)}/api`)).rejects.toThrow(/self[- ]signed/i);
  });
});

describe('guard order', () => {
  it('checks the token before the method', async () => {
    const response = await fetch(`${simulator.url(HOST)}/api/webserver/websites`, { agent: client.agent, method: 'POST' });
    expect(response.status).toBe(403);
  });
});
