/**
 * Preloaded into the bundle's process by `npm run demo` (`node --require`, which every Node 20 has,
 * and which runs before the bundle's ES modules): moves the action's clock CLOCK_AHEAD_MS ahead, as
 * the demo moves the stand-ins' clocks, so that "fifty days later" is fifty days later on both sides
 * (a LinkedIn check compares the expiry LinkedIn reports with its own clock). Only Date moves, by a
 * constant: time-outs and back-off, which count durations, are as they are.
 */
const ahead = Number(process.env.CLOCK_AHEAD_MS ?? 0)
const RealDate = Date

class Later extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + ahead)
    else super(...args)
  }

  static now() {
    return RealDate.now() + ahead
  }
}

globalThis.Date = Later
