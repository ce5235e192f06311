/** What one run is asked to do: which credential to start from, and what to keep where. */

/**
 * The credential a run starts from, by its lifecycle: a single-use code, a one-hour token, a long-lived
 * token renewed in place, a refresh token, or a token that nothing renews and is only checked.
 */
export type Credential =
  | { flow: 'authorization-code'; code: string; codeVerifier?: string }
  | { flow: 'short-lived-token'; token: string }
  | { flow: 'refresh'; token: string }
  | { flow: 'refresh-token'; refreshToken: string }
  | { flow: 'check'; token: string }

/** What a run did, as the `flow` output says it: a refresh token's refresh is a refresh, a check is `checked`. */
export type Flow = 'authorization-code' | 'short-lived-token' | 'refresh' | 'checked'

export function flowOf(credential: Credential): Flow {
  if (credential.flow === 'refresh-token') return 'refresh'
  return credential.flow === 'check' ? 'checked' : credential.flow
}

export interface KeepRequest {
  /** The service's name, as its provider gives it, for messages. */
  service: string
  credential: Credential
  /** The secret that keeps the token; undefined where only the refresh token is kept (X: the token lives 2 hours). */
  secretName?: string
  /** Where a refresh token the service grants is written back, where it grants them. */
  refreshTokenSecret?: string
  /** Variables kept beside the secret: the user id, and when the stored token expires. */
  userIdVariable?: string
  expiresAtVariable?: string
  /** How long the tokens obtained last, as the provider has it; 'hours' (X): only a refresh token keeps anything. */
  expiry?: 'dated' | 'never' | 'hours'
  /** Check that every target is reachable, and change nothing. */
  dryRun: boolean
}
