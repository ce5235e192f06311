import { StandInServer, type ServerTls } from './server.js'

/**
 * What every service stand-in shares: one loopback server (routes, request log, faults by route key)
 * and a clock that tests move instead of waiting.
 */
export abstract class LoopbackService {
  readonly server: StandInServer
  private offsetMs = 0

  constructor(tls?: ServerTls) {
    this.server = new StandInServer('', tls)
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
    return Date.now() + this.offsetMs
  }

  advance(ms: number): void {
    this.offsetMs += ms
  }

  /** Every secret this service knows or has handed out: for leak scans. */
  abstract credentials(): string[]
}
