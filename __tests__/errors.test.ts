import { describe, expect, it } from 'vitest'
import {
  CancelledError,
  GitHubError,
  ProxySettingError,
  ServiceError,
  TransportError,
  type ServiceErrorOptions
} from '../src/shared/errors.js'
import type { Provider } from '../src/services/provider.js'
import { instagram } from '../src/services/providers/instagram.js'
import { threads } from '../src/services/providers/threads.js'
import { account, explain, needsHuman, type Terms } from '../src/shared/explain.js'

/** A refusal as the Threads (or Instagram) provider makes it: judged by Meta's rules, in its words. */
function judged(provider: Provider) {
  return (options: Omit<ServiceErrorOptions, 'service'>): ServiceError => {
    const refusal = { message: options.apiMessage, code: options.code, subcode: options.subcode, error: options.error, transient: false }
    const { reason } = provider.judge(refusal, options.operation)
    return new ServiceError({ service: provider.label, reason, words: provider.words, ...options })
  }
}
const threadsError = judged(threads)
const instagramError = judged(instagram)

const BOOTSTRAP = /authorize again in a browser.*'authorization-code'.*Bootstrap from a manual run/

describe('explain: Threads', () => {
  it.each<[string, ServiceError, RegExp[]]>([
    [
      'an expired token (190) on refresh',
      threadsError({
        operation: 'refresh',
        status: 400,
        apiMessage: 'Error validating access token: Session has expired.',
        code: 190,
        subcode: 463
      }),
      [
        /^Threads refused the refresh \(HTTP 400, code 190\/463\): Error validating access token: Session has expired\./,
        /can no longer be used/,
        BOOTSTRAP
      ]
    ],
    [
      '190 on the long-lived exchange, without subcode',
      threadsError({
        operation: 'long-lived exchange',
        status: 400,
        apiMessage: 'Invalid OAuth access token.',
        code: 190
      }),
      [/\(HTTP 400, code 190\): Invalid OAuth access token\./, BOOTSTRAP]
    ],
    [
      'a redirect mismatch',
      threadsError({
        operation: 'code exchange',
        status: 400,
        apiMessage:
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        code: 100
      }),
      [/redirect_uri is identical/, /'redirect-uri' must match the redirect URI registered .* exactly, trailing slash included/]
    ],
    [
      'a wrong client secret',
      threadsError({
        operation: 'code exchange',
        status: 400,
        apiMessage: 'Error validating client secret.',
        code: 1
      }),
      [/Error validating client secret\./, /Check 'app-secret'.*not the Facebook app secret/]
    ],
    [
      'a wrong app secret on the long-lived exchange',
      threadsError({ operation: 'long-lived exchange', status: 400, apiMessage: 'Invalid App Secret', code: 100 }),
      [/Check 'app-secret'/]
    ],
    [
      'a wrong app id in the code exchange',
      threadsError({ operation: 'code exchange', status: 400, apiMessage: 'Invalid application ID', code: 101 }),
      [/Invalid application ID/, /Check 'app-id'.*not the Facebook App ID/]
    ],
    [
      'any other code-exchange refusal',
      threadsError({
        operation: 'code exchange',
        status: 400,
        apiMessage: 'This authorization code has been used.',
        code: 100,
        subcode: 36009
      }),
      [/\(HTTP 400, code 100\/36009\): This authorization code has been used\./, /works once and for one hour/, /get a fresh code/]
    ],
    [
      'any other long-lived exchange refusal',
      threadsError({ operation: 'long-lived exchange', status: 400, apiMessage: 'Unsupported request', code: 100 }),
      [/short-lived token lives one hour/, /'authorization-code'/]
    ],
    [
      'any other refresh refusal',
      threadsError({ operation: 'refresh', status: 400, apiMessage: 'Unsupported request', code: 100 }),
      [/could not be refreshed/, BOOTSTRAP]
    ],
    [
      'a profile lookup refusal',
      threadsError({ operation: 'profile lookup', status: 403, apiMessage: 'Permissions error', code: 10 }),
      [/^Threads refused the profile lookup \(HTTP 403, code 10\): Permissions error/, /threads_basic/]
    ],
    [
      'a fault that outlasted every retry',
      threadsError({ operation: 'refresh', apiMessage: 'no reply in time', transient: true }),
      [/^Threads refused the refresh \(no usable reply\): no reply in time/, /nothing was changed\. Run the workflow again later\./]
    ],
    [
      'a rate limit (code 4) that outlasted every retry',
      threadsError({
        operation: 'refresh',
        status: 429,
        apiMessage: 'Application request limit reached',
        code: 4,
        transient: true
      }),
      [/\(HTTP 429, code 4\): Application request limit reached/, /Run the workflow again later/]
    ]
  ])('%s', (_, error, expected) => {
    const line = explain(error)
    expect(line).not.toContain('\n')
    expect(line).toContain(error.apiMessage.replace(/\.$/, ''))
    for (const pattern of expected) expect(line).toMatch(pattern)
  })

  it('puts "transient" above every other remedy', () => {
    const line = explain(
      threadsError({
        operation: 'refresh',
        status: 500,
        apiMessage: 'redirect client secret',
        code: 190,
        subcode: 463,
        transient: true
      })
    )
    expect(line).toMatch(/Run the workflow again later/)
    expect(line).not.toMatch(/'redirect-uri'|'app-secret'|authorize again/)
  })

  it('puts 190 above message matching', () => {
    expect(
      explain(
        threadsError({
          operation: 'code exchange',
          status: 400,
          apiMessage: 'redirect_uri and client secret',
          code: 190
        })
      )
    ).toMatch(BOOTSTRAP)
  })

  it('gives the app-id remedy only for the code exchange', () => {
    expect(explain(threadsError({ operation: 'refresh', status: 400, apiMessage: 'Invalid application', code: 100 }))).not.toMatch(
      /'app-id'/
    )
  })

  it('never mentions a bootstrap where a plain retry fixes it', () => {
    expect(
      explain(
        threadsError({
          operation: 'code exchange',
          status: 503,
          apiMessage: 'Service unavailable',
          code: 2,
          transient: true
        })
      )
    ).not.toMatch(/authorize again/)
  })
})

