import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createRedactor } from '../src/shared/redaction.js'

function setup() {
  const setSecret = vi.fn<(value: string) => void>()
  return { setSecret, ...createRedactor(setSecret) }
}

describe('mask', () => {
  it.each<[string, string[]]>([
    ['tok12345', ['tok12345']],
    ['  tok/en+1==\n', ['  tok/en+1==\n', 'tok/en+1==', 'tok%2Fen%2B1%3D%3D']],
    ['first-line\nsecond-line', ['first-line\nsecond-line', 'first-line%0Asecond-line', 'first-line', 'second-line']],
    ['aaaa\r\n  bbbb ', ['aaaa\r\n  bbbb ', 'aaaa\r\n  bbbb', 'aaaa%0D%0A%20%20bbbb', 'aaaa%0D%0A++bbbb', 'aaaa', 'bbbb']],
    // URLSearchParams (a form body, a query) encodes what encodeURIComponent leaves alone.
    ["sec!ret'(x)~", ["sec!ret'(x)~", 'sec%21ret%27%28x%29%7E']],
    ['ab\ncdef', ['ab\ncdef', 'ab%0Acdef', 'cdef']],
    ['abc', []],
    ['', []]
  ])('mask(%j) hands setSecret each distinct form of at least 4 characters, once', (value, expected) => {
    const { setSecret, mask } = setup()
    mask(value)
    expect(setSecret.mock.calls.map(([v]) => v)).toEqual(expected)
  })

  it('never hands the same value twice, across calls', () => {
    const { setSecret, mask } = setup()
    mask('tok12345')
    mask('tok12345')
    mask(' tok12345 ')
    expect(setSecret.mock.calls.map(([v]) => v)).toEqual(['tok12345', ' tok12345 '])
  })

  it('keeps each redactor to itself', () => {
    const one = setup()
    const two = setup()
    one.mask('tok12345')
    two.mask('tok12345')
    expect(two.setSecret).toHaveBeenCalledOnce()
    expect(two.redact('a tok12345')).toBe('a ***')
    expect(setup().redact('a tok12345')).toBe('a tok12345')
  })

  // A value that is white space only, or under 4 characters once trimmed, is not masked with its padding.
  it.each(['    ', ' ab ', '\n\n\n\n'])('masks nothing for %j, under 4 characters once trimmed', (value) => {
    const { setSecret, mask, redact } = setup()
    mask(value)
    expect(setSecret).not.toHaveBeenCalled()
    expect(redact(`a${value}b`)).toBe(`a${value}b`)
  })
})

describe('redact: masked values', () => {
  it('replaces every occurrence of a masked value', () => {
    const { mask, redact } = setup()
    mask('tok12345')
    expect(redact('Bearer tok12345 failed; tok12345tok12345')).toBe('Bearer *** failed; ******')
  })

  it.each([
    ['abcd', 'abcdefgh'],
    ['abcdefgh', 'abcd']
  ])('replaces the longest value first (masked %j then %j)', (first, second) => {
    const { mask, redact } = setup()
    mask(first)
    mask(second)
    expect(redact('x abcdefgh y abcd z')).toBe('x *** y *** z')
  })

  it('removes the URL-encoded copy and each line of a masked value', () => {
    const { mask, redact } = setup()
    mask('a/b+c=d')
    mask('line-one\nline-two')
    expect(redact('echo a%2Fb%2Bc%3Dd / a/b+c=d')).toBe('echo *** / ***')
    expect(redact('saw line-two then line-one')).toBe('saw *** then ***')
  })

  it('leaves values under 4 characters alone', () => {
    const { mask, redact } = setup()
    mask('abc')
    expect(redact('abc abcabc')).toBe('abc abcabc')
  })

  it('leaves text without secrets untouched', () => {
    const { mask, redact } = setup()
    mask('tok12345')
    const text = 'Threads refused the refresh (HTTP 400, code 190/463): Session has expired. See https://example.org/docs.'
    expect(redact(text)).toBe(text)
  })

  it('never lets a masked value through, wherever it sits in the text', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9_.~%/+=-]{4,24}$/)
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(fc.string(), value)), (secrets, parts) => {
        const { mask, redact } = setup()
        for (const secret of secrets) mask(secret)
        const clean = redact(parts.join(''))
        for (const secret of secrets) expect(clean).not.toContain(secret)
      }),
      { numRuns: 300 }
    )
  })
})

