import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimulatedCertificate } from './served-certificates';

export const CERTIFICATES_FILE_NAME = 'certificates.json';

const DAY_MS = 86_400_000;

/**
 * One entry of a farm's `certificates.json`. Either `validTo` (ISO 8601) or `expiresInDays`
 * (whole days from the start of the current UTC day, negative for an expired certificate) sets
 * the end of validity, so the demo keeps an expiring and an expired certificate whenever it runs.
 */
type CertificateEntry = Omit<SimulatedCertificate, 'validTo'> & { validTo?: string; expiresInDays?: number };

/**
 * Reads `<folder>/certificates.json` (`{ "certificates": [...] }`). Returns undefined when the file
 * does not exist, and throws an error naming the file for one that is not valid.
 */
export async function readFarmCertificates(folder: string, now: Date): Promise<SimulatedCertificate[] | undefined> {
  const file = path.join(folder, CERTIFICATES_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }

  const parsed = JSON.parse(text) as { certificates?: unknown };
  if (!Array.isArray(parsed.certificates)) {
    throw new Error(`${file} has no "certificates" list.`);
  }
  const startOfDay = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return (parsed.certificates as CertificateEntry[]).map((entry, index) => {
    const { expiresInDays, validTo, ...rest } = entry;
    if (validTo !== undefined) {
      return { ...rest, validTo };
    }
    if (!Number.isInteger(expiresInDays)) {
      throw new Error(`${file}: certificate #${index + 1} needs validTo (ISO 8601) or expiresInDays (a whole number).`);
    }
    return { ...rest, validTo: new Date(startOfDay + expiresInDays! * DAY_MS).toISOString().replace(/\.000Z$/, 'Z') };
  });
}
