import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_BINDINGS } from '../entities/annotations';
import { ClaimRecord, decodeClaimRecords, isMissing } from './claimRecords';
import type { ClaimSettings } from './claimSettings';
import { ANNOTATION_SITE_CLAIM, formatSiteClaim, ParsedClaims } from './claimSyntax';
import { readDeclaredEndpoints } from './declaredEndpoints';
import { BindingFact, checkEndpoint } from './endpointCheck';
import type { ResolvedClaim } from './enrichEntity';

/** A problem with a claim, reported in the mode of `host`'s provider. */
export interface ClaimFinding {
  /** The claimed server the finding is about; undefined when it is about no configured server. */
  host?: string;
  message: string;
}

export interface ClaimOutcome {
  resolved: ResolvedClaim[];
  findings: ClaimFinding[];
  /** Claims that the provider has not read yet, with what happens next. */
  pending: string[];
}

/**
 * Matches an entity's parsed claims with the records on the claimed servers' Resources.
 *
 * A claim resolves when its server's `iis.net/claims` lists the site with this entity among its
 * claimants. A claim that the provider has not seen yet is pending, not a finding, because the
 * next read of the server takes it up.
 */
export function resolveClaims(entityRef: string, parsed: ParsedClaims, servers: Map<string, Entity>, settings: ClaimSettings): ClaimOutcome {
  const outcome: ClaimOutcome = {
    resolved: [],
    findings: parsed.problems.map(message => ({ message })),
    pending: [],
  };

  for (const claim of parsed.claims) {
    const written = formatSiteClaim(claim);
    const server = servers.get(claim.host.toLowerCase());
    if (!server) {
      if (settings.isConfigured(claim.host)) {
        outcome.pending.push(`${written}: the first read of ${claim.host} has not reached the catalog yet`);
      } else {
        outcome.findings.push({ message: unknownServerMessage(written, claim.host, settings) });
      }
      continue;
    }

    const record = findRecord(server, claim.site);
    if (!record || !record.claimedBy.includes(entityRef)) {
      outcome.pending.push(`${written}: the next read of ${claim.host} takes this claim up; refresh this entity to read the server now`);
      continue;
    }
    if (isMissing(record)) {
      outcome.findings.push({ host: claim.host, message: unknownSiteMessage(written, claim.host, claim.site, record.similar) });
      continue;
    }

    outcome.resolved.push({ claim, record, server });
    const others = record.claimedBy.filter(ref => ref !== entityRef);
    if (others.length > 0) {
      outcome.findings.push({
        host: claim.host,
        message:
          `IIS site "${claim.site}" on ${claim.host} is also claimed by ${others.join(', ')}. ` +
          `Fix: keep the ${ANNOTATION_SITE_CLAIM} claim "${written}" on one entity only, the one that owns the site.`,
      });
    }
  }
  return outcome;
}

/** Checks the entity's declared endpoints against every resolved site. */
export function checkDeclaredEndpoints(entity: Entity, resolved: ResolvedClaim[]): ClaimFinding[] {
  if (resolved.length === 0) {
    return [];
  }
  const { endpoints, problems } = readDeclaredEndpoints(entity);
  const findings: ClaimFinding[] = problems.map(message => ({ message }));
  for (const endpoint of endpoints) {
    for (const { claim, record } of resolved) {
      const message = checkEndpoint(endpoint, {
        serverHost: claim.host,
        siteName: claim.site,
        bindings: parseBindings(record.annotations[ANNOTATION_BINDINGS]),
      });
      if (message) {
        findings.push({ host: claim.host, message });
      }
    }
  }
  return findings;
}

function findRecord(server: Entity, site: string): ClaimRecord | undefined {
  return decodeClaimRecords(server)?.find(record => record.site === site);
}

function parseBindings(value: string | undefined): BindingFact[] {
  if (value === undefined) {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as BindingFact[]) : [];
  } catch {
    return [];
  }
}

function unknownServerMessage(written: string, host: string, settings: ClaimSettings): string {
  const hosts = settings.configuredHosts();
  const known = hosts.length > 0 ? `the servers it reads are ${hosts.join(', ')}` : 'no IIS server is configured';
  return (
    `${ANNOTATION_SITE_CLAIM} claim "${written}" names server ${host}, which no IIS provider of this catalog reads (${known}). ` +
    `Fix: correct the host in the claim, or add the server under catalog.providers.iis in app-config.`
  );
}

function unknownSiteMessage(written: string, host: string, site: string, similar: string[]): string {
  const base = `${ANNOTATION_SITE_CLAIM} claim "${written}": IIS server ${host} has no site named "${site}".`;
  const guess = similar.length > 0 ? ` Site names are compared exactly: did you mean ${similar.map(name => `"${name}"`).join(' or ')}?` : '';
  return `${base}${guess} Fix: write the site name exactly as IIS Manager shows it, or remove the claim if the site is gone.`;
}
