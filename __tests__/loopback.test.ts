import { request } from 'node:http'
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ListenError, listen, loopbackOf, type Listener, type Turned } from '../src/cli/loopback.js'
import { challengeOf, createPkce } from '../src/cli/pkce.js'
import { freePort } from './cli-world.js'

/** One request to the listener, as a browser would send it; its status, headers and page. */
function send(
  url: string,
  method = 'GET'
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method }, (reply) => {
      let text = ''
      reply.on('data', (chunk: Buffer) => (text += chunk.toString()))
      reply.on('end', () => resolve({ status: reply.statusCode ?? 0, text, headers: reply.headers }))
    })
    sent.on('error', reject)
    sent.end()
  })
}

describe('the loopback listener', () => {
  let listener: Listener | undefined
  const turned: Turned[] = []
  afterEach(() => {
    listener?.close()
    listener = undefined
    turned.length = 0
  })
  async function start(path = '/cb'): Promise<string> {
    const redirect = `http://127.0.0.1:${await freePort()}${path}`
    listener = await listen(new URL(redirect), 'the-state', (why) => turned.push(why))
    return redirect
  }

  it('catches the redirect with this state, answers a plain page that repeats nothing of it, and stops listening', async () => {
    const redirect = await start()
    const page = await send(`${redirect}?code=AQsecretcode&state=the-state#_`)
    expect(await listener?.caught).toEqual({ code: 'AQsecretcode' })
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/^Authorized\. .*you can close this tab/)
    expect(page.text).not.toMatch(/AQsecretcode|the-state|</)
    expect(page.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer'
    })
    await expect(send(`${redirect}?code=again&state=the-state`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('turns away a redirect without this state (and tells why), and keeps waiting for the right one', async () => {
    const redirect = await start()
    const forged = await send(`${redirect}?code=AQforged&state=another`)
    const bare = await send(`${redirect}?code=AQbare`)
    const empty = await send(`${redirect}?state=the-state`)
    expect([forged.status, bare.status, empty.status]).toEqual([400, 400, 400])
    expect(forged.text).toMatch(/^This is not the reply to the login waiting here\. Nothing was done with it\./)
    expect(turned).toEqual(['other-state', 'no-state', 'no-code'])
    await send(`${redirect}?code=AQright&state=the-state`)
    expect(await listener?.caught).toEqual({ code: 'AQright' })
  })

  it('answers only GET at the exact path: a favicon, another path or a POST neither end the wait nor count', async () => {
    const redirect = await start('/facebook/callback')
    const origin = new URL(redirect).origin
    expect((await send(`${origin}/favicon.ico`)).status).toBe(404)
    expect((await send(`${origin}/facebook/callback/?code=x&state=the-state`)).status).toBe(404)
    const post = await send(`${redirect}?code=x&state=the-state`, 'POST')
    expect([post.status, post.headers.allow]).toEqual([405, 'GET'])
    expect(turned).toEqual([])
    await send(`${redirect}?code=AQright&state=the-state`)
    expect(await listener?.caught).toEqual({ code: 'AQright' })
  })

  it("the service's refusal with this state ends the wait: its error and description, never the page", async () => {
    const redirect = await start()
    const page = await send(`${redirect}?error=user_cancelled_login&error_description=The+member+declined&state=the-state`)
    expect(await listener?.caught).toEqual({ error: 'user_cancelled_login', description: 'The member declined' })
    expect(page.text).toMatch(/^Authorization was not given\./)
    expect(page.text).not.toContain('declined')
  })

  describe('a port it cannot take is said before anything else happens', () => {
    let blocker: Server | undefined
    afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())))

    it('in use by another program: EADDRINUSE, with what to do', async () => {
      blocker = createServer()
      await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve))
      const { port } = blocker.address() as { port: number }
      const refused = listen(new URL(`http://127.0.0.1:${port}/cb`), 's', () => undefined)
      await expect(refused).rejects.toBeInstanceOf(ListenError)
      await expect(refused).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringMatching(
          new RegExp(`^Port ${port} of 127\\.0\\.0\\.1 is in use by another program.*register another redirect URI with a free port`)
        )
      })
    })
  })

  it('localhost: listens on 127.0.0.1 (and ::1 where the machine has IPv6), answering either', async () => {
    const port = await freePort()
    listener = await listen(new URL(`http://localhost:${port}/cb`), 'the-state', () => undefined)
    const page = await send(`http://127.0.0.1:${port}/cb?code=AQlocal&state=the-state`)
    expect(page.status).toBe(200)
    expect(await listener.caught).toEqual({ code: 'AQlocal' })
  })

  it.each<[string, boolean]>([
    ['http://127.0.0.1:8765/cb', true],
    ['http://[::1]:8765/cb', true],
    ['http://localhost:8765/cb', true],
    ['https://127.0.0.1:8765/cb', false],
    ['http://example.org/cb', false]
  ])('%s is listened at by login: %s', (uri, listened) => {
    expect(loopbackOf(uri) !== undefined).toBe(listened)
  })
})

describe('PKCE (RFC 7636, S256)', () => {
  it("the challenge is the verifier's SHA-256 in base64url: RFC 7636's own example", () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('a fresh verifier of 43 base64url characters each time, with its challenge', () => {
    const [one, two] = [createPkce(), createPkce()]
    expect(one.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(one.verifier).not.toBe(two.verifier)
    expect(one.challenge).toBe(challengeOf(one.verifier))
  })
})