describe('redact: URLs and credential parameters', () => {
  it.each([
    [
      'GET https://graph.threads.net/access_token?grant_type=x&client_secret=S failed',
      'GET https://graph.threads.net/access_token?*** failed'
    ],
    [
      '"https://graph.threads.net/refresh_access_token?grant_type=th_refresh_token&access_token=T"',
      '"https://graph.threads.net/refresh_access_token?***"'
    ],
    ['at http://127.0.0.1:8080/v1.0/me?fields=id&access_token=T#frag.', 'at http://127.0.0.1:8080/v1.0/me?***'],
    ["url='HTTPS://HOST/p?q=1' next", "url='HTTPS://HOST/p?***' next"],
    ['a https://h/one?x=1 and https://h/two?y=2', 'a https://h/one?*** and https://h/two?***'],
    ['no query: https://graph.threads.net/v1.0/me', 'no query: https://graph.threads.net/v1.0/me']
  ])('%j -> %j', (text, expected) => {
    expect(setup().redact(text)).toBe(expected)
  })

  it.each([
    ['access_token=EAAB123&x=1', 'access_token=***&x=1'],
    ['client_secret=abc123 was wrong', 'client_secret=*** was wrong'],
    ['code=AQB123#_', 'code=***#_'],
    ['input_token=T1 access_token=T2', 'input_token=*** access_token=***'],
    ['fb_exchange_token=F1', 'fb_exchange_token=***'],
    ['ACCESS_TOKEN=EAAB123', 'ACCESS_TOKEN=***'],
    ['body "code=AQB123"', 'body "code=***"'],
    [
      'client_id=123&client_secret=s3cr3t&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fx.org%2Fcb&code=AQB123',
      'client_id=123&client_secret=***&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fx.org%2Fcb&code=***'
    ]
  ])('%j -> %j', (text, expected) => {
    expect(setup().redact(text)).toBe(expected)
  })

  it.each(['error_code=100', 'subcode=463', 'grant_type=th_exchange_token', 'user_id=1784140000', 'access_token: none'])(
    'leaves %j alone',
    (text) => {
      expect(setup().redact(text)).toBe(text)
    }
  )
})

