import type { JsonObject } from '@backstage/types';
import { IisSite } from '../iis/model';
import type { OwnershipTarget } from '../ownership/types';
import type { TransformOptions } from './transform';

/** Owner, lifecycle, namespace, system and tags of one entity, after the ownership rules. */
export interface Placement {
  owner: string;
  lifecycle: string;
  namespace: string;
  system?: string;
  tags: string[];
}

export const TAGS = ['iis'];

/** Applies the first ownership rule that matches the target over the provider's defaults. */
export function place(target: OwnershipTarget, options: TransformOptions): Placement {
  const settings = options.ownership?.resolve(target);
  const extraTags = (settings?.tags ?? []).filter(tag => !TAGS.includes(tag));
  return {
    owner: settings?.owner ?? options.owner,
    lifecycle: settings?.lifecycle ?? options.lifecycle,
    namespace: settings?.namespace ?? options.namespace,
    system: settings?.system,
    tags: [...TAGS, ...extraTags],
  };
}

/** Returns the distinct pools of a site's applications, the root application's first. */
export function sitePools(site: IisSite): string[] {
  const names = [site.applicationPool, ...site.applications.map(application => application.applicationPool)];
  return [...new Set(names.filter((name): name is string => !!name))];
}

/** Adds `spec.system` when a rule set one. */
export function withSystem(spec: JsonObject, placement: Placement): JsonObject {
  return placement.system ? { ...spec, system: placement.system } : spec;
}
