import type { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { OwnershipResolver } from './OwnershipResolver';
import { readPolicyFile } from './policyFile';
import { OwnershipRule } from './types';

/**
 * The ownership rules of one provider: app-config's first, then the policy file's, which is read
 * again on every run so that a merged pull request takes effect without a restart.
 */
export class OwnershipRuleSource {
  /** The policy file's rules from its last valid reading, kept while the file is invalid. */
  private lastValidPolicyRules: OwnershipRule[] = [];

  constructor(
    private readonly configRules: OwnershipRule[],
    private readonly policyFile: string | undefined,
    private readonly logger: LoggerService,
    private readonly urlReader?: UrlReaderService,
  ) {}

  /** Reads the policy file again and returns a resolver for this run's rules. */
  async load(): Promise<OwnershipResolver> {
    if (this.policyFile) {
      const result = await readPolicyFile(this.policyFile, this.urlReader);
      if (result.ok) {
        this.lastValidPolicyRules = result.rules;
      } else {
        // NOTE: after a restart there is no last valid reading, so an invalid file leaves only app-config's rules.
        this.logger.warn(
          `Ownership policy file ${this.policyFile} is invalid, so its last valid rules (${this.lastValidPolicyRules.length}) stay in force: ` +
            result.problems.join('; '),
        );
      }
    }
    return new OwnershipResolver([...this.configRules, ...this.lastValidPolicyRules]);
  }
}
