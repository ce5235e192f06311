/**
 * How the failure issue says to start over, by the provider's way: a code from the browser given
 * to a manual run (Threads, LinkedIn), or where no such code can serve (X's are bound to the login
 * that asked for them by PKCE; any OAuth 2.0 service has no authorize page the action knows), the
 * login command alone, or the provider's own words.
 */
import { describe, expect, it } from 'vitest'
import { failureBody, type RunContext } from '../src/github/issue-texts.js'
import { readInputs } from '../src/setup/inputs.js'

const NOW = new Date('2026-12-05T12:00:00Z')
const LOGIN =
  "npx github:threads-token-keeper/threads-token-keeper login --provider x --app-id 'abc' --redirect-uri 'http://127.0.0.1:8765/callback' --repo 'octo-org/blog'"

/** The run context readInputs makes of a refresh-token run of `provider`, in octo-org/blog. */
function contextOf(provider: string, extra: Record<string, string> = {}): RunContext {
  const inputs: Record<string, string> = { provider, 'refresh-token': 'r'.repeat(40), 'github-token': 'ghp_example123', ...extra }
  return readInputs((name) => inputs[name] ?? '', { GITHUB_REPOSITORY: 'octo-org/blog', GITHUB_WORKFLOW: 'Keep tokens' }).upkeep.context
}
const steps = (context: RunContext): string => failureBody(context, 'What failed.', undefined, false, NOW)

describe('the failure issue: how to start over', () => {
  it('X, its app known: the login command alone, no code for a manual run', () => {
    const context = contextOf('x', { 'app-id': 'abc', 'redirect-uri': 'http://127.0.0.1:8765/callback' })
    expect(context.loginCommand).toBe(LOGIN)
    const body = steps(context)
    expect(body).toContain(
      `**If it must be authorized again:**\nFrom a terminal, in one command that opens the browser and stores the new tokens:\n\n\`\`\`sh\n${LOGIN}\n\`\`\``
    )
    expect(body).not.toMatch(/Run this workflow by hand|Copy the `code`|oauth2\/authorize/)
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

  it('LinkedIn: a code from the browser given to a manual run, or the login command', () => {
    const context = contextOf('linkedin', { 'app-id': 'abc', 'app-secret': 's', 'redirect-uri': 'https://example.org/cb' })
    expect(context.authorizeAgain).toBeUndefined()
    const body = steps(context)
    expect(body).toMatch(/1\. Open https:\/\/www\.linkedin\.com\/oauth\/v2\/authorization\?/)
    expect(body).toContain('3. Run this workflow by hand (Actions → Keep tokens → Run workflow)')
    expect(body).toContain('login --provider linkedin')
  })
})
