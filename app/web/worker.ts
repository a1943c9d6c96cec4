/**
 * The playground's Web Worker: every engine runs here, from the workspace packages (the same
 * `cli` descriptors as `np`, through `app/registry.ts`), driven by the orchestrator in time-boxed
 * segments ({@link ./session.ts}). The page sends controls and flags; the worker answers with the
 * CLI's validation lines, progress, the `stateHash`, the live figures as SVG text
 * ({@link ./figures.ts}), and run folders to download or continue.
 *
 * @module
 */
/// <reference lib="webworker" />
import type { ProcessCommand } from "@neuroplastic/core/sim";
import { engines } from "../registry.ts";
import { catalog, flagsOfConfig } from "./catalog.ts";
import { commandParams } from "@neuroplastic/core/sim";
import { type Live, liveFigures } from "./figures.ts";
import { type Flags, orderFlags } from "./flags.ts";
import type { FigureText, FromPage, ToPage } from "./protocol.ts";
import {
  failureLine,
  type FunctionRun,
  openFunction,
  openSession,
  readCheckpointBytes,
  type Session,
} from "./session.ts";
import { tarBytes, untar } from "./tar.ts";

const post = (m: ToPage, transfer: Transferable[] = []): void =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

/**
 * The WebGPU adapter of this browser, if any: the page shows it, and the function commands with a
 * `--backend` flag start on `gpu` when there is one (the same WGSL kernels as `gpu/` and the
 * engines' `gpu/` folders), on `cpu` otherwise.
 */
