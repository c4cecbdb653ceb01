import { createHash } from 'crypto';

/** Maximum length of `metadata.name`, from the catalog's validation rules. */
export const MAX_NAME_LENGTH = 63;

/** Separator between the server part and the pool or site part of a name. */
const PART_SEPARATOR = '--';

/** Length of the hexadecimal suffix that makes a cut or clashing name unique. */
const SUFFIX_LENGTH = 8;

/**
 * Turns free text (a site or pool name) into lower-case letters, digits and single dashes.
 * Accents are dropped (`Café` becomes `cafe`); text with no Latin letters or digits becomes `""`.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Turns a host name into a name part, keeping its dots so `web01.corp.example` stays readable. */
export function slugifyHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

function hashSuffix(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, SUFFIX_LENGTH);
}

/**
 * Joins name parts into a valid entity name. When the result is too long, or `forceSuffix` is set
 * because another entity got the same readable name, the name is cut and ends in a hash of
 * `identity`, so it stays unique and the same on every run. An empty part (a name with no Latin
 * letter or digit, such as `販売`) becomes `placeholder` plus the hash, so that a pool or site never
 * takes its server's name.
 */
export function buildEntityName(parts: string[], identity: string, forceSuffix = false, placeholder = 'x'): string {
  const hasEmptyPart = parts.some(part => part === '');
  const readable = parts.map(part => (part === '' ? placeholder : part)).join(PART_SEPARATOR);
  if (!forceSuffix && !hasEmptyPart && readable.length <= MAX_NAME_LENGTH) {
    return readable;
  }

  const suffix = hashSuffix(identity);
  const room = MAX_NAME_LENGTH - SUFFIX_LENGTH - 1;
  const cut = readable.slice(0, room).replace(/[^a-z0-9]+$/, '');
  return cut === '' ? `${placeholder}-${suffix}` : `${cut}-${suffix}`;
}

/**
 * Names every item of one server so that no two share a name. Items whose readable names clash
 * (`Site A` and `site-a`) all get a hash suffix of their exact name, so none depends on file order.
 */
export function assignUniqueNames<T>(
  items: T[],
  readableParts: (item: T) => string[],
  identity: (item: T) => string,
  placeholder = 'x',
): Map<T, string> {
  const readable = new Map<T, string>();
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = buildEntityName(readableParts(item), identity(item), false, placeholder);
    readable.set(item, name);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  const names = new Map<T, string>();
  const taken = new Set<string>();
  for (const item of items) {
    let name = readable.get(item)!;
    if (counts.get(name)! > 1) {
      name = buildEntityName(readableParts(item), identity(item), true, placeholder);
    }
    // Two items with the same identity (a file that repeats a site name) still need two names.
    for (let occurrence = 2; taken.has(name); occurrence++) {
      name = buildEntityName(readableParts(item), `${identity(item)}#${occurrence}`, true, placeholder);
    }
    taken.add(name);
    names.set(item, name);
  }
  return names;
}
