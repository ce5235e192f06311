import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/shared/errors.ts
var quoted = (value) => `'${value}'`;
function describeProblem({ input, message, sentence: sentence2 }) {
  return sentence2 ? message : `Input '${input}' ${message}`;
}
function describeProblemPublicly(problem) {
  const words = describeProblem(problem);
  return problem.value ? words.split(quoted(problem.value)).join("(a value not repeated here)") : words;
}
function withCause(cause) {
  return cause === void 0 ? void 0 : { cause };
}
var TransientError = class extends Error {
  /** How long the service asked us to wait (`retry-after`, `x-ratelimit-reset`). */
  retryAfterMs;
  /** Refused for rate (429, or a rate-limit code): the request was not acted on. */
  rateLimited;
  /** The message quotes the service's own words (never shown in an issue). */
  serviceWords;
  constructor(message, options = {}) {
    super(message, withCause(options.cause));
    this.name = "TransientError";
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimited = options.rateLimited ?? false;
    this.serviceWords = options.serviceWords ?? false;
  }
};
var TransportError = class extends Error {
  host;
  code;
  transient;
  notSent;
  remedy;
  constructor(message, options) {
    super(message, withCause(options.cause));
    this.name = "TransportError";
    this.host = options.host;
    this.code = options.code;
    this.transient = options.transient;
    this.notSent = options.notSent;
    this.remedy = options.remedy;
  }
};
var ProxySettingError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ProxySettingError";
  }
};
var ServiceError = class extends Error {
  service;
  operation;
  status;
  apiMessage;
  serviceWords;
  code;
  subcode;
  error;
  transient;
  blocked;
  codeSpent;
  unanswered;
  reason;
  words;
  constructor(options) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause));
    this.name = "ServiceError";
    this.service = options.service;
    this.operation = options.operation;
    this.status = options.status;
    this.apiMessage = options.apiMessage;
    this.serviceWords = options.serviceWords ?? true;
    this.code = options.code;
    this.subcode = options.subcode;
    this.error = options.error;
    this.transient = options.transient ?? false;
    this.blocked = options.blocked ?? false;
    this.codeSpent = options.codeSpent ?? false;
    this.unanswered = options.unanswered ?? false;
    this.reason = options.reason;
    this.words = options.words;
  }
};
var GitHubError = class extends Error {
  operation;
  target;
  status;
  apiMessage;
  serviceWords;
  acceptedPermissions;
  transient;
  constructor(options) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause));
    this.name = "GitHubError";
    this.operation = options.operation;
    this.target = options.target;
    this.status = options.status;
    this.apiMessage = options.apiMessage;
    this.serviceWords = options.serviceWords ?? true;
    this.acceptedPermissions = options.acceptedPermissions;
    this.transient = options.transient ?? false;
  }
};
var UnreadSecretError = class extends Error {
  secret;
  target;
  constructor({ secret, target }) {
    super(`the secret ${secret} does not exist in ${target}`);
    this.name = "UnreadSecretError";
    this.secret = secret;
    this.target = target;
  }
};
var CancelledError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "CancelledError";
  }
};

// src/shared/signals.ts
function heldSignal(ms, ...sources) {
  const controller = new AbortController();
  const hooked = [];
  const timer = ms === void 0 ? void 0 : setTimeout(() => controller.abort(new DOMException("the time allowed ran out", "TimeoutError")), ms);
  const release = () => {
    clearTimeout(timer);
    for (const [source, listener] of hooked) source.removeEventListener("abort", listener);
    hooked.length = 0;
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const listener = () => controller.abort(source.reason);
    source.addEventListener("abort", listener, { once: true });
    hooked.push([source, listener]);
  }
  if (controller.signal.aborted) release();
  return { signal: controller.signal, release };
}
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const ended2 = heldSignal(ms, signal);
    if (ended2.signal.aborted) return resolve();
    ended2.signal.addEventListener("abort", () => (ended2.release(), resolve()), { once: true });
  });
}
function afterCancel(cancelled, ms) {
  const controller = new AbortController();
  const countDown = () => {
    setTimeout(() => controller.abort(new DOMException("cancelled, and out of time", "TimeoutError")), ms).unref();
  };
  if (cancelled?.aborted) countDown();
  else cancelled?.addEventListener("abort", countDown, { once: true });
  return controller.signal;
}
function bestEffort(signal, work) {
  return cancellable(signal, () => "cancelled", work).catch(() => void 0);
}
function cancellable(signal, why, work) {
  if (!signal) return work();
  if (signal.aborted) return Promise.reject(new CancelledError(why()));
  const started = work();
  return new Promise((resolve, reject) => {
    const cancel = () => reject(new CancelledError(why()));
    signal.addEventListener("abort", cancel, { once: true });
    started.then(
      (value) => {
        signal.removeEventListener("abort", cancel);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", cancel);
        reject(error);
      }
    );
  });
}

