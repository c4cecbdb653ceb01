import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A certificate with its private key, for HTTPS servers that tests start on 127.0.0.1. */
export interface TestCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint as Node.js reports it: upper-case hex pairs joined by colons. */
  fingerprint256: string;
}

export interface TestCertificateOptions {
  /** Host names and IP addresses for the subjectAltName extension. Default localhost and 127.0.0.1. */
  names?: string[];
  /** Signs the certificate with this CA instead of self-signing it. */
  issuer?: TestCertificate;
  /** Makes the certificate a CA. */
  isCa?: boolean;
  notBeforeDate?: Date;
  notAfterDate?: Date;
}

/** Generates an EC P-256 certificate; EC keys keep the tests fast. */
export async function createTestCertificate(options: TestCertificateOptions = {}): Promise<TestCertificate> {
  const names = options.names ?? ['localhost', '127.0.0.1'];
  const altNames = names.map(name => (/^[\d.]+$/.test(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const result = await generate([{ name: 'commonName', value: options.isCa ? 'IIS module test CA' : names[0] }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: options.notBeforeDate,
    notAfterDate: options.notAfterDate,
    ca: options.issuer ? { key: options.issuer.keyPem, cert: options.issuer.certPem } : undefined,
    extensions: options.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames },
        ],
  });
  return {
    certPem: result.cert,
    keyPem: result.private,
    fingerprint256: new X509Certificate(result.cert).fingerprint256,
  };
}
