import type { IisProviderConfig } from '../config';
import { ClaimFindingsMode, DEFAULT_CLAIM_FINDINGS_MODE } from '../config/readClaimsConfig';

/** The settings of the claim processor, taken from the provider configs. */
export class ClaimSettings {
  /** Lower-case host to the findings mode of the provider that reads it. */
  private readonly modes = new Map<string, ClaimFindingsMode>();
  private readonly hosts: string[] = [];

  constructor(providers: IisProviderConfig[]) {
    for (const provider of providers) {
      for (const server of provider.servers) {
        this.modes.set(server.host.toLowerCase(), provider.claimFindings ?? DEFAULT_CLAIM_FINDINGS_MODE);
        this.hosts.push(server.host);
      }
    }
  }

  /** Returns whether a provider of this backend reads the host. */
  isConfigured(host: string): boolean {
    return this.modes.has(host.toLowerCase());
  }

  /**
   * Returns the mode for findings about a claim of this host. A finding that names no configured host,
   * such as a claim of an unknown server, is an error when any provider reports findings as errors.
   */
  modeFor(host: string | undefined): ClaimFindingsMode {
    const mode = host === undefined ? undefined : this.modes.get(host.toLowerCase());
    if (mode) {
      return mode;
    }
    return [...this.modes.values()].includes('error') ? 'error' : 'annotate';
  }

  /** Returns the configured hosts, sorted, for messages about a claim of an unknown server. */
  configuredHosts(): string[] {
    return [...this.hosts].sort((a, b) => a.localeCompare(b, 'en'));
  }
}