// src/shared/explain.ts
var ISSUES = "https://github.com/threads-token-keeper/threads-token-keeper/issues";
var ACTION_TERMS = {
  input: (name) => `'${name}'`,
  authorizeAgain: "authorize again in a browser and run this workflow by hand with the new 'authorization-code'",
  freshCode: "get a fresh code and run again",
  bootstrapGuide: ' (README: "Bootstrap from a manual run")',
  later: "Run the workflow again later.",
  writerNote: " The workflow's own GITHUB_TOKEN can never write secrets."
};
function statusText(status, code, subcode) {
  const parts = [status === void 0 ? "no usable reply" : `HTTP ${status}`];
  if (code !== void 0 && code !== status) parts.push(`code ${code}${subcode === void 0 ? "" : `/${subcode}`}`);
  return parts.join(", ");
}
function transportFault(error) {
  let cause = error.cause;
  for (let depth = 0; depth < 3 && cause instanceof Error; depth++, cause = cause.cause) {
    if (cause instanceof TransportError) return cause;
  }
  return void 0;
}
var PLAIN_WORDS = {
  appId: "the app's client ID",
  appSecret: "the app's client secret",
  permission: "was granted the permissions it is used with",
  dashboard: "the service's developer settings",
  deadGrant: "expired or revoked",
  codeLife: "for a short while"
};
function serviceRemedy(error, terms) {
  const words = error.words ?? PLAIN_WORDS;
  const remedy = transportFault(error)?.remedy;
  if (error.codeSpent) {
    const first = error.reason === "which-account" ? `${reasonRemedy(error, words, terms)} ` : "";
    const granting = error.reason === "not-fit" ? ", granting every permission asked for" : "";
    return `${first}The authorization code was used, but what it gave could not be exchanged for the token to keep. ${capital(terms.freshCode)}${granting}${terms.bootstrapGuide}; nothing was stored.`;
  }
  if (error.transient && error.operation === "code exchange") {
    if (transportFault(error)?.notSent) {
      return `${error.service} could not be reached, so the code was never sent: it still works while it lasts. ${terms.later}`;
    }
    return `${error.service} may have used the code without answering, so it was not sent again. ${capital(terms.freshCode)}; nothing was stored.`;
  }
  if (error.transient && error.unanswered) {
    return `${error.service} may have acted on the ${error.operation} without a usable answer, so it was not sent again: where it rotates refresh tokens, the one stored may be spent, and the next run says so. ${terms.later}`;
  }
  if (error.transient) {
    return `${error.service} did not answer usefully after several tries; nothing was changed. ${terms.later}`;
  }
  if (error.blocked) {
    return `${error.service} has blocked such requests for now, which may last days: nothing was changed, and the next scheduled run tries again. If it lasts, look for restrictions on the app in ${words.dashboard}.`;
  }
  if (remedy) return `${remedy} Nothing was changed.`;
  return reasonRemedy(error, words, terms);
}
function reasonRemedy(error, words, terms) {
  const { input } = terms;
  switch (error.reason) {
    case "dead-grant":
      return `The token can no longer be used (${words.deadGrant}) and cannot be refreshed: ${again(words, terms)}.`;
    case "redirect-uri":
      return `${input("redirect-uri")} must match the redirect URI registered for your ${error.service} app exactly, trailing slash included, and the one used in the authorize URL.`;
    case "client-secret":
      return `Check ${input("app-secret")}: it must be ${words.appSecret}.`;
    case "client-id":
      return `Check ${input("app-id")}: it must be ${words.appId}.`;
    case "scope":
      return `The authorization asked for permissions the app was not given: add them to the app in ${words.dashboard}, then ${again(words, terms)}.`;
    case "grant-type":
      return `${error.service} does not let this client use refresh tokens: allow the refresh_token grant (or offline access) for it in ${words.dashboard}.`;
    case "permission":
      return `Check that the token ${words.permission}.`;
    case "not-fit":
      return `The token cannot serve for posting as it is: ${again(words, terms)}, granting every permission asked for.`;
    case "which-account":
      return `Set ${input("page-id")} to the id of the one to keep.`;
    case void 0:
      return operationRemedy(error, words, terms);
  }
}
function operationRemedy(error, words, { input, freshCode, authorizeAgain, bootstrapGuide }) {
  switch (error.operation) {
    case "code exchange":
      return `An authorization code works once and ${words.codeLife}, with the same app ID and redirect URI that requested it: ${freshCode} promptly. Also check that ${input("app-id")} is ${words.appId}.`;
    case "long-lived exchange":
      return `A short-lived token lives one hour and needs the same app's secret (${input("app-secret")}): get a fresh one, or better, start from an authorization code (${input("authorization-code")}).`;
    case "refresh":
      return `The stored token could not be refreshed. If it has expired or was revoked, ${again(words, { authorizeAgain, bootstrapGuide })}.`;
    default:
      return `Check that the token ${words.permission}.`;
  }
}
function githubRemedy(error, { input, later, writerNote }) {
  if (error.transient) {
    return `GitHub did not answer usefully after several tries. ${later}`;
  }
  const remedy = transportFault(error)?.remedy;
  if (remedy) return remedy;
  const token = input("github-token");
  switch (error.status) {
    case 401:
      return `${token} was refused as invalid or expired: create a new token and store it as a secret.`;
    case 403: {
      const lacking = error.acceptedPermissions ? ` GitHub says it needs: ${error.acceptedPermissions}.` : "";
      const grant = error.target.startsWith("organization ") ? "the organization permissions 'Secrets: read and write' (and 'Variables: read and write' when variables are written), a classic token with 'admin:org'" : "'Secrets: read and write' (and 'Variables: read and write' when variables are written) on this repository, a classic token with 'repo'";
      return `${token} may not do this on ${error.target}.${lacking} Use a fine-grained token with ${grant}, or a GitHub App token with secrets: write.${writerNote}`;
    }
    case 404:
      return error.target.startsWith("organization ") ? `${error.target}, or a repository named in ${input("selected-repositories")}, was not found, or ${token} cannot see it: check ${input("organization")} and ${input("selected-repositories")}.` : `${error.target} was not found, or ${token} cannot see it: check ${input("repository")} and ${input("environment")}, and that the token was granted access to this repository.`;
    case 422:
      return `GitHub refused the request as invalid: check ${input("secret-name")} and the variable names against GitHub's naming rules.`;
    default:
      return "See the message above; nothing else was changed.";
  }
}
function again(words, { authorizeAgain, bootstrapGuide }) {
  return `${words.authorizeAgain ?? authorizeAgain}${bootstrapGuide && (words.guide ?? bootstrapGuide)}`;
}
var capital = (text2) => text2.charAt(0).toUpperCase() + text2.slice(1);
function sentence(text2) {
  const trimmed = text2.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
function unreadSecret({ secret, target }, { input }) {
  return `The secret ${secret} does not exist in ${target}, so the refresh token given is not read from it: writing the new one there would leave the secret your workflow reads holding a spent one. Set ${input("refresh-token-secret")} to the secret ${input("refresh-token")} reads (or store the refresh token as ${secret}). Nothing was sent.`;
}
var KNOWN_ERROR_CODES = /* @__PURE__ */ new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "access_denied",
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
  "invalid_token",
  "insufficient_scope",
  "OAuthException"
]);
function tell(error, terms, publicly = false) {
  if (error instanceof CancelledError || error instanceof ProxySettingError) return error.message;
  if (error instanceof UnreadSecretError) return unreadSecret(error, terms);
  if (error instanceof ServiceError) {
    const named = publicly && error.error !== void 0 && !KNOWN_ERROR_CODES.has(error.error) ? void 0 : error.error;
    const what = `${error.service} refused the ${error.operation} (${statusText(error.status, error.code ?? named, error.subcode)})`;
    return { what, said: error.apiMessage, quotesService: error.serviceWords, remedy: serviceRemedy(error, terms) };
  }
  if (error instanceof GitHubError) {
    const what = `GitHub refused to ${error.operation} (${statusText(error.status)})`;
    return { what, said: error.apiMessage, quotesService: error.serviceWords, remedy: githubRemedy(error, terms) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected failure: ${message}. Please report it: ${ISSUES}`;
}
function explain(error, terms = ACTION_TERMS) {
  const told = tell(error, terms);
  return typeof told === "string" ? told : `${told.what}: ${sentence(told.said)} ${told.remedy}`;
}
function account(error, terms = ACTION_TERMS) {
  const told = tell(error, terms, true);
  if (typeof told !== "string")
    return told.quotesService ? `${told.what}. ${told.remedy}` : `${told.what}: ${sentence(told.said)} ${told.remedy}`;
  const own = error instanceof CancelledError || error instanceof ProxySettingError || error instanceof UnreadSecretError;
  return own ? told : `Unexpected failure. Please report it: ${ISSUES}`;
}
function needsHuman(error) {
  if (error instanceof ProxySettingError || error instanceof UnreadSecretError) return true;
  if (error instanceof ServiceError) return error.codeSpent || !(error.transient || error.blocked);
  if (error instanceof GitHubError) return !error.transient;
  return false;
}

// src/core/freshness.ts
var DAY_MS = 864e5;
function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
function daysUntil(iso, now) {
  return Math.round((Date.parse(iso) - now.getTime()) / DAY_MS);
}
function whenWithDays(date, now) {
  const ms = date.getTime() - now.getTime();
  const hours = Math.round(ms / 36e5);
  const [count, unit] = Math.abs(ms) < DAY_MS - 18e5 ? [hours, "hour"] : [daysUntil(isoSeconds(date), now), "day"];
  const span = `${Math.abs(count)} ${unit}${Math.abs(count) === 1 ? "" : "s"}`;
  return `${isoSeconds(date)} (${count >= 0 ? `in ${span}` : `${span} ago`})`;
}
function parseExpiry(value) {
  const time = Date.parse(value ?? "");
  return Number.isFinite(time) ? new Date(time) : void 0;
}
var REFRESH_MIN_AGE_MS = DAY_MS;
var LONG_LIVED_MS = 60 * DAY_MS;
var CLOCK_SKEW_MS = 5 * 6e4;
async function tooYoungToRefresh(refusal, evidence) {
  if (!(refusal instanceof ServiceError) || refusal.transient) return void 0;
  const young = (issuedAt2) => {
    const age = evidence.now.getTime() - issuedAt2.getTime();
    return age >= -CLOCK_SKEW_MS && age < REFRESH_MIN_AGE_MS;
  };
  const kept = parseExpiry(evidence.expiresAtVariable);
  if (kept && young(new Date(kept.getTime() - LONG_LIVED_MS))) {
    return { issuedAt: new Date(kept.getTime() - LONG_LIVED_MS), expiresAt: kept, source: "expiry variable" };
  }
  const inspected = await evidence.inspect().catch(() => void 0);
  const issuedAt = inspected?.issuedAt;
  if (!issuedAt || !young(issuedAt)) return void 0;
  return { issuedAt, ...inspected.expiresAt ? { expiresAt: inspected.expiresAt } : {}, source: "token inspection" };
}

// src/core/deadlines.ts
var NOTICE_DAYS = 14;
var NOTICE_MS = NOTICE_DAYS * 864e5;
function endsSoon(iso, now) {
  return Date.parse(iso) - now.getTime() <= NOTICE_MS;
}
var ended = (iso, now) => Date.parse(iso) <= now.getTime();
function askDataAccess(tokens, token, cancelled) {
  if (!tokens.reportsDataAccess) return Promise.resolve(void 0);
  return bestEffort(cancelled, () => tokens.inspect(token)).then(
    (times) => times?.dataAccessExpiresAt ? isoSeconds(times.dataAccessExpiresAt) : void 0
  );
}
function dataAccessWarning(expiresAt, now) {
  if (!expiresAt || !endsSoon(expiresAt, now)) return void 0;
  const over = ended(expiresAt, now);
  return `Data access for this token ${over ? "ended" : "ends"} ${whenWithDays(new Date(expiresAt), now)}: the service ends the app's access to the user's data then, however often the token is refreshed. ${over ? "Authorize again now" : "Authorize again before that day"}: a new authorization starts a new grant.`;
}
function expiryNotice(service, expiresAt, now) {
  if (!expiresAt || !endsSoon(expiresAt, now)) return void 0;
  return `The stored ${service} token expires ${whenWithDays(new Date(expiresAt), now)}, and nothing can renew it: ${service} gives this app no refresh token. Authorize again before that day.`;
}
function refreshTokenNotice(service, expiresAt, now) {
  if (!expiresAt || !endsSoon(expiresAt, now)) return void 0;
  return `The ${service} refresh token ${ended(expiresAt, now) ? "ended" : "ends"} ${whenWithDays(new Date(expiresAt), now)}, and refreshing does not extend it: authorize again before that day, for a new one.`;
}

// src/core/outcome.ts
function describeFailure(failure, terms = ACTION_TERMS) {
  return joined(failure, (cause) => explain(cause, heeding(failure, terms)));
}
function accountOfFailure(failure) {
  return joined(failure, (cause) => account(cause, heeding(failure, ACTION_TERMS)));
}
var heeding = ({ rerunHarms }, terms) => rerunHarms ? { ...terms, later: "" } : terms;
function joined({ what, cause, consequence }, tell2) {
  return [what, cause === void 0 ? void 0 : tell2(cause).trim(), consequence].filter((part) => part !== void 0).join(" ");
}
function withDataAccess(outcome, expiresAt, now) {
  if (!expiresAt) return outcome;
  const warning = dataAccessWarning(expiresAt, now);
  return { ...outcome, dataAccessExpiresAt: expiresAt, warnings: warning ? [...outcome.warnings, warning] : outcome.warnings };
}
function present(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== void 0));
}

// src/core/preflight.ts
function watchedSecret({ credential, secretName, refreshTokenSecret, dryRun: dryRun2 }) {
  if (dryRun2) return void 0;
  if (credential.flow === "authorization-code") return secretName;
  return credential.flow === "refresh-token" ? refreshTokenSecret : void 0;
}
async function preflight(request2, stores, watchRace = false) {
  const names = [request2.userIdVariable, request2.expiresAtVariable].filter((name) => !!name);
  const watched = watchedSecret(request2);
  const mustExist = request2.credential.flow === "refresh-token" ? request2.refreshTokenSecret : void 0;
  const ready = await Promise.all(
    stores.map(async (store, index) => {
      const kept = store.keepsVariables ? names : [];
      const asked = mustExist ?? (watchRace && index === 0 ? watched : void 0);
      const [key, writtenAt, ...values] = await Promise.all([
        store.prepare(),
        asked === void 0 ? void 0 : store.secretUpdatedAt(asked),
        ...kept.map((name) => store.readVariable(name))
      ]);
      return { store, key, variables: new Map(kept.map((name, i) => [name, values[i]])), secretWrittenAt: writtenAt };
    })
  );
  const unread = mustExist === void 0 ? void 0 : ready.find((target) => target.secretWrittenAt === void 0);
  if (unread && mustExist !== void 0) throw new UnreadSecretError({ secret: mustExist, target: unread.store.label });
  return ready;
}

// src/core/races.ts
var RACE_CHECKS = 6;
var RACE_INTERVAL_MS = 1e3;
function isRefused(error, { flow }) {
  const operation = flow === "authorization-code" ? "code exchange" : flow === "refresh-token" ? "refresh" : void 0;
  return error instanceof ServiceError && error.operation === operation && !error.transient && !error.codeSpent;
}
async function writtenMeanwhile(ready, secretName, runAskedAt, deps) {
  const [first] = ready;
  let began;
  for (let check = 0; check < RACE_CHECKS; check++) {
    if (!first || deps.cancelled?.aborted) return void 0;
    if (check > 0) await deps.pause(RACE_INTERVAL_MS);
    const updatedAt = await first.store.secretUpdatedAt(secretName).catch(() => void 0);
    if (updatedAt === void 0) continue;
    if (updatedAt !== first.secretWrittenAt) return { updatedAt };
    if (deps.cancelled?.aborted) return void 0;
    began ??= runAskedAt();
    const start = Date.parse(await began ?? "");
    if (Date.parse(updatedAt) >= start) return { updatedAt };
  }
  return void 0;
}

// src/core/obtain.ts
function obtain(credential, tokens) {
  switch (credential.flow) {
    case "authorization-code":
      return tokens.redeemCode(credential.code, credential.codeVerifier);
    case "short-lived-token":
      return tokens.exchangeForLongLived(credential.token);
    case "refresh-token":
      return tokens.redeemRefreshToken(credential.refreshToken);
  }
}
var SPENT = {
  "authorization-code": "the authorization code was used: it still works while it lasts",
  "short-lived-token": "the short-lived token was exchanged",
  "refresh-token": "the refresh token was sent: the stored one still works"
};
async function checkAndObtain(request2, deps) {
  const { tokens, stores, cancelled } = deps;
  const { credential } = request2;
  if (credential.flow === "refresh") return refresh(request2, credential.token, deps);
  if (credential.flow === "check") throw new Error("a token that is only checked is obtained by nothing");
  const why = () => `The run was cancelled before ${SPENT[credential.flow]}. Nothing was changed.`;
  const { runAskedAt } = deps;
  const ready = await cancellable(cancelled, why, async () => {
    const [targets] = await Promise.all([preflight(request2, stores, runAskedAt !== void 0), deps.sealer.ready()]);
    await Promise.all(targets.map((target) => sealsWith(target, deps)));
    return targets;
  });
  if (cancelled?.aborted) throw new CancelledError(why());
  try {
    return [ready, { grant: await obtain(credential, tokens) }];
  } catch (error) {
    const watched = watchedSecret(request2);
    const raced = runAskedAt && watched && isRefused(error, credential) ? await writtenMeanwhile(ready, watched, runAskedAt, deps) : void 0;
    if (!raced) throw error;
    return [ready, credential.flow === "refresh-token" ? { rotatedByAnotherRun: raced } : { storedByAnotherRun: raced }];
  }
}
async function sealsWith({ store, key }, { sealer }) {
  try {
    await sealer.seal("", key);
  } catch (error) {
    throw new GitHubError({
      operation: `read the public key of ${store.label}`,
      target: store.label,
      apiMessage: "the public key it gave cannot seal a value",
      serviceWords: false,
      cause: error
    });
  }
}
async function refresh(request2, token, deps) {
  const { tokens, stores, now, cancelled } = deps;
  const why = () => `The run was cancelled before ${request2.service} answered the refresh: nothing was spent, and the stored token stays valid.`;
  const [checked, refreshed] = await cancellable(
    cancelled,
    why,
    () => Promise.allSettled([preflight(request2, stores), tokens.refresh(token)])
  );
  if (checked.status === "rejected") throw checked.reason;
  if (refreshed.status === "fulfilled") return [checked.value, { grant: refreshed.value }];
  const young = await cancellable(
    cancelled,
    why,
    () => tooYoungToRefresh(refreshed.reason, {
      now: now(),
      expiresAtVariable: keptExpiry(request2, checked.value),
      inspect: () => tokens.inspect(token)
    })
  );
  if (!young) throw refreshed.reason;
  return [checked.value, { young }];
}
function keptExpiry(request2, ready) {
  const name = request2.expiresAtVariable;
  return name ? firstKept(ready.map((target) => target.variables.get(name))) : void 0;
}
function firstKept(values) {
  return values.find((value) => value !== void 0);
}
async function storedTokenExpiry(request2, deps) {
  const name = request2.expiresAtVariable;
  if (name) {
    const keeping = deps.stores.filter((store) => store.keepsVariables);
    const fromVariable = parseExpiry(firstKept(await Promise.all(keeping.map((store) => store.readVariable(name).catch(() => void 0)))));
    if (fromVariable) return fromVariable;
  }
  const { credential } = request2;
  if (credential.flow !== "refresh") return void 0;
  return (await deps.tokens.inspect(credential.token).catch(() => void 0))?.expiresAt;
}

// src/core/writes.ts
async function putBack({ store, variables }, request2, expiry, { cancelled }) {
  const name = request2.expiresAtVariable;
  if (!name || !expiry.result) return expiry;
  const previous = variables.get(name);
  try {
    const why = () => "the run was cancelled";
    await cancellable(cancelled, why, async () => {
      if (previous === void 0) await store.deleteVariable(name);
      else await store.writeVariable(name, previous, true);
    });
    return {};
  } catch (error) {
    const was = previous === void 0 ? "did not exist before" : `held ${previous} before`;
    const what = `Variable ${name} of ${store.label} now describes a token that was not stored: putting it back failed (it ${was}).`;
    return { failure: { what, cause: error, humanNeeded: true } };
  }
}
async function writeSecret({ store, key }, secretName, value, { sealer, cancelled }, kind = "token") {
  const result = (status) => ({ target: store.label, secret: secretName, status });
  let sealed;
  try {
    sealed = await sealer.seal(value, key);
  } catch (error) {
    const consequence = kind === "token" ? `The new token could not be sealed for ${store.label}: it is in this step's access-token output.` : `The new refresh token could not be sealed for ${store.label}: authorize again.`;
    return { result: result("failed"), failure: { cause: error, consequence, humanNeeded: true } };
  }
  try {
    const why = () => `The run was cancelled before GitHub confirmed the write to ${store.label}.`;
    return { result: result(await cancellable(cancelled, why, () => store.writeSecret(secretName, sealed, key.keyId))) };
  } catch (error) {
    const where = `printed with this run's outcome, sealed for ${store.label}, with the command that stores it`;
    const consequence = kind === "token" ? `The new token is not lost: it is ${where}.` : `The new refresh token is not lost: it is ${where}. Store this one before the next run: where the service rotates refresh tokens, the one in ${secretName} no longer works.`;
    const failure = kind === "token" ? { cause: error, consequence, humanNeeded: needsHuman(error) } : { cause: error, consequence, humanNeeded: true, rerunHarms: true };
    return {
      result: result("failed"),
      failure,
      storeByHand: { target: store.label, kind, command: store.storeCommand(secretName, sealed, key.keyId) }
    };
  }
}
async function writeVariable({ store, variables }, name, value, request2, { cancelled }) {
  if (!name) return {};
  const known = await bestEffort(cancelled, () => Promise.resolve(value));
  if (known === void 0) return { warning: `Variable ${name} was not written to ${store.label}: its value is unknown for this run.` };
  try {
    const why = () => `The run was cancelled before GitHub confirmed it.`;
    const status = await cancellable(cancelled, why, () => store.writeVariable(name, known, variables.get(name) !== void 0));
    return { result: { target: store.label, name, status } };
  } catch (error) {
    const outcome = error instanceof CancelledError ? "may not have been written" : "was not written";
    const what = `Variable ${name} of ${store.label} ${outcome} (the secret ${request2.secretName ?? request2.refreshTokenSecret ?? ""} is not affected).`;
    return { failure: { what, cause: error, humanNeeded: needsHuman(error) } };
  }
}

// src/core/check.ts
async function checkToken(request2, token, deps, untouched) {
  const { stores, tokens, cancelled, now } = deps;
  const name = request2.expiresAtVariable;
  const keeping = name ? stores.filter((store) => store.keepsVariables) : [];
  const why = () => `The run was cancelled before ${request2.service} answered the check: nothing was changed.`;
  const watched = request2.secretName;
  const [times, kept] = await cancellable(
    cancelled,
    why,
    () => Promise.all([
      tokens.check(token),
      Promise.all(keeping.map((store) => name === void 0 ? Promise.resolve(void 0) : store.readVariable(name))),
      request2.dryRun ? preflight(request2, stores) : void 0,
      watched && keeping.length === 0 ? bestEffort(cancelled, () => stores[0]?.secretUpdatedAt(watched) ?? Promise.resolve(void 0)) : void 0
    ])
  );
  const expiresAt = times.expiresAt && isoSeconds(times.expiresAt);
  deps.info(`${request2.service} says the token is alive and fit for its use${expiresAt ? `, until ${expiresAt}` : ""}: nothing to renew.`);
  const changed = keeping.filter((_, index) => kept[index] !== expiresAt);
  const writes = name && expiresAt && !request2.dryRun ? await Promise.all(
    changed.map(
      (store) => writeVariable({ store, variables: /* @__PURE__ */ new Map([[name, kept[keeping.indexOf(store)]]]) }, name, expiresAt, request2, deps)
    )
  ) : [];
  const notice = expiryNotice(request2.service, expiresAt, now());
  const failures = writes.flatMap((write) => write.failure ? [write.failure] : []);
  const outcome = {
    ...untouched,
    ...present({ expiresAt }),
    variables: writes.flatMap((write) => write.result ? [write.result] : []),
    warnings: notice ? [notice] : [],
    failures,
    humanNeeded: failures.some((failure) => failure.humanNeeded),
    ...notice ? { attention: notice } : {}
  };
  return withDataAccess(outcome, times.dataAccessExpiresAt && isoSeconds(times.dataAccessExpiresAt), now());
}

// src/core/delivery.ts
async function deliver(request2, token, targets, deps) {
  const { grant } = token;
  const lookup = token.profile ? token.profile.then((early) => early ? found(early, deps.tokens.profiles === "username") : lookUpProfile(grant.accessToken, deps)) : lookUpProfile(grant.accessToken, deps);
  const userId = grant.userId !== void 0 ? Promise.resolve(grant.userId) : lookup.then(({ profile }) => profile?.id);
  const [looked, ...done] = await Promise.all([lookup, ...targets.map((target) => deliverTo(target, request2, token, userId, deps))]);
  const secrets = done.flatMap((target) => target.secrets);
  const variables = done.flatMap((target) => target.variables);
  const tokenWrites = done.map((target) => target.secrets.at(-1)).filter((write) => write !== void 0);
  const stored = tokenWrites.filter((write) => write.result.status !== "failed").map((write) => write.result.target);
  const missed = tokenWrites.filter((write) => write.result.status === "failed").map((write) => write.result.target);
  const partly = missed.length > 0 && stored.length > 0 ? [{ what: `The new token is stored in ${stored.join(", ")}, but not in ${missed.join(", ")}.`, humanNeeded: false }] : [];
  return {
    targets: secrets.map((write) => write.result),
    variables: variables.flatMap((write) => write.result ? [write.result] : []),
    warnings: [looked.warning, ...variables.map((write) => write.warning)].filter((warning) => warning !== void 0),
    failures: [...secrets.map((write) => write.failure), ...variables.map((write) => write.failure), ...partly].filter(
      (failure) => failure !== void 0
    ),
    storeByHand: secrets.flatMap((write) => write.storeByHand ? [write.storeByHand] : []),
    ...looked.profile ? { profile: looked.profile } : {}
  };
}
var NO_USERNAME = "The profile lookup gave no valid username: the username output is left empty for this run.";
var found = (profile, usernames) => usernames && profile.username === void 0 ? { profile, warning: NO_USERNAME } : { profile };
async function lookUpProfile(token, { tokens, cancelled }) {
  if (tokens.profiles === "none") return {};
  try {
    const profile = await cancellable(
      cancelled,
      () => "the run was cancelled",
      () => tokens.profile(token)
    );
    return found(profile, tokens.profiles === "username");
  } catch (error) {
    const reason = error instanceof ServiceError ? error.apiMessage : error instanceof CancelledError ? error.message : "no usable reply";
    return { warning: `The profile lookup failed (${reason}): the username is unknown for this run.` };
  }
}
async function deliverTo(target, request2, token, userId, deps) {
  const { refreshTokenSecret, secretName } = request2;
  const writes = [
    ...refreshTokenSecret && token.refreshToken ? [writeSecret(target, refreshTokenSecret, token.refreshToken, deps, "refresh token")] : [],
    ...secretName ? [writeSecret(target, secretName, token.grant.accessToken, deps)] : []
  ];
  if (!target.store.keepsVariables) return { secrets: await Promise.all(writes), variables: [] };
  const [secrets, expiry, user] = await Promise.all([
    Promise.all(writes),
    writeVariable(target, request2.expiresAtVariable, token.expiresAt, request2, deps),
    writeVariable(target, request2.userIdVariable, userId, request2, deps)
  ]);
  const stored = secrets.every((write) => write.result.status !== "failed");
  return { secrets, variables: [user, stored ? expiry : await putBack(target, request2, expiry, deps)] };
}

// src/core/request.ts
function flowOf(credential) {
  if (credential.flow === "refresh-token") return "refresh";
  return credential.flow === "check" ? "checked" : credential.flow;
}

// src/core/keeper.ts
async function keepToken(request2, deps) {
  const { credential } = request2;
  const untouched = nothingDone(request2, deps.stores);
  if (credential.flow === "check") return checkToken(request2, credential.token, deps, untouched);
  if (request2.dryRun) return dryRun(request2, deps, untouched);
  deps.sealer.warm();
  const profile = credential.flow === "refresh" && request2.userIdVariable ? bestEffort(deps.cancelled, () => deps.tokens.profile(credential.token)) : void 0;
  const [ready, obtained] = await checkAndObtain(request2, deps);
  if ("young" in obtained) return tooYoung(untouched, obtained.young, deps.info);
  if ("storedByAnotherRun" in obtained) return storedByAnotherRun(untouched, obtained.storedByAnotherRun.updatedAt, deps.info);
  if ("rotatedByAnotherRun" in obtained) return rotatedByAnotherRun(untouched, request2, obtained.rotatedByAnotherRun.updatedAt, deps.info);
  const { grant } = obtained;
  deps.info(`Obtained the token to keep by ${HOW[credential.flow]}.`);
  const refreshToken = refreshTokenToWrite(request2, grant);
  if (refreshToken && credential.flow === "refresh-token") {
    deps.info(`${request2.service} sent a new refresh token with the token: it is written back to ${request2.refreshTokenSecret}.`);
  }
  const lifetime2 = lifetimeOf(grant, deps.now());
  const dataAccess = askDataAccess(deps.tokens, grant.accessToken, deps.cancelled);
  const delivery = await deliver(request2, { grant, expiresAt: lifetime2.expiresAt, profile, refreshToken }, ready, deps).catch(
    (error) => undelivered(untouched, error)
  );
  const outcome = withNothingKept(merged(untouched, grant, lifetime2, delivery), request2, refreshToken);
  return withRefreshTokenEnd(withDataAccess(outcome, await dataAccess, deps.now()), request2.service, deps.now());
}
function withNothingKept(outcome, request2, refreshToken) {
  const { secretName, credential, service, expiry } = request2;
  if (refreshToken || credential.flow === "refresh-token" || secretName && expiry !== "hours") return outcome;
  const what = secretName ? `${service} gave no refresh token, and its token lasts only hours: nothing that lasts was kept, so the next run would have nothing to start from.` : `${service} gave no refresh token, and the token itself is not kept: nothing was stored, so the next run would have nothing to start from.`;
  const keepIt = secretName || expiry === "hours" ? "" : ", or keep the token itself with secret-name";
  const failure = {
    what,
    consequence: `Authorize again, asking for offline access (the scope that grants a refresh token)${keepIt}.`,
    humanNeeded: true
  };
  return { ...outcome, failures: [...outcome.failures, failure], humanNeeded: true };
}
var HOW = {
  "authorization-code": "exchanging the authorization-code",
  "short-lived-token": "exchanging the short-lived-token",
  refresh: "refreshing the current one",
  "refresh-token": "redeeming the refresh token"
};
function refreshTokenToWrite({ credential, refreshTokenSecret }, { refreshToken }) {
  if (!refreshTokenSecret || !refreshToken) return void 0;
  return credential.flow === "refresh-token" && credential.refreshToken === refreshToken ? void 0 : refreshToken;
}
function withRefreshTokenEnd(outcome, service, now) {
  const notice = refreshTokenNotice(service, outcome.refreshTokenExpiresAt, now);
  return notice ? { ...outcome, warnings: [...outcome.warnings, notice], attention: notice } : outcome;
}
function nothingDone({ credential, dryRun: dryRun2, secretName, refreshTokenSecret }, stores) {
  const secrets = [credential.flow === "refresh-token" ? refreshTokenSecret : void 0, secretName].filter((name) => name !== void 0);
  return {
    flow: flowOf(credential),
    dryRun: dryRun2,
    ...secretName ? { secretName } : {},
    targets: stores.flatMap((store) => secrets.map((secret) => ({ target: store.label, secret, status: "unchanged" }))),
    variables: [],
    warnings: [],
    failures: [],
    humanNeeded: false,
    storeByHand: []
  };
}
async function dryRun(request2, deps, untouched) {
  const { stores, tokens, info, now, cancelled } = deps;
  const { credential } = request2;
  const ready = await preflight(request2, stores);
  await Promise.all(ready.map((target) => sealsWith(target, deps)));
  info(`Dry run: every target is reachable and its public key readable; nothing will be changed.`);
  const kept = parseExpiry(keptExpiry(request2, ready));
  const checked = { ...untouched, ...kept ? { expiresAt: isoSeconds(kept) } : {} };
  if (credential.flow === "authorization-code") {
    return { ...checked, warnings: ["Dry run: the authorization code was not exchanged (a code works only once)."] };
  }
  if (credential.flow === "refresh-token") {
    return { ...checked, warnings: ["Dry run: the refresh token was not sent (where the service rotates them, it works only once)."] };
  }
  const dataAccess = askDataAccess(tokens, credential.token, cancelled);
  if (tokens.profiles === "none") return withDataAccess(checked, await dataAccess, now());
  const { profile, warning } = found(await tokens.profile(credential.token), tokens.profiles === "username");
  const named = { ...checked, ...present({ userId: profile.id, username: profile.username }) };
  return withDataAccess(warning ? { ...named, warnings: [warning] } : named, await dataAccess, now());
}
function lifetimeOf(grant, now) {
  const at = (seconds) => isoSeconds(new Date(now.getTime() + seconds * 1e3));
  return {
    ...grant.expiresIn === void 0 ? {} : { expiresIn: grant.expiresIn, expiresAt: at(grant.expiresIn) },
    ...grant.refreshTokenExpiresIn === void 0 ? {} : { refreshTokenExpiresAt: at(grant.refreshTokenExpiresIn) }
  };
}
function undelivered(untouched, error) {
  const consequence = "The new token was obtained but not stored: it is in this step's access-token output.";
  return {
    targets: untouched.targets,
    variables: [],
    warnings: [],
    failures: [{ cause: error, consequence, humanNeeded: true }],
    storeByHand: []
  };
}
function merged(untouched, grant, lifetime2, delivery) {
  const { profile } = delivery;
  const written = new Set(delivery.targets.map(({ target, secret }) => `${target}|${secret}`));
  const unwritten = untouched.targets.filter(({ target, secret }) => !written.has(`${target}|${secret}`));
  return {
    ...untouched,
    targets: [...delivery.targets, ...unwritten],
    accessToken: grant.accessToken,
    ...lifetime2,
    ...present({ userId: profile?.id ?? grant.userId, username: profile?.username }),
    variables: delivery.variables,
    warnings: delivery.warnings,
    failures: delivery.failures,
    humanNeeded: delivery.failures.some((failure) => failure.humanNeeded),
    storeByHand: delivery.storeByHand
  };
}
function tooYoung(outcome, young, info) {
  const age = `issued ${isoSeconds(young.issuedAt)}, per the ${young.source}`;
  info(`The token is under a day old (${age}); it can be refreshed from one day of age. Nothing was changed; a later run will refresh it.`);
  const expiresAt = young.expiresAt ? { expiresAt: isoSeconds(young.expiresAt) } : {};
  return { ...outcome, flow: "skipped", skipReason: "the current token is under a day old, too young to refresh", ...expiresAt };
}
function rotatedByAnotherRun(outcome, { refreshTokenSecret }, updatedAt, info) {
  info(
    `The refresh token was refused, but ${refreshTokenSecret} was written at ${updatedAt}, after this run began: another run redeemed it and wrote back the new one, which the next run uses. Nothing left to do.`
  );
  return { ...outcome, flow: "skipped", skipReason: `another run rotated the refresh token at ${updatedAt}` };
}
function storedByAnotherRun(outcome, updatedAt, info) {
  info(
    `The code was refused, but ${outcome.secretName} was written at ${updatedAt}, after this run began: another run with the same code stored the token. Nothing left to do.`
  );
  return { ...outcome, flow: "skipped", skipReason: `another run stored a token with this code at ${updatedAt}` };
}

// src/shared/inert.ts
var ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
var CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
var CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
var INVISIBLE = /[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function hasControlCharacters(text2) {
  return new RegExp(CONTROL.source).test(text2);
}
function oneLine(text2) {
  return text2.replace(ANSI, "").replace(CONTROL, " ").replace(INVISIBLE, " ");
}
function html(text2) {
  return oneLine(text2).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
function lines(text2) {
  return text2.replace(ANSI, "").replace(/\r\n?/g, "\n").replace(CONTROL_BUT_LINES, "").replace(INVISIBLE, "");
}
function forTerminal(text2) {
  return lines(text2);
}
function quoted2(text2, max = 2e3) {
  const clean = lines(text2.length > max ? `${text2.slice(0, max)}\u2026` : text2);
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text
${clean}
${fence}`;
}

// src/shared/redaction.ts
var REDACTED = "***";
var CREDENTIAL_PARAMS = /\b(access_token|client_secret|code|input_token|fb_exchange_token)=[^&\s"'#]+/gi;
var URL_QUERY = /(https?:\/\/[^\s?#"'<>]+)\?[^\s"'<>]*/gi;
var MIN_LENGTH = 4;
var LOOSE_LENGTH = 8;
var SPACE = /\s/;
function createRedactor(setSecret) {
  const exact = /* @__PURE__ */ new Set();
  const loose = /* @__PURE__ */ new Map();
  let exactLongestFirst = [];
  function mask(value) {
    const trimmed = value.trim();
    if (trimmed.length < MIN_LENGTH) return;
    const lines2 = value.split(/\r?\n/).map((line) => line.trim());
    const forms = [value, trimmed, encodeURIComponent(trimmed), formEncoded(trimmed), ...lines2];
    for (const candidate of forms) {
      if (candidate.trim().length < MIN_LENGTH || exact.has(candidate)) continue;
      exact.add(candidate);
      setSecret(candidate);
    }
    exactLongestFirst = [...exact].sort((a, b) => b.length - a.length);
    for (const form of forms) addLoose(form, true);
    for (const form of /* @__PURE__ */ new Set([trimmed, formEncoded(trimmed), encodeURIComponent(trimmed)])) {
      for (const encoded of base64Forms(form)) addLoose(encoded, false);
    }
  }
  function addLoose(form, anyCase) {
    const squeezed = removeSpace(form);
    if (squeezed.length < LOOSE_LENGTH) return;
    const text2 = anyCase ? asciiLower(squeezed) : squeezed;
    const key = `${anyCase ? "i" : "s"}:${text2}`;
    if (!loose.has(key)) loose.set(key, { text: text2, anyCase });
  }
  function redact(text2) {
    let clean = text2.replace(URL_QUERY, `$1?${REDACTED}`).replace(CREDENTIAL_PARAMS, `$1=${REDACTED}`);
    for (const secret of exactLongestFirst) {
      if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
    }
    return loose.size === 0 ? clean : redactLoose(clean, [...loose.values()]);
  }
  return { mask, redact };
}
function redactLoose(text2, needles) {
  const squeezed = removeSpace(text2);
  const lower = asciiLower(squeezed);
  const found2 = [];
  for (const { text: needle, anyCase } of needles) {
    const haystack = anyCase ? lower : squeezed;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found2.push([at, at + needle.length]);
  }
  if (found2.length === 0) return text2;
  const place = [];
  for (let i = 0; i < text2.length; i++) if (!SPACE.test(text2.charAt(i))) place.push(i);
  const spans = found2.map(([start, end]) => [place[start] ?? 0, (place[end - 1] ?? 0) + 1]).sort((a, b) => a[0] - b[0]);
  let clean = "";
  let done = 0;
  for (const [start, end] of spans) {
    if (start >= done) clean += `${text2.slice(done, start)}${REDACTED}`;
    done = Math.max(done, end);
  }
  return clean + text2.slice(done);
}
function base64Forms(value) {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length < LOOSE_LENGTH) return [];
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(2)]).toString("base64");
    return encoded.slice(Math.ceil(8 * offset / 6), Math.floor(8 * (offset + bytes.length) / 6));
  });
}
function asciiLower(text2) {
  return text2.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
function removeSpace(text2) {
  return text2.replace(/\s+/g, "");
}
function formEncoded(value) {
  return new URLSearchParams({ v: value }).toString().slice("v=".length);
}

// src/shared/proxy.ts
var DEFAULT_PORTS = { "http:": 80, "https:": 443 };
function variable(env, name) {
  for (const spelled of [name.toLowerCase(), name]) {
    const value = env[spelled]?.trim();
    if (value) return [spelled, value];
  }
  return void 0;
}
function describeProxy(proxy) {
  return `${proxy.protocol}//${proxy.host}`;
}
function parseProxy(value) {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return void 0;
  }
}
function readProxy(env, name) {
  const found2 = variable(env, name);
  if (!found2) return void 0;
  const [spelled, value] = found2;
  const url = parseProxy(value);
  if (!url) {
    throw new ProxySettingError(
      `${spelled} is set but is not a proxy address: write it as http://HOST:PORT (with credentials, http://USER:PASSWORD@HOST:PORT).`
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ProxySettingError(
      `${spelled} names a ${url.protocol.slice(0, -1)}:// proxy (${describeProxy(url)}): only http:// and https:// proxies are supported. Point it at an HTTP proxy that tunnels with CONNECT.`
    );
  }
  if (!url.hostname || url.pathname !== "/" || url.search || url.hash) {
    throw new ProxySettingError(`${spelled} must be a proxy's address alone (http://HOST:PORT), without a path, query or fragment.`);
  }
  return url;
}
function readBypass(env) {
  const list = variable(env, "NO_PROXY")?.[1] ?? "";
  return list.split(",").map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== "").map((entry) => {
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    const host = (withPort?.[1] ?? entry).replace(/^\[(.*)\]$/, "$1");
    const port = withPort ? Number(withPort[2]) : void 0;
    if (host.startsWith("*.")) return { host: host.slice(2), match: "below", port };
    if (host.startsWith(".")) return { host: host.slice(1), match: "domain", port };
    return { host, match: "exact", port };
  });
}
function readProxySettings(env) {
  return { https: readProxy(env, "HTTPS_PROXY"), http: readProxy(env, "HTTP_PROXY"), bypass: readBypass(env) };
}
function bypassed(url, rules) {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  return rules.some((rule) => {
    if (rule.port !== void 0 && rule.port !== port) return false;
    if (rule.host === "*") return true;
    if (rule.match === "exact") return host === rule.host;
    return host.endsWith(`.${rule.host}`) || rule.match === "domain" && host === rule.host;
  });
}
function proxyFor(url, settings) {
  const proxy = url.protocol === "https:" ? settings.https : url.protocol === "http:" ? settings.http : void 0;
  return proxy && !bypassed(url, settings.bypass) ? proxy : void 0;
}
function proxyCredentials(env) {
  const values = [];
  for (const name of ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]) {
    const value = env[name]?.trim();
    if (!value) continue;
    const url = parseProxy(value);
    if (!url) values.push(value);
    else if (url.password) values.push(url.password, safeDecode(url.password));
  }
  return [...new Set(values)];
}
function safeDecode(text2) {
  try {
    return decodeURIComponent(text2);
  } catch {
    return text2;
  }
}
function nodeTunnels(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 24 || major === 24 && minor >= 5 || major === 22 && minor >= 21;
}

// src/shared/transport.ts
import { createRequire } from "node:module";

// src/shared/transport-faults.ts
var NOT_CONNECTED = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
var UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/;
var PRIVATE_CA = "Where GitHub Enterprise Server or a TLS-inspecting proxy uses a private certificate authority, set NODE_EXTRA_CA_CERTS to its certificate (a PEM file) in the environment of the step.";
function connectionFault(error, url, proxy) {
  const raw = error.code;
  const code = typeof raw === "string" ? raw : "EUNKNOWN";
  const host = url.host;
  if (proxy && code === "ERR_PROXY_TUNNEL") {
    const status = Number(/HTTP\/[\d.]+ (\d{3})/.exec(String(error.message))?.[1] ?? 0);
    return proxyRefused(proxy, url, status);
  }
  if (UNTRUSTED.test(code)) {
    return new TransportError(`the TLS certificate of ${host} is not trusted (${code})`, {
      host,
      code,
      transient: false,
      notSent: true,
      remedy: PRIVATE_CA
    });
  }
  const through = proxy ? ` through the proxy ${describeProxy(proxy)}` : "";
  if (NOT_CONNECTED.has(code)) {
    const what = proxy ? `could not reach the proxy ${describeProxy(proxy)} (${code})` : `could not connect to ${host} (${code})`;
    return new TransportError(what, { host, code, transient: true, notSent: true });
  }
  return new TransportError(`network error with ${host}${through} (${code})`, { host, code, transient: true, notSent: false });
}
function proxyRefused(proxy, url, status) {
  const shown = describeProxy(proxy);
  const host = url.host;
  const known = status > 0 ? ` (HTTP ${status})` : "";
  if (status >= 500) {
    return new TransportError(`the proxy ${shown} could not open a tunnel to ${host}${known}`, {
      host,
      code: "PROXY_REFUSED",
      transient: true,
      notSent: true
    });
  }
  const remedy = status === 407 ? "The proxy asks for credentials: give them in the proxy variable, as http://USER:PASSWORD@HOST:PORT." : `Ask the proxy's administrators to allow ${host}, or list it in NO_PROXY if it is reachable directly.`;
  return new TransportError(`the proxy ${shown} refused to tunnel to ${host}${known}`, {
    host,
    code: "PROXY_REFUSED",
    transient: false,
    notSent: true,
    remedy
  });
}
function redirected(url, status, location) {
  let target;
  try {
    target = location ? new URL(location, url) : void 0;
  } catch {
    target = void 0;
  }
  const where = !target ? "an address it did not give" : target.origin === url.origin ? target.pathname : target.origin;
  const downgrade = target?.protocol === "http:" && url.protocol === "https:";
  const remedy = downgrade ? "It would drop https: check that the API URL inputs name the services themselves." : "The base URL is likely wrong: give each API address itself (on GitHub Enterprise Server, github-api-url is https://HOST/api/v3, with /api/v3), not one that redirects.";
  return new TransportError(`${url.host} answered HTTP ${status}, a redirect to ${where}, which is never followed`, {
    host: url.host,
    code: "REDIRECT",
    transient: false,
    notSent: false,
    remedy
  });
}
function tooLarge(url, maxBytes) {
  const cap = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new TransportError(`${url.host} sent a reply over ${cap}, refused as garbled`, {
    host: url.host,
    code: "TOO_LARGE",
    transient: true,
    notSent: false
  });
}

// src/shared/transport.ts
var load = createRequire(import.meta.url);
var moduleFor = (url) => load(url.protocol === "https:" ? "node:https" : "node:http");
var MAX_REPLY_BYTES = 1024 * 1024;
function createTransport(env = process.env, options = {}) {
  const settings = readProxySettings(env);
  const nativeTunnel = options.nativeTunnel ?? nodeTunnels();
  const maxBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES;
  const agents = /* @__PURE__ */ new Map();
  const leaving = /* @__PURE__ */ new Set();
  const send = async (request2) => {
    const { origin } = request2.url;
    const proxy = proxyFor(request2.url, settings);
    let agent = agents.get(origin);
    if (!agent) {
      agent = createAgent(request2.url, proxy, nativeTunnel);
      agents.set(origin, agent);
    }
    let left = () => void 0;
    const gone = new Promise((resolve) => left = resolve);
    leaving.add(gone);
    void gone.then(() => leaving.delete(gone));
    try {
      return await exchange(request2, await agent, proxy, maxBytes, left);
    } finally {
      left();
    }
  };
  const sent = () => new Promise((resolve) => setImmediate(() => void Promise.all(leaving).then(() => resolve())));
  return Object.assign(send, { sent });
}
async function createAgent(url, proxy, nativeTunnel) {
  const secure = url.protocol === "https:";
  const options = { keepAlive: true };
  if (!proxy) return new (moduleFor(url)).Agent(options);
  if (nativeTunnel) {
    const proxied = { ...options, proxyEnv: secure ? { HTTPS_PROXY: proxy.href } : { HTTP_PROXY: proxy.href } };
    return new (moduleFor(url)).Agent(proxied);
  }
  if (secure) {
    const { HttpsProxyAgent } = await import("./dist-6BA6K3L7.js");
    return new HttpsProxyAgent(proxy, options);
  }
  const { HttpProxyAgent } = await import("./dist-PH23AOGM.js");
  return new HttpProxyAgent(proxy, options);
}
function exchange(request2, agent, proxy, maxBytes, left) {
  const { method, url, headers, body, signal } = request2;
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const length = body === void 0 ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const outgoing = moduleFor(url).request(url, { method, headers: { ...headers, ...length }, agent });
    const succeed = (reply) => {
      signal.removeEventListener("abort", onAbort);
      resolve(reply);
    };
    const fail = (error) => {
      signal.removeEventListener("abort", onAbort);
      outgoing.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let tunnel;
    outgoing.once("proxyConnect", (connect2) => tunnel = connect2.statusCode);
    outgoing.on("error", (error) => fail(connectionFault(error, url, proxy)));
    outgoing.on("response", (incoming) => {
      const status = incoming.statusCode ?? 0;
      if (proxy && tunnel !== void 0 && tunnel !== 200) return fail(proxyRefused(proxy, url, tunnel));
      if (proxy && status === 407) return fail(proxyRefused(proxy, url, status));
      if (status >= 300 && status < 400 && status !== 304) return fail(redirected(url, status, incoming.headers.location));
      readBody(incoming, url, maxBytes).then(
        (text2) => succeed({ status, headers: flatHeaders(incoming.headers), text: text2, via: proxy && describeProxy(proxy) }),
        (error) => fail(error instanceof TransportError ? error : connectionFault(error, url, proxy))
      );
    });
    outgoing.once("finish", left);
    outgoing.end(body);
  });
}
function readBody(incoming, url, maxBytes) {
  return new Promise((resolve, reject) => {
    if (Number(incoming.headers["content-length"]) > maxBytes) return reject(tooLarge(url, maxBytes));
    const chunks = [];
    let size = 0;
    incoming.on("data", (chunk) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else reject(tooLarge(url, maxBytes));
    });
    incoming.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    incoming.on("error", reject);
    incoming.on("close", () => {
      if (!incoming.complete) reject(Object.assign(new Error("reply cut short"), { code: "ECONNRESET" }));
    });
  });
}
function flatHeaders(raw) {
  const flat = {};
  for (const [name, value] of Object.entries(raw)) if (value !== void 0) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}
