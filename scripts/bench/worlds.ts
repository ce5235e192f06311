/**
 * The stand-ins `npm run bench` runs against: Threads' world and each provider's (its service beside
 * a GitHub of its own), started only where an entry needs them. A new provider's world comes with its
 * stand-in (stand-ins/provider-world.ts); an entry then names it.
 */
import { startProviderWorld, type ProviderWorld, type ServiceName } from '../../stand-ins/provider-world.js'
import type { StandInServer } from '../../stand-ins/server.js'
import { startWorld, type World } from '../../stand-ins/world.js'

export type Worlds = { threads: World } & { [Name in ServiceName]: ProviderWorld<Name> }
export type WorldName = keyof Worlds

/** The two hosts of a world, as the bench counts and slows them: the service's, and GitHub's. */
export interface Hosts {
  service: StandInServer
  github: StandInServer
}

export class StartedWorlds {
  private readonly started = new Map<WorldName, Worlds[WorldName]>()

  static async start(names: Iterable<WorldName>): Promise<StartedWorlds> {
    const worlds = new StartedWorlds()
    for (const name of new Set(names)) {
      // A provider's world is the world of that provider: TypeScript cannot tell from a union of names.
      worlds.started.set(name, name === 'threads' ? await startWorld() : ((await startProviderWorld(name)) as Worlds[typeof name]))
    }
    return worlds
  }

  get<Name extends WorldName>(name: Name): Worlds[Name] {
    const world = this.started.get(name)
    if (!world) throw new Error(`the ${name} world was not started`)
    return world as Worlds[Name]
  }

  hosts(name: WorldName): Hosts {
    const world = this.get(name)
    return { service: 'graph' in world ? world.graph.server : world.service.server, github: world.github.server }
  }

  /** Every host slowed by `ms` per request. */
  set latencyMs(ms: number) {
    for (const name of this.started.keys()) {
      const { service, github } = this.hosts(name)
      service.latencyMs = ms
      github.latencyMs = ms
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.started.values()].map((world) => world.close()))
  }
}
