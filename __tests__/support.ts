/** Shared by the unit tests: retry policies, time units, settling helpers. Not a test file itself. */
import { createOctokit, createSecretStore } from '../src/github.js'
import { createHttp, defaultRetryPolicy, type RetryPolicy } from '../src/http.js'
import type { SecretType, Target } from '../src/targets.js'
import { GitHubStandIn, type TokenGrant } from '../stand-ins/github-api.js'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

// Time-outs generous enough for a loaded machine; HANG_POLICY's short ones only where a hang is scripted.
export const POLICY: RetryPolicy = { ...defaultRetryPolicy, timeoutMs: 1500, minDelayMs: 1, maxDelayMs: 10, totalMs: 8000, runMs: 15000 }
export const HANG_POLICY: RetryPolicy = { ...POLICY, timeoutMs: 100 }

/** The rejection reason, or undefined when the promise resolved. */
export function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
}

/** A Graph API error body, as Meta sends it. */
export const graphErrorBody = (message: string, code: number, subcode?: number): Record<string, unknown> => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'x' }
})

export const GITHUB_TOKEN = 'github_pat_11AAAAunit' + 'y'.repeat(20)
export const REPOSITORY = 'octo-org/blog'
export const ENVIRONMENTS = ['social posting', 'prod/eu', 'ünï']

export interface StoreOptions {
  grant?: TokenGrant
  token?: string
  policy?: RetryPolicy
  secretType?: SecretType
  /** Mount the stand-in under a path, as GitHub Enterprise Server does (/api/v3). */
  prefix?: string
}

/** A started GitHub stand-in with octo-org/blog (and its environments), octo-org/docs, and a store on `target`. */
export async function openStore(target: Target, options: StoreOptions = {}) {
  const {
    grant = { secrets: 'write', variables: 'write', environments: 'write' },
    token = GITHUB_TOKEN,
    policy = POLICY,
    secretType = 'actions',
    prefix = ''
  } = options
  const standIn = new GitHubStandIn(prefix)
  standIn.addRepository(REPOSITORY, ENVIRONMENTS)
  standIn.addRepository('octo-org/docs')
  standIn.addToken(GITHUB_TOKEN, grant)
  await standIn.start()
  const debugLines: string[] = []
  const http = createHttp(policy, (line) => debugLines.push(line))
  const octokit = createOctokit({ token, baseUrl: standIn.url, http, debug: (line) => debugLines.push(line) })
  return { standIn, store: createSecretStore(octokit, target, secretType), debugLines }
}