function describeUrl(input) {
  try {
    const url = typeof input === "string" ? new URL(input) : input;
    return `${url.origin}${url.pathname}${url.search ? "?\u2026" : ""}`;
  } catch {
    return "(unparseable URL)";
  }
}
function replyLine(method, url, reply) {
  return `${method} ${describeUrl(url)} -> ${reply.status}${reply.via ? ` (via ${reply.via})` : ""}`;
}

// node_modules/lossless-json/lib/esm/utils.js
function isInteger(value) {
  return INTEGER_REGEX.test(value);
}
var INTEGER_REGEX = /^-?[0-9]+$/;
function isNumber(value) {
  return NUMBER_REGEX.test(value);
}
var NUMBER_REGEX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
function isSafeNumber(value, config2) {
  if (isInteger(value)) {
    return Number.isSafeInteger(Number.parseInt(value, 10));
  }
  const num = Number.parseFloat(value);
  if (Number.isInteger(num) && !Number.isSafeInteger(num)) {
    return false;
  }
  const parsed = String(num);
  if (value === parsed) {
    return true;
  }
  const valueDigits = extractSignificantDigits(value);
  const parsedDigits = extractSignificantDigits(parsed);
  if (valueDigits === parsedDigits) {
    return true;
  }
  if (config2?.approx === true) {
    const requiredDigits = 14;
    if (parsedDigits.length >= requiredDigits && valueDigits.startsWith(parsedDigits.substring(0, requiredDigits))) {
      return true;
    }
  }
  return false;
}
var UnsafeNumberReason = /* @__PURE__ */ (function(UnsafeNumberReason2) {
  UnsafeNumberReason2["underflow"] = "underflow";
  UnsafeNumberReason2["overflow"] = "overflow";
  UnsafeNumberReason2["truncate_integer"] = "truncate_integer";
  UnsafeNumberReason2["truncate_float"] = "truncate_float";
  return UnsafeNumberReason2;
})({});
function getUnsafeNumberReason(value) {
  if (isSafeNumber(value, {
    approx: false
  })) {
    return void 0;
  }
  if (isInteger(value)) {
    return UnsafeNumberReason.truncate_integer;
  }
  const num = Number.parseFloat(value);
  if (!Number.isFinite(num)) {
    return UnsafeNumberReason.overflow;
  }
  if (num === 0) {
    return UnsafeNumberReason.underflow;
  }
  return UnsafeNumberReason.truncate_float;
}
function extractSignificantDigits(value) {
  const {
    start,
    end
  } = getSignificantDigitRange(value);
  const digits = value.substring(start, end);
  const dot = digits.indexOf(".");
  if (dot === -1) {
    return digits;
  }
  return digits.substring(0, dot) + digits.substring(dot + 1);
}
function getSignificantDigitRange(value) {
  let start = 0;
  if (value[0] === "-") {
    start++;
  }
  while (value[start] === "0" || value[start] === ".") {
    start++;
  }
  let end = value.lastIndexOf("e");
  if (end === -1) {
    end = value.lastIndexOf("E");
  }
  if (end === -1) {
    end = value.length;
  }
  while ((value[end - 1] === "0" || value[end - 1] === ".") && end > start) {
    end--;
  }
  return {
    start,
    end
  };
}

// node_modules/lossless-json/lib/esm/LosslessNumber.js
var losslessNumberMarker = /* @__PURE__ */ Symbol.for("lossless-json.LosslessNumber");
var LosslessNumber = class {
  // numeric value as string
  value;
  /**
   * @deprecated Use the isLosslessNumber(value) function instead.
   *
   * Ordinary objects may also have an isLosslessNumber property, so this
   * field cannot reliably identify lossless numbers.
   */
  isLosslessNumber = true;
  get [losslessNumberMarker]() {
    return true;
  }
  constructor(value) {
    if (!isNumber(value)) {
      throw new Error(`Invalid number (value: "${value}")`);
    }
    this.value = value;
  }
  /**
   * Get the value of the LosslessNumber as number or bigint.
   *
   * - a number is returned for safe numbers and decimal values that only lose some insignificant digits
   * - a bigint is returned for big integer numbers
   * - an Error is thrown for values that will overflow or underflow
   *
   * Note that you can implement your own strategy for conversion by just getting the value as string
   * via .toString(), and using util functions like isInteger, isSafeNumber, getUnsafeNumberReason,
   * and toSafeNumberOrThrow to convert it to a numeric value.
   */
  valueOf() {
    const unsafeReason = getUnsafeNumberReason(this.value);
    if (unsafeReason === void 0 || unsafeReason === UnsafeNumberReason.truncate_float) {
      return Number.parseFloat(this.value);
    }
    if (isInteger(this.value)) {
      return BigInt(this.value);
    }
    throw new Error(`Cannot safely convert to number: the value '${this.value}' would ${unsafeReason} and become ${Number.parseFloat(this.value)}`);
  }
  /**
   * Get the value of the LosslessNumber as string.
   */
  toString() {
    return this.value;
  }
  // Note: we do NOT implement a .toJSON() method, and you should not implement
  // or use that, it cannot safely turn the numeric value in the string into
  // stringified JSON since it has to be parsed into a number first.
};
function isLosslessNumber(value) {
  return value !== null && typeof value === "object" && value[losslessNumberMarker] === true;
}

// node_modules/lossless-json/lib/esm/numberParsers.js
function parseLosslessNumber(value) {
  return new LosslessNumber(value);
}

// node_modules/lossless-json/lib/esm/revive.js
function revive(json, reviver) {
  return reviveValue({
    "": json
  }, "", json, reviver);
}
function reviveValue(context, key, value, reviver) {
  if (Array.isArray(value)) {
    return reviver.call(context, key, reviveArray(value, reviver));
  }
  if (value && typeof value === "object" && !isLosslessNumber(value)) {
    return reviver.call(context, key, reviveObject(value, reviver));
  }
  return reviver.call(context, key, value);
}
function reviveObject(object, reviver) {
  for (const key of Object.keys(object)) {
    const value = reviveValue(object, key, object[key], reviver);
    if (value !== void 0) {
      object[key] = value;
    } else {
      delete object[key];
    }
  }
  return object;
}
function reviveArray(array, reviver) {
  for (let i = 0; i < array.length; i++) {
    const value = reviveValue(array, String(i), array[i], reviver);
    if (value === void 0) {
      delete array[i];
    } else {
      array[i] = value;
    }
  }
  return array;
}

// node_modules/lossless-json/lib/esm/parse.js
function parse(text2, reviver, options) {
  const optionsObj = typeof options === "function" ? {
    parseNumber: options
  } : options;
  const parseNumber = optionsObj?.parseNumber ?? parseLosslessNumber;
  const onDuplicateKey = optionsObj?.onDuplicateKey ?? throwDuplicateKey;
  let i = 0;
  const value = parseValue();
  expectValue(value);
  expectEndOfInput();
  return reviver ? revive(value, reviver) : value;
  function parseObject() {
    if (text2.charCodeAt(i) === codeOpeningBrace) {
      i++;
      skipWhitespace();
      const object = {};
      let initial = true;
      while (i < text2.length && text2.charCodeAt(i) !== codeClosingBrace) {
        if (!initial) {
          eatComma();
          skipWhitespace();
        } else {
          initial = false;
        }
        const start = i;
        const key = parseString();
        if (key === void 0) {
          throwObjectKeyExpected();
          return;
        }
        skipWhitespace();
        eatColon();
        const value2 = parseValue();
        if (value2 === void 0) {
          throwObjectValueExpected();
          return;
        }
        if (Object.prototype.hasOwnProperty.call(object, key) && !isDeepEqual(value2, object[key])) {
          const returnedValue = onDuplicateKey({
            key,
            position: start + 1,
            oldValue: object[key],
            newValue: value2
          });
          if (returnedValue !== void 0) {
            setObjectKey(object, key, returnedValue);
          }
        } else {
          setObjectKey(object, key, value2);
        }
      }
      if (text2.charCodeAt(i) !== codeClosingBrace) {
        throwObjectKeyOrEndExpected();
      }
      i++;
      return object;
    }
  }
  function parseArray() {
    if (text2.charCodeAt(i) === codeOpeningBracket) {
      i++;
      skipWhitespace();
      const array = [];
      let initial = true;
      while (i < text2.length && text2.charCodeAt(i) !== codeClosingBracket) {
        if (!initial) {
          eatComma();
        } else {
          initial = false;
        }
        const value2 = parseValue();
        expectArrayItem(value2);
        array.push(value2);
      }
      if (text2.charCodeAt(i) !== codeClosingBracket) {
        throwArrayItemOrEndExpected();
      }
      i++;
      return array;
    }
  }
  function parseValue() {
    skipWhitespace();
    const value2 = parseString() ?? parseNumeric() ?? parseObject() ?? parseArray() ?? parseKeyword("true", true) ?? parseKeyword("false", false) ?? parseKeyword("null", null);
    skipWhitespace();
    return value2;
  }
  function parseKeyword(name, value2) {
    if (text2.slice(i, i + name.length) === name) {
      i += name.length;
      return value2;
    }
  }
  function skipWhitespace() {
    while (isWhitespace(text2.charCodeAt(i))) {
      i++;
    }
  }
  function parseString() {
    if (text2.charCodeAt(i) === codeDoubleQuote) {
      i++;
      let result = "";
      while (i < text2.length && text2.charCodeAt(i) !== codeDoubleQuote) {
        if (text2.charCodeAt(i) === codeBackslash) {
          const char = text2[i + 1];
          const escapeChar = escapeCharacters[char];
          if (escapeChar !== void 0) {
            result += escapeChar;
            i++;
          } else if (char === "u") {
            if (isHex(text2.charCodeAt(i + 2)) && isHex(text2.charCodeAt(i + 3)) && isHex(text2.charCodeAt(i + 4)) && isHex(text2.charCodeAt(i + 5))) {
              result += String.fromCharCode(Number.parseInt(text2.slice(i + 2, i + 6), 16));
              i += 5;
            } else {
              throwInvalidUnicodeCharacter(i);
            }
          } else {
            throwInvalidEscapeCharacter(i);
          }
        } else {
          if (isValidStringCharacter(text2.charCodeAt(i))) {
            result += text2[i];
          } else {
            throwInvalidCharacter(text2[i]);
          }
        }
        i++;
      }
      expectEndOfString();
      i++;
      return result;
    }
  }
  function parseNumeric() {
    const start = i;
    if (text2.charCodeAt(i) === codeMinus) {
      i++;
      expectDigit(start);
    }
    if (text2.charCodeAt(i) === codeZero) {
      i++;
    } else if (isNonZeroDigit(text2.charCodeAt(i))) {
      i++;
      while (isDigit(text2.charCodeAt(i))) {
        i++;
      }
    } else {
      return void 0;
    }
    if (text2.charCodeAt(i) === codeDot) {
      i++;
      expectDigit(start);
      while (isDigit(text2.charCodeAt(i))) {
        i++;
      }
    }
    if (text2.charCodeAt(i) === codeLowercaseE || text2.charCodeAt(i) === codeUppercaseE) {
      i++;
      if (text2.charCodeAt(i) === codeMinus || text2.charCodeAt(i) === codePlus) {
        i++;
      }
      expectDigit(start);
      while (isDigit(text2.charCodeAt(i))) {
        i++;
      }
    }
    if (i > start) {
      return parseNumber(text2.slice(start, i));
    }
  }
  function eatComma() {
    if (text2.charCodeAt(i) !== codeComma) {
      throw new SyntaxError(`Comma ',' expected after value ${gotAt()}`);
    }
    i++;
  }
  function eatColon() {
    if (text2.charCodeAt(i) !== codeColon) {
      throw new SyntaxError(`Colon ':' expected after property name ${gotAt()}`);
    }
    i++;
  }
  function expectValue(value2) {
    if (value2 === void 0) {
      throw new SyntaxError(`JSON value expected ${gotAt()}`);
    }
  }
  function expectArrayItem(value2) {
    if (value2 === void 0) {
      throw new SyntaxError(`Array item expected ${gotAt()}`);
    }
  }
  function expectEndOfInput() {
    if (i < text2.length) {
      throw new SyntaxError(`Expected end of input ${gotAt()}`);
    }
  }
  function expectDigit(start) {
    if (!isDigit(text2.charCodeAt(i))) {
      const numSoFar = text2.slice(start, i);
      throw new SyntaxError(`Invalid number '${numSoFar}', expecting a digit ${gotAt()}`);
    }
  }
  function expectEndOfString() {
    if (text2.charCodeAt(i) !== codeDoubleQuote) {
      throw new SyntaxError(`End of string '"' expected ${gotAt()}`);
    }
  }
  function throwObjectKeyExpected() {
    throw new SyntaxError(`Quoted object key expected ${gotAt()}`);
  }
  function throwDuplicateKey({
    key,
    position
  }) {
    throw new SyntaxError(`Duplicate key '${key}' encountered at position ${position}`);
  }
  function throwObjectKeyOrEndExpected() {
    throw new SyntaxError(`Quoted object key or end of object '}' expected ${gotAt()}`);
  }
  function throwArrayItemOrEndExpected() {
    throw new SyntaxError(`Array item or end of array ']' expected ${gotAt()}`);
  }
  function throwInvalidCharacter(char) {
    throw new SyntaxError(`Invalid character '${char}' ${pos()}`);
  }
  function throwInvalidEscapeCharacter(start) {
    const chars = text2.slice(start, start + 2);
    throw new SyntaxError(`Invalid escape character '${chars}' ${pos()}`);
  }
  function throwObjectValueExpected() {
    throw new SyntaxError(`Object value expected after ':' ${pos()}`);
  }
  function throwInvalidUnicodeCharacter(start) {
    const chars = text2.slice(start, start + 6);
    throw new SyntaxError(`Invalid unicode character '${chars}' ${pos()}`);
  }
  function pos() {
    return `at position ${i}`;
  }
  function got() {
    return i < text2.length ? `but got '${text2[i]}'` : "but reached end of input";
  }
  function gotAt() {
    return `${got()} ${pos()}`;
  }
}
function setObjectKey(object, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    });
  } else {
    object[key] = value;
  }
}
function isWhitespace(code) {
  return code === codeSpace || code === codeNewline || code === codeTab || code === codeReturn;
}
function isHex(code) {
  return code >= codeZero && code <= codeNine || code >= codeUppercaseA && code <= codeUppercaseF || code >= codeLowercaseA && code <= codeLowercaseF;
}
function isDigit(code) {
  return code >= codeZero && code <= codeNine;
}
function isNonZeroDigit(code) {
  return code >= codeOne && code <= codeNine;
}
function isValidStringCharacter(code) {
  return code >= 32 && code <= 1114111;
}
function isDeepEqual(a, b) {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.every((key) => isDeepEqual(a[key], b[key]));
  }
  return false;
}
function isObject(value) {
  return typeof value === "object" && value !== null;
}
var escapeCharacters = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "	"
  // note that \u is handled separately in parseString()
};
var codeBackslash = 92;
var codeOpeningBrace = 123;
var codeClosingBrace = 125;
var codeOpeningBracket = 91;
var codeClosingBracket = 93;
var codeSpace = 32;
var codeNewline = 10;
var codeTab = 9;
var codeReturn = 13;
var codeDoubleQuote = 34;
var codePlus = 43;
var codeMinus = 45;
var codeZero = 48;
var codeOne = 49;
var codeNine = 57;
var codeComma = 44;
var codeDot = 46;
var codeColon = 58;
var codeUppercaseA = 65;
var codeLowercaseA = 97;
var codeUppercaseE = 69;
var codeLowercaseE = 101;
var codeUppercaseF = 70;
var codeLowercaseF = 102;

