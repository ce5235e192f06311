/**
 * The release checks and texts, for `.github/workflows/release.yml` (and a maintainer's dry run):
 *
 *   npx tsx scripts/release.ts check v1.2.3   # the tag, package.json and CHANGELOG.md agree
 *   npx tsx scripts/release.ts notes v1.2.3   # the CHANGELOG.md section of that version: the release notes
 *   npx tsx scripts/release.ts major v1.2.3   # "v1" when v1.2.3 is the newest 1.x.y tag, else nothing
 *   npx tsx scripts/release.ts npm-tag v1.2.3 # "latest" when v1.2.3 is the newest release of all, else "v1-maintenance"
 *
 * That dist/ matches src/ is checked by scripts/check-dist.sh, as in CI.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/

/** The three numbers of a vX.Y.Z tag; undefined for anything else (v1, v1.2, v1.2.3-rc.1). */
export function parseTag(tag: string): Version | undefined {
  const match = TAG.exec(tag)
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined
}

/** The body of `## [X.Y.Z] - YYYY-MM-DD` in a Keep a Changelog file, up to the next version; undefined where there is none. */
export function changelogSection(changelog: string, version: string): { date: string; body: string } | undefined {
  const lines = changelog.split('\n')
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - (\\d{4}-\\d{2}-\\d{2})\\s*$`)
  const start = lines.findIndex((line) => heading.test(line))
  if (start < 0) return undefined
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line))
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((line) => !/^\[[^\]]+\]: /.test(line)) // link definitions at the end of the file
    .join('\n')
    .trim()
  return { date: heading.exec(lines[start] ?? '')?.[1] ?? '', body }
}

/** What stands between this tag and a release; empty when it may go out. */
export function releaseProblems(tag: string, packageVersion: string, changelog: string): string[] {
  const numbers = parseTag(tag)
  if (!numbers) return [`'${tag}' is not a release tag: write vX.Y.Z, for example v1.2.3.`]
  const version = numbers.join('.')
  const problems: string[] = []
  if (packageVersion !== version) {
    problems.push(
      `package.json says ${packageVersion}, the tag ${tag}: run 'npm version ${version} --no-git-tag-version', rebuild and commit.`
    )
  }
  const section = changelogSection(changelog, version)
  if (!section) problems.push(`CHANGELOG.md has no '## [${version}] - YYYY-MM-DD' section: move the Unreleased entries under it.`)
  else if (section.body === '') problems.push(`CHANGELOG.md's section for ${version} is empty: say what changed.`)
  return problems
}

type Version = [number, number, number]

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/** The release tags newer than `version`, among `tags`. */
const newerThan = (version: Version, tags: string[]): Version[] =>
  tags.map(parseTag).filter((other): other is Version => other !== undefined && compare(other, version) > 0)

/** The major tag (v1) to move to this release: only when it is the newest release of that major. */
export function majorTagToMove(tag: string, existingTags: string[]): string | undefined {
  const version = parseTag(tag)
  if (!version) return undefined
  return newerThan(version, existingTags).some(([major]) => major === version[0]) ? undefined : `v${version[0]}`
}

/** npm's dist-tag for this release: `latest` only for the newest release, so that a fix to an older line never replaces it. */
export function npmDistTag(tag: string, existingTags: string[]): string {
  const version = parseTag(tag)
  if (!version || newerThan(version, existingTags).length === 0) return 'latest'
  return `v${version[0]}-maintenance`
}

function main([command, tag = '']: string[]): number {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const read = (file: string): string => readFileSync(join(root, file), 'utf8')
  if (command === 'check') {
    const { version } = JSON.parse(read('package.json')) as { version: string }
    const problems = releaseProblems(tag, version, read('CHANGELOG.md'))
    for (const problem of problems) console.error(`::error::${problem}`)
    if (problems.length === 0) console.log(`${tag}: package.json and CHANGELOG.md agree.`)
    return problems.length === 0 ? 0 : 1
  }
  if (command === 'notes') {
    const section = changelogSection(read('CHANGELOG.md'), (parseTag(tag) ?? []).join('.'))
    if (!section) return 1
    console.log(section.body)
    return 0
  }
  if (command === 'major' || command === 'npm-tag') {
    const tags = execFileSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' }).split('\n')
    const answer = command === 'major' ? majorTagToMove(tag, tags) : npmDistTag(tag, tags)
    if (answer) console.log(answer)
    return 0
  }
  console.error('Usage: tsx scripts/release.ts check|notes|major|npm-tag vX.Y.Z')
  return 2
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2))
