import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { CONFIG_ROOT, IisConfigError, IisConfigProblem, IisProviderConfig, readProviderConfigs } from '../config';
import { TransformOptions } from '../entities';
import { IisServerReading } from '../iis/model';
import { readDeadlineMs } from './deadline';
import { CatalogView, ExistingEntitiesReader } from './existingEntities';
import { ClaimIndex } from '../claims/ClaimIndex';
import { MutationPlan, planMutation, ServerResult } from './planMutation';
import { describeError, formatRunSummary, logPlanWarnings } from './runSummary';
import { recordRunMetrics } from './runMetrics';
import { readServer, readServers } from './readServers';
import { OwnershipResolver } from '../ownership/OwnershipResolver';
import { OwnershipRuleSource } from '../ownership/OwnershipRuleSource';
import { createServerSource, ServerSource, ServerSourceDeps } from './sources';

export interface IisEntityProviderDeps {
  logger: LoggerService;
  scheduler?: SchedulerService;
  urlReader?: UrlReaderService;
  /** Reads the provider's entities back from the catalog; without it, nothing is ever removed. */
  existingEntities?: ExistingEntitiesReader;
}

/** Returns the provider name for a provider id, which is also its location key. */
export function providerName(id: string): string {
  return `iis-provider:${id}`;
}

/** Returns the scheduled task id of a provider. */
export function refreshTaskId(id: string): string {
  return `${providerName(id)}:refresh`;
}

/**
 * Reads the IIS servers of one `catalog.providers.iis.<id>` entry and keeps the catalog's
 * entities for them in step with IIS, without ever losing a server that cannot be read.
 */
