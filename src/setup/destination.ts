/** Reads where the token goes: repositories (or one environment of each), or an organization. */
import { SECRET_TYPES, VISIBILITIES, type SecretType, type Target, type Visibility } from '../github/targets.js'
import { quoted } from '../shared/errors.js'
import { splitList, type Fields } from './fields.js'

export interface Destination {
  targets: Target[]
  /** The secret stores written at each target, the Actions one first where both are. */
  secretTypes: SecretType[]
}

const OWNER_RULE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/
const REPO_RULE = /^[A-Za-z0-9._-]+$/

function isRepositoryName(repo: string): boolean {
  return REPO_RULE.test(repo) && repo !== '.' && repo !== '..'
}

export function readDestination(fields: Fields, env: NodeJS.ProcessEnv): Destination {
  const { text, list, problem } = fields
  const types = list('secret-type')
  for (const type of types.filter((type) => !SECRET_TYPES.includes(type as SecretType))) {
    problem('secret-type', `names ${quoted(type)}: write actions, dependabot, or both (actions, dependabot).`, type)
  }
  // Ordered as SECRET_TYPES: the Actions store, which keeps the variables, comes first.
  const secretTypes = types.length === 0 ? ['actions' as const] : SECRET_TYPES.filter((type) => types.includes(type))
  const environment = text('environment')
  if (environment === '.' || environment === '..') {
    problem('environment', `is ${quoted(environment)}, which a URL path would swallow: give the environment's name.`, environment)
  }
  if (environment && secretTypes.includes('dependabot')) {
    problem('environment', `cannot be used with secret-type dependabot: Dependabot secrets have no environments.`)
  }
  const org = text('organization')
  const targets = org ? [readOrganization(fields, org, environment)] : readRepositories(fields, env, environment)
  return { secretTypes, targets }
}

function readOrganization({ text, list, problem }: Fields, org: string, environment: string): Target {
  if (!OWNER_RULE.test(org)) problem('organization', `is ${quoted(org)}: write the organization's login, for example octo-org.`, org)
  if (environment) problem('environment', `cannot be used with 'organization': organization secrets have no environments.`)
  const visibility = (text('visibility') || 'private') as Visibility
  if (!VISIBILITIES.includes(visibility)) problem('visibility', `is ${quoted(visibility)}: write all, private or selected.`, visibility)
  const prefix = `${org.toLowerCase()}/`
  const selected = list('selected-repositories').map((name) => (name.toLowerCase().startsWith(prefix) ? name.slice(prefix.length) : name))
  // Once each: 'octo-org/shop' and 'shop' are one repository.
  for (const name of new Set(selected.filter((name) => !isRepositoryName(name)))) {
    problem(
      'selected-repositories',
      `names ${quoted(name)}: give repository names of that organization, one a line or comma-separated.`,
      name
    )
  }
  if (visibility === 'selected' && selected.length === 0) {
    problem('selected-repositories', `is empty, but visibility is selected: name the repositories that may use the secret.`)
  }
  if (visibility !== 'selected' && selected.length > 0) {
    problem('selected-repositories', `is given, but visibility is not selected: set visibility to selected, or leave the list empty.`)
  }
  return { kind: 'organization', org, visibility, selectedRepositories: selected }
}

function readRepositories({ list, problem }: Fields, env: NodeJS.ProcessEnv, environment: string): Target[] {
  const given = list('repository')
  const repositories = given.length > 0 ? given : splitList(env.GITHUB_REPOSITORY ?? '')
  if (repositories.length === 0) problem('repository', `is empty and GITHUB_REPOSITORY is not set: write it as owner/name.`)
  const targets: Target[] = []
  for (const repository of repositories) {
    const [owner = '', repo = '', ...rest] = repository.split('/')
    if (!OWNER_RULE.test(owner) || !isRepositoryName(repo) || rest.length > 0) {
      problem('repository', `has ${quoted(repository)}: write each as owner/name, for example octocat/hello-world.`, repository)
      continue
    }
    targets.push(environment ? { kind: 'repository', owner, repo, environment } : { kind: 'repository', owner, repo })
  }
  return targets
}
