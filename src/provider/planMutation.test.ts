import type { Entity } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { readingToEntities } from '../entities';
import { parseBinding } from '../iis/bindings';
import { IisServerReading, IisSite } from '../iis/model';
import { testPool } from '../iis/testing/builders';
import { ClaimIndex } from '../claims/ClaimIndex';
import { planMutation, PlanInput, ServerResult } from './planMutation';

const options = { providerId: 'prod', owner: 'group:default/web-platform', lifecycle: 'production', namespace: 'default' };
const now = new Date('2026-12-04T12:00:00Z');
const day = 24 * 3600 * 1000;

function site(name: string, id: number): IisSite {
  return {
    name,
    id,
    state: 'started',
    serverAutoStart: true,
    applicationPool: 'DefaultAppPool',
    bindings: [parseBinding('http', `*:${8000 + id}:`)],
    applications: [{ path: '/', applicationPool: 'DefaultAppPool' }],
  };
}

function reading(host: string, siteNames: string[]): IisServerReading {
  return {
    host,
    source: 'file',
    location: `/mnt/iis/${host}/applicationHost.config`,
    sites: siteNames.map((name, index) => site(name, index + 1)),
    applicationPools: [testPool('DefaultAppPool')],
    warnings: [],
  };
}

/** What the catalog returns for emitted entities: the same content plus its own fields. */
function stored(entities: Entity[]): Entity[] {
  return entities.map((entity, index) => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      uid: `uid-${index}`,
      etag: `etag-${index}`,
      annotations: { ...entity.metadata.annotations, 'backstage.io/view-url': 'https://example.invalid/view' },
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/web-platform' }],
  }));
}

function plan(results: ServerResult[], existing: Entity[] | undefined, overrides: Partial<PlanInput> = {}) {
  return planMutation({ options, results, existing, now, gracePeriodMs: 7 * day, maxRemovalShare: 0.5, ...overrides });
}

const web01 = reading('web01.corp.example', ['Shop', 'Blog', 'Docs', 'Wiki']);
const web02 = reading('web02.corp.example', ['Intranet']);
const refused = { kind: 'refused', message: 'connection refused' };
const catalogNow = stored([...readingToEntities(web01, options), ...readingToEntities(web02, options)]);

