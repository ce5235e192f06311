/**
 * Text from outside (a username, an API's error message, an input) made harmless for the place it
 * goes: a log line cannot start a workflow command, a summary cell cannot close the table, an
 * issue cannot mention anyone, link anywhere or carry HTML, a terminal cannot be sent escapes.
 */

/* eslint-disable no-control-regex -- matching control characters is the point of this module */
// ANSI escape sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), two-byte escapes, 8-bit CSI.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g
// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
// The same, but for line feeds and tabs, which a multi-line text keeps.
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
/* eslint-enable no-control-regex */
// Line and paragraph separators, and the bidirectional overrides that make text read other than it is.
const INVISIBLE = /[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function hasControlCharacters(text: string): boolean {
  return new RegExp(CONTROL.source).test(text)
}

/** One line for the log: no control character, so nothing in it can start a line of its own. */
export function oneLine(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, ' ').replace(INVISIBLE, ' ')
}

/** Text for the content of an HTML element (the step summary's cells, list items, code), on one line. Never for an attribute. */
export function html(text: string): string {
  return oneLine(text).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Several lines of text, each made inert: line feeds and tabs kept, CR dropped. */
function lines(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL_BUT_LINES, '').replace(INVISIBLE, '')
}

/** Text for a terminal: escape sequences and control characters gone; line breaks and tabs kept. */
export function forTerminal(text: string): string {
  return lines(text)
}

/**
 * Someone else's words in a Markdown issue: a fenced code block, inside which GitHub renders no
 * mention, link or HTML. The fence is longer than any run of backticks in the text, and the text is
 * cut to `max` characters.
 */
export function quoted(text: string, max = 2000): string {
  const clean = lines(text.length > max ? `${text.slice(0, max)}…` : text)
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((run) => run[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}text\n${clean}\n${fence}`
}