export class IisEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;
  private readonly sources: ServerSource[];
  private readonly transformOptions: TransformOptions;
  private readonly loggedWarnings = new Set<string>();
  private readonly ownershipRules: OwnershipRuleSource;
  /** The last failure message per host, so an unchanged failure is logged in full only once. */
  private readonly lastFailures = new Map<string, string>();
  /** The claims of the last run that could ask the catalog, used while the catalog cannot be asked. */
  private lastClaims = new ClaimIndex();

  /** Creates one provider per entry under `catalog.providers.iis`; throws on invalid config. */
  static fromConfig(config: Config, deps: IisEntityProviderDeps): IisEntityProvider[] {
    return readProviderConfigs(config).map(providerConfig => {
      const taskRunner = deps.scheduler?.createScheduledTaskRunner(providerConfig.schedule);
      return new IisEntityProvider(providerConfig, deps, taskRunner);
    });
  }

  constructor(
    private readonly config: IisProviderConfig,
    private readonly deps: IisEntityProviderDeps,
    private readonly taskRunner?: SchedulerServiceTaskRunner,
  ) {
    this.logger = deps.logger.child({ provider: providerName(config.id) });
    const sourceDeps: ServerSourceDeps = { logger: this.logger, urlReader: deps.urlReader };
    this.sources = createSources(config, sourceDeps);
    this.ownershipRules = new OwnershipRuleSource(config.ownershipRules ?? [], config.ownershipPolicyFile, this.logger, deps.urlReader);
    this.transformOptions = {
      providerId: config.id,
      owner: config.owner,
      lifecycle: config.lifecycle,
      namespace: config.namespace,
      certificateExpiryWindowMs: config.certificateExpiryWindowMs,
    };
  }

  getProviderName(): string {
    return providerName(this.config.id);
  }

  /** The validated config entry of this provider. */
  get providerConfig(): IisProviderConfig {
    return this.config;
  }

  /** The provider id, the key under `catalog.providers.iis`. */
  get id(): string {
    return this.config.id;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    if (!this.taskRunner) {
      return;
    }
    await this.taskRunner.run({
      id: refreshTaskId(this.config.id),
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.logger.error(`IIS provider run failed, nothing was changed in the catalog: ${describeError(error)}`);
        }
      },
    });
  }

  /**
   * Reads every configured server once and applies the result to the catalog as a delta:
   * fresh entities for the servers that were read, the stored copies (marked stale) for those
   * that were not, and removals only where a fresh reading, the config or the grace period calls for them.
   */
  async refresh(): Promise<MutationPlan> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected to the catalog yet`);
    }
    const started = Date.now();
    const ownership = await this.ownershipRules.load();
    const results = await this.readAll(readDeadlineMs(this.config.schedule));
    const existing = await this.readExisting();
    const plan = await this.apply(results, existing, ownership);
    for (const rule of ownership.unmatchedRules()) {
      this.logger.warn(`Ownership rule at ${rule.origin} matched no entity in this run: check its patterns against the site, pool and server names`);
    }
    this.logger.info(formatRunSummary(results, plan, Date.now() - started));
    recordRunMetrics(this.config.id, 'scheduled', results, plan, started);
    return plan;
  }

  /**
   * Reads one server now and applies its entities, for a catalog refresh of one of its
   * entities. Only that server's entities are written or removed, so a replica that does not run the
   * scheduled task can do this too. Returns undefined for a host this provider does not read.
   */
  async refreshServer(host: string, requestedBy: string[]): Promise<MutationPlan | undefined> {
    const source = this.sources.find(candidate => candidate.host.toLowerCase() === host.toLowerCase());
    if (!source) {
      return undefined;
    }
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected to the catalog yet`);
    }
    const started = Date.now();
    const ownership = await this.ownershipRules.load();
    const result = await readServer(source, AbortSignal.timeout(readDeadlineMs(this.config.schedule)));
    this.logOutcome(source, result);
    const existing = await this.readExisting(source.host);
    const plan = await this.apply([result], existing, ownership);

    const { added, updated, removed } = plan.counts;
    const askers = requestedBy.length > 1 ? `${requestedBy[0]} and ${requestedBy.length - 1} more` : requestedBy[0];
    const outcome = result.reading ? `read ${result.reading.sites.length} sites` : `failed (${result.failure?.kind})`;
    this.logger.info(
      `Refresh of ${askers}: IIS server ${source.host} ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `${added} entities added, ${updated} updated, ${removed} removed`,
    );
    recordRunMetrics(this.config.id, 'refresh', [result], plan, started);
    return plan;
  }

  /** Returns the host as this provider's config spells it, or undefined when the provider does not read it. */
  configuredHost(host: string): string | undefined {
    return this.sources.find(candidate => candidate.host.toLowerCase() === host.toLowerCase())?.host;
  }

  /** Closes the HTTP connections of every API source. */
  close(): void {
    for (const source of this.sources) {
      source.close();
    }
  }

  private async apply(results: ServerResult[], view: CatalogView | undefined, ownership: OwnershipResolver): Promise<MutationPlan> {
    // Certificate expiry is judged against the same time as the rest of the run.
    const now = new Date();
    if (view) {
      this.lastClaims = ClaimIndex.fromEntities(view.claimants);
    }
    const plan = planMutation({
      options: { ...this.transformOptions, ownership, now, claims: this.lastClaims },
      results,
      existing: view?.entities,
      now,
      gracePeriodMs: this.config.gracePeriodMs,
      maxRemovalShare: this.config.maxRemovalShare,
    });
    const locationKey = this.getProviderName();
    await this.connection!.applyMutation({
      type: 'delta',
      added: plan.entities.map(entity => ({ entity, locationKey })),
      removed: plan.removed.map(entityRef => ({ entityRef, locationKey })),
    });
    logPlanWarnings(this.logger, this.config.id, plan);
    return plan;
  }

  private async readExisting(host?: string): Promise<CatalogView | undefined> {
    if (!this.deps.existingEntities) {
      return undefined;
    }
    try {
      return await this.deps.existingEntities.read(this.config.id, host);
    } catch (error) {
      this.logger.warn(
        `Could not read this provider's entities back from the catalog, so this run removes nothing ` +
          `and leaves unreadable servers as they are: ${describeError(error)}`,
      );
      return undefined;
    }
  }

  private readAll(deadlineMs: number): Promise<ServerResult[]> {
    return readServers(this.sources, {
      concurrency: this.config.concurrency,
      deadlineMs,
      onResult: (source, result) => this.logOutcome(source, result),
    });
  }

  /** Logs a server's reading warnings and failures, each unchanged failure in full only once. */
  private logOutcome(source: ServerSource, result: ServerResult) {
    if (result.reading) {
      this.logReadingWarnings(result.reading);
      if (this.lastFailures.delete(source.host)) {
        this.logger.info(`IIS server ${source.host} is readable again`);
      }
      return;
    }
    const message = result.failure?.message ?? 'unknown error';
    const repeated = this.lastFailures.get(source.host) === message;
    this.lastFailures.set(source.host, message);
    const line = `Failed to read IIS server ${source.host} from ${source.location}: ${message}`;
    if (repeated) {
      this.logger.debug(`${line} (same as the previous run)`);
    } else {
      this.logger.warn(line);
    }
  }

  /** Logs each problem in the input once per process, not on every run. */
  private logReadingWarnings(reading: IisServerReading) {
    for (const warning of reading.warnings) {
      const key = `${reading.host}\n${warning}`;
      if (!this.loggedWarnings.has(key)) {
        this.loggedWarnings.add(key);
        this.logger.warn(`IIS server ${reading.host}: ${warning}`);
      }
    }
  }
}

/**
 * Creates every server's source. A source that rejects its settings (the API client checks them
 * again) becomes a config error naming the server's key, so startup stops with the fix.
 */
function createSources(config: IisProviderConfig, deps: ServerSourceDeps): ServerSource[] {
  const problems: IisConfigProblem[] = [];
  const sources: ServerSource[] = [];
  config.servers.forEach((server, index) => {
    try {
      sources.push(createServerSource(server, deps));
    } catch (error) {
      problems.push({ key: `${CONFIG_ROOT}.${config.id}.servers[${index}]`, message: describeError(error) });
    }
  });
  if (problems.length > 0) {
    throw new IisConfigError(problems);
  }
  return sources;
}
