import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROVIDER, ANNOTATION_SERVER } from '../entities/annotations';
import { iisMetrics } from '../metrics';
import type { IisEntityProvider } from '../provider/IisEntityProvider';
import { KeyedDebouncer } from './KeyedDebouncer';

/**
 * How long refreshes of one server's entities are gathered before the server is read once. The
 * catalog UI sends one refresh per click, while a script that refreshes every site of a server
 * sends a burst, which this window turns into one read.
 */
export const REFRESH_DEBOUNCE_MS = 2000;

/**
 * Turns catalog refreshes of IIS entities into reads of their servers.
 *
 * A catalog refresh only re-processes the stored entity and never calls a provider. This class
 * receives each accepted `POST /refresh`, looks up the entity's `iis.net/provider` and
 * `iis.net/server` annotations, and has that provider re-read that one server.
 */
export class RefreshCoordinator {
  private readonly debouncer: KeyedDebouncer;

  constructor(
    private readonly providers: IisEntityProvider[],
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    windowMs = REFRESH_DEBOUNCE_MS,
  ) {
    this.debouncer = new KeyedDebouncer(
      windowMs,
      (key, requesters) => this.readServer(key, requesters),
      (key, error) => this.logger.warn(`Refresh read of IIS server ${key.split('\n')[1]} failed: ${(error as Error)?.message ?? error}`),
    );
  }

  /** Called for every refresh the catalog accepted; ignores entities this module did not emit. */
  async entityRefreshed(entityRef: string): Promise<void> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const entity = await this.catalog.getEntityByRef(entityRef, { credentials });
    const providerId = entity?.metadata.annotations?.[ANNOTATION_PROVIDER];
    const host = entity?.metadata.annotations?.[ANNOTATION_SERVER];
    if (!providerId || !host) {
      return;
    }
    const provider = this.providers.find(candidate => candidate.id === providerId);
    if (!provider) {
      this.logger.debug(`Refresh of ${entityRef} names IIS provider ${providerId}, which this backend does not run`);
      return;
    }

    iisMetrics.refreshesRequested.add(1, { provider: providerId });
    const outcome = this.debouncer.request(`${providerId}\n${host}`, entityRef);
    if (outcome === 'joined') {
      iisMetrics.refreshesDebounced.add(1, { provider: providerId });
      this.logger.debug(`Refresh of ${entityRef} joins the pending read of IIS server ${host}`);
    } else {
      this.logger.info(`Refresh of ${entityRef} asks for a read of IIS server ${host} (provider ${providerId})`);
    }
  }

  stop(): void {
    this.debouncer.stop();
  }

  private async readServer(key: string, requesters: string[]): Promise<void> {
    const [providerId, host] = key.split('\n');
    const provider = this.providers.find(candidate => candidate.id === providerId);
    await provider?.refreshServer(host, requesters);
  }
}
