import sodium from 'libsodium-wrappers'
import { beforeAll, describe, expect, it } from 'vitest'
import { seal } from '../src/github/seal.js'

type KeyPair = { publicKey: Uint8Array; privateKey: Uint8Array }
const ORIGINAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

let pair: KeyPair
let publicKey: string
beforeAll(async () => {
  await sodium.ready
  pair = sodium.crypto_box_keypair()
  publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL)
})

/** What GitHub does with the private key. */
function open(sealed: string, keys: KeyPair = pair): string {
  const bytes = sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL)
  return sodium.to_string(sodium.crypto_box_seal_open(bytes, keys.publicKey, keys.privateKey))
}

describe('seal', () => {
  it.each([
    ['a long-lived token', 'THAAlong' + 'Qx9_-'.repeat(40)],
    ['an empty value', ''],
    ['unicode', 'jetón ✓ 令牌 🔑'],
    ['a value with newlines and quotes', 'line1\nline2 \'quoted\' "double"'],
    ['a large value', 'x'.repeat(48 * 1024)]
  ])('%s opens with crypto_box_seal_open and the matching key pair', async (_case, value) => {
    const sealed = await seal(value, publicKey)
    expect(open(sealed)).toBe(value)
    // A sealed box is the value plus a 32-byte ephemeral key and a 16-byte tag.
    expect(sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL)).toHaveLength(Buffer.byteLength(value) + 48)
  })

  it('two seals of the same value differ (a fresh ephemeral key each time), both open', async () => {
    const [first, second] = await Promise.all([seal('THAAsame', publicKey), seal('THAAsame', publicKey)])
    expect(first).not.toBe(second)
    expect([open(first), open(second)]).toEqual(['THAAsame', 'THAAsame'])
  })

  it('writes base64 in the ORIGINAL variant: + and /, padded, never - or _', async () => {
    const sealed = await Promise.all(Array.from({ length: 30 }, (_, i) => seal(`THAAlong${i}`.padEnd(40 + (i % 3), 'z'), publicKey)))
    for (const value of sealed) expect(value).toMatch(ORIGINAL_BASE64)
    const all = sealed.join('')
    expect(all).toMatch(/[+/]/) // 30 random boxes without either is as likely as winning the lottery twice
    expect(all).not.toMatch(/[-_]/)
    expect(sealed.some((value) => value.endsWith('='))).toBe(true)
  })

  it('agrees with Node base64 decoding of the output', async () => {
    const sealed = await seal('THAAnode', publicKey)
    const bytes = new Uint8Array(Buffer.from(sealed, 'base64'))
    expect(Buffer.from(bytes).toString('base64')).toBe(sealed)
    expect(sodium.to_string(sodium.crypto_box_seal_open(bytes, pair.publicKey, pair.privateKey))).toBe('THAAnode')
  })

  it('reads the public key in the ORIGINAL variant (keys with + and /)', async () => {
    let keys = sodium.crypto_box_keypair()
    while (!/[+/]/.test(sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL))) keys = sodium.crypto_box_keypair()
    const sealed = await seal('THAAkey', sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL))
    expect(open(sealed, keys)).toBe('THAAkey')
  })

  it('only the matching private key opens it', async () => {
    const sealed = await seal('THAAprivate', publicKey)
    expect(() => open(sealed, sodium.crypto_box_keypair())).toThrow()
  })

  it('refuses a public key that is not base64', async () => {
    await expect(seal('THAAx', 'not a key!')).rejects.toThrow()
  })
})
