import { Config } from '@backstage/config';
import { KubernetesValidatorFunctions, parseEntityRef } from '@backstage/catalog-model';
import { IisConfigProblem } from './errors';

/** Host names and IPv4 addresses: letters, digits, "-", "_" and dots, as DNS and NetBIOS allow. */
const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*$/;

export function isValidNamespace(value: string): boolean {
  return KubernetesValidatorFunctions.isValidNamespace(value);
}

/** Checks that an owner such as `group:default/web-platform` or `web-platform` names a valid entity. */
export function isValidEntityRef(value: string): boolean {
  try {
    const ref = parseEntityRef(value, { defaultKind: 'group', defaultNamespace: 'default' });
    return (
      /^[A-Za-z0-9]+$/.test(ref.kind) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
      KubernetesValidatorFunctions.isValidObjectName(ref.name)
    );
  } catch {
    return false;
  }
}

/** Validates a server's `host`, the name it gets in the catalog. */
export function readServerHost(key: string, value: unknown, problems: IisConfigProblem[]): string | undefined {
  if (value === undefined || value === null || value === '') {
    problems.push({
      key: `${key}.host`,
      message: 'is missing: set it to the server name the catalog should show, for example web01.corp.example',
    });
    return undefined;
  }
  if (typeof value !== 'string' || !HOST_PATTERN.test(value) || value.length > 253) {
    problems.push({
      key: `${key}.host`,
      message: `${JSON.stringify(value)} is not a valid host name: use the server's DNS name (letters, digits, "-" and dots), for example web01.corp.example`,
    });
    return undefined;
  }
  return value;
}

export function reportUnknownKeys(key: string, config: Config, known: string[], problems: IisConfigProblem[]) {
  for (const name of config.keys()) {
    if (!known.includes(name)) {
      problems.push({ key: `${key}.${name}`, message: `is not a known setting: use one of ${known.join(', ')}` });
    }
  }
}

export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