// src/shared/json.ts
var MAYBE_UNSAFE_NUMBER = /[:,[]\s*-?[\d.]{16}/;
function parseJsonObject(text2) {
  try {
    const value = MAYBE_UNSAFE_NUMBER.test(text2) ? parse(text2, null, (digits) => isSafeNumber(digits) ? Number(digits) : digits) : JSON.parse(text2);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

// src/shared/refusal.ts
var text = (value) => typeof value === "string" && value.trim() !== "" ? value : void 0;
var integer = (value) => typeof value === "number" && Number.isSafeInteger(value) ? value : void 0;
var errorCode = (value) => typeof value === "string" && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : void 0;
function readRefusal(body) {
  if (!body) return void 0;
  const { error } = body;
  if (error !== null && typeof error === "object" && !Array.isArray(error)) {
    const graph = error;
    return {
      message: text(graph.message) ?? text(graph.error_user_msg),
      code: integer(graph.code),
      subcode: integer(graph.error_subcode),
      error: void 0,
      transient: graph.is_transient === true
    };
  }
  if (typeof error === "string") {
    return { message: text(body.error_description), code: void 0, subcode: void 0, error: errorCode(error), transient: false };
  }
  if (text(body.error_message) !== void 0 || text(body.error_type) !== void 0) {
    return {
      message: text(body.error_message),
      code: integer(body.code),
      subcode: void 0,
      error: errorCode(body.error_type),
      transient: false
    };
  }
  if (integer(body.serviceErrorCode) !== void 0) {
    return { message: text(body.message), code: integer(body.serviceErrorCode), subcode: void 0, error: void 0, transient: false };
  }
  return void 0;
}

// src/shared/transient.ts
function retryAfterMs(headers, now = Date.now()) {
  const retryAfter = headers["retry-after"];
  if (retryAfter !== void 0) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1e3);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers["x-ratelimit-reset"] ?? Number.NaN);
  if (Number.isFinite(reset) && headers["x-ratelimit-remaining"] === "0") return Math.max(0, reset * 1e3 - now);
  return void 0;
}
function judgeReply(status, headers, says2, now = Date.now()) {
  const wait = retryAfterMs(headers, now);
  const rateLimited = status === 429 || says2 === "rate-limited" || status === 403 && wait !== void 0;
  const transient = says2 !== "blocked" && (rateLimited || status >= 500 || says2 === "try-later");
  return { transient, rateLimited, retryAfterMs: transient ? wait : void 0 };
}
function isRetriable(error) {
  if (error instanceof TransientError) return true;
  if (error instanceof TransportError) return error.transient;
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}
function faultIsTransient(error) {
  return error instanceof TransportError ? error.transient : true;
}
function surelyNotActedOn(error) {
  if (error instanceof TransientError) return error.rateLimited;
  return error instanceof TransportError && error.notSent;
}
function describeFault(error) {
  if (error instanceof TransientError || error instanceof TransportError) return error.message;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "no reply in time";
  return "unexpected fault";
}
function faultQuotesService(error) {
  return error instanceof TransientError && error.serviceWords || error instanceof TransportError && error.code === "REDIRECT";
}

// src/services/client.ts
function createClient(options) {
  const { service, words } = options;
  return {
    call: (operation, request2, read) => callService(options, operation, request2, read),
    mask: options.mask,
    refusal: (operation, { apiMessage, serviceWords = true, reason, status, code, subcode }) => new ServiceError({ service, operation, status, apiMessage, serviceWords, reason, code, subcode, words })
  };
}
async function callService(client, operation, request2, read) {
  const { service, http } = client;
  const url = /^https?:\/\//.test(request2.path) ? new URL(request2.path) : new URL((request2.oauth ? client.oauthUrl : client.apiUrl) + request2.path);
  for (const [name, value] of Object.entries(request2.query ?? {})) url.searchParams.set(name, value);
  const { basic } = request2;
  const headers = {
    accept: "application/json",
    "user-agent": "threads-token-keeper",
    ...request2.bearer ? { authorization: `Bearer ${request2.bearer}` } : {},
    ...basic ? { authorization: `Basic ${Buffer.from(`${formEncoded(basic.id)}:${formEncoded(basic.secret)}`).toString("base64")}` } : {},
    ...request2.form ? { "content-type": "application/x-www-form-urlencoded" } : {}
  };
  const body = request2.form ? new URLSearchParams(request2.form).toString() : void 0;
  const attempt2 = async (signal) => {
    const reply = await http.transport({ method: request2.method, url, headers, body, signal });
    const json = parseJsonObject(reply.text);
    for (const token of receivedTokens(json)) client.mask(token);
    client.debug(replyLine(request2.method, url, reply));
    refuseOnError(reply, json, client, operation);
    const value = json ? read(json) : void 0;
    if (value === void 0) throw new TransientError(`HTTP ${reply.status} with a reply that is not the JSON expected`);
    return value;
  };
  try {
    return await http.retry(operation, attempt2, request2.once ? surelyNotActedOn : void 0);
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError({
      service,
      operation,
      apiMessage: describeFault(error),
      serviceWords: faultQuotesService(error),
      transient: faultIsTransient(error),
      unanswered: request2.once === true && !surelyNotActedOn(error),
      words: client.words,
      cause: error
    });
  }
}
function refuseOnError(reply, json, client, operation) {
  const refusal = readRefusal(json);
  const ok = reply.status >= 200 && reply.status < 300;
  if (ok && refusal === void 0) return;
  const { message, code, subcode, error } = refusal ?? { message: void 0, code: void 0, subcode: void 0, error: void 0 };
  const judged = refusal ? client.judge(refusal, operation) : {};
  const verdict = judgeReply(reply.status, reply.headers, judged.says);
  const words = message ?? error ?? "no reason given";
  if (verdict.transient) {
    throw new TransientError(`HTTP ${reply.status}${code === void 0 ? "" : `, code ${code}`}: ${words}`, {
      ...verdict,
      serviceWords: true
    });
  }
  throw new ServiceError({
    service: client.service,
    operation,
    status: reply.status,
    apiMessage: words,
    serviceWords: message !== void 0 || error !== void 0,
    code,
    subcode,
    error,
    blocked: judged.says === "blocked",
    reason: judged.reason,
    words: client.words
  });
}
function unwrap(reply) {
  const first = Array.isArray(reply.data) ? reply.data[0] : void 0;
  return first !== null && typeof first === "object" ? first : reply;
}
var TOKEN_FIELDS = ["access_token", "refresh_token", "id_token"];
function receivedTokens(reply) {
  if (!reply) return [];
  const listed = Array.isArray(reply.data) ? reply.data : [];
  const bodies = [reply, ...listed.filter((entry) => entry !== null && typeof entry === "object")];
  const tokens = bodies.flatMap((body) => TOKEN_FIELDS.map((field) => body[field]));
  return tokens.filter((token) => typeof token === "string" && token.length > 0);
}

// src/services/grants.ts
var MAX_LIFETIME_SECONDS = 366 * 24 * 3600;
function isTokenShaped(value) {
  return typeof value === "string" && value.length >= 20 && value.length <= 8192 && !/\s/.test(value) && !hasControlCharacters(value);
}
function lifetime(value) {
  return typeof value === "number" && value >= 1 && value <= MAX_LIFETIME_SECONDS ? value : void 0;
}
function readGrant(reply) {
  const body = unwrap(reply);
  if (!isTokenShaped(body.access_token)) return void 0;
  const grant = { accessToken: body.access_token };
  const expiresIn = lifetime(body.expires_in);
  if (expiresIn !== void 0) grant.expiresIn = expiresIn;
  const userId = asId(body.user_id);
  if (userId) grant.userId = userId;
  if (body.refresh_token !== void 0) {
    if (!isTokenShaped(body.refresh_token)) return void 0;
    grant.refreshToken = body.refresh_token;
    const refreshExpiresIn = lifetime(body.refresh_token_expires_in);
    if (refreshExpiresIn !== void 0) grant.refreshTokenExpiresIn = refreshExpiresIn;
  }
  return grant;
}
function readExpiringGrant(body) {
  const grant = readGrant(body);
  return grant?.expiresIn !== void 0 ? grant : void 0;
}
function readTimes(data) {
  const times = {
    issuedAt: asDate(data.issued_at),
    expiresAt: asDate(data.expires_at),
    dataAccessExpiresAt: asDate(data.data_access_expires_at)
  };
  const known = Object.entries(times).filter(([, date]) => date !== void 0);
  return known.length > 0 ? Object.fromEntries(known) : void 0;
}
var LAST_EPOCH_SECOND = 253402300799;
function asDate(epochSeconds) {
  const usable = typeof epochSeconds === "number" && epochSeconds > 0 && epochSeconds <= LAST_EPOCH_SECOND;
  return usable ? new Date(epochSeconds * 1e3) : void 0;
}
function asId(value) {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return typeof value === "string" && /^\d{1,30}$/.test(value) ? value : void 0;
}
function asOpaqueId(value) {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : asId(value);
}

// src/services/provider.ts
function notOffered(client, operation) {
  return Promise.reject(client.refusal(operation, { apiMessage: "not offered by this service", serviceWords: false }));
}

// src/services/meta-graph.ts
var GRAPH_API_VERSION = "v25.0";
function metaAppWords(app) {
  return {
    appId: `the ID of the ${app}, not the Facebook App ID`,
    appSecret: `the secret of the ${app}, not the Facebook app secret`,
    dashboard: "Meta's App Dashboard",
    deadGrant: "expired, revoked, or the account's password changed",
    codeLife: "for one hour"
  };
}
var RATE_LIMIT_CODES = /* @__PURE__ */ new Set([4, 17, 32, 341, 613]);
var TRY_LATER_CODES = /* @__PURE__ */ new Set([1, 2]);
var BLOCKED_CODES = /* @__PURE__ */ new Set([368]);
var DEAD_SESSION_CODES = /* @__PURE__ */ new Set([102, 190]);
function says({ code, transient }) {
  if (code !== void 0 && RATE_LIMIT_CODES.has(code)) return "rate-limited";
  if (transient || code !== void 0 && TRY_LATER_CODES.has(code)) return "try-later";
  return code !== void 0 && BLOCKED_CODES.has(code) ? "blocked" : void 0;
}
function reasonOf({ code, message = "" }, operation) {
  const words = message.toLowerCase();
  if (code !== void 0 && DEAD_SESSION_CODES.has(code)) return "dead-grant";
  if (/redirect/.test(words)) return "redirect-uri";
  if (/client[_ ]?secret|app secret/.test(words)) return "client-secret";
  if (/client[_ ]?id|app id|application|platform app/.test(words) && operation === "code exchange") return "client-id";
  if (/scope/.test(words)) return "scope";
  if (code === 10 || code !== void 0 && code >= 200 && code < 300) return "permission";
  return void 0;
}
function judgeGraph(refusal, operation) {
  const reason = reasonOf(refusal, operation);
  const wrongSecret = reason === "client-secret" && !refusal.transient && refusal.code !== void 0 && TRY_LATER_CODES.has(refusal.code);
  return { says: wrongSecret ? void 0 : says(refusal), ...reason ? { reason } : {} };
}
var USERNAME_SHAPE = /^[A-Za-z0-9._]{1,30}$/;
function longLivedTokens(client, { appId, appSecret, redirectUri }, spec) {
  const exchangeCode = (code) => {
    const form = { client_id: appId, client_secret: appSecret, grant_type: "authorization_code", redirect_uri: redirectUri, code };
    return client.call("code exchange", { method: "POST", path: "/oauth/access_token", oauth: true, once: true, form }, readGrant);
  };
  const exchangeForLongLived = (shortLivedToken) => {
    const query = { grant_type: spec.exchangeGrant, client_secret: appSecret, access_token: shortLivedToken };
    return client.call("long-lived exchange", { method: "GET", path: "/access_token", query }, readExpiringGrant);
  };
  return {
    profiles: "username",
    reportsDataAccess: spec.inspectPath !== void 0,
    exchangeCode,
    async redeemCode(code) {
      const short = await exchangeCode(code);
      const long = await codeSpentOnFailure(() => exchangeForLongLived(short.accessToken));
      return short.userId ? { ...long, userId: short.userId } : long;
    },
    exchangeForLongLived,
    refresh(longLivedToken) {
      const query = { grant_type: spec.refreshGrant, access_token: longLivedToken };
      return client.call("refresh", { method: "GET", path: "/refresh_access_token", query }, readExpiringGrant);
    },
    redeemRefreshToken: () => notOffered(client, "refresh-token grant"),
    check: () => notOffered(client, "token check"),
    profile(token) {
      const read = (body) => {
        const id = asId(body[spec.profileIdField]);
        const { username } = body;
        if (!id) return void 0;
        return typeof username === "string" && USERNAME_SHAPE.test(username) ? { id, username } : { id };
      };
      return client.call(
        "profile lookup",
        { method: "GET", path: spec.profilePath, query: { fields: spec.profileFields }, bearer: token },
        read
      );
    },
    inspect(token) {
      if (!spec.inspectPath) return notOffered(client, "token inspection");
      const read = (body) => readTimes(body.data ?? {});
      return client.call("token inspection", { method: "GET", path: spec.inspectPath, query: { input_token: token }, bearer: token }, read);
    }
  };
}
async function codeSpentOnFailure(next) {
  try {
    return await next();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    throw new ServiceError({ ...error, codeSpent: true, cause: error });
  }
}

// src/services/providers/facebook.ts
var V = `/${GRAPH_API_VERSION}`;
var POSTING = ["pages_manage_posts", "pages_read_engagement"];
function readPages(body) {
  if (!Array.isArray(body.data)) return void 0;
  return body.data.flatMap((entry) => {
    const page = entry ?? {};
    const id = asId(page.id);
    if (!id || !isTokenShaped(page.access_token)) return [];
    const tasks = Array.isArray(page.tasks) ? page.tasks.filter((task) => typeof task === "string") : [];
    return [{ id, name: typeof page.name === "string" ? page.name.slice(0, 100) : "", token: page.access_token, tasks }];
  });
}
var integer2 = (value) => typeof value === "number" && Number.isSafeInteger(value) ? value : void 0;
function judge(refusal, operation) {
  const judged = judgeGraph(refusal, operation);
  return operation === "token inspection" ? { ...judged, reason: "client-secret" } : judged;
}
function readDebug(body) {
  const data = body.data;
  return data !== null && typeof data === "object" && typeof data.is_valid === "boolean" ? data : void 0;
}
function facebookTokens(client, { app, pageId }) {
  const appToken = `${app.appId}|${app.appSecret}`;
  client.mask(appToken);
  const oauth = (operation, query, once2 = false) => client.call(
    operation,
    { method: "GET", path: `${V}/oauth/access_token`, query, once: once2 },
    operation === "code exchange" ? readGrant : readExpiringGrant
  );
  const longLived = (userToken) => oauth("long-lived exchange", {
    grant_type: "fb_exchange_token",
    client_id: app.appId,
    client_secret: app.appSecret,
    fb_exchange_token: userToken
  });
  const debug = (token) => client.call(
    "token inspection",
    { method: "GET", path: `${V}/debug_token`, query: { input_token: token, access_token: appToken } },
    readDebug
  );
  async function pageOf(userToken) {
    const query = { fields: "id,name,access_token,tasks", limit: "100" };
    const pages = await client.call("page lookup", { method: "GET", path: `${V}/me/accounts`, query, bearer: userToken }, readPages);
    const listed = pages.map((page2) => `${page2.name} (${page2.id})`).join(", ");
    const page = pageId ? pages.find((candidate) => candidate.id === pageId) : pages.length === 1 ? pages[0] : void 0;
    if (!page) {
      const apiMessage = pages.length === 0 ? "the account manages no Page that this app may see (pages_show_list, and the Pages chosen at approval)" : pageId ? `none of the account's Pages has the id given: ${listed}` : `the account manages several Pages: ${listed}`;
      throw client.refusal("page lookup", {
        apiMessage,
        serviceWords: pages.length > 0,
        reason: pages.length === 0 ? "not-fit" : "which-account",
        status: 200
      });
    }
    if (!page.tasks.includes("CREATE_CONTENT")) {
      const apiMessage = `the account's role on the Page ${page.id} cannot create content (a Page admin gives a role with Content access under Page settings > Page access)`;
      throw client.refusal("page lookup", { apiMessage, serviceWords: false, reason: "not-fit", status: 200 });
    }
    return page;
  }
  async function fit(token) {
    const data = await debug(token);
    const error = data.error ?? {};
    if (data.is_valid !== true) {
      const said = typeof error.message === "string" ? error.message : void 0;
      throw client.refusal("token check", {
        apiMessage: said ?? "Facebook reports the token invalid",
        serviceWords: said !== void 0,
        reason: "dead-grant",
        status: 200,
        code: integer2(error.code),
        subcode: integer2(error.subcode)
      });
    }
    const scopes = Array.isArray(data.scopes) ? data.scopes : [];
    const missing = POSTING.filter((scope) => !scopes.includes(scope));
    const notFit = data.type !== "PAGE" ? "the token is not a Page token" : missing.length > 0 ? `the token lacks ${missing.join(" and ")}` : void 0;
    if (notFit) throw client.refusal("token check", { apiMessage: notFit, serviceWords: false, reason: "not-fit", status: 200 });
    return readTimes(data) ?? {};
  }
  async function pageToken(userToken) {
    const user = await longLived(userToken);
    const page = await pageOf(user.accessToken);
    await fit(page.token);
    return { accessToken: page.token, userId: page.id };
  }
  return {
    profiles: "id",
    reportsDataAccess: true,
    async redeemCode(code) {
      const query = { client_id: app.appId, redirect_uri: app.redirectUri, client_secret: app.appSecret, code };
      const user = await oauth("code exchange", query, true);
      return codeSpentOnFailure(() => pageToken(user.accessToken));
    },
    exchangeForLongLived: (userToken) => pageToken(userToken),
    refresh: () => notOffered(client, "refresh"),
    redeemRefreshToken: () => notOffered(client, "refresh-token grant"),
    check: (token) => fit(token),
    profile(token) {
      const read = (body) => {
        const id = asId(body.id);
        return id ? { id } : void 0;
      };
      return client.call("profile lookup", { method: "GET", path: `${V}/me`, query: { fields: "id" }, bearer: token }, read);
    },
    async inspect(token) {
      return readTimes(await debug(token)) ?? {};
    }
  };
}
var facebook = {
  name: "facebook",
  label: "Facebook",
  defaultSecretName: "FACEBOOK_ACCESS_TOKEN",
  hosts: { api: "https://graph.facebook.com" },
  appSecret: "required",
  appId: { valid: (id) => /^\d+$/.test(id), what: "the numeric Facebook App ID (App settings > Basic)" },
  // Facebook Login allows localhost redirects while the app is in development mode.
  loopbackRedirect: true,
  authorize: {
    url: `https://www.facebook.com/${GRAPH_API_VERSION}/dialog/oauth`,
    hosts: ["www.facebook.com", "facebook.com", "m.facebook.com"],
    scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
    separator: ","
  },
  credentials: { shortLived: "app", longLived: "check", refreshToken: false },
  expiry: "never",
  scheduledNeedsApp: true,
  words: {
    appId: "the App ID of your Facebook app (App settings > Basic)",
    appSecret: "the App Secret of that app (App settings > Basic)",
    permission: "was granted pages_show_list, pages_read_engagement and pages_manage_posts",
    dashboard: "Meta's App Dashboard",
    deadGrant: "invalidated: a password change, a lost Page role, the app removed, or the app idle for 90 days",
    codeLife: "for a short while",
    guide: ' (docs/facebook.md: "The first token")'
  },
  judge,
  connect: facebookTokens
};

// src/services/providers/instagram.ts
var APP = "Instagram app (API setup with Instagram login)";
var instagram = {
  name: "instagram",
  label: "Instagram",
  defaultSecretName: "INSTAGRAM_ACCESS_TOKEN",
  hosts: { api: "https://graph.instagram.com", oauth: "https://api.instagram.com" },
  legacyUrlInputs: { api: "instagram-api-url", oauth: "instagram-oauth-url" },
  appSecret: "required",
  appId: { valid: (id) => /^\d+$/.test(id), what: "the numeric Instagram App ID (not the app's name)" },
  loopbackRedirect: false,
  authorize: {
    url: "https://www.instagram.com/oauth/authorize",
    hosts: ["www.instagram.com", "instagram.com"],
    scopes: ["instagram_business_basic", "instagram_business_content_publish"],
    separator: ","
  },
  credentials: { shortLived: "secret", longLived: "refresh", refreshToken: false },
  expiry: "dated",
  scheduledNeedsApp: false,
  words: {
    ...metaAppWords(APP),
    permission: "belongs to an Instagram app and was granted the instagram_business_basic permission",
    guide: ' (docs/instagram.md: "The first token")'
  },
  judge: judgeGraph,
  connect: (client, { app }) => longLivedTokens(client, app, {
    exchangeGrant: "ig_exchange_token",
    refreshGrant: "ig_refresh_token",
    // Instagram's `/me` has an app-scoped `id` besides the `user_id` the token belongs to.
    profilePath: `/${GRAPH_API_VERSION}/me`,
    profileFields: "user_id,username",
    profileIdField: "user_id"
  })
};

// src/services/oauth2.ts
function authenticated(app, clientAuth, form) {
  if (clientAuth === "client-secret-basic") return { form, basic: { id: app.appId, secret: app.appSecret } };
  if (clientAuth === "client-secret-post") return { form: { ...form, client_id: app.appId, client_secret: app.appSecret } };
  return { form: { ...form, client_id: app.appId } };
}
function tokenEndpoint(client, app, { path, clientAuth }) {
  const post = (operation, form) => client.call(operation, { method: "POST", path, oauth: true, once: true, ...authenticated(app, clientAuth, form) }, readGrant);
  return {
    /** The authorization code grant (§4.1.3); PKCE's verifier where the authorization carried a challenge. */
    redeemCode(code, codeVerifier) {
      const form = { grant_type: "authorization_code", code, redirect_uri: app.redirectUri };
      return post("code exchange", codeVerifier ? { ...form, code_verifier: codeVerifier } : form);
    },
    /** The refresh_token grant (§6): spends the refresh token where the service rotates them. */
    redeemRefreshToken(refreshToken, scope) {
      const form = { grant_type: "refresh_token", refresh_token: refreshToken };
      return post("refresh", scope ? { ...form, scope } : form);
    }
  };
}
function judgeOAuth2({ error }, operation) {
  switch (error) {
    case "invalid_grant":
      return operation === "refresh" ? { reason: "dead-grant" } : {};
    case "invalid_client":
      return { reason: "client-secret" };
    case "unauthorized_client":
    case "unsupported_grant_type":
      return { reason: "grant-type" };
    case "invalid_redirect_uri":
      return { reason: "redirect-uri" };
    case "invalid_scope":
      return { reason: "scope" };
    case "temporarily_unavailable":
      return { says: "try-later" };
    default:
      return {};
  }
}

// src/services/providers/linkedin.ts
var DEAD_TOKEN_CODES = /* @__PURE__ */ new Set([65600, 65601]);
var STATUSES = /* @__PURE__ */ new Set(["active", "expired", "revoked"]);
function judge2(refusal, operation) {
  if (refusal.code !== void 0 && DEAD_TOKEN_CODES.has(refusal.code)) return { reason: "dead-grant" };
  return judgeOAuth2(refusal, operation);
}
function readIntrospection(body) {
  const status = typeof body.status === "string" && STATUSES.has(body.status) ? body.status : body.active === false ? "inactive" : void 0;
  if (status === void 0 || typeof body.active !== "boolean") return void 0;
  const expiresAt = asDate(body.expires_at);
  const issuedAt = asDate(body.created_at);
  return { status, times: { ...issuedAt ? { issuedAt } : {}, ...expiresAt ? { expiresAt } : {} } };
}
function linkedinTokens(client, app) {
  const endpoint2 = tokenEndpoint(client, app, { path: "/oauth/v2/accessToken", clientAuth: "client-secret-post" });
  const introspect = (token) => client.call(
    "token inspection",
    {
      method: "POST",
      path: "/oauth/v2/introspectToken",
      oauth: true,
      form: { client_id: app.appId, client_secret: app.appSecret, token }
    },
    readIntrospection
  );
  return {
    profiles: "id",
    reportsDataAccess: false,
    redeemCode: (code) => endpoint2.redeemCode(code),
    exchangeForLongLived: () => notOffered(client, "long-lived exchange"),
    refresh: () => notOffered(client, "refresh"),
    redeemRefreshToken: (refreshToken) => endpoint2.redeemRefreshToken(refreshToken),
    async check(token) {
      const { status, times } = await introspect(token);
      if (status === "active") return times;
      throw client.refusal("token check", {
        apiMessage: `LinkedIn reports the token ${status}`,
        serviceWords: false,
        reason: "dead-grant",
        status: 200
      });
    },
    async inspect(token) {
      return (await introspect(token)).times;
    },
    profile(token) {
      const read = (body) => {
        const id = asOpaqueId(body.sub);
        return id ? { id } : void 0;
      };
      return client.call("profile lookup", { method: "GET", path: "/v2/userinfo", bearer: token }, read);
    }
  };
}
var linkedin = {
  name: "linkedin",
  label: "LinkedIn",
  defaultSecretName: "LINKEDIN_ACCESS_TOKEN",
  defaultRefreshTokenSecret: "LINKEDIN_REFRESH_TOKEN",
  hosts: { api: "https://api.linkedin.com", oauth: "https://www.linkedin.com" },
  appSecret: "required",
  appId: { valid: (id) => /^[A-Za-z0-9_-]{1,64}$/.test(id), what: "the Client ID of your LinkedIn app (letters and digits)" },
  loopbackRedirect: true,
  authorize: {
    url: "https://www.linkedin.com/oauth/v2/authorization",
    hosts: ["www.linkedin.com", "linkedin.com"],
    scopes: ["openid", "profile", "email", "w_member_social"],
    separator: " "
  },
  credentials: { shortLived: false, longLived: "check", refreshToken: true },
  expiry: "dated",
  scheduledNeedsApp: true,
  words: {
    appId: "the Client ID of your LinkedIn app (Developer Portal > your app > Auth)",
    appSecret: "the Primary Client Secret of that app (Developer Portal > your app > Auth)",
    permission: 'was granted openid and profile (the product "Sign In with LinkedIn using OpenID Connect")',
    dashboard: "the LinkedIn Developer Portal (your app > Products)",
    deadGrant: "expired after its 60 days, revoked, or replaced by a consent to other scopes",
    codeLife: "for 30 minutes",
    guide: ' (docs/linkedin.md: "The first token")'
  },
  judge: judge2,
  connect: (client, { app }) => linkedinTokens(client, app)
};

// src/services/providers/oauth2.ts
function oauth2Tokens(client, { app, tokenUrl = "", clientAuth = "client-secret-basic", scope }) {
  const endpoint2 = tokenEndpoint(client, app, { path: tokenUrl, clientAuth: app.appSecret ? clientAuth : "none" });
  return {
    profiles: "none",
    reportsDataAccess: false,
    redeemCode: () => notOffered(client, "code exchange"),
    exchangeForLongLived: () => notOffered(client, "long-lived exchange"),
    refresh: () => notOffered(client, "refresh"),
    redeemRefreshToken: (refreshToken) => endpoint2.redeemRefreshToken(refreshToken, scope),
    check: () => notOffered(client, "token check"),
    inspect: () => notOffered(client, "token inspection"),
    profile: () => notOffered(client, "profile lookup")
  };
}
var oauth2 = {
  name: "oauth2",
  label: "OAuth 2.0",
  serviceName: ({ tokenUrl }) => {
    try {
      return new URL(tokenUrl ?? "").host;
    } catch {
      return "The OAuth 2.0 service";
    }
  },
  // No default: a default name would be shared by every OAuth 2.0 service a repository keeps.
  hosts: { api: "" },
  tokenEndpointInputs: true,
  appId: { valid: (id) => /^[\x21-\x7e]{1,256}$/.test(id), what: "the client's id, as the service gave it (printable, no spaces)" },
  appSecret: "optional",
  loopbackRedirect: true,
  credentials: { shortLived: false, longLived: false, refreshToken: true },
  expiry: "hours",
  scheduledNeedsApp: true,
  words: {
    appId: "the client id the service registered for you",
    // invalid_client says as much of a secret sent the wrong way as of a wrong one.
    appSecret: "its client secret (empty for a public client), sent the way the service takes it ('client-auth': client-secret-basic, the default, or client-secret-post)",
    permission: "was granted the scopes it is used with",
    dashboard: "the service's client settings",
    deadGrant: "expired, revoked, or spent by another refresh",
    codeLife: "for a short while",
    guide: ' (docs/oauth2.md: "When the grant dies")',
    authorizeAgain: "authorize again at the service, and store the refresh token it gives in the secret refresh-token-secret names"
  },
  judge: judgeOAuth2,
  connect: oauth2Tokens
};

// src/services/providers/threads.ts
var APP2 = "Threads App (Use cases > Access the Threads API > Settings)";
var threads = {
  name: "threads",
  label: "Threads",
  defaultSecretName: "THREAD_ACCESS_TOKEN",
  hosts: { api: "https://graph.threads.net" },
  legacyUrlInputs: { api: "threads-api-url" },
  // The Threads App ID is not the Facebook App ID: both are digits, only the service tells them apart.
  appSecret: "required",
  appId: { valid: (id) => /^\d+$/.test(id), what: "the numeric Threads App ID (not the app's name)" },
  // "Threads apps refuse localhost redirects" (Meta's Threads docs): https only.
  loopbackRedirect: false,
  authorize: {
    url: "https://threads.com/oauth/authorize",
    // Meta moved Threads from threads.net; both answer.
    hosts: ["threads.com", "www.threads.com", "threads.net", "www.threads.net"],
    scopes: ["threads_basic", "threads_content_publish"],
    separator: ","
  },
  credentials: { shortLived: "secret", longLived: "refresh", refreshToken: false },
  expiry: "dated",
  scheduledNeedsApp: false,
  words: {
    ...metaAppWords(APP2),
    permission: "belongs to a Threads app and was granted the threads_basic permission"
  },
  judge: judgeGraph,
  connect: (client, { app }) => longLivedTokens(client, app, {
    exchangeGrant: "th_exchange_token",
    refreshGrant: "th_refresh_token",
    profilePath: "/v1.0/me",
    profileFields: "id,username",
    profileIdField: "id",
    inspectPath: "/v1.0/debug_token"
  })
};

// src/services/providers/x.ts
var USERNAME_SHAPE2 = /^[A-Za-z0-9_]{1,15}$/;
function judge3(refusal, operation) {
  if (operation === "refresh" && (refusal.error === "invalid_request" || refusal.error === "invalid_grant")) return { reason: "dead-grant" };
  if (refusal.error === "unauthorized_client") return { reason: "client-secret" };
  return judgeOAuth2(refusal, operation);
}
function xTokens(client, app) {
  const endpoint2 = tokenEndpoint(client, app, { path: "/2/oauth2/token", clientAuth: app.appSecret ? "client-secret-basic" : "none" });
  return {
    profiles: "username",
    reportsDataAccess: false,
    redeemCode: (code, codeVerifier) => endpoint2.redeemCode(code, codeVerifier),
    exchangeForLongLived: () => notOffered(client, "long-lived exchange"),
    refresh: () => notOffered(client, "refresh"),
    redeemRefreshToken: (refreshToken) => endpoint2.redeemRefreshToken(refreshToken),
    check: () => notOffered(client, "token check"),
    inspect: () => notOffered(client, "token inspection"),
    profile(token) {
      const read = (body) => {
        const data = body.data ?? {};
        const id = asOpaqueId(data.id);
        if (!id) return void 0;
        return typeof data.username === "string" && USERNAME_SHAPE2.test(data.username) ? { id, username: data.username } : { id };
      };
      return client.call("profile lookup", { method: "GET", path: "/2/users/me", bearer: token }, read);
    }
  };
}
var x = {
  name: "x",
  label: "X",
  defaultRefreshTokenSecret: "X_REFRESH_TOKEN",
  hosts: { api: "https://api.x.com" },
  appId: { valid: (id) => /^[A-Za-z0-9._:-]{1,128}$/.test(id), what: "your X app's OAuth 2.0 Client ID (letters, digits and . _ : -)" },
  appSecret: "optional",
  loopbackRedirect: true,
  authorize: {
    url: "https://x.com/i/oauth2/authorize",
    hosts: ["x.com", "twitter.com"],
    scopes: ["tweet.read", "tweet.write", "users.read", "offline.access"],
    separator: " ",
    pkce: true
  },
  credentials: { shortLived: false, longLived: false, refreshToken: true },
  expiry: "hours",
  scheduledNeedsApp: true,
  words: {
    appId: "the OAuth 2.0 Client ID of your X app (Developer Portal > your app > Keys and tokens), not its API key",
    appSecret: "its OAuth 2.0 Client Secret, for a confidential client (a public client has none)",
    permission: "was granted tweet.read, tweet.write, users.read and offline.access",
    dashboard: "the X Developer Portal (your app > User authentication settings)",
    deadGrant: "spent by another refresh, revoked, or its grant ended",
    codeLife: "for 30 seconds",
    guide: ' (docs/x.md: "The first tokens")',
    authorizeAgain: "authorize again from a terminal with the command line's login --provider x, which stores the new refresh token (X's codes live 30 seconds, too short for a manual run)"
  },
  judge: judge3,
  connect: (client, { app }) => xTokens(client, app)
};

// src/services/registry.ts
var PROVIDERS = [threads, instagram, facebook, linkedin, x, oauth2];
var DEFAULT_PROVIDER = threads;
function providerNamed(name) {
  return PROVIDERS.find((provider) => provider.name === name);
}
function providerChoices() {
  const names = PROVIDERS.map((provider) => provider.name);
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}`;
}
var pagePath = (path) => path.replace(/\/v\d+(?:\.\d+)?(?=\/)/, "/v").replace(/\/+$/, "");
function authorizePageOf(address) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return void 0;
  }
  const host = url.hostname.toLowerCase();
  return PROVIDERS.find(
    ({ authorize }) => authorize !== void 0 && authorize.hosts.includes(host) && pagePath(url.pathname) === pagePath(new URL(authorize.url).pathname)
  );
}
var authorizes = (provider) => provider.authorize !== void 0;
function authorizeUrl(provider, appId, redirectUri, { state, codeChallenge } = {}) {
  const { authorize } = provider;
  const url = new URL(authorize.url);
  url.searchParams.set("client_id", appId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", authorize.scopes.join(authorize.separator));
  url.searchParams.set("response_type", "code");
  if (state) url.searchParams.set("state", state);
  if (codeChallenge) {
    url.searchParams.set("code_challenge", codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.href.replace(/%2C/g, ",");
}

// node_modules/universal-user-agent/index.js
function getUserAgent() {
  if (typeof navigator === "object" && "userAgent" in navigator) {
    return navigator.userAgent;
  }
  if (typeof process === "object" && process.version !== void 0) {
    return `Node.js/${process.version.substr(1)} (${process.platform}; ${process.arch})`;
  }
  return "<environment undetectable>";
}

// node_modules/before-after-hook/lib/register.js
function register(state, name, method, options) {
  if (typeof method !== "function") {
    throw new Error("method for before hook must be a function");
  }
  if (!options) {
    options = {};
  }
  if (Array.isArray(name)) {
    return name.reverse().reduce((callback, name2) => {
      return register.bind(null, state, name2, callback, options);
    }, method)();
  }
  return Promise.resolve().then(() => {
    if (!state.registry[name]) {
      return method(options);
    }
    return state.registry[name].reduce((method2, registered) => {
      return registered.hook.bind(null, method2, options);
    }, method)();
  });
}

// node_modules/before-after-hook/lib/add.js
function addHook(state, kind, name, hook2) {
  const orig = hook2;
  if (!state.registry[name]) {
    state.registry[name] = [];
  }
  if (kind === "before") {
    hook2 = (method, options) => {
      return Promise.resolve().then(orig.bind(null, options)).then(method.bind(null, options));
    };
  }
  if (kind === "after") {
    hook2 = (method, options) => {
      let result;
      return Promise.resolve().then(method.bind(null, options)).then((result_) => {
        result = result_;
        return orig(result, options);
      }).then(() => {
        return result;
      });
    };
  }
  if (kind === "error") {
    hook2 = (method, options) => {
      return Promise.resolve().then(method.bind(null, options)).catch((error) => {
        return orig(error, options);
      });
    };
  }
  state.registry[name].push({
    hook: hook2,
    orig
  });
}

// node_modules/before-after-hook/lib/remove.js
function removeHook(state, name, method) {
  if (!state.registry[name]) {
    return;
  }
  const index = state.registry[name].map((registered) => {
    return registered.orig;
  }).indexOf(method);
  if (index === -1) {
    return;
  }
  state.registry[name].splice(index, 1);
}

// node_modules/before-after-hook/index.js
var bind = Function.bind;
var bindable = bind.bind(bind);
function bindApi(hook2, state, name) {
  const removeHookRef = bindable(removeHook, null).apply(
    null,
    name ? [state, name] : [state]
  );
  hook2.api = { remove: removeHookRef };
  hook2.remove = removeHookRef;
  ["before", "error", "after", "wrap"].forEach((kind) => {
    const args = name ? [state, kind, name] : [state, kind];
    hook2[kind] = hook2.api[kind] = bindable(addHook, null).apply(null, args);
  });
}
function Singular() {
  const singularHookName = /* @__PURE__ */ Symbol("Singular");
  const singularHookState = {
    registry: {}
  };
  const singularHook = register.bind(null, singularHookState, singularHookName);
  bindApi(singularHook, singularHookState, singularHookName);
  return singularHook;
}
function Collection() {
  const state = {
    registry: {}
  };
  const hook2 = register.bind(null, state);
  bindApi(hook2, state);
  return hook2;
}
var before_after_hook_default = { Singular, Collection };

// node_modules/@octokit/endpoint/dist-bundle/index.js
var VERSION = "0.0.0-development";
var userAgent = `octokit-endpoint.js/${VERSION} ${getUserAgent()}`;
var DEFAULTS = {
  method: "GET",
  baseUrl: "https://api.github.com",
  headers: {
    accept: "application/vnd.github.v3+json",
    "user-agent": userAgent
  },
  mediaType: {
    format: ""
  }
};
function lowercaseKeys(object) {
  if (!object) {
    return {};
  }
  return Object.keys(object).reduce((newObj, key) => {
    newObj[key.toLowerCase()] = object[key];
    return newObj;
  }, {});
}
function isPlainObject(value) {
  if (typeof value !== "object" || value === null) return false;
  if (Object.prototype.toString.call(value) !== "[object Object]") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return true;
  const Ctor = Object.prototype.hasOwnProperty.call(proto, "constructor") && proto.constructor;
  return typeof Ctor === "function" && Ctor instanceof Ctor && Function.prototype.call(Ctor) === Function.prototype.call(value);
}
function mergeDeep(defaults, options) {
  const result = Object.assign({}, defaults);
  Object.keys(options).forEach((key) => {
    if (isPlainObject(options[key])) {
      if (!(key in defaults)) Object.assign(result, { [key]: options[key] });
      else result[key] = mergeDeep(defaults[key], options[key]);
    } else {
      Object.assign(result, { [key]: options[key] });
    }
  });
  return result;
}
function removeUndefinedProperties(obj) {
  for (const key in obj) {
    if (obj[key] === void 0) {
      delete obj[key];
    }
  }
  return obj;
}
function merge(defaults, route, options) {
  if (typeof route === "string") {
    let [method, url] = route.split(" ");
    options = Object.assign(url ? { method, url } : { url: method }, options);
  } else {
    options = Object.assign({}, route);
  }
  options.headers = lowercaseKeys(options.headers);
  removeUndefinedProperties(options);
  removeUndefinedProperties(options.headers);
  const mergedOptions = mergeDeep(defaults || {}, options);
  if (options.url === "/graphql") {
    if (defaults && defaults.mediaType.previews?.length) {
      mergedOptions.mediaType.previews = defaults.mediaType.previews.filter(
        (preview) => !mergedOptions.mediaType.previews.includes(preview)
      ).concat(mergedOptions.mediaType.previews);
    }
    mergedOptions.mediaType.previews = (mergedOptions.mediaType.previews || []).map((preview) => preview.replace(/-preview/, ""));
  }
  return mergedOptions;
}
function addQueryParameters(url, parameters) {
  const separator = /\?/.test(url) ? "&" : "?";
  const names = Object.keys(parameters);
  if (names.length === 0) {
    return url;
  }
  return url + separator + names.map((name) => {
    if (name === "q") {
      return "q=" + parameters.q.split("+").map(encodeURIComponent).join("+");
    }
    return `${name}=${encodeURIComponent(parameters[name])}`;
  }).join("&");
}
var urlVariableRegex = /\{[^{}}]+\}/g;
function removeNonChars(variableName) {
  return variableName.replace(/(?:^\W+)|(?:(?<!\W)\W+$)/g, "").split(/,/);
}
function extractUrlVariableNames(url) {
  const matches = url.match(urlVariableRegex);
  if (!matches) {
    return [];
  }
  return matches.map(removeNonChars).reduce((a, b) => a.concat(b), []);
}
function omit(object, keysToOmit) {
  const result = { __proto__: null };
  for (const key of Object.keys(object)) {
    if (keysToOmit.indexOf(key) === -1) {
      result[key] = object[key];
    }
  }
  return result;
}
function encodeReserved(str) {
  return str.split(/(%[0-9A-Fa-f]{2})/g).map(function(part) {
    if (!/%[0-9A-Fa-f]/.test(part)) {
      part = encodeURI(part).replace(/%5B/g, "[").replace(/%5D/g, "]");
    }
    return part;
  }).join("");
}
function encodeUnreserved(str) {
  return encodeURIComponent(str).replace(/[!'()*]/g, function(c) {
    return "%" + c.charCodeAt(0).toString(16).toUpperCase();
  });
}
function encodeValue(operator, value, key) {
  value = operator === "+" || operator === "#" ? encodeReserved(value) : encodeUnreserved(value);
  if (key) {
    return encodeUnreserved(key) + "=" + value;
  } else {
    return value;
  }
}
function isDefined(value) {
  return value !== void 0 && value !== null;
}
function isKeyOperator(operator) {
  return operator === ";" || operator === "&" || operator === "?";
}
function getValues(context, operator, key, modifier) {
  var value = context[key], result = [];
  if (isDefined(value) && value !== "") {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
      value = value.toString();
      if (modifier && modifier !== "*") {
        value = value.substring(0, parseInt(modifier, 10));
      }
      result.push(
        encodeValue(operator, value, isKeyOperator(operator) ? key : "")
      );
    } else {
      if (modifier === "*") {
        if (Array.isArray(value)) {
          value.filter(isDefined).forEach(function(value2) {
            result.push(
              encodeValue(operator, value2, isKeyOperator(operator) ? key : "")
            );
          });
        } else {
          Object.keys(value).forEach(function(k) {
            if (isDefined(value[k])) {
              result.push(encodeValue(operator, value[k], k));
            }
          });
        }
      } else {
        const tmp = [];
        if (Array.isArray(value)) {
          value.filter(isDefined).forEach(function(value2) {
            tmp.push(encodeValue(operator, value2));
          });
        } else {
          Object.keys(value).forEach(function(k) {
            if (isDefined(value[k])) {
              tmp.push(encodeUnreserved(k));
              tmp.push(encodeValue(operator, value[k].toString()));
            }
          });
        }
        if (isKeyOperator(operator)) {
          result.push(encodeUnreserved(key) + "=" + tmp.join(","));
        } else if (tmp.length !== 0) {
          result.push(tmp.join(","));
        }
      }
    }
  } else {
    if (operator === ";") {
      if (isDefined(value)) {
        result.push(encodeUnreserved(key));
      }
    } else if (value === "" && (operator === "&" || operator === "?")) {
      result.push(encodeUnreserved(key) + "=");
    } else if (value === "") {
      result.push("");
    }
  }
  return result;
}
function parseUrl(template) {
  return {
    expand: expand.bind(null, template)
  };
}
function expand(template, context) {
  var operators = ["+", "#", ".", "/", ";", "?", "&"];
  template = template.replace(
    /\{([^\{\}]+)\}|([^\{\}]+)/g,
    function(_, expression, literal) {
      if (expression) {
        let operator = "";
        const values = [];
        if (operators.indexOf(expression.charAt(0)) !== -1) {
          operator = expression.charAt(0);
          expression = expression.substr(1);
        }
        expression.split(/,/g).forEach(function(variable2) {
          var tmp = /([^:\*]*)(?::(\d+)|(\*))?/.exec(variable2);
          values.push(getValues(context, operator, tmp[1], tmp[2] || tmp[3]));
        });
        if (operator && operator !== "+") {
          var separator = ",";
          if (operator === "?") {
            separator = "&";
          } else if (operator !== "#") {
            separator = operator;
          }
          return (values.length !== 0 ? operator : "") + values.join(separator);
        } else {
          return values.join(",");
        }
      } else {
        return encodeReserved(literal);
      }
    }
  );
  if (template === "/") {
    return template;
  } else {
    return template.replace(/\/$/, "");
  }
}
function parse2(options) {
  let method = options.method.toUpperCase();
  let url = (options.url || "/").replace(/:([a-z]\w+)/g, "{$1}");
  let headers = Object.assign({}, options.headers);
  let body;
  let parameters = omit(options, [
    "method",
    "baseUrl",
    "url",
    "headers",
    "request",
    "mediaType"
  ]);
  const urlVariableNames = extractUrlVariableNames(url);
  url = parseUrl(url).expand(parameters);
  if (!/^http/.test(url)) {
    url = options.baseUrl + url;
  }
  const omittedParameters = Object.keys(options).filter((option) => urlVariableNames.includes(option)).concat("baseUrl");
  const remainingParameters = omit(parameters, omittedParameters);
  const isBinaryRequest = /application\/octet-stream/i.test(headers.accept);
  if (!isBinaryRequest) {
    if (options.mediaType.format) {
      headers.accept = headers.accept.split(/,/).map(
        (format) => format.replace(
          /application\/vnd(\.\w+)(\.v3)?(\.\w+)?(\+json)?$/,
          `application/vnd$1$2.${options.mediaType.format}`
        )
      ).join(",");
    }
    if (url.endsWith("/graphql")) {
      if (options.mediaType.previews?.length) {
        const previewsFromAcceptHeader = headers.accept.match(/(?<![\w-])[\w-]+(?=-preview)/g) || [];
        headers.accept = previewsFromAcceptHeader.concat(options.mediaType.previews).map((preview) => {
          const format = options.mediaType.format ? `.${options.mediaType.format}` : "+json";
          return `application/vnd.github.${preview}-preview${format}`;
        }).join(",");
      }
    }
  }
  if (["GET", "HEAD"].includes(method)) {
    url = addQueryParameters(url, remainingParameters);
  } else {
    if ("data" in remainingParameters) {
      body = remainingParameters.data;
    } else {
      if (Object.keys(remainingParameters).length) {
        body = remainingParameters;
      }
    }
  }
  if (!headers["content-type"] && typeof body !== "undefined") {
    headers["content-type"] = "application/json; charset=utf-8";
  }
  if (["PATCH", "PUT"].includes(method) && typeof body === "undefined") {
    body = "";
  }
  return Object.assign(
    { method, url, headers },
    typeof body !== "undefined" ? { body } : null,
    options.request ? { request: options.request } : null
  );
}
function endpointWithDefaults(defaults, route, options) {
  return parse2(merge(defaults, route, options));
}
function withDefaults(oldDefaults, newDefaults) {
  const DEFAULTS2 = merge(oldDefaults, newDefaults);
  const endpoint2 = endpointWithDefaults.bind(null, DEFAULTS2);
  return Object.assign(endpoint2, {
    DEFAULTS: DEFAULTS2,
    defaults: withDefaults.bind(null, DEFAULTS2),
    merge: merge.bind(null, DEFAULTS2),
    parse: parse2
  });
}
var endpoint = withDefaults(null, DEFAULTS);

// node_modules/content-type/dist/index.js
var SP = 32;
var HTAB = 9;
var SEMI = 59;
var EQ = 61;
var DQUOTE = 34;
var BSLASH = 92;
var COMMA = 44;
var LOWER_CASE = 1;
var OWS = 2;
var SEMI_FLAG = 4;
var COMMA_FLAG = 8;
var TOKEN_FLAG = 16;
var NON_ASCII = 65280;
var CASE_FLAGS = LOWER_CASE | NON_ASCII;
var CHAR_MAP = new Uint8Array(256);
CHAR_MAP[HTAB] |= OWS;
CHAR_MAP[SP] |= OWS;
CHAR_MAP[SEMI] |= SEMI_FLAG;
CHAR_MAP[COMMA] |= COMMA_FLAG;
for (let code = 128; code <= 255; code++) {
  CHAR_MAP[code] |= LOWER_CASE;
}
for (const char of "!#$%&'*+-.^_`|~") {
  CHAR_MAP[char.charCodeAt(0)] |= TOKEN_FLAG;
}
for (let code = 48; code <= 57; code++) {
  CHAR_MAP[code] |= TOKEN_FLAG;
}
for (let code = 65; code <= 90; code++) {
  CHAR_MAP[code] |= LOWER_CASE | TOKEN_FLAG;
}
for (let code = 97; code <= 122; code++) {
  CHAR_MAP[code] |= TOKEN_FLAG;
}
var NullObject = /* @__PURE__ */ (() => {
  const C = function() {
  };
  C.prototype = /* @__PURE__ */ Object.create(null);
  return C;
})();
function parse3(header, options) {
  const stopFlags = SEMI_FLAG | (options?.comma === true ? COMMA_FLAG : 0);
  const len = header.length;
  let valueStart = options?.start ?? 0;
  while ((CHAR_MAP[header.charCodeAt(valueStart)] & OWS) !== 0) {
    valueStart++;
  }
  let index = valueStart;
  let typeFlags = 0;
  let whitespace = -1;
  let stop = options?.parameters === false ? COMMA_FLAG : 0;
  while (index < len) {
    const code = header.charCodeAt(index);
    const flags = CHAR_MAP[code];
    if ((flags & stopFlags) !== 0) {
      stop |= flags & COMMA_FLAG;
      break;
    }
    if ((flags & OWS) !== 0) {
      if (whitespace === -1)
        whitespace = index;
    } else {
      whitespace = -1;
    }
    typeFlags |= code & NON_ASCII | flags;
    index++;
  }
  const valueEnd = whitespace === -1 ? index : whitespace;
  const value = header.slice(valueStart, valueEnd);
  const type = (typeFlags & CASE_FLAGS) === 0 ? value : value.toLowerCase();
  if (index === len || stop !== 0) {
    return { type, index, parameters: new NullObject() };
  }
  return parseParameters(header, type, index, len, stopFlags);
}
function parseParameters(header, type, index, len, stopFlags) {
  const parameters = new NullObject();
  parameter: while (index < len) {
    index++;
    while ((CHAR_MAP[header.charCodeAt(index)] & OWS) !== 0) {
      index++;
    }
    const keyStart = index;
    let keyFlags = 0;
    let keyWhitespace = -1;
    while (index < len) {
      const code = header.charCodeAt(index);
      const flags = CHAR_MAP[code];
      if ((flags & stopFlags) !== 0) {
        if ((flags & COMMA_FLAG) !== 0)
          break parameter;
        continue parameter;
      }
      if (code === EQ) {
        const keyEnd = keyWhitespace === -1 ? index : keyWhitespace;
        const value = header.slice(keyStart, keyEnd);
        const key = (keyFlags & CASE_FLAGS) === 0 ? value : value.toLowerCase();
        index++;
        while ((CHAR_MAP[header.charCodeAt(index)] & OWS) !== 0) {
          index++;
        }
        if (index < len && header.charCodeAt(index) === DQUOTE) {
          const quotedStart = ++index;
          let escaped = false;
          while (index < len) {
            const code2 = header.charCodeAt(index);
            if (code2 === DQUOTE) {
              if (parameters[key] === void 0) {
                parameters[key] = escaped ? unescapeQuotedPairs(header, quotedStart, index) : header.slice(quotedStart, index);
              }
              index++;
              let stop2 = 0;
              while (index < len) {
                const code3 = header.charCodeAt(index);
                const flags2 = CHAR_MAP[code3];
                if ((flags2 & stopFlags) !== 0) {
                  stop2 = flags2 & COMMA_FLAG;
                  break;
                }
                index++;
              }
              if (stop2 !== 0)
                break parameter;
              continue parameter;
            }
            if (code2 === BSLASH && index + 1 < len) {
              escaped = true;
              index += 2;
              continue;
            }
            index++;
          }
          continue parameter;
        }
        const valueStart = index;
        let stop = 0;
        let valueWhitespace = -1;
        while (index < len) {
          const code2 = header.charCodeAt(index);
          const flags2 = CHAR_MAP[code2];
          if ((flags2 & stopFlags) !== 0) {
            stop = flags2 & COMMA_FLAG;
            break;
          }
          if ((flags2 & OWS) !== 0) {
            if (valueWhitespace === -1)
              valueWhitespace = index;
          } else {
            valueWhitespace = -1;
          }
          index++;
        }
        if (parameters[key] === void 0) {
          const valueEnd = valueWhitespace === -1 ? index : valueWhitespace;
          parameters[key] = header.slice(valueStart, valueEnd);
        }
        if (stop !== 0)
          break parameter;
        continue parameter;
      }
      if ((flags & OWS) !== 0) {
        if (keyWhitespace === -1)
          keyWhitespace = index;
      } else {
        keyWhitespace = -1;
      }
      keyFlags |= code & NON_ASCII | flags;
      index++;
    }
  }
  return { type, index, parameters };
}
function unescapeQuotedPairs(str, start, end) {
  let result = "";
  for (let index = start; index < end; index++) {
    if (str.charCodeAt(index) === BSLASH) {
      result += str.slice(start, index);
      start = ++index;
    }
  }
  return result + str.slice(start, end);
}

