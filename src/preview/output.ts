import type { Entity } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import type { ProviderPreview } from './previewProviders';

/** Collects every provider's entities in provider order, each provider's sorted as it emits them. */
export function allEntities(previews: ProviderPreview[]): Entity[] {
  return previews.flatMap(preview => preview.entities);
}

/**
 * Formats the entities as a multi-document YAML stream, one document per entity, in the form of
 * catalog-info files. Long strings such as `iis.net/bindings` stay on one line.
 */
export function formatEntitiesYaml(entities: Entity[]): string {
  return entities.map(entity => `---\n${stringify(entity, { lineWidth: 0 })}`).join('');
}

/**
 * Formats the preview for scripts: every provider with its servers (without the readings) and
 * every entity.
 */
export function formatPreviewJson(previews: ProviderPreview[]): string {
  const providers = previews.map(preview => ({
    id: preview.id,
    providerName: preview.providerName,
    owner: preview.owner,
    servers: preview.servers,
    suffixedNames: preview.suffixedNames,
  }));
  return `${JSON.stringify({ providers, entities: allEntities(previews) }, null, 2)}\n`;
}
