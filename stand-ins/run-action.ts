import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BUNDLE = fileURLToPath(new URL('../dist/index.js', import.meta.url))
export const CLI_BUNDLE = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

export interface RunOptions {
  /** Inputs by their action.yml names; each becomes INPUT_<NAME> as the runner sets it. */
  inputs: Record<string, string>
  env?: Record<string, string>
  /** The node binary to run the bundle with. */
  node?: string
  /** Called with the running process, to signal it as the runner does when a job is cancelled. */
  whileRunning?: (child: ChildProcess) => void
  /** The whole command line after `node` (the bundled action by default): the command line's arguments, or `-e 0` for a bare node. */
  argv?: string[]
}

/** Reads the runner's `name<<DELIMITER ... DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (heredoc) {
      const [, name = '', delimiter] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
      outputs[name] = value.join('\n')
    } else if (lines[i]?.includes('=')) {
      const [name = '', ...rest] = (lines[i] ?? '').split('=')
      outputs[name] = rest.join('=')
    }
  }
  return outputs
}

/** Runs the bundled action (or `argv`) as a child process, the way the Actions runner does. */
export async function runAction({
  inputs,
  env = {},
  node = process.execPath,
  whileRunning,
  argv = [BUNDLE]
}: RunOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'token-keeper-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await Promise.all([writeFile(outputFile, ''), writeFile(summaryFile, '')])
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTIONS: 'true',
    ...env
  }
  for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value

  try {
    const child = spawn(node, argv, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    whileRunning?.(child)
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    const [outputText, summary] = await Promise.all([readFile(outputFile, 'utf8'), readFile(summaryFile, 'utf8')])
    return { exitCode, stdout, stderr, outputs: parseOutputFile(outputText), summary }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