describe('a spent code (the long-lived exchange failed after the code exchange)', () => {
  const spent = (error: ServiceError): ServiceError => new ServiceError({ ...error, codeSpent: true })
  const FRESH_CODE =
    /The authorization code was used, .*Get a fresh code and run again \(README: "Bootstrap from a manual run"\); nothing was stored\.$/

  it('is not marked by default', () => {
    expect(threadsError({ operation: 'long-lived exchange', status: 400, apiMessage: 'Unsupported request', code: 100 }).codeSpent).toBe(
      false
    )
  })

  it.each<[string, ServiceError]>([
    ['a refusal', threadsError({ operation: 'long-lived exchange', status: 400, apiMessage: 'Unsupported request', code: 100 })],
    ['a fault that outlasted every retry', threadsError({ operation: 'long-lived exchange', apiMessage: 'HTTP 500', transient: true })],
    [
      'an invalid token (190)',
      threadsError({
        operation: 'long-lived exchange',
        status: 400,
        apiMessage: 'Invalid OAuth access token.',
        code: 190
      })
    ],
    [
      'a wrong app secret',
      instagramError({
        operation: 'long-lived exchange',
        status: 400,
        apiMessage: 'Error validating client secret.',
        code: 101
      })
    ]
  ])('%s: explain asks for a fresh code, above every other remedy', (_case, error) => {
    const before = explain(error)
    const line = explain(spent(error))
    expect(before).not.toMatch(FRESH_CODE)
    expect(line).toMatch(FRESH_CODE)
    expect(line).toContain(error.apiMessage.replace(/\.$/, ''))
    expect(line).not.toMatch(/Run the workflow again later|Check 'app-secret'|authorize again in a browser/)
  })

  it('waits for a human even when the fault itself was transient', () => {
    const error = new ServiceError({
      service: 'Threads',
      operation: 'long-lived exchange',
      apiMessage: 'no reply in time',
      transient: true
    })
    expect(needsHuman(error)).toBe(false)
    expect(needsHuman(spent(error))).toBe(true)
  })
})

