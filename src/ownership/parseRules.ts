import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { isValidEntityRef } from '../config/validators';
import { OwnershipMatch, OwnershipRule, OwnershipSettings } from './types';

const MATCH_KEYS: Array<keyof OwnershipMatch> = ['provider', 'server', 'site', 'applicationPool', 'bindingHost', 'physicalPath'];
const SETTING_KEYS: Array<keyof OwnershipSettings> = ['owner', 'system', 'lifecycle', 'tags', 'namespace'];
const TAG_PATTERN = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

export interface ParsedRules {
  rules: OwnershipRule[];
  /** Problems, each with the rule's origin and a message that gives the fix. */
  problems: Array<{ origin: string; message: string }>;
}

/**
 * Validates a list of ownership rules, as written under `ownership.rules` in app-config or under
 * `rules` in a policy file. `originOf` names where rule `index` was written, for messages.
 */
export function parseRules(value: unknown, originOf: (index: number) => string): ParsedRules {
  if (value === undefined || value === null) {
    return { rules: [], problems: [] };
  }
  if (!Array.isArray(value)) {
    return { rules: [], problems: [{ origin: originOf(-1), message: `rules must be a list of rules, each with match and owner or other settings` }] };
  }

  const rules: OwnershipRule[] = [];
  const problems: ParsedRules['problems'] = [];
  value.forEach((raw, index) => {
    const origin = originOf(index);
    const before = problems.length;
    const rule = parseRule(raw, origin, problems);
    if (rule && problems.length === before) {
      rules.push(rule);
    }
  });
  return { rules, problems };
}

function parseRule(raw: unknown, origin: string, problems: ParsedRules['problems']): OwnershipRule | undefined {
  if (!isObject(raw)) {
    problems.push({ origin, message: `a rule must be an object with match and settings such as owner` });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'match' && !SETTING_KEYS.includes(key as keyof OwnershipSettings)) {
      problems.push({ origin, message: `"${key}" is not a rule setting: use match, ${SETTING_KEYS.join(', ')}` });
    }
  }

  const match = parseMatch(raw.match, origin, problems);
  const set = parseSettings(raw, origin, problems);
  return match && set ? { match, set, origin } : undefined;
}

function parseMatch(raw: unknown, origin: string, problems: ParsedRules['problems']): OwnershipMatch | undefined {
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    problems.push({ origin, message: `match is missing or empty: give at least one of ${MATCH_KEYS.join(', ')}` });
    return undefined;
  }
  const match: OwnershipMatch = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!MATCH_KEYS.includes(key as keyof OwnershipMatch)) {
      problems.push({ origin, message: `match.${key} is not a match field: use ${MATCH_KEYS.join(', ')}` });
    } else if (typeof value !== 'string' || value === '') {
      problems.push({ origin, message: `match.${key} must be a glob pattern string, such as "shop*"` });
    } else {
      match[key as keyof OwnershipMatch] = value;
    }
  }
  return match;
}

function parseSettings(raw: Record<string, unknown>, origin: string, problems: ParsedRules['problems']): OwnershipSettings | undefined {
  const set: OwnershipSettings = {};
  if (raw.owner !== undefined) {
    if (typeof raw.owner !== 'string' || !isValidEntityRef(raw.owner)) {
      problems.push({ origin, message: `owner ${JSON.stringify(raw.owner)} is not a valid entity ref: write it as [kind:][namespace/]name, for example group:default/shop-team` });
    } else {
      set.owner = raw.owner;
    }
  }
  if (raw.system !== undefined) {
    if (typeof raw.system !== 'string' || !isValidEntityRef(raw.system)) {
      problems.push({ origin, message: `system ${JSON.stringify(raw.system)} is not a valid entity ref, such as shop or system:default/shop` });
    } else {
      set.system = raw.system;
    }
  }
  if (raw.lifecycle !== undefined) {
    if (typeof raw.lifecycle !== 'string' || raw.lifecycle.trim() === '') {
      problems.push({ origin, message: `lifecycle must be a non-empty string, such as production` });
    } else {
      set.lifecycle = raw.lifecycle;
    }
  }
  if (raw.namespace !== undefined) {
    if (typeof raw.namespace !== 'string' || !KubernetesValidatorFunctions.isValidNamespace(raw.namespace)) {
      problems.push({ origin, message: `namespace ${JSON.stringify(raw.namespace)} is invalid: use lower-case letters, digits and "-"` });
    } else {
      set.namespace = raw.namespace;
    }
  }
  if (raw.tags !== undefined) {
    const tags = Array.isArray(raw.tags) ? raw.tags : [];
    const invalid = tags.filter(tag => typeof tag !== 'string' || !TAG_PATTERN.test(tag) || tag.length > 63);
    if (!Array.isArray(raw.tags) || invalid.length > 0) {
      problems.push({ origin, message: `tags must be a list of lower-case tags such as [shop, pci] (invalid: ${JSON.stringify(Array.isArray(raw.tags) ? invalid : raw.tags)})` });
    } else {
      set.tags = tags as string[];
    }
  }
  if (Object.keys(set).length === 0 && SETTING_KEYS.every(key => raw[key] === undefined)) {
    problems.push({ origin, message: `the rule sets nothing: give at least one of ${SETTING_KEYS.join(', ')}` });
    return undefined;
  }
  return set;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
