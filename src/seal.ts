import sodium from 'libsodium-wrappers'

/**
 * Seals a value for GitHub: libsodium's sealed box with the target's public key, base64 in the
 * ORIGINAL variant both ways. Only GitHub, which holds the private key, can open it.
 */
export async function seal(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready
  const publicKey = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL)
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), publicKey)
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL)
}
