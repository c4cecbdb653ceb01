import { describe, expect, it } from 'vitest';
import type { IisSite } from '../model';
import { IisApiError } from './IisApiError';
import { fillSubjectAlternativeNames } from './readCertificateNames';

function siteWithCertificates(ids: string[]): IisSite {
  return {
    name: 'shop',
    id: 2,
    state: 'started',
    serverAutoStart: true,
    bindings: ids.map(id => ({ protocol: 'https', bindingInformation: '*:443:', certificate: { apiId: id, thumbprint: `T-${id}` } })),
    applications: [],
  };
}

describe('fillSubjectAlternativeNames', () => {
  it('turns a failed request into a warning', async () => {
    const site = siteWithCertificates(['a', 'b']);
    const warnings: string[] = [];
    await fillSubjectAlternativeNames(
      [site],
      async path => {
        if (path.endsWith('/a')) throw new IisApiError('GET failed with 500', { kind: 'http-status', host: 'h', url: path });
        return { subject_alternative_names: ['DNS Name=b.example.com'] };
      },
      warnings,
    );
    expect(site.bindings[0].certificate?.subjectAlternativeNames).toBeUndefined();
    expect(site.bindings[1].certificate?.subjectAlternativeNames).toEqual(['b.example.com']);
    expect(warnings).toEqual(['Certificate T-a: its subject alternative names are unknown, because reading it failed: GET failed with 500']);
  });

  it('rejects when the read is cancelled', async () => {
    const cancelled = new IisApiError('cancelled', { kind: 'cancelled', host: 'h', url: 'u' });
    const reading = fillSubjectAlternativeNames([siteWithCertificates(['a'])], async () => { throw cancelled; }, []);
    await expect(reading).rejects.toBe(cancelled);
  });

  it('reads each id once', async () => {
    const paths: string[] = [];
    await fillSubjectAlternativeNames([siteWithCertificates(['a', 'a']), siteWithCertificates(['a'])], async path => {
      paths.push(path);
      return {};
    }, []);
    expect(paths).toEqual(['/api/certificates/a']);
  });
});
