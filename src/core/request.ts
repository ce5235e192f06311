/** What one run is asked to do: which credential to start from, and what to keep where. */

export type Flow = 'authorization-code' | 'short-lived-token' | 'refresh'

/** The credential a run starts from: a single-use code, a one-hour token, or the current long-lived token. */
export type Credential =
  | { flow: 'authorization-code'; code: string; appId: string; appSecret: string; redirectUri: string }
  | { flow: 'short-lived-token'; token: string; appSecret: string }
  | { flow: 'refresh'; token: string }

export interface KeepRequest {
  /** "Threads" or "Instagram", for messages. */
  service: string
  credential: Credential
  secretName: string
  /** Variables kept beside the secret: the user id, and when the stored token expires. */
  userIdVariable?: string
  expiresAtVariable?: string
  /** Check that every target is reachable, and change nothing. */
  dryRun: boolean
}
