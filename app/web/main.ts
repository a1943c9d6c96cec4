/**
 * The playground page's main thread: it builds the controls from the catalogue the worker sends
 * (one per command parameter: flag, range, unit, description), keeps the run's flags in the
 * address bar, shows the CLI's validation line, the progress, the speed and the `stateHash`, and
 * inserts the figures the worker draws. Every computation happens in the worker
 * ({@link ./worker.ts}); this thread only draws.
 *
 * @module
 */
/// <reference lib="dom" />
import {
  type CatalogCommand,
  cliLine,
  type Flags,
  orderFlags,
  type ParamControl,
  parseQuery,
  queryOf,
} from "./flags.ts";
import type { FromPage, ToPage } from "./protocol.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (m: FromPage, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);

let commands: readonly CatalogCommand[] = [];
let current: CatalogCommand | undefined;
let flags: Record<string, string> = {};
let opened = false;
let running = false;
let finished = false;

const keyOf = (c: { engine: string; command: string }): string => `${c.engine} ${c.command}`;

const rangeText = (p: ParamControl): string => {
  if (p.choices) {
    return p.kind === "choice" ? p.choices.join(" | ") : `list of ${p.choices.join(", ")}`;
  }
  if (p.kind === "boolean") return "true | false";
  const lo = p.min === undefined ? "" : `${p.exclusiveMin ? "(" : "["}${p.min}`;
  const hi = p.max === undefined ? "" : `${p.max}]`;
  return lo || hi ? `${lo || "(−∞"}, ${hi || "∞)"}` : p.kind;
};

/** One labelled control; `onValue` receives the text as the CLI would take it. */
const controlRow = (
  flag: string,
  value: string,
  p: Partial<ParamControl> & { description: string },
): HTMLElement => {
  const row = document.createElement("label");
  row.className = "param";
  row.dataset.flag = flag;
  if (p.field) row.dataset.field = p.field;
  const name = document.createElement("span");
  name.className = "flag";
  name.textContent = `--${flag}`;
  let input: HTMLInputElement | HTMLSelectElement;
  const choices = p.kind === "choice"
    ? p.choices
    : p.kind === "boolean"
    ? ["true", "false"]
    : undefined;
  if (choices) {
    const sel = document.createElement("select");
    for (const c of choices) sel.add(new Option(c, c));
    sel.value = value;
    input = sel;
  } else {
    const inp = document.createElement("input");
    inp.value = value;
    inp.placeholder = p.default ?? "";
    inp.spellcheck = false;
    input = inp;
  }
  input.name = flag;
  input.addEventListener("change", () => setFlag(flag, input.value, p.default));
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = [p.kind ? rangeText(p as ParamControl) : "", p.unit ?? ""].filter(Boolean)
    .join(" · ");
  const desc = document.createElement("span");
  desc.className = "desc";
  desc.textContent = p.description;
  row.append(name, input, meta, desc);
  row.title = p.description;
  return row;
};

const setFlag = (flag: string, value: string, dflt: string | undefined): void => {
  const keep = flag === "seed" || flag === current?.lengthFlag;
  if (value === "" || (!keep && value === dflt)) delete flags[flag];
  else flags[flag] = value;
  reopen();
};

const buildControls = (): void => {
  const c = current!;
  const box = $("params");
  box.replaceChildren();
  if (c.seeded) {
    box.append(controlRow("seed", flags.seed ?? "0", {
      kind: "int",
      min: 0,
      description: "PRNG seed (key) of the run",
      default: "0",
    }));
  }
  if (c.lengthFlag) {
    box.append(controlRow(c.lengthFlag, flags[c.lengthFlag] ?? "", {
      kind: "int",
      min: 0,
      unit: c.lengthFlag,
      description: `number of ${c.lengthFlag} to run`,
    }));
  }
  for (const p of c.params) box.append(controlRow(p.flag, flags[p.flag] ?? p.default, p));
  $("command-desc").textContent = `${c.engine} ${c.version}: ${c.description}`;
};

