/**
 * What the token-keeping core needs from the world, and nothing of how it is done: the services'
 * side (services/) implements TokenService, the GitHub side (github/) SecretStore and Sealer.
 */

/** What a token exchange or refresh hands back. */
export interface Grant {
  accessToken: string
  /** Seconds the token lives; undefined where it does not expire (a Facebook Page token) or the service did not say. */
  expiresIn?: number
  /** Exact digits (Threads user ids can exceed 2^53), or the service's own opaque id. */
  userId?: string
  /** A refresh token, where the service granted one: it must be kept as carefully as the token. */
  refreshToken?: string
  /** Seconds the refresh token lives, where the service said. */
  refreshTokenExpiresIn?: number
}

export interface Profile {
  id: string
  /** Absent where the service gave none that is a valid username, or has no usernames. */
  username?: string
}

/** When a token was issued and when it expires, as the service itself reports it. */
export interface TokenTimes {
  issuedAt?: Date
  expiresAt?: Date
  /**
   * When the app's access to the user's data ends (Meta: 90 days after the user authorized it). A
   * refresh renews the token, not this: past it, only a new authorization helps.
   */
  dataAccessExpiresAt?: Date
}

/**
 * The calls of one token service, as its provider speaks them. Each provider offers the ones its
 * lifecycle has (inputs.ts asks only for credentials it takes); the others reject.
 */
export interface TokenService {
  /** What its profile tells: an id and a username (a Threads user), an id alone (a Facebook Page, a LinkedIn member), or nothing. */
  readonly profiles: 'username' | 'id' | 'none'
  /** Whether its inspection tells when the user's grant of data access ends (Meta's debug_token does): else it is not asked. */
  readonly reportsDataAccess: boolean
  /**
   * Spends a single-use authorization code, and whatever exchange follows it, for the token to keep.
   * A failure after the code was used says so (ServiceError.codeSpent). `codeVerifier`: PKCE's.
   */
  redeemCode(code: string, codeVerifier?: string): Promise<Grant>
  /** A one-hour token (a Graph API Explorer token, say) for the long-lived one to keep. */
  exchangeForLongLived(shortLivedToken: string): Promise<Grant>
  /** Renews a long-lived token in place: the old one stays valid, so nothing is spent. */
  refresh(longLivedToken: string): Promise<Grant>
  /** The refresh_token grant: a new access token, and (where the service rotates them) a new refresh token. */
  redeemRefreshToken(refreshToken: string): Promise<Grant>
  /**
   * A token that nothing renews, checked: when it expires and when its data access ends, where the
   * service says. Rejects (a ServiceError with reason 'dead-grant') where the token is dead or no
   * longer fit for posting.
   */
  check(token: string): Promise<TokenTimes>
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
  /**
   * Resolves once sealing works (rejects where it cannot): awaited before a credential is sent that
   * the sending spends, so that what comes back can always be handed back sealed.
   */
  ready(): Promise<void>
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