describe('redact: a value echoed back in another form', () => {
  const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90' // an app secret: 32 hex digits
  const TOKEN = 'THAAJzR4cmVfa2VlcGVyX3Rlc3Q0VG9rZW4xMjM'

  it.each([
    ['upper-cased', (s: string) => s.toUpperCase()],
    ['lower-cased', (s: string) => s.toLowerCase()],
    ['split by a line break', (s: string) => `${s.slice(0, 10)}\n${s.slice(10)}`],
    ['split by CR LF and indented', (s: string) => `${s.slice(0, 7)}\r\n    ${s.slice(7)}`],
    ['with spaces between its characters', (s: string) => [...s].join(' ')],
    ['upper-cased and wrapped', (s: string) => `${s.slice(0, 16).toUpperCase()}\t${s.slice(16).toUpperCase()}`]
  ])('%s: gone, the words around it kept', (_case, change) => {
    const { mask, redact } = setup()
    mask(SECRET)
    mask(TOKEN)
    for (const value of [SECRET, TOKEN])
      expect(redact(`Invalid client secret ${change(value)} for app 42.`)).toBe('Invalid client secret *** for app 42.')
  })

  /** A text as base64. */
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')

  it.each(['', 'x', 'xy', '1234567890:', 'client_id:', 'ab:'])(
    'inside base64 of %j + the value + more: none of its part left',
    (prefix) => {
      const { mask, redact } = setup()
      mask(SECRET)
      const encoded = b64(`${prefix}${SECRET}&more`)
      const clean = redact(`Authorization: Basic ${encoded} was refused`)
      expect(clean).toMatch(/^Authorization: Basic .*\*\*\*.* was refused$/)
      // The characters that stand for the secret's bytes alone: not a run of six of them is left.
      const offset = Buffer.byteLength(prefix)
      const part = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + SECRET.length)) / 6))
      for (let i = 0; i + 6 <= part.length; i++) expect(clean).not.toContain(part.slice(i, i + 6))
    }
  )

  it.each([0, 1, 2])('the HTTP Basic header of id:secret, with the id %i bytes past a multiple of three', (extra) => {
    const { mask, redact } = setup()
    mask(SECRET)
    const id = '123456789'.slice(0, 6 + extra)
    const basic = b64(`${id}:${SECRET}`)
    const clean = redact(`401 for Basic ${basic}`)
    expect(clean).toContain('***')
    expect(clean).not.toContain(basic.slice(8, 40))
  })

  // RFC 6749 §2.3.1: the client's id and secret are form-encoded before they are joined and encoded.
  it.each(["s3cr+t/with'(odd)~chars!", 'secret with spaces and ~tilde~'])(
    'the HTTP Basic header of a secret with characters form-encoding changes (%j)',
    (secret) => {
      const { mask, redact } = setup()
      mask(secret)
      const form = new URLSearchParams({ v: secret }).toString().slice(2)
      expect(form).not.toBe(secret)
      const basic = b64(`client-id:${form}`)
      const clean = redact(`401 for Basic ${basic}`)
      expect(clean).toContain('***')
      expect(clean).not.toContain(basic.slice(16, 32))
    }
  )

  it('base64 split over lines, as MIME wraps it', () => {
    const { mask, redact } = setup()
    mask(SECRET)
    const encoded = b64(`user:${SECRET}`)
    expect(redact(`got ${encoded.slice(0, 20)}\n${encoded.slice(20)} back`)).toMatch(/\*\*\*/)
  })

  it('base64 matches only in its own case: an upper-cased base64 form is no echo', () => {
    const { mask, redact } = setup()
    mask(SECRET)
    const text = `id ${b64(SECRET).toUpperCase()}`
    expect(redact(text)).toBe(text)
  })

  it('a short value (under 8 characters) is found only as it is: ordinary words around it stay', () => {
    const { mask, redact } = setup()
    mask('pass')
    mask('Se cret')
    const text = 'Pass the PASS word; se cret and SE CRET stay, but not pass.'
    expect(redact(text)).toBe('Pass the PASS word; se cret and SE CRET stay, but not ***.')
  })

  it('ordinary text is left as it is, however many values are masked', () => {
    const { mask, redact } = setup()
    for (const value of [SECRET, TOKEN, 'github_pat_11AAAAstandinxxxxxxxxxxxxxxxxxxxx', 'ghs_workflowstandinyyyyyyyyyyyyyyyyyyyy'])
      mask(value)
    const text =
      'Threads refused the refresh (HTTP 400, code 190/463): Error validating access token: Session has expired on Wednesday, ' +
      '10-Dec-25 20:00:00 PST. The token can no longer be used (expired, revoked, or the account password changed).'
    expect(redact(text)).toBe(text)
  })

  it('never lets a masked value through, in any case, split anywhere by white space, or as base64 at any offset', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9_.~/+=-]{8,40}$/)
    const space = fc.constantFrom(' ', '\n', '\r\n', '\t', '  ')
    fc.assert(
      fc.property(
        value,
        fc.nat(),
        space,
        fc.string({ maxLength: 5 }),
        fc.string(),
        fc.string(),
        (secret, cut, gap, prefix, before, after) => {
          const { mask, redact } = setup()
          mask(secret)
          const at = 1 + (cut % (secret.length - 1))
          const split = `${secret.slice(0, at)}${gap}${secret.slice(at)}`
          const clean = redact(`${before}${split.toUpperCase()} ${split} ${b64(`${prefix}${secret}`)}${after}`)
          expect(clean.replace(/\s+/g, '').toLowerCase()).not.toContain(secret.toLowerCase())
          expect(clean).not.toContain(b64(secret).slice(4, -4))
        }
      ),
      { numRuns: 300 }
    )
  })
})
