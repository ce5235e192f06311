/**
 * How the failure issue says to start over, by the provider's way: a code from the browser given
 * to a manual run (Threads, LinkedIn), or where no such code can serve (X's are bound to the login
 * that asked for them by PKCE; any OAuth 2.0 service has no authorize page the action knows), the
 * login command alone, or the provider's own words.
 */
import { describe, expect, it } from 'vitest'
import { failureBody, secretLabel, withNamesLabelled, type RunContext } from '../src/github/issue-texts.js'
import { readInputs } from '../src/setup/inputs.js'

const NOW = new Date('2026-12-05T12:00:00Z')
const LOGIN =
  "npx github:threads-token-keeper/threads-token-keeper login --provider x --app-id <your-app-id> --redirect-uri 'http://127.0.0.1:8765/callback' --repo 'octo-org/blog'"

/** The run context readInputs makes of a refresh-token run of `provider`, in octo-org/blog. */
function contextOf(provider: string, extra: Record<string, string> = {}): RunContext {
  const inputs: Record<string, string> = { provider, 'refresh-token': 'r'.repeat(40), 'github-token': 'ghp_example123', ...extra }
  return readInputs((name) => inputs[name] ?? '', { GITHUB_REPOSITORY: 'octo-org/blog', GITHUB_WORKFLOW: 'Keep tokens' }).upkeep.context
}
const steps = (context: RunContext): string => failureBody(context, 'What failed.', undefined, false, NOW)

describe('the failure issue: how to start over', () => {
  it('X, its app known: the login command alone, no code for a manual run, the typed client id left out', () => {
    const context = contextOf('x', { 'app-id': 'TypedClientId77', 'redirect-uri': 'http://127.0.0.1:8765/callback' })
    expect(context.loginCommand).toBe(LOGIN)
    const body = steps(context)
    expect(body).toContain(
      `**If it must be authorized again:**\nFrom a terminal, in one command that opens the browser and stores the new tokens:\n\n\`\`\`sh\n${LOGIN}\n\`\`\``
    )
    expect(body).not.toMatch(/Run this workflow by hand|Copy the `code`|oauth2\/authorize|TypedClientId77/)
  })

  it('X without its redirect URI (a scheduled run needs none): its own words, login --provider x', () => {
    const body = steps(contextOf('x', { 'app-id': 'abc' }))
    expect(body).toContain(
      "**If it must be authorized again:**\nAuthorize again from a terminal with the command line's login --provider x, which stores the new refresh token (X's codes live 30 seconds, too short for a manual run)."
    )
    expect(body).not.toMatch(/Run this workflow by hand/)
  })

  it('any OAuth 2.0 service: at the service, its refresh token stored where the workflow reads it', () => {
    const context = contextOf('oauth2', {
      'app-id': 'abc',
      'token-url': 'https://auth.example.com/token',
      'refresh-token-secret': 'SVC_RT'
    })
    expect(steps(context)).toContain(
      '**If it must be authorized again:**\nAuthorize again at the service, and store the refresh token it gives in the secret refresh-token-secret names.'
    )
  })

  it('LinkedIn: a code from the browser given to a manual run, or the login command; its typed client id in neither', () => {
    const context = contextOf('linkedin', { 'app-id': 'TypedClientId77', 'app-secret': 's', 'redirect-uri': 'https://example.org/cb' })
    expect(context.authorizeAgain).toBeUndefined()
    const body = steps(context)
    expect(body).toContain('1. Open the authorize URL (docs/linkedin.md: "The first token") in a browser signed in to the LinkedIn account')
    expect(body).toContain('--app-id <your-app-id>')
    expect(body).not.toContain('TypedClientId77')
    expect(body).toContain('3. Run this workflow by hand (Actions → Keep tokens → Run workflow)')
    expect(body).toContain('login --provider linkedin')
  })
})

describe("the failure issue's account: no name the user typed", () => {
  it('tells a typed secret or variable name by its fingerprint, and a default name as it is', () => {
    const account =
      'Writing secret MY_PAGE_TOKEN to octo-org/blog failed (HTTP 403). Variable PAGE_EXPIRES of octo-org/blog was not written (the secret MY_PAGE_TOKEN is not affected). THREAD_ACCESS_TOKEN is kept.'
    const told = withNamesLabelled(account, [
      { name: 'MY_PAGE_TOKEN', defaultName: 'FACEBOOK_PAGE_TOKEN' },
      { name: 'PAGE_EXPIRES' },
      { name: 'THREAD_ACCESS_TOKEN', defaultName: 'THREAD_ACCESS_TOKEN' },
      { name: undefined }
    ])
    const fingerprint = secretLabel('MY_PAGE_TOKEN', undefined).slice('secret '.length)
    expect(told).toBe(
      `Writing secret (name ${fingerprint}) to octo-org/blog failed (HTTP 403). Variable (name ${secretLabel('PAGE_EXPIRES', undefined).slice(7)}) of octo-org/blog was not written (the secret (name ${fingerprint}) is not affected). THREAD_ACCESS_TOKEN is kept.`
    )
    expect(fingerprint).toMatch(/^[0-9a-f]{8}$/)
  })

  it('leaves a name that is only part of a longer word alone', () => {
    expect(withNamesLabelled('MY_TOKEN_2 and MY_TOKEN', [{ name: 'MY_TOKEN' }])).toBe(
      `MY_TOKEN_2 and (name ${secretLabel('MY_TOKEN', undefined).slice(7)})`
    )
  })
})
