import type { IisApplication, IisApplicationPool, IisBinding, IisServerReading, IisSite } from '../../src/iis/model';
import { parseBinding } from '../../src/iis/bindings';

export interface FarmShape {
  servers: number;
  sitesPerServer: number;
  poolsPerServer: number;
  /** Any integer. The same seed and shape always give the same farm. */
  seed: number;
}

/**
 * Returns a pseudo-random generator of numbers in [0, 1) (mulberry32), so a farm is the same on
 * every run and every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Picks one of `choices` with the given weights, which need not add up to 1. */
function weighted<T>(random: Random, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of choices) {
    point -= weight;
    if (point < 0) {
      return value;
    }
  }
  return choices[choices.length - 1][0];
}

const IDENTITIES = [
  ['ApplicationPoolIdentity', 60],
  ['NetworkService', 15],
  ['LocalSystem', 5],
  ['LocalService', 5],
  ['SpecificUser', 15],
] as const;
const RUNTIMES = [['v4.0', 75], ['', 20], ['v2.0', 5]] as const;
const SITE_WORDS = ['shop', 'api', 'portal', 'intranet', 'docs', 'wiki', 'reports', 'billing', 'partners', 'status', 'cdn', 'auth'];
const DOMAINS = ['example.com', 'example.org', 'corp.example'];

/** Makes the application pools of one server: `DefaultAppPool` and `poolsPerServer - 1` named pools. */
function generatePools(random: Random, count: number, serverIndex: number): IisApplicationPool[] {
  const pools: IisApplicationPool[] = [];
  for (let index = 0; index < count; index++) {
    const identityType = weighted(random, IDENTITIES);
    const name = index === 0 ? 'DefaultAppPool' : `${pick(random, SITE_WORDS)} pool ${index}`;
    pools.push({
      name,
      state: random() < 0.95 ? 'started' : 'stopped',
      autoStart: random() < 0.95,
      managedRuntimeVersion: weighted(random, RUNTIMES),
      pipelineMode: random() < 0.9 ? 'integrated' : 'classic',
      identityType,
      identityUserName: identityType === 'SpecificUser' ? `CORP\\svc-web${serverIndex}-${index}` : undefined,
      enable32BitAppOnWin64: random() < 0.1,
      startMode: random() < 0.8 ? 'OnDemand' : 'AlwaysRunning',
    });
  }
  return pools;
}

/** Makes one to four bindings in the forms IIS farms use, from plain http to net.pipe. */
function generateBindings(random: Random, hostName: string, siteIndex: number, serverIndex: number): IisBinding[] {
  const forms: Array<() => IisBinding> = [
    () => parseBinding('http', `*:80:${hostName}`),
    () => parseBinding('https', `*:443:${hostName}`, 1),
    () => parseBinding('https', `192.0.2.${(serverIndex % 250) + 1}:443:`, 0),
    () => parseBinding('http', `[2001:db8::${(siteIndex % 4000).toString(16)}]:80:${hostName}`),
    () => parseBinding('http', `*:${8000 + siteIndex}:`),
    () => parseBinding('https', `*:443:*.${hostName}`, 1),
    () => parseBinding('net.tcp', `${808 + (siteIndex % 10)}:*`),
    () => parseBinding('net.pipe', '*'),
    () => parseBinding('https', `*:443:${hostName}`, 3),
  ];
  const count = 1 + Math.floor(random() * 4);
  const bindings = [forms[0]()];
  while (bindings.length < count) {
    const binding = pick(random, forms)();
    if (!bindings.some(existing => existing.protocol === binding.protocol && existing.bindingInformation === binding.bindingInformation)) {
      bindings.push(binding);
    }
  }
  return bindings;
}

/** Makes a site's applications: the root, and for about one site in ten up to three nested ones. */
function generateApplications(random: Random, rootPool: string, pools: IisApplicationPool[], physicalPath: string): IisApplication[] {
  const applications: IisApplication[] = [{ path: '/', applicationPool: rootPool, physicalPath }];
  if (random() < 0.1) {
    const nested = 1 + Math.floor(random() * 3);
    for (const path of ['/api', '/api/v2', '/admin'].slice(0, nested)) {
      applications.push({ path, applicationPool: pick(random, pools).name, physicalPath: `${physicalPath}${path.replace(/\//g, '\\')}` });
    }
  }
  return applications;
}

function generateSite(random: Random, siteIndex: number, serverIndex: number, pools: IisApplicationPool[]): IisSite {
  const word = pick(random, SITE_WORDS);
  const hostName = `${word}${siteIndex}.${pick(random, DOMAINS)}`;
  const name = random() < 0.5 ? hostName : `${word[0].toUpperCase()}${word.slice(1)} site ${siteIndex}`;
  const rootPool = pick(random, pools).name;
  const physicalPath = `D:\\sites\\${word}${siteIndex}`;
  const serverAutoStart = random() < 0.95;
  return {
    name,
    id: siteIndex,
    state: serverAutoStart ? 'started' : 'stopped',
    serverAutoStart,
    applicationPool: rootPool,
    physicalPath,
    bindings: generateBindings(random, hostName, siteIndex, serverIndex),
    applications: generateApplications(random, rootPool, pools, physicalPath),
  };
}

/** Returns the host name of server `index` (from 1) of a generated farm. */
export function benchHost(index: number): string {
  return `web${String(index).padStart(3, '0')}.bench.example`;
}

/**
 * Generates a farm of API readings. Each server has its own stream of random numbers, so a
 * server's content does not depend on how many servers the farm has.
 */
export function generateFarm(shape: FarmShape): IisServerReading[] {
  const farm: IisServerReading[] = [];
  for (let serverIndex = 1; serverIndex <= shape.servers; serverIndex++) {
    const random = seededRandom(shape.seed * 100_003 + serverIndex);
    const host = benchHost(serverIndex);
    const applicationPools = generatePools(random, shape.poolsPerServer, serverIndex);
    const sites: IisSite[] = [];
    for (let siteIndex = 1; siteIndex <= shape.sitesPerServer; siteIndex++) {
      sites.push(generateSite(random, siteIndex, serverIndex, applicationPools));
    }
    farm.push({ host, source: 'api', location: `https://${host}:55539`, sites, applicationPools, warnings: [] });
  }
  return farm;
}
