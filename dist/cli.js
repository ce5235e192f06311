#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  authorizeUrl,
  cleanAuthorizationCode,
  connect,
  createHttp,
  createRedactor,
  createTransport,
  daysUntil,
  describeFailure,
  explain,
  keepToken,
  policyFromEnv,
  providerNamed,
  proxyCredentials,
  readInputs
} from "./chunks/chunk-42DEUPW3.js";
import "./chunks/chunk-PY5VAGIZ.js";

// src/cli/commands.ts
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

// src/cli/terms.ts
import { execFileSync } from "node:child_process";
var EXIT = { ok: 0, failed: 1, usage: 2 };
function usage({ io, redactor }, ...lines2) {
  for (const line of lines2) io.err(redactor.redact(line));
  return EXIT.usage;
}
function refuse(context, problems) {
  return usage(context, ...problems.map((problem) => describeForCli(problem, context.secretEnv)));
}
function flagsAsInputs(values, extra) {
  const renamed = { repository: values.repo };
  return (name) => extra[name] ?? renamed[name] ?? (typeof values[name] === "string" ? values[name] : "");
}
function describeForCli({ input, message }, secretEnv) {
  const names = {
    repository: "'--repo'",
    "github-token": "the GitHub token (GH_TOKEN or GITHUB_TOKEN, or log in with `gh auth login`)",
    "app-secret": `the app secret (${secretEnv}, or typed at the prompt)`,
    "authorization-code": "the pasted address or code"
  };
  return `${names[input] ?? `'--${input}'`} ${message}`;
}
function githubToken(env) {
  const fromEnv = env.GH_TOKEN || env.GITHUB_TOKEN;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("gh", ["auth", "token"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

// src/cli/login.ts
async function login(context, state) {
  const { values, provider, io, redactor, secretEnv } = context;
  const token = githubToken(io.env);
  redactor.mask(token);
  const transport = createTransport(io.env);
  const flags = (extra) => flagsAsInputs(values, { "github-token": token, ...extra });
  const early = readInputs(flags({ "authorization-code": "pending", "app-secret": io.env[secretEnv] || "pending" }), {});
  if (!early.settings) return refuse(context, early.problems);
  const [appId, redirectUri] = [String(values["app-id"] ?? ""), String(values["redirect-uri"] ?? "")];
  io.out(
    `Open this address in a browser, approve, then paste the address you are sent to:
${authorizeUrl(provider, appId, redirectUri, state)}`
  );
  const pasted = (await io.lines.next("Redirected address (or code): ") ?? "").trim();
  if (!pasted) return usage(context, "Nothing was pasted: after approving, paste the address you were sent to (or just its code).");
  const returnedState = /^https?:\/\//i.test(pasted) ? parseUrl(pasted)?.searchParams.get("state") : void 0;
  if (returnedState !== void 0 && returnedState !== null && returnedState !== state) {
    return usage(
      context,
      "The pasted address carries another 'state' than this login's: it is not the reply to this authorization. Start over."
    );
  }
  const appSecret = io.env[secretEnv] || (await io.lines.secret(`${provider.label} App Secret (${secretEnv}): `) ?? "");
  redactor.mask(appSecret);
  redactor.mask(cleanAuthorizationCode(pasted));
  const { settings, problems } = readInputs(flags({ "authorization-code": pasted, "app-secret": appSecret }), {});
  if (!settings) return refuse(context, problems);
  const http = createHttp(policyFromEnv(io.env), () => void 0, transport);
  const connection = connect(settings, { http, mask: redactor.mask, debug: () => void 0 });
  const info = (message) => io.err(redactor.redact(message));
  const outcome = await keepToken(settings.request, { ...connection, now: () => /* @__PURE__ */ new Date(), info });
  const { secretName } = settings.request;
  for (const { target, status: status2 } of outcome.targets) io.out(`${secretName} ${status2} in ${target}`);
  if (outcome.username) {
    io.out(`${provider.label} user @${outcome.username} (id ${outcome.userId ?? "?"}); token expires ${outcome.expiresAt ?? "?"}`);
  }
  for (const { command } of outcome.storeByHand) io.out(`Not stored. The token, sealed: ${command}`);
  for (const warning of outcome.warnings) io.err(`Warning: ${redactor.redact(warning)}`);
  for (const failure of outcome.failures) io.err(redactor.redact(describeFailure(failure)));
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed;
}
function parseUrl(text) {
  try {
    return new URL(text);
  } catch {
    return void 0;
  }
}

// src/cli/status.ts
async function status(context) {
  const { values, io, redactor } = context;
  const token = githubToken(io.env);
  redactor.mask(token);
  const { settings, problems } = readInputs(flagsAsInputs(values, { "github-token": token }), {}, { credential: false });
  if (!settings) return refuse(context, problems);
  const http = createHttp(policyFromEnv(io.env), () => void 0, createTransport(io.env));
  const { stores } = connect(settings, { http, mask: redactor.mask, debug: () => void 0 });
  let missing = 0;
  for (const store of stores) if (!await describeStore(store, settings.request, io.out)) missing++;
  return missing === 0 ? EXIT.ok : EXIT.failed;
}
async function describeStore(store, { secretName, expiresAtVariable }, out) {
  await store.prepare();
  const updatedAt = await store.secretUpdatedAt(secretName);
  out(`${secretName} in ${store.label}: ${updatedAt ? `present, last written ${updatedAt}` : "not set"}`);
  if (expiresAtVariable) {
    const expiry = await store.readVariable(expiresAtVariable);
    const days = expiry ? daysUntil(expiry, /* @__PURE__ */ new Date()) : void 0;
    out(`${expiresAtVariable}: ${expiry ? `${expiry} (${days !== void 0 && days >= 0 ? `${days} days left` : "expired"})` : "not set"}`);
  }
  return updatedAt !== void 0;
}

// src/cli/commands.ts
var SHARED = {
  provider: { type: "string", default: "threads" },
  "threads-api-url": { type: "string" },
  "instagram-api-url": { type: "string" },
  "instagram-oauth-url": { type: "string" },
  "github-api-url": { type: "string" },
  help: { type: "boolean", short: "h" }
};
var COMMANDS = {
  url: {
    usage: "url --app-id ID --redirect-uri URI [--provider threads|instagram] [--state S]",
    about: "Print the authorize URL to open in a browser.",
    options: { ...SHARED, "app-id": { type: "string" }, "redirect-uri": { type: "string" }, state: { type: "string" } }
  },
  login: {
    usage: "login --app-id ID --redirect-uri URI --repo owner/name [--environment E] [--secret-name N] [--user-id-variable V] [--expires-at-variable V] [--provider threads|instagram]",
    about: "Print the authorize URL, read the address you were redirected to (or just the code) from standard input, exchange it for a long-lived token and store it as an encrypted secret. The app secret comes from THREADS_APP_SECRET (INSTAGRAM_APP_SECRET) or a prompt; the GitHub token from GH_TOKEN, GITHUB_TOKEN or `gh auth token`.",
    options: {
      ...SHARED,
      "app-id": { type: "string" },
      "redirect-uri": { type: "string" },
      repo: { type: "string" },
      environment: { type: "string" },
      "secret-name": { type: "string" },
      "user-id-variable": { type: "string" },
      "expires-at-variable": { type: "string" }
    }
  },
  status: {
    usage: "status --repo owner/name [--environment E] [--secret-name N] [--expires-at-variable V] [--provider threads|instagram]",
    about: "Show whether the secret is there and when it was last written, and the expiry variable with days left. Never a value.",
    options: {
      ...SHARED,
      repo: { type: "string" },
      environment: { type: "string" },
      "secret-name": { type: "string" },
      "expires-at-variable": { type: "string" }
    }
  }
};
function help() {
  const lines2 = ["Usage: threads-token-keeper <command> [options]", ""];
  for (const { usage: usage2, about } of Object.values(COMMANDS)) lines2.push(`  ${usage2}`, `      ${about}`, "");
  lines2.push(SHARED_HELP, "", `Run 'threads-token-keeper <command> --help' for one command. Exit codes: 0 done, 1 failed, 2 wrong usage.`);
  return lines2.join("\n");
}
var SHARED_HELP = "Every command also takes --threads-api-url, --instagram-api-url, --instagram-oauth-url and --github-api-url URL (GitHub Enterprise Server: https://HOST/api/v3), and --help.";
async function main(argv, io) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`Unknown command '${name}'.

${help()}`);
    return EXIT.usage;
  }
  const command = COMMANDS[name];
  let values;
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.err(`${error.message}

Usage: threads-token-keeper ${command.usage}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(`Usage: threads-token-keeper ${command.usage}

${command.about}

${SHARED_HELP}`);
    return EXIT.ok;
  }
  const provider = providerNamed(String(values.provider));
  if (!provider) {
    io.err(`--provider is '${String(values.provider)}': write threads or instagram.`);
    return EXIT.usage;
  }
  const redactor = createRedactor(() => void 0);
  for (const credential of proxyCredentials(io.env)) redactor.mask(credential);
  const context = { values, provider, io, redactor, secretEnv: `${provider.name.toUpperCase()}_APP_SECRET` };
  const state = typeof values.state === "string" ? values.state : randomBytes(12).toString("hex");
  try {
    if (name === "url") {
      const [appId, redirectUri] = [values["app-id"], values["redirect-uri"]];
      if (typeof appId !== "string" || typeof redirectUri !== "string")
        return usage(context, "'--app-id' and '--redirect-uri' are required.");
      io.out(authorizeUrl(provider, appId, redirectUri, state));
      return EXIT.ok;
    }
    return name === "login" ? await login(context, state) : await status(context);
  } catch (error) {
    io.err(redactor.redact(explain(error)));
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
  const lines2 = createInterface({ input, output: echo, terminal: input.isTTY === true });
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
      if (hidden) output.write("\n");
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
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}
`),
  err: (line) => process.stderr.write(`${line}
`),
  lines,
  env: process.env
});
lines.close();
