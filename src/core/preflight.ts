/**
 * Everything that must hold, at every target, before a credential is sent that the sending may spend
 * (a code, a one-hour token, a refresh token): the target's key in hand, the variables' values read,
 * and the evidence a race would need later.
 */
import { UnreadSecretError } from '../shared/errors.js'
import type { PublicKey, SecretStore } from './ports.js'
import type { KeepRequest } from './request.js'

/** One target, as the preflight left it: where to write, with what key, what is there already. */
export interface ReadyTarget {
  store: SecretStore
  key: PublicKey
  /** Current values of the variables this run keeps; undefined where one does not exist yet. */
  variables: Map<string, string | undefined>
  /** When the watched secret (watchedSecret) was last written, where the preflight asked; undefined where it does not exist. */
  secretWrittenAt?: string | undefined
}

/**
 * The secret whose last write tells another run's work from an older one, should the service refuse
 * what this run sends: a code's token (another run spent the code and stored it), or the refresh token
 * itself (another run redeemed it and wrote back the new one). Undefined where nothing is spent.
 */
export function watchedSecret({ credential, secretName, refreshTokenSecret, dryRun }: KeepRequest): string | undefined {
  if (dryRun) return undefined
  if (credential.flow === 'authorization-code') return secretName
  return credential.flow === 'refresh-token' ? refreshTokenSecret : undefined
}

/**
 * Reads every target's key (a key that cannot seal fails here, not after a credential is spent) and
 * the variables kept. `watchRace` where a refused credential is to be checked against another run's
 * write: the watched secret's last write, at the first target. A refresh token's secret is read at
 * every target, and must exist there: a refresh token read from one secret and written back, by a
 * default, to another would leave the secret the workflow reads holding a spent one. A dry run checks
 * it too, as the run it rehearses would.
 */
export async function preflight(request: KeepRequest, stores: SecretStore[], watchRace = false): Promise<ReadyTarget[]> {
  const names = [request.userIdVariable, request.expiresAtVariable].filter((name): name is string => !!name)
  const watched = watchedSecret(request)
  const mustExist = request.credential.flow === 'refresh-token' ? request.refreshTokenSecret : undefined
  const ready = await Promise.all(
    stores.map(async (store, index) => {
      const kept = store.keepsVariables ? names : []
      const asked = mustExist ?? (watchRace && index === 0 ? watched : undefined)
      const [key, writtenAt, ...values] = await Promise.all([
        store.prepare(),
        asked === undefined ? undefined : store.secretUpdatedAt(asked),
        ...kept.map((name) => store.readVariable(name))
      ])
      return { store, key, variables: new Map(kept.map((name, i) => [name, values[i]])), secretWrittenAt: writtenAt }
    })
  )
  const unread = mustExist === undefined ? undefined : ready.find((target) => target.secretWrittenAt === undefined)
  if (unread && mustExist !== undefined) throw new UnreadSecretError({ secret: mustExist, target: unread.store.label })
  return ready
}
