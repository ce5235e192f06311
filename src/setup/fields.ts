/**
 * The rules every input follows, whatever it is for: a reader that trims each value and collects
 * every problem, so that one run reports them all at once, before anything is sent.
 */
import { quoted, type InputProblem } from '../shared/errors.js'
import { hasControlCharacters } from '../shared/inert.js'

/** A raw input by its action.yml name: '' where it is not given. */
export type GetInput = (name: string) => string

export interface Fields {
  /** The input, trimmed, as given: for credentials, which follow rules of their own. */
  get: (input: string) => string
  /** The input, trimmed: one line of text, with a problem where it holds a control character. */
  text: (input: string) => string
  /** Several values, one a line or comma-separated, trimmed, without repeats; none may hold a control character. */
  list: (input: string) => string[]
  /**
   * Records what is wrong with an input: the message follows its name ("is required …"). Where it
   * quotes the value given, it does so with `quoted(value)` and passes `value`, so that an issue can leave it out.
   */
  problem: (input: string, message: string, value?: string) => void
  /** Records a problem told in a sentence of its own, which names the inputs it concerns. */
  sentence: (input: string, message: string) => void
  readonly problems: InputProblem[]
  /** A boolean, spelled as the runner's YAML spells one; empty is false, anything else a problem. */
  flag: (input: string) => boolean
  /** A secret or variable name, upper-cased as GitHub stores it. */
  name: (input: string, value: string, kind: 'secret' | 'variable') => string
  /** A base URL: https (or http to loopback), no credentials, query or fragment; trailing slashes dropped. */
  url: (input: string, value: string) => string
  /** The value, with a problem where it is empty. */
  required: (input: string, value: string, why: string) => string
}

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

export function createFields(getInput: GetInput): Fields {
  const problems: InputProblem[] = []
  const problem = (input: string, message: string, value?: string): void => {
    problems.push(value === undefined ? { input, message } : { input, message, value })
  }
  // Once an input, however many of its values hold one.
  const controlled = (input: string, values: string[]): void => {
    if (values.some(hasControlCharacters))
      problem(input, 'holds a line break or another control character: give it on one line, as plain text.')
  }
  const sentence = (input: string, message: string): void => {
    problems.push({ input, message, sentence: true })
  }

  return {
    get: (input) => getInput(input).trim(),
    text(input) {
      const value = getInput(input).trim()
      controlled(input, [value])
      return value
    },
    list(input) {
      const values = splitList(getInput(input))
      controlled(input, values)
      return values
    },
    problem,
    sentence,
    problems,
    flag(input) {
      const value = getInput(input).trim()
      if (value && !TRUE_VALUES.includes(value) && !FALSE_VALUES.includes(value))
        problem(input, `is ${quoted(value)}: write true or false.`, value)
      return TRUE_VALUES.includes(value)
    },
    name(input, value, kind) {
      const upper = value.toUpperCase()
      if (!NAME_RULE.test(value) || upper.startsWith('GITHUB_')) {
        problem(
          input,
          `is ${quoted(value)}, which is not a valid GitHub ${kind} name: use letters, digits ` +
            `and '_', do not start with a digit or with GITHUB_ (for example THREAD_ACCESS_TOKEN).`,
          value
        )
      }
      return upper
    },
    url(input, value) {
      let url: URL
      try {
        url = new URL(value)
      } catch {
        problem(input, 'is not a URL: give an address such as https://host.')
        return value
      }
      const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname)
      if (url.protocol !== 'https:' && !loopbackHttp) {
        problem(input, 'must use https:// (plain http:// is accepted only for localhost).')
      } else if (url.username || url.password || url.search || url.hash) {
        problem(input, 'must be a plain base address, without credentials, query or fragment.')
      }
      return url.origin + url.pathname.replace(/\/+$/, '')
    },
    required(input, value, why) {
      if (!value) problem(input, `is required ${why}.`)
      return value
    }
  }
}

/** Several values in one input, one a line or separated by commas: trimmed, without repeats. */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/\r?\n|,/)
        .map((item) => item.trim())
        .filter(Boolean)
    )
  ]
}

/**
 * What a pasted redirect carries: its code, and its state where it is a whole address. Threads
 * appends `#_` to the redirect; people also paste the whole address they landed on.
 */
export function readRedirect(raw: string): { code: string; state: string | undefined } {
  let code = raw.trim()
  let state: string | undefined
  if (/^https?:\/\//i.test(code)) {
    try {
      const { searchParams } = new URL(code)
      code = searchParams.get('code') ?? code
      state = searchParams.get('state') ?? undefined
    } catch {
      // Not a URL after all: validated as a code later.
    }
  }
  return { code: code.replace(/#_?$/, '').trim(), state }
}
