import type { IisCertificate } from '../model';
import { FieldReader, JsonObject, nonEmpty } from './jsonValues';

/**
 * Maps the `certificate` object of an https binding (`id`, `subject`, `issued_by`, `thumbprint`,
 * `valid_to`). Returns undefined when the object has none of these fields. A `valid_to` that is
 * not a date is left out with a warning.
 */
export function mapBindingCertificate(raw: JsonObject, label: string, warnings: string[]): IisCertificate | undefined {
  const fields = new FieldReader(raw, `${label} certificate`, warnings);
  const certificate: IisCertificate = {};

  const apiId = nonEmpty(fields.string('id'));
  if (apiId !== undefined) certificate.apiId = apiId;
  const subject = nonEmpty(fields.string('subject'));
  if (subject !== undefined) certificate.subject = subject;
  const issuer = nonEmpty(fields.string('issued_by'));
  if (issuer !== undefined) certificate.issuer = issuer;
  const thumbprint = nonEmpty(fields.string('thumbprint'));
  if (thumbprint !== undefined) certificate.thumbprint = thumbprint.toUpperCase();

  const validTo = nonEmpty(fields.string('valid_to'));
  if (validTo !== undefined) {
    const normalized = toUtcTimestamp(validTo);
    if (normalized === undefined) {
      warnings.push(`${label} certificate: field valid_to "${validTo}" is not a date; it was ignored`);
    } else {
      certificate.validTo = normalized;
    }
  }
  return Object.keys(certificate).length === 0 ? undefined : certificate;
}

/** Returns an ISO 8601 UTC timestamp (`2027-01-09T00:00:00Z`, milliseconds only when not zero), or undefined. */
export function toUtcTimestamp(value: string): string | undefined {
  // Only date-time forms with a date part are accepted, so that a bare number is not read as a year.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    return undefined;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return undefined;
  }
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

const DNS_NAME_PREFIX = /^\s*DNS Name\s*=\s*/i;

/**
 * Returns the DNS names of a certificate's `subject_alternative_names` list, whose entries Windows
 * formats as `Type=value` (`DNS Name=localhost`, `IP Address=192.0.2.1`). Entries of other types
 * and entries that are not strings are skipped. Names are lower-cased, since DNS names compare
 * without case, and duplicates are dropped.
 */
export function parseSubjectAlternativeNames(entries: unknown[]): string[] {
  const names: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string' || !DNS_NAME_PREFIX.test(entry)) {
      continue;
    }
    const name = entry.replace(DNS_NAME_PREFIX, '').trim().toLowerCase();
    if (name !== '' && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}
