/**
 * Where the token is written: one or more repositories (or one environment of each), or an
 * organization, in the Actions or the Dependabot secret store.
 */

export type Visibility = 'all' | 'private' | 'selected'
export type SecretType = 'actions' | 'dependabot'

export type Target =
  | { kind: 'repository'; owner: string; repo: string; environment?: string }
  | { kind: 'organization'; org: string; visibility: Visibility; selectedRepositories: string[] }

export const VISIBILITIES: Visibility[] = ['all', 'private', 'selected']
export const SECRET_TYPES: SecretType[] = ['actions', 'dependabot']
