import { globToRegExp } from './glob';
import { OwnershipRule, OwnershipSettings, OwnershipTarget } from './types';

/** Match fields that only sites have; a rule that uses one never applies to a pool or a server. */
const SITE_ONLY_FIELDS = ['site', 'bindingHost', 'physicalPath'] as const;

interface CompiledRule {
  rule: OwnershipRule;
  appliesTo: Set<OwnershipTarget['kind']>;
  test(target: OwnershipTarget): boolean;
}

/**
 * Finds the first rule that matches an entity. Patterns are anchored globs, compared without case
 * for names IIS compares without case (hosts, sites, pools, Windows paths) and with case for the
 * provider id. Remembers which rules matched, so rules that match nothing can be reported.
 */
export class OwnershipResolver {
  private readonly compiled: CompiledRule[];
  private readonly matched = new Set<number>();

  constructor(rules: OwnershipRule[]) {
    this.compiled = rules.map(compile);
  }

  /** Returns the settings of the first matching rule, or undefined when none matches. */
  resolve(target: OwnershipTarget): OwnershipSettings | undefined {
    const index = this.compiled.findIndex(rule => rule.appliesTo.has(target.kind) && rule.test(target));
    if (index < 0) {
      return undefined;
    }
    this.matched.add(index);
    return this.compiled[index].rule.set;
  }

  /** Returns the rules that matched no entity since this resolver was made. */
  unmatchedRules(): OwnershipRule[] {
    return this.compiled.filter((_, index) => !this.matched.has(index)).map(rule => rule.rule);
  }
}

function compile(rule: OwnershipRule): CompiledRule {
  const { match } = rule;
  const tests: Array<(target: OwnershipTarget) => boolean> = [];
  const add = (pattern: string | undefined, ignoreCase: boolean, values: (target: OwnershipTarget) => string[]) => {
    if (pattern === undefined) {
      return;
    }
    const regexp = globToRegExp(pattern, ignoreCase);
    tests.push(target => values(target).some(value => regexp.test(value)));
  };

  add(match.provider, false, target => [target.provider]);
  add(match.server, true, target => [target.server]);
  add(match.site, true, target => (target.site === undefined ? [] : [target.site]));
  add(match.applicationPool, true, target => target.applicationPools);
  add(match.bindingHost, true, target => target.bindingHosts);
  add(match.physicalPath, true, target => (target.physicalPath === undefined ? [] : [target.physicalPath]));

  const siteOnly = SITE_ONLY_FIELDS.some(field => match[field] !== undefined);
  const poolOrSite = siteOnly || match.applicationPool !== undefined;
  let kinds: Array<OwnershipTarget['kind']> = ['server', 'pool', 'site'];
  if (siteOnly) {
    kinds = ['site'];
  } else if (poolOrSite) {
    kinds = ['pool', 'site'];
  }
  const appliesTo = new Set(kinds);
  return { rule, appliesTo, test: target => tests.every(test => test(target)) };
}
