import { attributeOf, childElements, XmlElement } from './xmlDocument';

/** Entry element and removal key of one kind of IIS configuration collection. */
export interface CollectionRules {
  /** Element that adds an entry, such as `site`, `add` or `binding`. */
  addElement: string;
  /** Returns whether a `<remove>` element names this entry. */
  isRemovedBy(entry: XmlElement, remove: XmlElement): boolean;
}

/**
 * Returns the entries of a collection element after applying its `<clear/>` and `<remove>`
 * directives in document order. `inherited` entries (for example the bindings of `siteDefaults`)
 * come first, so `<clear/>` drops them too. Other child elements, such as `siteDefaults`, are
 * not entries and are skipped.
 */
export function collectEntries(
  collection: XmlElement | undefined,
  rules: CollectionRules,
  inherited: readonly XmlElement[] = [],
): XmlElement[] {
  let entries = [...inherited];
  for (const child of childElements(collection)) {
    if (child.name === rules.addElement) {
      entries.push(child);
    } else if (child.name === 'clear') {
      entries = [];
    } else if (child.name === 'remove') {
      entries = entries.filter((entry) => !rules.isRemovedBy(entry, child));
    }
  }
  return entries;
}

/** Compares two IIS names the way IIS compares collection keys by default, ignoring letter case. */
export function sameName(left: string | undefined, right: string | undefined): boolean {
  return left !== undefined && right !== undefined && left.toLowerCase() === right.toLowerCase();
}

function sameAttribute(entry: XmlElement, remove: XmlElement, name: string): boolean {
  return sameName(attributeOf(entry, name), attributeOf(remove, name));
}

/** Sites are keyed by name; `<remove id="…"/>` without a name matches by id. */
export const SITE_RULES: CollectionRules = {
  addElement: 'site',
  isRemovedBy: (entry, remove) =>
    attributeOf(remove, 'name') !== undefined
      ? sameAttribute(entry, remove, 'name')
      : sameAttribute(entry, remove, 'id'),
};

export const APPLICATION_POOL_RULES: CollectionRules = {
  addElement: 'add',
  isRemovedBy: (entry, remove) => sameAttribute(entry, remove, 'name'),
};

/** Bindings are keyed by protocol and binding information together. */
export const BINDING_RULES: CollectionRules = {
  addElement: 'binding',
  isRemovedBy: (entry, remove) =>
    sameAttribute(entry, remove, 'protocol') && sameAttribute(entry, remove, 'bindingInformation'),
};

export const APPLICATION_RULES: CollectionRules = {
  addElement: 'application',
  isRemovedBy: (entry, remove) => sameAttribute(entry, remove, 'path'),
};

export const VIRTUAL_DIRECTORY_RULES: CollectionRules = {
  addElement: 'virtualDirectory',
  isRemovedBy: (entry, remove) => sameAttribute(entry, remove, 'path'),
};
