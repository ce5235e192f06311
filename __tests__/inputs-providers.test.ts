/**
 * readInputs by each provider's rules (Facebook, LinkedIn, X, any OAuth 2.0 service): the credentials
 * each takes, the inputs only one provider uses, the token endpoint's rules, and every way to start
 * named where none was given. Each problem names its input, before any request.
 */
import { describe, expect, it } from 'vitest'
import { readAuthorization, readInputs } from '../src/setup/inputs.js'
import { describeProblem } from '../src/shared/errors.js'

type Given = Record<string, string>
type Name = 'facebook' | 'linkedin' | 'x' | 'oauth2'

const GITHUB: Given = { 'github-token': 'ghp_example123', repository: 'octo-org/blog' }
/** A valid scheduled run of each provider; each case overrides what it is about ('' removes an input). */
const BASES: Record<Name, Given> = {
  facebook: { provider: 'facebook', 'long-lived-token': 'EAABpage123', 'app-id': '2468013579246801', 'app-secret': 'fbsecret99' },
  linkedin: { provider: 'linkedin', 'long-lived-token': 'AQVaccess123', 'app-id': 'abc123xyz', 'app-secret': 'lisecret99' },
  x: { provider: 'x', 'refresh-token': 'xrefresh123', 'app-id': 'Q2xpZW50SWQ', 'redirect-uri': 'http://127.0.0.1:8765/callback' },
  oauth2: {
    provider: 'oauth2',
    'refresh-token': 'rt-123456',
    'app-id': 'client-1',
    'app-secret': 'cs-99',
    'token-url': 'https://auth.example.com/oauth/token',
    'refresh-token-secret': 'SERVICE_REFRESH_TOKEN'
  }
}

function reading(provider: Name, given: Given, options?: { credential: boolean }) {
  const inputs: Given = { ...GITHUB, ...BASES[provider], ...given }
  return readInputs((name) => inputs[name] ?? '', {}, options)
}

const problemsOf = (provider: Name, given: Given): string[] => reading(provider, given).problems.map(describeProblem)

describe('each provider refuses what it does not take, naming the input and the fix', () => {
  it.each<[Name, Given, string]>([
    ['oauth2', { 'token-url': '' }, "Input 'token-url' is required for provider oauth2: the service's token endpoint"],
    ['oauth2', { 'token-url': 'auth.example.com/token' }, "Input 'token-url' is not a URL: give the token endpoint"],
    [
      'oauth2',
      { 'token-url': 'http://auth.example.com/token' },
      "Input 'token-url' must use https:// (plain http:// is accepted only for localhost)."
    ],
    [
      'oauth2',
      { 'token-url': 'https://me:pw@auth.example.com/token' },
      "Input 'token-url' must be the endpoint alone, without credentials or fragment."
    ],
    [
      'oauth2',
      { 'token-url': 'https://auth.example.com/token#top' },
      "Input 'token-url' must be the endpoint alone, without credentials or fragment."
    ],
    ['oauth2', { 'client-auth': 'private-key-jwt' }, "Input 'client-auth' must be client-secret-basic or client-secret-post."],
    [
      'oauth2',
      { 'refresh-token-secret': '' },
      "Input 'refresh-token-secret' is required for this provider: the secret the refresh token is read from"
    ],
    [
      'oauth2',
      { 'authorization-code': 'CODE1' },
      "Input 'authorization-code' is not taken for OAuth 2.0: give the refresh-token the service gave, with its token-url."
    ],
    [
      'oauth2',
      { 'long-lived-token': 'AT1' },
      "Input 'long-lived-token' is not taken for OAuth 2.0: OAuth 2.0's access tokens live too short to keep: keep its refresh-token."
    ],
    [
      'x',
      { 'long-lived-token': 'AT1' },
      "Input 'long-lived-token' is not taken for X: X's access tokens live too short to keep: keep its refresh-token."
    ],
    ['x', { 'short-lived-token': 'ST1' }, "Input 'short-lived-token' is not taken for X: X gives no such token."],
    [
      'x',
      { 'authorization-code': 'CODE1' },
      "Input 'authorization-code' is not taken for X: its codes are bound to the login that asked for them (PKCE)"
    ],
    // A code that cannot be redeemed asks for nothing a redemption would need.
    ['x', { 'authorization-code': 'CODE1', 'redirect-uri': '' }, "Input 'authorization-code' is not taken for X: its codes are bound"],
    ['x', { 'token-url': 'https://api.x.com/2/oauth2/token' }, "Input 'token-url' is only for provider oauth2, not x."],
    ['x', { scope: 'tweet.read' }, "Input 'scope' is only for provider oauth2, not x."],
    ['x', { 'page-id': '103455271248220' }, "Input 'page-id' is only for provider facebook, not x."],
    [
      'facebook',
      { 'expires-at-variable': 'FB_EXPIRES' },
      "Input 'expires-at-variable' has nothing to keep for Facebook: its tokens never expire"
    ],
    ['facebook', { 'refresh-token': 'RT1' }, "Input 'refresh-token' is not taken for Facebook: Facebook gives no such token."],
    [
      'facebook',
      { 'refresh-token-secret': 'FB_REFRESH' },
      "Input 'refresh-token-secret' is not used for Facebook: it grants no refresh tokens."
    ],
    ['facebook', { 'page-id': 'ferrets-blog' }, "Input 'page-id' must be the Page's numeric id"],
    ['linkedin', { 'short-lived-token': 'ST1' }, "Input 'short-lived-token' is not taken for LinkedIn: LinkedIn gives no such token."],
    ['linkedin', { 'client-auth': 'client-secret-post' }, "Input 'client-auth' is only for provider oauth2, not linkedin."]
  ])('%s with %j', (provider, given, message) => {
    expect(problemsOf(provider, given)).toEqual([expect.stringContaining(message)])
    expect(problemsOf(provider, given)[0]?.startsWith(message.slice(0, 12))).toBe(true)
  })

  it.each<[Name, Given, string]>([
    [
      'facebook',
      { 'long-lived-token': '' },
      "'long-lived-token' (scheduled check), 'authorization-code' (first run) or 'short-lived-token'."
    ],
    ['linkedin', { 'long-lived-token': '' }, "'long-lived-token' (scheduled check), 'refresh-token' or 'authorization-code' (first run)."],
    ['x', { 'refresh-token': '' }, "'refresh-token' (scheduled renewal)."],
    ['oauth2', { 'refresh-token': '' }, "'refresh-token' (scheduled renewal)."]
  ])('%s with no credential: every way it starts, in its terms', (provider, given, ways) => {
    expect(problemsOf(provider, given)).toEqual([`No credential to start from: set ${ways}`])
  })
})