/** Address bar, CLI line and a fresh run from the current flags. */
const reopen = (): void => {
  const c = current!;
  flags = { ...orderFlags(c, flags) };
  history.replaceState(null, "", queryOf(c.engine, c.command, flags));
  $("cli").textContent = cliLine(c.engine, c.command, flags);
  opened = false;
  send({ type: "open", engine: c.engine, command: c.command, flags });
};

const select = (c: CatalogCommand, f?: Flags): void => {
  current = c;
  flags = { ...(f ?? c.start) };
  ($("command") as HTMLSelectElement).value = keyOf(c);
  buildControls();
  reopen();
};

const showError = (text: string, field?: string): void => {
  const box = $("error");
  box.textContent = text;
  box.hidden = text === "";
  for (const row of document.querySelectorAll<HTMLElement>(".param")) {
    row.classList.toggle(
      "bad",
      field !== undefined && (row.dataset.field === field || row.dataset.flag === field),
    );
  }
};

const buttons = (): void => {
  // a function command runs in one call: no pause, no single step, no run folder
  const fn = current?.kind === "function";
  ($("start") as HTMLButtonElement).disabled = !opened || running || finished;
  ($("pause") as HTMLButtonElement).disabled = !running || fn;
  ($("step") as HTMLButtonElement).disabled = !opened || running || finished || fn;
  ($("reset") as HTMLButtonElement).disabled = !opened;
  ($("export") as HTMLButtonElement).disabled = !opened || fn;
};

const fmtRate = (x: number | null, unit: string): string =>
  x === null
    ? ""
    : ` · ${x >= 100 ? Math.round(x).toLocaleString("en") : x.toPrecision(3)} ${unit}s/s`;

/** Draws one figure into its slot (created the first time, with the SVG's own size). */
const drawFigure = (id: string, svg: string): void => {
  const box = $("figures");
  let slot = box.querySelector<HTMLElement>(`[data-slot="${id}"]`);
  if (!slot) {
    slot = document.createElement("div");
    slot.className = "figure";
    slot.dataset.slot = id;
    // a fixed box (the SVG's own size), so redrawing it lays out nothing else
    const size = /width="(\d+)" height="(\d+)"/.exec(svg);
    slot.style.width = `${Number(size?.[1] ?? 460) + 2}px`;
    slot.style.height = `${Number(size?.[2] ?? 300) + 2}px`;
    box.append(slot);
  }
  slot.innerHTML = svg;
};

/** The next task of the page's event loop (a message, not a clamped timer). */
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });

/**
 * Draws a frame's figures one per task, so parsing and laying out several SVGs never adds up to
 * one long task on the main thread (the playground's budget is 50 ms a task).
 */
const drawFigures = async (figs: readonly { id: string; svg: string }[]): Promise<void> => {
  for (let i = 0; i < figs.length; i++) {
    if (i > 0) await nextTask();
    drawFigure(figs[i].id, figs[i].svg);
  }
};

/**
 * Frames are applied in order: a frame whose figures are still being drawn delays the next one's
 * text, so the stateHash never shows before the figures of the same frame.
 */
let frames: Promise<void> = Promise.resolve();

/** A session was opened (or refused): clears the previous run's figures, result and hash. */
const applyOpened = (m: Extract<ToPage, { type: "opened" }>): void => {
  opened = m.ok;
  running = false;
  finished = false;
  showError(m.ok ? "" : m.error ?? "", m.field);
  if (!m.ok) {
    $("status").textContent = "not runnable: fix the flag above";
    $("hash").textContent = "";
  }
  $("figures").replaceChildren();
  $("result").textContent = "";
  $("result").hidden = true;
  buttons();
};

