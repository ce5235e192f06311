import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { changelogSection, majorTagToMove, npmDistTag, parseTag, releaseProblems } from '../scripts/release.js'

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.1.0] - 2027-01-10

### Fixed

- Something.

## [1.0.0] - 2026-12-05

First.

[Unreleased]: https://example.org/compare/v1.1.0...HEAD
[1.0.0]: https://example.org/releases/tag/v1.0.0
`

describe('the release checks', () => {
  it.each([
    ['v1.2.3', [1, 2, 3]],
    ['v10.0.12', [10, 0, 12]],
    ['1.2.3', undefined],
    ['v1', undefined],
    ['v1.2', undefined],
    ['v1.2.3-rc.1', undefined]
  ])('parseTag(%j)', (tag, expected) => {
    expect(parseTag(tag)).toEqual(expected)
  })

  it("takes a version's changelog section, up to the next one, without link definitions", () => {
    expect(changelogSection(CHANGELOG, '1.1.0')).toEqual({ date: '2027-01-10', body: '### Fixed\n\n- Something.' })
    expect(changelogSection(CHANGELOG, '1.0.0')).toEqual({ date: '2026-12-05', body: 'First.' })
    expect(changelogSection(CHANGELOG, '1.0')).toBeUndefined()
    expect(changelogSection(CHANGELOG, '2.0.0')).toBeUndefined()
  })

  it('a release needs a vX.Y.Z tag, the same version in package.json, and a dated changelog section with content', () => {
    expect(releaseProblems('v1.1.0', '1.1.0', CHANGELOG)).toEqual([])
    expect(releaseProblems('v1.1', '1.1.0', CHANGELOG)).toEqual([expect.stringMatching(/not a release tag/)])
    expect(releaseProblems('v1.1.0', '1.0.0', CHANGELOG)).toEqual([expect.stringMatching(/package.json says 1.0.0, the tag v1.1.0/)])
    expect(releaseProblems('v1.2.0', '1.2.0', CHANGELOG)).toEqual([expect.stringMatching(/no '## \[1.2.0\] - YYYY-MM-DD' section/)])
    expect(releaseProblems('v1.2.0', '1.2.0', '## [1.2.0] - 2027-02-01\n\n## [1.1.0] - 2027-01-10\n')).toEqual([
      expect.stringMatching(/empty/)
    ])
  })

  it('moves the major tag only to the newest release of that major', () => {
    const tags = ['v1', 'v1.0.0', 'v1.1.0', 'v2.0.0', 'not-a-release']
    expect(majorTagToMove('v1.1.0', tags)).toBe('v1')
    expect(majorTagToMove('v1.0.1', tags)).toBeUndefined()
    expect(majorTagToMove('v2.0.0', tags)).toBe('v2')
    expect(majorTagToMove('v3.0.0', [])).toBe('v3')
    expect(majorTagToMove('v1.x', tags)).toBeUndefined()
  })

  it("gives npm's latest only to the newest release of all", () => {
    expect(npmDistTag('v2.0.0', ['v1.1.0', 'v2.0.0'])).toBe('latest')
    expect(npmDistTag('v1.1.1', ['v1.1.0', 'v2.0.0'])).toBe('v1-maintenance')
    expect(npmDistTag('v1.1.1', ['v1.1.0', 'v1.2.0'])).toBe('v1-maintenance')
  })

  it('the repository as it is can be released as package.json says', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(releaseProblems(`v${version}`, version, readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8'))).toEqual([])
  })
})
