import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '@backstage/catalog-model';
import { readingToEntities } from '../entities/transform';
import { parseApplicationHostConfig } from '../iis/file';
import { IisServerReading } from '../iis/model';
import { ClaimIndex } from './ClaimIndex';
import { ANNOTATION_CLAIMS, ClaimedSiteRecord, decodeClaimRecords, MissingSiteRecord } from './claimRecords';
import { enrichEntity } from './enrichEntity';

const options = { providerId: 'test', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default' };
const farmFile = path.resolve(__dirname, '../../fixtures/farm/web01.corp.example/applicationHost.config');

function claimant(name: string, claim: string, extra: Partial<Entity['metadata']> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'iis.net/site': claim }, ...extra },
    spec: { type: 'website', owner: 'group:default/shop-team', lifecycle: 'production' },
  };
}

describe('readingToEntities with claims', () => {
  let reading: IisServerReading;

  beforeAll(async () => {
    reading = await parseApplicationHostConfig(await readFile(farmFile), { host: 'web01.corp.example', location: farmFile });
  });

  function emit(...claimants: Entity[]) {
    const entities = readingToEntities(reading, { ...options, claims: ClaimIndex.fromEntities(claimants) });
    const server = entities.find(entity => entity.spec?.type === 'iis-server')!;
    return { entities, server, records: decodeClaimRecords(server)! };
  }

  it('emits no Component for a claimed site', () => {
    const { entities } = emit(claimant('shop', 'web01.corp.example/shop.example.com'));
    const names = entities.map(entity => entity.metadata.name);

    expect(names).not.toContain('web01.corp.example--shop-example-com');
    expect(names).toContain('web01.corp.example--shop');
    expect(names).toContain('web01.corp.example--shopcheckout');
    expect(names).toContain('web01.corp.example--cdn-example-com');
  });

  it('records the facts of a claimed site', () => {
    const unclaimed = readingToEntities(reading, options).find(entity => entity.metadata.name === 'web01.corp.example--shop-example-com')!;
    const { records } = emit(claimant('shop', 'WEB01.corp.example/shop.example.com'));
    const record = records[0] as ClaimedSiteRecord;

    expect(records).toHaveLength(1);
    expect(record.site).toBe('shop.example.com');
    expect(record.claimedBy).toEqual(['component:default/shop']);
    expect(record.links).toEqual(unclaimed.metadata.links);
    expect(record.tags).toEqual([]);
    expect(record.dependsOn).toEqual(unclaimed.spec!.dependsOn);
    expect(record.annotations['iis.net/bindings']).toBe(unclaimed.metadata.annotations!['iis.net/bindings']);
    expect(record.annotations['iis.net/provider']).toBeUndefined();
    expect(record.annotations['backstage.io/managed-by-location']).toBeUndefined();
  });

  it('records a missing site with similar names', () => {
    const { records } = emit(claimant('typo', 'web01.corp.example/default web site '), claimant('gone', 'web01.corp.example/Old Site'));

    expect(records).toEqual([
      { site: 'Old Site', claimedBy: ['component:default/gone'], missing: true, similar: [] },
      { site: 'default web site', claimedBy: ['component:default/typo'], missing: true, similar: ['Default Web Site'] },
    ] satisfies MissingSiteRecord[]);
  });

  it.each([
    ['cdn.exmaple.com', ['cdn.example.com']],
    ['default web site', ['Default Web Site']],
    ['Marketing (campaign)', ['Marketing (campaigns)']],
    ['Inventory', []],
  ])('suggests sites close to %j', (claimed, similar) => {
    const { records } = emit(claimant('typo', `web01.corp.example/${claimed.trim()}`));

    expect((records[0] as MissingSiteRecord).similar).toEqual(similar);
  });

  it('lists every claimant of a site', () => {
    const { records } = emit(claimant('b', 'web01.corp.example/cdn.example.com'), claimant('a', 'web01.corp.example/cdn.example.com'));

    expect(records[0].claimedBy).toEqual(['component:default/a', 'component:default/b']);
  });

  it('ignores claims of other servers', () => {
    const { server, entities } = emit(claimant('other', 'web02.corp.example/shop.example.com'));

    expect(server.metadata.annotations![ANNOTATION_CLAIMS]).toBeUndefined();
    expect(entities.map(entity => entity.metadata.name)).toContain('web01.corp.example--shop-example-com');
  });

  it('ignores claims on the module’s own entities', () => {
    const own = claimant('own', 'web01.corp.example/shop.example.com');
    own.metadata.annotations!['iis.net/provider'] = 'test';

    expect(emit(own).server.metadata.annotations![ANNOTATION_CLAIMS]).toBeUndefined();
  });
});

