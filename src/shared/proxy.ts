/**
 * The proxy settings a self-hosted runner puts in the job's environment: HTTPS_PROXY and HTTP_PROXY
 * (the lower-case spelling wins where both are set, as in Node and curl) and NO_PROXY. Read once,
 * before any request, and refused loudly where unusable: a proxy silently ignored would send the
 * run around the proxy its network requires.
 *
 * Which origin goes through which proxy is decided here, by Node's own NO_PROXY rules, for every
 * Node the project runs on; the tunnel itself is Node's (22.21+, 24.5+) or a proxy agent library's
 * (transport.ts). Deciding here keeps the routing the same on every Node, and lets errors name the
 * proxy a request went through.
 */
import { ProxySettingError } from './errors.js'

export interface ProxySettings {
  /** For https:// origins (CONNECT tunnels). */
  https: URL | undefined
  /** For http:// origins. */
  http: URL | undefined
  /** NO_PROXY, parsed. */
  bypass: BypassRule[]
}

interface BypassRule {
  /** A host name (lower case, IPv6 without brackets), or '*' for every host. */
  host: string
  /** '*.example.com' matches only below example.com; '.example.com' the domain and below it; 'example.com' only itself. */
  match: 'exact' | 'domain' | 'below'
  /** Only this port, where one is given. */
  port: number | undefined
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 }

/** The lower-case spelling first, as Node and curl read them; empty counts as unset. */
function variable(env: NodeJS.ProcessEnv, name: string): [string, string] | undefined {
  for (const spelled of [name.toLowerCase(), name]) {
    const value = env[spelled]?.trim()
    if (value) return [spelled, value]
  }
  return undefined
}

/** Where a proxy can be shown: scheme, host and port, never its credentials. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`
}

/** "proxy.corp:3128", without a scheme, is an http:// proxy, as curl reads it. Undefined where it is no URL. */
function parseProxy(value: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
  } catch {
    return undefined
  }
}

function readProxy(env: NodeJS.ProcessEnv, name: string): URL | undefined {
  const found = variable(env, name)
  if (!found) return undefined
  const [spelled, value] = found
  const url = parseProxy(value)
  if (!url) {
    // Never echoed: the value may carry the proxy's password.
    throw new ProxySettingError(
      `${spelled} is set but is not a proxy address: write it as http://HOST:PORT (with credentials, http://USER:PASSWORD@HOST:PORT).`
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxySettingError(
      `${spelled} names a ${url.protocol.slice(0, -1)}:// proxy (${describeProxy(url)}): only http:// and https:// proxies are supported. Point it at an HTTP proxy that tunnels with CONNECT.`
    )
  }
  if (!url.hostname || url.pathname !== '/' || url.search || url.hash) {
    throw new ProxySettingError(`${spelled} must be a proxy's address alone (http://HOST:PORT), without a path, query or fragment.`)
  }
  return url
}

function readBypass(env: NodeJS.ProcessEnv): BypassRule[] {
  const list = variable(env, 'NO_PROXY')?.[1] ?? ''
  return list
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry): BypassRule => {
      // "host:port" and "[v6]:port" carry a port; a bare IPv6 address ("::1") does not.
      const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry)
      const host = (withPort?.[1] ?? entry).replace(/^\[(.*)\]$/, '$1')
      const port = withPort ? Number(withPort[2]) : undefined
      if (host.startsWith('*.')) return { host: host.slice(2), match: 'below', port }
      if (host.startsWith('.')) return { host: host.slice(1), match: 'domain', port }
      return { host, match: 'exact', port }
    })
}

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, checked: throws ProxySettingError for a proxy that cannot be used. */
export function readProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  return { https: readProxy(env, 'HTTPS_PROXY'), http: readProxy(env, 'HTTP_PROXY'), bypass: readBypass(env) }
}

function bypassed(url: URL, rules: BypassRule[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol]
  return rules.some((rule) => {
    if (rule.port !== undefined && rule.port !== port) return false
    if (rule.host === '*') return true
    if (rule.match === 'exact') return host === rule.host
    return host.endsWith(`.${rule.host}`) || (rule.match === 'domain' && host === rule.host)
  })
}

/** The proxy an origin is reached through, or undefined to go direct. */
export function proxyFor(url: URL, settings: ProxySettings): URL | undefined {
  const proxy = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined
  return proxy && !bypassed(url, settings.bypass) ? proxy : undefined
}

/** What must be masked before anything is printed: the proxies' passwords; a value that is no URL, whole. */
export function proxyCredentials(env: NodeJS.ProcessEnv): string[] {
  const values: string[] = []
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = env[name]?.trim()
    if (!value) continue
    const url = parseProxy(value)
    if (!url) values.push(value)
    else if (url.password) values.push(url.password, safeDecode(url.password))
  }
  return [...new Set(values)]
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Node's agents tunnel through a proxy themselves (the `proxyEnv` option) from 22.21 and 24.5 on. */
export function nodeTunnels(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 24 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21)
}
