import pLimit from 'p-limit';
import type { IisCertificate, IisSite } from '../model';
import { IisApiError } from './IisApiError';
import { isJsonObject } from './jsonValues';
import { parseSubjectAlternativeNames } from './mapCertificates';

/** Certificate requests sent at the same time on one server. */
const CERTIFICATE_READ_CONCURRENCY = 4;

/** GETs one API path as JSON; `subject` names what is read, for error messages. */
export type GetJson = (path: string, subject: string) => Promise<unknown>;

/**
 * Reads `/api/certificates/{id}` once per distinct certificate id of the sites' bindings and
 * stores its DNS subject alternative names on every binding certificate with that id. A request
 * that fails adds a warning and leaves those names unknown; only a cancelled read rejects.
 */
export async function fillSubjectAlternativeNames(sites: IisSite[], getJson: GetJson, warnings: string[]): Promise<void> {
  const certificatesById = new Map<string, IisCertificate[]>();
  for (const site of sites) {
    for (const binding of site.bindings) {
      const id = binding.certificate?.apiId;
      if (id === undefined) continue;
      const sharing = certificatesById.get(id) ?? [];
      sharing.push(binding.certificate!);
      certificatesById.set(id, sharing);
    }
  }

  // Requests run in parallel, so each certificate collects its own warnings to keep their order.
  const limit = pLimit(CERTIFICATE_READ_CONCURRENCY);
  const perCertificate = await Promise.all(
    [...certificatesById].map(([id, certificates]) =>
      limit(async () => {
        const own: string[] = [];
        const names = await readNames(id, certificates[0], getJson, own);
        if (names !== undefined) {
          for (const certificate of certificates) certificate.subjectAlternativeNames = [...names];
        }
        return own;
      }),
    ),
  );
  warnings.push(...perCertificate.flat());
}

async function readNames(
  id: string,
  certificate: IisCertificate,
  getJson: GetJson,
  warnings: string[],
): Promise<string[] | undefined> {
  const label = `Certificate ${certificate.thumbprint ?? id}`;
  let body: unknown;
  try {
    body = await getJson(`/api/certificates/${encodeURIComponent(id)}`, `certificate ${certificate.thumbprint ?? id}`);
  } catch (error) {
    if (error instanceof IisApiError && error.kind === 'cancelled') {
      throw error;
    }
    warnings.push(`${label}: its subject alternative names are unknown, because reading it failed: ${(error as Error).message}`);
    return undefined;
  }
  const entries = isJsonObject(body) ? body.subject_alternative_names : undefined;
  if (entries === undefined || entries === null) {
    // Windows lists no names for a certificate without the extension; the subject CN then applies.
    return [];
  }
  if (!Array.isArray(entries)) {
    warnings.push(`${label}: subject_alternative_names is not a list; its subject alternative names are unknown`);
    return undefined;
  }
  return parseSubjectAlternativeNames(entries);
}
