/**
 * Help text generated from the command specs: every flag with its description, default, range
 * and unit. Hidden commands are left out of listings.
 *
 * @module
 */
import type { EngineCli, EngineCommand, Json } from "./command.ts";
import { commandParams, INTERFACE_FLAGS, runFlags } from "./invocation.ts";
import { allowedText, type ParamSpec } from "./spec.ts";

const shown = (v: Json | undefined): string =>
  v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);

/**
 * The commands of an engine that `--help` lists (hidden ones left out), in declaration order.
 *
 * @example
 * ```ts ignore
 * console.log(listedCommands(cli));
 * ```
 */
export const listedCommands = (engine: EngineCli): string[] =>
  Object.entries(engine.commands).filter(([, c]) => !c.hidden).map(([n]) => n);

const kindLine = (cmd: EngineCommand): string => {
  if (cmd.kind === "function") return "one-shot command";
  const p = cmd.process;
  const unit = p.unit ?? "step";
  return `stepping process (${unit === "step" ? "" : `one step = one ${unit}; `}${
    p.length ? "length set by the config" : `default ${p.defaultSteps} ${unit}s`
  }); resumable with resume <dir>`;
};

const paramLine = (p: ParamSpec): string[] => {
  const head = `  --${p.flag} ${
    p.kind === "boolean" ? "[true|false]" : p.kind === "choice" ? "<choice>" : "<value>"
  }`;
  const facts = [
    allowedText(p),
    p.unit ? `unit ${p.unit}` : "",
    p.default !== undefined ? `default ${shown(p.default)}` : "",
  ].filter(Boolean).join("; ");
  return [head, `      ${p.description}${p.description ? " — " : ""}${facts}`];
};

/**
 * Help of one command: what it is, its parameters (every config field) and its run flags.
 *
 * @example
 * ```ts ignore
 * console.log(commandHelp(cli, "run"));
 * ```
 */
export const commandHelp = (engine: EngineCli, name: string): string => {
  const cmd = engine.commands[name];
  const lines = [
    `np ${engine.name} ${name} — ${cmd.description}`,
    `(${kindLine(cmd)})`,
    "",
  ];
  const params = commandParams(cmd);
  if (params.length > 0) {
    lines.push("parameters (also settable in --config file.json):");
    for (const p of params) lines.push(...paramLine(p));
    lines.push("");
  }
  lines.push("run flags:");
  for (const f of runFlags(cmd)) {
    if (f.notApplicable) continue;
    const facts = [f.unit ? `unit ${f.unit}` : "", f.default ? `default ${f.default}` : ""]
      .filter(Boolean).join("; ");
    lines.push(`  --${f.name}${f.value ? ` ${f.value}` : ""}`);
    lines.push(`      ${f.description}${facts ? ` — ${facts}` : ""}`);
  }
  lines.push(`  ${INTERFACE_FLAGS.map((f) => `--${f}`).join(" ")}`);
  lines.push("      one JSON result on stdout / no progress / stack traces on errors / this help");
  return lines.join("\n");
};

/**
 * Help of one engine: its listed commands.
 *
 * @example
 * ```ts ignore
 * console.log(engineHelp(cli));
 * ```
 */
export const engineHelp = (engine: EngineCli): string => {
  const lines = [`np ${engine.name} (${engine.version}) — ${engine.description}`, "", "commands:"];
  for (const name of listedCommands(engine)) {
    lines.push(`  ${name.padEnd(20)} ${engine.commands[name].description}`);
  }
  lines.push(`  ${"resume <dir>".padEnd(20)} continue an interrupted run from its last checkpoint`);
  lines.push("", `np ${engine.name} <command> --help lists every flag of a command.`);
  return lines.join("\n");
};
