import type { IisApplication } from '../model';
import { FieldReader, describeValue, isJsonObject, nonEmpty } from './jsonValues';
import type { MappedWebsite } from './mapSites';

/** Fields requested for each application of `GET /api/webserver/webapps?website.id=…`. */
export const WEBAPP_FIELDS = ['path', 'physical_path', 'enabled_protocols', 'application_pool'];

/**
 * Maps one entry of a site's application list. Returns undefined, and adds a warning, for an entry
 * without a path. The service sends `application_pool: null` when the configured pool does not
 * exist; the application then gets an empty pool name and a warning.
 */
export function mapWebapp(raw: unknown, index: number, siteName: string, warnings: string[]): IisApplication | undefined {
  const label = `Site "${siteName}" application #${index + 1}`;
  if (!isJsonObject(raw)) {
    warnings.push(`${label} is ${describeValue(raw)}, not an object; it was skipped`);
    return undefined;
  }
  const fields = new FieldReader(raw, label, warnings);
  const path = fields.string('path');
  if (path === undefined || !path.startsWith('/')) {
    warnings.push(`${label} has no virtual path starting with "/"; it was skipped`);
    return undefined;
  }

  const appLabel = `Application "${siteName}${path}"`;
  const poolReference = fields.object('application_pool') ?? {};
  const applicationPool = nonEmpty(new FieldReader(poolReference, `${appLabel} application_pool`, warnings).string('name'));
  if (applicationPool === undefined) {
    warnings.push(`${appLabel}: the API names no application pool (the configured pool may not exist); the pool is left empty`);
  }
  return withOptionalFields(
    { path, applicationPool: applicationPool ?? '' },
    nonEmpty(fields.string('physical_path')),
    nonEmpty(fields.string('enabled_protocols')),
  );
}

/**
 * Derives the root application from the site fields, for reading without one request per site.
 * The service sends `application_pool: null` and `physical_path: ""` for a site without a root
 * application. A root application whose pool does not exist has a physical path but no pool; it
 * gets an empty pool name and a warning.
 */
export function deriveRootApplications(mapped: MappedWebsite, warnings: string[]): IisApplication[] {
  const { site } = mapped;
  if (site.applicationPool === undefined && site.physicalPath === undefined) {
    return [];
  }
  if (site.applicationPool === undefined) {
    warnings.push(`Application "${site.name}/": the API names no application pool (the configured pool may not exist); the pool is left empty`);
  }
  return [
    withOptionalFields(
      { path: '/', applicationPool: site.applicationPool ?? '' },
      site.physicalPath,
      nonEmpty(mapped.enabledProtocols),
    ),
  ];
}

function withOptionalFields(
  application: IisApplication,
  physicalPath: string | undefined,
  enabledProtocols: string | undefined,
): IisApplication {
  if (physicalPath !== undefined) {
    application.physicalPath = physicalPath;
  }
  if (enabledProtocols !== undefined) {
    application.enabledProtocols = enabledProtocols;
  }
  return application;
}
