import type { Sealer } from '../core/ports.js'

type Sodium = (typeof import('libsodium-wrappers'))['default']

let loading: Promise<Sodium> | undefined

/**
 * libsodium is the largest part of the bundle and only runs that write need it, so it is loaded
 * on demand; calling this early lets the load overlap the network round trips before the write.
 */
function loadSodium(): Promise<Sodium> {
  const loaded = (loading ??= import('libsodium-wrappers').then(async ({ default: sodium }) => {
    await sodium.ready
    return sodium
  }))
  return loaded
}

/**
 * Seals a value for GitHub: libsodium's sealed box with the target's public key, base64 in the
 * ORIGINAL variant both ways. Only GitHub, which holds the private key, can open it.
 */
export async function seal(value: string, publicKeyBase64: string): Promise<string> {
  const sodium = await loadSodium()
  const publicKey = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL)
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), publicKey)
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL)
}

/** The Sealer the core uses: libsodium, loaded on demand. */
export const sodiumSealer: Sealer = {
  warm() {
    // A failed load surfaces at sealing, where it is reported for its target.
    loadSodium().catch(() => undefined)
  },
  ready: () => loadSodium().then(() => undefined),
  seal: (value, { key }) => seal(value, key)
}
