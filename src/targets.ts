/**
 * Where the token is written: one or more repositories (or one environment of each), or an
 * organization, in the Actions or the Dependabot secret store.
 */

export type Visibility = 'all' | 'private' | 'selected'
export type SecretType = 'actions' | 'dependabot'

export type Target =
  | { kind: 'repository'; owner: string; repo: string; environment?: string }
  | { kind: 'organization'; org: string; visibility: Visibility; selectedRepositories: string[] }

export interface Destination {
  targets: Target[]
  secretType: SecretType
}

type Get = (name: string) => string

const OWNER_RULE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/
const REPO_RULE = /^[A-Za-z0-9._-]+$/
const VISIBILITIES: Visibility[] = ['all', 'private', 'selected']
const SECRET_TYPES: SecretType[] = ['actions', 'dependabot']

/** Several values in one input, one a line or separated by commas. */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean)
    )
  ]
}

function isRepositoryName(repo: string): boolean {
  return REPO_RULE.test(repo) && repo !== '.' && repo !== '..'
}

export function readDestination(get: Get, env: NodeJS.ProcessEnv, problems: string[]): Destination {
  const secretType = (get('secret-type') || 'actions') as SecretType
  if (!SECRET_TYPES.includes(secretType)) {
    problems.push(`Input 'secret-type' is '${secretType}': write actions or dependabot.`)
  }
  const environment = get('environment')
  if (environment && secretType === 'dependabot') {
    problems.push(`Input 'environment' cannot be used with secret-type dependabot: Dependabot secrets have no environments.`)
  }

  const org = get('organization')
  if (org) {
    if (!OWNER_RULE.test(org)) problems.push(`Input 'organization' is '${org}': write the organization's login, for example octo-org.`)
    if (environment) problems.push(`Input 'environment' cannot be used with 'organization': organization secrets have no environments.`)
    const visibility = (get('visibility') || 'private') as Visibility
    if (!VISIBILITIES.includes(visibility)) problems.push(`Input 'visibility' is '${visibility}': write all, private or selected.`)
    const prefix = `${org.toLowerCase()}/`
    const selected = splitList(get('selected-repositories')).map((name) =>
      name.toLowerCase().startsWith(prefix) ? name.slice(prefix.length) : name
    )
    for (const name of selected.filter((name) => !isRepositoryName(name))) {
      problems.push(`Input 'selected-repositories' names '${name}': give repository names of ${org}, one a line or comma-separated.`)
    }
    if (visibility === 'selected' && selected.length === 0) {
      problems.push(`Input 'selected-repositories' is empty, but visibility is selected: name the repositories that may use the secret.`)
    }
    if (visibility !== 'selected' && selected.length > 0) {
      problems.push(
        `Input 'selected-repositories' is given, but visibility is ${visibility}: set visibility to selected, or leave the list empty.`
      )
    }
    return { secretType, targets: [{ kind: 'organization', org, visibility, selectedRepositories: selected }] }
  }

  const repositories = splitList(get('repository') || (env.GITHUB_REPOSITORY ?? ''))
  if (repositories.length === 0) {
    problems.push(`Input 'repository' is empty and GITHUB_REPOSITORY is not set: write it as owner/name.`)
  }
  const targets: Target[] = []
  for (const repository of repositories) {
    const [owner = '', repo = '', ...rest] = repository.split('/')
    if (!OWNER_RULE.test(owner) || !isRepositoryName(repo) || rest.length > 0) {
      problems.push(`Input 'repository' has '${repository}': write each as owner/name, for example octocat/hello-world.`)
      continue
    }
    targets.push(environment ? { kind: 'repository', owner, repo, environment } : { kind: 'repository', owner, repo })
  }
  return { secretType, targets }
}
