import type { DeathReason, GraphDeath } from './facebook-replies.js'
import type { ServiceOptions } from './loopback-service.js'

// What the Facebook stand-in can be set to play.

export const FULL_TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE']
export const PAGE_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts']

/** A Page and the user's tasks on it; no tasks: the Page exists but the user has no role on it. */
export interface FacebookPage {
  id: string
  name: string
  category: string
  tasks: string[]
}

export interface FacebookStandInOptions extends ServiceOptions {
  appId?: string
  appSecret?: string
  /** The app's name, debug_token's `application`. */
  appName?: string
  redirectUri?: string
  userId?: string
  userName?: string
  /** Default: one Page on which the user has every task. */
  pages?: FacebookPage[]
  /** What the user granted; default PAGE_SCOPES. */
  scopes?: string[]
  /** Whether debug_token reports issued_at; Facebook's may omit it. Default true. */
  debugIssuedAt?: boolean
  /** The token the code exchange gives; default short-lived. */
  codeTokenKind?: 'short-lived' | 'long-lived'
  /** Leave expires_in out of the code exchange's reply (it "may be missing"). */
  omitCodeExpiresIn?: boolean
  /**
   * /me/accounts without pages_show_list: a (#200) permission error (default), or an empty list, as
   * some reports describe it; which one Meta sends is unconfirmed.
   */
  withoutPagesShowList?: 'refuse' | 'empty'
  /** The words and subcodes of early deaths, where Meta's are unconfirmed. */
  deaths?: Partial<Record<DeathReason, GraphDeath>>
}
