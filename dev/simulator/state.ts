import type { IisApplication, IisApplicationPool, IisServerReading, IisSite } from '../../src/iis/model';
import type { SimulatedFaults } from './faults';
import { appPoolId, siteId, webAppId } from './ids';
import type { RequireNtlmOptions } from './ntlm-auth';
import { indexCertificates, SimulatedCertificate, validateCertificates } from './served-certificates';

/** Per-server options: what `GET /api` returns, Windows authentication, and the fault switches. */
export interface SimulatedServerOptions extends SimulatedFaults {
  /**
   * What `GET /api` returns as `host_name`. The service reads it from its appsettings.json, whose
   * installed default is "IIS Administration API", so that is the default here too.
   */
  hostName?: string;
  /**
   * Require NTLMv2 with this account on every connection before the access token is checked,
   * as the service does by default.
   */
  requireNtlm?: RequireNtlmOptions;
  /** Offer Windows authentication only as Kerberos (`Negotiate`), and reject every NTLM token. */
  kerberosOnly?: boolean;
  /** Server certificates of https bindings, served on the bindings and under `/api/certificates/{id}`. */
  certificates?: SimulatedCertificate[];
}

export const DEFAULT_HOST_NAME = 'IIS Administration API';

export interface SimulatedWebApp {
  site: IisSite;
  app: IisApplication;
}

/** One simulated server: a snapshot of its reading, indexed by the ids the API hands out. */
export interface SimulatedServer {
  host: string;
  reading: IisServerReading;
  options: SimulatedServerOptions;
  sitesById: Map<string, IisSite>;
  poolsById: Map<string, IisApplicationPool>;
  webAppsById: Map<string, SimulatedWebApp>;
  certificatesById: Map<string, SimulatedCertificate>;
}

/** Copies the reading, so later changes by the caller do not leak into the served state. */
export function createSimulatedServer(
  host: string,
  reading: IisServerReading,
  options: SimulatedServerOptions = {},
): SimulatedServer {
  const snapshot = structuredClone(reading);
  const certificates = structuredClone(options.certificates ?? []);
  validateCertificates(host, certificates);
  const server: SimulatedServer = {
    host,
    reading: snapshot,
    options: { ...options, certificates },
    sitesById: new Map(),
    poolsById: new Map(),
    webAppsById: new Map(),
    certificatesById: indexCertificates(host, certificates),
  };

  for (const site of snapshot.sites) {
    server.sitesById.set(idOfSite(server, site), site);
    for (const app of site.applications) {
      server.webAppsById.set(webAppId(host, site.id, app.path), { site, app });
    }
  }
  for (const pool of snapshot.applicationPools) {
    server.poolsById.set(idOfPool(server, pool), pool);
  }
  return server;
}

/** The site's id: the one the reading kept from a real API, or one derived from host and site id. */
export function idOfSite(server: SimulatedServer, site: IisSite): string {
  return site.apiId ?? siteId(server.host, site.id);
}

export function idOfPool(server: SimulatedServer, pool: IisApplicationPool): string {
  return pool.apiId ?? appPoolId(server.host, pool.name);
}

/** Finds a pool by name; IIS compares pool names case-insensitively. */
export function findPool(server: SimulatedServer, name: string | undefined): IisApplicationPool | undefined {
  if (name === undefined) {
    return undefined;
  }
  const wanted = name.toLowerCase();
  return server.reading.applicationPools.find(pool => pool.name.toLowerCase() === wanted);
}

export function rootApplication(site: IisSite): IisApplication | undefined {
  return site.applications.find(app => app.path === '/');
}

/** Whether an application runs in the given pool. */
export function runsInPool(app: IisApplication, pool: IisApplicationPool): boolean {
  return app.applicationPool.toLowerCase() === pool.name.toLowerCase();
}
