import { IisApplicationPool, IisServerReading } from '../model';
import { ConfigSourceReader, loadSectionContent } from './configSource';
import { ApplicationHostConfigError } from './errors';
import { readApplicationPools } from './readApplicationPools';
import { readSites } from './readSites';
import { childElements, decodeConfigText, firstChildElement, parseXmlDocument } from './xmlDocument';

export interface ParseApplicationHostConfigOptions {
  /** The server's name in the catalog, copied into the reading. */
  host: string;
  /** Path or URL of the file, copied into the reading and used in messages. */
  location: string;
  /** Reads a `configSource` file by its path relative to the main file, with `/` separators. */
  readConfigSource?: ConfigSourceReader;
}

/**
 * Reads the sites and application pools of an applicationHost.config file, with IIS defaults
 * applied. Raises an ApplicationHostConfigError when the input is not XML, has no
 * `configuration` root or no `system.applicationHost` section, or when a `configSource` file is
 * missing or invalid. Everything else odd in the file becomes a warning in the reading.
 */
export async function parseApplicationHostConfig(
  xml: string | Buffer,
  options: ParseApplicationHostConfigOptions,
): Promise<IisServerReading> {
  const { host, location, readConfigSource } = options;
  const root = parseXmlDocument(decodeConfigText(xml, location), location);
  if (root.name !== 'configuration') {
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: its root element is <${root.name}>, but <configuration> was expected`,
    );
  }

  // Only direct children of <configuration> count. Sections inside <location> elements configure
  // paths and never define sites or pools.
  const [applicationHost, ...extraSections] = childElements(root, 'system.applicationHost');
  if (!applicationHost) {
    throw new ApplicationHostConfigError(
      location,
      `${location} is not an applicationHost.config file: <configuration> has no <system.applicationHost> section`,
    );
  }

  const warnings: string[] = [];
  if (extraSections.length > 0) {
    warnings.push(
      `The file has ${extraSections.length + 1} <system.applicationHost> sections; only the first one is read.`,
    );
  }

  const poolsSection = firstChildElement(applicationHost, 'applicationPools');
  const sitesSection = firstChildElement(applicationHost, 'sites');

  let applicationPools: IisApplicationPool[] = [];
  if (poolsSection) {
    const content = await loadSectionContent(poolsSection, location, readConfigSource, warnings);
    applicationPools = readApplicationPools(content, warnings);
  }

  // A file without an <applicationPools> section (a partial file) does not show which pools
  // exist, so missing pools are reported only when the section is present.
  const knownPoolNames = poolsSection ? applicationPools.map((pool) => pool.name) : undefined;
  const sites = sitesSection
    ? readSites(await loadSectionContent(sitesSection, location, readConfigSource, warnings), knownPoolNames, warnings)
    : [];

  return { host, source: 'file', location, sites, applicationPools, warnings };
}
