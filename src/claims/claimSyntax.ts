/**
 * The `iis.net/site` annotation by which a hand-written entity claims IIS sites.
 *
 * Syntax: a comma-separated list of `<server host>/<site name>`. The host ends at the first `/`,
 * so the site name may contain further slashes and spaces as they are. Inside a site name, a
 * comma is written `%2C` and a percent sign `%25`. Any other `%XX` is decoded too, so a name
 * with leading or trailing spaces can be written with `%20`. Whitespace around each item is
 * ignored. Hosts compare case-insensitively, site names exactly.
 *
 * Example: `web01.corp.example/Shop, web02.corp.example/Shop%2C Legacy`.
 */
export const ANNOTATION_SITE_CLAIM = 'iis.net/site';

/** One claimed site. */
export interface SiteClaim {
  /** Server host as written, which the catalog and the provider config compare case-insensitively. */
  host: string;
  /** The exact IIS site name, decoded. */
  site: string;
}

export interface ParsedClaims {
  claims: SiteClaim[];
  /** One message per item that does not parse, each naming the item and the fix. */
  problems: string[];
}

/** Parses an `iis.net/site` value. Items that do not parse become problems instead of errors. */
export function parseSiteClaims(value: string): ParsedClaims {
  const claims: SiteClaim[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  const items = value.split(',').map(item => item.trim());
  if (items.every(item => item === '')) {
    problems.push(`${ANNOTATION_SITE_CLAIM} is empty: write <server host>/<site name>, for example web01.corp.example/Default Web Site`);
    return { claims, problems };
  }

  for (const item of items) {
    if (item === '') {
      continue;
    }
    const parsed = parseItem(item);
    if (typeof parsed === 'string') {
      problems.push(parsed);
      continue;
    }
    const key = claimKey(parsed);
    if (!seen.has(key)) {
      seen.add(key);
      claims.push(parsed);
    }
  }
  return { claims, problems };
}

/** Writes a claim in the annotation's syntax, encoding what the site name needs. */
export function formatSiteClaim(claim: SiteClaim): string {
  const site = claim.site
    .replace(/%/g, '%25')
    .replace(/,/g, '%2C')
    .replace(/^\s|\s$/g, space => encodeURIComponent(space));
  return `${claim.host}/${site}`;
}

/** Returns a key that is equal for two claims of the same site: host in lower case, name exact. */
export function claimKey(claim: SiteClaim): string {
  return `${claim.host.toLowerCase()}\n${claim.site}`;
}

function parseItem(item: string): SiteClaim | string {
  const slash = item.indexOf('/');
  if (slash < 0) {
    return `${ANNOTATION_SITE_CLAIM} item "${item}" has no site name: write <server host>/<site name>, for example ${item}/Default Web Site`;
  }

  const host = item.slice(0, slash).trim();
  const encodedSite = item.slice(slash + 1).trim();
  if (host === '') {
    return `${ANNOTATION_SITE_CLAIM} item "${item}" has no server host before the "/": write <server host>/<site name>`;
  }
  if (!/^[A-Za-z0-9.\-_:[\]]+$/.test(host)) {
    return `${ANNOTATION_SITE_CLAIM} item "${item}": "${host}" is not a host name; write the server's host as the provider config lists it, such as web01.corp.example`;
  }
  if (encodedSite === '') {
    return `${ANNOTATION_SITE_CLAIM} item "${item}" has no site name after the "/": write the exact IIS site name, such as ${host}/Default Web Site`;
  }

  const site = decodeSiteName(encodedSite);
  if (site === undefined) {
    return `${ANNOTATION_SITE_CLAIM} item "${item}" has an invalid percent escape: write a percent sign in a site name as %25 and a comma as %2C`;
  }
  return { host, site };
}

function decodeSiteName(encoded: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(encoded)) {
    return undefined;
  }
  try {
    return decodeURIComponent(encoded);
  } catch {
    // A sequence of escapes that is not valid UTF-8, such as %FF.
    return undefined;
  }
}
