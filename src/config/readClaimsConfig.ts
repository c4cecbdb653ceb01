import type { Config } from '@backstage/config';
import type { IisConfigProblem } from './errors';
import { isPlainObject, reportUnknownKeys } from './validators';

/**
 * The reporting mode of a finding about a claimed site. `annotate` writes it to the claiming entity
 * and the log, and `error` makes it a processing error that keeps the entity at its last valid state.
 */
export type ClaimFindingsMode = 'annotate' | 'error';

export const DEFAULT_CLAIM_FINDINGS_MODE: ClaimFindingsMode = 'annotate';

const MODES: ClaimFindingsMode[] = ['annotate', 'error'];

/** Reads `claims` of one provider; returns the default mode when the key is absent. */
export function readClaimsConfig(base: string, config: Config, problems: IisConfigProblem[]): ClaimFindingsMode {
  const raw = config.getOptional('claims');
  if (raw === undefined) {
    return DEFAULT_CLAIM_FINDINGS_MODE;
  }
  const key = `${base}.claims`;
  if (!isPlainObject(raw)) {
    problems.push({ key, message: `must be an object such as { findings: annotate }, not ${JSON.stringify(raw)}` });
    return DEFAULT_CLAIM_FINDINGS_MODE;
  }
  const claims = config.getConfig('claims');
  reportUnknownKeys(key, claims, ['findings'], problems);

  const findings = claims.getOptional('findings');
  if (findings === undefined) {
    return DEFAULT_CLAIM_FINDINGS_MODE;
  }
  if (typeof findings !== 'string' || !MODES.includes(findings as ClaimFindingsMode)) {
    problems.push({
      key: `${key}.findings`,
      message: `must be "annotate" or "error", not ${JSON.stringify(findings)}`,
    });
    return DEFAULT_CLAIM_FINDINGS_MODE;
  }
  return findings as ClaimFindingsMode;
}
