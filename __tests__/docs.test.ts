/**
 * The documentation is part of the interface: what README.md, the example workflows and the
 * project's own workflows say must match what action.yml declares, so that a copied snippet works.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EXIT, main as cli } from '../src/cli/commands.js'
import { PROVIDERS, isProviderName } from '../src/meta/providers.js'

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
/** Where the action lives: every snippet, example and link points here. */
const HOME = 'threads-token-keeper/threads-token-keeper'
const USES = `${HOME}@v1`
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

/** What GITHUB_TOKEN may do in a job: the job's own `permissions:`, else the workflow's. */
const jobPermissions = (workflow: Node, job: Node): Node => node(job.permissions ?? workflow.permissions)
const jobSteps = (job: Node): Node[] => (Array.isArray(job.steps) ? job.steps : []).map(node)
const enabled = (value: unknown): boolean => value === true || value === 'true'

/** The write permissions a job's steps need from GITHUB_TOKEN, and for what. */
function writesNeeded(job: Node): Record<string, boolean> {
  const own = jobSteps(job).filter((step) => stepsUsingAction(step).length > 0)
  return {
    actions: own.some((step) => enabled(node(step.with)['keep-schedule-alive'])),
    issues: own.some((step) => enabled(node(step.with)['failure-issue'])),
    contents: jobSteps(job).some((step) => /\bgit push\b/.test(text(step.run)))
  }
}

/** The secret a workflow's steps keep: secret-name, or the provider's default. */
function keptSecrets(workflow: Node): string[] {
  return stepsUsingAction(workflow).map((step) => {
    const given = node(step.with)
    const provider = text(given.provider) || 'threads'
    return (text(given['secret-name']) || (isProviderName(provider) ? PROVIDERS[provider].defaultSecretName : provider)).toUpperCase()
  })
}

