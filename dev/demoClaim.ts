/** The hand-written Component in dev/catalog-info.yaml that claims web01's cdn.example.com site. */
export const DEMO_CLAIMANT = 'component:default/cdn';
const CLAIMED_COMPONENT = 'component/default/web01.corp.example--cdn-example-com';

/**
 * Brings the demo's claim into effect at start instead of at the provider's next scheduled run.
 * Refreshes the claiming entity as the UI's Refresh button would, which re-reads web01, then waits
 * until the provider's own Component for the site is gone and the claimant has the site's facts.
 */
export async function applyDemoClaim(catalogUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [kind, rest] = DEMO_CLAIMANT.split(':');
  const claimantUrl = `${catalogUrl}/entities/by-name/${kind}/${rest}`;
  let refreshed = false;

  while (Date.now() < deadline) {
    const claimant = await fetchEntity(claimantUrl);
    if (claimant && !refreshed) {
      const response = await fetch(`${catalogUrl}/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRef: DEMO_CLAIMANT }),
      });
      refreshed = response.ok;
    }
    const enriched = claimant?.metadata?.annotations?.['iis.net/site-name'] !== undefined;
    if (enriched && (await fetchEntity(`${catalogUrl}/entities/by-name/${CLAIMED_COMPONENT}`)) === undefined) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`The claim of ${DEMO_CLAIMANT} (dev/catalog-info.yaml) did not take effect within ${timeoutMs / 1000} s; see the backend log above`);
}

async function fetchEntity(url: string): Promise<{ metadata?: { annotations?: Record<string, string> } } | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as { metadata?: { annotations?: Record<string, string> } }) : undefined;
  } catch {
    return undefined;
  }
}
