import pLimit from 'p-limit';
import type { IisApplication, IisServerReading } from '../model';
import { ApiHttp } from './apiHttp';
import { IisApiError } from './IisApiError';
import { invalidResponseError } from './httpErrorMessages';
import { isJsonObject } from './jsonValues';
import { deriveRootApplications, mapWebapp, WEBAPP_FIELDS } from './mapApplications';
import { APPLICATION_POOL_FIELDS, mapApplicationPool } from './mapApplicationPools';
import { MappedWebsite, mapWebsite, WEBSITE_FIELDS } from './mapSites';
import { resolveClientOptions, ResolvedClientOptions } from './resolveClientOptions';
import { createIisHttpsAgent, IisHttpsAgent } from './tlsAgent';
import type { IisApiLogger, IisApiServerOptions } from './types';

/** Application lists read at the same time on one server. */
const APPLICATION_READ_CONCURRENCY = 4;

const WEBSITES_PATH = `/api/webserver/websites?fields=${WEBSITE_FIELDS.join(',')}`;
const APPLICATION_POOLS_PATH = `/api/webserver/application-pools?fields=${APPLICATION_POOL_FIELDS.join(',')}`;

/**
 * Reads sites, applications and application pools of one server from the IIS Administration API.
 * The constructor validates the options and throws IisApiError (kind `invalid-options`) for
 * unusable ones. Call close() when done, to release the kept-alive connections.
 */
export class IisApiClient {
  private readonly options: ResolvedClientOptions;
  private readonly agent: IisHttpsAgent;
  private readonly http: ApiHttp;
  private readonly logger?: IisApiLogger;

  constructor(options: IisApiServerOptions, deps: { logger?: IisApiLogger } = {}) {
    this.options = resolveClientOptions(options);
    this.logger = deps.logger;
    this.agent = createIisHttpsAgent(this.options.trust, this.options.timeoutMs);
    this.http = new ApiHttp({
      host: this.options.host,
      baseUrl: this.options.baseUrl,
      accessToken: options.accessToken,
      timeoutMs: this.options.timeoutMs,
      maxBodyBytes: this.options.maxBodyBytes,
      agent: this.agent,
      logger: this.logger,
    });
  }

  /**
   * Reads the whole server: one request for the sites, one for the pools and, when
   * readApplications is on, one per site for its applications. Rejects with IisApiError.
   */
  async readServer(): Promise<IisServerReading> {
    const { host, baseUrl } = this.options;
    this.logger?.debug(`Reading IIS server "${host}" through the IIS Administration API at ${baseUrl}`);
    const warnings: string[] = [];

    const [rawSites, rawPools] = await Promise.all([
      this.readList(WEBSITES_PATH, 'websites', 'the websites', warnings),
      this.readList(APPLICATION_POOLS_PATH, 'app_pools', 'the application pools', warnings),
    ]);

    const websites: MappedWebsite[] = [];
    rawSites.forEach((raw, index) => {
      const mapped = mapWebsite(raw, index, warnings);
      if (mapped !== undefined) {
        websites.push(mapped);
      }
    });
    const applicationPools = rawPools
      .map((raw, index) => mapApplicationPool(raw, index, warnings))
      .filter(pool => pool !== undefined);

    await this.fillApplications(websites, warnings);

    this.logger?.debug(
      `Read ${websites.length} sites and ${applicationPools.length} application pools from IIS server "${host}" ` +
        `with ${warnings.length} warnings`,
    );
    return {
      host,
      source: 'api',
      location: baseUrl,
      sites: websites.map(mapped => mapped.site),
      applicationPools,
      warnings,
    };
  }

  /** Closes the kept-alive connections of this server. */
  close(): void {
    this.agent.agent.destroy();
  }

  private async fillApplications(websites: MappedWebsite[], warnings: string[]): Promise<void> {
    if (!this.options.readApplications) {
      for (const mapped of websites) {
        mapped.site.applications = deriveRootApplications(mapped, warnings);
      }
      return;
    }
    // Requests run in parallel, so each site collects its own warnings to keep the site order.
    const limit = pLimit(APPLICATION_READ_CONCURRENCY);
    const siteWarnings = await Promise.all(
      websites.map(mapped =>
        limit(async () => {
          const own: string[] = [];
          mapped.site.applications = await this.readApplications(mapped, own);
          return own;
        }),
      ),
    );
    warnings.push(...siteWarnings.flat());
  }

  /**
   * Reads one site's applications. `/api/webserver/webapps` lists nothing without `website.id`
   * or `application_pool.id` (ApplicationsController.Get in microsoft/IIS.Administration), so
   * this takes one request per site.
   */
  private async readApplications(mapped: MappedWebsite, warnings: string[]): Promise<IisApplication[]> {
    const { site } = mapped;
    if (site.apiId === undefined) {
      warnings.push(`Site "${site.name}" has no API id, so only its root application is known`);
      return deriveRootApplications(mapped, warnings);
    }
    const path = `/api/webserver/webapps?website.id=${encodeURIComponent(site.apiId)}&fields=${WEBAPP_FIELDS.join(',')}`;
    let rawApps: unknown[];
    try {
      rawApps = await this.readList(path, 'webapps', `the applications of site "${site.name}"`, warnings);
    } catch (error) {
      if (error instanceof IisApiError && error.kind === 'not-found') {
        // The site was deleted between the two requests.
        warnings.push(`Site "${site.name}" was not found when its applications were read; it has no applications in this reading`);
        return [];
      }
      throw error;
    }
    const applications: IisApplication[] = [];
    rawApps.forEach((raw, index) => {
      const application = mapWebapp(raw, index, site.name, warnings);
      if (application !== undefined) {
        applications.push(application);
      }
    });
    return applications;
  }

  /** GETs a list resource and returns the array under `key`. */
  private async readList(path: string, key: string, subject: string, warnings: string[]): Promise<unknown[]> {
    const { body, totalCount } = await this.http.getJson(path, subject);
    const list = isJsonObject(body) ? body[key] : undefined;
    if (!Array.isArray(list)) {
      throw invalidResponseError(
        { host: this.options.host, url: `${this.options.baseUrl}${path}`, baseUrl: this.options.baseUrl, subject },
        `the response has no "${key}" list`,
      );
    }
    if (totalCount !== undefined && totalCount !== list.length) {
      warnings.push(`The API listed ${list.length} entries for ${subject} but its X-Total-Count header says ${totalCount}`);
    }
    return list;
  }
}
