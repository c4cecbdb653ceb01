/** The hand-written Component in dev/catalog-info.yaml that claims web01's cdn.example.com site. */
export const DEMO_CLAIMANT = 'component:default/cdn';
const CLAIMED_COMPONENT = 'component/default/web01.corp.example--cdn-example-com';

/** How long the demo waits for dev/catalog-info.yaml to be registered before it goes on without it. */
const REGISTRATION_TIMEOUT_MS = 15_000;

/** Whether the demo's claim took effect, with a line for the start banner. */
export interface DemoClaimStatus {
  applied: boolean;
  message: string;
}

/**
 * Brings the demo's claim into effect at start instead of at the provider's next scheduled run.
 * Refreshes the claiming entity as the UI's Refresh button would, which re-reads web01, then waits
 * until the provider's own Component for the site is gone and the claimant has the site's facts.
 *
 * Returns whether the claim took effect and, when not, why, for the start banner. It returns
 * instead of throwing when an extra config file replaced the demo's `catalog.locations` or set
 * `claims.findings: error`, so the demo still starts then.
 */
export async function applyDemoClaim(catalogUrl: string, timeoutMs: number): Promise<DemoClaimStatus> {
  const [kind, rest] = DEMO_CLAIMANT.split(':');
  const claimantUrl = `${catalogUrl}/entities/by-name/${kind}/${rest}`;

  const registrationDeadline = Date.now() + REGISTRATION_TIMEOUT_MS;
  while ((await fetchEntity(claimantUrl)) === undefined) {
    if (Date.now() > registrationDeadline) {
      const message =
        `${DEMO_CLAIMANT} from dev/catalog-info.yaml is not in the catalog, so the demo shows no claim. ` +
        'An extra config file with catalog.locations replaces the demo\'s list: repeat the dev/catalog-info.yaml entry in it.';
      return { applied: false, message };
    }
    await pause();
  }

  await fetch(`${catalogUrl}/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entityRef: DEMO_CLAIMANT }),
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const claimant = await fetchEntity(claimantUrl);
    const enriched = claimant?.metadata?.annotations?.['iis.net/site-name'] !== undefined;
    if (enriched && (await fetchEntity(`${catalogUrl}/entities/by-name/${CLAIMED_COMPONENT}`)) === undefined) {
      return { applied: true, message: `${DEMO_CLAIMANT} claims web01's cdn.example.com site.` };
    }
    await pause();
  }
  const message =
    `The claim of ${DEMO_CLAIMANT} did not take effect within ${timeoutMs / 1000} s. With claims.findings set to error, ` +
    'its deliberate finding keeps it at its first state: see the catalog log above and its processing errors in the UI.';
  return { applied: false, message };
}

function pause(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 500));
}

async function fetchEntity(url: string): Promise<{ metadata?: { annotations?: Record<string, string> } } | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as { metadata?: { annotations?: Record<string, string> } }) : undefined;
  } catch {
    return undefined;
  }
}
