import * as core from '@actions/core'
import type { HandBackError, Outcome } from './keeper.js'

function daysUntil(iso: string, now: Date): number {
  return Math.round((Date.parse(iso) - now.getTime()) / 86_400_000)
}

/** Outputs for later steps; `access-token` is masked already. */
export function setOutputs(outcome: Outcome): void {
  core.setOutput('flow', outcome.flow)
  core.setOutput('secret-name', outcome.secretName)
  if (outcome.userId) core.setOutput('user-id', outcome.userId)
  if (outcome.username) core.setOutput('username', outcome.username)
  if (outcome.expiresIn !== undefined) core.setOutput('expires-in', String(outcome.expiresIn))
  if (outcome.expiresAt) core.setOutput('expires-at', outcome.expiresAt)
  if (outcome.accessToken) core.setOutput('access-token', outcome.accessToken)
}

/** The rows of the step summary and of the log's closing lines. Never a credential. */
export function describeOutcome(outcome: Outcome, now: Date): [string, string][] {
  const rows: [string, string][] = [['Flow', outcome.dryRun ? `${outcome.flow} (dry run: nothing changed)` : outcome.flow]]
  const unchanged = outcome.flow === 'skipped' ? 'unchanged: the current token is under a day old, too young to refresh' : 'not written'
  rows.push([
    'Secret',
    outcome.secretStatus ? `${outcome.secretName} ${outcome.secretStatus} in ${outcome.target}` : `${outcome.secretName} in ${outcome.target} (${unchanged})`
  ])
  if (outcome.userId) rows.push(['Threads user', `${outcome.username ? `@${outcome.username} ` : ''}(id ${outcome.userId})`])
  if (outcome.expiresAt) rows.push(['Token expires', `${outcome.expiresAt} (in ${daysUntil(outcome.expiresAt, now)} days)`])
  for (const { name, status } of outcome.variables) rows.push(['Variable', `${name} ${status}`])
  return rows
}

async function writeSummary(build: (summary: typeof core.summary) => void): Promise<void> {
  // Run outside a runner (locally, in a script) there is no summary file to write.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  build(core.summary)
  await core.summary.write()
}

export async function report(outcome: Outcome, now: Date): Promise<void> {
  setOutputs(outcome)
  const rows = describeOutcome(outcome, now)
  for (const [label, value] of rows) core.info(`${label}: ${value}`)
  for (const warning of outcome.warnings) core.warning(warning)
  const notes = outcome.warnings.concat(outcome.failures)
  await writeSummary((summary) => {
    summary
      .addHeading(outcome.dryRun ? 'Threads token check (dry run)' : 'Threads token kept', 3)
      .addTable([[{ data: 'What', header: true }, { data: 'Result', header: true }], ...rows])
    if (notes.length > 0) summary.addList(notes)
  })
}

/** The new token could not be stored: give it back sealed, so that it is not lost. */
export async function reportHandBack(error: HandBackError): Promise<void> {
  core.info('The new token is sealed with the target\'s public key; only GitHub can open it. Store it with:')
  core.info(error.storeCommand)
  await writeSummary((summary) =>
    summary
      .addHeading('Threads token obtained but not stored', 3)
      .addRaw('The new token was sealed with the target\'s public key (only GitHub can open it). Store it with:', true)
      .addCodeBlock(error.storeCommand, 'sh')
  )
}
