#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  GitHubError,
  authorizeUrl,
  connect,
  createFields,
  createHttp,
  createRedactor,
  createTransport,
  daysUntil,
  describeFailure,
  explain,
  forTerminal,
  isLoopbackHost,
  keepToken,
  oneLine,
  pauseFromEnv,
  policyFromEnv,
  providerChoices,
  providerNamed,
  proxyCredentials,
  readAuthorization,
  readInputs,
  readRedirect
} from "./chunks/chunk-ODZI3L47.js";
import "./chunks/chunk-PY5VAGIZ.js";

// src/cli/commands.ts
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

// src/cli/help.ts
var SHARED = {
  provider: { type: "string", default: "threads", value: "threads|instagram", about: "Which service's token (default threads)." },
  "threads-api-url": { type: "string", value: "URL", about: "Base URL of the Threads Graph API." },
  "instagram-api-url": { type: "string", value: "URL", about: "Base URL of Instagram's Graph API." },
  "instagram-oauth-url": { type: "string", value: "URL", about: "Base URL where Instagram exchanges codes." },
  "github-api-url": {
    type: "string",
    value: "URL",
    about: "Base URL of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3)."
  },
  help: { type: "boolean", short: "h", about: "Show this help." }
};
var HELP = SHARED.help;
var APP = {
  "app-id": { type: "string", value: "ID", required: true, about: "The numeric Threads (or Instagram) App ID, not the Facebook App ID." },
  "redirect-uri": { type: "string", value: "URI", required: true, about: "The https:// redirect URI registered for the app, exactly." }
};
var TARGET = {
  repo: { type: "string", value: "owner/name", required: true, about: "The repository that holds the secret." },
  environment: { type: "string", value: "NAME", about: "An environment of that repository instead of the repository itself." },
  "secret-name": { type: "string", value: "NAME", about: "The secret (default THREAD_ACCESS_TOKEN, or INSTAGRAM_ACCESS_TOKEN)." }
};
var EXPIRY = {
  "expires-at-variable": { type: "string", value: "NAME", about: "The variable with the token's expiry, e.g. THREAD_TOKEN_EXPIRES_AT." }
};
var COMMANDS = {
  url: {
    summary: "Print the authorize address to open in a browser.",
    about: "Prints the address that starts authorization, with your app id and redirect URI, on standard output. Sends nothing.",
    flags: { ...APP, state: { type: "string", value: "S", about: "The state parameter (default: a random one)." }, ...SHARED }
  },
  login: {
    summary: "Authorize in a browser, then store the long-lived token as an encrypted secret.",
    about: "Prints the authorize address, reads the address you were sent to after approving (or just the code) from standard input, exchanges it for a long-lived token and stores it as an encrypted secret: the token itself is never printed. The app secret comes from THREADS_APP_SECRET (INSTAGRAM_APP_SECRET) or a prompt that does not echo; the GitHub token, which must be allowed to write the repository's secrets, from GH_TOKEN, GITHUB_TOKEN or `gh auth token`.",
    flags: {
      ...APP,
      ...TARGET,
      "user-id-variable": { type: "string", value: "NAME", about: "Also store the user id in this variable, e.g. THREAD_USER_ID." },
      "expires-at-variable": { ...EXPIRY["expires-at-variable"], about: "Also store the token's expiry in this variable." },
      ...SHARED
    }
  },
  status: {
    summary: "Show whether the secret is there, when it was written, and days left. Never a value.",
    about: "Reads, changes nothing: whether the secret exists and when it was last written, and with --expires-at-variable when the token expires. The GitHub token (GH_TOKEN, GITHUB_TOKEN or `gh auth token`) needs only to read the repository's secrets and variables.",
    flags: { ...TARGET, ...EXPIRY, ...SHARED }
  }
};
var isCommand = (name) => Object.hasOwn(COMMANDS, name);
var NAME = "threads-token-keeper";
function parseOptions(command) {
  return Object.fromEntries(
    Object.entries(COMMANDS[command].flags).map(([flag, spec]) => [
      flag,
      { type: spec.type, ...spec.short ? { short: spec.short } : {}, ...spec.default ? { default: spec.default } : {} }
    ])
  );
}
function exampleFlag(command) {
  const flags = Object.entries(COMMANDS[command].flags);
  const [flag, { value }] = flags.find(([, spec]) => spec.required) ?? ["help", HELP];
  return `--${flag}${value ? ` ${value}` : ""}`;
}
function usageLine(command) {
  const flags = Object.entries(COMMANDS[command].flags).filter(([flag]) => !(flag in SHARED)).map(([flag, spec]) => {
    const text = `--${flag}${spec.value ? ` ${spec.value}` : ""}`;
    return spec.required ? text : `[${text}]`;
  });
  return `Usage: ${NAME} ${command} ${flags.join(" ")} [options]`;
}
function commandHelp(command) {
  const { about, flags } = COMMANDS[command];
  const rows = Object.entries(flags).map(([flag, spec]) => {
    const name = `${spec.short ? `-${spec.short}, ` : ""}--${flag}${spec.value ? ` ${spec.value}` : ""}`;
    return `  ${name.padEnd(34)} ${spec.about}`;
  });
  return [usageLine(command), "", about, "", "Options:", ...rows, "", EXIT_CODES].join("\n");
}
var EXIT_CODES = "Exit codes: 0 done, 1 failed, 2 wrong usage (nothing was sent), 130 a second Ctrl-C.";
function overview() {
  const rows = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`);
  return [
    `Usage: ${NAME} <command> [options]`,
    "",
    "Commands:",
    ...rows,
    "",
    `Run '${NAME} <command> --help' for its options, '${NAME} --version' for the version.`,
    EXIT_CODES
  ].join("\n");
}

// src/cli/github-token.ts
import { execFileSync } from "node:child_process";
var CLOUD = ["GH_TOKEN", "GITHUB_TOKEN"];
var ENTERPRISE = ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];
var runGh = (args, env) => execFileSync("gh", args, { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] });
function githubHostOf(apiUrl) {
  let host;
  try {
    host = new URL(apiUrl).host.toLowerCase();
  } catch {
    return void 0;
  }
  if (host === "github.com" || host.endsWith(".github.com")) return "github.com";
  return /^api\.([^.]+\.ghe\.com)$/.exec(host)?.[1] ?? host;
}
var isCloud = (host) => host === "github.com" || host.endsWith(".ghe.com");
function githubToken(env, apiUrl, gh = runGh) {
  const host = githubHostOf(apiUrl);
  if (host === void 0) return { token: "", source: "", host, variables: CLOUD, unsent: [] };
  const [variables, others] = isCloud(host) ? [CLOUD, ENTERPRISE] : [ENTERPRISE, CLOUD];
  const found = { host, variables, unsent: others.filter((name) => env[name]) };
  const named = variables.find((name) => env[name]);
  if (named) return { ...found, token: env[named] ?? "", source: named };
  const args = ["auth", "token", "--hostname", host];
  try {
    const token = gh(args, env).trim();
    return { ...found, token, source: token ? `\`gh ${args.join(" ")}\`` : "" };
  } catch {
    return { ...found, token: "", source: "" };
  }
}
function noTokenFor({ host = "github.com", variables, unsent }) {
  const [first, second] = variables;
  const theirs = variables === CLOUD ? "GitHub Enterprise Server" : "github.com and *.ghe.com";
  const kept = unsent.length > 0 ? ` ${unsent.join(" and ")} ${unsent.length > 1 ? "are" : "is"} set, but for ${theirs}: not sent to ${host}.` : "";
  return `No GitHub token for ${host}: set ${first} (or ${second}), or log in with \`gh auth login --hostname ${host}\`.${kept}`;
}

