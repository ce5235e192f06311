/**
 * A service's refusal, read in one place from whichever shape it came in: the services this project
 * speaks to answer errors four ways, and every caller needs the same few facts from each.
 *
 * - Meta's Graph API: `{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}`
 * - Instagram's code endpoint, flat: `{"error_type": "OAuthException", "code": 400, "error_message": "..."}`
 * - RFC 6749 §5.2 (LinkedIn's and X's OAuth hosts): `{"error": "invalid_grant", "error_description": "..."}`
 * - LinkedIn's API: `{"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401}`
 */
import type { JsonObject } from './json.js'

export interface Refusal {
  /** The service's own words; undefined where it gave none. Outside text: made inert where it is shown. */
  message: string | undefined
  /** A numeric code: Graph's `code`, Instagram's flat `code`, LinkedIn's `serviceErrorCode`. */
  code: number | undefined
  subcode: number | undefined
  /** A code in words: RFC 6749's `error` ('invalid_grant'), or the flat shape's `error_type`. */
  error: string | undefined
  /** The service says another try may succeed (Graph's `is_transient`), whatever its code or status. */
  transient: boolean
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined)
/** RFC 6749's error codes are printable ASCII without quotes or backslashes; anything else is no code. */
const errorCode = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : undefined

/** The refusal a reply body holds, or undefined where it holds none of the known shapes. */
export function readRefusal(body: JsonObject | undefined): Refusal | undefined {
  if (!body) return undefined
  const { error } = body
  if (error !== null && typeof error === 'object' && !Array.isArray(error)) {
    const graph = error as JsonObject
    return {
      message: text(graph.message) ?? text(graph.error_user_msg),
      code: integer(graph.code),
      subcode: integer(graph.error_subcode),
      error: undefined,
      transient: graph.is_transient === true
    }
  }
  if (typeof error === 'string') {
    return { message: text(body.error_description), code: undefined, subcode: undefined, error: errorCode(error), transient: false }
  }
  if (text(body.error_message) !== undefined || text(body.error_type) !== undefined) {
    return {
      message: text(body.error_message),
      code: integer(body.code),
      subcode: undefined,
      error: errorCode(body.error_type),
      transient: false
    }
  }
  if (integer(body.serviceErrorCode) !== undefined) {
    return { message: text(body.message), code: integer(body.serviceErrorCode), subcode: undefined, error: undefined, transient: false }
  }
  return undefined
}
