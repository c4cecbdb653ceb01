/**
 * `npm start`: the demo. Starts the IIS Administration API simulator on 127.0.0.1:55539 with the
 * bundled farm, a Backstage backend on 127.0.0.1:7007 with the catalog and this module, and the
 * catalog UI on 127.0.0.1:3000, then prints where to look once the first run has reached the
 * catalog.
 *
 * Extra config files are read as Backstage reads them: `npm start -- --config my-config.yaml`.
 */
import { DEMO_PORTS, startDemo } from './demo';
import type { DemoClaimStatus } from './demoClaim';

/** Describes the demo's claim when it took effect, or explains why it did not. */
function claimParagraph(status: DemoClaimStatus, appUrl: string, catalogUrl: string): string {
  if (!status.applied) {
    return `Claims: ${status.message}`;
  }
  return `The Component "Content delivery" in dev/catalog-info.yaml claims web01's cdn.example.com site
with the iis.net/site annotation. It carries the site's facts, and the finding that its link
declares a port the site does not serve (in Inspect entity, or below):

  ${appUrl}/catalog/default/component/cdn
  curl -s '${catalogUrl}/entities/by-name/component/default/cdn' | jq '.metadata.annotations["iis.net/claim-findings"]'`;
}

async function main() {
  const demo = await startDemo({ configArgs: process.argv.slice(2) });
  const { appUrl, catalogUrl } = demo;

  console.log(`
The catalog has ${demo.entityCount} IIS entities, ${demo.secondsToEntities.toFixed(1)} s after the backend started.

Open the catalog UI at ${appUrl} and sign in as guest. A site's page, with its links,
its dependencies and the Refresh button on its About card:

  ${appUrl}/catalog/default/component/web01.corp.example--shop-example-com

${claimParagraph(demo.claimStatus, appUrl, catalogUrl)}

Or ask the catalog REST API:

  curl -s '${catalogUrl}/entities/by-query?filter=kind=component,spec.type=website&fields=metadata.name,metadata.title,metadata.links' | jq
  curl -s '${catalogUrl}/entities/by-name/component/default/web01.corp.example--default-web-site' | jq
  # Refresh re-reads the site's server (web01) from the simulator, as the UI's Refresh button does:
  curl -s -X POST -H 'Content-Type: application/json' '${catalogUrl}/refresh' \\
    -d '{"entityRef":"component:default/web01.corp.example--default-web-site"}'

The catalog API is open without a token, and guest sign-in is on, because the demo listens on
127.0.0.1 only. Stop with Ctrl+C.
`);

  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`The demo failed to start: ${message}`);
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    const { simulator, backend, app } = DEMO_PORTS;
    console.error(
      `The demo needs ports ${simulator} (IIS simulator), ${backend} (backend) and ${app} (catalog UI) on 127.0.0.1: ` +
        'stop the process that uses them, such as an earlier npm start.',
    );
  }
  process.exit(1);
});
