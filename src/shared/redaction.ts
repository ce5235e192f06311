/**
 * Masking tells the runner to hide a value in the log; redaction removes it from the text we
 * write ourselves (error lines, the step summary, debug lines), which must be clean even where
 * no runner is there to mask it, such as a local run.
 */
export interface Redactor {
  /** Hide a credential from now on: in the runner's log and in every redacted text. */
  mask: (value: string) => void
  redact: (text: string) => string
}

const REDACTED = '***'
// Parameters that carry credentials in Graph URLs and form bodies.
const CREDENTIAL_PARAMS = /\b(access_token|client_secret|code|input_token|fb_exchange_token)=[^&\s"'#]+/gi
// A URL's query string, wherever it appears in a message.
const URL_QUERY = /(https?:\/\/[^\s?#"'<>]+)\?[^\s"'<>]*/gi
// Values shorter than this would turn ordinary words into asterisks; no real credential is that short.
const MIN_LENGTH = 4

export function createRedactor(setSecret: (value: string) => void): Redactor {
  const known = new Set<string>()

  function mask(value: string): void {
    const trimmed = value.trim()
    if (trimmed.length < MIN_LENGTH) return
    const lines = value.split(/\r?\n/).map((line) => line.trim())
    // Encoded copies are what a server echoes back when it repeats a request: every encoding the
    // action itself sends a value in (a path or query part, a form body).
    for (const candidate of [value, trimmed, encodeURIComponent(trimmed), formEncoded(trimmed), ...lines]) {
      if (candidate.trim().length < MIN_LENGTH || known.has(candidate)) continue
      known.add(candidate)
      setSecret(candidate)
    }
  }

  function redact(text: string): string {
    let clean = text.replace(URL_QUERY, `$1?${REDACTED}`).replace(CREDENTIAL_PARAMS, `$1=${REDACTED}`)
    // Longest first, so a value that contains another is replaced whole.
    for (const secret of [...known].sort((a, b) => b.length - a.length)) {
      clean = clean.split(secret).join(REDACTED)
    }
    return clean
  }

  return { mask, redact }
}

/** As URLSearchParams writes a value: `!'()~` percent-encoded, a space as `+`. */
function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length)
}
