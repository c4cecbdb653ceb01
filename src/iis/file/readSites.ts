import { parseBinding } from '../bindings';
import { IisBinding, IisSite } from '../model';
import { parseBoolean, parseUnsigned, resolveParsed } from './attributeValues';
import { BINDING_RULES, collectEntries, sameName, SITE_RULES } from './collections';
import { readApplications, SectionDefaults } from './readApplications';
import { attributeOf, firstChildElement, XmlElement } from './xmlDocument';

/**
 * Reads the sites of a `system.applicationHost/sites` section in file order. A site without a name
 * or a valid id, or one that repeats an earlier site's name or id, is skipped with a warning.
 * `knownPoolNames`, when given, lists the pools the file defines, so missing pools are reported.
 */
export function readSites(
  section: XmlElement,
  knownPoolNames: readonly string[] | undefined,
  warnings: string[],
): IisSite[] {
  const siteDefaults = firstChildElement(section, 'siteDefaults');
  const sectionDefaults: SectionDefaults = {
    applicationDefaults: firstChildElement(section, 'applicationDefaults'),
    virtualDirectoryDefaults: firstChildElement(section, 'virtualDirectoryDefaults'),
  };
  const defaultBindings = collectEntries(firstChildElement(siteDefaults, 'bindings'), BINDING_RULES);
  const sites: IisSite[] = [];

  for (const [index, entry] of collectEntries(section, SITE_RULES).entries()) {
    const name = attributeOf(entry, 'name');
    if (!name) {
      warnings.push(`Site number ${index + 1} has no name, so it is skipped.`);
      continue;
    }
    const rawId = attributeOf(entry, 'id');
    const id = rawId === undefined ? undefined : parseUnsigned(rawId);
    if (id === undefined) {
      const idText = rawId === undefined ? 'no id' : `id "${rawId}", which is not a whole number`;
      warnings.push(`Site "${name}" has ${idText}, so it is skipped.`);
      continue;
    }
    const sameNameSite = sites.find((site) => sameName(site.name, name));
    if (sameNameSite) {
      warnings.push(`Site "${name}" (id ${id}) is skipped because site id ${sameNameSite.id} already uses that name.`);
      continue;
    }
    const sameIdSite = sites.find((site) => site.id === id);
    if (sameIdSite) {
      warnings.push(`Site "${name}" is skipped because its id ${id} is already used by site "${sameIdSite.name}".`);
      continue;
    }

    const onInvalid = (problem: string) => warnings.push(`Site "${name}": ${problem}.`);
    const serverAutoStart = resolveParsed([entry, siteDefaults], 'serverAutoStart', parseBoolean, true, onInvalid);
    const applications = readApplications(entry, name, sectionDefaults, knownPoolNames, warnings);
    const rootApplication = applications.find((application) => application.path === '/');

    const site: IisSite = {
      name,
      id,
      // The file contains no runtime state. IIS starts sites with serverAutoStart="true" when it
      // starts, so those read as started and the others as stopped.
      state: serverAutoStart ? 'started' : 'stopped',
      serverAutoStart,
      bindings: readBindings(entry, name, defaultBindings, warnings),
      applications,
    };
    if (rootApplication) {
      site.applicationPool = rootApplication.applicationPool;
      if (rootApplication.physicalPath !== undefined) {
        site.physicalPath = rootApplication.physicalPath;
      }
    }
    sites.push(site);
  }
  return sites;
}

/**
 * Reads a site's bindings: those of `siteDefaults` first, unless the site's `<bindings>` clears
 * them, then the site's own. Bindings that do not parse are kept and reported as warnings.
 */
function readBindings(
  site: XmlElement,
  siteName: string,
  defaultBindings: readonly XmlElement[],
  warnings: string[],
): IisBinding[] {
  const bindings: IisBinding[] = [];
  for (const entry of collectEntries(firstChildElement(site, 'bindings'), BINDING_RULES, defaultBindings)) {
    const protocol = attributeOf(entry, 'protocol');
    const bindingInformation = attributeOf(entry, 'bindingInformation') ?? '';
    if (!protocol) {
      warnings.push(`Site "${siteName}" has a binding without a protocol ("${bindingInformation}"), so it is skipped.`);
      continue;
    }

    const binding = parseBinding(protocol, bindingInformation, attributeOf(entry, 'sslFlags'));
    const duplicate = bindings.some(
      (earlier) => earlier.protocol === binding.protocol && sameName(earlier.bindingInformation, bindingInformation),
    );
    if (duplicate) {
      warnings.push(`Site "${siteName}" has binding ${binding.protocol} "${bindingInformation}" more than once; only the first is used.`);
      continue;
    }
    if (binding.problem) {
      warnings.push(`Site "${siteName}": binding ${binding.protocol} "${bindingInformation}" was not parsed: ${binding.problem}.`);
    }
    bindings.push(binding);
  }
  return bindings;
}
