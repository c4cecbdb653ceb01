/**
 * The demo that `npm start` runs and the browser tests drive: the IIS Administration API simulator
 * with the bundled farm, a Backstage backend with the catalog, this module and guest sign-in, and
 * the catalog UI, all on 127.0.0.1.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { FarmServer, IisSimulator, loadFarm, startIisSimulator } from './simulator';
import { demoRootLoggerFactory } from './demoRootLogger';
import { appDistDir, ensureFrontendBuilt } from './frontend/build';
import { FrontendServer, startFrontendServer } from './frontend/server';
import { applyDemoClaim, DemoClaimStatus } from './demoClaim';
import { waitForEntities } from './waitForEntities';

const repoRoot = path.resolve(__dirname, '..');
const farmDir = path.join(repoRoot, 'fixtures', 'farm');
const dataDir = path.join(repoRoot, '.dev-data');

// dev/app-config.yaml names these ports in the server URLs, app.baseUrl, backend.baseUrl and
// backend.cors; dev/app/app-config.yaml builds the last two into the frontend bundle.
export const DEMO_PORTS = { simulator: 55539, backend: 7007, app: 3000 };

export interface Demo {
  simulator: IisSimulator;
  /** The farm's servers as loaded at start: the readings and options the simulator serves. */
  servers: FarmServer[];
  /** The catalog UI, `http://127.0.0.1:3000`. */
  appUrl: string;
  /** The catalog REST API, `http://127.0.0.1:7007/api/catalog`. */
  catalogUrl: string;
  /** IIS entities in the catalog once the first run had landed. */
  entityCount: number;
  /** Seconds from the backend's start until those entities were in the catalog. */
  secondsToEntities: number;
  /** Whether the claim in dev/catalog-info.yaml took effect, for the start banner. */
  claimStatus: DemoClaimStatus;
  /** Stops the backend, the UI server and the simulator. */
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** Config arguments read after dev/app-config.yaml, as `--config my-iis.yaml`. */
  configArgs?: string[];
}

/**
 * Builds the frontend app when needed, then starts the simulator, the UI server and the backend and
 * waits until the first run's IIS entities are in the catalog. Whatever started is stopped again
 * when a later step fails.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  process.chdir(repoRoot);
  fs.mkdirSync(dataDir, { recursive: true });
  await ensureFrontendBuilt();

  // A fresh random token per start; the backend config reads it as ${IIS_DEMO_TOKEN}.
  const accessToken = randomBytes(24).toString('base64url');
  process.env.IIS_DEMO_TOKEN = accessToken;

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error(`Stopping the demo: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  try {
    const servers = await loadFarm(farmDir, { certificates: true });
    const simulator = await startIisSimulator({ servers, accessToken, port: DEMO_PORTS.simulator });
    stops.push(() => simulator.stop());
    simulator.writeCertificate(path.join(dataDir, 'iis-simulator.pem'));
    console.log(`IIS simulator: ${servers.length} servers on https://127.0.0.1:${DEMO_PORTS.simulator}/<host>/api`);

    // The UI server starts before the backend, so that a taken port 3000 fails the start at once.
    const frontend: FrontendServer = await startFrontendServer(appDistDir, DEMO_PORTS.app);
    stops.push(() => frontend.stop());

    const started = Date.now();
    const backend = createBackend();
    // The demo config comes first so that files given with --config override it. The providers
    // read their config once at start, so the files are not watched.
    const configArgs = ['--config', path.join(repoRoot, 'dev', 'app-config.yaml'), ...(options.configArgs ?? [])];
    backend.add(rootConfigServiceFactory({ argv: configArgs, watch: false }));
    backend.add(demoRootLoggerFactory);
    backend.add(import('@backstage/plugin-auth-backend'));
    backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
    backend.add(import('@backstage/plugin-catalog-backend'));
    backend.add(import('../src'));
    // Pushed before start, so that a backend that fails halfway through its start is stopped too.
    stops.push(() => backend.stop());
    await backend.start();

    const catalogUrl = `http://127.0.0.1:${DEMO_PORTS.backend}/api/catalog`;
    await waitForEntities(catalogUrl, 'iis.net/server', 120_000);
    const secondsToEntities = (Date.now() - started) / 1000;
    const claimStatus = await applyDemoClaim(catalogUrl, 30_000);
    // Counted again, because the claim replaced a site's Component with the enriched claimant.
    const entityCount = await waitForEntities(catalogUrl, 'iis.net/server', 30_000);
    return {
      simulator,
      servers,
      appUrl: frontend.url,
      catalogUrl,
      entityCount,
      secondsToEntities,
      claimStatus,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