/** Every command line in README's sh blocks that runs the command-line tool, as its arguments. */
function cliCommandLines(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '')
  const lines = blocks.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
  return lines.flatMap((line) => {
    const match = /(?:npx threads-token-keeper|node dist\/cli\.js)\s+([^|#<>&;]*)/.exec(line)
    if (!match) return []
    return [
      (match[1] ?? '')
        .trim()
        .split(/\s+/)
        .map((arg) => arg.replace(/^(['"])(.*)\1$/, '$2'))
    ]
  })
}

describe('action.yml', () => {
  it('has a name, an author, a description the Marketplace accepts (under 125 characters), and branding', () => {
    expect(text(action.name)).not.toBe('')
    expect(text(action.author)).toMatch(/\w/)
    expect(text(action.description)).toMatch(/^[^\n]{20,124}$/)
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

describe('the home', () => {
  const pkg = node(JSON.parse(read('package.json')))

  it(`package.json points at ${HOME}, under the license LICENSE holds`, () => {
    expect(text(node(pkg.repository).url)).toBe(`git+https://github.com/${HOME}.git`)
    expect(text(pkg.homepage)).toBe(`https://github.com/${HOME}#readme`)
    expect(text(node(pkg.bugs).url)).toBe(`https://github.com/${HOME}/issues`)
    expect(pkg.license).toBe('MIT')
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /)
  })

  it('no snippet, example or link points at a placeholder owner', () => {
    const files = ['README.md', 'action.yml', ...EXAMPLES.map((file) => `examples/${file}`)]
    for (const file of files) expect(read(file), file).not.toMatch(/\bOWNER\/|github:[\w-]+\/threads-token-keeper/)
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
    const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => read(`src/${file}`))
    const referenced = sources.flatMap((source) => [...source.matchAll(/README: "([^"]+)"/g)].map((match) => match[1] ?? ''))
    expect(referenced).toContain('Bootstrap from a manual run')
    for (const heading of referenced) expect(README).toMatch(new RegExp(`^#{2,4} ${heading}$`, 'm'))
  })
})

describe('README.md: the command line', () => {
  const commands = cliCommandLines(README)

  it('shows login, url and status', () => {
    expect(new Set(commands.map(([name]) => name))).toEqual(new Set(['login', 'url', 'status']))
  })

  it.each(commands.map((args): [string, string[]] => [args.join(' '), args]))(
    '%s: a command with flags the tool accepts',
    async (_, args) => {
      const problems: string[] = []
      const io = {
        out: (): void => undefined,
        err: (line: string): void => {
          problems.push(line)
        },
        lines: { next: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined), close: () => undefined },
        env: {}
      }
      // With --help the tool checks the command and every flag, and sends nothing.
      expect(await cli([...args, '--help'], io), problems.join('\n')).toBe(EXIT.ok)
    }
  )

  it('names every exit code in "First token in two minutes"', () => {
    const section = /^## First token in two minutes$([\s\S]*?)^## /m.exec(README)?.[1] ?? ''
    for (const code of Object.values(EXIT)) expect(section).toContain(`\`${code}\``)
  })
})

describe('examples/', () => {
  it('holds the ready-to-copy workflows', () => {
    expect(EXAMPLES).toEqual(['ferret-post.yml', 'renew-instagram-token.yml', 'renew-threads-token.yml'])
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

  it.each([
    ['renew-threads-token.yml', {}, 'THREAD_ACCESS_TOKEN'],
    ['renew-instagram-token.yml', { provider: 'instagram' }, 'INSTAGRAM_ACCESS_TOKEN']
  ])('%s: weekly, an optional code input, and never dies unnoticed', (file, provider, secret) => {
    const workflow = example(file)
    const on = node(workflow.on)
    const [weekly] = Array.isArray(on.schedule) ? on.schedule : []
    expect(text(node(weekly).cron)).toMatch(/^\S+ \S+ \* \* [0-6]$/)
    expect(node(node(node(on.workflow_dispatch).inputs).code)).toMatchObject({ required: false })
    // The workflow as a whole grants nothing; the renewing job exactly what its upkeep needs.
    expect(workflow.permissions).toEqual({})
    const jobs = Object.values(node(workflow.jobs)).map(node)
    expect(jobs).toHaveLength(1)
    expect(jobPermissions(workflow, jobs[0] ?? {})).toEqual({ actions: 'write', issues: 'write' })
    const [step] = stepsUsingAction(workflow)
    expect(node(step?.with)).toMatchObject({
      ...provider,
      'authorization-code': '${{ inputs.code }}',
      'long-lived-token': `\${{ secrets.${secret} }}`,
      'keep-schedule-alive': true,
      'failure-issue': true
    })
    expect(text(node(step?.with)['expires-at-variable'])).not.toBe('')
  })

  it.each(EXAMPLES)('%s grants GITHUB_TOKEN a write only where a step of the job needs it, and nothing else', (file) => {
    const workflow = example(file)
    for (const job of Object.values(node(workflow.jobs)).map(node)) {
      const needed = writesNeeded(job)
      const granted = jobPermissions(workflow, job)
      for (const [scope, level] of Object.entries(granted)) {
        expect(needed[scope], `'${scope}: ${String(level)}' is granted but no step needs it`).toBe(true)
        expect(level).toBe('write')
      }
      for (const [scope, need] of Object.entries(needed)) if (need) expect(granted[scope], `a step needs '${scope}: write'`).toBe('write')
    }
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

  it('examples that keep the same secret share one concurrency group, so two refreshes never race', () => {
    const groups = new Map<string, Set<string>>()
    for (const file of EXAMPLES) {
      const group = text(node(example(file).concurrency).group)
      for (const secret of keptSecrets(example(file))) groups.set(secret, (groups.get(secret) ?? new Set()).add(group))
    }
    expect([...groups.keys()].sort()).toEqual(['INSTAGRAM_ACCESS_TOKEN', 'THREAD_ACCESS_TOKEN'])
    for (const [secret, names] of groups) expect([...names], secret).toHaveLength(1)
    // And only those: GitHub keeps one pending run per group, so a shared group could cancel another token's renewal.
    const perSecret = [...groups.values()].map((names) => [...names][0])
    expect(new Set(perSecret).size).toBe(perSecret.length)
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
