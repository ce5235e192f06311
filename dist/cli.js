#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DEFAULT_PROVIDER,
  GitHubError,
  PROVIDERS,
  authorizeUrl,
  capital,
  connect,
  createFields,
  createHttp,
  createRedactor,
  createTransport,
  daysUntil,
  describeFailure,
  explain,
  forTerminal,
  heldSignal,
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
  readRedirect,
  timeScale
} from "./chunks/chunk-E5NZYUGU.js";
import "./chunks/chunk-PY5VAGIZ.js";

// src/cli/commands.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { parseArgs } from "node:util";

// src/cli/help.ts
var joined = (items) => items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}` : items[0] ?? "";
var appSecretVariable = ({ name }) => `${name.toUpperCase()}_APP_SECRET`;
var LEGACY_URLS = Object.fromEntries(
  PROVIDERS.flatMap(
    ({ label, legacyUrlInputs }) => Object.entries(legacyUrlInputs ?? {}).map(([host, flag]) => [
      flag,
      {
        type: "string",
        value: "URL",
        about: `Base URL ${host === "api" ? `of the ${label} API` : `where ${label} exchanges codes`} (kept from v1: --api-url does it for any provider).`
      }
    ])
  )
);
var SHARED = {
  provider: {
    type: "string",
    default: DEFAULT_PROVIDER.name,
    value: "NAME",
    about: `Which service's token: ${providerChoices()} (default ${DEFAULT_PROVIDER.name}).`
  },
  "api-url": {
    type: "string",
    value: "URL",
    about: "Base URL for every host of the provider (its API, and where it exchanges codes): a stand-in, a gateway. Default: the provider's own."
  },
  ...LEGACY_URLS,
  "github-api-url": {
    type: "string",
    value: "URL",
    about: "Base URL of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3)."
  },
  help: { type: "boolean", short: "h", about: "Show this help." }
};
var HELP = SHARED.help;
var authorizing = PROVIDERS.filter(({ authorize }) => authorize !== void 0);
var loopbackProviders = authorizing.filter(({ loopbackRedirect }) => loopbackRedirect).map(({ name }) => name);
var APP = {
  "app-id": {
    type: "string",
    value: "ID",
    required: true,
    about: "The app's ID (or Client ID), as the service's developer settings show it."
  },
  "redirect-uri": {
    type: "string",
    value: "URI",
    required: true,
    about: `The redirect URI registered for the app, exactly: https://, or for a service that accepts one (${joined(loopbackProviders)}) a loopback http://127.0.0.1:PORT/path, where login listens for the redirect itself.`
  }
};
var tokenDefaults = PROVIDERS.flatMap(({ name, defaultSecretName }) => defaultSecretName ? [`${defaultSecretName} for ${name}`] : []);
var refreshing = PROVIDERS.filter(({ credentials }) => credentials.refreshToken);
var refreshDefaults = refreshing.map(
  ({ name, defaultRefreshTokenSecret }) => `${defaultRefreshTokenSecret ?? "none: give it"} for ${name}`
);
var TARGET = {
  repo: { type: "string", value: "owner/name", required: true, about: "The repository that holds the secret." },
  environment: { type: "string", value: "NAME", about: "An environment of that repository instead of the repository itself." },
  "secret-name": {
    type: "string",
    value: "NAME",
    about: `The secret of the token (default ${tokenDefaults.join(", ")}; none for the others, which keep a refresh token).`
  },
  "refresh-token-secret": {
    type: "string",
    value: "NAME",
    about: `The secret of the refresh token, for a service that grants one (default ${refreshDefaults.join(", ")}).`
  }
};
var EXPIRY = {
  "expires-at-variable": { type: "string", value: "NAME", about: "The variable with the token's expiry, e.g. THREAD_TOKEN_EXPIRES_AT." }
};
var secretVariables = authorizing.map(appSecretVariable).join(", ");
var COMMANDS = {
  url: {
    summary: "Print the authorize address to open in a browser.",
    about: "Prints the address that starts authorization, with your app id and redirect URI, on standard output. Sends nothing.",
    flags: { ...APP, state: { type: "string", value: "S", about: "The state parameter (default: a random one)." }, ...SHARED }
  },
  login: {
    summary: "Authorize in a browser, then store the token as an encrypted secret.",
    about: `Asks for what it needs first (the app secret comes from the provider's variable, ${secretVariables}, or a prompt that does not echo), then prints the authorize address and takes the reply: where --redirect-uri is a loopback http:// address, login listens there and catches the redirect itself (or takes the address pasted from another machine); otherwise paste the address you are sent to after approving, or just the code. It exchanges the code at once and stores the token as an encrypted secret: the token itself is never printed. The GitHub token, which must be allowed to write the repository's secrets, comes from GH_TOKEN, GITHUB_TOKEN or \`gh auth token\`.`,
    flags: {
      ...APP,
      ...TARGET,
      "page-id": {
        type: "string",
        value: "ID",
        about: "With --provider facebook: the Page whose token is kept (default: the one Page the account manages)."
      },
      "user-id-variable": {
        type: "string",
        value: "NAME",
        about: "Also store the id the token posts as (the user's; a Page token's Page) in this variable, e.g. THREAD_USER_ID."
      },
      "expires-at-variable": { ...EXPIRY["expires-at-variable"], about: "Also store the token's expiry in this variable." },
      ...SHARED
    }
  },
  status: {
    summary: "Show whether the secrets are there, when they were written, and days left. Never a value.",
    about: "Reads, changes nothing: whether the secret exists and when it was last written (and the refresh token's, for a provider that grants them), and with --expires-at-variable when the token expires. The GitHub token (GH_TOKEN, GITHUB_TOKEN or `gh auth token`) needs only to read the repository's secrets and variables.",
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
var EXIT_CODES = "Exit codes: 0 done, 1 failed, 2 wrong usage (nothing was sent), 130 interrupted (Ctrl-C while login waits for the browser, or a second Ctrl-C).";
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

// src/cli/pkce.ts
import { createHash, randomBytes } from "node:crypto";
var challengeOf = (verifier) => createHash("sha256").update(verifier, "ascii").digest("base64url");
function createPkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: challengeOf(verifier) };
}

