/**
 * PKCE (RFC 7636) with S256, for providers whose authorization asks for it: the verifier stays in
 * this process and goes with the code's exchange; only its hash travels in the authorize address, so
 * that a code caught by anyone else is worth nothing to them.
 */
import { createHash, randomBytes } from 'node:crypto'

export interface Pkce {
  /** 43 characters of base64url: 32 random bytes, as RFC 7636 §4.1 recommends. */
  verifier: string
  /** BASE64URL(SHA256(verifier)), for `code_challenge` with `code_challenge_method=S256`. */
  challenge: string
}

export const challengeOf = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url')

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: challengeOf(verifier) }
}