// node_modules/json-with-bigint/json-with-bigint.js
var intRegex = /^-?\d+$/;
var noiseValue = /^-?\d+n+$/;
var originalStringify = JSON.stringify;
var originalParse = JSON.parse;
var customFormat = /^-?\d+n$/;
var bigIntsStringify = /([\[:])?"(-?\d+)n"($|\s*[,\}\]])/g;
var noiseStringify = /([\[:])?("-?\d+n+)n("$|"\s*[,\}\]])/g;
var isUnstringifiable = (val) => val === void 0 || typeof val === "function" || typeof val === "symbol";
var isRawJSON = (val) => val !== null && typeof val === "object" && val.constructor && val.constructor.name === "RawJSON";
var stringifyIteratively = (rootValue, replacer, spaceParam) => {
  let space = "";
  if (typeof spaceParam === "number") {
    space = " ".repeat(Math.min(10, Math.max(0, Math.floor(spaceParam))));
  } else if (typeof spaceParam === "string") {
    space = spaceParam.slice(0, 10);
  }
  const isFunctionReplacer = typeof replacer === "function";
  const propertyList = Array.isArray(replacer) ? new Set(replacer.map(String)) : null;
  const prepareVal = (parent, key, val) => {
    const isObject2 = val !== null && typeof val === "object";
    const hasToJSON = isObject2 && typeof val.toJSON === "function";
    if (hasToJSON) {
      val = val.toJSON(key);
    }
    const isNoise = typeof val === "string" && noiseValue.test(val);
    if (isNoise) return val + "n";
    const isBigInt = typeof val === "bigint";
    if (isBigInt) {
      const supportsRawJSON = "rawJSON" in JSON;
      if (supportsRawJSON) return JSON.rawJSON(val.toString());
      return val.toString() + "n";
    }
    if (isFunctionReplacer) {
      val = replacer.call(parent, key, val);
    }
    const isPostReplacerObject = val !== null && typeof val === "object";
    if (isPostReplacerObject) {
      const isPrimitiveWrapper = val instanceof Number || val instanceof String || val instanceof Boolean;
      if (isPrimitiveWrapper) {
        val = val.valueOf();
      }
    }
    return val;
  };
  const rootProcessed = prepareVal({ "": rootValue }, "", rootValue);
  if (isUnstringifiable(rootProcessed)) {
    return void 0;
  }
  const isRootPrimitive = rootProcessed === null || typeof rootProcessed !== "object";
  const isRootNativeRawJSON = isRawJSON(rootProcessed);
  if (isRootPrimitive || isRootNativeRawJSON) {
    return originalStringify(rootProcessed);
  }
  const chunks = [];
  let level = 0;
  const stack = [
    {
      parent: { "": rootProcessed },
      key: "",
      val: rootProcessed,
      isArray: Array.isArray(rootProcessed),
      keys: Array.isArray(rootProcessed) ? null : Object.keys(rootProcessed),
      index: 0,
      first: true
    }
  ];
  const visited = new WeakSet([rootProcessed]);
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (node.index === 0) {
      chunks.push(node.isArray ? "[" : "{");
      level++;
    }
    let isDone = false;
    if (node.isArray) {
      if (node.index < node.val.length) {
        if (!node.first) chunks.push(",");
        if (space) chunks.push("\n" + space.repeat(level));
        const childRaw = node.val[node.index];
        const childVal = prepareVal(node.val, String(node.index), childRaw);
        if (isUnstringifiable(childVal)) {
          chunks.push("null");
          node.first = false;
          node.index++;
        } else {
          const isComplexObject = childVal !== null && typeof childVal === "object";
          const isNativeRaw = isRawJSON(childVal);
          if (isComplexObject && !isNativeRaw) {
            if (visited.has(childVal)) {
              throw new TypeError("Converting circular structure to JSON");
            }
            visited.add(childVal);
            stack.push({
              parent: node.val,
              key: String(node.index),
              val: childVal,
              isArray: Array.isArray(childVal),
              keys: Array.isArray(childVal) ? null : Object.keys(childVal),
              index: 0,
              first: true
            });
            node.first = false;
            node.index++;
          } else {
            chunks.push(originalStringify(childVal));
            node.first = false;
            node.index++;
          }
        }
      } else {
        isDone = true;
      }
    } else {
      while (node.index < node.keys.length) {
        const k = node.keys[node.index++];
        const isFilteredOutByArray = propertyList && !propertyList.has(k);
        if (isFilteredOutByArray) continue;
        const childRaw = node.val[k];
        const childVal = prepareVal(node.val, k, childRaw);
        if (isUnstringifiable(childVal)) continue;
        if (!node.first) chunks.push(",");
        if (space) {
          chunks.push("\n" + space.repeat(level) + originalStringify(k) + ": ");
        } else {
          chunks.push(originalStringify(k) + ":");
        }
        const isComplexObject = childVal !== null && typeof childVal === "object";
        const isNativeRaw = isRawJSON(childVal);
        if (isComplexObject && !isNativeRaw) {
          if (visited.has(childVal)) {
            throw new TypeError("Converting circular structure to JSON");
          }
          visited.add(childVal);
          stack.push({
            parent: node.val,
            key: k,
            val: childVal,
            isArray: Array.isArray(childVal),
            keys: Array.isArray(childVal) ? null : Object.keys(childVal),
            index: 0,
            first: true
          });
          node.first = false;
          break;
        } else {
          chunks.push(originalStringify(childVal));
          node.first = false;
        }
      }
      const isNodeFullyProcessed = node.index >= node.keys.length && stack[stack.length - 1] === node;
      if (isNodeFullyProcessed) {
        isDone = true;
      }
    }
    if (isDone) {
      level--;
      if (!node.first && space) chunks.push("\n" + space.repeat(level));
      chunks.push(node.isArray ? "]" : "}");
      visited.delete(node.val);
      stack.pop();
    }
  }
  return chunks.join("");
};
var JSONStringify = (value, replacer, space) => {
  try {
    const supportsRawJSON = "rawJSON" in JSON;
    if (supportsRawJSON) {
      return originalStringify(
        value,
        (key, val) => {
          if (typeof val === "bigint") return JSON.rawJSON(val.toString());
          const hasFunctionReplacer = typeof replacer === "function";
          if (hasFunctionReplacer) return replacer(key, val);
          const isKeyInArrayReplacer = Array.isArray(replacer) && replacer.includes(key);
          if (isKeyInArrayReplacer) return val;
          return val;
        },
        space
      );
    }
    if (!value) return originalStringify(value, replacer, space);
    const convertedToCustomJSON = originalStringify(
      value,
      (key, val) => {
        const isNoise = typeof val === "string" && noiseValue.test(val);
        if (isNoise) return val.toString() + "n";
        if (typeof val === "bigint") return val.toString() + "n";
        const hasFunctionReplacer = typeof replacer === "function";
        if (hasFunctionReplacer) return replacer(key, val);
        const isKeyInArrayReplacer = Array.isArray(replacer) && replacer.includes(key);
        if (isKeyInArrayReplacer) return val;
        return val;
      },
      space
    );
    const processedJSON = convertedToCustomJSON.replace(
      bigIntsStringify,
      "$1$2$3"
    );
    const denoisedJSON = processedJSON.replace(noiseStringify, "$1$2$3");
    return denoisedJSON;
  } catch (error) {
    if (error instanceof RangeError) {
      const convertedJSON = stringifyIteratively(value, replacer, space);
      if (convertedJSON === void 0) return void 0;
      const supportsRawJSON = "rawJSON" in JSON;
      if (supportsRawJSON) return convertedJSON;
      const processedJSON = convertedJSON.replace(bigIntsStringify, "$1$2$3");
      return processedJSON.replace(noiseStringify, "$1$2$3");
    }
    throw error;
  }
};
var featureCache = /* @__PURE__ */ new Map();
var isContextSourceSupported = () => {
  const parseFingerprint = JSON.parse.toString();
  if (featureCache.has(parseFingerprint)) {
    return featureCache.get(parseFingerprint);
  }
  try {
    const result = JSON.parse(
      "1",
      (_, __, context) => !!context?.source && context.source === "1"
    );
    featureCache.set(parseFingerprint, result);
    return result;
  } catch {
    featureCache.set(parseFingerprint, false);
    return false;
  }
};
var convertMarkedBigIntsReviver = (key, value, context, userReviver) => {
  const isCustomFormatBigInt = typeof value === "string" && customFormat.test(value);
  if (isCustomFormatBigInt) return BigInt(value.slice(0, -1));
  const isNoiseValue = typeof value === "string" && noiseValue.test(value);
  if (isNoiseValue) return value.slice(0, -1);
  const hasUserReviver = typeof userReviver === "function";
  if (!hasUserReviver) return value;
  return userReviver(key, value, context);
};
var JSONParseV2 = (text2, reviver) => {
  return JSON.parse(text2, (key, value, context) => {
    const isNumber2 = typeof value === "number";
    const isOutOfBounds = value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER;
    const isBigNumber = isNumber2 && isOutOfBounds;
    const isInt = context && intRegex.test(context.source);
    const isBigInt = isBigNumber && isInt;
    if (isBigInt) return BigInt(context.source);
    const hasCustomReviver = typeof reviver === "function";
    if (!hasCustomReviver) return value;
    return reviver(key, value, context);
  });
};
var MAX_INT = Number.MAX_SAFE_INTEGER.toString();
var MAX_DIGITS = MAX_INT.length;
var stringsOrLargeNumbers = /"(?:[^"\\]|\\.)*"|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/g;
var noiseValueWithQuotes = /^"-?\d+n+"$/;
var applyReviverIteratively = (parsed, userReviver) => {
  const rootHolder = { "": parsed };
  const stack = [{ parent: rootHolder, key: "", visited: false }];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (!node.visited) {
      node.visited = true;
      const value = node.parent[node.key];
      const isComplexObject = value !== null && typeof value === "object";
      if (isComplexObject) {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push({ parent: value, key: keys[i], visited: false });
        }
      }
    } else {
      const { parent, key } = node;
      let value = parent[key];
      if (typeof value === "string") {
        const isCustomFormatBigInt = customFormat.test(value);
        if (isCustomFormatBigInt) {
          value = BigInt(value.slice(0, -1));
        } else {
          const isNoise = noiseValue.test(value);
          if (isNoise) value = value.slice(0, -1);
        }
      }
      const hasUserReviver = typeof userReviver === "function";
      if (hasUserReviver) {
        value = userReviver.call(parent, key, value);
      }
      const isDeleted = value === void 0;
      if (isDeleted) {
        delete parent[key];
      } else {
        parent[key] = value;
      }
      stack.pop();
    }
  }
  return rootHolder[""];
};
var serializeBigInts = (text2) => {
  return text2.replace(
    stringsOrLargeNumbers,
    (match, digits, fractional, exponential) => {
      const isString = match[0] === '"';
      const isNoise = isString && noiseValueWithQuotes.test(match);
      if (isNoise) return match.substring(0, match.length - 1) + 'n"';
      const hasFractionalOrExponential = fractional || exponential;
      const isLessThanMaxSafeInt = digits && (digits.length < MAX_DIGITS || digits.length === MAX_DIGITS && digits <= MAX_INT);
      const isStandardValue = isString || hasFractionalOrExponential || isLessThanMaxSafeInt;
      if (isStandardValue) return match;
      return '"' + match + 'n"';
    }
  );
};
var JSONParse = (text2, reviver) => {
  if (!text2) return originalParse(text2, reviver);
  try {
    if (isContextSourceSupported()) return JSONParseV2(text2, reviver);
    const serializedData = serializeBigInts(text2);
    return originalParse(
      serializedData,
      (key, value, context) => convertMarkedBigIntsReviver(key, value, context, reviver)
    );
  } catch (error) {
    if (error instanceof RangeError) {
      const serializedData = serializeBigInts(text2);
      const parsed = originalParse(serializedData);
      return applyReviverIteratively(parsed, reviver);
    }
    throw error;
  }
};

