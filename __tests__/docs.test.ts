/**
 * The documentation is part of the interface: what README.md, the example workflows and the
 * project's own workflows say must match what action.yml declares, so that a copied snippet works.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)
const node = (value: unknown): Node => (isNode(value) ? value : {})
const text = (value: unknown): string => (typeof value === 'string' ? value : '')

interface Declared {
  description: string
  required: boolean
  default: string | undefined
}

const action = node(parse(read('action.yml')))
const declared = (section: 'inputs' | 'outputs'): Map<string, Declared> =>
  new Map(
    Object.entries(node(action[section])).map(([name, value]) => {
      const spec = node(value)
      const given = spec.default
      const fallback = typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean' ? String(given) : undefined
      return [name, { description: text(spec.description), required: spec.required === true, default: fallback }]
    })
  )
const INPUTS = declared('inputs')
const OUTPUTS = declared('outputs')

const README = read('README.md')
const USES = 'OWNER/threads-token-keeper@v1'
const FLOWS = ['authorization-code', 'short-lived-token', 'refresh', 'skipped']

/** The first Markdown table after a heading, as rows of trimmed cells (header and rule dropped). */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((line) => new RegExp(`^#{2,3} ${heading}\\s*$`).test(line))
  expect(start, `README has a "${heading}" heading`).toBeGreaterThanOrEqual(0)
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

const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1')

function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '')
}

/** Every step (anywhere in a workflow or a snippet of one) that runs this action. */
function stepsUsingAction(tree: unknown): Node[] {
  if (Array.isArray(tree)) return tree.flatMap(stepsUsingAction)
  if (!isNode(tree)) return []
  const uses = text(tree.uses)
  const own = uses === './' || /(^|\/)threads-token-keeper@/.test(uses) ? [tree] : []
  return [...own, ...Object.values(tree).flatMap(stepsUsingAction)]
}

