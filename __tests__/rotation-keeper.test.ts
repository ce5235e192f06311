/**
 * keepToken with a rotating refresh token (X), wired by connect() as the action wires it, against the
 * X and GitHub stand-ins: written back first, handed back where GitHub refuses it (and no advice to
 * run again before it is stored), another run's rotation told from evidence, a dead grant without it,
 * a dry run that checks the secret the real run needs, and a refresh X may have acted on unanswered.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { accountOfFailure, describeFailure } from '../src/core/outcome.js'
import { ServiceError, UnreadSecretError } from '../src/shared/errors.js'
import { explain } from '../src/shared/explain.js'
import type { ProviderWorld } from '../stand-ins/provider-world.js'
import { keepOn } from './provider-keeper.js'
import { PUT_SECRET, providerWorldsEach, sealedIn, settle } from './support.js'

const SECRET = 'X_REFRESH_TOKEN'
const TOKEN = 'POST /2/oauth2/token'
const start = providerWorldsEach('x')

/** keepToken on `w` with its inputs plus `extra`; `runAskedAt` as the action gives it (this run's creation, where known). */
const keep = (w: ProviderWorld<'x'>, extra: Record<string, string>, runAskedAt?: string) => keepOn(w, extra, { runAskedAt })

/** A refresh token X issued, stored beforehand as `login` stores it. */
function stored(w: ProviderWorld<'x'>): string {
  const refreshToken = w.service.issueTokens().refreshToken ?? ''
  w.github.seedSecret(w.repository, SECRET, refreshToken)
  return refreshToken
}

describe('a rotating refresh token, kept', () => {
  it('redeemed after the preflight, the new one written back; the access token is no secret of its own', async () => {
    const w = await start()
    const first = stored(w)
    const outcome = await keep(w, { 'refresh-token': first }).outcome
    expect(outcome).toMatchObject({ flow: 'refresh', failures: [], humanNeeded: false })
    expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'updated' }])
    expect(w.service.state(w.github.openSecret(w.repository, SECRET) ?? '')).toBe('active')
    expect(w.service.state(first)).toBe('spent')
  })

  it('its write refused: handed back sealed, a human called, and no cause advises running again first', async () => {
    const w = await start()
    w.github.server.fault(PUT_SECRET, { status: 502, times: Infinity })
    const outcome = await keep(w, { 'refresh-token': stored(w) }).outcome
    expect(outcome.humanNeeded).toBe(true)
    const [command] = outcome.storeByHand.map((hand) => hand.command)
    expect(w.service.state(w.github.open(sealedIn(command ?? '')))).toBe('active')
    const [failure] = outcome.failures
    expect(failure?.rerunHarms).toBe(true)
    for (const told of [describeFailure(failure ?? { humanNeeded: true }), accountOfFailure(failure ?? { humanNeeded: true })]) {
      expect(told).toMatch(/GitHub did not answer usefully after several tries\. The new refresh token is not lost: /)
      expect(told).not.toMatch(/again later/)
    }
  })

  it('refused, the secret written since this run began: another run rotated it, a skip', async () => {
    const w = await start()
    const first = stored(w)
    const began = new Date(Date.now() - 60_000).toISOString()
    await keep(w, { 'refresh-token': first }).outcome
    const { outcome, info } = keep(w, { 'refresh-token': first }, began)
    expect(await outcome).toMatchObject({
      flow: 'skipped',
      skipReason: expect.stringMatching(/^another run rotated the refresh token at /)
    })
    expect(info.at(-1)).toMatch(
      /^The refresh token was refused, but X_REFRESH_TOKEN was written at \S+, after this run began: another run redeemed it/
    )
  })

  it('refused, the secret written before this run began: a dead grant, told with login --provider x', async () => {
    const w = await start()
    const first = stored(w)
    await keep(w, { 'refresh-token': first }).outcome
    const error = await settle(keep(w, { 'refresh-token': first }, new Date(Date.now() + 60_000).toISOString()).outcome)
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ reason: 'dead-grant' })
    expect(explain(error)).toContain('login --provider x')
  })

  it.each([
    [
      'no secret-name',
      {},
      'X gave no refresh token, and the token itself is not kept: nothing was stored, so the next run would have nothing to start from. Authorize again, asking for offline access (the scope that grants a refresh token).'
    ],
    [
      'the access token kept with secret-name',
      { 'secret-name': 'X_ACCESS_TOKEN' },
      'X gave no refresh token, and its token lasts only hours: nothing that lasts was kept, so the next run would have nothing to start from. Authorize again, asking for offline access (the scope that grants a refresh token).'
    ]
  ])('a code granted without offline.access, %s: nothing that lasts, so the run fails and calls a human', async (_case, extra, told) => {
    const w = await start()
    const verifier = 'v'.repeat(43)
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const code = w.service.issueCode(challenge, { scope: ['tweet.read', 'users.read'] })
    const outcome = await keep(w, { 'authorization-code': code, 'code-verifier': verifier, ...extra }).outcome
    expect(outcome.accessToken).toBeDefined()
    expect(outcome.humanNeeded).toBe(true)
    expect(outcome.failures.map((failure) => describeFailure(failure))).toEqual([told])
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
  })

  it('refused, and GitHub cannot say when the secret was written: no evidence of another run, so a dead grant, not a skip', async () => {
    const w = await start()
    const first = stored(w)
    await keep(w, { 'refresh-token': first }).outcome
    w.service.server.fault(TOKEN, { delayMs: 100 })
    const { outcome } = keep(w, { 'refresh-token': first }, new Date(Date.now() - 60_000).toISOString())
    // The preflight has read the secret; from the refusal on, GitHub answers nothing usable about it.
    await expect.poll(() => w.service.server.calls(TOKEN).length).toBe(2)
    w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/:name', { status: 500, times: Infinity })
    const error = await settle(outcome)
    expect(error).toMatchObject({ reason: 'dead-grant' })
    expect(explain(error)).toContain('login --provider x')
  })

  it('a dry run refuses a refresh token whose secret does not exist, as the real run would; nothing sent', async () => {
    const w = await start()
    const error = await settle(keep(w, { 'refresh-token': w.service.issueTokens().refreshToken ?? '', 'dry-run': 'true' }).outcome)
    expect(error).toBeInstanceOf(UnreadSecretError)
    expect(w.service.server.requests).toEqual([])
  })

  it('a refresh answered with a server error: not sent again, and told that X may have spent it', async () => {
    const w = await start()
    w.service.server.fault(TOKEN, { status: 502 })
    const error = await settle(keep(w, { 'refresh-token': stored(w) }).outcome)
    expect(w.service.server.calls(TOKEN)).toHaveLength(1)
    expect(error).toMatchObject({ transient: true, unanswered: true })
    expect(explain(error)).toMatch(/X may have acted on the refresh without a usable answer, so it was not sent again: /)
  })

  it('a refresh refused for rate (429): surely not acted on, so tried again, and redeemed', async () => {
    const w = await start()
    w.service.server.fault(TOKEN, { status: 429, headers: { 'retry-after': '0' } })
    const outcome = await keep(w, { 'refresh-token': stored(w) }).outcome
    expect(outcome.flow).toBe('refresh')
    expect(w.service.server.calls(TOKEN)).toHaveLength(2)
  })
})
