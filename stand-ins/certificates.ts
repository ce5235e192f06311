// @peculiar/x509 2 wants the Reflect metadata polyfill loaded first (its dependency injection needs it).
import 'reflect-metadata'
import { webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'

/**
 * A certificate authority made at test time, and server certificates it signs: what GitHub
 * Enterprise Server or a TLS-inspecting proxy presents from a private CA, for tests of TLS and of
 * NODE_EXTRA_CA_CERTS. Made fresh in each test run rather than committed: no private key sits in
 * the repository (secret scanners rightly flag them), nothing expires under the tests, and nothing
 * but the one test run ever trusts it. EC P-256 keys, so making one takes milliseconds.
 */
export interface TestCa {
  /** The CA's certificate, PEM: what NODE_EXTRA_CA_CERTS points at. */
  certificate: string
  /** A key and certificate for a server answering for `names` (host names, or IP addresses). */
  issue(names: string[]): Promise<{ key: string; cert: string }>
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
const DAY = 86_400_000

async function pemKey(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  return x509.PemConverter.encode(der, 'PRIVATE KEY')
}

export async function createTestCa(name = 'threads-token-keeper test CA'): Promise<TestCa> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const notBefore = new Date(Date.now() - DAY)
  const notAfter = new Date(Date.now() + DAY)
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)
    ]
  })

  return {
    certificate: ca.toString('pem'),
    async issue(names) {
      const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
      const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':')
      const cert = await x509.X509CertificateGenerator.create({
        subject: `CN=${names[0] ?? 'localhost'}`,
        issuer: ca.subject,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: ALGORITHM,
        notBefore,
        notAfter,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(
            names.map((host) => (isIp(host) ? { type: 'ip', value: host } : { type: 'dns', value: host }))
          ),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey)
        ]
      })
      return { key: await pemKey(keys.privateKey), cert: cert.toString('pem') }
    }
  }
}
