import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * IIS entity providers, one per key. The key is the provider id: the provider is named
       * `iis-provider:<id>` and its scheduled task `iis-provider:<id>:refresh`.
       */
      iis?: {
        [providerId: string]: {
          /** Entity ref of the owner of every emitted entity, for example group:default/web-platform. */
          owner: string;
          /** `spec.lifecycle` of the site Components. Default: production. */
          lifecycle?: string;
          /** Catalog namespace of the emitted entities. Default: default. */
          namespace?: string;
          /** When the provider runs. Default: every 30 minutes, with a 10-minute timeout. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          /** How many servers are read at the same time. Default: 8. */
          concurrency?: number;
          /**
           * How long a server that cannot be read keeps its entities in the catalog before they
           * are removed. Default: 7 days.
           */
          gracePeriod?: { minutes?: number; hours?: number; days?: number; weeks?: number };
          /**
           * The largest share (0 to 1) of this provider's entities that one run may remove. A run
           * that would remove more keeps the removals back and logs why. Default: 0.5.
           */
          maxRemovalShare?: number;
          /**
           * Sites whose earliest certificate expires within this duration get the tag
           * `certificate-expiring`. Default: 30 days.
           */
          certificateExpiryWindow?: { hours?: number; days?: number; weeks?: number };
          /** Ownership rules: the first matching rule sets owner, system, lifecycle, tags and namespace. */
          ownership?: {
            /** Rules in order; `match` fields are anchored globs (`*`, `?`). */
            rules?: Array<{
              match: {
                provider?: string;
                server?: string;
                site?: string;
                applicationPool?: string;
                bindingHost?: string;
                physicalPath?: string;
              };
              owner?: string;
              system?: string;
              lifecycle?: string;
              tags?: string[];
              namespace?: string;
            }>;
            /** A YAML file with a top-level `rules` list of the same form, read again on every run. */
            policyFile?: string;
          };
          /** Claims of this provider's sites by hand-written entities with the `iis.net/site` annotation. */
          claims?: {
            /**
             * The reporting mode of a finding about a claim: a declared endpoint that no binding
             * serves, an unknown site or a site claimed twice. `annotate` (the default) writes it to the
             * entity's `iis.net/claim-findings` annotation and the log, and the entity keeps
             * updating. `error` makes it a catalog processing error: the catalog UI shows it, and
             * the entity keeps its last valid state until the finding is fixed.
             */
            findings?: 'annotate' | 'error';
          };
          /** The IIS servers to read. Each has exactly one source: `api` or `applicationHostConfig`. */
          servers: Array<{
            /** The server's name in the catalog, for example web01.corp.example. */
            host: string;
            /** Read the server through the IIS Administration API. */
            api?: {
              /** Base address of the API, for example https://web01.corp.example:55539. */
              url: string;
              /**
               * Access token, sent as `Access-Token: Bearer <token>`. Set this or accessTokenFile.
               * @visibility secret
               */
              accessToken?: string;
              /**
               * Path of a file that contains only the access token, read again on every run, so a
               * rotated token takes effect without a restart. Set this or accessToken.
               */
              accessTokenFile?: string;
              /** PEM file with the CA or the self-signed certificate that the API must present. */
              caFile?: string;
              /** SHA-256 fingerprint of the API's certificate (64 hex digits, colons optional). */
              certificateFingerprint?: string;
              /** Timeout of each request. Default: 15 seconds. */
              timeout?: { milliseconds?: number; seconds?: number; minutes?: number };
              /** Read each site's applications (one request per site). Default: true. */
              readApplications?: boolean;
              /**
               * A Windows account for NTLMv2, for services that require Windows authentication
               * (their default). Kerberos is not supported. Leave it out for token-only access.
               */
              windowsAuthentication?: {
                /** The account's domain, for example CORP. */
                domain: string;
                /** The account name without the domain, for example svc-backstage. */
                username: string;
                /**
                 * The account's password.
                 * @visibility secret
                 */
                password: string;
              };
            };
            /**
             * Read the server's applicationHost.config: a file path, or an http(s) URL read through
             * Backstage's UrlReaderService (it must be allowed under backend.reading.allow or an
             * integration).
             */
            applicationHostConfig?: string;
          }>;
        };
      };
    };
  };
}
