/**
 * README.md is the first five minutes: the smallest workflow first, the two pitfalls, what must exist,
 * the recommended workflow, the first token, and how to try the project in two commands.
 * docs/inputs.md holds every input and output, held to action.yml.
 */
import { describe, expect, it } from 'vitest'
import { PROVIDERS } from '../src/services/registry.js'
import { FLOWS, HOME, INPUTS, OUTPUTS, USES, read, tableAfter, unquote, yamlBlocks } from './doc-support.js'

const README = read('README.md')
const headings = [...README.matchAll(/^## (.+)$/gm)].map((match) => match[1] ?? '')
const section = (heading: string): string => new RegExp(`^## ${heading}$([\\s\\S]*?)^## `, 'm').exec(README)?.[1] ?? ''
/** An example workflow as the README shows it: from `name:` on, without the file's leading comments. */
const shown = (file: string): string => {
  const workflow = read(`examples/${file}`)
  return workflow.slice(workflow.indexOf('name:'))
}

describe('README.md: the first five minutes', () => {
  it('stays under 15 KB, everything else in docs/', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(15 * 1024)
  })

  it('opens with the provider table: every provider, what it keeps, its page, before the quick start', () => {
    const intro = README.slice(0, README.indexOf('\n## '))
    // The table's rows, its header and rule left out.
    const rows = intro
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .slice(2)
      .map((line) => line.split('|').map((cell) => cell.trim()))
    expect(rows.map(([, name = '']) => unquote(name))).toEqual(PROVIDERS.map((provider) => provider.name))
    for (const [, name = '', ...cells] of rows) {
      const provider = PROVIDERS.find((candidate) => candidate.name === unquote(name))
      const page = unquote(name) === 'threads' ? '](#before-you-start)' : `](docs/${unquote(name)}.md)`
      expect(cells.join('|'), name).toContain(page)
      if (provider?.defaultSecretName) expect(cells.join('|'), name).toContain(`\`${provider.defaultSecretName}\``)
    }
    expect(intro).not.toMatch(/^```/m)
  })

  it('shows the smallest workflow first, then what must exist, the recommended workflow, the first token, and how to try it', () => {
    const order = [
      'Quick start',
      'Before you start',
      'Recommended workflow',
      'First token from your terminal',
      'Try it on your machine'
    ].map((heading) => headings.indexOf(heading))
    expect(order.every((index) => index >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    for (const need of ['Threads use case', 'tester', 'redirect URI', 'App ID', 'App Secret', 'fine-grained', 'node24'])
      expect(section('Before you start')).toContain(need)
  })

  it('shows examples/minimal.yml as its first workflow and examples/renew-threads-token.yml as the recommended one, word for word', () => {
    expect(yamlBlocks(README)[0]).toBe(shown('minimal.yml'))
    expect(yamlBlocks(section('Recommended workflow'))).toEqual([shown('renew-threads-token.yml')])
  })

  it('warns of the two pitfalls, and says what to do with a token made elsewhere, before anything else', () => {
    const quick = section('Quick start')
    expect(quick).toMatch(/`GITHUB_TOKEN` can never write secrets/)
    expect(quick).toMatch(/authorization code works once, within one hour/)
    expect(quick).toMatch(/Already have a long-lived token[\s\S]*Store it as\s+`THREAD_ACCESS_TOKEN`/)
  })

  it('sends readers to docs/inputs.md for every input and output', () => {
    expect(README).toContain('](docs/inputs.md)')
    expect(headings).not.toContain('Inputs')
  })

  it('shows pinning by the major tag and by a full commit SHA', () => {
    const uses = yamlBlocks(README).flatMap((block) => [...block.matchAll(/uses: (\S+)/g)].map((match) => match[1]))
    expect(uses).toContain(USES)
    expect(uses).toContainEqual(expect.stringMatching(new RegExp(`^${HOME}@[0-9a-f]{40}$`)))
  })
})

describe('README.md: trying the project', () => {
  const block = /^## Try it on your machine$[\s\S]*?^```sh\n([\s\S]*?)^```/m.exec(README)?.[1] ?? ''
  const commands = block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '')
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts

  it('takes two commands: install and run the demo, then the tests', () => {
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test'])
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['demo', 'test']))
  })

  it('installs and tests with the very commands .ci/run runs', () => {
    const run = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
    expect(run).toContainEqual(expect.stringMatching(/^npm ci( |$)/))
    const [, test = ''] = commands
    expect(run.filter((line) => line === test || line.startsWith(`${test} -- `))).toHaveLength(1)
  })
})

describe('docs/inputs.md', () => {
  const page = read('docs/inputs.md')

  it('lists exactly the inputs action.yml declares, with their defaults', () => {
    const rows = tableAfter(page, 'Inputs')
    expect(rows.map(([name = '']) => unquote(name))).toEqual([...INPUTS.keys()])
    for (const [name = '', fallback = ''] of rows) {
      const spec = INPUTS.get(unquote(name))
      const expected = spec?.default !== undefined ? `\`${spec.default}\`` : spec?.required ? '(required)' : ''
      expect(fallback, `default of ${name}`).toBe(expected)
    }
  })

  it('lists exactly the outputs action.yml declares', () => {
    const rows = tableAfter(page, 'Outputs')
    expect(rows.map(([name = '']) => unquote(name))).toEqual([...OUTPUTS.keys()])
  })

  it("names every flow, 'skipped' included, in the 'flow' output's row", () => {
    const flow = tableAfter(page, 'Outputs').find(([name]) => name === '`flow`')
    for (const value of FLOWS) expect(flow?.[1]).toContain(`\`${value}\``)
  })
})
