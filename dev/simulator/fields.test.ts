import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldSelection } from './fields';
import { startIisSimulator, IisSimulator } from './server';
import { createSimulatorClient, SimulatorClient } from './test-client';
import { sampleReading } from './test-readings';

describe('FieldSelection', () => {
  it.each([
    // query value, field, expected
    [undefined, 'bindings', true],
    ['*', 'bindings', true],
    ['', 'name', false],
    ['', 'id', true],
    ['name', 'name', true],
    ['NAME', 'name', true],
    [' name , key ', 'key', true],
    ['name', 'key', false],
    ['application_pool.name', 'application_pool', true],
    ['application', 'application_pool', false],
  ])('fields=%s selects %s: %s', (query, field, expected) => {
    expect(FieldSelection.fromQuery(query).has(field)).toBe(expected);
  });

  it.each([
    [undefined, false],
    ['', false],
    [',,', false],
    ['name', true],
    ['*', true],
  ])('fields=%s names fields: %s', (query, expected) => {
    expect(FieldSelection.fromQuery(query).hasFields).toBe(expected);
  });

  it.each([
    // query value, nested field, expected hasFields of the nested selection, expected has(name)
    [undefined, 'name', false, false],
    ['*', 'name', false, false],
    ['application_pool', 'name', false, false],
    ['application_pool.name', 'name', true, true],
    ['*,application_pool.name', 'name', true, true],
    ['application_pool.status', 'name', true, false],
  ])('fields=%s nested application_pool %s', (query, field, hasFields, has) => {
    const nested = FieldSelection.fromQuery(query).nested('application_pool');
    expect(nested.hasFields).toBe(hasFields);
    expect(nested.has(field)).toBe(has);
    expect(nested.has('id')).toBe(true);
  });
});

const TOKEN = 'fields-test-token';
const HOST = 'web01.corp.example';
let simulator: IisSimulator;
let client: SimulatorClient;

beforeAll(async () => {
  simulator = await startIisSimulator({ servers: [{ host: HOST, reading: sampleReading(HOST) }], accessToken: TOKEN });
  client = createSimulatorClient(simulator, TOKEN);
});

afterAll(async () => {
  await simulator.stop();
});

describe('fields over HTTP', () => {
  it('returns full sites in the list with fields=*', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=*');
    const detail = await client.getJson(HOST, `/api/webserver/websites/${websites[0].id}`);
    expect(websites[0]).toEqual(detail);
    expect(websites[0].bindings).toHaveLength(4);
  });

  it('returns the named fields and id in the list', async () => {
    const { websites } = await client.getJson(
      HOST,
      '/api/webserver/websites?fields=name,status,key,physical_path,bindings,application_pool',
    );
    expect(Object.keys(websites[0])).toEqual(['name', 'id', 'physical_path', 'key', 'status', 'bindings', 'application_pool']);
    expect(websites[1].application_pool).toEqual({ name: 'NoManagedCode', id: websites[1].application_pool.id, status: 'started' });
  });

  it('narrows a nested reference with a dotted field', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=application_pool.name');
    expect(websites[0]).toEqual({ id: websites[0].id, application_pool: { name: 'DefaultAppPool', id: websites[0].application_pool.id } });
  });

  it('joins repeated fields parameters', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=name&fields=key');
    expect(Object.keys(websites[0])).toEqual(['name', 'id', 'key']);
  });

  it('keeps only id on a detail with an empty fields', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites');
    const detail = await client.getJson(HOST, `/api/webserver/websites/${websites[0].id}?fields=`);
    expect(detail).toEqual({ id: websites[0].id });
  });

  it('returns reference fields in the list with an empty fields', async () => {
    const { websites } = await client.getJson(HOST, '/api/webserver/websites?fields=');
    expect(Object.keys(websites[0])).toEqual(['name', 'id', 'status']);
  });

  it('selects pool fields in the list', async () => {
    const { app_pools } = await client.getJson(HOST, '/api/webserver/application-pools?fields=identity,pipeline_mode');
    expect(app_pools[3]).toEqual({
      id: app_pools[3].id,
      pipeline_mode: 'integrated',
      identity: { identity_type: 'SpecificUser', username: 'CORP\\svc-orders' },
    });
  });

  it('reads the fields parameter case-insensitively', async () => {
    const { app_pools } = await client.getJson(HOST, '/api/webserver/application-pools?FIELDS=start_mode');
    expect(app_pools[2]).toEqual({ id: app_pools[2].id, start_mode: 'AlwaysRunning' });
  });
});
