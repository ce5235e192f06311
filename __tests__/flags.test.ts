import { describe, expect, it } from 'vitest'
import { readFlag } from '../src/flags.js'

/** readFlag on one input, as the runner hands it over: '' for an input not given. */
function flag(value: string | undefined): { value: boolean; problems: string[]; asked: string[] } {
  const problems: string[] = []
  const asked: string[] = []
  const get = (name: string): string => {
    asked.push(name)
    return name === 'dry-run' ? (value ?? '') : 'garbage'
  }
  return { value: readFlag(get, 'dry-run', problems), problems, asked }
}

describe('readFlag', () => {
  it.each<[string | undefined, boolean]>([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', false],
    [undefined, false]
  ])('%j -> %s, no problem', (value, expected) => {
    expect(flag(value)).toEqual({ value: expected, problems: [], asked: ['dry-run'] })
  })

  // YAML 1.1 spellings and near misses: the runner passes them as text, so they are refused, not guessed.
  it.each(['yes', 'no', 'on', 'off', '1', '0', 'tRUE', 'fAlse', 'y', ' true', 'true\n', 'truee'])(
    '%j -> false, with a problem naming the input and the value',
    (value) => {
      expect(flag(value)).toEqual({ value: false, problems: [`Input 'dry-run' is '${value}': write true or false.`], asked: ['dry-run'] })
    }
  )

  it('adds to the problems already found, never replacing them', () => {
    const problems = ['an earlier problem']
    expect(readFlag(() => 'maybe', 'failure-issue', problems)).toBe(false)
    expect(readFlag(() => 'TRUE', 'keep-schedule-alive', problems)).toBe(true)
    expect(problems).toEqual(['an earlier problem', "Input 'failure-issue' is 'maybe': write true or false."])
  })
})
