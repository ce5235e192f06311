import { StandInServer, type ServerTls } from './server.js'

/** What every service stand-in can be told, besides its own settings. */
export interface ServiceOptions {
  /** Serve https:// with this key and certificate. */
  tls?: ServerTls
  /**
   * Stop the clock: it moves only with advance(), so that tests can assert exact seconds. By default it
   * runs with real time (plus what advance() added), as GraphStandIn's does.
   */
  frozenClock?: boolean
}

/**
 * What every service stand-in shares: one loopback server (routes, request log, faults by route key)
 * and a clock that tests move instead of waiting.
 */
export abstract class LoopbackService {
  readonly server: StandInServer
  private offsetMs = 0
  private readonly frozenAt: number | undefined

  constructor(options: ServiceOptions = {}) {
    this.server = new StandInServer('', options.tls)
    this.frozenAt = options.frozenClock ? Date.now() : undefined
  }

  start(): Promise<string> {
    return this.server.start()
  }

  close(): Promise<void> {
    return this.server.close()
  }

  get url(): string {
    return this.server.url
  }

  /** The service's time, in milliseconds since the epoch. */
  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offsetMs
  }

  advance(ms: number): void {
    this.offsetMs += ms
  }

  /** Every secret this service knows or has handed out: for leak scans. */
  abstract credentials(): string[]
}
