import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  CREDENTIAL_INPUTS,
  account,
  accountOfFailure,
  bestEffort,
  connect,
  connectUpkeep,
  createHttp,
  createRedactor,
  createTransport,
  describeFailure,
  describeProblem,
  describeProblemPublicly,
  explain,
  html,
  isoSeconds,
  keepToken,
  needsHuman,
  oneLine,
  pauseFromEnv,
  policyFromEnv,
  proxyCredentials,
  readInputs,
  readRedirect,
  storedTokenExpiry,
  whenWithDays
} from "./chunks/chunk-E5NZYUGU.js";
import "./chunks/chunk-PY5VAGIZ.js";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input2) {
  if (input2 === null || input2 === void 0) {
    return "";
  } else if (typeof input2 === "string" || input2 instanceof String) {
    return input2;
  }
  return JSON.stringify(input2);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os3 from "os";

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os3.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os3.EOL);
}

// src/action/report.ts
function setOutputs(outcome, context = {}) {
  setWriterTokenOutput(context);
  setOutput("flow", outcome.flow);
  if (outcome.secretName) setOutput("secret-name", outcome.secretName);
  setOutput("targets", JSON.stringify(outcome.targets));
  if (outcome.userId) setOutput("user-id", outcome.userId);
  if (outcome.username) setOutput("username", outcome.username);
  if (outcome.expiresIn !== void 0) setOutput("expires-in", String(outcome.expiresIn));
  if (outcome.expiresAt) setOutput("expires-at", outcome.expiresAt);
  if (outcome.refreshTokenExpiresAt) setOutput("refresh-token-expires-at", outcome.refreshTokenExpiresAt);
  if (outcome.dataAccessExpiresAt) setOutput("data-access-expires-at", outcome.dataAccessExpiresAt);
  if (outcome.accessToken) setOutput("access-token", outcome.accessToken);
}
var UNCHANGED = {
  dryRun: "dry run, unchanged",
  checked: "checked, not written: nothing renews it",
  other: "not written"
};
function describeOutcome(outcome, now, context = {}) {
  const rows = [["Flow", outcome.dryRun ? `${outcome.flow} (dry run: nothing changed)` : outcome.flow]];
  const unchanged = outcome.skipReason ? `unchanged: ${outcome.skipReason}` : outcome.dryRun ? UNCHANGED.dryRun : outcome.flow === "checked" ? UNCHANGED.checked : UNCHANGED.other;
  for (const { target, secret, status } of outcome.targets) {
    rows.push(["Secret", status === "unchanged" ? `${secret} in ${target} (${unchanged})` : `${secret} ${status} in ${target}`]);
  }
  if (outcome.userId) rows.push(["User", `${outcome.username ? `@${outcome.username} ` : ""}(id ${outcome.userId})`]);
  if (outcome.expiresAt) rows.push(["Token expires", whenWithDays(new Date(outcome.expiresAt), now)]);
  if (outcome.refreshTokenExpiresAt) rows.push(["Refresh token ends", whenWithDays(new Date(outcome.refreshTokenExpiresAt), now)]);
  if (outcome.dataAccessExpiresAt) rows.push(["Data access ends", whenWithDays(new Date(outcome.dataAccessExpiresAt), now)]);
  for (const { target, name, status } of outcome.variables) rows.push(["Variable", `${name} ${status} in ${target}`]);
  return [...rows, ...writerTokenRows(context, now)];
}
function setWriterTokenOutput({ writerTokenExpiresAt }) {
  if (writerTokenExpiresAt) setOutput("github-token-expires-at", isoSeconds(writerTokenExpiresAt));
}
function writerTokenRows({ writerTokenExpiresAt }, now) {
  return writerTokenExpiresAt ? [["GitHub token expires", whenWithDays(writerTokenExpiresAt, now)]] : [];
}
var say = (text) => info(oneLine(text));
var sayRows = (rows) => {
  for (const [label, value] of rows) say(`${label}: ${value}`);
};
var storeByHandIntro = ({ target, kind }) => `The new ${kind}, sealed with the public key of ${target} (only GitHub can open it). Store it with:`;
var hasSummary = () => !!process.env.GITHUB_STEP_SUMMARY;
async function report(outcome, context, now) {
  for (const handed of outcome.storeByHand) {
    say(storeByHandIntro(handed));
    say(handed.command);
  }
  setOutputs(outcome, context);
  const rows = describeOutcome(outcome, now, context);
  sayRows(rows);
  for (const note of outcome.warnings) warning(note);
  if (!hasSummary()) return;
  const heading = outcome.storeByHand.length > 0 ? "Token obtained but not stored everywhere" : outcome.dryRun ? "Token check (dry run)" : "Token kept";
  addTable(heading, rows);
  const notes = outcome.warnings.concat(outcome.failures);
  if (notes.length > 0) summary.addList(notes.map(html));
  for (const handed of outcome.storeByHand) {
    summary.addRaw(html(storeByHandIntro(handed)), true).addCodeBlock(html(handed.command), "sh");
  }
  await summary.write();
}
async function reportFailure(message, { storedExpiresAt, expiry, ...context }, now) {
  setWriterTokenOutput(context);
  const unknown = {
    dated: "unknown (keep one with the expires-at-variable input)",
    never: "never, but it may be invalidated at any time",
    hours: void 0
  }[expiry];
  const stored = storedExpiresAt ? whenWithDays(storedExpiresAt, now) : unknown;
  const rows = [
    ...stored ? [["Stored token expires", stored]] : [],
    ...writerTokenRows(context, now)
  ];
  sayRows(rows);
  if (!hasSummary()) return;
  addTable("Token not renewed", rows);
  summary.addList([html(message)]);
  await summary.write();
}
function addTable(heading, rows) {
  summary.addHeading(heading, 3).addTable([
    [
      { data: "What", header: true },
      { data: "Result", header: true }
    ],
    ...rows.map((row) => row.map(html))
  ]);
}

