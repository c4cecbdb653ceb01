/**
 * One discovery pass of the benchmark, in its own process so that its memory is measured alone,
 * without the simulator. Started by bench.ts as `node --expose-gc --import tsx discoveryChild.ts INPUT.json`
 * with the token in IIS_BENCH_TOKEN, and prints one JSON line with the figures.
 *
 * Modes: `pass` runs `IisEntityProvider.refresh()` once, with a connection that only records the
 * mutation. `transform` reads the servers with the same sources, then times `planMutation` alone.
 */
import fs from 'fs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readProviderConfigs } from '../../src/config';
import { IisEntityProvider } from '../../src/provider/IisEntityProvider';
import { planMutation } from '../../src/provider/planMutation';
import { readProviderServers } from '../../src/preview/readServers';

export interface ChildInput {
  mode: 'pass' | 'transform';
  /** A Backstage config with one IIS provider, without tokens. */
  config: JsonObject;
}

export interface PassFigures {
  wallMs: number;
  /** CPU time (user + system) of this process during the pass. */
  cpuMs: number;
  entities: number;
  rssBeforeBytes: number;
  /** The process's peak resident set size (getrusage `ru_maxrss`), the whole process lifetime. */
  peakRssBytes: number;
  summary: string;
}

export interface TransformFigures {
  entities: number;
  /** CPU time (user + system) of `planMutation` on an empty catalog, one value per repetition. */
  firstRunCpuMs: number[];
  /** The same with the catalog holding every entity already, as in later runs. */
  steadyRunCpuMs: number[];
}

const REPETITIONS = 5;

function withToken(config: JsonObject, token: string): JsonObject {
  const copy = structuredClone(config) as { catalog: { providers: { iis: Record<string, { servers: Array<{ api?: JsonObject }> }> } } };
  for (const provider of Object.values(copy.catalog.providers.iis)) {
    for (const server of provider.servers) {
      if (server.api) {
        server.api.accessToken = token;
      }
    }
  }
  return copy as unknown as JsonObject;
}

function recordingLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    error: message => lines.push(message),
    warn: message => lines.push(message),
    info: message => lines.push(message),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

async function runPass(config: ConfigReader): Promise<PassFigures> {
  const lines: string[] = [];
  const [provider] = IisEntityProvider.fromConfig(config, { logger: recordingLogger(lines) });
  let entities = 0;
  await provider.connect({
    applyMutation: async mutation => {
      entities += mutation.type === 'delta' ? mutation.added.length : mutation.entities.length;
    },
    refresh: async () => {},
  });

  const rssBeforeBytes = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await provider.refresh();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  provider.close();

  // ru_maxrss is in KiB on Linux. It covers the whole process, so the pass's peak is included.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const summary = lines.find(line => line.startsWith('Read ')) ?? lines.join(' | ');
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, entities, rssBeforeBytes, peakRssBytes, summary };
}

/**
 * Measures the CPU time of `work`. A full garbage collection runs first, when the process was
 * started with --expose-gc, so that collecting an earlier repetition's garbage is not counted.
 */
function cpuMs(work: () => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function runTransform(config: ConfigReader): Promise<TransformFigures> {
  const [providerConfig] = readProviderConfigs(config);
  const results = await readProviderServers(providerConfig, { logger: recordingLogger([]) });
  const failed = results.filter(result => !result.reading);
  if (failed.length > 0) {
    throw new Error(`${failed.length} servers failed, such as ${failed[0].host}: ${failed[0].failure?.message}`);
  }
  const options = { providerId: providerConfig.id, owner: providerConfig.owner, lifecycle: providerConfig.lifecycle, namespace: providerConfig.namespace };
  const plan = (existing: Entity[]) =>
    planMutation({ options, results, existing, now: new Date(), gracePeriodMs: providerConfig.gracePeriodMs, maxRemovalShare: 1 });

  const entities = plan([]).entities;
  const stored = entities.map((entity, index) => ({ ...entity, metadata: { ...entity.metadata, uid: `uid-${index}`, etag: `etag-${index}` } }));
  const firstRunCpuMs: number[] = [];
  const steadyRunCpuMs: number[] = [];
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    firstRunCpuMs.push(cpuMs(() => plan([])));
    steadyRunCpuMs.push(cpuMs(() => plan(stored)));
  }
  return { entities: entities.length, firstRunCpuMs, steadyRunCpuMs };
}

async function main() {
  const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as ChildInput;
  const token = process.env.IIS_BENCH_TOKEN;
  if (!token) {
    throw new Error('IIS_BENCH_TOKEN is not set: start this script through bench.ts');
  }
  const config = new ConfigReader(withToken(input.config, token));
  const figures = input.mode === 'pass' ? await runPass(config) : await runTransform(config);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch(error => {
  process.stderr.write(`discovery pass failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
