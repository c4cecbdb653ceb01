/**
 * `npm run bench`: measures the provider's discovery pass against a simulated farm and rewrites
 * the figures in docs/benchmarks.md. Not part of `npm test` or CI. Takes about two minutes.
 *
 * Each pass runs in a child process (discoveryChild.ts), so its peak memory is its own and not
 * the simulator's. The churn and time-to-catalog figures run the real catalog backend in this
 * process.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startIisSimulator } from '../simulator';
import { measureCatalogRuns } from './catalogRun';
import type { TransformFigures } from './discoveryChild';
import { BenchResults, buildDetails, buildRows } from './figures';
import { generateFarm } from './generateFarm';
import { benchProviderConfig, measurePasses, runChild } from './passes';
import { describeMachine, formatGeneratedSection, formatTextTable, rewriteBenchmarksFile } from './report';
import { measureRequestsBySiteCount } from './requestScaling';

const repoRoot = path.resolve(__dirname, '../..');
const benchmarksFile = path.join(repoRoot, 'docs', 'benchmarks.md');

const SEED = 20261204;
const LATENCY_MS = 25;
const CONCURRENCY = 16;
const PASSES = 3;
const LARGE_FARM = { servers: 500, sitesPerServer: 40, poolsPerServer: 10, seed: SEED };
const CATALOG_FARM = { servers: 50, sitesPerServer: 40, poolsPerServer: 10, seed: SEED };

async function main() {
  const started = Date.now();
  // A fresh token per run, handed to the child processes in their environment and never printed.
  const token = randomBytes(24).toString('base64url');
  console.log(describeMachine().join('\n'));

  console.log(`Generating ${LARGE_FARM.servers} servers with ${LARGE_FARM.sitesPerServer} sites and ${LARGE_FARM.poolsPerServer} pools each`);
  const farm = generateFarm(LARGE_FARM);
  const simulator = await startIisSimulator({
    servers: farm.map(reading => ({ host: reading.host, reading, options: { latencyMs: LATENCY_MS } })),
    accessToken: token,
  });
  const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iis-bench-')), 'simulator.pem');
  simulator.writeCertificate(caFile);

  const configWith = (readApplications: boolean) => benchProviderConfig(farm, simulator, caFile, { concurrency: CONCURRENCY, readApplications });
  let passes;
  let withApplications;
  let transform: TransformFigures;
  try {
    console.log(`${PASSES} discovery passes without applications`);
    passes = await measurePasses(simulator, farm, configWith(false), token, PASSES);
    console.log('One discovery pass with applications');
    [withApplications] = await measurePasses(simulator, farm, configWith(true), token, 1);
    console.log('Transform CPU time');
    transform = await runChild<TransformFigures>({ mode: 'transform', config: configWith(false) }, token);
  } finally {
    await simulator.stop();
  }

  console.log('Requests per server by sites per server');
  const scaling = await measureRequestsBySiteCount([10, 40, 400], SEED, token);

  console.log(`Two runs through the real catalog with ${CATALOG_FARM.servers * CATALOG_FARM.sitesPerServer} sites`);
  const catalog = await measureCatalogRuns(generateFarm(CATALOG_FARM), token);

  const results: BenchResults = {
    shape: { servers: LARGE_FARM.servers, sitesPerServer: LARGE_FARM.sitesPerServer, latencyMs: LATENCY_MS, concurrency: CONCURRENCY },
    passes,
    withApplications,
    transform,
    scaling,
    catalog,
  };
  const rows = buildRows(results);
  const runSeconds = (Date.now() - started) / 1000;
  console.log(`\n${formatTextTable(rows)}\n`);
  rewriteBenchmarksFile(benchmarksFile, formatGeneratedSection(rows, buildDetails(results), 'npm run bench', runSeconds));
  console.log(`Wrote ${path.relative(repoRoot, benchmarksFile)} (${runSeconds.toFixed(0)} s in all)`);
}

main().catch(error => {
  console.error(`The benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
