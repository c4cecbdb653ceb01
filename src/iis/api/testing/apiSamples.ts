import fs from 'node:fs';
import path from 'node:path';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');

/**
 * The published IIS Administration API response samples. They live next to the repository, not
 * in it, so a user's clone has none and the tests that read them are skipped.
 */
export const API_SAMPLES_DIR = path.resolve(REPOSITORY_ROOT, '../shared/iis-samples/administration-api');

export const API_SAMPLES_AVAILABLE = fs.existsSync(API_SAMPLES_DIR);

/** Suffix for suite titles, so a skipped suite states why. */
export const API_SAMPLES_SKIP_NOTE = API_SAMPLES_AVAILABLE ? '' : ` (skipped: ${API_SAMPLES_DIR} is missing)`;

export function readApiSampleText(fileName: string): string {
  return fs.readFileSync(path.join(API_SAMPLES_DIR, fileName), 'utf8');
}

export function readApiSample(fileName: string): unknown {
  return JSON.parse(readApiSampleText(fileName));
}
