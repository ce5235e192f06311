/** What the upkeep's issues say: what happened, when the token dies, and what to do about it. */
import { createHash } from 'node:crypto'
import { whenWithDays } from '../core/freshness.js'
import { capital } from '../shared/explain.js'
import { oneLine, quoted } from '../shared/inert.js'

/** A secret or variable name the user may have typed, and the provider's default, which is said as it is. */
export interface TypedName {
  name: string | undefined
  defaultName?: string | undefined
}

/** The run the upkeep speaks of, from the runner's environment and the inputs. */
export interface RunContext {
  owner: string
  repo: string
  /** From GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/renew.yml@refs/heads/main". */
  workflowRef: string | undefined
  workflowName: string | undefined
  runUrl: string | undefined
  /** GITHUB_RUN_ID: this workflow run, whose creation time tells another run's write from an older one. */
  runId: string | undefined
  /** For the issue title, so that each kept token has its own issue. */
  service: string
  /** The secret as issues name it (secretLabel): never a value the user typed. */
  secretName: string
  /** Every secret and variable name the run keeps, with its provider's default: an account names them by their labels. */
  typedNames?: TypedName[] | undefined
  /** The authorize address to start over with, where the app id and redirect URI are known. */
  authorizeUrl: string | undefined
  /** How long the provider's authorization code works: "for one hour". */
  codeLife: string
  /** Where the provider's page tells how to get the first token: ' (docs/linkedin.md: "The first token")'. */
  guide?: string | undefined
  /** The command line that authorizes again from a terminal and stores the token, where the app is known. */
  loginCommand: string | undefined
  /**
   * Where no code from the browser can be given to a manual run (PKCE binds X's to the login that
   * asked for it; no authorize page is known for any OAuth 2.0 service): how to start over, in the
   * provider's words, said where no login command is known. Undefined: the manual run's steps.
   */
  authorizeAgain?: string | undefined
  /** When the kept token expires, as the provider has it: a date, never, or within hours (beside its refresh token). */
  expiry: 'dated' | 'never' | 'hours'
}

const FAILURE_SIGNATURE = '_Opened by threads-token-keeper; it closes this issue after the next successful renewal._'
const WRITER_SIGNATURE =
  '_Opened by threads-token-keeper; close this issue once the token is replaced, or it closes itself once that day has passed._'
const DATA_ACCESS_SIGNATURE =
  "_Opened by threads-token-keeper; it closes this issue once a run sees the token's data access end more than 14 days ahead._"

/**
 * The secret as a public issue names it, in its title and body: the provider's default name as it
 * is, any other name by a fingerprint (the first 8 hex digits of the SHA-256 of the name as stored,
 * upper case), which stays the same from run to run, so that the issue is found again. A name is a
 * value the user typed, and it may be a secret given to the wrong input (`secret-name: ${{ secrets.X }}`).
 */
export function secretLabel(secretName: string, defaultName: string | undefined): string {
  return secretName === defaultName ? secretName : `secret ${createHash('sha256').update(secretName).digest('hex').slice(0, 8)}`
}

/**
 * The action's account with every name the user typed (secrets, variables) told by its label:
 * the account speaks of the secret it failed to write, and an issue never repeats a typed value.
 */
export function withNamesLabelled(text: string, names: readonly TypedName[]): string {
  let labelled = text
  for (const { name, defaultName } of names) {
    if (!name || name === defaultName) continue
    const label = secretLabel(name, defaultName).replace(/^secret /, '')
    // Names are letters, digits and underscores (inputs.ts): a word boundary holds them whole.
    labelled = labelled.replace(new RegExp(`\\b${name.replace(/[^\w]/g, '\\$&')}\\b`, 'g'), `(name ${label})`)
  }
  return labelled
}

export function failureTitle(context: RunContext): string {
  return `${context.service} token renewal needs attention (${context.secretName})`
}

export function dataAccessTitle(context: RunContext): string {
  return `${context.service} data access ends soon (${context.secretName})`
}

const WRITER_TITLE = 'The github-token that writes secrets here expires on '

/**
 * The writer token's issue is about the token, whichever steps use it: one issue per token, told
 * apart by the day it expires (a token's value is never put in an issue, not even hashed).
 */
export function writerTokenTitle(expiresAt: Date): string {
  return `${WRITER_TITLE}${expiresAt.toISOString().slice(0, 10)}`
}

/** The day a writer token's issue is about, from its title; undefined for any other title. */
export function writerTokenDay(title: string): string | undefined {
  const day = title.startsWith(WRITER_TITLE) ? title.slice(WRITER_TITLE.length) : ''
  return /^\d{4}-\d\d-\d\d$/.test(day) ? day : undefined
}

