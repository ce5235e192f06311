import { isSafeNumber, parse } from 'lossless-json'

export type JsonObject = Record<string, unknown>

/**
 * Where a number could hold more than 15 significant digits: a value (after `:`, `,` or `[`) that
 * starts with a run of 16 digits and dots. Anything shorter is exact as a double, so the native parser
 * reads it; lossless-json walks the text character by character in JavaScript, which costs ~2 ms a
 * run on a cold start for a few token replies. Ids sent as strings ("id": "1784...") need neither.
 */
const MAYBE_UNSAFE_NUMBER = /[:,[]\s*-?[\d.]{16}/

/** A JSON object, or undefined for anything else. Integers beyond 2^53 stay digit strings instead of being rounded. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = MAYBE_UNSAFE_NUMBER.test(text)
      ? parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits))
      : JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined
  } catch {
    return undefined
  }
}
