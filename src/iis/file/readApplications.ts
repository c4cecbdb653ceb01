import { IisApplication } from '../model';
import { resolveString } from './attributeValues';
import { APPLICATION_RULES, collectEntries, sameName, VIRTUAL_DIRECTORY_RULES } from './collections';
import { attributeOf, firstChildElement, XmlElement } from './xmlDocument';

/** The `applicationDefaults` and `virtualDirectoryDefaults` elements of the `sites` section. */
export interface SectionDefaults {
  applicationDefaults?: XmlElement;
  virtualDirectoryDefaults?: XmlElement;
}

/** Schema default of `enabledProtocols`. */
const DEFAULT_ENABLED_PROTOCOLS = 'http';

/**
 * Reads the applications of one site in file order. Defaults apply from the site's own
 * `applicationDefaults` and `virtualDirectoryDefaults` first, then from the `sites` section's.
 * `knownPoolNames`, when given, lists the pools the file defines; an application whose pool is
 * not among them gets a warning.
 */
export function readApplications(
  site: XmlElement,
  siteName: string,
  sectionDefaults: SectionDefaults,
  knownPoolNames: readonly string[] | undefined,
  warnings: string[],
): IisApplication[] {
  const applicationDefaultsChain = [
    firstChildElement(site, 'applicationDefaults'),
    sectionDefaults.applicationDefaults,
  ];
  const siteVirtualDirectoryDefaults = firstChildElement(site, 'virtualDirectoryDefaults');
  const applications: IisApplication[] = [];

  for (const entry of collectEntries(site, APPLICATION_RULES)) {
    const path = attributeOf(entry, 'path');
    if (!path) {
      warnings.push(`Site "${siteName}" has an application without a path, so it is skipped.`);
      continue;
    }
    if (applications.some((application) => sameName(application.path, path))) {
      warnings.push(`Site "${siteName}" defines application "${path}" more than once; only the first definition is used.`);
      continue;
    }

    const applicationPool = resolveString([entry, ...applicationDefaultsChain], 'applicationPool', '');
    if (applicationPool === '') {
      warnings.push(`Site "${siteName}": application "${path}" names no application pool, and no applicationDefaults sets one.`);
    } else if (knownPoolNames && !knownPoolNames.some((poolName) => sameName(poolName, applicationPool))) {
      warnings.push(
        `Site "${siteName}": application "${path}" uses application pool "${applicationPool}", which this file does not define.`,
      );
    }

    const application: IisApplication = {
      path,
      applicationPool,
      enabledProtocols: resolveString([entry, ...applicationDefaultsChain], 'enabledProtocols', DEFAULT_ENABLED_PROTOCOLS),
    };
    const rootDirectory = collectEntries(entry, VIRTUAL_DIRECTORY_RULES).find(
      (directory) => attributeOf(directory, 'path') === '/',
    );
    if (rootDirectory) {
      const physicalPath = resolveString(
        [
          rootDirectory,
          firstChildElement(entry, 'virtualDirectoryDefaults'),
          siteVirtualDirectoryDefaults,
          sectionDefaults.virtualDirectoryDefaults,
        ],
        'physicalPath',
      );
      if (physicalPath !== undefined) {
        application.physicalPath = physicalPath;
      }
    }
    applications.push(application);
  }
  return applications;
}