// node_modules/@octokit/request-error/dist-src/index.js
var RequestError = class extends Error {
  name;
  /**
   * http status code
   */
  status;
  /**
   * Request options that lead to the error.
   */
  request;
  /**
   * Response object if a response was received
   */
  response;
  constructor(message, statusCode, options) {
    super(message, { cause: options.cause });
    this.name = "HttpError";
    this.status = Number.parseInt(statusCode);
    if (Number.isNaN(this.status)) {
      this.status = 0;
    }
    if ("response" in options) {
      this.response = options.response;
    }
    const requestCopy = Object.assign({}, options.request);
    if (options.request.headers.authorization) {
      requestCopy.headers = Object.assign({}, options.request.headers, {
        authorization: options.request.headers.authorization.replace(
          /(?<! ) .*$/,
          " [REDACTED]"
        )
      });
    }
    requestCopy.url = requestCopy.url.replace(/\bclient_secret=\w+/g, "client_secret=[REDACTED]").replace(/\baccess_token=\w+/g, "access_token=[REDACTED]");
    this.request = requestCopy;
  }
};

// node_modules/@octokit/request/dist-bundle/index.js
var VERSION2 = "10.0.16";
var defaults_default = {
  headers: {
    "user-agent": `octokit-request.js/${VERSION2} ${getUserAgent()}`
  }
};
function isPlainObject2(value) {
  if (typeof value !== "object" || value === null) return false;
  if (Object.prototype.toString.call(value) !== "[object Object]") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return true;
  const Ctor = Object.prototype.hasOwnProperty.call(proto, "constructor") && proto.constructor;
  return typeof Ctor === "function" && Ctor instanceof Ctor && Function.prototype.call(Ctor) === Function.prototype.call(value);
}
var noop = () => "";
async function fetchWrapper(requestOptions) {
  const fetch = requestOptions.request?.fetch || globalThis.fetch;
  if (!fetch) {
    throw new Error(
      "fetch is not set. Please pass a fetch implementation as new Octokit({ request: { fetch }}). Learn more at https://github.com/octokit/octokit.js/#fetch-missing"
    );
  }
  const log = requestOptions.request?.log || console;
  const parseSuccessResponseBody = requestOptions.request?.parseSuccessResponseBody !== false;
  const body = isPlainObject2(requestOptions.body) || Array.isArray(requestOptions.body) ? JSONStringify(requestOptions.body) : requestOptions.body;
  const requestHeaders = Object.fromEntries(
    Object.entries(requestOptions.headers).map(([name, value]) => [
      name,
      String(value)
    ])
  );
  let fetchResponse;
  try {
    fetchResponse = await fetch(requestOptions.url, {
      method: requestOptions.method,
      body,
      redirect: requestOptions.request?.redirect,
      headers: requestHeaders,
      signal: requestOptions.request?.signal,
      // duplex must be set if request.body is ReadableStream or Async Iterables.
      // See https://fetch.spec.whatwg.org/#dom-requestinit-duplex.
      ...requestOptions.body && { duplex: "half" }
    });
  } catch (error) {
    let message = "Unknown Error";
    if (error instanceof Error) {
      if (error.name === "AbortError") {
        error.status = 500;
        throw error;
      }
      message = error.message;
      if (error.name === "TypeError" && "cause" in error) {
        if (error.cause instanceof Error) {
          message = error.cause.message;
        } else if (typeof error.cause === "string") {
          message = error.cause;
        }
      }
    }
    const requestError = new RequestError(message, 500, {
      request: requestOptions
    });
    requestError.cause = error;
    throw requestError;
  }
  const status = fetchResponse.status;
  const url = fetchResponse.url;
  const responseHeaders = {};
  for (const [key, value] of fetchResponse.headers) {
    responseHeaders[key] = value;
  }
  const octokitResponse = {
    url,
    status,
    headers: responseHeaders,
    data: ""
  };
  if ("deprecation" in responseHeaders) {
    const matches = responseHeaders.link && responseHeaders.link.match(/<([^<>]+)>; rel="deprecation"/);
    const deprecationLink = matches && matches.pop();
    log.warn(
      `[@octokit/request] "${requestOptions.method} ${requestOptions.url}" is deprecated. It is scheduled to be removed on ${responseHeaders.sunset}${deprecationLink ? `. See ${deprecationLink}` : ""}`
    );
  }
  if (status === 204 || status === 205) {
    return octokitResponse;
  }
  if (requestOptions.method === "HEAD") {
    if (status < 400) {
      return octokitResponse;
    }
    throw new RequestError(fetchResponse.statusText, status, {
      response: octokitResponse,
      request: requestOptions
    });
  }
  if (status === 304) {
    octokitResponse.data = await getResponseData(fetchResponse);
    throw new RequestError("Not modified", status, {
      response: octokitResponse,
      request: requestOptions
    });
  }
  if (status >= 400) {
    octokitResponse.data = await getResponseData(fetchResponse);
    throw new RequestError(toErrorMessage(octokitResponse.data), status, {
      response: octokitResponse,
      request: requestOptions
    });
  }
  octokitResponse.data = parseSuccessResponseBody ? await getResponseData(fetchResponse) : fetchResponse.body;
  return octokitResponse;
}
async function getResponseData(response) {
  const contentType = response.headers.get("content-type");
  if (!contentType) {
    return response.text().catch(noop);
  }
  const mimetype = parse3(contentType);
  if (isJSONResponse(mimetype)) {
    let text2 = "";
    try {
      text2 = await response.text();
      return JSONParse(text2);
    } catch (err) {
      return text2;
    }
  } else if (mimetype.type.startsWith("text/") || // `application/octet-stream` is the canonical "arbitrary binary" type
  // (RFC 2046) and must never be decoded as text, even when the response
  // carries a (misleading) `charset=utf-8` parameter — see #751.
  mimetype.parameters.charset?.toLowerCase() === "utf-8" && mimetype.type !== "application/octet-stream") {
    return response.text().catch(noop);
  } else {
    return response.arrayBuffer().catch(
      /* v8 ignore next -- @preserve */
      () => new ArrayBuffer(0)
    );
  }
}
function isJSONResponse(mimetype) {
  return mimetype.type === "application/json" || mimetype.type === "application/scim+json";
}
function toErrorMessage(data) {
  if (typeof data === "string") {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return "Unknown error";
  }
  if (typeof data === "object" && data !== null && "message" in data) {
    const objectData = data;
    const suffix = "documentation_url" in objectData ? ` - ${objectData.documentation_url}` : "";
    return Array.isArray(objectData.errors) ? `${objectData.message}: ${objectData.errors.map((v) => JSON.stringify(v)).join(", ")}${suffix}` : `${objectData.message}${suffix}`;
  }
  return `Unknown error: ${JSON.stringify(data)}`;
}
function withDefaults2(oldEndpoint, newDefaults) {
  const endpoint2 = oldEndpoint.defaults(newDefaults);
  const newApi = function(route, parameters) {
    const endpointOptions = endpoint2.merge(route, parameters);
    if (!endpointOptions.request || !endpointOptions.request.hook) {
      return fetchWrapper(endpoint2.parse(endpointOptions));
    }
    const request2 = (route2, parameters2) => {
      return fetchWrapper(
        endpoint2.parse(endpoint2.merge(route2, parameters2))
      );
    };
    Object.assign(request2, {
      endpoint: endpoint2,
      defaults: withDefaults2.bind(null, endpoint2)
    });
    return endpointOptions.request.hook(request2, endpointOptions);
  };
  return Object.assign(newApi, {
    endpoint: endpoint2,
    defaults: withDefaults2.bind(null, endpoint2)
  });
}
var request = withDefaults2(endpoint, defaults_default);

// node_modules/@octokit/graphql/dist-bundle/index.js
var VERSION3 = "0.0.0-development";
function _buildMessageForResponseErrors(data) {
  return `Request failed due to following response errors:
` + data.errors.map((e) => ` - ${e.message}`).join("\n");
}
var GraphqlResponseError = class extends Error {
  constructor(request2, headers, response) {
    super(_buildMessageForResponseErrors(response));
    this.request = request2;
    this.headers = headers;
    this.response = response;
    this.errors = response.errors;
    this.data = response.data;
    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, this.constructor);
    }
  }
  request;
  headers;
  response;
  name = "GraphqlResponseError";
  errors;
  data;
};
var NON_VARIABLE_OPTIONS = [
  "method",
  "baseUrl",
  "url",
  "headers",
  "request",
  "query",
  "mediaType",
  "operationName"
];
var FORBIDDEN_VARIABLE_OPTIONS = ["query", "method", "url"];
var GHES_V3_SUFFIX_REGEX = /\/api\/v3\/?$/;
function graphql(request2, query, options) {
  if (options) {
    if (typeof query === "string" && "query" in options) {
      return Promise.reject(
        new Error(`[@octokit/graphql] "query" cannot be used as variable name`)
      );
    }
    for (const key in options) {
      if (!FORBIDDEN_VARIABLE_OPTIONS.includes(key)) continue;
      return Promise.reject(
        new Error(
          `[@octokit/graphql] "${key}" cannot be used as variable name`
        )
      );
    }
  }
  const parsedOptions = typeof query === "string" ? Object.assign({ query }, options) : query;
  const requestOptions = Object.keys(
    parsedOptions
  ).reduce((result, key) => {
    if (NON_VARIABLE_OPTIONS.includes(key)) {
      result[key] = parsedOptions[key];
      return result;
    }
    if (!result.variables) {
      result.variables = {};
    }
    result.variables[key] = parsedOptions[key];
    return result;
  }, {});
  const baseUrl = parsedOptions.baseUrl || request2.endpoint.DEFAULTS.baseUrl;
  if (GHES_V3_SUFFIX_REGEX.test(baseUrl)) {
    requestOptions.url = baseUrl.replace(GHES_V3_SUFFIX_REGEX, "/api/graphql");
  }
  return request2(requestOptions).then((response) => {
    if (response.data.errors) {
      const headers = {};
      for (const key of Object.keys(response.headers)) {
        headers[key] = response.headers[key];
      }
      throw new GraphqlResponseError(
        requestOptions,
        headers,
        response.data
      );
    }
    return response.data.data;
  });
}
function withDefaults3(request2, newDefaults) {
  const newRequest = request2.defaults(newDefaults);
  const newApi = (query, options) => {
    return graphql(newRequest, query, options);
  };
  return Object.assign(newApi, {
    defaults: withDefaults3.bind(null, newRequest),
    endpoint: newRequest.endpoint
  });
}
var graphql2 = withDefaults3(request, {
  headers: {
    "user-agent": `octokit-graphql.js/${VERSION3} ${getUserAgent()}`
  },
  method: "POST",
  url: "/graphql"
});
function withCustomRequest(customRequest) {
  return withDefaults3(customRequest, {
    method: "POST",
    url: "/graphql"
  });
}

// node_modules/@octokit/auth-token/dist-bundle/index.js
var b64url = "(?:[a-zA-Z0-9_-]+)";
var sep = "\\.";
var jwtRE = new RegExp(`^${b64url}${sep}${b64url}${sep}${b64url}$`);
var isJWT = jwtRE.test.bind(jwtRE);
async function auth(token) {
  const isApp = isJWT(token);
  const isInstallation = token.startsWith("v1.") || token.startsWith("ghs_");
  const isUserToServer = token.startsWith("ghu_");
  const tokenType = isApp ? "app" : isInstallation ? "installation" : isUserToServer ? "user-to-server" : "oauth";
  return {
    type: "token",
    token,
    tokenType
  };
}
function withAuthorizationPrefix(token) {
  if (token.split(/\./).length === 3) {
    return `bearer ${token}`;
  }
  return `token ${token}`;
}
async function hook(token, request2, route, parameters) {
  const endpoint2 = request2.endpoint.merge(
    route,
    parameters
  );
  endpoint2.headers.authorization = withAuthorizationPrefix(token);
  return request2(endpoint2);
}
var createTokenAuth = function createTokenAuth2(token) {
  if (!token) {
    throw new Error("[@octokit/auth-token] No token passed to createTokenAuth");
  }
  if (typeof token !== "string") {
    throw new Error(
      "[@octokit/auth-token] Token passed to createTokenAuth is not a string"
    );
  }
  token = token.replace(/^(token|bearer) +/i, "");
  return Object.assign(auth.bind(null, token), {
    hook: hook.bind(null, token)
  });
};

// node_modules/@octokit/core/dist-src/version.js
var VERSION4 = "7.0.8";

// node_modules/@octokit/core/dist-src/index.js
var noop2 = () => {
};
var consoleWarn = console.warn.bind(console);
var consoleError = console.error.bind(console);
function createLogger(logger = {}) {
  if (typeof logger.debug !== "function") {
    logger.debug = noop2;
  }
  if (typeof logger.info !== "function") {
    logger.info = noop2;
  }
  if (typeof logger.warn !== "function") {
    logger.warn = consoleWarn;
  }
  if (typeof logger.error !== "function") {
    logger.error = consoleError;
  }
  return logger;
}
var userAgentTrail = `octokit-core.js/${VERSION4} ${getUserAgent()}`;
var Octokit = class {
  static VERSION = VERSION4;
  static defaults(defaults) {
    const OctokitWithDefaults = class extends this {
      constructor(...args) {
        const options = args[0] || {};
        if (typeof defaults === "function") {
          super(defaults(options));
          return;
        }
        super(
          Object.assign(
            {},
            defaults,
            options,
            options.userAgent && defaults.userAgent ? {
              userAgent: `${options.userAgent} ${defaults.userAgent}`
            } : null
          )
        );
      }
    };
    return OctokitWithDefaults;
  }
  static plugins = [];
  /**
   * Attach a plugin (or many) to your Octokit instance.
   *
   * @example
   * const API = Octokit.plugin(plugin1, plugin2, plugin3, ...)
   */
  static plugin(...newPlugins) {
    const currentPlugins = this.plugins;
    const NewOctokit = class extends this {
      static plugins = currentPlugins.concat(
        newPlugins.filter((plugin) => !currentPlugins.includes(plugin))
      );
    };
    return NewOctokit;
  }
  constructor(options = {}) {
    const hook2 = new before_after_hook_default.Collection();
    const requestDefaults = {
      baseUrl: request.endpoint.DEFAULTS.baseUrl,
      headers: {},
      request: Object.assign({}, options.request, {
        // @ts-ignore internal usage only, no need to type
        hook: hook2.bind(null, "request")
      }),
      mediaType: {
        previews: [],
        format: ""
      }
    };
    requestDefaults.headers["user-agent"] = options.userAgent ? `${options.userAgent} ${userAgentTrail}` : userAgentTrail;
    if (options.baseUrl) {
      requestDefaults.baseUrl = options.baseUrl;
    }
    if (options.previews) {
      requestDefaults.mediaType.previews = options.previews;
    }
    if (options.timeZone) {
      requestDefaults.headers["time-zone"] = options.timeZone;
    }
    this.request = request.defaults(requestDefaults);
    this.graphql = withCustomRequest(this.request).defaults(requestDefaults);
    this.log = createLogger(options.log);
    this.hook = hook2;
    if (!options.authStrategy) {
      if (!options.auth) {
        this.auth = async () => ({
          type: "unauthenticated"
        });
      } else {
        const auth2 = createTokenAuth(options.auth);
        hook2.wrap("request", auth2.hook);
        this.auth = auth2;
      }
    } else {
      const { authStrategy, ...otherOptions } = options;
      const auth2 = authStrategy(
        Object.assign(
          {
            request: this.request,
            log: this.log,
            // we pass the current octokit instance as well as its constructor options
            // to allow for authentication strategies that return a new octokit instance
            // that shares the same internal state as the current one. The original
            // requirement for this was the "event-octokit" authentication strategy
            // of https://github.com/probot/octokit-auth-probot.
            octokit: this,
            octokitOptions: otherOptions
          },
          options.auth
        )
      );
      hook2.wrap("request", auth2.hook);
      this.auth = auth2;
    }
    const classConstructor = this.constructor;
    for (let i = 0; i < classConstructor.plugins.length; ++i) {
      Object.assign(this, classConstructor.plugins[i](this, options));
    }
  }
  // assigned during constructor
  request;
  graphql;
  log;
  hook;
  // TODO: type `octokit.auth` based on passed options.authStrategy
  auth;
};

// src/github/octokit.ts
function createOctokit({ token, baseUrl, http, debug, onReply }) {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: "threads-token-keeper",
    request: { fetch: http.fetch },
    log: { debug, info: debug, warn: debug, error: debug }
  });
  if (onReply) {
    const note = (reply) => {
      if (reply) onReply(reply.status, parseTokenExpiration(reply.headers["github-authentication-token-expiration"]));
    };
    octokit.hook.after("request", (response) => note(response));
    octokit.hook.error("request", (error) => {
      note(replyOf(error));
      throw error;
    });
  }
  return octokit;
}
function parseTokenExpiration(value) {
  if (typeof value !== "string") return void 0;
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)\s*(UTC|Z|[+-]\d\d:?\d\d)$/.exec(value.trim());
  if (!match) return void 0;
  const [, day, time, zone = "UTC"] = match;
  const offset = zone === "UTC" || zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = /* @__PURE__ */ new Date(`${day}T${time}${offset}`);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function replyOf(error) {
  const response = error?.response;
  return typeof response?.status === "number" ? { headers: {}, ...response, status: response.status } : void 0;
}
function gitHubFailure(operation, target, error) {
  const reply = replyOf(error);
  if (!reply) {
    const fault = error.cause ?? error;
    return new GitHubError({
      operation,
      target,
      apiMessage: describeFault(fault),
      serviceWords: faultQuotesService(fault),
      transient: faultIsTransient(fault),
      cause: error
    });
  }
  const { status, headers } = reply;
  const data = reply.data;
  const message = typeof data === "object" && typeof data?.message === "string" ? data.message : void 0;
  return new GitHubError({
    operation,
    target,
    status,
    apiMessage: message ?? `HTTP ${status}`,
    serviceWords: message !== void 0,
    acceptedPermissions: headers["x-accepted-github-permissions"],
    transient: judgeReply(status, headers).transient,
    cause: error
  });
}

// src/github/seal.ts
var loading;
function loadSodium() {
  const loaded = loading ??= import("./libsodium-wrappers-UEXGNJXH.js").then(async ({ default: sodium }) => {
    await sodium.ready;
    return sodium;
  });
  return loaded;
}
async function seal(value, publicKeyBase64) {
  const sodium = await loadSodium();
  const publicKey = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), publicKey);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
var sodiumSealer = {
  warm() {
    loadSodium().catch(() => void 0);
  },
  ready: () => loadSodium().then(() => void 0),
  seal: (value, { key }) => seal(value, key)
};

