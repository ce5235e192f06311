import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { followRedirect, startCliWorld, stateOf, type CliWorld, type CliWorldOptions } from './cli-world.js'
import { cli } from './support.js'

type Page = Awaited<ReturnType<typeof followRedirect>>

let world: CliWorld
afterEach(() => world.close())
const start = async (provider: 'facebook' | 'linkedin' | 'x', options: CliWorldOptions = { loopback: true }): Promise<void> => {
  world = await startCliWorld(provider, options)
}

/** login, with the browser following the redirect to it once the address is out; the page the browser showed. */
async function loginThroughBrowser(
  args: string[],
  env: NodeJS.ProcessEnv,
  query?: (state: string, code: string) => string,
  typed: string[] = []
) {
  let page: Promise<Page> | undefined
  const result = await cli(
    args,
    env,
    (line) => {
      if (stateOf(line) && !page) page = followRedirect(world, line, query)
      return undefined
    },
    typed
  )
  return { ...result, page: await page }
}

const expectNoCredential = (result: { out: string; err: string; prompts: string }, extra: string[] = []): void => {
  for (const secret of [...world.credentials(), ...extra])
    for (const text of [result.out, result.err, result.prompts]) expect(text).not.toContain(secret)
}

describe.each(['facebook', 'linkedin'] as const)('login --provider %s at a loopback redirect URI', (provider) => {
  it('listens there, catches the redirect, exchanges the code at once and stores the token', async () => {
    await start(provider)
    const result = await loginThroughBrowser(world.login('--user-id-variable', 'POSTER_ID'), world.env())
    expect(result.code, result.err).toBe(EXIT.ok)
    const stored = world.stored()
    expect(world.service.isValid(stored)).toBe(true)
    const [address, ...results] = result.out.split('\n')
    expect(new URL(address ?? '').searchParams.get('redirect_uri')).toBe(world.service.redirectUri)
    expect(results).toEqual([
      `${world.secretName} created in octo-org/blog`,
      'POSTER_ID created in octo-org/blog',
      provider === 'facebook'
        ? 'Facebook id 103455271248220; Facebook gave the token no expiry'
        : expect.stringMatching(/^LinkedIn id yGj4xL2mTq; token expires \d{4}-\d\d-\d\dT[\d:]+Z$/)
    ])
    expect(result.err.split('\n')).toEqual([
      `Open this address in a browser and approve: login listens at ${world.service.redirectUri} for the redirect that follows, for 5 minutes. If the browser runs on another machine, paste here the address it ends on.`,
      'Obtained the token to keep by exchanging the authorization-code.'
    ])
    expect(result.page).toEqual({ status: 200, text: expect.stringMatching(/^Authorized\./), type: 'text/plain; charset=utf-8' })
    expect(result.prompts).toBe('')
    expectNoCredential(result, [stored])
    // It listens no more.
    await expect(fetch(world.service.redirectUri)).rejects.toThrow()
  })

  it('a redirect with another state is turned away, said, and the wait goes on for the right one', async () => {
    await start(provider)
    let pages: Promise<Page[]> | undefined
    const result = await cli(world.login(), world.env(), (line) => {
      const state = stateOf(line)
      if (state && !pages) {
        pages = (async () => [
          await followRedirect(world, line, (_state, code) => `code=${code}&state=forged`),
          await followRedirect(world, line)
        ])()
      }
      return undefined
    })
    expect(result.code).toBe(EXIT.ok)
    expect((await pages)?.map((page) => page.status)).toEqual([400, 200])
    expect(result.err).toContain(
      "A request to the redirect URI was turned away: its 'state' is not this login's (another login's, or a forged redirect); still waiting."
    )
    expect(world.service.isValid(world.stored())).toBe(true)
  })

  it("the service's refusal at the redirect (the user declined) ends the wait (1): its words, nothing sent", async () => {
    await start(provider)
    const result = await loginThroughBrowser(
      world.login(),
      world.env(),
      (state) => `error=user_cancelled_login&error_description=The+member+declined+\u001b[31mred&state=${state}`
    )
    expect(result.code).toBe(EXIT.failed)
    const label = provider === 'facebook' ? 'Facebook' : 'LinkedIn'
    expect(result.err.split('\n').at(-1)).toBe(
      `${label} did not authorize: it answered user_cancelled_login (The member declined red). Nothing was sent; run login again to authorize.`
    )
    expect(world.service.server.requests).toEqual([])
    expect(world.github.server.requests).toEqual([])
  })

  it('a paste is taken too while it listens (a browser on another machine), and checked as every paste is', async () => {
    await start(provider)
    const reply = (state: string): string => `${world.service.redirectUri}?code=${world.service.issueCode()}&state=${state}`
    const result = await cli(world.login(), world.env(), (line) => {
      const state = stateOf(line)
      return state ? [reply(state)] : undefined
    })
    expect(result.code, result.err).toBe(EXIT.ok)
    expect(world.service.isValid(world.stored())).toBe(true)
    await expect(fetch(world.service.redirectUri)).rejects.toThrow()

    const forged = await cli(world.login(), world.env(), (line) => (stateOf(line) ? [reply('forged')] : undefined))
    expect(forged.code).toBe(EXIT.usage)
    expect(forged.err).toMatch(/another 'state' than this login's/)
  })

  it('no redirect within the time allowed: said, exit 1, nothing sent; the listener closed', async () => {
    await start(provider)
    const result = await cli(world.login(), world.env({ THREADS_TOKEN_KEEPER_TIME_SCALE: '0.0005' }))
    expect(result.code).toBe(EXIT.failed)
    expect(result.err.split('\n').at(-1)).toBe(
      'No redirect came within 5 minutes, and nothing was pasted: nothing was sent. Run login again to authorize.'
    )
    expect([world.service.server.requests, world.github.server.requests]).toEqual([[], []])
    await expect(fetch(world.service.redirectUri)).rejects.toThrow()
  })

  describe('its port in use', () => {
    let blocker: Server
    afterEach(() => new Promise<void>((resolve) => blocker.close(() => resolve())))

    it('is said before the address is printed (1); nothing is sent', async () => {
      await start(provider)
      blocker = createServer()
      const { port, hostname } = new URL(world.service.redirectUri)
      await new Promise<void>((resolve) => blocker.listen(Number(port), hostname, resolve))
      const result = await cli(world.login(), world.env())
      expect(result.code).toBe(EXIT.failed)
      expect(result.out).toBe('')
      expect(result.err).toMatch(new RegExp(`^Port ${port} of 127\\.0\\.0\\.1 is in use by another program`))
      expect([world.service.server.requests, world.github.server.requests]).toEqual([[], []])
    })
  })

  it('the app secret is asked for before the address: nothing is asked once the user has approved', async () => {
    await start(provider)
    const { GH_ENTERPRISE_TOKEN } = world.env()
    const result = await loginThroughBrowser(world.login(), { GH_ENTERPRISE_TOKEN }, undefined, [world.service.appSecret])
    expect(result.code, result.err).toBe(EXIT.ok)
    expect(result.prompts).toBe(`${provider === 'facebook' ? 'Facebook' : 'LinkedIn'} App Secret (${world.secretEnv}): \n`)
    expect(world.service.isValid(world.stored())).toBe(true)

    const empty = await cli(world.login(), { GH_ENTERPRISE_TOKEN }, undefined, [''])
    expect(empty.code).toBe(EXIT.usage)
    expect(empty.out).toBe('')
    expect(empty.err).toBe(`No app secret: set ${world.secretEnv}, or type it at the prompt.`)
  })
})

describe('login --provider linkedin at an https redirect URI: the paste', () => {
  it('stores the token from the pasted address, and for a partner app the refresh token beside it', async () => {
    await start('linkedin', { loopback: false, linkedin: { grantsRefreshTokens: true } })
    const result = await cli(world.login(), world.env(), (line) => {
      const state = stateOf(line)
      return state ? [`${world.service.redirectUri}?code=${world.service.issueCode()}&state=${state}`] : undefined
    })
    expect(result.code, result.err).toBe(EXIT.ok)
    expect(result.err.split('\n')[0]).toBe('Open this address in a browser, approve, then paste the address you are sent to:')
    const refreshToken = world.stored('LINKEDIN_REFRESH_TOKEN')
    expect(world.linkedin?.state(refreshToken)).toBe('active')
    expect(world.service.isValid(world.stored())).toBe(true)
    // The refresh token first: where it rotates, it is the one credential that must never be lost.
    expect(result.out.split('\n').slice(1)).toEqual([
      'LINKEDIN_REFRESH_TOKEN created in octo-org/blog',
      'LINKEDIN_ACCESS_TOKEN created in octo-org/blog',
      expect.stringMatching(/^LinkedIn id yGj4xL2mTq; token expires \S+; refresh token expires \S+$/)
    ])
    expectNoCredential(result, [refreshToken, world.stored()])

    const status = await cli(world.status(), { GH_ENTERPRISE_TOKEN: world.githubToken })
    expect(status.code).toBe(EXIT.ok)
    expect(status.out).toMatch(
      /^LINKEDIN_ACCESS_TOKEN in octo-org\/blog: present, last written \S+\nLINKEDIN_REFRESH_TOKEN in octo-org\/blog: present, last written \S+$/
    )
  })
})

describe('login --provider facebook: which Page', () => {
  const pages = [
    { id: '111', name: 'Ferret Blog', category: 'Blogger', tasks: ['CREATE_CONTENT', 'MANAGE'] },
    { id: '222', name: 'Ferret Shop', category: 'Shop', tasks: ['CREATE_CONTENT'] }
  ]

  it('several Pages and no --page-id: the Pages listed, and the flag to set (1); the one given is kept', async () => {
    await start('facebook', { loopback: true, facebook: { pages } })
    const several = await loginThroughBrowser(world.login(), world.env())
    expect(several.code).toBe(EXIT.failed)
    expect(several.err).toMatch(/the account manages several Pages: Ferret Blog \(111\), Ferret Shop \(222\).*Set '--page-id' to the id/)
    expect(world.stored()).toBe('')

    const chosen = await loginThroughBrowser(world.login('--page-id', '222', '--user-id-variable', 'FACEBOOK_PAGE_ID'), world.env())
    expect(chosen.code, chosen.err).toBe(EXIT.ok)
    expect(world.facebook?.token(world.stored())).toMatchObject({ kind: 'page', pageId: '222' })
    expect(world.github.variable(world.repository, 'FACEBOOK_PAGE_ID')).toBe('222')
  })
})

describe('login --provider x: PKCE, at the loopback redirect X requires', () => {
  it('the address carries the S256 challenge of the verifier the exchange sends: X takes the code, and the refresh token is stored', async () => {
    await start('x')
    const result = await loginThroughBrowser(world.login(), world.env())
    const address = result.out.split('\n')[0] ?? ''
    expect(result.code, result.err).toBe(EXIT.ok)
    const params = new URL(address).searchParams
    expect([params.get('code_challenge_method'), params.get('code_challenge')]).toEqual(['S256', expect.stringMatching(/^[\w-]{43}$/)])
    const refreshToken = world.stored('X_REFRESH_TOKEN')
    expect(world.x?.state(refreshToken)).toBe('active')
    expect(result.out.split('\n').slice(1)).toEqual([
      'X_REFRESH_TOKEN created in octo-org/blog',
      expect.stringMatching(/^X user @fernferret \(id 1612345678901234567\); token expires \S+Z$/)
    ])
    expect(world.x?.server.calls('POST /2/oauth2/token')).toHaveLength(1)
    expectNoCredential(result, [refreshToken])
  })

  it('a public client has no secret: the prompt takes an empty line', async () => {
    await start('x', { loopback: true, x: { clientType: 'public' } })
    const { GH_ENTERPRISE_TOKEN } = world.env()
    const result = await loginThroughBrowser(world.login(), { GH_ENTERPRISE_TOKEN }, undefined, [''])
    expect(result.code, result.err).toBe(EXIT.ok)
    expect(result.prompts).toBe('X App Secret (X_APP_SECRET; empty for a public client): \n')
    expect(world.x?.state(world.stored('X_REFRESH_TOKEN'))).toBe('active')
  })
})

describe('login and url for a provider without an authorize page', () => {
  it.each([['login', '--repo', 'o/r'], ['url']])(
    '%s --provider oauth2 says where its refresh token comes from instead (2); nothing is sent',
    async (command, ...extra) => {
      world = await startCliWorld('facebook')
      const result = await cli([
        command,
        '--provider',
        'oauth2',
        '--app-id',
        'client',
        '--redirect-uri',
        'https://example.org/cb',
        ...extra
      ])
      expect(result.code).toBe(EXIT.usage)
      expect(result.out).toBe('')
      expect(result.err).toMatch(/^OAuth 2\.0 has no authorize page the command line knows \(--provider oauth2\): authorize at the service/)
    }
  )
})

it('url --provider x refuses (2): a code from its address is bound by PKCE to a verifier only login holds', async () => {
  world = await startCliWorld('x')
  const result = await cli(['url', '--provider', 'x', '--app-id', world.service.appId, '--redirect-uri', world.service.redirectUri])
  expect(result).toMatchObject({ code: EXIT.usage, out: '' })
  expect(result.err).toBe(
    'X binds each code to the login that asked for it (PKCE), so an address from url would give a code nothing can redeem: ' +
      'run `threads-token-keeper login --provider x`, which listens for the redirect and stores the refresh token.'
  )
})
