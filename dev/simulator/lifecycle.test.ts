import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

const TOKEN = 'lifecycle-test-token';
const started: IisSimulator[] = [];

async function start(hosts: string[], port?: number): Promise<IisSimulator> {
  const simulator = await startIisSimulator({
    servers: hosts.map(host => ({ host, reading: sampleReading(host) })),
    accessToken: TOKEN,
    port,
  });
  started.push(simulator);
  return simulator;
}

afterEach(async () => {
  while (started.length > 0) {
    await started.pop()!.stop();
  }
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

describe('startIisSimulator', () => {
  it('serves several servers on one listener', async () => {
    const simulator = await start(['web01.corp.example', 'web02.corp.example']);
    const client = createSimulatorClient(simulator, TOKEN);
    expect(simulator.url('web01.corp.example')).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/web01\.corp\.example$/);
    expect(new URL(simulator.url('web01.corp.example')).port).toBe(new URL(simulator.url('web02.corp.example')).port);
    expect((await client.getJson('web01.corp.example', '/api/webserver/websites')).websites).toHaveLength(4);
    expect((await client.getJson('web02.corp.example', '/api/webserver/websites')).websites).toHaveLength(4);
  });

  it('listens on 127.0.0.1 only', async () => {
    const simulator = await start(['web01.corp.example']);
    const port = Number(new URL(simulator.url('web01.corp.example')).port);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    expect(await canConnect('::1', port)).toBe(false);
  });

  it('listens on a requested port', async () => {
    const first = await start(['web01.corp.example']);
    const port = Number(new URL(first.url('web01.corp.example')).port);
    await first.stop();
    started.pop();
    const second = await start(['web01.corp.example'], port);
    expect(second.url('web01.corp.example')).toBe(`https://127.0.0.1:${port}/web01.corp.example`);
  });

  it('rejects a port in use', async () => {
    const first = await start(['web01.corp.example']);
    const port = Number(new URL(first.url('web01.corp.example')).port);
    await expect(start(['web02.corp.example'], port)).rejects.toThrow(/EADDRINUSE/);
  });

  it.each([
    [{ accessToken: '' }, /accessToken is missing/],
    [{ accessToken: ' padded ' }, /white space/],
    [{ port: -1 }, /port -1 is invalid/],
    [{ port: 70000 }, /port 70000 is invalid/],
    [{ port: 1.5 }, /port 1.5 is invalid/],
  ])('rejects invalid options %o', async (override, message) => {
    await expect(
      startIisSimulator({ servers: [], accessToken: TOKEN, ...override }),
    ).rejects.toThrow(message);
  });

  it.each(['', 'a/b'])('rejects the host name "%s"', async host => {
    await expect(
      startIisSimulator({ servers: [{ host, reading: sampleReading() }], accessToken: TOKEN }),
    ).rejects.toThrow(/host .* is invalid/);
  });

  it('rejects a host listed twice', async () => {
    await expect(
      startIisSimulator({
        servers: [
          { host: 'web01.corp.example', reading: sampleReading() },
          { host: 'WEB01.corp.example', reading: sampleReading() },
        ],
        accessToken: TOKEN,
      }),
    ).rejects.toThrow(/listed twice/);
  });

  it('refuses connections after stop', async () => {
    const simulator = await start(['web01.corp.example']);
    const port = Number(new URL(simulator.url('web01.corp.example')).port);
    await simulator.stop();
    started.pop();
    expect(await canConnect('127.0.0.1', port)).toBe(false);
  });
});

describe('server state changes', () => {
  it('adds, replaces and removes servers', async () => {
    const simulator = await start(['web01.corp.example']);
    const client = createSimulatorClient(simulator, TOKEN);
    expect((await client.get('web03.corp.example', '/api')).status).toBe(404);

    const reading = sampleReading('web03.corp.example');
    simulator.setServer('web03.corp.example', reading, { hostName: 'WEB03' });
    expect(await client.getJson('web03.corp.example', '/api')).toEqual({ host_name: 'WEB03' });

    const before = await client.getJson('web03.corp.example', '/api/webserver/websites');
    reading.sites = reading.sites.slice(0, 2);
    reading.sites[0].state = 'stopped';
    // The simulator keeps its own copy, so changing the reading changes nothing until setServer.
    expect(await client.getJson('web03.corp.example', '/api/webserver/websites')).toEqual(before);

    simulator.setServer('web03.corp.example', reading);
    const after = await client.getJson('web03.corp.example', '/api/webserver/websites');
    expect(after.websites.map((site: { status: string }) => site.status)).toEqual(['stopped', 'started']);
    expect(after.websites.map((site: { id: string }) => site.id)).toEqual(
      before.websites.slice(0, 2).map((site: { id: string }) => site.id),
    );

    simulator.removeServer('web03.corp.example');
    expect((await client.get('web03.corp.example', '/api')).status).toBe(404);
    expect((await client.get('web01.corp.example', '/api')).status).toBe(200);
  });

  it('keeps ids stable across restarts and distinct across hosts', async () => {
    const first = await start(['web01.corp.example', 'web02.corp.example']);
    const second = await start(['web01.corp.example']);
    const ids = async (simulator: IisSimulator, host: string) =>
      (await createSimulatorClient(simulator, TOKEN).getJson(host, '/api/webserver/websites')).websites.map(
        (site: { id: string }) => site.id,
      );
    expect(await ids(first, 'web01.corp.example')).toEqual(await ids(second, 'web01.corp.example'));
    const web02 = await ids(first, 'web02.corp.example');
    for (const id of await ids(first, 'web01.corp.example')) {
      expect(web02).not.toContain(id);
    }
  });

  it('serves the API ids a reading carries', async () => {
    const simulator = await start([]);
    const reading = sampleReading('api.corp.example');
    reading.sites[0].apiId = 'recorded-site-id';
    reading.applicationPools[0].apiId = 'recorded-pool-id';
    simulator.setServer('api.corp.example', reading);
    const client = createSimulatorClient(simulator, TOKEN);
    const site = await client.getJson('api.corp.example', '/api/webserver/websites/recorded-site-id');
    expect(site.name).toBe('Default Web Site');
    expect(site.application_pool.id).toBe('recorded-pool-id');
  });

  it('counts requests per server and in all', async () => {
    const simulator = await start(['web01.corp.example', 'web02.corp.example']);
    const client = createSimulatorClient(simulator, TOKEN);
    await client.get('web01.corp.example', '/api');
    await client.get('web01.corp.example', '/api/webserver/websites');
    await client.get('web02.corp.example', '/api');
    await client.get('nobody.corp.example', '/api');
    expect(simulator.requests('web01.corp.example')).toBe(2);
    expect(simulator.requests('WEB02.corp.example')).toBe(1);
    expect(simulator.requests('nobody.corp.example')).toBe(0);
    expect(simulator.requests()).toBe(4);
  });
});