// src/github/stores.ts
var KEY_ID = /^[\w+/=-]{1,128}$/;
var SEALING_KEY = /^[A-Za-z0-9+/]{43}=$/;
function pathSegment(text2) {
  return encodeURIComponent(text2).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function routesOf(target, secretType) {
  const store = secretType === "dependabot" ? "dependabot" : "actions";
  const suffix = secretType === "dependabot" ? " (Dependabot)" : "";
  if (target.kind === "organization") {
    const { org } = target;
    return {
      label: `organization ${org}${suffix}`,
      secrets: `/orgs/{org}/${store}/secrets`,
      variables: "/orgs/{org}/actions/variables",
      parameters: { org },
      secretsPath: `/orgs/${org}/${store}/secrets`
    };
  }
  const { owner, repo, environment } = target;
  if (environment) {
    const base = "/repos/{owner}/{repo}/environments/{environment_name}";
    return {
      label: `${owner}/${repo} (environment ${environment})`,
      secrets: `${base}/secrets`,
      variables: `${base}/variables`,
      parameters: { owner, repo, environment_name: environment },
      secretsPath: `/repos/${owner}/${repo}/environments/${pathSegment(environment)}/secrets`
    };
  }
  return {
    label: `${owner}/${repo}${suffix}`,
    secrets: `/repos/{owner}/{repo}/${store}/secrets`,
    variables: "/repos/{owner}/{repo}/actions/variables",
    parameters: { owner, repo },
    secretsPath: `/repos/${owner}/${repo}/${store}/secrets`
  };
}
function createSecretStores(octokit, target, secretTypes) {
  const routes = secretTypes.map((secretType) => routesOf(target, secretType));
  let access;
  const lookUpAccess = (label) => access ??= resolveAccess(octokit, target, label);
  return routes.map((route, i) => new GitHubSecretStore(octokit, route, i === 0, lookUpAccess));
}
var GitHubSecretStore = class {
  constructor(octokit, routes, keepsVariables, lookUpAccess) {
    this.octokit = octokit;
    this.routes = routes;
    this.keepsVariables = keepsVariables;
    this.lookUpAccess = lookUpAccess;
    this.label = routes.label;
    const host = new URL(octokit.request.endpoint.DEFAULTS.baseUrl).host;
    this.hostFlag = host === "api.github.com" ? "" : ` --hostname ${host}`;
  }
  octokit;
  routes;
  keepsVariables;
  lookUpAccess;
  label;
  /** `gh` talks to github.com unless told the host of an Enterprise Server. */
  hostFlag;
  /** Known once prepare() has the selected repositories' ids. */
  access;
  async prepare() {
    const operation = `read the public key of ${this.label}`;
    const [{ data, status }, access] = await Promise.all([
      this.send(
        operation,
        `GET ${this.routes.secrets}/public-key`,
        {}
      ),
      this.lookUpAccess(this.label)
    ]);
    if (typeof data?.key_id !== "string" || !KEY_ID.test(data.key_id) || typeof data.key !== "string" || !SEALING_KEY.test(data.key)) {
      throw new GitHubError({
        operation,
        target: this.label,
        status,
        apiMessage: "the reply holds no usable public key",
        serviceWords: false
      });
    }
    this.access = access;
    return { keyId: data.key_id, key: data.key };
  }
  async writeSecret(name, encryptedValue, keyId) {
    const route = `PUT ${this.routes.secrets}/{secret_name}`;
    const parameters = { secret_name: name, encrypted_value: encryptedValue, key_id: keyId, ...this.access };
    const { status } = await this.send(`write secret ${name} to ${this.label}`, route, parameters);
    return status === 201 ? "created" : "updated";
  }
  async secretUpdatedAt(name) {
    const operation = `read secret ${name} of ${this.label}`;
    const read = this.send(operation, `GET ${this.routes.secrets}/{secret_name}`, { secret_name: name });
    const data = await notFoundAsUndefined(read.then((reply) => reply.data));
    return typeof data?.updated_at === "string" ? data.updated_at : void 0;
  }
  async readVariable(name) {
    const read = this.send(`read variable ${name} of ${this.label}`, `GET ${this.routes.variables}/{name}`, {
      name
    });
    return (await notFoundAsUndefined(read))?.data.value;
  }
  async writeVariable(name, value, exists) {
    const update = () => this.send(`update variable ${name} of ${this.label}`, `PATCH ${this.routes.variables}/{name}`, { name, value, ...this.access });
    if (exists) {
      await update();
      return "updated";
    }
    try {
      await this.send(`create variable ${name} in ${this.label}`, `POST ${this.routes.variables}`, { name, value, ...this.access });
      return "created";
    } catch (error) {
      if (!(error instanceof GitHubError) || error.status !== 409) throw error;
      await update();
      return "updated";
    }
  }
  async deleteVariable(name) {
    await this.send(`delete variable ${name} of ${this.label}`, `DELETE ${this.routes.variables}/{name}`, { name });
  }
  storeCommand(name, encryptedValue, keyId) {
    const { access } = this;
    const fields = [`-f encrypted_value='${encryptedValue}'`, `-f key_id='${keyId}'`];
    if (access) {
      fields.push(
        `-f visibility='${access.visibility}'`,
        ...(access.selected_repository_ids ?? []).map((id) => `-F 'selected_repository_ids[]=${id}'`)
      );
    }
    return `gh api${this.hostFlag} --method PUT ${this.routes.secretsPath}/${name} ${fields.join(" ")}`;
  }
  async send(operation, route, parameters) {
    try {
      return await this.octokit.request(route, { ...this.routes.parameters, ...parameters });
    } catch (error) {
      throw gitHubFailure(operation, this.label, error);
    }
  }
};
async function resolveAccess(octokit, target, label) {
  if (target.kind !== "organization") return void 0;
  const { org, visibility, selectedRepositories } = target;
  if (visibility !== "selected") return { visibility };
  const ids = await Promise.all(
    selectedRepositories.map(async (repo) => {
      const operation = `find repository ${org}/${repo} (in selected-repositories)`;
      const { data } = await octokit.request("GET /repos/{org}/{repo}", { org, repo }).catch((error) => {
        throw gitHubFailure(operation, label, error);
      });
      if (typeof data.id !== "number") {
        throw new GitHubError({
          operation: `find repository ${org}/${repo}`,
          target: label,
          apiMessage: "the reply holds no repository id",
          serviceWords: false,
          // A garbled reply, as the one rule has it: the next run may get a real one.
          transient: true
        });
      }
      return data.id;
    })
  );
  return { visibility, selected_repository_ids: ids };
}
async function notFoundAsUndefined(reply) {
  try {
    return await reply;
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return void 0;
    throw error;
  }
}

// src/github/issue-texts.ts
import { createHash } from "node:crypto";
var FAILURE_SIGNATURE = "_Opened by threads-token-keeper; it closes this issue after the next successful renewal._";
var WRITER_SIGNATURE = "_Opened by threads-token-keeper; close this issue once the token is replaced, or it closes itself once that day has passed._";
var DATA_ACCESS_SIGNATURE = "_Opened by threads-token-keeper; it closes this issue once a run sees the token's data access end more than 14 days ahead._";
function secretLabel(secretName, defaultName) {
  return secretName === defaultName ? secretName : `secret ${createHash("sha256").update(secretName).digest("hex").slice(0, 8)}`;
}
function withNamesLabelled(text2, names) {
  let labelled = text2;
  for (const { name, defaultName } of names) {
    if (!name || name === defaultName) continue;
    const label = secretLabel(name, defaultName).replace(/^secret /, "");
    labelled = labelled.replace(new RegExp(`\\b${name.replace(/[^\w]/g, "\\$&")}\\b`, "g"), `(name ${label})`);
  }
  return labelled;
}
function failureTitle(context) {
  return `${context.service} token renewal needs attention (${context.secretName})`;
}
function dataAccessTitle(context) {
  return `${context.service} data access ends soon (${context.secretName})`;
}
var WRITER_TITLE = "The github-token that writes secrets here expires on ";
function writerTokenTitle(expiresAt) {
  return `${WRITER_TITLE}${expiresAt.toISOString().slice(0, 10)}`;
}
function writerTokenDay(title) {
  const day = title.startsWith(WRITER_TITLE) ? title.slice(WRITER_TITLE.length) : "";
  return /^\d{4}-\d\d-\d\d$/.test(day) ? day : void 0;
}
function authorizeSteps(context) {
  if (context.authorizeAgain !== void 0) {
    const again2 = context.authorizeAgain;
    return context.loginCommand ? `From a terminal, in one command that opens the browser and stores the new tokens:

\`\`\`sh
${context.loginCommand}
\`\`\`` : `${capital(again2)}.`;
  }
  const workflow = oneLine(context.workflowName ?? "this workflow");
  const steps = [
    context.authorizeUrl ? `Open ${context.authorizeUrl} in a browser signed in to the ${context.service} account, and approve.` : `Open the authorize URL${context.guide ?? ' (README: "Get the first authorization code")'} in a browser signed in to the ${context.service} account, and approve.`,
    `Copy the \`code\` from the address you are sent to. It works once, ${context.codeLife}.`,
    `Run this workflow by hand (Actions \u2192 ${workflow} \u2192 Run workflow) with the code in its \`code\` input (README: "Bootstrap from a manual run").`
  ];
  const numbered = steps.map((step, i) => `${i + 1}. ${step}`).join("\n");
  return context.loginCommand ? `${numbered}

Or, from a terminal, in one command that opens the browser and stores the token (add \`--secret-name\` where the workflow keeps another name):

\`\`\`sh
${context.loginCommand}
\`\`\`` : numbered;
}
function failureBody(context, account2, expiresAt, urgent, now) {
  const workflow = oneLine(context.workflowName ?? "this workflow");
  const expiry = expiresAt ? `expires ${whenWithDays(expiresAt, now)}.` : {
    dated: "has an unknown expiry (keep one with the expires-at-variable input).",
    never: "never expires, but the service may invalidate it at any time, without notice.",
    hours: "is kept with its refresh token, which renews it on each run."
  }[context.expiry];
  const hurry = urgent ? [
    `**Time is short:** the next scheduled run may come after the token has expired. Once the service answers again, run this workflow by hand (Actions \u2192 ${workflow} \u2192 Run workflow); if the token has expired meanwhile, authorize again as below.`
  ] : [];
  return [
    // In a code block, nothing in it can mention, link or inject HTML, whatever a repository or file name holds.
    `**What happened:**

${quoted2(account2)}`,
    `**The stored token** (${context.secretName}) ${expiry}`,
    ...hurry,
    `**If it must be authorized again:**
${authorizeSteps(context)}`,
    `Otherwise fix what the account above names, then run the workflow again (with a fresh code, if it was started with one).${context.runUrl ? `

Failed run: ${context.runUrl} (its log quotes the service's own words)` : ""}`,
    FAILURE_SIGNATURE
  ].join("\n\n");
}
function dataAccessBody(context, expiresAt, now) {
  const ended2 = expiresAt.getTime() <= now.getTime();
  return [
    `The app's access to the data of the ${context.service} account whose token is kept in ${context.secretName} ${ended2 ? "ended" : "ends"} ${whenWithDays(expiresAt, now)}. ` + (context.expiry === "never" ? `The service ends it at that date, whatever the token's own expiry (it has none): only a new authorization starts a new grant. Each run checks the token as usual until then.` : `The service ends it at that date however often the token is refreshed: only a new authorization starts a new grant. The token is refreshed as usual until then.`),
    `**Authorize again${ended2 ? "" : " before that day"}:**
${authorizeSteps(context)}`,
    `${context.runUrl ? `Seen in run: ${context.runUrl}

` : ""}${DATA_ACCESS_SIGNATURE}`
  ].join("\n\n");
}
function writerTokenBody(context, expiresAt, now) {
  return [
    `The token in the \`github-token\` input, which writes the kept tokens' secrets (here ${context.secretName}, and any other step's that uses it), expires ${whenWithDays(expiresAt, now)}. Once it has, every renewal fails, and the tokens die some weeks later.`,
    [
      "**Make a new one with the same permissions, before then:**",
      "1. GitHub \u2192 Settings \u2192 Developer settings \u2192 Personal access tokens \u2192 Fine-grained tokens \u2192 the token \u2192 Regenerate token (it keeps its repositories and permissions), or Generate new token with the same ones: Secrets read and write (Variables read and write when variables are kept, Environments read and write for an environment).",
      "2. Store it in the secret your workflow passes as `github-token`, replacing the old one."
    ].join("\n"),
    'Or never renew it by hand again: a GitHub App installation token, made on every run by [actions/create-github-app-token](https://github.com/actions/create-github-app-token), has no expiry to watch (docs/recipes.md: "A GitHub App token instead of a personal token").',
    `${context.runUrl ? `Seen in run: ${context.runUrl}

` : ""}${WRITER_SIGNATURE}`
  ].join("\n\n");
}

// src/github/issues.ts
var LABEL = "threads-token-keeper";
var loginOf = (user) => typeof user?.login === "string" ? user.login.toLowerCase() : void 0;
function issueTracker(octokit, owner, repo, warn) {
  let listed;
  let self;
  const list = async () => {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues", { owner, repo, state: "open", labels: LABEL, per_page: 100 });
    return data.filter((issue) => !issue.pull_request).map((issue) => ({ title: issue.title, author: loginOf(issue.user), issue: { number: issue.number, createdAt: issue.created_at } }));
  };
  const identity = () => {
    self ??= octokit.graphql("query { viewer { login } }").then(({ viewer }) => loginOf(viewer));
    self.catch(() => self = void 0);
    return self;
  };
  const amend = (change) => {
    listed = listed?.then(change);
  };
  const commentOn = async (issue_number, body) => {
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number, body });
  };
  const findAll = async (matches) => {
    listed ??= list();
    const found2 = await listed.catch((error) => {
      listed = void 0;
      throw error;
    });
    const titled = found2.filter((entry) => matches(entry.title));
    if (titled.length === 0) return [];
    const me = await identity();
    return titled.filter((entry) => me !== void 0 && entry.author === me).map(({ title, issue }) => ({ title, issue }));
  };
  return {
    async find(title) {
      return (await findAll((candidate) => candidate === title))[0]?.issue;
    },
    findAll,
    async open(title, body) {
      await octokit.request("POST /repos/{owner}/{repo}/labels", { owner, repo, name: LABEL, color: "5319e7" }).catch(() => void 0);
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", { owner, repo, title, body, labels: [LABEL] });
      const issue_number = data.number;
      const author = loginOf(data.user);
      self ??= author === void 0 ? void 0 : Promise.resolve(author);
      amend((entries) => [...entries, { title, author, issue: { number: issue_number, createdAt: data.created_at } }]);
      if (data.labels.some((label) => (typeof label === "string" ? label : label.name) === LABEL)) return;
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner, repo, issue_number, labels: [LABEL] }).catch(
        () => (
          // Open, but unlabelled, later runs would not find it and open another: say so rather than fail.
          warn(`Opened issue #${issue_number} but could not label it "${LABEL}": add the label by hand, or later runs will open another.`)
        )
      );
    },
    async comment(issue, body) {
      await commentOn(issue.number, body);
    },
    async close(issue, body) {
      await commentOn(issue.number, body);
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner,
        repo,
        issue_number: issue.number,
        state: "closed"
      });
      amend((entries) => entries.filter((entry) => entry.issue.number !== issue.number));
    },
    async spokeSince(issue, since) {
      if (Date.parse(issue.createdAt) >= since.getTime()) return true;
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: issue.number,
        since: since.toISOString(),
        per_page: 100
      });
      const me = await identity();
      return data.some((comment) => me !== void 0 && loginOf(comment.user) === me && Date.parse(comment.created_at) >= since.getTime());
    }
  };
}

// src/github/upkeep.ts
var URGENT_WITHIN_DAYS = 14;
var WRITER_WARNING_DAYS = 21;
var WRITER_ISSUE_DAYS = 14;
var REMINDER_DAYS = 7;
function createUpkeep(octokit, settings, warn, now = () => /* @__PURE__ */ new Date()) {
  const { context } = settings;
  const { owner, repo } = context;
  const issues = issueTracker(octokit, owner, repo, warn);
  const tryTo = (what, permission, task) => attempt(warn, what, permission, task);
  const daysLeft = (expiresAt) => expiresAt && daysUntil(isoSeconds(expiresAt), now());
  return {
    keepWorkflowsAlive: () => keepWorkflowsAlive(octokit, settings, warn),
    lookAhead() {
      if (settings.failureIssue) issues.findAll(() => false).catch(() => void 0);
    },
    async renewed(checked = false) {
      if (settings.failureIssue) await closeFailureIssue(checked);
    },
    async runAskedAt() {
      if (!context.runId) return void 0;
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
          owner,
          repo,
          run_id: Number(context.runId)
        });
        return (data.run_attempt ?? 1) > 1 ? data.run_started_at : data.created_at;
      } catch {
        return void 0;
      }
    },
    async failed({ account: account2, humanNeeded, storedExpiresAt, notice = false }) {
      const days = daysLeft(storedExpiresAt);
      const urgent = days !== void 0 && days <= URGENT_WITHIN_DAYS;
      if (!settings.failureIssue || !humanNeeded && !urgent) return;
      await tryTo("open the failure issue", "issues: write", async () => {
        const told = withNamesLabelled(account2, context.typedNames ?? []);
        const body = failureBody(context, told, storedExpiresAt, urgent && !notice, now());
        const title = failureTitle(context);
        const open = await issues.find(title);
        if (notice) await openOrRemind(title, open, body);
        else await (open ? issues.comment(open, body) : issues.open(title, body));
      });
    },
    async watchWriterToken(expiresAt) {
      const days = daysLeft(expiresAt);
      if (expiresAt && days !== void 0 && days <= WRITER_WARNING_DAYS) {
        warn(
          `github-token expires ${whenWithDays(expiresAt, now())}: make a new one with the same permissions and update its secret, or use a GitHub App token (actions/create-github-app-token), which never needs renewing by hand.`
        );
      }
      if (!settings.failureIssue) return;
      await tryTo("keep the github-token issue", "issues: write", () => writerTokenIssue(expiresAt));
    },
    async watchDataAccess(expiresAt) {
      if (!settings.failureIssue) return;
      await tryTo("keep the data-access issue", "issues: write", () => dataAccessIssue(new Date(expiresAt)));
    }
  };
  async function dataAccessIssue(expiresAt) {
    const title = dataAccessTitle(context);
    const open = await issues.find(title);
    if (!endsSoon(isoSeconds(expiresAt), now())) {
      if (open) await issues.close(open, `Data access now ends ${whenWithDays(expiresAt, now())}. Closing.`);
      return;
    }
    await openOrRemind(title, open, dataAccessBody(context, expiresAt, now()));
  }
  async function openOrRemind(title, open, body) {
    if (!open) await issues.open(title, body);
    else if (!await issues.spokeSince(open, new Date(now().getTime() - REMINDER_DAYS * 864e5))) await issues.comment(open, body);
  }
  async function closeFailureIssue(checked) {
    await tryTo("close the failure issue", "issues: write", async () => {
      const open = await issues.find(failureTitle(context));
      const what = checked ? "Checked: the stored token is alive and fit for use" : "Renewed successfully";
      if (open) await issues.close(open, `${what}${context.runUrl ? ` in ${context.runUrl}` : ""}. Closing.`);
    });
  }
  async function writerTokenIssue(expiresAt) {
    const open = await issues.findAll((title2) => writerTokenDay(title2) !== void 0);
    const today = now().toISOString().slice(0, 10);
    const past = open.filter(({ title: title2 }) => (writerTokenDay(title2) ?? today) < today);
    for (const { issue } of past) {
      await issues.close(
        issue,
        "That day has passed: a run that still uses this github-token fails, and says so in its own issue. Closing."
      );
    }
    const days = daysLeft(expiresAt);
    if (!expiresAt || days === void 0 || days > WRITER_ISSUE_DAYS) return;
    const title = writerTokenTitle(expiresAt);
    await openOrRemind(title, open.find((entry) => entry.title === title)?.issue, writerTokenBody(context, expiresAt, now()));
  }
}
async function keepWorkflowsAlive(octokit, settings, warn) {
  const { owner, repo, workflowRef } = settings.context;
  const own = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@]+)@/.exec(workflowRef ?? "")?.[1];
  if (settings.keepScheduleAlive && !own) {
    warn("keep-schedule-alive: GITHUB_WORKFLOW_REF does not name a workflow file, so the schedule was not re-enabled.");
  }
  const named = settings.keepAliveWorkflows.filter((file) => file !== own);
  const enable = (file, what, missing) => attempt(warn, what, "actions: write", async () => {
    try {
      await octokit.request("PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable", { owner, repo, workflow_id: file });
    } catch (error) {
      if (replyOf(error)?.status !== 404) throw error;
      warn(missing);
    }
  });
  await Promise.all([
    settings.keepScheduleAlive && own ? enable(own, "re-enable this workflow to keep its schedule alive", `keep-schedule-alive: ${own} was not found in ${owner}/${repo}.`) : void 0,
    ...named.map(
      (file) => enable(
        file,
        `re-enable ${file} (keep-alive-workflows)`,
        `keep-alive-workflows: ${file} is not a workflow of ${owner}/${repo} (GitHub answered 404): give the file name under .github/workflows, for example post.yml.`
      )
    )
  ]);
}
async function attempt(warn, what, permission, task) {
  try {
    await task();
  } catch (error) {
    const replied = replyOf(error)?.status;
    const refused = replied === 401 || replied === 403 || replied === 404;
    const why = typeof replied === "number" ? `HTTP ${replied}` : "no reply";
    const remedy = refused ? `give the job 'permissions: ${permission}'` : "the next run tries again";
    warn(`Could not ${what} (${why}): ${remedy}. The token itself is not affected.`);
  }
}

// src/setup/connect.ts
function providerClient(provider, providerSettings, wiring) {
  const service = provider.serviceName?.(providerSettings) ?? provider.label;
  return createClient({ service, ...wiring, judge: provider.judge, words: provider.words });
}
function connect(settings, { http, mask, debug }) {
  const { provider, apiUrl, oauthUrl, githubToken, githubApiUrl, secretTypes, providerSettings } = settings;
  const writer = { answered: false, expiresAt: void 0 };
  const onReply = (status, expiresAt) => {
    if (status === 401 || status >= 500) return;
    writer.answered = true;
    writer.expiresAt ??= expiresAt;
  };
  const octokit = createOctokit({ token: githubToken, baseUrl: githubApiUrl, http, debug, onReply });
  return {
    writerToken: () => ({ ...writer }),
    tokens: inspectingOnce(
      provider.connect(providerClient(provider, providerSettings, { apiUrl, oauthUrl, http, mask, debug }), providerSettings)
    ),
    // Every target in every store asked for; the variables with the first store of each target.
    stores: settings.targets.flatMap((target) => createSecretStores(octokit, target, secretTypes).map(rememberingVariables)),
    // libsodium (the largest part of the bundle) loads once the first requests have left, not before.
    sealer: { ...sodiumSealer, warm: () => void (http.transport.sent?.() ?? Promise.resolve()).then(() => sodiumSealer.warm()) }
  };
}
function once(known, key, ask) {
  const remembered = known.get(key);
  if (remembered) return remembered;
  const asked = ask();
  known.set(key, asked);
  asked.catch(() => known.get(key) === asked && known.delete(key));
  return asked;
}
function inspectingOnce(tokens) {
  const inspections = /* @__PURE__ */ new Map();
  return { ...tokens, inspect: (token) => once(inspections, token, () => tokens.inspect(token)) };
}
function rememberingVariables(store) {
  const values = /* @__PURE__ */ new Map();
  const change = async (name, value, done) => {
    values.delete(name);
    const result = await done;
    values.set(name, Promise.resolve(value));
    return result;
  };
  return {
    label: store.label,
    keepsVariables: store.keepsVariables,
    prepare: () => store.prepare(),
    writeSecret: (name, encryptedValue, keyId) => store.writeSecret(name, encryptedValue, keyId),
    secretUpdatedAt: (name) => store.secretUpdatedAt(name),
    storeCommand: (name, encryptedValue, keyId) => store.storeCommand(name, encryptedValue, keyId),
    readVariable: (name) => once(values, name, () => store.readVariable(name)),
    writeVariable: (name, value, exists) => change(name, value, store.writeVariable(name, value, exists)),
    deleteVariable: (name) => change(name, void 0, store.deleteVariable(name))
  };
}
function connectUpkeep(settings, { http, debug }, warn) {
  return createUpkeep(createOctokit({ token: settings.workflowToken, baseUrl: settings.apiUrl, http, debug }), settings, warn);
}