describe('what each provider takes', () => {
  it('oauth2: a loopback http token endpoint, its path and query kept; client-secret-basic by default; the scope where given', () => {
    const url = 'http://127.0.0.1:8080/realms/blog/token?tenant=ferret'
    expect(reading('oauth2', { 'token-url': url }).settings?.providerSettings).toMatchObject({
      tokenUrl: url,
      clientAuth: 'client-secret-basic'
    })
    expect(reading('oauth2', { 'client-auth': 'client-secret-post', scope: 'read' }).settings?.providerSettings).toMatchObject({
      clientAuth: 'client-secret-post',
      scope: 'read'
    })
    expect(reading('oauth2', {}).settings?.providerSettings).not.toHaveProperty('scope')
  })

  it('oauth2: a command that sends no credential (status) does without the token endpoint', () => {
    const { settings } = reading('oauth2', { 'token-url': '', 'refresh-token': '' }, { credential: false })
    expect(settings?.providerSettings).not.toHaveProperty('tokenUrl')
    expect(settings?.request.refreshTokenSecret).toBe('SERVICE_REFRESH_TOKEN')
  })

  it('x: a code with the verifier of the login that asked for it', () => {
    const { settings } = reading('x', { 'authorization-code': 'CODE1', 'code-verifier': 'v'.repeat(43), 'app-secret': '' })
    expect(settings?.request.credential).toEqual({ flow: 'authorization-code', code: 'CODE1', codeVerifier: 'v'.repeat(43) })
    expect(settings?.request.refreshTokenSecret).toBe('X_REFRESH_TOKEN')
  })

  it('facebook: the Page named by its id', () => {
    expect(reading('facebook', { 'page-id': '103455271248220' }).settings?.providerSettings.pageId).toBe('103455271248220')
  })

  it('linkedin: a long-lived token is checked, a refresh token redeemed', () => {
    expect(reading('linkedin', {}).settings?.request.credential).toEqual({ flow: 'check', token: 'AQVaccess123' })
    expect(reading('linkedin', { 'refresh-token': 'AQXrefresh1' }).settings?.request.credential).toEqual({
      flow: 'refresh-token',
      refreshToken: 'AQXrefresh1'
    })
  })
})

describe('readAuthorization', () => {
  const authorization = (given: Given) => readAuthorization((name) => given[name] ?? '')

  it('any OAuth 2.0 service: no authorize page is known, said before a trip to the browser', () => {
    expect(
      authorization({ provider: 'oauth2', 'app-id': 'client-1', 'redirect-uri': 'https://example.org/cb' }).problems.map(describeProblem)
    ).toEqual(["Input 'provider' has no authorize page the action knows: authorize at the service, then give its refresh-token."])
  })

  it('x: its app and loopback redirect', () => {
    const { authorization: read } = authorization({ provider: 'x', 'app-id': 'Q2xpZW50SWQ', 'redirect-uri': 'http://127.0.0.1:8765/cb' })
    expect(read).toMatchObject({ provider: { name: 'x' }, appId: 'Q2xpZW50SWQ', redirectUri: 'http://127.0.0.1:8765/cb' })
  })
})