// src/cli/terms.ts
var EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 };
function say({ io, redactor }, line) {
  io.err(oneLine(redactor.redact(line)));
}
function usage(context, ...lines2) {
  for (const line of lines2) say(context, line);
  return EXIT.usage;
}
function connectServices({ io, redactor }, settings, transport, cancelled) {
  const http = createHttp(policyFromEnv(io.env), () => void 0, transport, cancelled);
  return connect(settings, { http, mask: redactor.mask, debug: () => void 0 });
}
function refuse(context, problems, given = {}) {
  const lookedFor = given.githubToken?.host !== void 0;
  const said = problems.filter(({ input }) => input !== "github-token" || lookedFor || !given.githubToken);
  return usage(context, ...said.map((problem) => describeForCli(problem, context, given)));
}
function flagsAsInputs(values, extra) {
  const renamed = { repository: values.repo };
  return (name) => extra[name] ?? renamed[name] ?? (typeof values[name] === "string" ? values[name] : "");
}
var TOKEN_NEEDS = {
  url: "",
  login: "login writes the secret: a fine-grained token with 'Secrets: read and write' on the repository (and 'Variables: read and write' for the variables), or the GitHub CLI's login (scope 'repo').",
  status: "status only reads: a token that may read the repository's secrets (never their values) and variables, such as a fine-grained token with 'Secrets: read-only' and 'Variables: read-only', or the GitHub CLI's login."
};
function cliName(input, secretEnv, given = {}) {
  const names = {
    repository: "'--repo'",
    "github-token": `the GitHub token (${given.githubToken?.variables.join(", ") ?? "GH_TOKEN, GITHUB_TOKEN"} or \`gh auth token\`)`,
    "app-secret": `the app secret (${secretEnv}, or typed at the prompt)`,
    "authorization-code": "the pasted address or code"
  };
  return names[input] ?? `'--${input}'`;
}
function cliTerms({ provider, secretEnv }) {
  const login2 = `${NAME} login${provider.name === "threads" ? "" : ` --provider ${provider.name}`}`;
  return {
    input: (name) => cliName(name, secretEnv),
    authorizeAgain: `run \`${login2}\` again to authorize in a browser`,
    freshCode: `run \`${login2}\` again for a fresh code`,
    bootstrapGuide: "",
    later: "Try again later."
  };
}
function describeForCli({ input, message, sentence }, { command, secretEnv, values }, given) {
  if (sentence) return message;
  if (input === "github-token" && given.githubToken?.token === "") return `${noTokenFor(given.githubToken)} ${TOKEN_NEEDS[command]}`;
  if (input === "app-secret" && given.appSecret === "") return `No app secret: set ${secretEnv}, or type it at the prompt.`;
  if (input === "repository" && !values.repo) return `'--repo' is required: the repository that holds the secret, as owner/name.`;
  return `${cliName(input, secretEnv, given)} ${message}`;
}
function githubTokenFor({ values, io, redactor }) {
  const given = typeof values["github-api-url"] === "string" ? values["github-api-url"].trim() : "";
  const fields = createFields(() => "");
  const apiUrl = fields.url("github-api-url", given || "https://api.github.com");
  const found = githubToken(io.env, fields.problems.length === 0 ? apiUrl : "");
  redactor.mask(found.token);
  return found;
}