/** The problems with one step's `with:`: undeclared inputs, and required inputs left out. */
function withProblems(step: Node): string[] {
  const given = Object.keys(node(step.with))
  const unknown = given.filter((name) => !INPUTS.has(name)).map((name) => `'${name}' is not an input of action.yml`)
  const missing = [...INPUTS]
    .filter(([name, spec]) => spec.required && spec.default === undefined && !given.includes(name))
    .map(([name]) => `required input '${name}' is missing`)
  return [...unknown, ...missing]
}

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
const example = (file: string): Node => node(parse(read(`examples/${file}`)))
const WORKFLOWS = readdirSync(join(ROOT, '.github/workflows'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()

describe('action.yml', () => {
  it('has a name, a one-line description, and branding', () => {
    expect(text(action.name)).not.toBe('')
    expect(text(action.description)).toMatch(/^[^\n]{20,200}$/)
    expect(text(node(action.branding).icon)).not.toBe('')
    expect(text(node(action.branding).color)).not.toBe('')
    expect(node(action.runs)).toMatchObject({ using: 'node24', main: 'dist/index.js' })
  })

  const described: [string, string, string][] = [
    ...[...INPUTS].map(([name, spec]): [string, string, string] => ['input', name, spec.description]),
    ...[...OUTPUTS].map(([name, spec]): [string, string, string] => ['output', name, spec.description])
  ]
  it.each(described)('%s %s has a one-line description', (_, __, description) => {
    expect(description).toMatch(/^[^\n]{10,200}$/)
  })

  it("names every flow in the 'flow' output's description", () => {
    for (const flow of FLOWS) expect(OUTPUTS.get('flow')?.description).toContain(flow)
  })
})

describe('README.md', () => {
  it('lists exactly the inputs action.yml declares, with their defaults', () => {
    const rows = tableAfter(README, 'Inputs')
    expect(rows.map(([name = '']) => unquote(name))).toEqual([...INPUTS.keys()])
    for (const [name = '', fallback = ''] of rows) {
      const spec = INPUTS.get(unquote(name))
      const expected = spec?.default !== undefined ? `\`${spec.default}\`` : spec?.required ? '(required)' : ''
      expect(fallback, `default of ${name}`).toBe(expected)
    }
  })

  it('lists exactly the outputs action.yml declares', () => {
    const rows = tableAfter(README, 'Outputs')
    expect(rows.map(([name = '']) => unquote(name))).toEqual([...OUTPUTS.keys()])
  })

  it("names every flow, 'skipped' included, in the 'flow' output's row", () => {
    const flow = tableAfter(README, 'Outputs').find(([name]) => name === '`flow`')
    for (const value of FLOWS) expect(flow?.[1]).toContain(`\`${value}\``)
  })

  it('has YAML blocks that parse, and whose steps give only declared inputs', () => {
    const blocks = yamlBlocks(README)
    expect(blocks.length).toBeGreaterThan(3)
    const steps = blocks.flatMap((block) => stepsUsingAction(parse(block)))
    expect(steps.length).toBeGreaterThan(3)
    for (const step of steps) {
      expect(withProblems(step), JSON.stringify(step.with)).toEqual([])
      expect(step.uses).toBe(USES)
    }
  })

  it('shows examples/renew-threads-token.yml as the quick start workflow, unchanged', () => {
    const quickStart = yamlBlocks(README).map((block): unknown => parse(block))
    expect(quickStart).toContainEqual(example('renew-threads-token.yml'))
  })

  it('has every section that an error message sends the user to', () => {
    const sources = readdirSync(join(ROOT, 'src')).map((file) => read(`src/${file}`))
    const referenced = sources.flatMap((source) => [...source.matchAll(/README: "([^"]+)"/g)].map((match) => match[1] ?? ''))
    expect(referenced).toContain('Bootstrap from a manual run')
    for (const heading of referenced) expect(README).toMatch(new RegExp(`^#{2,4} ${heading}$`, 'm'))
  })
})

describe('examples/', () => {
  it('holds the two ready-to-copy workflows', () => {
    expect(EXAMPLES).toEqual(['ferret-post.yml', 'renew-threads-token.yml'])
  })

  it.each(EXAMPLES)('%s runs on a schedule and by hand, with permissions and a concurrency group', (file) => {
    const workflow = example(file)
    const on = node(workflow.on)
    const schedule = on.schedule
    expect(Array.isArray(schedule) && schedule.length > 0).toBe(true)
    for (const entry of Array.isArray(schedule) ? schedule : []) expect(text(node(entry).cron).split(' ')).toHaveLength(5)
    expect('workflow_dispatch' in on).toBe(true)
    expect(isNode(workflow.permissions)).toBe(true)
    expect(text(node(workflow.concurrency).group)).not.toBe('')
    expect(node(workflow.concurrency)['cancel-in-progress']).not.toBe(true)
  })

  it.each(EXAMPLES)('%s uses the action with declared inputs only', (file) => {
    const steps = stepsUsingAction(example(file))
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      expect(step.uses).toBe(USES)
      expect(withProblems(step)).toEqual([])
    }
  })

  it('renew-threads-token.yml: weekly, an optional code input, no write permission for GITHUB_TOKEN', () => {
    const workflow = example('renew-threads-token.yml')
    const on = node(workflow.on)
    const [weekly] = Array.isArray(on.schedule) ? on.schedule : []
    expect(text(node(weekly).cron)).toMatch(/^\S+ \S+ \* \* [0-6]$/)
    expect(node(node(node(on.workflow_dispatch).inputs).code)).toMatchObject({ required: false })
    expect(Object.values(node(workflow.permissions))).not.toContain('write')
    const [step] = stepsUsingAction(workflow)
    expect(node(step?.with)).toMatchObject({
      'authorization-code': '${{ inputs.code }}',
      'long-lived-token': '${{ secrets.THREAD_ACCESS_TOKEN }}'
    })
  })

  it('ferret-post.yml renews the token before ferret runs, and hands ferret the names it reads', () => {
    const workflow = example('ferret-post.yml')
    const jobs = Object.values(node(workflow.jobs)).map(node)
    expect(jobs).toHaveLength(1)
    const steps = (Array.isArray(jobs[0]?.steps) ? jobs[0].steps : []).map(node)
    const renew = steps.findIndex((step) => text(step.uses) === USES)
    const post = steps.findIndex((step) => text(step.run).includes('ferret') && 'THREAD_ACCESS_TOKEN' in node(step.env))
    expect(renew).toBeGreaterThanOrEqual(0)
    expect(post).toBeGreaterThan(renew)
    const env = node(steps[post]?.env)
    expect(text(env.THREAD_ACCESS_TOKEN)).toContain('secrets.THREAD_ACCESS_TOKEN')
    expect(text(env.THREAD_USER_ID)).toContain('vars.THREAD_USER_ID')
    expect(Object.keys(node(workflow.permissions))).toEqual(['contents'])
  })

  it('both examples share one concurrency group, so two refreshes never race', () => {
    const groups = EXAMPLES.map((file) => text(node(example(file).concurrency).group))
    expect(new Set(groups).size).toBe(1)
  })
})

describe('.github/', () => {
  it.each(WORKFLOWS)('%s grants GITHUB_TOKEN contents: read only, and gives uses: ./ declared inputs only', (file) => {
    const workflow = node(parse(read(`.github/workflows/${file}`)))
    expect(workflow.permissions).toEqual({ contents: 'read' })
    for (const job of Object.values(node(workflow.jobs))) expect(node(job).permissions).toBeUndefined()
    for (const step of stepsUsingAction(workflow)) expect(withProblems(step)).toEqual([])
  })

  it('.env.example sets declared inputs only', () => {
    const names = [...read('.env.example').matchAll(/^\s*#?\s*INPUT_([A-Z-]+)=/gm)].map((match) => (match[1] ?? '').toLowerCase())
    expect(names.length).toBeGreaterThan(5)
    for (const name of names) expect(INPUTS.has(name), name).toBe(true)
  })
})