describe('needsHuman', () => {
  it.each<[string, unknown, boolean]>([
    ['a Graph refusal', threadsError({ operation: 'refresh', status: 400, apiMessage: 'm', code: 100 }), true],
    ['a transient Graph fault', threadsError({ operation: 'refresh', apiMessage: 'm', transient: true }), false],
    ['a GitHub refusal', new GitHubError({ operation: 'write the secret', status: 403, apiMessage: 'm', target: 't' }), true],
    [
      'a transient GitHub fault',
      new GitHubError({ operation: 'write the secret', status: 502, apiMessage: 'm', target: 't', transient: true }),
      false
    ],
    ['anything else', new Error('boom'), false]
  ])('%s: %s', (_case, error, expected) => {
    expect(needsHuman(error)).toBe(expected)
  })
})

describe('explain: GitHub', () => {
  const target = 'octocat/hello-world (environment prod)'

  it.each<[string, GitHubError, RegExp[], RegExp[]]>([
    [
      '401',
      new GitHubError({ operation: 'write the secret', status: 401, apiMessage: 'Bad credentials', target: target }),
      [/^GitHub refused to write the secret \(HTTP 401\): Bad credentials/, /'github-token' was refused as invalid or expired/],
      []
    ],
    [
      '403 with x-accepted-github-permissions',
      new GitHubError({
        operation: 'read the public key',
        status: 403,
        apiMessage: 'Resource not accessible by personal access token',
        target: target,
        acceptedPermissions: 'secrets=read'
      }),
      [
        /\(HTTP 403\): Resource not accessible by personal access token/,
        /GitHub says it needs: secrets=read\./,
        /may not do this on octocat\/hello-world \(environment prod\)/,
        /GITHUB_TOKEN can(not| never) write secrets/
      ],
      []
    ],
    [
      '403 without accepted permissions',
      new GitHubError({ operation: 'write the secret', status: 403, apiMessage: 'Resource not accessible by integration', target: target }),
      [/'Secrets: read and write'/, /GITHUB_TOKEN can(not| never) write secrets/],
      [/needs:/]
    ],
    [
      '404',
      new GitHubError({ operation: 'read the public key', status: 404, apiMessage: 'Not Found', target: target }),
      [/\(HTTP 404\): Not Found/, /octocat\/hello-world \(environment prod\) was not found/, /'repository' and 'environment'/],
      [/GITHUB_TOKEN/]
    ],
    [
      '422',
      new GitHubError({ operation: 'write the variable', status: 422, apiMessage: 'Invalid name', target: target }),
      [/\(HTTP 422\): Invalid name/, /'secret-name'/],
      []
    ],
    [
      '409, no specific remedy',
      new GitHubError({ operation: 'create the variable', status: 409, apiMessage: 'Already exists', target: target }),
      [/\(HTTP 409\): Already exists/, /nothing else was changed/],
      [/again later/]
    ],
    ...[500, 502, 503, 429].map((status): [string, GitHubError, RegExp[], RegExp[]] => [
      `transient ${status}`,
      new GitHubError({ operation: 'write the secret', status: status, apiMessage: 'Server Error', target: target, transient: true }),
      [new RegExp(`\\(HTTP ${status}\\): Server Error`), /Run the workflow again later/],
      [/'github-token'/]
    ]),
    [
      'no reply at all',
      new GitHubError({ operation: 'write the secret', apiMessage: 'network error (ECONNRESET)', target: target, transient: true }),
      [/\(no usable reply\): network error \(ECONNRESET\)/, /Run the workflow again later/],
      []
    ]
  ])('%s', (_, error, expected, unexpected) => {
    const line = explain(error)
    expect(line).not.toContain('\n')
    expect(line).toContain(error.apiMessage.replace(/\.$/, ''))
    for (const pattern of expected) expect(line).toMatch(pattern)
    for (const pattern of unexpected) expect(line).not.toMatch(pattern)
  })

  // The one rule (shared/transient.ts) judges; the error keeps what it was told.
  it.each([undefined, true, false])('keeps the transient flag it is given: %s', (transient) => {
    const error = new GitHubError({
      operation: 'op',
      status: 503,
      apiMessage: 'm',
      target: 't',
      ...(transient === undefined ? {} : { transient })
    })
    expect(error.transient).toBe(transient ?? false)
  })
})

