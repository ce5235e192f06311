/**
 * Which credential a run starts from, and the app it needs, by the provider's rules: the freshest
 * given wins (a code, a short-lived token, a refresh token, the long-lived token), each only where the
 * provider takes it, with the app's id, secret and redirect URI where its calls need them.
 */
import type { Credential } from '../core/request.js'
import type { App, Provider } from '../services/provider.js'
import { authorizePageOf } from '../services/registry.js'
import { hasControlCharacters } from '../shared/inert.js'
import { isLoopbackHost, readRedirect, type Fields } from './fields.js'

/** The inputs that carry credentials: masked before anything else happens. */
export const CREDENTIAL_INPUTS = [
  'authorization-code',
  'short-lived-token',
  'long-lived-token',
  'refresh-token',
  'code-verifier',
  'app-secret',
  'github-token',
  'workflow-token'
] as const

/** The credential, and the app as far as it was read ('' where not needed and not given). */
export interface CredentialReading {
  credential: Credential
  app: App
}

/** By precedence: a code (first run), a short-lived token, a refresh token, the long-lived token (scheduled runs). */
export function readCredential(fields: Fields, provider: Provider, needed: boolean): CredentialReading {
  const { get, problem } = fields
  const { code } = readRedirect(get('authorization-code'))
  for (const input of CREDENTIAL_INPUTS) {
    const value = input === 'authorization-code' ? code : get(input)
    if (/\s/.test(value) || hasControlCharacters(value)) {
      problem(input, 'contains white space inside it: paste the value alone, on one line.')
    }
  }
  if (/^https?:\/\//i.test(code)) refusePastedAddress(fields, code)
  const { label, credentials } = provider
  const secret = provider.appSecret === 'required'
  const takes: [string, boolean, string][] = [
    ['short-lived-token', credentials.shortLived !== false, `${label} gives no such token`],
    ['refresh-token', credentials.refreshToken, `${label} gives no such token`],
    ['long-lived-token', credentials.longLived !== false, `${label}'s access tokens live too short to keep: keep its refresh-token`]
  ]
  for (const [input, taken, why] of takes) if (get(input) && !taken) problem(input, `is not taken for ${label}: ${why}.`)

  if (code) {
    const codeVerifier = get('code-verifier')
    // A code the action cannot redeem asks for nothing more: its problem says what to give instead.
    const redeemable = !refuseCodeWithout(fields, provider, codeVerifier)
    const needs = { why: 'to exchange an authorization-code', id: true, redirect: true, secret }
    const app = readApp(fields, provider, redeemable ? needs : undefined)
    return { credential: { flow: 'authorization-code', code, ...(codeVerifier ? { codeVerifier } : {}) }, app }
  }
  const shortLived = get('short-lived-token')
  if (shortLived && credentials.shortLived) {
    const why = 'to exchange a short-lived-token'
    const needs = { why, id: credentials.shortLived === 'app', redirect: false, secret: true }
    return { credential: { flow: 'short-lived-token', token: shortLived }, app: readApp(fields, provider, needs) }
  }
  const refreshToken = get('refresh-token')
  const longLived = get('long-lived-token')
  if (!refreshToken && !longLived && needed) refuseNoCredential(fields, provider)
  // A command that sends no credential (status) reads the app without asking for it.
  if ((refreshToken && credentials.refreshToken) || credentials.longLived === false) {
    const app = readApp(fields, provider, needed ? { why: 'to redeem a refresh-token', id: true, redirect: false, secret } : undefined)
    return { credential: { flow: 'refresh-token', refreshToken }, app }
  }
  const flow = credentials.longLived
  const why = flow === 'check' ? 'to check a long-lived-token' : 'to refresh a long-lived-token'
  const app = readApp(fields, provider, needed && provider.scheduledNeedsApp ? { why, id: true, redirect: false, secret } : undefined)
  return { credential: { flow, token: longLived }, app }
}

/** Every way to start, in the provider's terms, where none was given. */
function refuseNoCredential({ sentence }: Fields, { credentials, authorize }: Provider): void {
  const starts = [
    ...(credentials.longLived ? [`'long-lived-token' (scheduled ${credentials.longLived === 'check' ? 'check' : 'renewal'})`] : []),
    ...(credentials.refreshToken ? [`'refresh-token'${credentials.longLived ? '' : ' (scheduled renewal)'}`] : []),
    ...(authorize && !authorize.pkce ? [`'authorization-code' (first run)`] : []),
    ...(credentials.shortLived ? [`'short-lived-token'`] : [])
  ]
  const list = starts.length > 1 ? `${starts.slice(0, -1).join(', ')} or ${starts.at(-1) ?? ''}` : (starts[0] ?? '')
  sentence('long-lived-token', `No credential to start from: set ${list}.`)
}

/**
 * A code the action cannot redeem: no authorize page is known for the service (it cannot be asked
 * for), or the code is bound by PKCE to the verifier of the login that asked for it. True where refused.
 */
function refuseCodeWithout({ problem }: Fields, { label, authorize }: Provider, codeVerifier: string): boolean {
  if (!authorize) {
    problem('authorization-code', `is not taken for ${label}: give the refresh-token the service gave, with its token-url.`)
    return true
  }
  if (!authorize.pkce || codeVerifier) return false
  problem(
    'authorization-code',
    `is not taken for ${label}: its codes are bound to the login that asked for them (PKCE), and live 30 seconds. ` +
      `Get the first tokens with the command line's login, which stores them.`
  )
  return true
}

/** A whole address pasted as the code: the authorize page itself, or a redirect without a code. */
function refusePastedAddress({ problem }: Fields, address: string): void {
  const page = authorizePageOf(address)
  problem(
    'authorization-code',
    page
      ? `is ${page.label}'s authorize address itself: open it in a browser, approve, then paste the address ` +
          `you are sent to afterwards (it carries a 'code'), or just the code.`
      : `is an address without a 'code' parameter: authorize again and paste the code ` +
          `(or the whole address) from the redirect that follows approval.`
  )
}

/** What a reading of the app asks for, and why (for the message where it is missing). */
export interface AppNeeds {
  why: string
  /** The app's id: everything but Threads' and Instagram's short-lived exchange (the secret alone). */
  id: boolean
  /** The registered redirect URI: a code's exchange (and the authorize address) need it. */
  redirect: boolean
  /** The app secret: everything that exchanges or redeems (not the authorize address). */
  secret: boolean
}

/**
 * The app: its id (by the provider's rule), its secret, and for a code its registered redirect URI,
 * each asked for where `needs` says. Without `needs`, what is given is read (for upkeep's authorize
 * address) and not judged: a scheduled refresh does not fail over an input it does not use.
 */
export function readApp(fields: Fields, provider: Provider, needs?: AppNeeds): App {
  const { text, get, problem, required } = fields
  const { label } = provider
  const ask = (input: string, value: string, what: string, wanted = true): string =>
    needs && wanted ? required(input, value, `${needs.why}: ${what}`) : value
  const appId = ask('app-id', text('app-id'), `the ${label} app's ID from its settings`, needs?.id)
  if (needs && appId && !provider.appId.valid(appId)) problem('app-id', `must be ${provider.appId.what}.`)
  const appSecret = ask('app-secret', get('app-secret'), `the ${label} app's secret`, needs?.secret)
  const redirectUri = ask('redirect-uri', text('redirect-uri'), `the exact redirect URI registered for your ${label} app`, needs?.redirect)
  if (needs?.redirect && redirectUri && !isRedirectUri(redirectUri, provider)) {
    const loopback = provider.loopbackRedirect ? ' (or a loopback http://127.0.0.1:PORT/… address)' : ''
    problem('redirect-uri', `must be the https:// address${loopback} registered for your ${label} app, character for character.`)
  }
  return { appId, appSecret, redirectUri }
}

/** An https address, or (where the service accepts one, RFC 8252) a loopback http one. */
export function isRedirectUri(value: string, provider: Provider): boolean {
  if (/^https:\/\/[^\s]+$/i.test(value)) return true
  if (!provider.loopbackRedirect || !/^http:\/\/[^\s]+$/i.test(value)) return false
  try {
    return isLoopbackHost(new URL(value).hostname)
  } catch {
    return false
  }
}