/** Shows one frame of the worker: status, stateHash, error, figures, result. */
const applyFrame = async (m: Extract<ToPage, { type: "frame" }>): Promise<void> => {
  running = m.running;
  finished = m.finished;
  const st = $("status");
  st.dataset.done = String(m.done);
  st.dataset.finished = String(m.finished);
  st.dataset.perSecond = m.perSecond === null ? "" : String(m.perSecond);
  st.textContent = `${m.unit} ${m.done.toLocaleString("en")} / ${m.total.toLocaleString("en")}${
    fmtRate(m.perSecond, m.unit)
  }${m.finished ? " · finished" : m.running ? " · running" : ""}`;
  if (m.error) showError(m.error);
  if (m.figures) await drawFigures(m.figures);
  $("hash").textContent = m.stateHash ??
    (m.running ? "(shown when paused or finished)" : "");
  $("hash").dataset.done = m.hashDone === null ? "" : String(m.hashDone);
  if (m.result !== undefined) {
    $("result").textContent = m.result;
    $("result").hidden = false;
  }
  return buttons();
};

worker.onmessage = (ev: MessageEvent<ToPage>) => {
  const m = ev.data;
  switch (m.type) {
    case "ready":
      return send({ type: "catalog" });
    case "backend":
      $("backend").textContent = m.text;
      $("backend").dataset.gpu = String(m.gpu);
      return;
    case "catalog": {
      commands = m.commands;
      const sel = $("command") as HTMLSelectElement;
      for (const c of commands) sel.add(new Option(`${c.engine} ${c.command}`, keyOf(c)));
      const q = parseQuery(location.search);
      const c = commands.find((x) => x.engine === q.engine && x.command === q.command) ??
        commands.find((x) => x.engine === "sorn" && x.command === "run") ?? commands[0];
      const fromUrl = c.engine === q.engine && c.command === q.command &&
        Object.keys(q.flags).length > 0;
      return select(c, fromUrl ? q.flags : undefined);
    }
    case "opened":
      // after any frame still drawing its figures, so they cannot land on the new session
      frames = frames.then(() => applyOpened(m));
      return;
    case "frame":
      frames = frames.then(() => applyFrame(m));
      return;
    case "export": {
      const url = URL.createObjectURL(
        new Blob([m.bytes as BlobPart], { type: "application/x-tar" }),
      );
      const a = document.createElement("a");
      a.href = url;
      a.download = m.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return;
    }
    case "imported": {
      if (!m.ok) return showError(m.error ?? "");
      const c = commands.find((x) => x.engine === m.engine && x.command === m.command)!;
      current = c;
      flags = { ...m.flags };
      ($("command") as HTMLSelectElement).value = keyOf(c);
      buildControls();
      history.replaceState(null, "", queryOf(c.engine, c.command, flags));
      $("cli").textContent = cliLine(c.engine, c.command, flags);
      return;
    }
  }
};

$("command").addEventListener("change", () => {
  const v = ($("command") as HTMLSelectElement).value;
  const c = commands.find((x) => keyOf(x) === v);
  if (c) select(c);
});
$("start").addEventListener("click", () => send({ type: "start" }));
$("pause").addEventListener("click", () => send({ type: "pause" }));
$("step").addEventListener("click", () => send({ type: "step" }));
$("reset").addEventListener("click", () => send({ type: "reset" }));
$("export").addEventListener("click", () => send({ type: "export" }));
$("copy").addEventListener("click", async () => {
  const text = $("cli").textContent ?? "";
  try {
    await navigator.clipboard.writeText(text);
    $("copy").textContent = "copied";
  } catch {
    getSelection()?.selectAllChildren($("cli"));
    $("copy").textContent = "selected: press Ctrl+C";
  }
  setTimeout(() => ($("copy").textContent = "copy as CLI command"), 1500);
});
$("import").addEventListener("change", async () => {
  const input = $("import") as HTMLInputElement;
  const files = await Promise.all(
    [...(input.files ?? [])].map(async (f) => ({
      name: f.name,
      bytes: new Uint8Array(await f.arrayBuffer()),
    })),
  );
  input.value = "";
  send({ type: "import", files }, files.map((f) => f.bytes.buffer as ArrayBuffer));
});
buttons();
