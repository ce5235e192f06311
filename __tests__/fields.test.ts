import { describe, expect, it } from 'vitest'
import { createFields } from '../src/setup/fields.js'
import { describeProblem } from '../src/shared/errors.js'

/** A flag on one input, as the runner hands it over: '' for an input not given. */
function flag(value: string | undefined): { value: boolean; problems: string[]; asked: string[] } {
  const asked: string[] = []
  const fields = createFields((name) => {
    asked.push(name)
    return name === 'dry-run' ? (value ?? '') : 'garbage'
  })
  return { value: fields.flag('dry-run'), problems: fields.problems.map(describeProblem), asked }
}

describe('flag', () => {
  it.each<[string | undefined, boolean]>([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', false],
    [undefined, false],
    // Trimmed, as every input is.
    [' true', true],
    ['true\n', true]
  ])('%j -> %s, no problem', (value, expected) => {
    expect(flag(value)).toEqual({ value: expected, problems: [], asked: ['dry-run'] })
  })

  // YAML 1.1 spellings and near misses: the runner passes them as text, so they are refused, not guessed.
  it.each(['yes', 'no', 'on', 'off', '1', '0', 'tRUE', 'fAlse', 'y', 'truee'])(
    '%j -> false, with a problem naming the input and the value',
    (value) => {
      expect(flag(value)).toEqual({ value: false, problems: [`Input 'dry-run' is '${value}': write true or false.`], asked: ['dry-run'] })
    }
  )

  it('adds to the problems already found, never replacing them', () => {
    const given: Record<string, string> = { 'failure-issue': 'maybe', 'keep-schedule-alive': 'TRUE' }
    const fields = createFields((name) => given[name] ?? '')
    fields.problem('dry-run', 'is an earlier problem.')
    expect(fields.flag('failure-issue')).toBe(false)
    expect(fields.flag('keep-schedule-alive')).toBe(true)
    expect(fields.problems.map(describeProblem)).toEqual([
      "Input 'dry-run' is an earlier problem.",
      "Input 'failure-issue' is 'maybe': write true or false."
    ])
  })
})