/** How to authorize again and store the new token: numbered steps for an issue, or the one way there is. */
function authorizeSteps(context: RunContext): string {
  if (context.authorizeAgain !== undefined) {
    const again = context.authorizeAgain
    return context.loginCommand
      ? `From a terminal, in one command that opens the browser and stores the new tokens:\n\n\`\`\`sh\n${context.loginCommand}\n\`\`\``
      : `${capital(again)}.`
  }
  const workflow = oneLine(context.workflowName ?? 'this workflow')
  const steps = [
    context.authorizeUrl
      ? `Open ${context.authorizeUrl} in a browser signed in to the ${context.service} account, and approve.`
      : `Open the authorize URL${context.guide ?? ' (README: "Get the first authorization code")'} in a browser signed in to the ${context.service} account, and approve.`,
    `Copy the \`code\` from the address you are sent to. It works once, ${context.codeLife}.`,
    `Run this workflow by hand (Actions → ${workflow} → Run workflow) with the code in its \`code\` input (README: "Bootstrap from a manual run").`
  ]
  const numbered = steps.map((step, i) => `${i + 1}. ${step}`).join('\n')
  return context.loginCommand
    ? `${numbered}\n\nOr, from a terminal, in one command that opens the browser and stores the token (add \`--secret-name\` where the workflow keeps another name):\n\n\`\`\`sh\n${context.loginCommand}\n\`\`\``
    : numbered
}

/**
 * The failure issue: the action's own account of what failed (never a service's words: the issue is
 * public and unmasked), when the stored token dies, and how to start over.
 */
export function failureBody(context: RunContext, account: string, expiresAt: Date | undefined, urgent: boolean, now: Date): string {
  const workflow = oneLine(context.workflowName ?? 'this workflow')
  const expiry = expiresAt
    ? `expires ${whenWithDays(expiresAt, now)}.`
    : {
        dated: 'has an unknown expiry (keep one with the expires-at-variable input).',
        never: 'never expires, but the service may invalidate it at any time, without notice.',
        hours: 'is kept with its refresh token, which renews it on each run.'
      }[context.expiry]
  const hurry = urgent
    ? [
        `**Time is short:** the next scheduled run may come after the token has expired. Once the service answers again, run this workflow by hand (Actions → ${workflow} → Run workflow); if the token has expired meanwhile, authorize again as below.`
      ]
    : []
  return [
    // In a code block, nothing in it can mention, link or inject HTML, whatever a repository or file name holds.
    `**What happened:**\n\n${quoted(account)}`,
    `**The stored token** (${context.secretName}) ${expiry}`,
    ...hurry,
    `**If it must be authorized again:**\n${authorizeSteps(context)}`,
    `Otherwise fix what the account above names, then run the workflow again (with a fresh code, if it was started with one).${context.runUrl ? `\n\nFailed run: ${context.runUrl} (its log quotes the service's own words)` : ''}`,
    FAILURE_SIGNATURE
  ].join('\n\n')
}

/** The data-access issue: the day the grant ends, and how to authorize again before it. */
export function dataAccessBody(context: RunContext, expiresAt: Date, now: Date): string {
  const ended = expiresAt.getTime() <= now.getTime()
  return [
    `The app's access to the data of the ${context.service} account whose token is kept in ${context.secretName} ${ended ? 'ended' : 'ends'} ${whenWithDays(expiresAt, now)}. ` +
      (context.expiry === 'never'
        ? `The service ends it at that date, whatever the token's own expiry (it has none): only a new authorization starts a new grant. Each run checks the token as usual until then.`
        : `The service ends it at that date however often the token is refreshed: only a new authorization starts a new grant. The token is refreshed as usual until then.`),
    `**Authorize again${ended ? '' : ' before that day'}:**\n${authorizeSteps(context)}`,
    `${context.runUrl ? `Seen in run: ${context.runUrl}\n\n` : ''}${DATA_ACCESS_SIGNATURE}`
  ].join('\n\n')
}

/** The writer token's issue: when it expires, how to make the next one, and how never to again. */
export function writerTokenBody(context: RunContext, expiresAt: Date, now: Date): string {
  return [
    `The token in the \`github-token\` input, which writes the kept tokens' secrets (here ${context.secretName}, and any other step's that uses it), expires ${whenWithDays(expiresAt, now)}. Once it has, every renewal fails, and the tokens die some weeks later.`,
    [
      '**Make a new one with the same permissions, before then:**',
      '1. GitHub → Settings → Developer settings → Personal access tokens → Fine-grained tokens → the token → Regenerate token (it keeps its repositories and permissions), or Generate new token with the same ones: Secrets read and write (Variables read and write when variables are kept, Environments read and write for an environment).',
      '2. Store it in the secret your workflow passes as `github-token`, replacing the old one.'
    ].join('\n'),
    'Or never renew it by hand again: a GitHub App installation token, made on every run by [actions/create-github-app-token](https://github.com/actions/create-github-app-token), has no expiry to watch (docs/recipes.md: "A GitHub App token instead of a personal token").',
    `${context.runUrl ? `Seen in run: ${context.runUrl}\n\n` : ''}${WRITER_SIGNATURE}`
  ].join('\n\n')
}
