import { parseRules } from '../ownership/parseRules';
import { OwnershipRule } from '../ownership/types';
import { IisConfigProblem } from './errors';
import { isPlainObject } from './validators';

/** Reads a provider's `ownership` block: inline `rules` and an optional `policyFile`. */
export function readOwnership(
  key: string,
  value: unknown,
  problems: IisConfigProblem[],
): { rules: OwnershipRule[]; policyFile?: string } {
  if (value === undefined) {
    return { rules: [] };
  }
  if (!isPlainObject(value)) {
    problems.push({ key, message: 'must be an object with rules (a list) and/or policyFile (a path or URL)' });
    return { rules: [] };
  }
  const block = value as Record<string, unknown>;
  for (const name of Object.keys(block)) {
    if (name !== 'rules' && name !== 'policyFile') {
      problems.push({ key: `${key}.${name}`, message: 'is not a known setting: use rules or policyFile' });
    }
  }

  const parsed = parseRules(block.rules, index => (index < 0 ? `${key}.rules` : `${key}.rules[${index}]`));
  for (const problem of parsed.problems) {
    problems.push({ key: problem.origin, message: problem.message });
  }

  const policyFile = block.policyFile;
  if (policyFile !== undefined && (typeof policyFile !== 'string' || policyFile.trim() === '')) {
    problems.push({ key: `${key}.policyFile`, message: 'must be the path or http(s) URL of a YAML file with a rules list' });
    return { rules: parsed.rules };
  }
  return { rules: parsed.rules, policyFile: policyFile as string | undefined };
}
