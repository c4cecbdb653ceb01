/** Criteria of a rule. Every field is a glob, and a rule matches when all its fields match. */
export interface OwnershipMatch {
  /** Provider id under `catalog.providers.iis`. */
  provider?: string;
  /** Server host as configured. */
  server?: string;
  /** Site name; sites only. */
  site?: string;
  /** Application pool name: the pool itself, or for a site any pool of its applications. */
  applicationPool?: string;
  /** A binding host of the site (any of them); sites only. */
  bindingHost?: string;
  /** The site's root physical path, unexpanded; sites only. */
  physicalPath?: string;
}

/** Settings that a matching rule applies to the entity. */
export interface OwnershipSettings {
  owner?: string;
  system?: string;
  lifecycle?: string;
  tags?: string[];
  namespace?: string;
}

export interface OwnershipRule {
  match: OwnershipMatch;
  set: OwnershipSettings;
  /** Origin of the rule, for log lines: `app-config rule 2` or `policy.yaml line 14`. */
  origin: string;
}

/** The facts of one entity that rules are matched against. */
export interface OwnershipTarget {
  kind: 'server' | 'pool' | 'site';
  provider: string;
  server: string;
  site?: string;
  applicationPools: string[];
  bindingHosts: string[];
  physicalPath?: string;
}