describe('planMutation', () => {
  it('adds everything on the first run', () => {
    const result = plan([{ host: web01.host, reading: web01 }, { host: web02.host, reading: web02 }], []);
    expect(result.counts).toEqual({ added: 9, updated: 0, unchanged: 0, kept: 0, removed: 0 });
    expect(result.removed).toEqual([]);
  });

  it('changes nothing for an unchanged farm', () => {
    const result = plan([{ host: web01.host, reading: web01 }, { host: web02.host, reading: web02 }], catalogNow);
    expect(result.counts).toEqual({ added: 0, updated: 0, unchanged: 9, kept: 0, removed: 0 });
  });

  it('removes a site of a server that was read', () => {
    const fewer = reading('web01.corp.example', ['Shop', 'Blog', 'Docs']);
    const result = plan([{ host: web01.host, reading: fewer }, { host: web02.host, reading: web02 }], catalogNow);
    expect(result.removed).toEqual(['component:default/web01.corp.example--wiki']);
    expect(result.counts.removed).toBe(1);
  });

  it('counts a changed binding as updated', () => {
    const changed = reading('web01.corp.example', ['Shop', 'Blog', 'Docs', 'Wiki']);
    changed.sites[0].bindings = [parseBinding('https', '*:443:shop.example.com', 1)];
    const result = plan([{ host: web01.host, reading: changed }, { host: web02.host, reading: web02 }], catalogNow);
    expect(result.counts).toEqual({ added: 0, updated: 1, unchanged: 8, kept: 0, removed: 0 });
  });

  it('keeps a failed server from the catalog, marked stale', () => {
    const result = plan([{ host: web01.host, reading: web01 }, { host: web02.host, failure: refused }], catalogNow);
    const kept = result.entities.filter(entity => entity.metadata.annotations!['iis.net/server'] === web02.host);
    expect(kept).toHaveLength(3);
    for (const entity of kept) {
      expect(entity.metadata.annotations!['iis.net/unreadable-since']).toBe('2026-12-04T12:00:00Z');
      expect(entity.metadata.annotations!['iis.net/read-error']).toBe('refused');
      expect(entity.metadata.annotations!['backstage.io/view-url']).toBeUndefined();
      expect(entity.metadata.uid).toBeUndefined();
      expect(entity.metadata.etag).toBeUndefined();
      expect((entity as { relations?: unknown }).relations).toBeUndefined();
    }
    expect(result.removed).toEqual([]);
    expect(result.counts).toEqual({ added: 0, updated: 3, unchanged: 6, kept: 3, removed: 0 });
    expect(result.servers).toContainEqual({ host: web02.host, status: 'kept', since: '2026-12-04T12:00:00Z', keptUntil: '2026-12-11T12:00:00.000Z' });
  });

  it('keeps the first failure date on later runs', () => {
    const first = plan([{ host: web01.host, reading: web01 }, { host: web02.host, failure: refused }], catalogNow);
    const later = plan(
      [{ host: web01.host, reading: web01 }, { host: web02.host, failure: refused }],
      stored(first.entities),
      { now: new Date(now.getTime() + 2 * day) },
    );
    expect(later.counts).toEqual({ added: 0, updated: 0, unchanged: 9, kept: 3, removed: 0 });
    const server = later.entities.find(entity => entity.metadata.name === web02.host)!;
    expect(server.metadata.annotations!['iis.net/unreadable-since']).toBe('2026-12-04T12:00:00Z');
  });

  it('drops a server unreadable past the grace period', () => {
    const first = plan([{ host: web01.host, reading: web01 }, { host: web02.host, failure: refused }], catalogNow);
    const result = plan(
      [{ host: web01.host, reading: web01 }, { host: web02.host, failure: refused }],
      stored(first.entities),
      { now: new Date(now.getTime() + 8 * day) },
    );
    expect(result.removed).toHaveLength(3);
    expect(result.servers.find(server => server.host === web02.host)?.status).toBe('dropped');
  });

  it('removes the entities of a server that left the config', () => {
    const result = plan([{ host: web01.host, reading: web01 }], catalogNow);
    expect(result.removed).toEqual([
      'component:default/web02.corp.example--intranet',
      'resource:default/web02.corp.example',
      'resource:default/web02.corp.example--defaultapppool',
    ]);
  });

  it('holds back a mass removal', () => {
    // Emptying web01 removes its 4 sites: 4 of 9 entities, 44%.
    const empty = reading('web01.corp.example', []);
    const result = plan([{ host: web01.host, reading: empty }, { host: web02.host, reading: web02 }], catalogNow, { maxRemovalShare: 0.4 });
    expect(result.removed).toEqual([]);
    expect(result.heldBack).toHaveLength(4);
    expect(result.entities).toHaveLength(5);
  });

  it('accepts a mass removal when allowed', () => {
    const empty = reading('web01.corp.example', []);
    const result = plan([{ host: web01.host, reading: empty }, { host: web02.host, reading: web02 }], catalogNow, { maxRemovalShare: 1 });
    expect(result.removed).toHaveLength(4);
    expect(result.heldBack).toEqual([]);
  });

  it('removes claimed sites past the guard', () => {
    // Claiming 3 of web01's 4 sites removes 3 of 9 entities, 33%, over a 20% limit.
    const claimants: Entity[] = ['Shop', 'Blog', 'Docs'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: name.toLowerCase(), annotations: { 'iis.net/site': `web01.corp.example/${name}` } },
    }));
    const claims = ClaimIndex.fromEntities(claimants);
    const result = plan([{ host: web01.host, reading: web01 }, { host: web02.host, reading: web02 }], catalogNow, {
      options: { ...options, claims },
      maxRemovalShare: 0.2,
    });

    expect(result.removed).toEqual([
      'component:default/web01.corp.example--blog',
      'component:default/web01.corp.example--docs',
      'component:default/web01.corp.example--shop',
    ]);
    expect(result.heldBack).toEqual([]);
  });

  it('still guards other removals beside claims', () => {
    const claims = ClaimIndex.fromEntities([
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'shop', annotations: { 'iis.net/site': 'web01.corp.example/Shop' } } },
    ]);
    const shopOnly = reading('web01.corp.example', ['Shop']);
    const result = plan([{ host: web01.host, reading: shopOnly }, { host: web02.host, reading: web02 }], catalogNow, {
      options: { ...options, claims },
      maxRemovalShare: 0.2,
    });

    expect(result.removed).toEqual(['component:default/web01.corp.example--shop']);
    expect(result.heldBack).toHaveLength(3);
  });

  it('removes nothing when the catalog cannot be read', () => {
    const fewer = reading('web01.corp.example', ['Shop']);
    const result = plan([{ host: web01.host, reading: fewer }, { host: web02.host, failure: refused }], undefined);
    expect(result.removed).toEqual([]);
    expect(result.entities.every(entity => entity.metadata.annotations!['iis.net/server'] === web01.host)).toBe(true);
    expect(result.servers).toContainEqual({ host: web02.host, status: 'unknown' });
  });

  it('emits nothing for a server never read', () => {
    const web03 = { host: 'web03.corp.example', failure: refused };
    const result = plan([{ host: web01.host, reading: web01 }, { host: web02.host, reading: web02 }, web03], catalogNow);
    expect(result.entities.some(entity => entity.metadata.annotations!['iis.net/server'] === web03.host)).toBe(false);
    expect(result.removed).toEqual([]);
  });
});
