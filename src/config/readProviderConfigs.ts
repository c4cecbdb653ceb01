import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS } from '../entities/certificates';
import { durationToMilliseconds } from '@backstage/types';
import { IisConfigError, IisConfigProblem } from './errors';
import { IisProviderConfig, IisServerConfig } from './types';
import { readApiSource } from './readApiSourceConfig';
import { readOwnership } from './readOwnershipConfig';
import { readClaimsConfig } from './readClaimsConfig';
import { errorMessage, isPlainObject, isValidEntityRef, isValidNamespace, readServerHost, reportUnknownKeys } from './validators';

export const CONFIG_ROOT = 'catalog.providers.iis';

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
};
export const DEFAULT_LIFECYCLE = 'production';
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_GRACE_PERIOD_MS = 7 * 24 * 3_600_000;
export { DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS };
export const DEFAULT_MAX_REMOVAL_SHARE = 0.5;

/** The config key of each valid server, for messages about servers after validation. */
const serverKeys = new WeakMap<IisServerConfig, string>();

const PROVIDER_KEYS = ['owner', 'lifecycle', 'namespace', 'schedule', 'concurrency', 'gracePeriod', 'maxRemovalShare', 'ownership', 'servers', 'certificateExpiryWindow', 'claims'];
const SERVER_KEYS = ['host', 'api', 'applicationHostConfig'];

/**
 * Reads and validates every provider under `catalog.providers.iis`.
 *
 * Collects all problems before throwing, so one startup shows the user every key to fix.
 * Returns an empty list when the section is absent.
 */
export function readProviderConfigs(rootConfig: Config): IisProviderConfig[] {
  const section = rootConfig.getOptionalConfig(CONFIG_ROOT);
  if (!section) {
    return [];
  }

  const problems: IisConfigProblem[] = [];
  const providers: IisProviderConfig[] = [];
  for (const id of section.keys()) {
    const provider = readProvider(id, section, problems);
    if (provider) {
      providers.push(provider);
    }
  }

  checkDuplicateHosts(providers, problems);
  if (problems.length > 0) {
    throw new IisConfigError(problems);
  }
  return providers;
}

function readProvider(
  id: string,
  section: Config,
  problems: IisConfigProblem[],
): IisProviderConfig | undefined {
  const base = `${CONFIG_ROOT}.${id}`;
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    problems.push({
      key: base,
      message: `provider id "${id}" is invalid: use letters, digits, "-" and "_" only, because it becomes part of the provider name iis-provider:<id>`,
    });
    return undefined;
  }

  // A provider setting put directly under catalog.providers.iis reads as a provider id. Only a
  // value without servers is taken for that mistake, so a provider may still be named "claims".
  if (PROVIDER_KEYS.includes(id) && !(isPlainObject(section.getOptional(id)) && section.getConfig(id).has('servers'))) {
    problems.push({
      key: base,
      message: `"${id}" is a provider setting, not a provider id: move it under a provider id, for example ${CONFIG_ROOT}.production.${id}`,
    });
    return undefined;
  }

  const raw = section.getOptional(id);
  if (!isPlainObject(raw)) {
    problems.push({ key: base, message: 'must be an object with owner and servers' });
    return undefined;
  }
  const config = section.getConfig(id);
  reportUnknownKeys(base, config, PROVIDER_KEYS, problems);

  const owner = readOwner(base, config, problems);
  const lifecycle = readOptionalString(`${base}.lifecycle`, config, 'lifecycle', problems) ?? DEFAULT_LIFECYCLE;
  const namespace = readNamespace(base, config, problems);
  const schedule = readSchedule(base, config, problems);
  const concurrency = readConcurrency(base, config, problems);
  const gracePeriodMs = readGracePeriod(base, config, problems);
  const maxRemovalShare = readMaxRemovalShare(base, config, problems);
  const certificateExpiryWindowMs = readCertificateExpiryWindow(base, config, problems);
  const ownership = readOwnership(`${base}.ownership`, config.getOptional('ownership'), problems);
  const servers = readServers(base, config, problems);
  const claimFindings = readClaimsConfig(base, config, problems);

  if (owner === undefined || servers === undefined) {
    return undefined;
  }
  return {
    id,
    owner,
    lifecycle,
    namespace,
    schedule,
    concurrency,
    gracePeriodMs,
    maxRemovalShare,
    certificateExpiryWindowMs,
    ownershipRules: ownership.rules,
    ownershipPolicyFile: ownership.policyFile,
    claimFindings,
    servers,
  };
}

