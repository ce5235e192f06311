#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  InputError,
  PROVIDERS,
  authorizeUrl,
  cleanAuthorizationCode,
  createGraphClient,
  createHttp,
  createOctokit,
  createRedactor,
  createSecretStore,
  explain,
  isProviderName,
  keepToken,
  policyFromEnv,
  readInputs
} from "./chunks/chunk-7YWL5WM7.js";
import "./chunks/chunk-52TD7HFX.js";

// src/commands.ts
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
var EXIT = { ok: 0, failed: 1, usage: 2 };
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
  for (const { usage, about } of Object.values(COMMANDS)) lines2.push(`  ${usage}`, `      ${about}`, "");
  lines2.push(SHARED_HELP, "", `Run 'threads-token-keeper <command> --help' for one command. Exit codes: 0 done, 1 failed, 2 wrong usage.`);
  return lines2.join("\n");
}
var SHARED_HELP = "Every command also takes --threads-api-url, --instagram-api-url, --instagram-oauth-url and --github-api-url URL (GitHub Enterprise Server: https://HOST/api/v3), and --help.";
function inCliTerms(problem, secretEnv) {
  const names = {
    repository: "'--repo'",
    "github-token": "the GitHub token (GH_TOKEN or GITHUB_TOKEN, or log in with `gh auth login`)",
    "app-secret": `the app secret (${secretEnv}, or typed at the prompt)`,
    "authorization-code": "the pasted address or code"
  };
  return problem.replace(/Input '([a-z-]+)'/g, (_, input) => names[input] ?? `'--${input}'`);
}
function asInputs(values, extra) {
  const renamed = { repository: values.repo };
  return (name) => extra[name] ?? renamed[name] ?? (typeof values[name] === "string" ? values[name] : "");
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
  const redactor = createRedactor(() => void 0);
  const provider = isProviderName(String(values.provider)) ? PROVIDERS[values.provider] : void 0;
  if (!provider) {
    io.err(`--provider is '${String(values.provider)}': write threads or instagram.`);
    return EXIT.usage;
  }
  const state = typeof values.state === "string" ? values.state : randomBytes(12).toString("hex");
  const secretEnv = `${provider.name.toUpperCase()}_APP_SECRET`;
  try {
    if (name === "url") {
      const [appId2, redirectUri2] = [values["app-id"], values["redirect-uri"]];
      if (typeof appId2 !== "string" || typeof redirectUri2 !== "string")
        throw new InputError(["'--app-id' and '--redirect-uri' are required."]);
      io.out(authorizeUrl(provider, appId2, redirectUri2, state));
      return EXIT.ok;
    }
    const extra = { "github-token": githubToken(io.env) };
    redactor.mask(extra["github-token"] ?? "");
    const http = () => createHttp(policyFromEnv(io.env), () => void 0);
    const info = (message) => io.err(redactor.redact(message));
    if (name === "status") {
      const inputs2 = readInputs(asInputs(values, extra), {}, { credential: false });
      const store = createSecretStore(
        createOctokit({ token: inputs2.githubToken, baseUrl: inputs2.githubApiUrl, http: http(), debug: () => void 0 }),
        inputs2.targets[0] ?? { kind: "repository", owner: "", repo: "" },
        inputs2.secretType
      );
      await store.prepare();
      const updatedAt = await store.secretUpdatedAt(inputs2.secretName);
      io.out(`${inputs2.secretName} in ${store.label}: ${updatedAt ? `present, last written ${updatedAt}` : "not set"}`);
      if (inputs2.expiresAtVariable) {
        const expiry = await store.readVariable(inputs2.expiresAtVariable);
        const days = expiry ? Math.round((Date.parse(expiry) - Date.now()) / 864e5) : void 0;
        io.out(
          `${inputs2.expiresAtVariable}: ${expiry ? `${expiry} (${days !== void 0 && days >= 0 ? `${days} days left` : "expired"})` : "not set"}`
        );
      }
      return updatedAt ? EXIT.ok : EXIT.failed;
    }
    readInputs(asInputs(values, { ...extra, "authorization-code": "pending", "app-secret": io.env[secretEnv] || "pending" }), {});
    const [appId, redirectUri] = [String(values["app-id"] ?? ""), String(values["redirect-uri"] ?? "")];
    io.out(
      `Open this address in a browser, approve, then paste the address you are sent to:
${authorizeUrl(provider, appId, redirectUri, state)}`
    );
    const pasted = await io.lines.next("Redirected address (or code): ") ?? "";
    if (!pasted.trim())
      throw new InputError(["Nothing was pasted: after approving, paste the address you were sent to (or just its code)."]);
    const returnedState = /^https?:\/\//i.test(pasted.trim()) ? safeUrl(pasted.trim())?.searchParams.get("state") : void 0;
    if (returnedState !== void 0 && returnedState !== null && returnedState !== state) {
      throw new InputError([
        "The pasted address carries another 'state' than this login's: it is not the reply to this authorization. Start over."
      ]);
    }
    extra["authorization-code"] = pasted;
    extra["app-secret"] = io.env[secretEnv] || (await io.lines.secret(`${provider.label} App Secret (${secretEnv}): `) ?? "");
    redactor.mask(extra["app-secret"]);
    redactor.mask(cleanAuthorizationCode(pasted));
    const inputs = readInputs(asInputs(values, extra), {});
    const requests = http();
    const graph = createGraphClient({
      provider,
      apiUrl: inputs.apiUrl,
      oauthUrl: inputs.oauthUrl,
      http: requests,
      mask: redactor.mask,
      debug: () => void 0
    });
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http: requests, debug: () => void 0 });
    const stores = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType));
    const outcome = await keepToken(inputs, { graph, stores, now: () => /* @__PURE__ */ new Date(), info });
    for (const { target, status } of outcome.targets) io.out(`${inputs.secretName} ${status} in ${target}`);
    if (outcome.username)
      io.out(`${provider.label} user @${outcome.username} (id ${outcome.userId ?? "?"}); token expires ${outcome.expiresAt ?? "?"}`);
    for (const { command: command2 } of outcome.handBacks) io.out(`Not stored. The token, sealed: ${command2}`);
    for (const warning of outcome.warnings) io.err(`Warning: ${redactor.redact(warning)}`);
    for (const failure of outcome.failures) io.err(redactor.redact(failure));
    return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (error instanceof InputError) {
      for (const problem of error.problems) io.err(redactor.redact(inCliTerms(problem, secretEnv)));
      return EXIT.usage;
    }
    io.err(redactor.redact(explain(error)));
    return EXIT.failed;
  }
}
function safeUrl(text) {
  try {
    return new URL(text);
  } catch {
    return void 0;
  }
}

// src/prompt.ts
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
