/** The package's version: written in by the bundler (scripts/build.mjs) and by vitest.config.ts, from package.json. */
declare const __PACKAGE_VERSION__: string

export const VERSION: string = __PACKAGE_VERSION__
