/**
 * keepToken for a provider's world (Facebook, LinkedIn, X, any OAuth 2.0 service), wired as the action
 * wires it: the world's inputs read by readInputs, the calls built by connect(). Not a test file itself.
 */
import { keepToken } from '../src/core/keeper.js'
import type { Outcome } from '../src/core/outcome.js'
import { connect, type Connection } from '../src/setup/connect.js'
import { readInputs } from '../src/setup/inputs.js'
import { describeProblem } from '../src/shared/errors.js'
import { createHttp } from '../src/shared/http.js'
import type { ProviderWorld, ServiceName } from '../stand-ins/provider-world.js'
import { POLICY } from './support.js'

export interface KeepOptions {
  /** This run's creation on GitHub's clock, as the action asks it: a refused credential is weighed against it. */
  runAskedAt?: string | undefined
  cancelled?: AbortSignal | undefined
  /** The run's clock; default the real one. */
  now?: () => Date
}

export interface Kept {
  outcome: Promise<Outcome>
  /** The lines the run logs as it goes. */
  info: string[]
  connection: Connection
}

/** One run on `w` with its inputs plus `extra`; throws the problems where the inputs are unusable. */
export function keepOn(w: ProviderWorld<ServiceName>, extra: Record<string, string>, options: KeepOptions = {}): Kept {
  const raw = w.inputs(extra)
  const { settings, problems } = readInputs((name) => raw[name] ?? '', {})
  if (!settings) throw new Error(problems.map(describeProblem).join('\n'))
  const connection = connect(settings, { http: createHttp(POLICY, () => undefined), mask: () => undefined, debug: () => undefined })
  const info: string[] = []
  const outcome = keepToken(settings.request, {
    ...connection,
    now: options.now ?? (() => new Date()),
    pause: () => Promise.resolve(),
    info: (line) => info.push(line),
    runAskedAt: () => Promise.resolve(options.runAskedAt),
    cancelled: options.cancelled
  })
  return { outcome, info, connection }
}