const probeBackend = async (): Promise<{ gpu: boolean; text: string }> => {
  const gpu = (navigator as unknown as { gpu?: GPU }).gpu;
  if (gpu === undefined) return { gpu: false, text: "CPU (no WebGPU in this browser)" };
  try {
    const a = await gpu.requestAdapter();
    if (a === null) return { gpu: false, text: "CPU (no WebGPU adapter)" };
    const i = a.info;
    const name = [i.vendor, i.architecture, i.description].filter(Boolean).join(" ");
    const fallback = (i as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    return { gpu: true, text: `WebGPU (${name || "adapter"}${fallback ? ", software" : ""})` };
  } catch (e) {
    return { gpu: false, text: `CPU (WebGPU adapter request failed: ${e})` };
  }
};
const backend = probeBackend();
let commands = catalog(engines);

let session: Session | undefined;
/** The open function command (instead of a session), and its result once it ran. */
let fn: FunctionRun | undefined;
let fnDone: { result: string; hash: string | null; ms: number } | undefined;
let live: Live | undefined;
let running = false;
let generation = 0;
let lastPost = -Infinity;
let lastHash: { hash: string; done: number } | null = null;
/** The SVG text last sent per figure: a frame carries only the figures that changed. */
const sent = new Map<string, string>();

/** The live figures that changed since the last frame that carried them. */
const changedFigures = (l: Live): FigureText[] =>
  l.draw().filter((f) => {
    if (sent.get(f.id) === f.svg) return false;
    sent.set(f.id, f.svg);
    return true;
  });

const unitOf = (s: Session): string =>
  (s.engine.commands[s.command] as ProcessCommand).process.unit ?? "step";

/** One frame for the page: where the run is, its speed, and (when asked) the figures. */
const frame = (
  done: number,
  perSecond: number | null,
  opts: { figures?: boolean; error?: string; finished?: boolean } = {},
): void => {
  if (!session) return;
  lastPost = performance.now();
  post({
    type: "frame",
    running,
    done,
    total: session.total,
    unit: unitOf(session),
    finished: opts.finished ?? session.last?.finished ?? false,
    stateHash: running ? null : lastHash?.hash ?? null,
    hashDone: running ? null : lastHash?.done ?? null,
    perSecond,
    figures: opts.figures && live ? changedFigures(live) : null,
    ...(opts.error ? { error: opts.error } : {}),
  });
};

/** A frame for the open function command. */
const fnFrame = (error?: string): void => {
  post({
    type: "frame",
    running,
    done: fnDone ? 1 : 0,
    total: 1,
    unit: "run",
    finished: fnDone !== undefined,
    stateHash: fnDone?.hash ?? null,
    hashDone: fnDone ? 1 : null,
    perSecond: null,
    figures: null,
    ...(fnDone ? { result: fnDone.result } : {}),
    ...(error ? { error } : {}),
  });
};

/** Runs the open function command once (on WebGPU when its `--backend` says so). */
const callFunction = async (): Promise<void> => {
  const f = fn;
  if (!f || fnDone) return;
  const mine = generation;
  running = true;
  fnFrame();
  try {
    const r = await f.run();
    if (mine !== generation) return;
    // the command's own text lines first, then the result object (without its config)
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (k !== "config" && !k.startsWith("__")) rest[k] = v;
    const text = Array.isArray(r.__text) ? r.__text.join("\n") + "\n" : "";
    fnDone = {
      result: text + JSON.stringify(rest, null, 1),
      hash: typeof r.stateHash === "string" ? r.stateHash : null,
      ms: Number(r.elapsedMs),
    };
    running = false;
    fnFrame();
  } catch (e) {
    if (mine !== generation) return;
    running = false;
    fnFrame(failureLine(e));
  }
};

const open = (
  engine: string,
  command: string,
  flags: Flags,
  from?: { step: number; state: unknown },
): boolean => {
  generation++;
  running = false;
  session = undefined;
  fn = undefined;
  fnDone = undefined;
  live = undefined;
  pending = undefined;
  lastHash = null;
  sent.clear();
  const e = engines.find((x) => x.name === engine);
  const entry = commands.find((c) => c.engine === engine && c.command === command);
  if (!e || !entry) {
    post({ type: "opened", ok: false, error: `np: the playground has no ${engine} ${command}` });
    return false;
  }
  if (entry.kind === "function") {
    const f = openFunction(e, command, flags);
    if (!f.ok) {
      post({ type: "opened", ok: false, error: f.error, field: f.field });
      return false;
    }
    fn = f.run;
    post({ type: "opened", ok: true, total: 1, done: 0 });
    fnFrame();
    return true;
  }
  const o = openSession(e, command, flags, from);
  if (!o.ok) {
    post({ type: "opened", ok: false, error: o.error, field: o.field });
    return false;
  }
  session = o.session;
  live = liveFigures(
    engine,
    command,
    (e.commands[command] as ProcessCommand).process,
    session.config,
  );
  if (from) live.update(from.step, from.state, undefined);
  post({ type: "opened", ok: true, total: session.total, done: session.done });
  frame(session.done, null, { figures: true });
  return true;
};

/** The last checkpoint saved and not drawn yet. */
let pending: { step: number; state: unknown; prev: unknown } | undefined;
let drawing = false;

/** Takes the pending checkpoint into the live figures; true when there was one. */
const flush = (): boolean => {
  const p = pending, l = live;
  pending = undefined;
  if (!p || !l) return false;
  l.update(p.step, p.state, p.prev);
  return true;
};

/** Segments run one at a time (a step pressed while a segment runs waits for it). */
let chain: Promise<unknown> = Promise.resolve();
const serial = <T>(f: () => Promise<T>): Promise<T> => {
  const p = chain.then(f);
  chain = p.catch(() => {});
  return p;
};

/**
 * One segment: to the end, until paused, or one unit. The orchestrator yields to this worker's
 * event loop between its chunks (so a pause gets in) and saves a checkpoint about twice a second,
 * which updates the figures.
 */
const segment = async (one: boolean): Promise<void> => {
  const s = session, l = live;
  if (!s || !l || s.last?.finished) return;
  const mine = generation;
  let rate: number | null = null;
  try {
    const r = await s.segment({
      one,
      stop: () => !running || mine !== generation,
      yieldToEventLoop: !one,
      sliceMs: 100,
      // The figures are drawn after the orchestrator's save returns (a timer), so their cost
      // does not count as the cost of a checkpoint write (which sets the automatic period).
      onSave: (step, state, prev) => {
        pending = { step, state, prev: pending?.prev ?? prev };
        if (drawing) return;
        drawing = true;
        setTimeout(() => {
          drawing = false;
          if (flush() && session === s) frame(s.done, rate, { figures: true });
        }, 0);
      },
      progress: (ev) => {
        rate = ev.elapsedMs > 0 ? ((ev.done - ev.from) / ev.elapsedMs) * 1000 : null;
        if (session === s && performance.now() - lastPost >= 200) frame(ev.done, rate);
      },
    });
    if (session !== s) return;
    // the last save's figures are drawn now, before the frame that shows the stateHash (its
    // timer may not have fired yet when the run is short)
    flush();
    if (r.finished || mine === generation) running = false;
    lastHash = { hash: String(r.result.stateHash), done: r.done };
    frame(r.done, r.units > 0 && r.ms > 0 ? (r.units / r.ms) * 1000 : rate, { figures: true });
  } catch (e) {
    if (session !== s) return;
    running = false;
    frame(s.done, null, { error: failureLine(e), figures: true });
  }
};

/** The run as a run folder in a tar archive, for `tar xf` and `deno task np resume <folder>`. */
const exported = (): { name: string; bytes: Uint8Array } => {
  const s = session!;
  const cmd = s.engine.commands[s.command] as ProcessCommand;
  const dir = `${s.engine.name}-${s.command}-${s.done}`;
  const enc = new TextEncoder();
  const json = (v: unknown) => enc.encode(JSON.stringify(v, null, 2) + "\n");
  const manifest = {
    engine: s.engine.name,
    command: s.command,
    kind: "process",
    seed: s.inv.options.seed,
    steps: s.total,
    unit: cmd.process.unit ?? "step",
    config: s.inv.configInput,
    checkpointEvery: 0,
    records: [],
    stride: 1,
  };
  const files: { name: string; bytes: Uint8Array }[] = [
    { name: `${dir}/run.json`, bytes: json(manifest) },
  ];
  if (s.last) files.push({ name: `${dir}/config.json`, bytes: json(s.last.result.config) });
  if (s.state !== undefined) files.push({ name: `${dir}/checkpoint.bin`, bytes: s.checkpoint() });
  return { name: `${dir}.tar`, bytes: tarBytes(files, Math.floor(Date.now() / 1000)) };
};

/** Opens a run folder exported by the CLI or by the page (its files, or a tar of them). */
const imported = (files: readonly { name: string; bytes: Uint8Array }[]): void => {
  const all = files.flatMap((f) => (f.name.endsWith(".tar") ? untar(f.bytes) : [f]));
  const byName = new Map(all.map((f) => [f.name.split("/").pop()!, f.bytes]));
  const run = byName.get("run.json");
  if (!run) {
    post({
      type: "imported",
      ok: false,
      error: "np: no run.json among the files (a run folder has one)",
    });
    return;
  }
  let m: { engine?: string; command?: string; seed?: number; steps?: number; config?: unknown };
  try {
    m = JSON.parse(new TextDecoder().decode(run));
  } catch (e) {
    post({
      type: "imported",
      ok: false,
      error: `np: run.json is not valid JSON: ${(e as Error).message}`,
    });
    return;
  }
  const e = engines.find((x) => x.name === m.engine);
  const entry = commands.find((c) => c.engine === m.engine && c.command === m.command);
  if (!e || !entry) {
    post({
      type: "imported",
      ok: false,
      error: `np: the playground cannot run ${m.engine} ${m.command}`,
    });
    return;
  }
  const ckName = byName.has("checkpoint.bin") ? "checkpoint.bin" : "final.bin";
  const ck = byName.get(ckName);
  let from: { step: number; state: unknown } | undefined;
  if (ck) {
    const c = readCheckpointBytes(ck, ckName);
    if (!c.ok) {
      post({ type: "imported", ok: false, error: c.error });
      return;
    }
    from = { step: c.step, state: c.state };
  }
  const flags = orderFlags(entry, {
    ...(entry.seeded ? { seed: String(m.seed ?? 0) } : {}),
    ...(entry.lengthFlag ? { [entry.lengthFlag]: String(m.steps ?? 0) } : {}),
    ...flagsOfConfig(commandParams(e.commands[entry.command]), m.config),
  });
  post({
    type: "imported",
    ok: true,
    engine: entry.engine,
    command: entry.command,
    flags,
    step: from?.step ?? 0,
  });
  open(entry.engine, entry.command, flags, from);
};

self.onmessage = (ev: MessageEvent<FromPage>) => {
  const m = ev.data;
  switch (m.type) {
    case "catalog":
      return void backend.then((b) => {
        commands = catalog(engines, b.gpu);
        post({ type: "backend", ...b });
        post({ type: "catalog", commands });
      });
    case "open":
      return void open(m.engine, m.command, m.flags);
    case "start":
      if (fn) return void (running ? undefined : callFunction());
      if (!session || running || session.last?.finished) return;
      running = true;
      void serial(() => segment(false));
      return;
    case "pause":
      running = false;
      return;
    case "step":
      if (fn) return void (running ? undefined : callFunction());
      if (!session || running) return;
      void serial(() => segment(true));
      return;
    case "reset":
      if (session) open(session.engine.name, session.command, session.flags as Flags);
      else if (fn) open(fn.engine.name, fn.command, fn.flags as Flags);
      return;
    case "export": {
      if (!session) return;
      const x = exported();
      return post({ type: "export", name: x.name, bytes: x.bytes }, [
        x.bytes.buffer as ArrayBuffer,
      ]);
    }
    case "import":
      return imported(m.files);
  }
};

post({ type: "ready" });
