/**
 * Facebook Page tokens on the bundle, against the Facebook Graph and GitHub stand-ins: the bootstrap
 * to the Page token, the scheduled check, the unannounced deaths and what the user is told of them,
 * the hand-back of a token obtained but not stored, and a leak scan of every run.
 */
import { describe, expect, it } from 'vitest'
import { FULL_TASKS, type FacebookStandIn } from '../../stand-ins/facebook-api.js'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import { DAY, errors, expectMaskedFirst, providerWorldsEach, runProviderStep, runtimes, sealedIn, storeCommandsIn } from '../support.js'

const SECRET = 'FACEBOOK_ACCESS_TOKEN'
const PAGE_VAR = 'FACEBOOK_PAGE_ID'
const TITLE = 'Facebook token renewal needs attention (FACEBOOK_ACCESS_TOKEN)'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const RECIPES = { id: '104000000000042', name: 'Ferret Recipes', category: 'Food', tasks: FULL_TASKS }

describe.each(runtimes())('Facebook Page, the bundled action under %s', (_runtime, node) => {
  const start = providerWorldsEach('facebook')
  const run = (w: ProviderWorld<'facebook'>, inputs: Record<string, string>) => runProviderStep(w, node, inputs)
  const pageOf = (fb: FacebookStandIn, index = 0): string => fb.pages[index]?.id ?? ''

  /** The stored secret opens to a live Page token of `pageId` without expiry, the one the step output. */
  function expectStoredPageToken(w: ProviderWorld<'facebook'>, outputs: Record<string, string>, pageId: string): string {
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(stored).toBe(outputs['access-token'])
    expect(w.service.token(stored)).toMatchObject({ kind: 'page', pageId, expiresAt: undefined })
    expect(w.service.isValid(stored)).toBe(true)
    return stored
  }

  describe('bootstrap', () => {
    it('by code: the Page token stored, the Page id kept, no expiry, the day data access ends', async () => {
      const w = await start()
      const code = w.service.issueCode()
      const result = await run(w, { 'authorization-code': code, 'user-id-variable': PAGE_VAR })
      expect(result.exitCode).toBe(0)
      const token = expectStoredPageToken(w, result.outputs, pageOf(w.service))
      expect(result.outputs).toMatchObject({ flow: 'authorization-code', 'secret-name': SECRET, 'user-id': pageOf(w.service) })
      expect(result.outputs['expires-at']).toBeUndefined()
      expect(result.outputs['expires-in']).toBeUndefined()
      const dataAccess = Date.parse(result.outputs['data-access-expires-at'] ?? '')
      expect(Math.abs(dataAccess - (Date.now() + 90 * DAY))).toBeLessThan(60_000)
      expect(w.github.variable(w.repository, PAGE_VAR)).toBe(pageOf(w.service))
      expectMaskedFirst(result, [code, token, w.service.appSecret, w.service.appToken, w.githubToken])
    })

    it('by short-lived-token (a Graph API Explorer user token): the Page token stored', async () => {
      const w = await start()
      const result = await run(w, { 'short-lived-token': w.service.issueUserToken('short-lived'), 'user-id-variable': PAGE_VAR })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.flow).toBe('short-lived-token')
      expectStoredPageToken(w, result.outputs, pageOf(w.service))
      expect(w.service.server.calls('GET /:version/oauth/access_token')).toHaveLength(1)
    })

    it('several Pages without page-id: the error lists them and names page-id; nothing stored', async () => {
      const w = await start({ pages: [{ id: '103455271248220', name: "Ferret's Blog", category: 'Blogger', tasks: FULL_TASKS }, RECIPES] })
      const result = await run(w, { 'authorization-code': w.service.issueCode(), 'user-id-variable': PAGE_VAR })
      expect(result.exitCode).toBe(1)
      expect(errors(result)).toEqual([
        expect.stringMatching(
          /^Facebook refused the page lookup \(.*\): the account manages several Pages: Ferret's Blog \(103455271248220\), Ferret Recipes \(104000000000042\)\. Set 'page-id' to the id of the one to keep\. The authorization code was used/
        )
      ])
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.variable(w.repository, PAGE_VAR)).toBeUndefined()
    })

    it('with page-id: that Page’s token, and its id', async () => {
      const w = await start({ pages: [{ ...RECIPES, id: '103455271248220', name: 'First' }, RECIPES] })
      const result = await run(w, { 'authorization-code': w.service.issueCode(), 'page-id': RECIPES.id, 'user-id-variable': PAGE_VAR })
      expect(result.exitCode).toBe(0)
      expectStoredPageToken(w, result.outputs, RECIPES.id)
      expect(w.github.variable(w.repository, PAGE_VAR)).toBe(RECIPES.id)
    })

    it('the hand-back: the write refused after the code was spent, the token sealed in the log with the command that stores it', async () => {
      const w = await start({}, { secrets: 'read', variables: 'write' })
      const result = await run(w, { 'authorization-code': w.service.issueCode(), 'user-id-variable': PAGE_VAR })
      expect(result.exitCode).toBe(1)
      expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
      const [command, ...more] = storeCommandsIn(result)
      expect(more).toEqual([])
      expect(command).toMatch(new RegExp(`^gh api --hostname \\S+ --method PUT /repos/${w.repository}/actions/secrets/${SECRET} `))
      const handedBack = w.github.open(sealedIn(command ?? ''))
      expect(w.service.token(handedBack)).toMatchObject({ kind: 'page', pageId: pageOf(w.service) })
      expect(w.service.isValid(handedBack)).toBe(true)
      expect(errors(result)).toEqual([
        expect.stringMatching(/The new token is not lost: it is printed with this run's outcome, sealed for octo-org\/blog/)
      ])
      expect(result.summary).toContain('Token obtained but not stored everywhere')
    })
  })

  describe('the scheduled check', () => {
    const schedule = (w: ProviderWorld<'facebook'>, token: string): Record<string, string> => ({
      'long-lived-token': token,
      'failure-issue': 'true',
      'user-id-variable': PAGE_VAR
    })

    it('alive and fit: flow checked, no secret written, and the open failure issue closed', async () => {
      const w = await start()
      const issue = w.github.addIssue(w.repository, { title: TITLE, body: 'An earlier failure.' })
      const result = await run(w, schedule(w, w.service.issuePageToken(pageOf(w.service), 'long-lived', 30 * DAY, 30 * DAY)))
      expect(result.exitCode).toBe(0)
      expect(result.outputs.flow).toBe('checked')
      expect(result.outputs['access-token']).toBeUndefined()
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.service.server.calls('GET /:version/debug_token')).toHaveLength(1)
      expect(result.stdout).toContain('Facebook says the token is alive and fit for its use: nothing to renew.')
      expect(result.stdout).toContain(`Secret: ${SECRET} in ${w.repository} (checked, not written: nothing renews it)`)
      expect(issue.state).toBe('closed')
      expect(issue.comments.at(-1)?.body).toMatch(
        /^Checked: the stored token is alive and fit for use in https:\/\/github\.com\/.*\/actions\/runs\/4242\. Closing\.$/
      )
    })

    it('a dry run checks too, and changes nothing: the issue stays open', async () => {
      const w = await start()
      const issue = w.github.addIssue(w.repository, { title: TITLE })
      const result = await run(w, { ...schedule(w, w.service.issuePageToken(pageOf(w.service))), 'dry-run': 'true' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.flow).toBe('checked')
      expect(result.summary).toContain('dry run')
      expect(w.service.server.calls('GET /:version/debug_token')).toHaveLength(1)
      expect(w.github.server.calls('GET /repos/:owner/:repo/actions/secrets/public-key')).toHaveLength(1)
      expect(w.github.server.requests.filter((request) => request.method !== 'GET')).toEqual([])
      expect(issue.state).toBe('open')
    })

    it.each<[string, (fb: FacebookStandIn) => void, RegExp, string]>([
      ['the password changed', (fb) => fb.changePassword(), /user changed their password/, '190/460'],
      ['the app removed', (fb) => fb.removeApp(), /has not authorized application/, '190/458']
    ])('%s: a failed run, Meta’s words in the log, the issue in the action’s own with the way back', async (_case, kill, words, codes) => {
      const w = await start()
      const token = w.service.issuePageToken(pageOf(w.service))
      kill(w.service)
      const result = await run(w, schedule(w, token))
      expect(result.exitCode).toBe(1)
      const [line] = errors(result)
      expect(line).toMatch(`Facebook refused the token check (HTTP 200, code ${codes}): Error validating access token: `)
      expect(line).toMatch(words)
      expect(line).toMatch(
        /The token can no longer be used \(invalidated: a password change, a lost Page role, the app removed, or the app idle for 90 days\)/
      )
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      const [issue, ...others] = w.github.issues(w.repository)
      expect(others).toEqual([])
      expect(issue?.title).toBe(TITLE)
      expect(issue?.body).toContain(`Facebook refused the token check (HTTP 200, code ${codes}). The token can no longer be used`)
      expect(issue?.body).not.toMatch(words)
      expect(issue?.body).not.toMatch(/Error validating|changed their password|not authorized application/)
      expect(issue?.body).toContain(`https://www.facebook.com/v25.0/dialog/oauth?client_id=${w.service.appId}&redirect_uri=`)
      expect(issue?.body).toContain(
        `npx github:threads-token-keeper/threads-token-keeper login --provider facebook --app-id '${w.service.appId}' --redirect-uri '${w.service.redirectUri}' --repo '${w.repository}'`
      )
      expect(issue?.body).not.toMatch(/Threads/)
    })

    it('a wrong app-secret: the run says to fix the input, not to authorize again', async () => {
      const w = await start()
      const result = await run(w, { ...schedule(w, w.service.issuePageToken(pageOf(w.service))), 'app-secret': 'f'.repeat(32) })
      expect(result.exitCode).toBe(1)
      const [line] = errors(result)
      expect(line).toMatch(
        /^Facebook refused the token inspection \(HTTP 400, code 100\): .*\. Check 'app-secret': it must be the App Secret/
      )
      const [issue] = w.github.issues(w.repository)
      expect(issue?.body).toContain(
        "Facebook refused the token inspection (HTTP 400, code 100). Check 'app-secret': it must be the App Secret of that app (App settings > Basic)."
      )
    })
  })
})