// src/setup/fields.ts
var TRUE_VALUES = ["true", "True", "TRUE"];
var FALSE_VALUES = ["false", "False", "FALSE"];
var NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
function isLoopbackHost(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
function createFields(getInput) {
  const problems = [];
  const problem = (input, message, value) => {
    problems.push(value === void 0 ? { input, message } : { input, message, value });
  };
  const controlled = (input, values) => {
    if (values.some(hasControlCharacters))
      problem(input, "holds a line break or another control character: give it on one line, as plain text.");
  };
  const sentence2 = (input, message) => {
    problems.push({ input, message, sentence: true });
  };
  return {
    get: (input) => getInput(input).trim(),
    text(input) {
      const value = getInput(input).trim();
      controlled(input, [value]);
      return value;
    },
    list(input) {
      const values = splitList(getInput(input));
      controlled(input, values);
      return values;
    },
    problem,
    sentence: sentence2,
    problems,
    flag(input) {
      const value = getInput(input).trim();
      if (value && !TRUE_VALUES.includes(value) && !FALSE_VALUES.includes(value))
        problem(input, `is ${quoted(value)}: write true or false.`, value);
      return TRUE_VALUES.includes(value);
    },
    name(input, value, kind) {
      const upper = value.toUpperCase();
      if (!NAME_RULE.test(value) || upper.startsWith("GITHUB_")) {
        problem(
          input,
          `is ${quoted(value)}, which is not a valid GitHub ${kind} name: use letters, digits and '_', do not start with a digit or with GITHUB_ (for example THREAD_ACCESS_TOKEN).`,
          value
        );
      }
      return upper;
    },
    url(input, value) {
      let url;
      try {
        url = new URL(value);
      } catch {
        problem(input, "is not a URL: give an address such as https://host.");
        return value;
      }
      const loopbackHttp = url.protocol === "http:" && isLoopbackHost(url.hostname);
      if (url.protocol !== "https:" && !loopbackHttp) {
        problem(input, "must use https:// (plain http:// is accepted only for localhost).");
      } else if (url.username || url.password || url.search || url.hash) {
        problem(input, "must be a plain base address, without credentials, query or fragment.");
      }
      return url.origin + url.pathname.replace(/\/+$/, "");
    },
    required(input, value, why) {
      if (!value) problem(input, `is required ${why}.`);
      return value;
    }
  };
}
function splitList(value) {
  return [
    ...new Set(
      value.split(/\r?\n|,/).map((item) => item.trim()).filter(Boolean)
    )
  ];
}
function readRedirect(raw) {
  let code = raw.trim();
  let state;
  if (/^https?:\/\//i.test(code)) {
    try {
      const { searchParams } = new URL(code);
      code = searchParams.get("code") ?? code;
      state = searchParams.get("state") ?? void 0;
    } catch {
    }
  }
  return { code: code.replace(/#_?$/, "").trim(), state };
}

// src/setup/credential.ts
var CREDENTIAL_INPUTS = [
  "authorization-code",
  "short-lived-token",
  "long-lived-token",
  "refresh-token",
  "code-verifier",
  "app-secret",
  "github-token",
  "workflow-token"
];
function readCredential(fields, provider, needed) {
  const { get, problem } = fields;
  const { code } = readRedirect(get("authorization-code"));
  for (const input of CREDENTIAL_INPUTS) {
    const value = input === "authorization-code" ? code : get(input);
    if (/\s/.test(value) || hasControlCharacters(value)) {
      problem(input, "contains white space inside it: paste the value alone, on one line.");
    }
  }
  if (/^https?:\/\//i.test(code)) refusePastedAddress(fields, code);
  const { label, credentials } = provider;
  const secret = provider.appSecret === "required";
  const takes = [
    ["short-lived-token", credentials.shortLived !== false, `${label} gives no such token`],
    ["refresh-token", credentials.refreshToken, `${label} gives no such token`],
    ["long-lived-token", credentials.longLived !== false, `${label}'s access tokens live too short to keep: keep its refresh-token`]
  ];
  for (const [input, taken, why2] of takes) if (get(input) && !taken) problem(input, `is not taken for ${label}: ${why2}.`);
  if (code) {
    const codeVerifier = get("code-verifier");
    const redeemable = !refuseCodeWithout(fields, provider, codeVerifier);
    const needs = { why: "to exchange an authorization-code", id: true, redirect: true, secret };
    const app2 = readApp(fields, provider, redeemable ? needs : void 0);
    return { credential: { flow: "authorization-code", code, ...codeVerifier ? { codeVerifier } : {} }, app: app2 };
  }
  const shortLived = get("short-lived-token");
  if (shortLived && credentials.shortLived) {
    const why2 = "to exchange a short-lived-token";
    const needs = { why: why2, id: credentials.shortLived === "app", redirect: false, secret: true };
    return { credential: { flow: "short-lived-token", token: shortLived }, app: readApp(fields, provider, needs) };
  }
  const refreshToken = get("refresh-token");
  const longLived = get("long-lived-token");
  if (!refreshToken && !longLived && needed) refuseNoCredential(fields, provider);
  if (refreshToken && credentials.refreshToken || credentials.longLived === false) {
    const app2 = readApp(fields, provider, needed ? { why: "to redeem a refresh-token", id: true, redirect: false, secret } : void 0);
    return { credential: { flow: "refresh-token", refreshToken }, app: app2 };
  }
  const flow = credentials.longLived;
  const why = flow === "check" ? "to check a long-lived-token" : "to refresh a long-lived-token";
  const app = readApp(fields, provider, needed && provider.scheduledNeedsApp ? { why, id: true, redirect: false, secret } : void 0);
  return { credential: { flow, token: longLived }, app };
}
function refuseNoCredential({ sentence: sentence2 }, { credentials, authorize }) {
  const starts = [
    ...credentials.longLived ? [`'long-lived-token' (scheduled ${credentials.longLived === "check" ? "check" : "renewal"})`] : [],
    ...credentials.refreshToken ? [`'refresh-token'${credentials.longLived ? "" : " (scheduled renewal)"}`] : [],
    ...authorize && !authorize.pkce ? [`'authorization-code' (first run)`] : [],
    ...credentials.shortLived ? [`'short-lived-token'`] : []
  ];
  const list = starts.length > 1 ? `${starts.slice(0, -1).join(", ")} or ${starts.at(-1) ?? ""}` : starts[0] ?? "";
  sentence2("long-lived-token", `No credential to start from: set ${list}.`);
}
function refuseCodeWithout({ problem }, { label, authorize }, codeVerifier) {
  if (!authorize) {
    problem("authorization-code", `is not taken for ${label}: give the refresh-token the service gave, with its token-url.`);
    return true;
  }
  if (!authorize.pkce || codeVerifier) return false;
  problem(
    "authorization-code",
    `is not taken for ${label}: its codes are bound to the login that asked for them (PKCE), and live 30 seconds. Get the first tokens with the command line's login, which stores them.`
  );
  return true;
}
function refusePastedAddress({ problem }, address) {
  const page = authorizePageOf(address);
  problem(
    "authorization-code",
    page ? `is ${page.label}'s authorize address itself: open it in a browser, approve, then paste the address you are sent to afterwards (it carries a 'code'), or just the code.` : `is an address without a 'code' parameter: authorize again and paste the code (or the whole address) from the redirect that follows approval.`
  );
}
function readApp(fields, provider, needs) {
  const { text: text2, get, problem, required } = fields;
  const { label } = provider;
  const ask = (input, value, what, wanted = true) => needs && wanted ? required(input, value, `${needs.why}: ${what}`) : value;
  const appId = ask("app-id", text2("app-id"), `the ${label} app's ID from its settings`, needs?.id);
  if (needs && appId && !provider.appId.valid(appId)) problem("app-id", `must be ${provider.appId.what}.`);
  const appSecret = ask("app-secret", get("app-secret"), `the ${label} app's secret`, needs?.secret);
  const redirectUri = ask("redirect-uri", text2("redirect-uri"), `the exact redirect URI registered for your ${label} app`, needs?.redirect);
  if (needs?.redirect && redirectUri && !isRedirectUri(redirectUri, provider)) {
    const loopback = provider.loopbackRedirect ? " (or a loopback http://127.0.0.1:PORT/\u2026 address)" : "";
    problem("redirect-uri", `must be the https:// address${loopback} registered for your ${label} app, character for character.`);
  }
  return { appId, appSecret, redirectUri };
}
function isRedirectUri(value, provider) {
  if (/^https:\/\/[^\s]+$/i.test(value)) return true;
  if (!provider.loopbackRedirect || !/^http:\/\/[^\s]+$/i.test(value)) return false;
  try {
    return isLoopbackHost(new URL(value).hostname);
  } catch {
    return false;
  }
}

// src/github/targets.ts
var VISIBILITIES = ["all", "private", "selected"];
var SECRET_TYPES = ["actions", "dependabot"];

// src/setup/destination.ts
var OWNER_RULE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
var REPO_RULE = /^[A-Za-z0-9._-]+$/;
function isRepositoryName(repo) {
  return REPO_RULE.test(repo) && repo !== "." && repo !== "..";
}
function readDestination(fields, env) {
  const { text: text2, list, problem } = fields;
  const types = list("secret-type");
  for (const type of types.filter((type2) => !SECRET_TYPES.includes(type2))) {
    problem("secret-type", `names ${quoted(type)}: write actions, dependabot, or both (actions, dependabot).`, type);
  }
  const secretTypes = types.length === 0 ? ["actions"] : SECRET_TYPES.filter((type) => types.includes(type));
  const environment = text2("environment");
  if (environment === "." || environment === "..") {
    problem("environment", `is ${quoted(environment)}, which a URL path would swallow: give the environment's name.`, environment);
  }
  if (environment && secretTypes.includes("dependabot")) {
    problem("environment", `cannot be used with secret-type dependabot: Dependabot secrets have no environments.`);
  }
  const org = text2("organization");
  const targets = org ? [readOrganization(fields, org, environment)] : readRepositories(fields, env, environment);
  return { secretTypes, targets };
}
function readOrganization({ text: text2, list, problem }, org, environment) {
  if (!OWNER_RULE.test(org)) problem("organization", `is ${quoted(org)}: write the organization's login, for example octo-org.`, org);
  if (environment) problem("environment", `cannot be used with 'organization': organization secrets have no environments.`);
  const visibility = text2("visibility") || "private";
  if (!VISIBILITIES.includes(visibility)) problem("visibility", `is ${quoted(visibility)}: write all, private or selected.`, visibility);
  const prefix = `${org.toLowerCase()}/`;
  const selected = list("selected-repositories").map((name) => name.toLowerCase().startsWith(prefix) ? name.slice(prefix.length) : name);
  for (const name of new Set(selected.filter((name2) => !isRepositoryName(name2)))) {
    problem(
      "selected-repositories",
      `names ${quoted(name)}: give repository names of that organization, one a line or comma-separated.`,
      name
    );
  }
  if (visibility === "selected" && selected.length === 0) {
    problem("selected-repositories", `is empty, but visibility is selected: name the repositories that may use the secret.`);
  }
  if (visibility !== "selected" && selected.length > 0) {
    problem("selected-repositories", `is given, but visibility is not selected: set visibility to selected, or leave the list empty.`);
  }
  return { kind: "organization", org, visibility, selectedRepositories: selected };
}
function readRepositories({ list, problem }, env, environment) {
  const given = list("repository");
  const repositories = given.length > 0 ? given : splitList(env.GITHUB_REPOSITORY ?? "");
  if (repositories.length === 0) problem("repository", `is empty and GITHUB_REPOSITORY is not set: write it as owner/name.`);
  const targets = [];
  for (const repository of repositories) {
    const [owner = "", repo = "", ...rest] = repository.split("/");
    if (!OWNER_RULE.test(owner) || !isRepositoryName(repo) || rest.length > 0) {
      problem("repository", `has ${quoted(repository)}: write each as owner/name, for example octocat/hello-world.`, repository);
      continue;
    }
    targets.push(environment ? { kind: "repository", owner, repo, environment } : { kind: "repository", owner, repo });
  }
  return targets;
}

// src/setup/upkeep-inputs.ts
function readUpkeep(fields, env, { provider, secretName, refreshTokenSecret, variables, app, apiUrl }) {
  const { get, flag, problem } = fields;
  const keepScheduleAlive = flag("keep-schedule-alive");
  const keepAliveWorkflows = readWorkflowFiles(fields);
  const failureIssue = flag("failure-issue");
  const workflowToken = get("workflow-token") || (env.GITHUB_TOKEN ?? "").trim();
  if ((keepScheduleAlive || keepAliveWorkflows.length > 0 || failureIssue) && !workflowToken) {
    problem(
      "workflow-token",
      `is empty: keep-schedule-alive, keep-alive-workflows and failure-issue need the workflow's token (the default, \${{ github.token }}).`
    );
  }
  const { appId, redirectUri } = app;
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const appKnown = authorizes(provider) && provider.appId.valid(appId) && isRedirectUri(redirectUri, provider);
  const appIdPublic = /^\d+$/.test(appId);
  return {
    keepScheduleAlive,
    keepAliveWorkflows,
    failureIssue,
    workflowToken,
    // The workflow's token belongs to the server running the workflow, whatever github-api-url names.
    apiUrl,
    context: {
      owner,
      repo,
      workflowRef: env.GITHUB_WORKFLOW_REF,
      workflowName: env.GITHUB_WORKFLOW,
      runId: env.GITHUB_RUN_ID,
      runUrl: env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : void 0,
      service: provider.label,
      // The secret the issues speak of: the token's, or where only a refresh token is kept, its.
      secretName: secretName ? secretLabel(secretName, provider.defaultSecretName) : secretLabel(refreshTokenSecret ?? "", provider.defaultRefreshTokenSecret),
      typedNames: [
        { name: secretName, defaultName: provider.defaultSecretName },
        { name: refreshTokenSecret, defaultName: provider.defaultRefreshTokenSecret },
        ...variables.map((name) => ({ name }))
      ],
      authorizeUrl: appKnown && appIdPublic ? authorizeUrl(provider, appId, redirectUri) : void 0,
      codeLife: provider.words.codeLife,
      guide: provider.words.guide,
      expiry: provider.expiry,
      loginCommand: appKnown && owner && repo ? loginCommand(provider, appIdPublic ? shellQuoted(appId) : "<your-app-id>", redirectUri, `${owner}/${repo}`) : void 0,
      // A code cannot be given to a manual run where PKCE binds it to its login, or no authorize page is known.
      ...provider.authorize && !provider.authorize.pkce ? {} : { authorizeAgain: provider.words.authorizeAgain ?? "authorize again at the service" }
    }
  };
}
function readWorkflowFiles({ list, problem }) {
  const files = list("keep-alive-workflows").map((item) => item.replace(/^\.?\/?\.github\/workflows\//, ""));
  for (const file of new Set(files.filter((file2) => !/^[^/\\]+\.ya?ml$/i.test(file2) || /^\.+\./.test(file2)))) {
    problem(
      "keep-alive-workflows",
      `names ${quoted(file)}: give the file name of a workflow of this repository, for example post.yml.`,
      file
    );
  }
  return files;
}
var shellQuoted = (value) => `'${value.replace(/'/g, "'\\''")}'`;
function loginCommand(provider, appIdArgument, redirectUri, repository) {
  const flags = [
    ...provider.name === "threads" ? [] : ["--provider", provider.name],
    "--app-id",
    appIdArgument,
    "--redirect-uri",
    shellQuoted(redirectUri),
    "--repo",
    shellQuoted(repository)
  ];
  return `npx github:threads-token-keeper/threads-token-keeper login ${flags.join(" ")}`;
}

// src/setup/inputs.ts
var DEFAULT_GITHUB_API_URL = "https://api.github.com";
function readInputs(getInput, env, { credential: needed = true } = {}) {
  const fields = createFields(getInput);
  const { text: text2 } = fields;
  const provider = readProvider(fields);
  const { credential, app } = readCredential(fields, provider, needed);
  const githubToken = fields.required(
    "github-token",
    fields.get("github-token"),
    "to write the secret: a fine-grained token with 'Secrets: read and write' on the repository (the workflow's own GITHUB_TOKEN cannot write secrets)"
  );
  const { targets, secretTypes } = readDestination(fields, env);
  const givenName = text2("secret-name") || provider.defaultSecretName;
  const secretName = givenName ? fields.name("secret-name", givenName, "secret") : void 0;
  const refreshTokenSecret = readRefreshTokenSecret(fields, provider);
  if (secretName && secretName === refreshTokenSecret) {
    fields.sentence(
      "secret-name",
      "Inputs 'secret-name' and 'refresh-token-secret' name the same secret: the token would overwrite the refresh token. Give them different names."
    );
  }
  const dryRun2 = fields.flag("dry-run");
  const runnerApiUrl = (env.GITHUB_API_URL ?? "").trim() || DEFAULT_GITHUB_API_URL;
  const variables = readVariables(fields, provider);
  const typedVariables = [variables.userIdVariable, variables.expiresAtVariable];
  const upkeep = readUpkeep(fields, env, { provider, secretName, refreshTokenSecret, variables: typedVariables, app, apiUrl: runnerApiUrl });
  const urls = readUrls(fields, provider, runnerApiUrl);
  const pageId = readPageId(fields, provider);
  const endpoint2 = readTokenEndpoint(fields, provider, needed);
  const request2 = {
    service: provider.label,
    credential,
    ...secretName ? { secretName } : {},
    ...refreshTokenSecret ? { refreshTokenSecret } : {},
    ...variables,
    expiry: provider.expiry,
    dryRun: dryRun2
  };
  const settings = {
    provider,
    request: request2,
    githubToken,
    targets,
    secretTypes,
    ...urls,
    providerSettings: { app, pageId, ...endpoint2 }
  };
  return fields.problems.length === 0 ? { settings, problems: [], upkeep } : { problems: fields.problems, upkeep };
}
function readRefreshTokenSecret(fields, provider) {
  const given = fields.text("refresh-token-secret");
  if (!provider.credentials.refreshToken) {
    if (given) fields.problem("refresh-token-secret", `is not used for ${provider.label}: it grants no refresh tokens.`);
    return void 0;
  }
  const name = given || provider.defaultRefreshTokenSecret;
  if (!name) {
    fields.required(
      "refresh-token-secret",
      "",
      "for this provider: the secret the refresh token is read from and written back to, as the workflow's refresh-token input reads it"
    );
    return void 0;
  }
  return fields.name("refresh-token-secret", name, "secret");
}
var CLIENT_AUTH = ["client-secret-basic", "client-secret-post"];
function readTokenEndpoint(fields, provider, needed) {
  const { text: text2, problem, required } = fields;
  const given = { tokenUrl: text2("token-url"), clientAuth: text2("client-auth"), scope: text2("scope") };
  if (!provider.tokenEndpointInputs) {
    for (const input of ["token-url", "client-auth", "scope"])
      if (text2(input)) problem(input, `is only for provider oauth2, not ${provider.name}.`);
    return {};
  }
  const why = "for provider oauth2: the service's token endpoint, such as https://auth.example.com/oauth/token";
  const tokenUrl = needed ? required("token-url", given.tokenUrl, why) : given.tokenUrl;
  const clientAuth = given.clientAuth || "client-secret-basic";
  if (!CLIENT_AUTH.includes(clientAuth)) problem("client-auth", "must be client-secret-basic or client-secret-post.", given.clientAuth);
  return {
    ...tokenUrl ? { tokenUrl: tokenEndpointUrl(fields, tokenUrl) } : {},
    clientAuth,
    ...given.scope ? { scope: given.scope } : {}
  };
}
function tokenEndpointUrl({ problem }, value) {
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    problem("token-url", "is not a URL: give the token endpoint, such as https://auth.example.com/oauth/token.");
    return value;
  }
  const loopback = parsed.protocol === "http:" && isLoopbackHost(parsed.hostname);
  if (parsed.protocol !== "https:" && !loopback) problem("token-url", "must use https:// (plain http:// is accepted only for localhost).");
  else if (parsed.username || parsed.password || parsed.hash)
    problem("token-url", "must be the endpoint alone, without credentials or fragment.");
  return parsed.href;
}
function readPageId({ text: text2, problem }, provider) {
  const pageId = text2("page-id");
  if (!pageId) return void 0;
  if (provider.name !== "facebook") problem("page-id", `is only for provider facebook, not ${provider.name}.`);
  else if (!/^\d{1,30}$/.test(pageId))
    problem("page-id", "must be the Page's numeric id (the list a run gives names each Page with its id).");
  return pageId;
}
function readAuthorization(getInput) {
  const fields = createFields(getInput);
  const provider = readProvider(fields);
  const { appId, redirectUri } = readApp(fields, provider, {
    why: "to build the authorize address",
    id: true,
    redirect: true,
    secret: false
  });
  if (!authorizes(provider)) {
    fields.problem("provider", "has no authorize page the action knows: authorize at the service, then give its refresh-token.");
    return { problems: fields.problems };
  }
  const authorization = { provider, appId, redirectUri };
  return fields.problems.length === 0 ? { authorization, problems: [] } : { problems: fields.problems };
}
function readProvider({ text: text2, problem }) {
  const name = text2("provider") || DEFAULT_PROVIDER.name;
  const provider = providerNamed(name);
  if (!provider) problem("provider", `is ${quoted(name)}: write ${providerChoices()}.`, name);
  return provider ?? DEFAULT_PROVIDER;
}
function readUrls(fields, provider, runnerApiUrl) {
  const { text: text2, url } = fields;
  const given = (input) => text2(input) ? url(input, text2(input)) : void 0;
  const legacy = new Map(
    PROVIDERS.flatMap(({ legacyUrlInputs }) => Object.values(legacyUrlInputs ?? {})).map((input) => [input, given(input)])
  );
  const override = given("api-url");
  const own = provider.legacyUrlInputs;
  const apiUrl = override ?? (own && legacy.get(own.api)) ?? provider.hosts.api;
  const oauthUrl = override ?? (own?.oauth && legacy.get(own.oauth)) ?? provider.hosts.oauth ?? apiUrl;
  return { apiUrl, oauthUrl, githubApiUrl: url("github-api-url", text2("github-api-url") || runnerApiUrl) };
}
function readVariables({ text: text2, name, sentence: sentence2, problem }, provider) {
  const userId = text2("user-id-variable");
  const expiresAt = text2("expires-at-variable");
  if (expiresAt && provider.expiry === "never") {
    problem(
      "expires-at-variable",
      `has nothing to keep for ${provider.label}: its tokens never expire (they may only be invalidated, which a check finds).`
    );
  }
  const variables = {
    ...userId ? { userIdVariable: name("user-id-variable", userId, "variable") } : {},
    ...expiresAt ? { expiresAtVariable: name("expires-at-variable", expiresAt, "variable") } : {}
  };
  if (variables.userIdVariable && variables.userIdVariable === variables.expiresAtVariable) {
    sentence2("user-id-variable", `Inputs 'user-id-variable' and 'expires-at-variable' name the same variable: give them different names.`);
  }
  return variables;
}

// src/shared/http.ts
import { setMaxListeners } from "node:events";

// node_modules/is-network-error/index.js
var objectToString = Object.prototype.toString;
var isError = (value) => objectToString.call(value) === "[object Error]";
var errorMessages = /* @__PURE__ */ new Set([
  "network error",
  // Chrome
  "NetworkError when attempting to fetch resource.",
  // Firefox
  "The Internet connection appears to be offline.",
  // Safari 16
  "Network request failed",
  // `cross-fetch`
  "fetch failed",
  // Undici (Node.js)
  "terminated",
  // Undici (Node.js)
  " A network error occurred.",
  // Bun (WebKit)
  "Network connection lost"
  // Cloudflare Workers (fetch)
]);
function isNetworkError(error) {
  const isValid = error && isError(error) && error.name === "TypeError" && typeof error.message === "string";
  if (!isValid) {
    return false;
  }
  const { message, stack } = error;
  if (message === "Load failed" || message.startsWith("Load failed (") && message.endsWith(")")) {
    return stack === void 0 || "__sentry_captured__" in error;
  }
  if (message.startsWith("error sending request for url")) {
    return true;
  }
  if (message === "Failed to fetch" || message.startsWith("Failed to fetch (") && message.endsWith(")")) {
    return true;
  }
  return errorMessages.has(message);
}

// node_modules/p-retry/index.js
function validateRetries(retries) {
  if (typeof retries === "number") {
    if (retries < 0) {
      throw new TypeError("Expected `retries` to be a non-negative number.");
    }
    if (Number.isNaN(retries)) {
      throw new TypeError("Expected `retries` to be a valid number or Infinity, got NaN.");
    }
  } else if (retries !== void 0) {
    throw new TypeError("Expected `retries` to be a number or Infinity.");
  }
}
function validateNumberOption(name, value, { min = 0, allowInfinity = false } = {}) {
  if (value === void 0) {
    return;
  }
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? " or Infinity" : ""}.`);
  }
  if (!allowInfinity && !Number.isFinite(value)) {
    throw new TypeError(`Expected \`${name}\` to be a finite number.`);
  }
  if (value < min) {
    throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
  }
}
var AbortError = class extends Error {
  constructor(message) {
    super();
    if (message instanceof Error) {
      this.originalError = message;
      ({ message } = message);
    } else {
      this.originalError = new Error(message);
      this.originalError.stack = this.stack;
    }
    this.name = "AbortError";
    this.message = message;
  }
};
function calculateDelay(retriesConsumed, options) {
  const attempt2 = Math.max(1, retriesConsumed + 1);
  const random = options.randomize ? Math.random() + 1 : 1;
  let timeout = Math.round(random * options.minTimeout * options.factor ** (attempt2 - 1));
  timeout = Math.min(timeout, options.maxTimeout);
  return timeout;
}
function calculateRemainingTime(start, max) {
  if (!Number.isFinite(max)) {
    return max;
  }
  return max - (performance.now() - start);
}
async function onAttemptFailure({ error, attemptNumber, retriesConsumed, startTime, options }) {
  const normalizedError = error instanceof Error ? error : new TypeError(`Non-error was thrown: "${error}". You should only throw errors.`);
  if (normalizedError instanceof AbortError) {
    throw normalizedError.originalError;
  }
  const retriesLeft = Number.isFinite(options.retries) ? Math.max(0, options.retries - retriesConsumed) : options.retries;
  const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;
  const context = Object.freeze({
    error: normalizedError,
    attemptNumber,
    retriesLeft,
    retriesConsumed
  });
  await options.onFailedAttempt(context);
  if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
    throw normalizedError;
  }
  const consumeRetry = await options.shouldConsumeRetry(context);
  const remainingTime = calculateRemainingTime(startTime, maxRetryTime);
  if (remainingTime <= 0 || retriesLeft <= 0) {
    throw normalizedError;
  }
  if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
    if (consumeRetry) {
      throw normalizedError;
    }
    options.signal?.throwIfAborted();
    return false;
  }
  if (!await options.shouldRetry(context)) {
    throw normalizedError;
  }
  if (!consumeRetry) {
    options.signal?.throwIfAborted();
    return false;
  }
  const delayTime = calculateDelay(retriesConsumed, options);
  const finalDelay = Math.min(delayTime, remainingTime);
  options.signal?.throwIfAborted();
  if (finalDelay > 0) {
    await new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timeoutToken);
        options.signal?.removeEventListener("abort", onAbort);
        reject(options.signal.reason);
      };
      const timeoutToken = setTimeout(() => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve();
      }, finalDelay);
      if (options.unref) {
        timeoutToken.unref?.();
      }
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  options.signal?.throwIfAborted();
  return true;
}
async function pRetry(input, options = {}) {
  options = { ...options };
  validateRetries(options.retries);
  if (Object.hasOwn(options, "forever")) {
    throw new Error("The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.");
  }
  options.retries ??= 10;
  options.factor ??= 2;
  options.minTimeout ??= 1e3;
  options.maxTimeout ??= Number.POSITIVE_INFINITY;
  options.maxRetryTime ??= Number.POSITIVE_INFINITY;
  options.randomize ??= false;
  options.onFailedAttempt ??= () => {
  };
  options.shouldRetry ??= () => true;
  options.shouldConsumeRetry ??= () => true;
  validateNumberOption("factor", options.factor, { min: 0, allowInfinity: false });
  validateNumberOption("minTimeout", options.minTimeout, { min: 0, allowInfinity: false });
  validateNumberOption("maxTimeout", options.maxTimeout, { min: 0, allowInfinity: true });
  validateNumberOption("maxRetryTime", options.maxRetryTime, { min: 0, allowInfinity: true });
  if (!(options.factor > 0)) {
    options.factor = 1;
  }
  options.signal?.throwIfAborted();
  let attemptNumber = 0;
  let retriesConsumed = 0;
  const startTime = performance.now();
  while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
    attemptNumber++;
    try {
      options.signal?.throwIfAborted();
      const result = await input(attemptNumber);
      options.signal?.throwIfAborted();
      return result;
    } catch (error) {
      if (await onAttemptFailure({
        error,
        attemptNumber,
        retriesConsumed,
        startTime,
        options
      })) {
        retriesConsumed++;
      }
    }
  }
  throw new Error("Retry attempts exhausted without throwing an error.");
}

// src/shared/fetch-shape.ts
function fetchShaped(retry, transport, debug) {
  const shaped = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = (init.method ?? "GET").toUpperCase();
    const headers = plainHeaders(init.headers);
    const body = typeof init.body === "string" ? init.body : void 0;
    const transientReplies = /* @__PURE__ */ new WeakMap();
    const attempt2 = async (signal) => {
      const either = heldSignal(void 0, init.signal ?? void 0, signal);
      const reply = await transport({ method, url, headers, body, signal: either.signal }).finally(either.release);
      debug(replyLine(method, url, reply));
      const verdict = judgeReply(reply.status, reply.headers);
      if (verdict.transient) {
        const error = new TransientError(`HTTP ${reply.status}`, verdict);
        transientReplies.set(error, reply);
        throw error;
      }
      if (reply.status < 300 && !isJsonOrEmpty(reply.text)) {
        throw new TransientError(`HTTP ${reply.status} with a reply that is not JSON`);
      }
      return reply;
    };
    const mayRepeat = method === "POST" ? surelyNotActedOn : void 0;
    try {
      return asResponse(await retry(`${method} ${describeUrl(url)}`, attempt2, mayRepeat), url);
    } catch (error) {
      const last = error instanceof TransientError ? transientReplies.get(error) : void 0;
      if (last) return asResponse(last, url);
      throw error;
    }
  };
  return shaped;
}
function isJsonOrEmpty(text2) {
  if (text2.trim() === "") return true;
  try {
    JSON.parse(text2);
    return true;
  } catch {
    return false;
  }
}
function plainHeaders(given) {
  const entries = given === void 0 || given === null ? [] : Symbol.iterator in Object(given) ? [...given] : Object.entries(given);
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), String(value)]));
}
function asResponse(reply, url) {
  const entries = new Map(Object.entries(reply.headers));
  return {
    ok: reply.status >= 200 && reply.status < 300,
    status: reply.status,
    statusText: "",
    url: url.href,
    headers: {
      get: (name) => entries.get(name.toLowerCase()) ?? null,
      has: (name) => entries.has(name.toLowerCase()),
      [Symbol.iterator]: () => entries.entries()
    },
    text: () => Promise.resolve(reply.text),
    json: () => Promise.resolve(JSON.parse(reply.text)),
    arrayBuffer: () => Promise.resolve(new TextEncoder().encode(reply.text).buffer)
  };
}

// src/shared/http.ts
var defaultRetryPolicy = {
  attempts: 4,
  timeoutMs: 1e4,
  minDelayMs: 500,
  maxDelayMs: 8e3,
  totalMs: 3e4,
  runMs: 5e4,
  cancelGraceMs: 5e3
};
var askedWait = (error) => error instanceof TransientError ? error.retryAfterMs : void 0;
function waitsEndAtCancel(cancelled, reason) {
  const waiting = new AbortController();
  let inFlight = false;
  const stop = () => {
    if (!inFlight) waiting.abort(reason());
  };
  cancelled?.addEventListener("abort", stop, { once: true });
  return {
    signal: waiting.signal,
    async during(work) {
      inFlight = true;
      try {
        return await work();
      } finally {
        inFlight = false;
      }
    },
    release: () => cancelled?.removeEventListener("abort", stop)
  };
}
function createHttp(policy, debug, transport = createTransport(), cancelled) {
  const runDeadline = Date.now() + policy.runMs;
  const grace = afterCancel(cancelled, policy.cancelGraceMs);
  setMaxListeners(0, ...[cancelled, grace].filter((signal) => signal !== void 0));
  async function retry(what, attempt2, mayRepeat = (_) => true) {
    const started = Date.now();
    const deadline = Math.min(started + policy.totalMs, runDeadline);
    let lastFault;
    const waits = waitsEndAtCancel(cancelled, () => lastFault);
    const tryOnce = async () => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new AbortError(lastFault ?? new TransientError("the time allowed for this run is spent"));
      const tryEnds = heldSignal(Math.min(policy.timeoutMs, remaining), grace);
      try {
        return await attempt2(tryEnds.signal);
      } catch (error) {
        if (!isRetriable(error) || !mayRepeat(error)) throw new AbortError(error);
        lastFault = error;
        throw error;
      } finally {
        tryEnds.release();
      }
    };
    try {
      return await pRetry(() => waits.during(tryOnce), {
        retries: policy.attempts - 1,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        maxRetryTime: Math.max(0, deadline - started),
        signal: waits.signal,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          const left = Math.max(0, policy.attempts - attemptNumber);
          debug(`${what}: try ${attemptNumber} failed (${describeFault(error)}); ${left} left`);
          if (cancelled?.aborted) throw error;
          const wait = askedWait(error);
          if (wait === void 0 || left === 0) return;
          if (Math.min(wait, policy.maxDelayMs) >= deadline - Date.now()) throw error;
          await sleep(Math.min(wait, policy.maxDelayMs), waits.signal);
        },
        // The server's wait replaces the back-off rather than adding to it: such a try does not
        // consume one of p-retry's retries (whose delay would follow), so shouldRetry counts the tries.
        shouldConsumeRetry: ({ error }) => askedWait(error) === void 0,
        shouldRetry: ({ attemptNumber }) => attemptNumber < policy.attempts
      });
    } finally {
      waits.release();
    }
  }
  return { policy, retry, fetch: fetchShaped(retry, transport, debug), transport };
}
function policyFromEnv(env, base = defaultRetryPolicy) {
  const scale = timeScale(env);
  if (scale === 1) return base;
  const scaled = (ms) => Math.max(1, Math.round(ms * scale));
  return {
    attempts: base.attempts,
    timeoutMs: scaled(base.timeoutMs),
    minDelayMs: scaled(base.minDelayMs),
    maxDelayMs: scaled(base.maxDelayMs),
    totalMs: scaled(base.totalMs),
    runMs: scaled(base.runMs),
    cancelGraceMs: scaled(base.cancelGraceMs)
  };
}
function timeScale(env) {
  const scale = Number(env.THREADS_TOKEN_KEEPER_TIME_SCALE);
  return Number.isFinite(scale) && scale > 0 && scale < 1 ? scale : 1;
}
function pauseFromEnv(env, cancelled) {
  const scale = timeScale(env);
  return (ms) => sleep(Math.round(ms * scale), cancelled);
}

export {
  describeProblem,
  describeProblemPublicly,
  GitHubError,
  heldSignal,
  bestEffort,
  isoSeconds,
  daysUntil,
  whenWithDays,
  capital,
  explain,
  account,
  needsHuman,
  describeFailure,
  accountOfFailure,
  storedTokenExpiry,
  keepToken,
  oneLine,
  html,
  forTerminal,
  createRedactor,
  proxyCredentials,
  createTransport,
  PROVIDERS,
  DEFAULT_PROVIDER,
  providerNamed,
  providerChoices,
  authorizeUrl,
  connect,
  connectUpkeep,
  isLoopbackHost,
  createFields,
  readRedirect,
  CREDENTIAL_INPUTS,
  readInputs,
  readAuthorization,
  createHttp,
  policyFromEnv,
  timeScale,
  pauseFromEnv
};
