/**
 * Every relative link of the documentation leads somewhere: to a file that exists and, after a `#`,
 * to one of its headings, by GitHub's anchor rules. Code blocks and code spans hold no links.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)
].filter((path) => path.endsWith('.md'))

/** The page without its fenced code blocks (each line kept, emptied). */
const withoutCodeBlocks = (markdown: string): string =>
  markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\2[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ''))

/**
 * The anchor GitHub gives a heading (github-slugger, on the heading's text): links and code spans
 * read as their text, lower case, everything but letters, digits, `_`, `-` and spaces dropped,
 * each space a hyphen.
 */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The anchors of a page's headings, in order; a repeated one gets -1, -2, … as on GitHub. */
export function anchorsOf(markdown: string): string[] {
  const seen = new Map<string, number>()
  return [...withoutCodeBlocks(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm)].map((match) => {
    const slug = slugOf(match[1] ?? '')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    return count === 0 ? slug : `${slug}-${count}`
  })
}

/** Every link target of a page outside code: inline links and images, and reference definitions. */
export function linksOf(markdown: string): string[] {
  const text = withoutCodeBlocks(markdown).replace(/(`+)[\s\S]*?\1/g, '')
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)].map((match) => match[1] ?? '')
  const references = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((match) => match[1] ?? '')
  return [...inline, ...references]
}

const isRelative = (link: string): boolean => !/^[a-z][a-z\d+.-]*:/i.test(link) && !link.startsWith('//')

describe('the rules the link check applies', () => {
  it("makes GitHub's anchors: punctuation dropped, code read as text, repeats numbered, code blocks skipped", () => {
    const page = [
      '# Keep it: alive!',
      '## The `targets` output',
      '## Keep it: alive',
      '```sh',
      '# not a heading',
      '```',
      '### [Dry run](#x)'
    ].join('\n')
    expect(anchorsOf(page)).toEqual(['keep-it-alive', 'the-targets-output', 'keep-it-alive-1', 'dry-run'])
    expect(slugOf('Node 24, out of the way')).toBe('node-24-out-of-the-way')
    expect(slugOf('url and status')).toBe('url-and-status')
  })

  it('finds inline links, images and reference definitions, but none in code', () => {
    const page = ['[a](docs/a.md#x) ![b](b.png "title")', '`[c](c.md)`', '```md', '[d](d.md)', '```', '[e]: e.md#y'].join('\n')
    expect(linksOf(page)).toEqual(['docs/a.md#x', 'b.png', 'e.md#y'])
  })
})

describe.each(PAGES)('%s', (path) => {
  const links = linksOf(read(path)).filter(isRelative)

  it.skipIf(links.length === 0)('every relative link leads to a file, and every #anchor to a heading of it', () => {
    for (const link of links) {
      const [file = '', anchor] = decodeURI(link).split('#')
      const target = file === '' ? path : file.startsWith('/') ? file.slice(1) : join(dirname(path), file)
      expect(existsSync(join(ROOT, target)), `${path} → ${link}: no such file`).toBe(true)
      if (anchor === undefined) continue
      expect(target, `${path} → ${link}: an anchor in a file that is not Markdown`).toMatch(/\.md$/)
      expect(anchorsOf(read(target)), `${path} → ${link}: no such heading`).toContain(anchor)
    }
  })
})
