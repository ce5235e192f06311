// Named imports, so that the bundler can leave out what the action never calls.
import { info, setOutput, summary, warning } from '@actions/core'
import { isoSeconds, whenWithDays } from '../core/freshness.js'
import type { Outcome, StoreByHand } from '../core/outcome.js'
import { html, oneLine } from '../shared/inert.js'

/** The outcome in words, redacted: what the log, the outputs and the step summary show. */
export interface Report extends Omit<Outcome, 'warnings' | 'failures'> {
  warnings: string[]
  failures: string[]
}

/** What the run learned besides the outcome: when the secrets-writing token expires, where GitHub said. */
export interface Context {
  writerTokenExpiresAt?: Date | undefined
}

/** Outputs for later steps; `access-token` is masked already. */
export function setOutputs(outcome: Report, context: Context = {}): void {
  setWriterTokenOutput(context)
  setOutput('flow', outcome.flow)
  if (outcome.secretName) setOutput('secret-name', outcome.secretName)
  setOutput('targets', JSON.stringify(outcome.targets))
  if (outcome.userId) setOutput('user-id', outcome.userId)
  if (outcome.username) setOutput('username', outcome.username)
  if (outcome.expiresIn !== undefined) setOutput('expires-in', String(outcome.expiresIn))
  if (outcome.expiresAt) setOutput('expires-at', outcome.expiresAt)
  if (outcome.refreshTokenExpiresAt) setOutput('refresh-token-expires-at', outcome.refreshTokenExpiresAt)
  if (outcome.dataAccessExpiresAt) setOutput('data-access-expires-at', outcome.dataAccessExpiresAt)
  if (outcome.accessToken) setOutput('access-token', outcome.accessToken)
}

const UNCHANGED = {
  dryRun: 'dry run, unchanged',
  checked: 'checked, not written: nothing renews it',
  other: 'not written'
}

/** The rows of the step summary and of the log's closing lines. Never a credential. */
export function describeOutcome(outcome: Report, now: Date, context: Context = {}): [string, string][] {
  const rows: [string, string][] = [['Flow', outcome.dryRun ? `${outcome.flow} (dry run: nothing changed)` : outcome.flow]]
  const unchanged = outcome.skipReason
    ? `unchanged: ${outcome.skipReason}`
    : outcome.dryRun
      ? UNCHANGED.dryRun
      : outcome.flow === 'checked'
        ? UNCHANGED.checked
        : UNCHANGED.other
  for (const { target, secret, status } of outcome.targets) {
    rows.push(['Secret', status === 'unchanged' ? `${secret} in ${target} (${unchanged})` : `${secret} ${status} in ${target}`])
  }
  if (outcome.userId) rows.push(['User', `${outcome.username ? `@${outcome.username} ` : ''}(id ${outcome.userId})`])
  if (outcome.expiresAt) rows.push(['Token expires', whenWithDays(new Date(outcome.expiresAt), now)])
  if (outcome.refreshTokenExpiresAt) rows.push(['Refresh token ends', whenWithDays(new Date(outcome.refreshTokenExpiresAt), now)])
  if (outcome.dataAccessExpiresAt) rows.push(['Data access ends', whenWithDays(new Date(outcome.dataAccessExpiresAt), now)])
  for (const { target, name, status } of outcome.variables) rows.push(['Variable', `${name} ${status} in ${target}`])
  return [...rows, ...writerTokenRows(context, now)]
}

/** When the secrets-writing token expires, where GitHub said: an output, whatever else the run did. */
function setWriterTokenOutput({ writerTokenExpiresAt }: Context): void {
  if (writerTokenExpiresAt) setOutput('github-token-expires-at', isoSeconds(writerTokenExpiresAt))
}

function writerTokenRows({ writerTokenExpiresAt }: Context, now: Date): [string, string][] {
  return writerTokenExpiresAt ? [['GitHub token expires', whenWithDays(writerTokenExpiresAt, now)]] : []
}

/** A plain log line: on one line, so that nothing in it can start a workflow command. */
const say = (text: string): void => info(oneLine(text))

const sayRows = (rows: [string, string][]): void => {
  for (const [label, value] of rows) say(`${label}: ${value}`)
}

/** What precedes the command that stores a token not stored, in the log and in the summary. */
const storeByHandIntro = ({ target, kind }: StoreByHand): string =>
  `The new ${kind}, sealed with the public key of ${target} (only GitHub can open it). Store it with:`

/** Run outside a runner (locally, in a script) there is no summary file to write. */
const hasSummary = (): boolean => !!process.env.GITHUB_STEP_SUMMARY

export async function report(outcome: Report, context: Context, now: Date): Promise<void> {
  // First, before any file is written that could fail: the only copy of a token not stored.
  for (const handed of outcome.storeByHand) {
    say(storeByHandIntro(handed))
    say(handed.command)
  }
  setOutputs(outcome, context)
  const rows = describeOutcome(outcome, now, context)
  sayRows(rows)
  for (const note of outcome.warnings) warning(note)
  if (!hasSummary()) return
  const heading =
    outcome.storeByHand.length > 0 ? 'Token obtained but not stored everywhere' : outcome.dryRun ? 'Token check (dry run)' : 'Token kept'
  // The summary is HTML, written as given: every text in it is escaped.
  addTable(heading, rows)
  const notes = outcome.warnings.concat(outcome.failures)
  if (notes.length > 0) summary.addList(notes.map(html))
  for (const handed of outcome.storeByHand) {
    summary.addRaw(html(storeByHandIntro(handed)), true).addCodeBlock(html(handed.command), 'sh')
  }
  await summary.write()
}

/**
 * A run that failed before it had an outcome: the summary says when the stored token expires, so
 * that how urgent it is shows at a glance. The failure itself is the step's ::error:: line.
 */
export async function reportFailure(
  message: string,
  { storedExpiresAt, expiry, ...context }: Context & { storedExpiresAt: Date | undefined; expiry: 'dated' | 'never' | 'hours' },
  now: Date
): Promise<void> {
  setWriterTokenOutput(context)
  const unknown = {
    dated: 'unknown (keep one with the expires-at-variable input)',
    never: 'never, but it may be invalidated at any time',
    hours: undefined
  }[expiry]
  const stored = storedExpiresAt ? whenWithDays(storedExpiresAt, now) : unknown
  const rows: [string, string][] = [
    ...(stored ? [['Stored token expires', stored] as [string, string]] : []),
    ...writerTokenRows(context, now)
  ]
  sayRows(rows)
  if (!hasSummary()) return
  addTable('Token not renewed', rows)
  summary.addList([html(message)])
  await summary.write()
}

/** A heading and a two-column table, every text in it escaped: the summary is HTML, written as given. */
function addTable(heading: string, rows: [string, string][]): void {
  summary.addHeading(heading, 3).addTable([
    [
      { data: 'What', header: true },
      { data: 'Result', header: true }
    ],
    ...rows.map((row) => row.map(html))
  ])
}
