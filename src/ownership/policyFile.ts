import fs from 'fs/promises';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { LineCounter, parseDocument, isSeq } from 'yaml';
import { parseRules } from './parseRules';
import { OwnershipRule } from './types';

/** The result of reading a policy file: its rules, or the problems that make it invalid. */
export type PolicyFileResult = { ok: true; rules: OwnershipRule[] } | { ok: false; problems: string[] };

/**
 * Reads an ownership policy file: YAML with a top-level `rules` list in the same form as
 * `ownership.rules` in app-config. A path is read from disk and an http(s) URL through Backstage's
 * UrlReaderService. Problems name the file and the line.
 */
export async function readPolicyFile(location: string, urlReader?: UrlReaderService): Promise<PolicyFileResult> {
  let text: string;
  try {
    text = await readText(location, urlReader);
  } catch (error) {
    return { ok: false, problems: [`${location}: could not be read (${(error as Error)?.message ?? error}): check the path or URL`] };
  }
  return parsePolicy(location, text);
}

/** Parses the text of a policy file; exported for tests. */
export function parsePolicy(location: string, text: string): PolicyFileResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map(error => `${location} line ${error.linePos?.[0].line ?? '?'}: invalid YAML (${error.code})`),
    };
  }

  const root = document.toJS() as unknown;
  if (typeof root !== 'object' || root === null || !('rules' in root)) {
    return { ok: false, problems: [`${location}: must have a top-level rules list, as ownership.rules in app-config`] };
  }
  const rulesNode = document.get('rules', true);
  const lineOf = (index: number) => {
    const item = isSeq(rulesNode) ? rulesNode.items[index] : undefined;
    const offset = (item as { range?: [number, number, number] } | undefined)?.range?.[0] ?? (rulesNode as { range?: number[] })?.range?.[0];
    return offset === undefined ? '?' : String(lineCounter.linePos(offset).line);
  };
  const parsed = parseRules((root as { rules: unknown }).rules, index => `${location} line ${lineOf(Math.max(index, 0))}`);
  if (parsed.problems.length > 0) {
    return { ok: false, problems: parsed.problems.map(problem => `${problem.origin}: ${problem.message}`) };
  }
  return { ok: true, rules: parsed.rules };
}

async function readText(location: string, urlReader?: UrlReaderService): Promise<string> {
  if (!/^https?:\/\//i.test(location)) {
    return fs.readFile(location, 'utf8');
  }
  if (!urlReader) {
    throw new Error('no UrlReaderService is available to read URLs');
  }
  const response = await urlReader.readUrl(location);
  return (await response.buffer()).toString('utf8');
}
