import { attributeOf, XmlElement } from './xmlDocument';

/**
 * Attribute lookup through IIS defaults. An attribute missing on an element comes from the
 * defaults elements that apply to it (`siteDefaults`, `applicationDefaults`,
 * `virtualDirectoryDefaults`, `applicationPoolDefaults`), nearest first, and then from the schema.
 */

/** The element itself followed by the defaults elements that apply to it, nearest first. */
export type DefaultsChain = readonly (XmlElement | undefined)[];

/** Receives why a value was ignored, as a clause such as `autoStart "yes" is not valid, so it is ignored`. */
export type InvalidValueHandler = (problem: string) => void;

/**
 * Returns the first value of the attribute along the chain, or `schemaDefault` when no element in
 * the chain sets it. An empty string counts as a value (`managedRuntimeVersion=""`).
 */
export function resolveString(chain: DefaultsChain, name: string, schemaDefault: string): string;
export function resolveString(chain: DefaultsChain, name: string): string | undefined;
export function resolveString(chain: DefaultsChain, name: string, schemaDefault?: string): string | undefined {
  for (const element of chain) {
    const value = attributeOf(element, name);
    if (value !== undefined) {
      return value;
    }
  }
  return schemaDefault;
}

/**
 * Resolves an attribute along the chain and converts it with `parse`. A value that `parse` rejects
 * is reported through `onInvalid` and skipped, so the next element in the chain or the schema
 * default applies.
 */
export function resolveParsed<T>(
  chain: DefaultsChain,
  name: string,
  parse: (raw: string) => T | undefined,
  schemaDefault: T,
  onInvalid: InvalidValueHandler,
): T {
  for (const element of chain) {
    const raw = attributeOf(element, name);
    if (raw === undefined) {
      continue;
    }
    const value = parse(raw);
    if (value !== undefined) {
      return value;
    }
    onInvalid(`${name} "${raw}" is not valid, so it is ignored`);
  }
  return schemaDefault;
}

/** Parses `true` or `false` in any letter case. */
export function parseBoolean(raw: string): boolean | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'true') {
    return true;
  }
  if (lower === 'false') {
    return false;
  }
  return undefined;
}

/**
 * Returns a parser for an IIS enumeration that matches names in any letter case and returns the
 * schema spelling, for example `alwaysrunning` to `AlwaysRunning`.
 */
export function enumParser<T extends string>(names: readonly T[]): (raw: string) => T | undefined {
  return (raw) => names.find((name) => name.toLowerCase() === raw.toLowerCase());
}

/** Parses an unsigned 32-bit number written in decimal, such as a site id. */
export function parseUnsigned(raw: string): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) {
    return undefined;
  }
  const value = Number(raw);
  return value <= 0xffffffff ? value : undefined;
}
