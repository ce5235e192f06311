/**
 * What the token-keeping core needs from the world, and nothing of how it is done: the Meta side
 * (meta/) implements TokenService, the GitHub side (github/) SecretStore and Sealer.
 */

/** What a token exchange or refresh hands back. */
export interface Grant {
  accessToken: string
  /** Seconds the token lives. */
  expiresIn?: number
  /** Exact digits: Threads user ids can exceed 2^53. */
  userId?: string
}

export interface Profile {
  id: string
  /** Absent where the service gave none that is a valid username. */
  username?: string
}

/** When a token was issued and when it expires, as the service itself reports it. */
export interface TokenTimes {
  issuedAt?: Date
  expiresAt?: Date
}

/** The app a code or short-lived token was issued to: what exchanging it takes. */
export interface App {
  appId: string
  appSecret: string
  redirectUri: string
}

/** The token calls of a Meta service (Threads or Instagram). */
export interface TokenService {
  /**
   * Spends a single-use authorization code, then exchanges the short-lived token it gives for a
   * long-lived one. A failure after the code was used says so (GraphError.codeSpent).
   */
  redeemCode(code: string, app: App): Promise<Grant>
  exchangeForLongLived(shortLivedToken: string, appSecret: string): Promise<Grant>
  refresh(longLivedToken: string): Promise<Grant>
  profile(token: string): Promise<Profile>
  /** Fails where the service does not answer it. */
  inspect(token: string): Promise<TokenTimes>
}

export interface PublicKey {
  keyId: string
  key: string
}

export type WriteStatus = 'created' | 'updated'

/** One place a secret (and its variables) is kept: a repository, an environment, an organization. */
export interface SecretStore {
  /** "owner/repo", "owner/repo (environment prod)", "organization octo-org", for messages. */
  readonly label: string
  /** Whether the run's variables (user id, expiry) are kept here: once a target, though it has two stores. */
  readonly keepsVariables: boolean
  /** The public key, checked usable; for secrets limited to selected repositories, also resolves their ids. */
  prepare(): Promise<PublicKey>
  writeSecret(name: string, encryptedValue: string, keyId: string): Promise<WriteStatus>
  /** When the secret was last written, never its value; undefined where it does not exist. */
  secretUpdatedAt(name: string): Promise<string | undefined>
  /** The variable's value, or undefined where it does not exist yet. */
  readVariable(name: string): Promise<string | undefined>
  writeVariable(name: string, value: string, exists: boolean): Promise<WriteStatus>
  /** Removes a variable: how one created for a token that was not stored is put back. */
  deleteVariable(name: string): Promise<void>
  /** The `gh api` command that stores an already sealed value by hand. */
  storeCommand(name: string, encryptedValue: string, keyId: string): string
}

/** Seals a value so that only the holder of the key's private half (GitHub) can open it. */
export interface Sealer {
  /** Starts loading what sealing needs, so that it overlaps the requests before the write. */
  warm(): void
  seal(value: string, key: PublicKey): Promise<string>
}

/** What keepToken is given: the ports, the clock, the log, and the cancel. */
export interface KeeperDeps {
  tokens: TokenService
  stores: SecretStore[]
  sealer: Sealer
  now: () => Date
  /** Waits, while another run's write is awaited: a timer, or a faster one in tests. */
  pause: (ms: number) => Promise<void>
  /**
   * When this run was asked for, on GitHub's clock (the workflow run's creation, or a re-run's
   * start), where known: a secret written since then, by a run given the same code, is that run's.
   * Given by the action, where two runs can race (a double click): a refused code then waits a few
   * seconds for the other run's write. The command line gives none: its user hears of a refusal at once.
   */
  runAskedAt?: (() => Promise<string | undefined>) | undefined
  info: (message: string) => void
  /**
   * Aborts when the run is cancelled. What spends nothing is abandoned; a code or short-lived token
   * already sent is seen through, and a token in hand but not confirmed stored is handed back.
   */
  cancelled?: AbortSignal | undefined
}
