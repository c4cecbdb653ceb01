import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import pLimit from 'p-limit';
import { IisProviderConfig, readProviderConfigs } from '../config';
import { readingToEntities, sortEntities } from '../entities';
import { IisServerReading } from '../iis/model';
import { createServerSource, ServerSource, ServerSourceDeps } from './sources';
import { describeError, formatRunSummary, ServerOutcome } from './runSummary';

export interface IisEntityProviderDeps {
  logger: LoggerService;
  scheduler?: SchedulerService;
  urlReader?: UrlReaderService;
}

/** The provider name for a provider id, also used as its location key. */
export function providerName(id: string): string {
  return `iis-provider:${id}`;
}

/** The scheduled task id of a provider. */
export function refreshTaskId(id: string): string {
  return `${providerName(id)}:refresh`;
}

/**
 * Reads the IIS servers of one `catalog.providers.iis.<id>` entry and keeps the catalog's
 * entities for them in step with IIS.
 */
export class IisEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;
  private readonly lastGoodReadings = new Map<string, IisServerReading>();
  private readonly loggedWarnings = new Set<string>();

  /** Creates one provider per entry under `catalog.providers.iis`; throws on invalid config. */
  static fromConfig(config: Config, deps: IisEntityProviderDeps): IisEntityProvider[] {
    return readProviderConfigs(config).map(providerConfig => {
      const taskRunner = deps.scheduler?.createScheduledTaskRunner(providerConfig.schedule);
      return new IisEntityProvider(providerConfig, deps, taskRunner);
    });
  }

  private readonly sources: ServerSource[];

  constructor(
    private readonly config: IisProviderConfig,
    deps: IisEntityProviderDeps,
    private readonly taskRunner?: SchedulerServiceTaskRunner,
  ) {
    this.logger = deps.logger.child({ provider: providerName(config.id) });
    const sourceDeps: ServerSourceDeps = { logger: this.logger, urlReader: deps.urlReader };
    this.sources = config.servers.map(server => createServerSource(server, sourceDeps));
  }

  getProviderName(): string {
    return providerName(this.config.id);
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
          this.logger.error(`IIS provider run failed: ${describeError(error)}`);
        }
      },
    });
  }

  /**
   * Reads every configured server once and applies the result to the catalog.
   *
   * A server that cannot be read keeps the entities of its last good reading. When some server
   * has never been read since this process started, the provider cannot know that server's
   * entities, so it applies a delta mutation that updates the others and removes nothing.
   */
  async refresh(): Promise<ServerOutcome[]> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected to the catalog yet`);
    }
    const started = Date.now();
    const outcomes = await this.readAll();

    const entities: Entity[] = [];
    const unknownHosts: string[] = [];
    for (const source of this.sources) {
      const reading = this.lastGoodReadings.get(source.host);
      if (reading) {
        entities.push(...readingToEntities(reading, this.config));
      } else {
        unknownHosts.push(source.host);
      }
    }
    const sorted = sortEntities(entities);
    const locationKey = this.getProviderName();
    const deferred = sorted.map(entity => ({ entity, locationKey }));

    if (unknownHosts.length === 0) {
      await this.connection.applyMutation({ type: 'full', entities: deferred });
    } else {
      await this.connection.applyMutation({ type: 'delta', added: deferred, removed: [] });
      this.logger.warn(
        `Kept the catalog's entities of ${unknownHosts.join(', ')} unchanged: ` +
          'these servers have not been read since the backend started, so nothing is removed this run',
      );
    }

    this.logger.info(formatRunSummary(outcomes, sorted.length, Date.now() - started));
    return outcomes;
  }

  /** Closes the HTTP connections of every API source. */
  close(): void {
    for (const source of this.sources) {
      source.close();
    }
  }

  private async readAll(): Promise<ServerOutcome[]> {
    const limit = pLimit(this.config.concurrency);
    return Promise.all(this.sources.map(source => limit(() => this.readOne(source))));
  }

  private async readOne(source: ServerSource): Promise<ServerOutcome> {
    const started = Date.now();
    try {
      const reading = await source.read();
      this.lastGoodReadings.set(source.host, reading);
      this.logReadingWarnings(reading);
      return { host: source.host, ok: true, sites: reading.sites.length, durationMs: Date.now() - started };
    } catch (error) {
      const kept = this.lastGoodReadings.has(source.host)
        ? 'its entities from the last good reading are kept'
        : 'its entities in the catalog are left as they are';
      this.logger.warn(`Failed to read IIS server ${source.host} from ${source.location}: ${describeError(error)}; ${kept}`);
      return { host: source.host, ok: false, error: describeError(error), durationMs: Date.now() - started };
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
