/**
 * What went wrong on the way to a service, in words that name the host (and the proxy, where one)
 * and, where the fault says what to do, the remedy: the transport's faults, built once.
 */
import { TransportError } from './errors.js'
import { describeProxy } from './proxy.js'

// Faults of the connection itself: the request never reached the service.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// Node's (OpenSSL's) verdicts on a certificate: CERT_HAS_EXPIRED, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, …
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/

const PRIVATE_CA =
  'Where GitHub Enterprise Server or a TLS-inspecting proxy uses a private certificate authority, set NODE_EXTRA_CA_CERTS to its certificate (a PEM file) in the environment of the step.'

export function connectionFault(error: unknown, url: URL, proxy: URL | undefined): TransportError {
  const raw = (error as { code?: unknown }).code
  const code = typeof raw === 'string' ? raw : 'EUNKNOWN'
  const host = url.host
  if (proxy && code === 'ERR_PROXY_TUNNEL') {
    // Node's own tunnel: "Failed to establish tunnel to HOST via PROXY: HTTP/1.1 407 …".
    const status = Number(/HTTP\/[\d.]+ (\d{3})/.exec(String((error as Error).message))?.[1] ?? 0)
    return proxyRefused(proxy, url, status)
  }
  if (UNTRUSTED.test(code)) {
    return new TransportError(`the TLS certificate of ${host} is not trusted (${code})`, {
      host,
      code,
      transient: false,
      notSent: true,
      remedy: PRIVATE_CA
    })
  }
  const through = proxy ? ` through the proxy ${describeProxy(proxy)}` : ''
  if (NOT_CONNECTED.has(code)) {
    const what = proxy ? `could not reach the proxy ${describeProxy(proxy)} (${code})` : `could not connect to ${host} (${code})`
    return new TransportError(what, { host, code, transient: true, notSent: true })
  }
  return new TransportError(`network error with ${host}${through} (${code})`, { host, code, transient: true, notSent: false })
}

export function proxyRefused(proxy: URL, url: URL, status: number): TransportError {
  const shown = describeProxy(proxy)
  const host = url.host
  const known = status > 0 ? ` (HTTP ${status})` : ''
  if (status >= 500) {
    return new TransportError(`the proxy ${shown} could not open a tunnel to ${host}${known}`, {
      host,
      code: 'PROXY_REFUSED',
      transient: true,
      notSent: true
    })
  }
  const remedy =
    status === 407
      ? 'The proxy asks for credentials: give them in the proxy variable, as http://USER:PASSWORD@HOST:PORT.'
      : `Ask the proxy's administrators to allow ${host}, or list it in NO_PROXY if it is reachable directly.`
  return new TransportError(`the proxy ${shown} refused to tunnel to ${host}${known}`, {
    host,
    code: 'PROXY_REFUSED',
    transient: false,
    notSent: true,
    remedy
  })
}

/** A redirect is never followed: it could carry the app secret, a code or a token to another host. */
export function redirected(url: URL, status: number, location: string | undefined): TransportError {
  let target: URL | undefined
  try {
    target = location ? new URL(location, url) : undefined
  } catch {
    target = undefined
  }
  const where = !target ? 'an address it did not give' : target.origin === url.origin ? target.pathname : target.origin
  const downgrade = target?.protocol === 'http:' && url.protocol === 'https:'
  const remedy = downgrade
    ? 'It would drop https: check that the API URL inputs name the services themselves.'
    : 'The base URL is likely wrong: give each API address itself (on GitHub Enterprise Server, github-api-url is https://HOST/api/v3, with /api/v3), not one that redirects.'
  return new TransportError(`${url.host} answered HTTP ${status}, a redirect to ${where}, which is never followed`, {
    host: url.host,
    code: 'REDIRECT',
    transient: false,
    notSent: false,
    remedy
  })
}

export function tooLarge(url: URL, maxBytes: number): TransportError {
  const cap = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`
  return new TransportError(`${url.host} sent a reply over ${cap}, refused as garbled`, {
    host: url.host,
    code: 'TOO_LARGE',
    transient: true,
    notSent: false
  })
}