// src/action/main.ts
async function run(env = process.env) {
  const redactor = createRedactor(setSecret);
  const debug2 = (message) => debug(redactor.redact(message));
  const cancel = listenForCancel();
  try {
    for (const name of CREDENTIAL_INPUTS) redactor.mask(rawInput(name));
    redactor.mask(env.GITHUB_TOKEN ?? "");
    redactor.mask(readRedirect(rawInput("authorization-code")).code);
    for (const credential of proxyCredentials(env)) redactor.mask(credential);
    const http = createHttp(policyFromEnv(env), debug2, createTransport(env), cancel.signal);
    const { settings, problems, upkeep: upkeepSettings } = readInputs(input, env);
    const upkeep = connectUpkeep(upkeepSettings, { http, debug: debug2 }, (message) => warning(message));
    if (settings) {
      const workflowsKept = settings.request.dryRun ? Promise.resolve() : upkeep.keepWorkflowsAlive();
      upkeep.lookAhead();
      const connection = connect(settings, { http, mask: redactor.mask, debug: debug2 });
      await keepAndReport(settings.request, {
        connection,
        upkeep,
        redactor,
        cancelled: cancel.signal,
        pause: pauseFromEnv(env, cancel.signal)
      });
      await bestEffort(cancel.signal, () => workflowsKept);
      return;
    }
    for (const problem of problems) error(redactor.redact(describeProblem(problem)));
    process.exitCode = 1;
    const told = problems.map((problem) => redactor.redact(describeProblemPublicly(problem)));
    await upkeep.failed({ account: told.join(" "), humanNeeded: true, storedExpiresAt: void 0 });
  } catch (error2) {
    setFailed(redactor.redact(explain(error2)));
  } finally {
    cancel.stop();
  }
}
function listenForCancel() {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  const signals = ["SIGINT", "SIGTERM"];
  for (const name of signals) process.on(name, cancel);
  return {
    signal: controller.signal,
    stop() {
      if (controller.signal.aborted) {
        process.exitCode ||= 1;
        setImmediate(() => process.exit());
        return;
      }
      for (const name of signals) process.off(name, cancel);
    }
  };
}
async function keepAndReport(request, { connection, upkeep, redactor, cancelled, pause }) {
  const { expiry = "dated" } = request;
  const info2 = (message) => info(oneLine(redactor.redact(message)));
  const failed = async ({ message, account: account2, humanNeeded, reported, storedExpiresAt: known }) => {
    process.exitCode = 1;
    const storedExpiresAt = known ?? (cancelled.aborted || expiry === "hours" ? void 0 : await storedTokenExpiry(request, connection));
    if (!reported)
      await reportFailure(message, { storedExpiresAt, expiry, writerTokenExpiresAt: connection.writerToken().expiresAt }, /* @__PURE__ */ new Date());
    await bestEffort(cancelled, () => upkeep.failed({ account: redactor.redact(account2), humanNeeded, storedExpiresAt }));
  };
  try {
    const runAskedAt = () => upkeep.runAskedAt();
    const outcome = await keepToken(request, { ...connection, now: () => /* @__PURE__ */ new Date(), pause, info: info2, cancelled, runAskedAt });
    const failures = outcome.failures.map((failure2) => redactor.redact(describeFailure(failure2)));
    const writerTokenExpiresAt = connection.writerToken().expiresAt;
    await report({ ...outcome, warnings: outcome.warnings.map(redactor.redact), failures }, { writerTokenExpiresAt }, /* @__PURE__ */ new Date());
    for (const failure2 of failures) error(failure2);
    const stored = outcome.targets.filter((target) => target.status === "created" || target.status === "updated");
    const checked = outcome.flow === "checked" && !outcome.dryRun;
    const known = checked || stored.length === outcome.targets.length;
    const keptUntil = expiry === "hours" ? outcome.refreshTokenExpiresAt : outcome.expiresAt;
    const storedExpiresAt = known && keptUntil ? new Date(keptUntil) : void 0;
    const failure = {
      message: failures.join(" "),
      account: outcome.failures.map(accountOfFailure).join(" "),
      humanNeeded: outcome.humanNeeded,
      reported: true,
      storedExpiresAt
    };
    const { attention } = outcome;
    if (failures.length > 0) await failed(failure);
    else if (attention)
      await bestEffort(
        cancelled,
        () => upkeep.failed({ account: redactor.redact(attention), humanNeeded: true, storedExpiresAt, notice: true })
      );
    else if ((stored.length > 0 || outcome.accessToken !== void 0 || checked) && !outcome.dryRun) {
      await bestEffort(cancelled, () => upkeep.renewed(checked));
    }
    const { dataAccessExpiresAt } = outcome;
    if (dataAccessExpiresAt) await bestEffort(cancelled, () => upkeep.watchDataAccess(dataAccessExpiresAt));
  } catch (error2) {
    const message = redactor.redact(explain(error2));
    setFailed(message);
    await failed({ message, account: account(error2), humanNeeded: needsHuman(error2), reported: false });
  }
  const writer = connection.writerToken();
  if (writer.answered) await bestEffort(cancelled, () => upkeep.watchWriterToken(writer.expiresAt));
}
function rawInput(name) {
  return getInput(name, { trimWhitespace: false });
}
function input(name) {
  return rawInput(name).trim();
}

// src/index.ts
await run();