function readOwner(base: string, config: Config, problems: IisConfigProblem[]): string | undefined {
  const owner = config.getOptional('owner');
  if (owner === undefined) {
    problems.push({
      key: `${base}.owner`,
      message: 'is missing: set it to the entity ref of the team that owns these servers, for example group:default/web-platform',
    });
    return undefined;
  }
  if (typeof owner !== 'string' || owner.trim() === '') {
    problems.push({ key: `${base}.owner`, message: `must be an entity ref such as group:default/web-platform, not ${JSON.stringify(owner)}` });
    return undefined;
  }
  if (!isValidEntityRef(owner)) {
    problems.push({ key: `${base}.owner`, message: `"${owner}" is not a valid entity ref: write it as [kind:][namespace/]name, for example group:default/web-platform` });
    return undefined;
  }
  return owner;
}

function readNamespace(base: string, config: Config, problems: IisConfigProblem[]): string {
  const namespace = readOptionalString(`${base}.namespace`, config, 'namespace', problems);
  if (namespace === undefined) {
    return 'default';
  }
  if (!isValidNamespace(namespace)) {
    problems.push({
      key: `${base}.namespace`,
      message: `"${namespace}" is not a valid catalog namespace: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit`,
    });
  }
  return namespace;
}

function readSchedule(base: string, config: Config, problems: IisConfigProblem[]): SchedulerServiceTaskScheduleDefinition {
  if (!config.has('schedule')) {
    return DEFAULT_SCHEDULE;
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig('schedule'));
  } catch (error) {
    problems.push({
      key: `${base}.schedule`,
      message: `is invalid (${errorMessage(error)}): write it as a Backstage schedule, for example frequency: { minutes: 30 } and timeout: { minutes: 10 }`,
    });
    return DEFAULT_SCHEDULE;
  }
}

function readConcurrency(base: string, config: Config, problems: IisConfigProblem[]): number {
  const value = config.getOptional('concurrency');
  if (value === undefined) {
    return DEFAULT_CONCURRENCY;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 256) {
    problems.push({ key: `${base}.concurrency`, message: `must be a whole number from 1 to 256, not ${JSON.stringify(value)}` });
    return DEFAULT_CONCURRENCY;
  }
  return value;
}

function readGracePeriod(base: string, config: Config, problems: IisConfigProblem[]): number {
  if (!config.has('gracePeriod')) {
    return DEFAULT_GRACE_PERIOD_MS;
  }
  try {
    const ms = durationToMilliseconds(readDurationFromConfig(config, { key: 'gracePeriod' }));
    if (!(ms > 0)) {
      throw new Error('the duration is zero');
    }
    return ms;
  } catch (error) {
    problems.push({ key: `${base}.gracePeriod`, message: `is invalid (${errorMessage(error)}): write it as a duration, for example { days: 7 }` });
    return DEFAULT_GRACE_PERIOD_MS;
  }
}

function readCertificateExpiryWindow(base: string, config: Config, problems: IisConfigProblem[]): number {
  if (!config.has('certificateExpiryWindow')) {
    return DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS;
  }
  try {
    const ms = durationToMilliseconds(readDurationFromConfig(config, { key: 'certificateExpiryWindow' }));
    if (!(ms > 0)) {
      throw new Error('the duration is zero');
    }
    return ms;
  } catch (error) {
    problems.push({
      key: `${base}.certificateExpiryWindow`,
      message: `is invalid (${errorMessage(error)}): write it as a duration, for example { days: 30 }`,
    });
    return DEFAULT_CERTIFICATE_EXPIRY_WINDOW_MS;
  }
}

