import { writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/**
 * A self-signed TLS certificate like the one the IIS Administration API setup creates: subject
 * CN=localhost, valid for two years, here with the SANs localhost and 127.0.0.1 because the
 * simulator listens on 127.0.0.1. The private key stays in memory and is never written.
 */
export interface SimulatorCertificate {
  certificatePem: string;
  /** SHA-256 fingerprint as Node.js formats it: upper-case hex pairs joined by colons. */
  fingerprint256: string;
  /** Private key for the TLS listener only. */
  privateKeyPem: string;
}

const VALIDITY_YEARS = 2;

export async function createSimulatorCertificate(): Promise<SimulatorCertificate> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate);
  notAfterDate.setFullYear(notAfterDate.getFullYear() + VALIDITY_YEARS);

  const generated = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });

  return {
    certificatePem: generated.cert,
    fingerprint256: new X509Certificate(generated.cert).fingerprint256,
    privateKeyPem: generated.private,
  };
}

/** Writes only the certificate (never the key), for a client's CA file setting. */
export function writeCertificatePem(path: string, certificatePem: string): void {
  if (certificatePem.includes('PRIVATE KEY')) {
    throw new Error('The PEM contains a private key, so it was not written. Pass a certificate only.');
  }
  writeFileSync(path, certificatePem, { mode: 0o644 });
}
