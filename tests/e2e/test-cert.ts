/**
 * A throwaway TLS certificate for an https demo app, made at test time with the system's
 * openssl (node:crypto reads certificates but cannot issue one). Chromium accepts it only with
 * --ignore-certificate-errors: it is self-signed, for one test host, valid for a day.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TestCert {
  key: string;
  cert: string;
}

export async function makeTestCert(hostname: string): Promise<TestCert> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-rescue-cert-'));
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${hostname}`,
      '-addext',
      `subjectAltName=DNS:${hostname}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]).catch((error: unknown) => {
      throw new Error(`openssl could not make a test certificate (is it installed?): ${error}`);
    });
    const [key, cert] = await Promise.all([
      readFile(join(dir, 'key.pem'), 'utf8'),
      readFile(join(dir, 'cert.pem'), 'utf8'),
    ]);
    return { key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
