import { daysUntil } from '../core/freshness.js'
import type { SecretStore } from '../core/ports.js'
import type { KeepRequest } from '../core/request.js'
import { readInputs } from '../setup/inputs.js'
import { GitHubError } from '../shared/errors.js'
import { oneLine } from '../shared/inert.js'
import { createTransport } from '../shared/transport.js'
import type { GitHubToken } from './github-token.js'
import { EXIT, connectServices, flagsAsInputs, githubTokenFor, refuse, refusedGitHubToken, say, type CommandContext } from './terms.js'

/**
 * Whether the secret is there and when it was written, and the expiry variable: never a value. Exit
 * 1 where a secret is missing, or where GitHub would not let the token read it.
 */
export async function status(context: CommandContext): Promise<number> {
  const { values, io } = context
  const github = githubTokenFor(context)
  const { settings, problems } = readInputs(flagsAsInputs(values, { 'github-token': github.token }), {}, { credential: false })
  if (!settings) return refuse(context, problems, { githubToken: github })
  const { stores } = connectServices(context, settings, createTransport(io.env))
  // What GitHub holds is outside text: one line each, so that no value can forge a line of its own.
  const show = (line: string): void => io.out(oneLine(line))
  let missing = 0
  for (const store of stores) {
    try {
      if (!(await describeStore(store, settings.request, show))) missing++
    } catch (error) {
      const unreadable = cannotRead(error, github, typeof values.environment === 'string')
      if (!unreadable) throw error
      say(context, unreadable)
      missing++
    }
  }
  return missing === 0 ? EXIT.ok : EXIT.failed
}

/**
 * Prints what one target holds; false where its secret is not set. A refresh token's secret is said
 * too, where the provider grants them, but it is no failure where it is not set: most apps get none.
 */
async function describeStore(
  store: SecretStore,
  { secretName: tokenSecret, refreshTokenSecret, expiresAtVariable }: KeepRequest,
  show: (line: string) => void
): Promise<boolean> {
  // Where the token itself is not kept (X), the refresh token's secret is what there is to see; beside a
  // kept token (LinkedIn), the refresh token's is said too.
  const secretName = tokenSecret ?? refreshTokenSecret ?? ''
  const beside = tokenSecret === undefined ? undefined : refreshTokenSecret
  const [updatedAt, besideWrittenAt] = await Promise.all([
    store.secretUpdatedAt(secretName),
    beside ? store.secretUpdatedAt(beside) : undefined
  ])
  // GitHub answers 404 alike for a secret not set and a repository out of sight: the public key, read
  // with the same permission, tells them apart.
  if (updatedAt === undefined) await store.prepare()
  show(`${secretName} in ${store.label}: ${written(updatedAt)}`)
  if (beside)
    show(`${beside} in ${store.label}: ${written(besideWrittenAt)}${besideWrittenAt ? '' : ' (only apps granted refresh tokens keep one)'}`)
  if (expiresAtVariable) {
    const expiry = await store.readVariable(expiresAtVariable)
    const days = expiry ? daysUntil(expiry, new Date()) : undefined
    show(`${expiresAtVariable}: ${expiry ? `${expiry} (${days !== undefined && days >= 0 ? `${days} days left` : 'expired'})` : 'not set'}`)
  }
  return updatedAt !== undefined
}

const written = (at: string | undefined): string => (at ? `present, last written ${at}` : 'not set')

/**
 * A refusal of a read, in status's own words: what it could not read and what reading it takes.
 * Undefined for anything else (a fault), which is explained as every command explains it.
 */
function cannotRead(error: unknown, github: GitHubToken, environment: boolean): string | undefined {
  if (!(error instanceof GitHubError)) return undefined
  const { status, target, operation, acceptedPermissions } = error
  if (status === 401) return refusedGitHubToken(github)
  if (status === 404) {
    return `${target} was not found, or the GitHub token cannot see it: check --repo${environment ? ' and --environment' : ''}, and that the token may access that repository.`
  }
  if (status !== 403) return undefined
  const what = operation.startsWith('read variable') ? 'variables' : 'secrets'
  const permission = `'${what === 'variables' ? 'Variables' : 'Secrets'}: read-only'${environment ? " and 'Environments: read-only'" : ''}`
  const says = acceptedPermissions ? ` GitHub says it needs: ${acceptedPermissions}.` : ''
  return (
    `Could not ${operation.replace(/^read (secret|variable) /, 'read the $1 ')}: GitHub refused the token (HTTP 403).${says} ` +
    `Reading a repository's ${what} takes a fine-grained token with ${permission} on it, or a classic token with 'repo' (status never reads a value).`
  )
}
