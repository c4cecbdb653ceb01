/**
 * Readers for API JSON values. The service sends JSON numbers and booleans, while its
 * documentation shows them as strings (`"443"`, `"false"`), so both forms are accepted.
 */

import type { IisState } from '../model';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a whole number from a JSON number or a decimal string, otherwise undefined. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Returns a boolean from a JSON boolean or the strings `true` and `false` in any case, otherwise undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') {
      return true;
    }
    if (lower === 'false') {
      return false;
    }
  }
  return undefined;
}

/**
 * Reads the fields of one API object. A missing or null field reads as undefined. A field that is
 * present with a value of the wrong type also reads as undefined and adds a warning that names
 * `subject`, the field and the value.
 */
export class FieldReader {
  constructor(
    private readonly source: JsonObject,
    private readonly subject: string,
    private readonly warnings: string[],
  ) {}

  string(field: string): string | undefined {
    return this.read(field, value => (typeof value === 'string' ? value : undefined), 'a string');
  }

  integer(field: string): number | undefined {
    return this.read(field, toInteger, 'a whole number');
  }

  boolean(field: string): boolean | undefined {
    return this.read(field, toBoolean, 'true or false');
  }

  object(field: string): JsonObject | undefined {
    return this.read(field, value => (isJsonObject(value) ? value : undefined), 'an object');
  }

  array(field: string): unknown[] | undefined {
    return this.read(field, value => (Array.isArray(value) ? value : undefined), 'a list');
  }

  private read<T>(field: string, convert: (value: unknown) => T | undefined, expected: string): T | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) {
      return undefined;
    }
    const converted = convert(value);
    if (converted === undefined) {
      this.warnings.push(`${this.subject}: field ${field} is ${describeValue(value)}, not ${expected}; it was ignored`);
    }
    return converted;
  }
}

const STATES: ReadonlySet<string> = new Set<IisState>(['started', 'stopped', 'starting', 'stopping', 'unknown']);

/** Returns the runtime state from an API `status` value; anything unrecognized is `unknown`. */
export function toIisState(value: string | undefined): IisState {
  const lower = value?.toLowerCase();
  return lower !== undefined && STATES.has(lower) ? (lower as IisState) : 'unknown';
}

/** Returns the string, or undefined when it is missing or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** Describes a JSON value in a few characters for a warning. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