function readMaxRemovalShare(base: string, config: Config, problems: IisConfigProblem[]): number {
  const value = config.getOptional('maxRemovalShare');
  if (value === undefined) {
    return DEFAULT_MAX_REMOVAL_SHARE;
  }
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    problems.push({
      key: `${base}.maxRemovalShare`,
      message: `must be a number from 0 to 1 (0.5 lets one run remove at most half of the provider's entities), not ${JSON.stringify(value)}`,
    });
    return DEFAULT_MAX_REMOVAL_SHARE;
  }
  return value;
}

function readServers(base: string, config: Config, problems: IisConfigProblem[]): IisServerConfig[] | undefined {
  const raw = config.getOptional('servers');
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    problems.push({
      key: `${base}.servers`,
      message: 'is missing or empty: list the IIS servers to read, each with a host and either api or applicationHostConfig',
    });
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push({ key: `${base}.servers`, message: 'must be a list of servers (YAML items starting with "- host: ...")' });
    return undefined;
  }

  const servers: IisServerConfig[] = [];
  config.getConfigArray('servers').forEach((serverConfig, index) => {
    const key = `${base}.servers[${index}]`;
    const server = readServer(key, serverConfig, problems);
    if (server) {
      serverKeys.set(server, key);
      servers.push(server);
    }
  });
  return servers;
}

function readServer(key: string, config: Config, problems: IisConfigProblem[]): IisServerConfig | undefined {
  reportUnknownKeys(key, config, SERVER_KEYS, problems);
  const host = readServerHost(key, config.getOptional('host'), problems);
  const hasApi = config.has('api');
  const hasFile = config.has('applicationHostConfig');

  if (hasApi && hasFile) {
    problems.push({
      key,
      message: `server "${host ?? '?'}" has both api and applicationHostConfig: keep exactly one source per server`,
    });
    return undefined;
  }
  if (!hasApi && !hasFile) {
    problems.push({
      key,
      message: `server "${host ?? '?'}" has no source: add api (url and accessToken of the IIS Administration API) or applicationHostConfig (a path or URL)`,
    });
    return undefined;
  }

  if (hasFile) {
    const location = readApplicationHostConfigLocation(`${key}.applicationHostConfig`, config, problems);
    return host && location ? { host, applicationHostConfig: location } : undefined;
  }
  const api = readApiSource(`${key}.api`, config, problems);
  return host && api ? { host, api } : undefined;
}

function readApplicationHostConfigLocation(key: string, config: Config, problems: IisConfigProblem[]): string | undefined {
  const value = config.getOptional('applicationHostConfig');
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ key, message: 'must be the path or http(s) URL of an applicationHost.config file' });
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:\/\//i.test(value)) {
    problems.push({ key, message: `"${value}" has an unsupported scheme: give a file path or an http(s) URL` });
    return undefined;
  }
  return value;
}

function readOptionalString(key: string, config: Config, name: string, problems: IisConfigProblem[]): string | undefined {
  const value = config.getOptional(name);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ key, message: `must be a non-empty string, not ${JSON.stringify(value)}` });
    return undefined;
  }
  return value;
}


function checkDuplicateHosts(providers: IisProviderConfig[], problems: IisConfigProblem[]) {
  // Entities of one host in one namespace would clash, so a host may appear once per namespace.
  const seen = new Map<string, string>();
  for (const provider of providers) {
    for (const server of provider.servers) {
      const key = `${serverKeys.get(server)}.host`;
      const identity = `${provider.namespace}\n${server.host.toLowerCase()}`;
      const first = seen.get(identity);
      if (first) {
        problems.push({
          key,
          message: `host "${server.host}" is already listed at ${first}: list each server once per catalog namespace, because its entities would clash`,
        });
      } else {
        seen.set(identity, key);
      }
    }
  }
}
