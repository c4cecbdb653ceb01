import type { IisApplicationPool, IisBinding, IisSite } from '../../src/iis/model';
import {
  FieldSelection,
  POOL_REFERENCE_FIELDS,
  SITE_REFERENCE_FIELDS,
  WEBAPP_REFERENCE_FIELDS,
} from './fields';
import { webAppId } from './ids';
import { certificateOfBinding, renderCertificateReference } from './served-certificates';
import { findPool, idOfPool, idOfSite, rootApplication, SimulatedServer, SimulatedWebApp } from './state';

/**
 * JSON bodies of the IIS Administration API, built the way its `ToJsonModel` helpers build them:
 * the same field names and order, `id` always present, and HAL `_links` only when the request
 * accepts `application/hal+json`. A full resource gets all of its links, a reference only `self`.
 */

export type JsonObject = { [key: string]: unknown };

export interface RenderContext {
  server: SimulatedServer;
  /** Whether the request accepts HAL (`Accept` names `hal`). */
  hal: boolean;
}

/** The schema default of an application's `enabledProtocols`. */
const DEFAULT_ENABLED_PROTOCOLS = 'http';

// NOTE: the service's links are paths from its root (`/api/...`). The simulator serves each
// server under `/<host>`, so its links carry that prefix and still resolve against the origin.
function href(context: RenderContext, path: string): { href: string } {
  return { href: `/${encodeURIComponent(context.server.host)}${path}` };
}

function withLinks(context: RenderContext, body: JsonObject, links: Record<string, string>): JsonObject {
  if (!context.hal) {
    return body;
  }
  const rendered: Record<string, { href: string }> = {};
  for (const [name, path] of Object.entries(links)) {
    rendered[name] = href(context, path);
  }
  return { ...body, _links: rendered };
}

export function renderSite(context: RenderContext, site: IisSite, fields: FieldSelection, full: boolean): JsonObject {
  const id = idOfSite(context.server, site);
  const root = rootApplication(site);
  const body: JsonObject = {};

  if (fields.has('name')) body.name = site.name;
  body.id = id;
  if (fields.has('physical_path')) body.physical_path = root?.physicalPath ?? site.physicalPath ?? '';
  if (fields.has('key')) body.key = site.id;
  if (fields.has('status')) body.status = site.state;
  if (fields.has('server_auto_start')) body.server_auto_start = site.serverAutoStart;
  if (fields.has('enabled_protocols')) {
    body.enabled_protocols = root ? root.enabledProtocols ?? DEFAULT_ENABLED_PROTOCOLS : '';
  }
  if (fields.has('bindings')) {
    const certificates = context.server.options.certificates ?? [];
    body.bindings = site.bindings.map(binding => {
      const certificate = certificateOfBinding(certificates, site, binding);
      return renderBinding(binding, certificate && renderCertificateReference(context.server.host, certificate));
    });
  }
  if (fields.has('application_pool')) {
    // The service reports the root application's pool, and null when that pool does not exist.
    const pool = findPool(context.server, root ? root.applicationPool : site.applicationPool);
    body.application_pool = pool ? renderPoolReference(context, pool, fields.nested('application_pool')) : null;
  }

  const self = `/api/webserver/websites/${id}`;
  const links: Record<string, string> = full
    ? { self, webapps: `/api/webserver/webapps?website.id=${id}` }
    : { self };
  return withLinks(context, body, links);
}

export function renderSiteReference(context: RenderContext, site: IisSite, fields: FieldSelection): JsonObject {
  return renderSite(context, site, fields.orReference(SITE_REFERENCE_FIELDS), false);
}

/**
 * Renders one binding. Only the exact protocol names `http` and `https` get the parsed parts,
 * because the service compares them case-sensitively. A value that did not parse gets null
 * address and port. An https binding gets `certificate` only when one is given for it, as the
 * service leaves it out when it cannot resolve the certificate.
 */
