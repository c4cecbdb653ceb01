/**
 * `npm start`: the demo. Starts the IIS Administration API simulator on 127.0.0.1:55539 with the
 * bundled farm, then a Backstage backend on 127.0.0.1:7007 with the catalog and this module, and
 * prints how to look at the entities once the first run has reached the catalog.
 *
 * Extra config files are read as Backstage reads them: `npm start -- --config my-config.yaml`.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { createBackend } from '@backstage/backend-defaults';
import { loadFarm, startIisSimulator } from './simulator';
import { demoRootLoggerFactory } from './demoRootLogger';
import { waitForEntities } from './waitForEntities';

const repoRoot = path.resolve(__dirname, '..');
const farmDir = path.join(repoRoot, 'fixtures', 'farm');
const dataDir = path.join(repoRoot, '.dev-data');
// dev/app-config.yaml names this port in every server URL.
const simulatorPort = 55539;
const catalogUrl = 'http://127.0.0.1:7007/api/catalog';

async function main() {
  process.chdir(repoRoot);
  fs.mkdirSync(dataDir, { recursive: true });

  // A fresh random token per start; the backend config reads it as ${IIS_DEMO_TOKEN}.
  const accessToken = randomBytes(24).toString('base64url');
  process.env.IIS_DEMO_TOKEN = accessToken;

  const servers = await loadFarm(farmDir, { certificates: true });
  const simulator = await startIisSimulator({ servers, accessToken, port: simulatorPort });
  simulator.writeCertificate(path.join(dataDir, 'iis-simulator.pem'));
  console.log(`IIS simulator: ${servers.length} servers on https://127.0.0.1:${simulatorPort}/<host>/api`);

  // The demo config comes first so that files given with --config override it.
  const userArgs = process.argv.slice(2);
  process.argv = [process.argv[0], process.argv[1], '--config', path.join(repoRoot, 'dev', 'app-config.yaml'), ...userArgs];

  const started = Date.now();
  const backend = createBackend();
  backend.add(demoRootLoggerFactory);
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('../src'));
  await backend.start();

  const count = await waitForEntities(catalogUrl, 'iis.net/server', 120_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
The catalog has ${count} IIS entities, ${seconds} s after the backend started. Try:

  curl -s '${catalogUrl}/entities/by-query?filter=kind=component,spec.type=website&fields=metadata.name,metadata.title,metadata.links' | jq
  curl -s '${catalogUrl}/entities/by-name/component/default/web01.corp.example--default-web-site' | jq
  # Refresh re-reads the site's server (web01) from the simulator, as the UI's Refresh button does:
  curl -s -X POST -H 'Content-Type: application/json' '${catalogUrl}/refresh' \\
    -d '{"entityRef":"component:default/web01.corp.example--default-web-site"}'

The catalog API is open without a token because the demo listens on 127.0.0.1 only. Stop with Ctrl+C.
`);

  const stop = async () => {
    await backend.stop();
    await simulator.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`The demo failed to start: ${message}`);
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error('The demo needs ports 55539 (IIS simulator) and 7007 (backend) on 127.0.0.1: stop the process that uses them, such as an earlier npm start.');
  }
  process.exit(1);
});
