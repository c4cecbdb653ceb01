import fs from 'fs';
import os from 'os';
import path from 'path';
import { stringify } from 'yaml';
import type { Entity } from '@backstage/catalog-model';

/** Builds a hand-written Component as a team would put it in catalog-info.yaml. */
export function claimant(name: string, annotations: Record<string, string>, links: Array<{ url: string; title?: string }> = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations, ...(links.length > 0 ? { links } : {}) },
    spec: { type: 'website', lifecycle: 'production', owner: 'group:default/shop-team' },
  };
}

/** A catalog-info.yaml file in a fresh temporary folder, which tests rewrite to change the entities. */
export class CatalogInfoFile {
  readonly path = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-claims-')), 'catalog-info.yaml');

  constructor(entities: Entity[]) {
    this.write(entities);
  }

  write(entities: Entity[]) {
    fs.writeFileSync(this.path, entities.map(entity => stringify(entity)).join('---\n'));
  }

  /** Returns the catalog config that registers this file as a location and admits its Components. */
  locationConfig() {
    return [{ type: 'file', target: this.path, rules: [{ allow: ['Component'] }] }];
  }
}

/** Fetches one entity by ref through the catalog REST API, or undefined when it is not there. */
export async function getEntity(catalogUrl: string, kind: string, name: string, namespace = 'default'): Promise<Entity | undefined> {
  const response = await fetch(`${catalogUrl}/entities/by-name/${kind}/${namespace}/${encodeURIComponent(name)}`);
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`GET ${kind}:${namespace}/${name} failed with ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Entity;
}

export function dependsOnTargets(entity: Entity | undefined): string[] {
  return (entity?.relations ?? []).filter(relation => relation.type === 'dependsOn').map(relation => relation.targetRef).sort();
}

export function linkUrls(entity: Entity | undefined): string[] {
  return (entity?.metadata.links ?? []).map(link => link.url);
}