export function renderBinding(binding: IisBinding, certificate?: JsonObject): JsonObject {
  const body: JsonObject = {
    protocol: binding.protocol,
    binding_information: binding.bindingInformation,
  };
  if (binding.protocol !== 'http' && binding.protocol !== 'https') {
    return body;
  }

  const parsed = binding.problem === undefined && binding.address !== undefined && binding.port !== undefined;
  body.ip_address = parsed ? binding.address : null;
  body.port = parsed ? binding.port : null;
  body.hostname = binding.host ?? '';
  if (binding.protocol === 'https') {
    // NOTE: IIS 7.5 has no sslFlags and the service then omits require_sni; the model cannot
    // tell that case from sslFlags="0", so the simulator always sends it.
    if (certificate !== undefined) body.certificate = certificate;
    body.require_sni = binding.sni ?? ((binding.sslFlags ?? 0) & 1) === 1;
  }
  return body;
}

export function renderPool(
  context: RenderContext,
  pool: IisApplicationPool,
  fields: FieldSelection,
  full: boolean,
): JsonObject {
  const id = idOfPool(context.server, pool);
  const body: JsonObject = {};

  if (fields.has('name')) body.name = pool.name;
  body.id = id;
  if (fields.has('status')) body.status = pool.state;
  if (fields.has('auto_start')) body.auto_start = pool.autoStart;
  if (fields.has('pipeline_mode')) body.pipeline_mode = pool.pipelineMode;
  if (fields.has('managed_runtime_version')) body.managed_runtime_version = pool.managedRuntimeVersion;
  if (fields.has('enable_32bit_win64')) body.enable_32bit_win64 = pool.enable32BitAppOnWin64;
  if (fields.has('start_mode')) body.start_mode = pool.startMode;
  if (fields.has('identity')) {
    // The password is never part of the model, and the service never returns it either.
    body.identity = {
      identity_type: pool.identityType,
      username: pool.identityUserName ?? '',
    };
  }

  const self = `/api/webserver/application-pools/${id}`;
  const links: Record<string, string> = full
    ? {
        self,
        webapps: `/api/webserver/webapps?application_pool.id=${id}`,
        websites: `/api/webserver/websites?application_pool.id=${id}`,
      }
    : { self };
  return withLinks(context, body, links);
}

export function renderPoolReference(
  context: RenderContext,
  pool: IisApplicationPool,
  fields: FieldSelection,
): JsonObject {
  return renderPool(context, pool, fields.orReference(POOL_REFERENCE_FIELDS), false);
}

export function renderWebApp(
  context: RenderContext,
  webApp: SimulatedWebApp,
  fields: FieldSelection,
  full: boolean,
): JsonObject {
  const { site, app } = webApp;
  const id = webAppId(context.server.host, site.id, app.path);
  const body: JsonObject = {};

  if (fields.has('location')) body.location = `${site.name}${app.path}`;
  if (fields.has('path')) body.path = app.path;
  body.id = id;
  if (fields.has('physical_path') && app.physicalPath !== undefined) body.physical_path = app.physicalPath;
  if (fields.has('enabled_protocols')) body.enabled_protocols = app.enabledProtocols ?? DEFAULT_ENABLED_PROTOCOLS;
  if (fields.has('website')) body.website = renderSiteReference(context, site, fields.nested('website'));
  if (fields.has('application_pool')) {
    const pool = findPool(context.server, app.applicationPool);
    body.application_pool = pool ? renderPoolReference(context, pool, fields.nested('application_pool')) : null;
  }

  return withLinks(context, body, { self: `/api/webserver/webapps/${id}` });
}

export function renderWebAppReference(
  context: RenderContext,
  webApp: SimulatedWebApp,
  fields: FieldSelection,
): JsonObject {
  return renderWebApp(context, webApp, fields.orReference(WEBAPP_REFERENCE_FIELDS), false);
}

/**
 * Sends every number and boolean as a string, as the service's documentation shows them
 * (`"port": "443"`). The service itself sends JSON numbers and booleans; null stays null.
 */
export function quoteScalars(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map(quoteScalars);
  }
  if (value !== null && typeof value === 'object') {
    const quoted: JsonObject = {};
    for (const [key, entry] of Object.entries(value)) {
      quoted[key] = quoteScalars(entry);
    }
    return quoted;
  }
  return value;
}
