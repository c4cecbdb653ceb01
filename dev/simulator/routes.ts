import type { IisSite } from '../../src/iis/model';
import { FieldSelection } from './fields';
import { aspNetNotFound, notFound, Problem } from './problem';
import {
  JsonObject,
  RenderContext,
  renderPool,
  renderPoolReference,
  renderSite,
  renderSiteReference,
  renderWebApp,
  renderWebAppReference,
} from './render';
import { renderCertificate } from './served-certificates';
import { DEFAULT_HOST_NAME, runsInPool, SimulatedServer, SimulatedWebApp } from './state';

/**
 * The read-only routes of the IIS Administration API, as pure functions of one server's state.
 *
 * Not-found cases follow the service where its code shows the answer for a well-formed id that
 * matches nothing: `website.id` gives `{"title":"Not found","name":"site"}`, `application_pool.id`
 * gives ASP.NET Core's default 404 body. An unknown id in the path gives
 * `{"title":"Not found","name":"id"}`. A malformed id makes the real service omit `name`; the
 * simulator's ids are hashes, so it cannot tell malformed from unknown.
 */

export interface ApiRequest {
  /** Path below the server's base URL, starting with `/api`. */
  path: string;
  query: URLSearchParams;
  /** Whether the request accepts HAL (`Accept` names `hal`). */
  hal: boolean;
}

export type ApiResult =
  | { kind: 'resource'; body: JsonObject; totalCount?: number }
  | { kind: 'problem'; problem: Problem };

/**
 * Values of a query parameter, matched case-insensitively as ASP.NET Core does, joined with
 * commas when it occurs more than once; `undefined` when it is absent.
 */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of query) {
    if (key.toLowerCase() === wanted) {
      values.push(value);
    }
  }
  return values.length === 0 ? undefined : values.join(',');
}

function problem(value: Problem): ApiResult {
  return { kind: 'problem', problem: value };
}

function resource(body: JsonObject, totalCount?: number): ApiResult {
  return { kind: 'resource', body, totalCount };
}

export function routeRequest(server: SimulatedServer, request: ApiRequest): ApiResult {
  const segments = decodePathSegments(request.path);
  if (segments === undefined) {
    return problem(notFound());
  }
  const context: RenderContext = { server, hal: request.hal };
  const fields = FieldSelection.fromQuery(queryValue(request.query, 'fields'));

  // ASP.NET Core matches route templates case-insensitively; ids keep their case.
  const lower = segments.map(segment => segment.toLowerCase());
  if (lower.length === 1 && lower[0] === 'api') {
    return resource({ host_name: server.options.hostName ?? DEFAULT_HOST_NAME });
  }
  if (lower.length === 3 && lower[0] === 'api' && lower[1] === 'certificates') {
    // NOTE: only single certificates are served; the list (`?store.id=`) is not simulated.
    const certificate = server.certificatesById.get(segments[2]);
    return certificate ? resource(renderCertificate(server.host, certificate)) : problem(notFound('id'));
  }
  if (lower.length < 3 || lower[0] !== 'api' || lower[1] !== 'webserver' || lower.length > 4) {
    return problem(notFound());
  }

  const collection = lower[2];
  const id = segments[3];
  if (collection === 'websites') {
    return id === undefined ? listSites(context, request, fields) : getSite(context, id, fields);
  }
  if (collection === 'application-pools') {
    return id === undefined ? listPools(context, fields) : getPool(context, id, fields);
  }
  if (collection === 'webapps') {
    return id === undefined ? listWebApps(context, request, fields) : getWebApp(context, id, fields);
  }
  return problem(notFound());
}

/** Path segments without empty ones (so a trailing slash matches); undefined for bad escapes. */
function decodePathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter(segment => segment !== '')
      .map(segment => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function listSites(context: RenderContext, request: ApiRequest, fields: FieldSelection): ApiResult {
  const { server } = context;
  let sites: IisSite[] = server.reading.sites;

  const poolId = queryValue(request.query, 'application_pool.id');
  if (poolId) {
    const pool = server.poolsById.get(poolId);
    if (!pool) {
      return problem(aspNetNotFound());
    }
    sites = sites.filter(site => site.applications.some(app => runsInPool(app, pool)));
  }

  const websites = sites.map(site => renderSiteReference(context, site, fields));
  return resource({ websites }, websites.length);
}

function getSite(context: RenderContext, id: string, fields: FieldSelection): ApiResult {
  const site = context.server.sitesById.get(id);
  return site ? resource(renderSite(context, site, fields, true)) : problem(notFound('id'));
}

function listPools(context: RenderContext, fields: FieldSelection): ApiResult {
  const pools = context.server.reading.applicationPools.map(pool => renderPoolReference(context, pool, fields));
  return resource({ app_pools: pools }, pools.length);
}

function getPool(context: RenderContext, id: string, fields: FieldSelection): ApiResult {
  const pool = context.server.poolsById.get(id);
  return pool ? resource(renderPool(context, pool, fields, true)) : problem(notFound('id'));
}

/** Applications of one site (`website.id`) or of one pool (`application_pool.id`), never all. */
function listWebApps(context: RenderContext, request: ApiRequest, fields: FieldSelection): ApiResult {
  const { server } = context;
  let webApps: SimulatedWebApp[];

  const poolId = queryValue(request.query, 'application_pool.id');
  const websiteId = queryValue(request.query, 'website.id');
  if (poolId) {
    const pool = server.poolsById.get(poolId);
    if (!pool) {
      return problem(aspNetNotFound());
    }
    webApps = [...server.webAppsById.values()].filter(webApp => runsInPool(webApp.app, pool));
  } else if (websiteId) {
    const site = server.sitesById.get(websiteId);
    if (!site) {
      return problem(notFound('site'));
    }
    webApps = site.applications.map(app => ({ site, app }));
  } else {
    // The service resolves no site and returns NotFound() rather than every application.
    return problem(aspNetNotFound());
  }

  const rendered = webApps.map(webApp => renderWebAppReference(context, webApp, fields));
  return resource({ webapps: rendered }, rendered.length);
}

function getWebApp(context: RenderContext, id: string, fields: FieldSelection): ApiResult {
  const webApp = context.server.webAppsById.get(id);
  return webApp ? resource(renderWebApp(context, webApp, fields, true)) : problem(notFound('id'));
}
