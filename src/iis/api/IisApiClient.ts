import pLimit from 'p-limit';
import type { IisApplication, IisServerReading } from '../model';
import { ApiHttp, ApiHttpOptions } from './apiHttp';
import { IisApiError } from './IisApiError';
import { invalidResponseError } from './httpErrorMessages';
import { isJsonObject } from './jsonValues';
import { deriveRootApplications, mapWebapp, WEBAPP_FIELDS } from './mapApplications';
import { APPLICATION_POOL_FIELDS, mapApplicationPool } from './mapApplicationPools';
import { MappedWebsite, mapWebsite, WEBSITE_FIELDS } from './mapSites';
import { fillSubjectAlternativeNames } from './readCertificateNames';
import { resolveAccessToken, resolveClientOptions, ResolvedClientOptions } from './resolveClientOptions';
import { ConnectionPool } from './ntlm/connectionPool';
import { NtlmAuthenticator } from './ntlm/ntlmAuthenticator';
import type { NtlmClientDependencies } from './ntlm/ntlmClient';
import { createIisHttpsAgent, IisHttpsAgent, MAX_SOCKETS } from './tlsAgent';
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
  /** Single-connection agents for NTLM, when windowsAuthentication is set. */
  private readonly ntlmPool?: ConnectionPool;
  /** Everything a read's ApiHttp needs but the access token, which may change between reads. */
  private readonly httpOptions: Omit<ApiHttpOptions, 'accessToken'>;
  private readonly accessToken?: string;
  private readonly logger?: IisApiLogger;

  /**
   * `deps.random` replaces Math.random in the jitter of retry waits, so that tests can fix the
   * waits. `deps.ntlm` replaces the randomness, clock and workstation name of NTLM handshakes.
   */
  constructor(
    options: IisApiServerOptions,
    deps: { logger?: IisApiLogger; random?: () => number; ntlm?: NtlmClientDependencies } = {},
  ) {
    this.options = resolveClientOptions(options);
    this.logger = deps.logger;
    this.agent = createIisHttpsAgent(this.options.trust, this.options.timeoutMs);

    let ntlm: NtlmAuthenticator | undefined;
    if (this.options.windowsAccount !== undefined && options.windowsAuthentication !== undefined) {
      const { trust, timeoutMs } = this.options;
      this.ntlmPool = new ConnectionPool(MAX_SOCKETS, () => createIisHttpsAgent(trust, timeoutMs, { maxSockets: 1 }));
      ntlm = new NtlmAuthenticator({
        host: this.options.host,
        credentials: { ...this.options.windowsAccount, password: options.windowsAuthentication.password },
        pool: this.ntlmPool,
        logger: this.logger,
        clientDependencies: deps.ntlm,
      });
    }
    this.accessToken = options.accessToken;
    this.httpOptions = {
      host: this.options.host,
      baseUrl: this.options.baseUrl,
      timeoutMs: this.options.timeoutMs,
      maxBodyBytes: this.options.maxBodyBytes,
      retries: this.options.retries,
      retryBaseDelayMs: this.options.retryBaseDelayMs,
      agent: this.agent,
      ntlm,
      password: options.windowsAuthentication?.password,
      logger: this.logger,
      random: deps.random,
    };
  }

  /**
   * Reads the whole server: one request for the sites, one for the pools and, when
   * readApplications is on, one per site for its applications. Rejects with the IisApiError of
   * the first request that fails, and stops the other requests then. When `signal` aborts, every
   * request in flight and every wait before a retry ends, and the read rejects at once with kind
   * `cancelled` and the abort reason in its message.
   *
   * `accessToken` replaces the token of the options for this read only, so that a rotated token
   * takes effect without a new client. One of the two must be set.
   */
  async readServer(options: { signal?: AbortSignal; accessToken?: string } = {}): Promise<IisServerReading> {
    const accessToken = resolveAccessToken(this.options.host, this.options.baseUrl, options.accessToken ?? this.accessToken);
    const http = new ApiHttp({ ...this.httpOptions, accessToken });
    // This controller aborts when the read ends, so that no request of this read keeps running or
    // retrying after the first failure. It also passes on the caller's abort with its reason.
    const readController = new AbortController();
    const forwardAbort = () => readController.abort(options.signal?.reason);
    if (options.signal?.aborted) {
      forwardAbort();
    }
    options.signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      return await this.readAll(http, readController.signal);
    } finally {
      options.signal?.removeEventListener('abort', forwardAbort);
      readController.abort(new Error('the read has ended'));
    }
  }

  /** Closes the kept-alive connections of this server. */
  close(): void {
    this.agent.agent.destroy();
    this.ntlmPool?.destroy();
  }

  private async readAll(http: ApiHttp, signal: AbortSignal): Promise<IisServerReading> {
    const { host, baseUrl } = this.options;
    this.logger?.debug(`Reading IIS server "${host}" through the IIS Administration API at ${baseUrl}`);
    const warnings: string[] = [];

    const [rawSites, rawPools] = await Promise.all([
      this.readList(http, WEBSITES_PATH, 'websites', 'the websites', warnings, signal),
      this.readList(http, APPLICATION_POOLS_PATH, 'app_pools', 'the application pools', warnings, signal),
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

    await this.fillApplications(http, websites, warnings, signal);
    const sites = websites.map(mapped => mapped.site);
    await fillSubjectAlternativeNames(
      sites,
      async (path, subject) => (await http.getJson(path, subject, signal)).body,
      warnings,
    );

    this.logger?.debug(
      `Read ${websites.length} sites and ${applicationPools.length} application pools from IIS server "${host}" ` +
        `with ${warnings.length} warnings`,
    );
    return {
      host,
      source: 'api',
      location: baseUrl,
      sites,
      applicationPools,
      warnings,
    };
  }

  private async fillApplications(
    http: ApiHttp,
    websites: MappedWebsite[],
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<void> {
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
          mapped.site.applications = await this.readApplications(http, mapped, own, signal);
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
  private async readApplications(
    http: ApiHttp,
    mapped: MappedWebsite,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<IisApplication[]> {
    const { site } = mapped;
    if (site.apiId === undefined) {
      warnings.push(`Site "${site.name}" has no API id, so only its root application is known`);
      return deriveRootApplications(mapped, warnings);
    }
    const path = `/api/webserver/webapps?website.id=${encodeURIComponent(site.apiId)}&fields=${WEBAPP_FIELDS.join(',')}`;
    let rawApps: unknown[];
    try {
      rawApps = await this.readList(http, path, 'webapps', `the applications of site "${site.name}"`, warnings, signal);
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
  private async readList(
    http: ApiHttp,
    path: string,
    key: string,
    subject: string,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    const { body, totalCount } = await http.getJson(path, subject, signal);
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
