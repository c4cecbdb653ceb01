import type { IisBinding, IisSite } from '../iis/model';
import { formatTable } from './formatTable';
import type { ProviderPreview } from './previewProviders';

/** Shown for a binding's empty host, which IIS matches against any host name. */
const ANY_HOST = '(any)';

/** Formats one table of servers per provider, then one table of every site read. */
export function formatPreviewTables(previews: ProviderPreview[]): string {
  const sections = previews.map(formatServersTable);
  sections.push(formatSitesTable(previews));
  return `${sections.join('\n\n')}\n`;
}

function formatServersTable(preview: ProviderPreview): string {
  const rows = preview.servers.map(server => [
    server.host,
    server.source,
    server.state,
    server.state === 'read' ? String(server.sites) : '-',
    server.state === 'read' ? String(server.applicationPools) : '-',
    String(server.warnings.length),
    // The kind only: the full message is in the warnings, and it would make every row wide.
    server.failure?.kind ?? '',
  ]);
  const title = `Provider ${preview.providerName} (catalog.providers.iis.${preview.id}), owner ${preview.owner}`;
  return `${title}\n${formatTable(['HOST', 'SOURCE', 'STATE', 'SITES', 'POOLS', 'WARNINGS', 'ERROR'], rows)}`;
}

function formatSitesTable(previews: ProviderPreview[]): string {
  const rows: string[][] = [];
  for (const preview of previews) {
    for (const reading of preview.readings) {
      for (const site of reading.sites) {
        rows.push(...siteRows(reading.host, site, preview.owner));
      }
    }
  }
  if (rows.length === 0) {
    return 'Sites: none read';
  }
  return `Sites\n${formatTable(['SERVER', 'SITE', 'PROTOCOL', 'ADDRESS', 'PORT', 'HOST', 'OWNER'], rows)}`;
}

/** Builds one row per binding, with the server, site and owner on the site's first row only. */
function siteRows(host: string, site: IisSite, owner: string): string[][] {
  if (site.bindings.length === 0) {
    return [[host, site.name, '-', '', '', '', owner]];
  }
  return site.bindings.map((binding, index) => {
    const first = index === 0;
    return [first ? host : '', first ? site.name : '', ...bindingCells(binding), first ? owner : ''];
  });
}

function bindingCells(binding: IisBinding): string[] {
  if (binding.problem !== undefined) {
    return [binding.protocol, '', '', `not parsed: "${binding.bindingInformation}"`];
  }
  if (binding.port === undefined && binding.address === undefined && binding.host === undefined) {
    // Protocols that the binding parser does not know keep only the raw binding information.
    return [binding.protocol, '', '', binding.bindingInformation];
  }
  return [
    binding.protocol,
    binding.address ?? '',
    binding.port === undefined ? '' : String(binding.port),
    binding.host === '' ? ANY_HOST : binding.host ?? '',
  ];
}