// src/cli/url.ts
function authorizeAddress(values, state) {
  const { authorization, problems } = readAuthorization(flagsAsInputs(values, {}));
  if (!authorization) return { problems };
  const { provider, appId, redirectUri } = authorization;
  const warnings = refusedLoopback(provider, redirectUri) ? [loopbackWarning(provider)] : [];
  return { address: authorizeUrl(provider, appId, redirectUri, { state }), redirectUri, warnings };
}
function url(context, state) {
  const reading = authorizeAddress(context.values, state);
  if (reading.address === void 0) return refuse(context, reading.problems);
  for (const warning of reading.warnings) say(context, warning);
  context.io.out(reading.address);
  return EXIT.ok;
}
function refusedLoopback(provider, redirectUri) {
  if (provider.loopbackRedirect) return false;
  const { hostname } = new URL(redirectUri);
  return isLoopbackHost(hostname) || hostname.endsWith(".localhost");
}
var loopbackWarning = ({ label }) => `Warning: ${label} refuses redirect URIs on localhost or a loopback address, so the authorize page would only show an error. Register an https:// address on a host you control (any page will do: you only copy the address it lands on) and pass it as --redirect-uri.`;

// src/cli/login.ts
async function login(context, state) {
  const { values, provider, io, redactor, secretEnv } = context;
  const github = githubTokenFor(context);
  const { token } = github;
  const transport = createTransport(io.env);
  const flags = (extra) => flagsAsInputs(values, { "github-token": token, ...extra });
  const early = readInputs(flags({ "authorization-code": "pending", "app-secret": io.env[secretEnv] || "pending" }), {});
  if (!early.settings) return refuse(context, early.problems, { githubToken: github });
  const authorization = authorizeAddress(values, state);
  if (authorization.address === void 0) return refuse(context, authorization.problems);
  for (const warning of authorization.warnings) say(context, warning);
  io.err("Open this address in a browser, approve, then paste the address you are sent to:");
  io.out(authorization.address);
  const pasted = (await io.lines.next("Redirected address (or code): ") ?? "").trim();
  if (!pasted) return usage(context, "Nothing was pasted: after approving, paste the address you were sent to (or just its code).");
  const paste = readInputs(flags({ "authorization-code": pasted, "app-secret": io.env[secretEnv] || "pending" }), {});
  if (!paste.settings) return refuse(context, paste.problems, { githubToken: github });
  const foreign = notTheReply(pasted, authorization.redirectUri, state);
  if (foreign) return usage(context, foreign);
  const returned = readRedirect(pasted);
  const appSecret = io.env[secretEnv] || (await io.lines.secret(`${provider.label} App Secret (${secretEnv}): `) ?? "");
  redactor.mask(appSecret);
  redactor.mask(returned.code);
  const { settings, problems } = readInputs(flags({ "authorization-code": pasted, "app-secret": appSecret }), {});
  if (!settings) return refuse(context, problems, { githubToken: github, appSecret });
  const cancelled = io.catchCancel?.();
  const connection = connectServices(context, settings, transport, cancelled);
  const info = (message) => say(context, message);
  const deps = { ...connection, now: () => /* @__PURE__ */ new Date(), pause: pauseFromEnv(io.env, cancelled), info, cancelled };
  const outcome = await keepToken(settings.request, deps);
  const { secretName } = settings.request;
  for (const { target, status: status2 } of outcome.targets) io.out(`${secretName} ${status2} in ${target}`);
  for (const { target, name, status: status2 } of outcome.variables) io.out(`${name} ${status2} in ${target}`);
  if (outcome.username) {
    io.out(`${provider.label} user @${outcome.username} (id ${outcome.userId ?? "?"}); token expires ${outcome.expiresAt ?? "?"}`);
  }
  for (const { command } of outcome.storeByHand) io.out(`Not stored. The token, sealed: ${command}`);
  for (const warning of outcome.warnings) say(context, `Warning: ${warning}`);
  for (const failure of outcome.failures) say(context, describeFailure(failure, cliTerms(context)));
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed;
}
function notTheReply(pasted, redirectUri, state) {
  if (!/^https?:\/\//i.test(pasted)) return void 0;
  const again = "Paste the whole address the browser shows after you approve, or just its code; or run login again.";
  const address = new URL(pasted);
  const registered = new URL(redirectUri);
  if (address.origin !== registered.origin || address.pathname !== registered.pathname) {
    return `The pasted address is not your redirect URI (--redirect-uri), so it is not the reply to this authorization; nothing was sent. ${again}`;
  }
  const returned = address.searchParams.get("state");
  if (returned === null) {
    return `The pasted address carries no 'state', so it cannot be told from somebody else's; nothing was sent. ${again}`;
  }
  if (returned !== state) {
    return `The pasted address carries another 'state' than this login's: it is not the reply to this authorization; nothing was sent. ${again}`;
  }
  return void 0;
}

// src/cli/status.ts
async function status(context) {
  const { values, io } = context;
  const github = githubTokenFor(context);
  const { settings, problems } = readInputs(flagsAsInputs(values, { "github-token": github.token }), {}, { credential: false });
  if (!settings) return refuse(context, problems, { githubToken: github });
  const { stores } = connectServices(context, settings, createTransport(io.env));
  const show = (line) => io.out(oneLine(line));
  let missing = 0;
  for (const store of stores) {
    try {
      if (!await describeStore(store, settings.request, show)) missing++;
    } catch (error) {
      const unreadable = cannotRead(error, github, typeof values.environment === "string");
      if (!unreadable) throw error;
      say(context, unreadable);
      missing++;
    }
  }
  return missing === 0 ? EXIT.ok : EXIT.failed;
}
async function describeStore(store, { secretName: tokenSecret, refreshTokenSecret, expiresAtVariable }, show) {
  const secretName = tokenSecret ?? refreshTokenSecret ?? "";
  const updatedAt = await store.secretUpdatedAt(secretName);
  if (updatedAt === void 0) await store.prepare();
  show(`${secretName} in ${store.label}: ${updatedAt ? `present, last written ${updatedAt}` : "not set"}`);
  if (expiresAtVariable) {
    const expiry = await store.readVariable(expiresAtVariable);
    const days = expiry ? daysUntil(expiry, /* @__PURE__ */ new Date()) : void 0;
    show(`${expiresAtVariable}: ${expiry ? `${expiry} (${days !== void 0 && days >= 0 ? `${days} days left` : "expired"})` : "not set"}`);
  }
  return updatedAt !== void 0;
}
function cannotRead(error, github, environment) {
  if (!(error instanceof GitHubError)) return void 0;
  const { status: status2, target, operation, acceptedPermissions } = error;
  if (status2 === 401) {
    return `GitHub refused the GitHub token (${github.source}) as invalid or expired: make a new one, or log in again with \`gh auth login --hostname ${github.host ?? "github.com"}\`.`;
  }
  if (status2 === 404) {
    return `${target} was not found, or the GitHub token cannot see it: check --repo${environment ? " and --environment" : ""}, and that the token may access that repository.`;
  }
  if (status2 !== 403) return void 0;
  const what = operation.startsWith("read variable") ? "variables" : "secrets";
  const permission = `'${what === "variables" ? "Variables" : "Secrets"}: read-only'${environment ? " and 'Environments: read-only'" : ""}`;
  const says = acceptedPermissions ? ` GitHub says it needs: ${acceptedPermissions}.` : "";
  return `Could not ${operation.replace(/^read (secret|variable) /, "read the $1 ")}: GitHub refused the token (HTTP 403).${says} Reading a repository's ${what} takes a fine-grained token with ${permission} on it, or a classic token with 'repo' (status never reads a value).`;
}

// src/cli/version.ts
var VERSION = "1.0.0";

// src/cli/commands.ts
var isPlainWord = (text) => /^-{0,2}[a-z][a-z-]{0,29}$/i.test(text);
var unknownCommand = (name) => `Unknown command${isPlainWord(name) ? ` '${name}'` : ""}: the commands are ${Object.keys(COMMANDS).join(", ")}. Run '${NAME} --help'.`;
var strayArgument = (command) => `An argument without a flag (not repeated here: it may be a credential): give each value after its flag, as in ${exampleFlag(command)}.`;
async function main(argv, terminal) {
  const io = { ...terminal, out: (line) => terminal.out(forTerminal(line)), err: (line) => terminal.err(forTerminal(line)) };
  const [name, ...rest] = argv;
  if (name === void 0) {
    io.err(overview());
    return EXIT.usage;
  }
  if (name === "--version" || name === "-v") {
    io.out(VERSION);
    return EXIT.ok;
  }
  if (name === "--help" || name === "-h" || name === "help") return help(rest[0], io);
  if (!isCommand(name)) {
    io.err(unknownCommand(name));
    return EXIT.usage;
  }
  let values;
  try {
    values = parseArgs({ args: rest, options: parseOptions(name), strict: true, allowPositionals: false }).values;
  } catch (error) {
    const stray = error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL";
    io.err(`${stray ? strayArgument(name) : error.message}
${usageLine(name)}
Run '${NAME} ${name} --help' for every option.`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(commandHelp(name));
    return EXIT.ok;
  }
  return run(name, values, io);
}
function help(topic, io) {
  if (topic === void 0) {
    io.out(overview());
    return EXIT.ok;
  }
  if (!isCommand(topic)) {
    io.err(unknownCommand(topic));
    return EXIT.usage;
  }
  io.out(commandHelp(topic));
  return EXIT.ok;
}
async function run(command, values, io) {
  const provider = providerNamed(String(values.provider));
  const redactor = createRedactor(() => void 0);
  if (!provider) {
    io.err(`'--provider' is '${String(values.provider)}': write ${providerChoices()}.`);
    return EXIT.usage;
  }
  for (const credential of proxyCredentials(io.env)) redactor.mask(credential);
  const context = { command, values, provider, io, redactor, secretEnv: `${provider.name.toUpperCase()}_APP_SECRET` };
  const state = () => typeof values.state === "string" ? values.state : randomBytes(12).toString("hex");
  try {
    if (command === "url") return url(context, state());
    return command === "login" ? await login(context, state()) : await status(context);
  } catch (error) {
    say(context, explain(error, cliTerms(context)));
    return EXIT.failed;
  }
}

// src/cli/prompt.ts
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
function createLineReader(input, output) {
  let muted = false;
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    }
  });
  const terminal = input.isTTY === true;
  const lines2 = createInterface({ input, output: echo, terminal });
  const queued = [];
  const waiting = [];
  let ended = false;
  lines2.on("line", (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else queued.push(line);
  });
  lines2.on("close", () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve(void 0);
  });
  function next(prompt, hidden = false) {
    output.write(prompt);
    muted = hidden;
    const done = (line2) => {
      muted = false;
      if (hidden || !terminal) output.write("\n");
      return line2;
    };
    const line = queued.shift();
    if (line !== void 0) return Promise.resolve(done(line));
    if (ended) return Promise.resolve(done(void 0));
    return new Promise((resolve) => waiting.push((value) => resolve(done(value))));
  }
  return { next: (prompt) => next(prompt), secret: (prompt) => next(prompt, true), close: () => lines2.close() };
}

// src/cli.ts
var lines = createLineReader(process.stdin, process.stderr);
var cancel = new AbortController();
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}
`),
  err: (line) => process.stderr.write(`${line}
`),
  lines,
  env: process.env,
  catchCancel: () => {
    const onSignal = () => cancel.signal.aborted ? process.exit(EXIT.interrupted) : cancel.abort();
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, onSignal);
    return cancel.signal;
  }
});
lines.close();
if (cancel.signal.aborted) process.stdout.write("", () => process.stderr.write("", () => process.exit()));
