import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogProcessor, CatalogProcessorEmit, LocationSpec, processingResult } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROVIDER } from '../entities/annotations';
import type { ClaimSettings } from './claimSettings';
import { ANNOTATION_SITE_CLAIM, parseSiteClaims } from './claimSyntax';
import { claimDependencies, enrichEntity } from './enrichEntity';
import { checkDeclaredEndpoints, ClaimFinding, resolveClaims } from './resolveClaims';
import type { ServerLookup } from './serverLookup';

/** On a claiming entity in `annotate` mode: the findings about its claims, one per line. */
export const ANNOTATION_CLAIM_FINDINGS = 'iis.net/claim-findings';
/** On a claiming entity: claims that the provider has not read yet, one per line. */
export const ANNOTATION_CLAIM_PENDING = 'iis.net/claim-pending';

/**
 * Enriches entities that claim IIS sites with `iis.net/site` with what the provider discovered,
 * and checks their declared endpoints against the sites' bindings.
 *
 * The facts come from the claimed servers' Resources in the catalog (one query per processed
 * claiming entity), where the provider recorded them, so every replica enriches alike.
 */
export class IisClaimProcessor implements CatalogProcessor {
  /** The findings last logged per entity ref, so that an unchanged finding is logged once. */
  private readonly loggedFindings = new Map<string, string>();

  constructor(
    private readonly lookupServers: ServerLookup,
    private readonly settings: ClaimSettings,
    private readonly logger: LoggerService,
  ) {}

  getProcessorName(): string {
    return 'IisClaimProcessor';
  }

  async preProcessEntity(entity: Entity, location: LocationSpec, emit: CatalogProcessorEmit): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const value = annotations[ANNOTATION_SITE_CLAIM];
    // The module's own entities carry no claims; a copied annotation on one of them is ignored.
    if (value === undefined || annotations[ANNOTATION_PROVIDER] !== undefined) {
      return entity;
    }

    const entityRef = stringifyEntityRef(entity).toLowerCase();
    const parsed = parseSiteClaims(value);
    let servers;
    try {
      servers = await this.lookupServers(parsed.claims.map(claim => claim.host));
    } catch (error) {
      // Thrown, the error keeps the entity at its last processed state instead of dropping its facts.
      throw new Error(
        `Could not look up the IIS servers that ${entityRef} claims in the catalog, so the entity keeps its last processed state: ${(error as Error)?.message ?? error}`,
      );
    }

    const outcome = resolveClaims(entityRef, parsed, servers, this.settings);
    const findings = [...outcome.findings, ...checkDeclaredEndpoints(entity, outcome.resolved)];
    const enriched = enrichEntity(entity, outcome.resolved);
    this.emitDependencies(entity, claimDependencies(outcome.resolved), emit);

    const reported = this.report(entityRef, findings, location, emit);
    const result: Entity = { ...enriched, metadata: { ...enriched.metadata, annotations: { ...enriched.metadata.annotations } } };
    const resultAnnotations = result.metadata.annotations!;
    if (reported.annotated.length > 0) {
      resultAnnotations[ANNOTATION_CLAIM_FINDINGS] = reported.annotated.join('\n');
    }
    if (outcome.pending.length > 0) {
      resultAnnotations[ANNOTATION_CLAIM_PENDING] = outcome.pending.join('\n');
    }
    return result;
  }

  private emitDependencies(entity: Entity, dependsOn: string[], emit: CatalogProcessorEmit) {
    const source = getCompoundEntityRef(entity);
    for (const ref of dependsOn) {
      const target = parseEntityRef(ref);
      emit(processingResult.relation({ source, type: RELATION_DEPENDS_ON, target }));
      emit(processingResult.relation({ source: target, type: RELATION_DEPENDENCY_OF, target: source }));
    }
  }

  /**
   * Emits the findings whose mode is `error` as processing errors and returns the rest for the
   * annotation. Logs the findings when they differ from those last logged for the entity.
   */
  private report(entityRef: string, findings: ClaimFinding[], location: LocationSpec, emit: CatalogProcessorEmit) {
    const annotated: string[] = [];
    for (const finding of findings) {
      if (this.settings.modeFor(finding.host) === 'error') {
        emit(processingResult.inputError(location, finding.message));
      } else {
        annotated.push(finding.message);
      }
    }

    const key = findings.map(finding => finding.message).join('\n');
    const previous = this.loggedFindings.get(entityRef);
    if (key !== (previous ?? '')) {
      if (key === '') {
        this.loggedFindings.delete(entityRef);
        this.logger.info(`The IIS site claims of ${entityRef} match IIS again`);
      } else {
        this.loggedFindings.set(entityRef, key);
        for (const finding of findings) {
          this.logger.warn(`IIS site claim of ${entityRef}: ${finding.message}`);
        }
      }
    }
    return { annotated };
  }
}
