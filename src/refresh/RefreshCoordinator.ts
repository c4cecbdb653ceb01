import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_PROVIDER, ANNOTATION_SERVER, SERVER_RESOURCE_TYPE } from '../entities/annotations';
import { ANNOTATION_CLAIMS, decodeClaimRecords } from '../claims/claimRecords';
import { iisMetrics } from '../metrics';
import type { IisEntityProvider } from '../provider/IisEntityProvider';
import { KeyedDebouncer } from './KeyedDebouncer';
import { ANNOTATION_SITE_CLAIM, parseSiteClaims } from '../claims/claimSyntax';

/**
 * How long refreshes of one server's entities are gathered before the server is read once. The
 * catalog UI sends one refresh per click, while a script that refreshes every site of a server
 * sends a burst, which this window turns into one read.
 */
export const REFRESH_DEBOUNCE_MS = 2000;

/** How long a claiming entity's follow-up refresh waits for the server Resource to be stored. */
const STORED_SERVER_TIMEOUT_MS = 30_000;
const STORED_SERVER_POLL_MS = 250;

/**
 * Turns catalog refreshes of IIS entities into reads of their servers.
 *
 * A catalog refresh only re-processes the stored entity and never calls a provider. This class
 * receives each accepted `POST /refresh`, looks up the entity's `iis.net/provider` and
 * `iis.net/server` annotations, and has that provider re-read that one server.
 */
export class RefreshCoordinator {
  private readonly debouncer: KeyedDebouncer;
  /** Claiming entities whose refresh waits for a read: the read's key, a newline and the ref in lower case. */
  private readonly waitingClaimants = new Set<string>();

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

  /**
   * Called for every refresh the catalog accepted. Reads the server of an entity this module
   * emitted, or every server of which an entity claims sites with `iis.net/site`, and ignores
   * other entities.
   */
  async entityRefreshed(entityRef: string): Promise<void> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const entity = await this.catalog.getEntityByRef(entityRef, { credentials });
    const annotations = entity?.metadata.annotations ?? {};
    const providerId = annotations[ANNOTATION_PROVIDER];
    const host = annotations[ANNOTATION_SERVER];
    if (providerId && host) {
      const provider = this.providers.find(candidate => candidate.id === providerId);
      if (!provider) {
        this.logger.debug(`Refresh of ${entityRef} names IIS provider ${providerId}, which this backend does not run`);
        return;
      }
      this.requestRead(provider, host, entityRef);
      return;
    }

    const claims = annotations[ANNOTATION_SITE_CLAIM];
    if (providerId === undefined && claims !== undefined) {
      for (const claim of parseSiteClaims(claims).claims) {
        const provider = this.providers.find(candidate => candidate.configuredHost(claim.host) !== undefined);
        if (provider) {
          const configuredHost = provider.configuredHost(claim.host)!;
          this.waitingClaimants.add(`${provider.id}\n${configuredHost}\n${entityRef.toLowerCase()}`);
          this.requestRead(provider, configuredHost, entityRef);
        }
      }
    }
  }

  private requestRead(provider: IisEntityProvider, host: string, entityRef: string) {
    const providerId = provider.id;
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
    const plan = await provider?.refreshServer(host, requesters);
    const requestingClaimants = requesters.filter(ref => this.waitingClaimants.delete(`${key}\n${ref.toLowerCase()}`));
    const server = plan?.entities.find(
      entity => entity.spec?.type === SERVER_RESOURCE_TYPE && entity.metadata.annotations?.[ANNOTATION_SERVER]?.toLowerCase() === host.toLowerCase(),
    );
    if (!server) {
      return;
    }
    // Every claimant of the server, not only those that asked, so no claim waits for the catalog's next pass.
    const recorded = (decodeClaimRecords(server) ?? []).flatMap(record => record.claimedBy);
    const claimants = [...new Set([...requestingClaimants.map(ref => ref.toLowerCase()), ...recorded])].sort();
    if (claimants.length > 0) {
      await this.refreshClaimants(host, server, claimants);
    }
  }

  /**
   * Refreshes claiming entities again once the server Resource with the new claim records is
   * stored. The catalog processed them right after the user's refresh, before the read ended,
   * so without this second refresh they would show the new facts only at their next
   * processing pass.
   */
  private async refreshClaimants(host: string, server: Entity, claimants: string[]) {
    const serverRef = stringifyEntityRef(server);
    const expected = server.metadata.annotations?.[ANNOTATION_CLAIMS];
    const credentials = await this.auth.getOwnServiceCredentials();
    const deadline = Date.now() + STORED_SERVER_TIMEOUT_MS;
    while ((await this.catalog.getEntityByRef(serverRef, { credentials }))?.metadata.annotations?.[ANNOTATION_CLAIMS] !== expected) {
      if (Date.now() > deadline) {
        this.logger.warn(`The claim records of IIS server ${host} did not reach the catalog within ${STORED_SERVER_TIMEOUT_MS / 1000} s, so ${claimants.join(', ')} show them at their next processing pass`);
        return;
      }
      await new Promise(resolve => setTimeout(resolve, STORED_SERVER_POLL_MS));
    }
    // Sent with the catalog's own credentials, which the refresh observer skips on every replica.
    for (const ref of claimants) {
      await this.catalog.refreshEntity(ref, { credentials });
    }
    this.logger.info(`Refreshed ${claimants.join(', ')} again to show the claim records of IIS server ${host}`);
  }
}
