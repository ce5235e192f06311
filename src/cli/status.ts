import { daysUntil } from '../core/freshness.js'
import type { SecretStore } from '../core/ports.js'
import type { KeepRequest } from '../core/request.js'
import { readInputs } from '../setup/inputs.js'
import { createTransport } from '../shared/transport.js'
import { EXIT, connectServices, flagsAsInputs, githubTokenFor, refuse, type CommandContext } from './terms.js'

/** Whether the secret is there and when it was written, and the expiry variable: never a value. Exit 1 where a secret is missing. */
export async function status(context: CommandContext): Promise<number> {
  const { values, io } = context
  const github = githubTokenFor(context)
  const { settings, problems } = readInputs(flagsAsInputs(values, { 'github-token': github.token }), {}, { credential: false })
  if (!settings) return refuse(context, problems, { githubToken: github })
  const { stores } = connectServices(context, settings, createTransport(io.env))
  let missing = 0
  for (const store of stores) if (!(await describeStore(store, settings.request, io.out))) missing++
  return missing === 0 ? EXIT.ok : EXIT.failed
}

/** Prints what one target holds; false where its secret is not set. */
async function describeStore(
  store: SecretStore,
  { secretName, expiresAtVariable }: KeepRequest,
  out: (line: string) => void
): Promise<boolean> {
  await store.prepare()
  const updatedAt = await store.secretUpdatedAt(secretName)
  out(`${secretName} in ${store.label}: ${updatedAt ? `present, last written ${updatedAt}` : 'not set'}`)
  if (expiresAtVariable) {
    const expiry = await store.readVariable(expiresAtVariable)
    const days = expiry ? daysUntil(expiry, new Date()) : undefined
    out(`${expiresAtVariable}: ${expiry ? `${expiry} (${days !== undefined && days >= 0 ? `${days} days left` : 'expired'})` : 'not set'}`)
  }
  return updatedAt !== undefined
}
