import type { ClaimFindingsMode } from './readClaimsConfig';
import type { OwnershipRule } from '../ownership/types';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';

/** Settings for reading one server through the IIS Administration API. */
export interface IisApiSourceConfig {
  url: string;
  /** The token itself; exactly one of accessToken and accessTokenFile is set. */
  accessToken?: string;
  /** A file holding the token, read again on every run so that a rotated token needs no restart. */
  accessTokenFile?: string;
  /** PEM file with the CA, or the self-signed certificate, that the API's certificate must chain to. */
  caFile?: string;
  /** SHA-256 fingerprint of the API's certificate, upper-case hex with colons. */
  certificateFingerprint?: string;
  timeoutMs: number;
  readApplications: boolean;
  /** A Windows account for NTLMv2, for services that require Windows authentication. */
  windowsAuthentication?: IisWindowsAuthenticationConfig;
}

/** A Windows account; the password is a secret like the access token. */
export interface IisWindowsAuthenticationConfig {
  domain: string;
  username: string;
  password: string;
}

export interface IisServerConfig {
  /** The server's name in the catalog. */
  host: string;
  api?: IisApiSourceConfig;
  /** Path or http(s) URL of the server's applicationHost.config. */
  applicationHostConfig?: string;
}

/** One entry under `catalog.providers.iis`, after validation and defaults. */
export interface IisProviderConfig {
  id: string;
  owner: string;
  lifecycle: string;
  namespace: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How many servers are read at the same time. */
  concurrency: number;
  /** How long an unreadable server keeps its entities before they are removed. */
  gracePeriodMs: number;
  /** The largest share of the provider's entities (0 to 1) that one run may remove. */
  maxRemovalShare: number;
  /** A site whose certificate expires within this many milliseconds is tagged `certificate-expiring`. */
  certificateExpiryWindowMs?: number;
  /** Ownership rules from app-config, in order. */
  ownershipRules?: OwnershipRule[];
  /** Path or http(s) URL of a YAML policy file with more rules, re-read on every run. */
  ownershipPolicyFile?: string;
  /** The reporting mode of findings about sites claimed on this provider's servers. Default: annotate. */
  claimFindings?: ClaimFindingsMode;
  servers: IisServerConfig[];
}