describe('explain: anything else', () => {
  it.each<[unknown, string]>([
    [new Error('boom'), 'Unexpected failure: boom.'],
    [new TypeError('x is not a function'), 'Unexpected failure: x is not a function.'],
    ['a string', 'Unexpected failure: a string.'],
    [undefined, 'Unexpected failure: undefined.'],
    [42, 'Unexpected failure: 42.']
  ])('%s', (error, start) => {
    const line = explain(error)
    expect(line.startsWith(start)).toBe(true)
    expect(line).toMatch(/report it/)
  })

  it('keeps the stack out', () => {
    const error = new Error('boom')
    expect(explain(error)).not.toContain(error.stack?.split('\n')[1]?.trim() ?? 'unreachable')
  })
})

describe('explain: faults found on the way (a redirect, a certificate, a proxy)', () => {
  const redirect = new TransportError('api.github.com answered HTTP 301, a redirect to /api/v3/x, which is never followed', {
    host: 'api.github.com',
    code: 'REDIRECT',
    transient: false,
    notSent: false,
    remedy: 'The base URL is likely wrong: give each API address itself.'
  })

  it('a Graph request: the fault and its remedy, nothing about tokens or apps', () => {
    const error = new ServiceError({
      service: 'Threads',
      operation: 'refresh',
      apiMessage: redirect.message,
      transient: false,
      cause: redirect
    })
    expect(explain(error)).toBe(
      `Threads refused the refresh (no usable reply): ${redirect.message}. The base URL is likely wrong: give each API address itself. Nothing was changed.`
    )
    expect(needsHuman(error)).toBe(true)
  })

  it('a GitHub request, the fault under Octokit’s own error: the remedy all the same', () => {
    const octokitError = Object.assign(new Error('wrapped'), { cause: redirect })
    const error = new GitHubError({
      operation: 'read the public key of o/r',
      target: 'o/r',
      apiMessage: redirect.message,
      cause: octokitError
    })
    expect(explain(error)).toMatch(
      /\(no usable reply\): api\.github\.com answered HTTP 301.*\. The base URL is likely wrong: give each API address itself\.$/
    )
    expect(needsHuman(error)).toBe(true)
  })

  it('a transient fault keeps the "run again later" remedy', () => {
    const dropped = new TransportError('network error with api.github.com (ECONNRESET)', {
      host: 'h',
      code: 'ECONNRESET',
      transient: true,
      notSent: false
    })
    const error = new GitHubError({
      operation: 'write the secret',
      target: 't',
      apiMessage: dropped.message,
      transient: true,
      cause: dropped
    })
    expect(explain(error)).toMatch(/Run the workflow again later\.$/)
  })

  it('an unusable proxy setting: its own words, and a human is needed', () => {
    const error = new ProxySettingError(
      "HTTPS_PROXY must be a proxy's address alone (http://HOST:PORT), without a path, query or fragment."
    )
    expect(explain(error)).toBe(error.message)
    expect(needsHuman(error)).toBe(true)
  })
})

