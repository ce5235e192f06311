import { randomBytes, randomInt } from 'node:crypto'

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const BASE64URL = ALPHANUMERIC + '-_'
export const HEX = '0123456789abcdef'

/**
 * `length` characters drawn uniformly from `alphabet`: credentials as long and in the alphabet the
 * real service uses, so that masking, length limits and leak scans meet what they will meet live.
 */
export function randomChars(length: number, alphabet = ALPHANUMERIC): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** A numeric id of `length` digits (no leading zero), as Meta's, X's and LinkedIn's ids are strings of digits. */
export function randomDigits(length: number): string {
  return String(randomInt(1, 10)) + randomChars(length - 1, '0123456789')
}

/** A string shaped like a signed JWT (header.payload.signature); nobody can verify it, and nothing should need to. */
export function jwtLike(payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', kid: randomChars(8), typ: 'JWT' })}.${part(payload)}.${randomBytes(256).toString('base64url')}`
}
