import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forTerminal, hasControlCharacters, html, oneLine, quoted } from '../src/shared/inert.js'

const HOSTILE = 'ok\n::warning::pwned\r\n::stop-commands::x\u0085next\u2028line </table><h1>big</h1> \u001b[31mred\u001b[0m \u202etxt.exe'
const anyText = fc.string({ unit: 'binary', maxLength: 200 })

describe('oneLine', () => {
  it('turns every control character, escape sequence and line separator into something that cannot start a line', () => {
    const line = oneLine(HOSTILE)
    for (const separator of ['\n', '\r', '\u0085', '\u2028', '\u202e', '\u001b']) expect(line).not.toContain(separator)
    expect(line).toContain('ok ::warning::pwned')
    expect(line).toContain('red')
  })

  it('leaves plain text as it is', () => {
    expect(oneLine('Secret THREAD_ACCESS_TOKEN created in octo-org/blog (environment prod).')).toBe(
      'Secret THREAD_ACCESS_TOKEN created in octo-org/blog (environment prod).'
    )
  })

  it('never leaves a control character, whatever it is given', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(hasControlCharacters(oneLine(text))).toBe(false)
      })
    )
  })
})

describe('html', () => {
  it('escapes what would close a cell or open an element, on one line', () => {
    expect(html('</table><h1>big & bold</h1>\nnext')).toBe('&#60;/table&#62;&#60;h1&#62;big &#38; bold&#60;/h1&#62; next')
  })

  it('never leaves a < or > or control character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const escaped = html(text)
        expect(escaped).not.toMatch(/[<>]/)
        expect(hasControlCharacters(escaped)).toBe(false)
      })
    )
  })
})

describe('forTerminal', () => {
  it('drops escape sequences (CSI, OSC, 8-bit CSI) and control characters; keeps lines and tabs', () => {
    expect(forTerminal('a\u001b[31mred\u001b[0m\tb\r\nc\u001b]0;title\u0007d\u009b2Je\u0000')).toBe('ared\tb\ncde')
  })

  it('never leaves an ESC, BEL or CSI', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const control of ['\u001b', '\u0007', '\u009b']) expect(forTerminal(text)).not.toContain(control)
      })
    )
  })
})

describe('quoted', () => {
  it('puts the text in a fenced code block longer than any backtick run in it', () => {
    expect(quoted('a ``` b')).toBe('````text\na ``` b\n````')
    expect(quoted('@octocat [x](https://evil.example) <img src=x>')).toBe('```text\n@octocat [x](https://evil.example) <img src=x>\n```')
  })

  it('cuts long text, and drops control characters but line breaks', () => {
    const block = quoted(`${'x'.repeat(50)}\u001b[2J\r\nnext`, 40)
    expect(block).toBe(`\`\`\`text\n${'x'.repeat(40)}…\n\`\`\``)
    expect(quoted('one\r\ntwo\u0000')).toBe('```text\none\ntwo\n```')
  })

  it('can never be closed from inside: no line of the text is the fence', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ') }), (text) => {
        const block = quoted(text)
        const fence = /^(`+)text\n/.exec(block)?.[1] ?? ''
        const inside = block.slice(fence.length + 5, block.length - fence.length - 1)
        expect(inside.split('\n').some((line) => line.trim().startsWith(fence))).toBe(false)
      })
    )
  })
})