describe('account: the action’s own words for a public issue', () => {
  it('a GitHub refusal: status and remedy, not GitHub’s message', () => {
    const error = new GitHubError({
      operation: 'write secret X to o/r',
      status: 403,
      apiMessage: 'Resource not accessible by @mallory',
      target: 'o/r'
    })
    expect(account(error)).toMatch(/^GitHub refused to write secret X to o\/r \(HTTP 403\)\. 'github-token' may not do this on o\/r\./)
    expect(account(error)).not.toContain('mallory')
  })

  it('a fault in the action’s own words keeps them', () => {
    const error = new GitHubError({
      operation: 'read the public key of o/r',
      target: 'o/r',
      apiMessage: 'the reply holds no usable public key',
      serviceWords: false
    })
    expect(account(error)).toContain(': the reply holds no usable public key.')
  })

  it.each([
    ['invalid_grant', 'code invalid_grant'],
    ['see_mallory_at_evil_example', undefined]
  ])('an error code in words (%s) is told only if it is a known one', (code, told) => {
    const error = new ServiceError({ service: 'X', operation: 'refresh', status: 400, apiMessage: 'whatever', error: code })
    expect(account(error)).toMatch(
      told ? new RegExp(`^X refused the refresh \\(HTTP 400, ${told}\\)\\.`) : /^X refused the refresh \(HTTP 400\)\./
    )
    expect(explain(error)).toContain(`code ${code}`)
  })

  it('where a redirect pointed is not repeated: it is the far side’s choice', () => {
    const redirect = new TransportError('api.x.com answered HTTP 302, a redirect to https://evil.example, which is never followed', {
      host: 'api.x.com',
      code: 'REDIRECT',
      transient: false,
      notSent: false
    })
    const error = new ServiceError({
      service: 'X',
      operation: 'refresh',
      apiMessage: redirect.message,
      serviceWords: true,
      cause: redirect
    })
    expect(account(error)).not.toContain('evil.example')
    expect(explain(error)).toContain('evil.example')
  })

  it.each<[string, unknown, string]>([
    ['an unexpected failure', new Error('secret thing from somewhere'), 'Unexpected failure. Please report it'],
    ['a cancel', new CancelledError('The run was cancelled before Threads answered.'), 'The run was cancelled before Threads answered.'],
    ['a proxy setting', new ProxySettingError('HTTPS_PROXY is not a URL.'), 'HTTPS_PROXY is not a URL.']
  ])('%s', (_case, error, start) => {
    expect(account(error).startsWith(start)).toBe(true)
    expect(account(error)).not.toContain('secret thing')
  })
})

describe('terms: each entry names its own inputs', () => {
  const terms: Terms = {
    input: (name) => `--${name}`,
    authorizeAgain: 'run login again',
    freshCode: 'run login again for a fresh code',
    bootstrapGuide: '',
    later: 'Try again later.',
    writerNote: ''
  }

  it.each<[string, Error]>([
    ['a wrong secret', threadsError({ operation: 'code exchange', status: 400, apiMessage: 'Error validating client secret.' })],
    ['a dead token', threadsError({ operation: 'refresh', status: 400, apiMessage: 'Expired', code: 190 })],
    ['a spent code', threadsError({ operation: 'long-lived exchange', status: 400, apiMessage: 'x', codeSpent: true })],
    ['a 404', new GitHubError({ operation: 'read the public key', status: 404, apiMessage: 'Not Found', target: 'o/r' })],
    ['a transient fault', new GitHubError({ operation: 'write', apiMessage: 'HTTP 502', target: 'o/r', transient: true })]
  ])('%s: no quoted input name, no workflow', (_case, error) => {
    const line = explain(error, terms)
    expect(line).not.toMatch(/'[a-z]+(-[a-z]+)+'|workflow|README/)
  })
})

describe('a code exchange that never reached the service', () => {
  it('says the code was never sent and still works, rather than that it may have been used', () => {
    const refused = new TransportError('could not connect to graph.threads.net (ECONNREFUSED)', {
      host: 'graph.threads.net',
      code: 'ECONNREFUSED',
      transient: true,
      notSent: true
    })
    const error = threadsError({
      operation: 'code exchange',
      apiMessage: refused.message,
      serviceWords: false,
      transient: true,
      cause: refused
    })
    expect(explain(error)).toMatch(
      /could not be reached, so the code was never sent: it still works while it lasts\. Run the workflow again later\.$/
    )
    expect(explain(error)).not.toMatch(/may have used the code/)
  })
})