describe('enrichEntity', () => {
  let reading: IisServerReading;

  beforeAll(async () => {
    reading = await parseApplicationHostConfig(await readFile(farmFile), { host: 'web01.corp.example', location: farmFile });
  });

  it('copies one site’s facts and keeps own links first', () => {
    const entity = claimant('cdn', 'web01.corp.example/cdn.example.com', {
      links: [{ url: 'https://cdn.example.com/', title: 'Own' }, { url: 'https://docs.example.com/' }],
    });
    entity.metadata.annotations!['iis.net/state'] = 'hand-written';
    const server = readingToEntities(reading, { ...options, claims: ClaimIndex.fromEntities([entity]) }).find(found => found.spec?.type === 'iis-server')!;
    const record = decodeClaimRecords(server)![0] as ClaimedSiteRecord;

    const enriched = enrichEntity(entity, [{ claim: { host: 'web01.corp.example', site: 'cdn.example.com' }, record, server }]);

    expect(enriched.metadata.links).toEqual([{ url: 'https://cdn.example.com/', title: 'Own' }, { url: 'https://docs.example.com/' }]);
    expect(enriched.metadata.annotations!['iis.net/state']).toBe(record.annotations['iis.net/state']);
    expect(enriched.metadata.annotations!['iis.net/site']).toBe('web01.corp.example/cdn.example.com');
    expect(entity.metadata.annotations!['iis.net/state']).toBe('hand-written');
  });

  it('adds certificate tags to own tags', () => {
    const entity = claimant('cdn', 'web01.corp.example/cdn.example.com', { tags: ['team-content'] });
    const server = readingToEntities(reading, { ...options, claims: ClaimIndex.fromEntities([entity]) }).find(found => found.spec?.type === 'iis-server')!;
    const record = { ...(decodeClaimRecords(server)![0] as ClaimedSiteRecord), tags: ['certificate-expiring'] };

    const enriched = enrichEntity(entity, [{ claim: { host: 'web01.corp.example', site: 'cdn.example.com' }, record, server }]);

    expect(enriched.metadata.tags).toEqual(['team-content', 'certificate-expiring']);
  });

  it('carries the server’s unreadable state', () => {
    const entity = claimant('cdn', 'web01.corp.example/cdn.example.com');
    const server = readingToEntities(reading, { ...options, claims: ClaimIndex.fromEntities([entity]) }).find(found => found.spec?.type === 'iis-server')!;
    server.metadata.annotations!['iis.net/unreadable-since'] = '2026-12-01T00:00:00.000Z';
    server.metadata.annotations!['iis.net/read-error'] = 'refused';
    const record = decodeClaimRecords(server)![0] as ClaimedSiteRecord;

    const enriched = enrichEntity(entity, [{ claim: { host: 'web01.corp.example', site: 'cdn.example.com' }, record, server }]);

    expect(enriched.metadata.annotations!['iis.net/unreadable-since']).toBe('2026-12-01T00:00:00.000Z');
    expect(enriched.metadata.annotations!['iis.net/read-error']).toBe('refused');
  });
});
