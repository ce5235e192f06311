/**
 * Masking tells the runner to hide a value in the log; redaction removes it from the text we
 * write ourselves (error lines, the step summary, debug lines, the command line's terminal), which
 * must be clean even where no runner is there to mask it, such as a local run.
 *
 * A service that quotes a credential back need not quote it as it was sent: it may upper-case it,
 * break it over lines, or echo the HTTP Basic header, base64 of `id:secret`, in which the secret
 * sits at any of base64's three offsets. Redaction finds a value in all of those forms.
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
// From this length on, a value is also found in other letter case and across white space: shorter
// ones only as they are, so that a short value cannot match words of ordinary text.
const LOOSE_LENGTH = 8
const SPACE = /\s/

/** A form of a value, searched for in the text with its white space taken out. */
interface Needle {
  text: string
  /** Found in any letter case (a value), or only as it is (base64, where case is meaning). */
  anyCase: boolean
}

export function createRedactor(setSecret: (value: string) => void): Redactor {
  const exact = new Set<string>()
  const loose = new Map<string, Needle>()
  // Rebuilt when a value is masked, not on every line redacted.
  let exactLongestFirst: string[] = []

  function mask(value: string): void {
    const trimmed = value.trim()
    if (trimmed.length < MIN_LENGTH) return
    const lines = value.split(/\r?\n/).map((line) => line.trim())
    // Encoded copies are what a server echoes back when it repeats a request: every encoding the
    // action itself sends a value in (a path or query part, a form body). The runner masks each
    // value's base64 forms itself. Other letter case and white space are left to redaction: every
    // line the action writes is redacted, and a mask for each form would only add lines to the log.
    const forms = [value, trimmed, encodeURIComponent(trimmed), formEncoded(trimmed), ...lines]
    for (const candidate of forms) {
      if (candidate.trim().length < MIN_LENGTH || exact.has(candidate)) continue
      exact.add(candidate)
      setSecret(candidate)
    }
    exactLongestFirst = [...exact].sort((a, b) => b.length - a.length)
    for (const form of forms) addLoose(form, true)
    // The HTTP Basic header carries the value form-encoded (RFC 6749 §2.3.1): its base64 too.
    for (const form of new Set([trimmed, formEncoded(trimmed), encodeURIComponent(trimmed)])) {
      for (const encoded of base64Forms(form)) addLoose(encoded, false)
    }
  }

  function addLoose(form: string, anyCase: boolean): void {
    const squeezed = removeSpace(form)
    if (squeezed.length < LOOSE_LENGTH) return
    const text = anyCase ? asciiLower(squeezed) : squeezed
    const key = `${anyCase ? 'i' : 's'}:${text}`
    if (!loose.has(key)) loose.set(key, { text, anyCase })
  }

  function redact(text: string): string {
    let clean = text.replace(URL_QUERY, `$1?${REDACTED}`).replace(CREDENTIAL_PARAMS, `$1=${REDACTED}`)
    // Longest first, so a value that contains another is replaced whole.
    for (const secret of exactLongestFirst) {
      if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED)
    }
    return loose.size === 0 ? clean : redactLoose(clean, [...loose.values()])
  }

  return { mask, redact }
}

/**
 * Every place where a needle stands in the text, once its white space is taken out (and, for a
 * value, in any letter case), replaced: the span it covers in the text, white space inside included.
 */
function redactLoose(text: string, needles: Needle[]): string {
  const squeezed = removeSpace(text)
  const lower = asciiLower(squeezed)
  const found: [number, number][] = []
  for (const { text: needle, anyCase } of needles) {
    const haystack = anyCase ? lower : squeezed
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push([at, at + needle.length])
  }
  if (found.length === 0) return text
  // Where each character of the squeezed text stands in the text: built only for a text that holds a value.
  const place: number[] = []
  for (let i = 0; i < text.length; i++) if (!SPACE.test(text.charAt(i))) place.push(i)
  const spans = found.map(([start, end]): [number, number] => [place[start] ?? 0, (place[end - 1] ?? 0) + 1]).sort((a, b) => a[0] - b[0])
  let clean = ''
  let done = 0
  for (const [start, end] of spans) {
    if (start >= done) clean += `${text.slice(done, start)}${REDACTED}`
    // Overlapping spans (a value inside another's base64, say) are one.
    done = Math.max(done, end)
  }
  return clean + text.slice(done)
}

/**
 * The parts of base64 that stand for the value wherever it sits in a longer encoded string (an
 * `id:secret` header, say): at each of the three offsets a value can start at, the characters that
 * depend on its bytes alone.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length < LOOSE_LENGTH) return []
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(2)]).toString('base64')
    return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6))
  })
}

/** Lower case for ASCII letters only: every character keeps its place, so that a match maps back onto the text. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

function removeSpace(text: string): string {
  return text.replace(/\s+/g, '')
}

/** As URLSearchParams writes a value: `!'()~` percent-encoded, a space as `+`; as HTTP Basic carries a client's id and secret. */
export function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length)
}
