import { IisApplicationPool } from '../model';
import { enumParser, parseBoolean, resolveParsed, resolveString } from './attributeValues';
import { APPLICATION_POOL_RULES, collectEntries, sameName } from './collections';
import { attributeOf, firstChildElement, XmlElement } from './xmlDocument';

/**
 * Schema defaults of IIS 10.
 * NOTE: some older IIS_schema.xml files default managedRuntimeVersion to `""` (no managed code).
 * A pool on such a server that sets no version anywhere still reads as v4.0 here.
 */
const SCHEMA_DEFAULTS = {
  autoStart: true,
  managedRuntimeVersion: 'v4.0',
  managedPipelineMode: 'Integrated',
  enable32BitAppOnWin64: false,
  startMode: 'OnDemand',
  identityType: 'ApplicationPoolIdentity',
} as const;

const parsePipelineMode = enumParser(['Integrated', 'Classic'] as const);
const parseStartMode = enumParser(['OnDemand', 'AlwaysRunning'] as const);
const parseIdentityType = enumParser([
  'LocalSystem',
  'LocalService',
  'NetworkService',
  'SpecificUser',
  'ApplicationPoolIdentity',
] as const);

/**
 * Reads the pools of a `system.applicationHost/applicationPools` section in file order.
 * `processModel@password` is never read. Pools without a name and later pools that repeat a
 * name are skipped with a warning.
 */
export function readApplicationPools(section: XmlElement, warnings: string[]): IisApplicationPool[] {
  const defaults = firstChildElement(section, 'applicationPoolDefaults');
  const pools: IisApplicationPool[] = [];

  for (const [index, entry] of collectEntries(section, APPLICATION_POOL_RULES).entries()) {
    const name = attributeOf(entry, 'name');
    if (!name) {
      warnings.push(`Application pool number ${index + 1} has no name, so it is skipped.`);
      continue;
    }
    if (pools.some((pool) => sameName(pool.name, name))) {
      warnings.push(`Application pool "${name}" is defined more than once; only the first definition is used.`);
      continue;
    }
    pools.push(readApplicationPool(name, entry, defaults, warnings));
  }
  return pools;
}

function readApplicationPool(
  name: string,
  entry: XmlElement,
  defaults: XmlElement | undefined,
  warnings: string[],
): IisApplicationPool {
  const chain = [entry, defaults];
  const processModelChain = [firstChildElement(entry, 'processModel'), firstChildElement(defaults, 'processModel')];
  const onInvalid = (problem: string) => warnings.push(`Application pool "${name}": ${problem}.`);

  const autoStart = resolveParsed(chain, 'autoStart', parseBoolean, SCHEMA_DEFAULTS.autoStart, onInvalid);
  const pipelineMode = resolveParsed(
    chain,
    'managedPipelineMode',
    parsePipelineMode,
    SCHEMA_DEFAULTS.managedPipelineMode,
    onInvalid,
  );
  const identityType = resolveParsed(
    processModelChain,
    'identityType',
    parseIdentityType,
    SCHEMA_DEFAULTS.identityType,
    onInvalid,
  );

  const pool: IisApplicationPool = {
    name,
    // The file contains no runtime state. IIS starts pools with autoStart="true" when it starts.
    state: autoStart ? 'started' : 'stopped',
    autoStart,
    managedRuntimeVersion: resolveString(chain, 'managedRuntimeVersion', SCHEMA_DEFAULTS.managedRuntimeVersion),
    pipelineMode: pipelineMode === 'Classic' ? 'classic' : 'integrated',
    identityType,
    enable32BitAppOnWin64: resolveParsed(
      chain,
      'enable32BitAppOnWin64',
      parseBoolean,
      SCHEMA_DEFAULTS.enable32BitAppOnWin64,
      onInvalid,
    ),
    startMode: resolveParsed(chain, 'startMode', parseStartMode, SCHEMA_DEFAULTS.startMode, onInvalid),
  };

  // IIS uses userName only with a SpecificUser identity.
  const userName = resolveString(processModelChain, 'userName');
  if (identityType === 'SpecificUser' && userName) {
    pool.identityUserName = userName;
  }
  return pool;
}