// src/cli/loopback.ts
import { createServer } from "node:http";
var PAGES = {
  caught: "Authorized. threads-token-keeper has the code and stores the token now: you can close this tab and go back to the terminal.",
  declined: "Authorization was not given. You can close this tab; the terminal says what the service answered.",
  turned: "This is not the reply to the login waiting here. Nothing was done with it.",
  notFound: "Not found.",
  method: "Only GET is answered here."
};
function loopbackOf(redirectUri) {
  const url2 = new URL(redirectUri);
  return url2.protocol === "http:" && isLoopbackHost(url2.hostname) ? url2 : void 0;
}
function addressesOf(redirect) {
  const host = redirect.hostname;
  if (host === "localhost") return ["127.0.0.1", "::1"];
  return [host.replace(/^\[(.*)\]$/, "$1")];
}
var portOf = (redirect) => Number(redirect.port || "80");
var ListenError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "ListenError";
  }
  code;
};
function listenError(error, redirect) {
  const where = `${redirect.hostname}:${portOf(redirect)}`;
  const code = error.code ?? "unknown";
  const message = code === "EADDRINUSE" ? `Port ${portOf(redirect)} of ${redirect.hostname} is in use by another program, so login cannot listen for the redirect there. Stop that program, or register another redirect URI with a free port (http://127.0.0.1:PORT/\u2026) and pass it as --redirect-uri.` : code === "EACCES" ? `This user may not listen on port ${portOf(redirect)} of ${redirect.hostname} (ports below 1024 need administrator rights). Register a redirect URI with a port above 1023 (http://127.0.0.1:8765/callback, say) and pass it as --redirect-uri.` : `login cannot listen on ${where} for the redirect (${code}). Register a redirect URI on 127.0.0.1 with a free port and pass it as --redirect-uri.`;
  return new ListenError(code, message);
}
function bind(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
function answer(response, status2, page, headers = {}) {
  response.writeHead(status2, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    connection: "close",
    ...headers
  });
  return new Promise((resolve) => response.end(`${page}
`, resolve));
}
async function listen(redirect, state, turned) {
  let settle = () => void 0;
  const caught2 = new Promise((resolve) => settle = resolve);
  let done = false;
  const handle = async (request, response) => {
    if (done) return answer(response, 410, PAGES.turned);
    if (request.method !== "GET") return answer(response, 405, PAGES.method, { allow: "GET" });
    let url2;
    try {
      url2 = new URL(request.url ?? "", redirect);
    } catch {
      return answer(response, 400, PAGES.notFound);
    }
    if (url2.pathname !== redirect.pathname) return answer(response, 404, PAGES.notFound);
    const params = url2.searchParams;
    const reply = readReply(params, state);
    if ("turned" in reply) {
      turned(reply.turned);
      return answer(response, 400, PAGES.turned);
    }
    done = true;
    await answer(response, 200, "code" in reply ? PAGES.caught : PAGES.declined);
    settle(reply);
  };
  const servers = [];
  const close = () => {
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
  };
  const addresses = addressesOf(redirect);
  for (const [index, host] of addresses.entries()) {
    const server = createServer((request, response) => void handle(request, response).then(() => done && close()));
    try {
      await bind(server, host, portOf(redirect));
      servers.push(server);
    } catch (error) {
      const absent = index > 0 && ["EADDRNOTAVAIL", "EAFNOSUPPORT"].includes(error.code ?? "");
      if (absent) continue;
      close();
      throw listenError(error, redirect);
    }
  }
  return { caught: caught2, close };
}
function readReply(params, state) {
  const given = params.get("state");
  if (given === null) return { turned: "no-state" };
  if (given !== state) return { turned: "other-state" };
  const code = params.get("code");
  if (code) return { code };
  const error = params.get("error");
  if (error) return { error, description: params.get("error_description") ?? void 0 };
  return { turned: "no-code" };
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
function githubTokenName(github) {
  if (github?.source) return `the GitHub token (${github.source})`;
  return `the GitHub token (${github?.variables.join(", ") ?? "GH_TOKEN, GITHUB_TOKEN"} or \`gh auth token\`)`;
}
function cliName(input, secretEnv, given = {}) {
  const names = {
    repository: "'--repo'",
    "github-token": githubTokenName(given.githubToken),
    "app-secret": `the app secret (${secretEnv}, or typed at the prompt)`,
    "authorization-code": "the pasted address or code"
  };
  return names[input] ?? `'--${input}'`;
}
function cliTerms({ provider, secretEnv }, githubToken2) {
  const login2 = `${NAME} login${provider.name === "threads" ? "" : ` --provider ${provider.name}`}`;
  return {
    input: (name) => cliName(name, secretEnv, githubToken2 ? { githubToken: githubToken2 } : {}),
    authorizeAgain: `run \`${login2}\` again to authorize in a browser`,
    freshCode: `run \`${login2}\` again for a fresh code`,
    bootstrapGuide: "",
    later: "Try again later.",
    writerNote: ""
  };
}
function describeForCli(problem, { command, secretEnv, values }, given) {
  const { input, message, sentence } = problem;
  if (sentence) {
    const renamed = message.replace(
      /'([a-z][a-z-]*)'/g,
      (quoted, name) => isFlagOf(command, name) ? cliName(name, secretEnv, given) : quoted
    );
    return capital(renamed.replace(/^Inputs? (?=')/, ""));
  }
  if (input === "github-token" && given.githubToken?.token === "") return `${noTokenFor(given.githubToken)} ${TOKEN_NEEDS[command]}`;
  if (input === "app-secret" && given.appSecret === "") return `No app secret: set ${secretEnv}, or type it at the prompt.`;
  if (input === "repository" && !values.repo) return `'--repo' is required: the repository that holds the secret, as owner/name.`;
  return capital(`${cliName(input, secretEnv, given)} ${message}`);
}
var isFlagOf = (command, input) => Object.hasOwn(COMMANDS[command].flags, input) || ["repository", "github-token", "app-secret", "authorization-code"].includes(input);
function refusedGitHubToken(github) {
  return `GitHub refused ${githubTokenName(github)} as invalid or expired: make a new one, or log in again with \`gh auth login --hostname ${github.host ?? "github.com"}\`.`;
}
function explainForCli(error, context, github) {
  if (github && error instanceof GitHubError && error.status === 401) return refusedGitHubToken(github);
  return explain(error, cliTerms(context, github));
}
function githubTokenFor({ values, io, redactor }) {
  const given = typeof values["github-api-url"] === "string" ? values["github-api-url"].trim() : "";
  const fields = createFields(() => "");
  const apiUrl = fields.url("github-api-url", given || "https://api.github.com");
  const found = githubToken(io.env, fields.problems.length === 0 ? apiUrl : "");
  redactor.mask(found.token);
  return found;
}

// src/cli/reply.ts
var WAIT_MS = 5 * 6e4;
async function replyTo(context, asked, state, cancelled) {
  const redirect = loopbackOf(asked.redirectUri);
  if (!redirect) return pasted(context, asked);
  let listener;
  try {
    listener = await listen(
      redirect,
      state,
      (why) => say(context, `A request to the redirect URI was turned away: ${TURNED[why]}; still waiting.`)
    );
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    say(context, error.message);
    return EXIT.failed;
  }
  context.io.err(
    `Open this address in a browser and approve: login listens at ${redirect.href} for the redirect that follows, for ${WAIT_MS / 6e4} minutes. If the browser runs on another machine, paste here the address it ends on.`
  );
  context.io.out(asked.address);
  return caught(context, listener, cancelled);
}
var TURNED = {
  "no-state": "it carries no 'state'",
  "other-state": "its 'state' is not this login's (another login's, or a forged redirect)",
  "no-code": "it carries neither a code nor an error"
};
async function pasted(context, asked) {
  const { io } = context;
  io.err("Open this address in a browser, approve, then paste the address you are sent to:");
  io.out(asked.address);
  const line = (await io.lines.next("Redirected address (or code): ") ?? "").trim();
  if (line) return line;
  return usage(context, "Nothing was pasted: after approving, paste the address you were sent to (or just its code).");
}
async function caught(context, listener, cancelled) {
  const limit = heldSignal(Math.round(WAIT_MS * timeScale(context.io.env)), cancelled);
  const ended = new Promise(
    (resolve) => limit.signal.aborted ? resolve("ended") : limit.signal.addEventListener("abort", () => resolve("ended"), { once: true })
  );
  let first;
  try {
    first = await Promise.race([listener.caught, pastedLine(context.io.lines).then((line) => ({ pasted: line })), ended]);
  } finally {
    limit.release();
    listener.close();
  }
  if (first === "ended") {
    if (cancelled?.aborted) {
      say(context, "Cancelled while waiting for the redirect: nothing was sent.");
      return EXIT.interrupted;
    }
    say(
      context,
      `No redirect came within ${WAIT_MS / 6e4} minutes, and nothing was pasted: nothing was sent. Run login again to authorize.`
    );
    return EXIT.failed;
  }
  if ("pasted" in first) return first.pasted;
  if ("code" in first) return first.code;
  const description = first.description ? ` (${first.description.slice(0, 300)})` : "";
  say(
    context,
    `${context.provider.label} did not authorize: it answered ${first.error.slice(0, 100)}${description}. Nothing was sent; run login again to authorize.`
  );
  return EXIT.failed;
}
async function pastedLine(lines2) {
  for (; ; ) {
    const line = await lines2.next("");
    if (line === void 0) return new Promise(() => void 0);
    if (line.trim()) return line.trim();
  }
}
function notTheReply(pasted2, redirectUri, state) {
  if (!/^https?:\/\//i.test(pasted2)) return void 0;
  const again = "Paste the whole address the browser shows after you approve, or just its code; or run login again.";
  const address = new URL(pasted2);
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

// src/cli/url.ts
function authorizeAddress(values, state, codeChallenge) {
  const { authorization, problems } = readAuthorization(flagsAsInputs(values, {}));
  if (!authorization) return { problems };
  const { provider, appId, redirectUri } = authorization;
  const warnings = refusedLoopback(provider, redirectUri) ? [loopbackWarning(provider)] : [];
  return { address: authorizeUrl(provider, appId, redirectUri, { state, codeChallenge }), redirectUri, warnings };
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
  const transport = createTransport(io.env);
  const pkce = provider.authorize?.pkce ? createPkce() : void 0;
  if (pkce) redactor.mask(pkce.verifier);
  const flags = (code, appSecret2) => flagsAsInputs(values, {
    "github-token": github.token,
    "authorization-code": code,
    "app-secret": appSecret2,
    ...pkce ? { "code-verifier": pkce.verifier } : {}
  });
  const early = readInputs(flags("pending", io.env[secretEnv] || "pending"), {});
  if (!early.settings) return refuse(context, early.problems, { githubToken: github });
  const authorization = authorizeAddress(values, state, pkce?.challenge);
  if (authorization.address === void 0) return refuse(context, authorization.problems);
  for (const warning of authorization.warnings) say(context, warning);
  const optional = provider.appSecret === "optional" ? "; empty for a public client" : "";
  const appSecret = io.env[secretEnv] || (await io.lines.secret(`${provider.label} App Secret (${secretEnv}${optional}): `) ?? "");
  redactor.mask(appSecret);
  const asked = readInputs(flags("pending", appSecret), {});
  if (!asked.settings) return refuse(context, asked.problems, { githubToken: github, appSecret });
  const cancelled = io.catchCancel?.();
  const reply = await replyTo(context, authorization, state, cancelled);
  if (typeof reply === "number") return reply;
  redactor.mask(readRedirect(reply).code);
  const { settings, problems } = readInputs(flags(reply, appSecret), {});
  if (!settings) return refuse(context, problems, { githubToken: github, appSecret });
  const foreign = notTheReply(reply, authorization.redirectUri, state);
  if (foreign) return usage(context, foreign);
  const connection = connectServices(context, settings, transport, cancelled);
  const info = (message) => say(context, message);
  const deps = { ...connection, now: () => /* @__PURE__ */ new Date(), pause: pauseFromEnv(io.env, cancelled), info, cancelled };
  let outcome;
  try {
    outcome = await keepToken(settings.request, deps);
  } catch (error) {
    say(context, explainForCli(error, context, github));
    return EXIT.failed;
  }
  report(context, outcome, github);
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed;
}
function report(context, outcome, github) {
  const { io, provider } = context;
  for (const { target, secret, status: status2 } of outcome.targets) io.out(`${secret} ${status2} in ${target}`);
  for (const { target, name, status: status2 } of outcome.variables) io.out(`${name} ${status2} in ${target}`);
  const { accessToken, username, userId, expiresAt, refreshTokenExpiresAt } = outcome;
  if (accessToken !== void 0) {
    const who = username ? `${provider.label} user @${username} (id ${userId ?? "?"})` : `${provider.label} id ${userId ?? "?"}`;
    const expiry = expiresAt ? `token expires ${expiresAt}` : `${provider.label} gave the token no expiry`;
    io.out(`${who}; ${expiry}${refreshTokenExpiresAt ? `; refresh token expires ${refreshTokenExpiresAt}` : ""}`);
  }
  for (const { command, kind } of outcome.storeByHand) io.out(`Not stored. The ${kind}, sealed: ${command}`);
  for (const warning of outcome.warnings) say(context, `Warning: ${warning}`);
  for (const failure of outcome.failures) say(context, describeFailure(failure, cliTerms(context, github)));
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
  const beside = tokenSecret === void 0 ? void 0 : refreshTokenSecret;
  const [updatedAt, besideWrittenAt] = await Promise.all([
    store.secretUpdatedAt(secretName),
    beside ? store.secretUpdatedAt(beside) : void 0
  ]);
  if (updatedAt === void 0) await store.prepare();
  show(`${secretName} in ${store.label}: ${written(updatedAt)}`);
  if (beside)
    show(`${beside} in ${store.label}: ${written(besideWrittenAt)}${besideWrittenAt ? "" : " (only apps granted refresh tokens keep one)"}`);
  if (expiresAtVariable) {
    const expiry = await store.readVariable(expiresAtVariable);
    const days = expiry ? daysUntil(expiry, /* @__PURE__ */ new Date()) : void 0;
    show(`${expiresAtVariable}: ${expiry ? `${expiry} (${days !== void 0 && days >= 0 ? `${days} days left` : "expired"})` : "not set"}`);
  }
  return updatedAt !== void 0;
}
var written = (at) => at ? `present, last written ${at}` : "not set";
function cannotRead(error, github, environment) {
  if (!(error instanceof GitHubError)) return void 0;
  const { status: status2, target, operation, acceptedPermissions } = error;
  if (status2 === 401) return refusedGitHubToken(github);
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
  const unstartable = cannotStart(command, provider);
  if (unstartable) {
    io.err(unstartable);
    return EXIT.usage;
  }
  for (const credential of proxyCredentials(io.env)) redactor.mask(credential);
  const context = { command, values, provider, io, redactor, secretEnv: appSecretVariable(provider) };
  const state = () => typeof values.state === "string" ? values.state : randomBytes2(12).toString("hex");
  try {
    if (command === "url") return url(context, state());
    return command === "login" ? await login(context, state()) : await status(context);
  } catch (error) {
    say(context, explainForCli(error, context));
    return EXIT.failed;
  }
}
function cannotStart(command, { authorize, label, name }) {
  if (command !== "status" && !authorize) {
    return `${label} has no authorize page the command line knows (--provider ${name}): authorize at the service, then keep the refresh token it gives with the action (docs/inputs.md). status shows what is stored.`;
  }
  if (command === "url" && authorize?.pkce) {
    return `${label} binds each code to the login that asked for it (PKCE), so an address from url would give a code nothing can redeem: run \`${NAME} login --provider ${name}\`, which listens for the redirect and stores the refresh token.`;
  }
  return void 0;
}

// src/cli/prompt.ts
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
function createLineReader(input, output, interrupt) {
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
  if (interrupt) lines2.on("SIGINT", interrupt);
  lines2.on("close", () => {
    ended = true;
    for (const resolve of waiting.splice(0)) resolve(void 0);
  });
  function next(prompt, hidden = false) {
    output.write(prompt);
    muted = hidden;
    const done = (line2) => {
      muted = false;
      if (prompt && (hidden || !terminal)) output.write("\n");
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
var cancel = new AbortController();
var lines = createLineReader(
  process.stdin,
  process.stderr,
  () => process.listenerCount("SIGINT") > 0 ? process.emit("SIGINT", "SIGINT") : process.kill(process.pid, "SIGINT")
);
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
