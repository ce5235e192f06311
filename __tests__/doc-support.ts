/**
 * What the documentation tests share: action.yml as declared, the pages, and readers of Markdown
 * tables, YAML blocks and the steps that use this action. Not a test file itself.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

export type Node = Record<string, unknown>
export const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)
export const node = (value: unknown): Node => (isNode(value) ? value : {})
export const text = (value: unknown): string => (typeof value === 'string' ? value : '')

interface Declared {
  description: string
  required: boolean
  default: string | undefined
}

export const action = node(parse(read('action.yml')))
const declared = (section: 'inputs' | 'outputs'): Map<string, Declared> =>
  new Map(
    Object.entries(node(action[section])).map(([name, value]) => {
      const spec = node(value)
      const given = spec.default
      const fallback = typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean' ? String(given) : undefined
      return [name, { description: text(spec.description), required: spec.required === true, default: fallback }]
    })
  )
export const INPUTS = declared('inputs')
export const OUTPUTS = declared('outputs')

/** Every page of the documentation: README, docs/, and the project's own pages, by path. */
export const PAGES = new Map(
  ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)]
    .filter((path) => path.endsWith('.md'))
    .map((path) => [path, read(path)])
)
/** Where the action lives: every snippet, example and link points here. */
export const HOME = 'threads-token-keeper/threads-token-keeper'
export const USES = `${HOME}@v1`
export const FLOWS = ['authorization-code', 'short-lived-token', 'refresh', 'skipped']

/** The first Markdown table after a heading, as rows of trimmed cells (header and rule dropped). */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((line) => new RegExp(`^#{2,3} ${heading}\\s*$`).test(line))
  expect(start, `a "${heading}" heading`).toBeGreaterThanOrEqual(0)
  const rows: string[][] = []
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|'))
      rows.push(
        line
          .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
          .split('|')
          .map((cell) => cell.trim())
      )
    else if (rows.length > 0) break
    else if (/^#{1,3} /.test(line)) break
  }
  expect(rows.length, `a table follows "${heading}"`).toBeGreaterThan(2)
  return rows.slice(2)
}

export const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1')

/** Every YAML block, those indented in a list too, without their indentation. */
export function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```ya?ml\n([\s\S]*?)^\1```/gm)].map(([, indent = '', block = '']) =>
    block.replace(new RegExp(`^${indent}`, 'gm'), '')
  )
}

/** Every step (anywhere in a workflow or a snippet of one) that runs this action. */
export function stepsUsingAction(tree: unknown): Node[] {
  if (Array.isArray(tree)) return tree.flatMap(stepsUsingAction)
  if (!isNode(tree)) return []
  const uses = text(tree.uses)
  const own = uses === './' || /(^|\/)threads-token-keeper@/.test(uses) ? [tree] : []
  return [...own, ...Object.values(tree).flatMap(stepsUsingAction)]
}

/** The problems with one step's `with:`: undeclared inputs, and required inputs left out (a bare `uses:` shows a version only). */
export function withProblems(step: Node): string[] {
  const given = Object.keys(node(step.with))
  const unknown = given.filter((name) => !INPUTS.has(name)).map((name) => `'${name}' is not an input of action.yml`)
  if (!('with' in step)) return unknown
  const missing = [...INPUTS]
    .filter(([name, spec]) => spec.required && spec.default === undefined && !given.includes(name))
    .map(([name]) => `required input '${name}' is missing`)
  return [...unknown, ...missing]
}

export const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
export const example = (file: string): Node => node(parse(read(`examples/${file}`)))
