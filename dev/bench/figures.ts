import type { CatalogFigures } from './catalogRun';
import type { TransformFigures } from './discoveryChild';
import { MeasuredPass, medianPass } from './passes';
import type { FigureRow } from './report';

/** The targets that docs/benchmarks.md states. */
export const TARGETS = { wallRatio: 1.2, requestsPerServer: 3, transformCpuMsPerThousand: 50, peakRssMb: 400, etagsChanged: 0 };

export interface BenchResults {
  shape: { servers: number; sitesPerServer: number; latencyMs: number; concurrency: number };
  passes: MeasuredPass[];
  withApplications: MeasuredPass;
  transform: TransformFigures;
  scaling: Array<{ sitesPerServer: number; requestsPerServer: number[] }>;
  catalog: CatalogFigures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function range(values: number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min} to ${max}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Turns the measurements into table rows, each target marked met or not. */
export function buildRows(results: BenchResults): FigureRow[] {
  const { shape, passes, withApplications, transform, scaling, catalog } = results;
  const pass = medianPass(passes);
  const limitMs = (pass.totalRequests / shape.concurrency) * shape.latencyMs;
  const wallRatio = pass.figures.wallMs / limitMs;
  const criticalPathMs = Math.ceil(shape.servers / shape.concurrency) * shape.latencyMs;
  const transformPerThousand = (median(transform.firstRunCpuMs) / transform.entities) * 1000;
  const steadyPerThousand = (median(transform.steadyRunCpuMs) / transform.entities) * 1000;
  const peakRssMb = Math.max(...passes.map(candidate => candidate.figures.peakRssBytes)) / 2 ** 20;
  const allRequests = passes.flatMap(candidate => candidate.requests);
  const sites = shape.servers * shape.sitesPerServer;

  return [
    {
      measure: `Wall time, ${shape.servers} servers, ${sites} sites, ${shape.latencyMs} ms latency, concurrency ${shape.concurrency} (median of ${passes.length})`,
      value: `${seconds(pass.figures.wallMs)} = ${wallRatio.toFixed(2)} × the limit of ${seconds(limitMs)} (${pass.totalRequests} requests / ${shape.concurrency} × ${shape.latencyMs} ms)`,
      target: `≤ ${TARGETS.wallRatio}`,
      met: wallRatio <= TARGETS.wallRatio,
    },
    {
      measure: 'Wall time of each pass',
      value: passes.map(candidate => seconds(candidate.figures.wallMs)).join(', '),
    },
    {
      measure: 'Wall time against the critical path (servers / concurrency × latency, as a server sends its two requests at once)',
      value: `${(pass.figures.wallMs / criticalPathMs).toFixed(2)} × ${seconds(criticalPathMs)}`,
    },
    {
      measure: 'CPU time during the median pass: provider process / simulator process',
      value: `${seconds(pass.figures.cpuMs)} / ${seconds(pass.simulatorCpuMs)}`,
    },
    {
      measure: 'Requests per server, readApplications: false',
      value: range(allRequests),
      target: `≤ ${TARGETS.requestsPerServer}`,
      met: Math.max(...allRequests) <= TARGETS.requestsPerServer,
    },
    {
      measure: `Requests per server, readApplications: true (${shape.sitesPerServer} sites each)`,
      value: `${range(withApplications.requests)}, wall time ${seconds(withApplications.figures.wallMs)}`,
    },
    {
      measure: `Requests per server with ${scaling.map(row => row.sitesPerServer).join(' / ')} sites, readApplications: false`,
      value: scaling.map(row => range(row.requestsPerServer)).join(' / '),
      target: 'independent of sites',
      met: new Set(scaling.flatMap(row => row.requestsPerServer)).size === 1,
    },
    {
      measure: `Transform CPU per 1,000 entities (planMutation on an empty catalog, ${transform.entities} entities, median of ${transform.firstRunCpuMs.length})`,
      value: `${transformPerThousand.toFixed(1)} ms`,
      target: `< ${TARGETS.transformCpuMsPerThousand} ms`,
      met: transformPerThousand < TARGETS.transformCpuMsPerThousand,
    },
    {
      measure: 'Transform CPU per 1,000 entities, the catalog already holding every entity (later runs)',
      value: `${steadyPerThousand.toFixed(1)} ms`,
    },
    {
      measure: `Peak resident memory of the pass process (ru_maxrss, highest of ${passes.length})`,
      value: `${peakRssMb.toFixed(0)} MB (${(pass.figures.rssBeforeBytes / 2 ** 20).toFixed(0)} MB before the pass)`,
      target: `< ${TARGETS.peakRssMb} MB`,
      met: peakRssMb < TARGETS.peakRssMb,
    },
    {
      measure: `Entities whose etag changed in a second run over an unchanged farm of ${catalog.sites} sites (${catalog.entities} entities)`,
      value: String(catalog.etagsChanged),
      target: String(TARGETS.etagsChanged),
      met: catalog.etagsChanged === TARGETS.etagsChanged,
    },
    {
      measure: `First run's start until all ${catalog.entities} entities are in the catalog API`,
      value: `${(catalog.firstRunToVisibleMs / 1000).toFixed(1)} s: provider ${(catalog.providerShareMs / 1000).toFixed(1)} s, catalog ${((catalog.firstRunToVisibleMs - catalog.providerShareMs) / 1000).toFixed(1)} s`,
    },
  ];
}

/** Lists the run summaries and raw values behind the rows, for the record. */
export function buildDetails(results: BenchResults): string[] {
  const { passes, withApplications, transform, catalog } = results;
  return [
    'Run summaries logged by the provider:',
    '',
    ...passes.map((pass, index) => `- pass ${index + 1} without applications: \`${pass.figures.summary}\``),
    `- pass with applications: \`${withApplications.figures.summary}\``,
    `- catalog, first run: \`${catalog.firstSummary}\``,
    `- catalog, second run: \`${catalog.secondSummary}\``,
    '',
    `Transform CPU per repetition, empty catalog: ${transform.firstRunCpuMs.map(ms => ms.toFixed(0)).join(', ')} ms; ` +
      `catalog holding every entity: ${transform.steadyRunCpuMs.map(ms => ms.toFixed(0)).join(', ')} ms. ` +
      `The backend with the catalog took ${(catalog.backendStartMs / 1000).toFixed(1)} s to start.`,
  ];
}
