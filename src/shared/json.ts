import { isSafeNumber, parse } from 'lossless-json'

export type JsonObject = Record<string, unknown>

/** A JSON object, or undefined for anything else. Integers beyond 2^53 stay digit strings instead of being rounded. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value = parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined
  } catch {
    return undefined
  }
}
