/**
 * LNDP evolution scaled out over a Deno KV queue: the driver asks the strategy for a generation
 * (`askGeneration`), writes every member (genome, lifetime config, the generation's evaluation
 * key) to KV and enqueues one message per member; any number of consumers — Web Workers of this
 * process, other processes sharing the KV file, or Deno Deploy isolates sharing a managed KV —
 * evaluate members (`evaluateMemberInto`) and write their result slots back; the driver tells the
 * strategy (`tellGeneration`) once every member is in.
 *
 * - **Same bits as one machine.** Member i always runs with fold(evalKey, i), so the fitnesses,
 *   and the state after each generation, equal those of `np lndp train` with the same config and
 *   seed, whoever evaluates which member (tested with two consumer processes).
 * - **Idempotent.** Members and results are written with a check that the key is absent; a
 *   message delivered twice (KV queues deliver at least once) finds its result and does nothing.
 *   A restarted driver with the same run id recomputes the same generation (ask is a pure
 *   function of the state) and reuses every result already in KV.
 * - KV values are limited to 64 KiB: one entry per member (a genome of 1,918 f64 is 15 KiB).
 *
 * CLI (`deno task lndp:kv`):
 * - `consume --kv FILE [--idle-exit S]`: consume members until stopped (or idle for S seconds);
 * - `train --kv FILE [--consumers N] [np lndp train flags…] [--json]`: drive a run; N local
 *   Web Worker consumers (default 0: external consumers only).
 *
 * @module
 */
import { Effect } from "effect";
import { consumeKvQueue, whenUnlocked } from "./kv_consumer.ts";
import { fold, type Key, key } from "@neuroplastic/core/random";
import { stateHash } from "@neuroplastic/core/checkpoint";
import {
  decodeCommandConfig,
  decodeInvocation,
  parseArgs,
  type ProcessCommand,
} from "@neuroplastic/core/sim";
import {
  askGeneration,
  cli as lndp,
  evaluateGenomeInto,
  type Evaluator,
  initTrain,
  type LifetimeConfig,
  lifetimeOf,
  makeEvaluator,
  resultStride,
  tellGeneration,
  type TrainConfig,
  type TrainState,
  unpackResults,
} from "@neuroplastic/engines/lndp";

/** A queue message: evaluate member `i` of generation `gen` of run `runId`. */
export interface LndpMemberMessage {
  /** Message kind (other kinds on the same queue are ignored). */
  readonly kind: "np-lndp-member";
  /** Run id. */
  readonly runId: string;
  /** Generation. */
  readonly gen: number;
  /** Member index. */
  readonly i: number;
}

/** What a member's KV entry holds. */
interface MemberEntry {
  readonly cfg: LifetimeConfig;
  readonly genome: Float64Array;
  readonly evalKey: Key;
}

/** What a result's KV entry holds: the member's result slots and the consumer that wrote them. */
export interface MemberResult {
  /** [fitness, envSteps, returns…] (see `resultStride`). */
  readonly slots: Float64Array;
  /** Id of the consumer that evaluated the member. */
  readonly by: string;
}

const K = {
  member: (runId: string, gen: number, i: number) => ["np-lndp", runId, gen, "member", i],
  result: (runId: string, gen: number, i: number) => ["np-lndp", runId, gen, "result", i],
};

const evaluators = new Map<string, Evaluator>();

/**
 * Handles one queue message: skips it if the member's result exists (a redelivery), else
 * evaluates the member and writes its result once. Returns true when this call evaluated it.
 *
 * @example
 * ```ts ignore
 * kv.listenQueue((m) => handleLndpMessage(kv, m, "consumer-1"));
 * ```
 */
export const handleLndpMessage = async (
  kv: Deno.Kv,
  msg: unknown,
  consumer: string,
): Promise<boolean> => {
  const m = msg as LndpMemberMessage;
  if (m?.kind !== "np-lndp-member") return false;
  const rk = K.result(m.runId, m.gen, m.i);
  if ((await kv.get(rk)).versionstamp !== null) return false;
  const entry = (await kv.get<MemberEntry>(K.member(m.runId, m.gen, m.i))).value;
  if (!entry) return false;
  const id = JSON.stringify(entry.cfg);
  let ev = evaluators.get(id);
  if (!ev) evaluators.set(id, ev = makeEvaluator(entry.cfg));
  const stride = resultStride(entry.cfg);
  const slots = new Float64Array(stride);
  // member i of a population runs with fold(evalKey, i), wherever it is evaluated
  evaluateGenomeInto(ev, entry.genome, fold(entry.evalKey, m.i), slots);
  const r = await whenUnlocked(() =>
    kv.atomic().check({ key: rk, versionstamp: null })
      .set(rk, { slots, by: consumer } satisfies MemberResult).commit()
  );
  return r.ok;
};

/**
 * Evaluates one generation through the queue: writes and enqueues every member (idempotent),
 * then waits until every result is in and returns them as one population result.
 *
 * @example
 * ```ts ignore
 * const res = await evaluateGenerationKv(kv, "run-1", 0, lifetimeOf(c), asked.candidates, c.popsize, asked.evalKey);
 * ```
 */
export const evaluateGenerationKv = async (
  kv: Deno.Kv,
  runId: string,
  gen: number,
  cfg: LifetimeConfig,
  candidates: Float64Array,
  popsize: number,
  evalKey: Key,
  opts: { readonly timeoutMs?: number; readonly pollMs?: number } = {},
): Promise<{ fitness: Float64Array; slots: Float64Array; by: string[] }> => {
  const P = candidates.length / popsize, stride = resultStride(cfg);
  for (let i = 0; i < popsize; i++) {
    const mk = K.member(runId, gen, i);
    const entry: MemberEntry = { cfg, genome: candidates.slice(i * P, (i + 1) * P), evalKey };
    const msg: LndpMemberMessage = { kind: "np-lndp-member", runId, gen, i };
    const old = await kv.get<MemberEntry>(mk);
    if (old.versionstamp !== null) {
      // a restarted driver: the same run id must ask for the same genome
      if (!sameGenome(old.value!.genome, entry.genome)) {
        throw new Error(`run ${runId}: member ${i} of generation ${gen} differs from KV's`);
      }
      if ((await kv.get(K.result(runId, gen, i))).versionstamp === null) {
        await whenUnlocked(() => kv.enqueue(msg));
      }
      continue;
    }
    await whenUnlocked(() =>
      kv.atomic().check({ key: mk, versionstamp: null }).set(mk, entry).enqueue(msg).commit()
    );
  }
  const slots = new Float64Array(popsize * stride);
  const by: string[] = new Array(popsize);
  const done = new Uint8Array(popsize);
  let left = popsize;
  const t0 = Date.now();
  while (left > 0) {
    for (let i = 0; i < popsize; i++) {
      if (done[i]) continue;
      const r = (await kv.get<MemberResult>(K.result(runId, gen, i))).value;
      if (!r) continue;
      slots.set(r.slots, i * stride);
      by[i] = r.by;
      done[i] = 1;
      left--;
    }
    if (left === 0) break;
    if (Date.now() - t0 > (opts.timeoutMs ?? 3_600_000)) {
      throw new Error(`run ${runId}: ${left} members of generation ${gen} unevaluated`);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
  }
  const fitness = new Float64Array(popsize);
  for (let i = 0; i < popsize; i++) fitness[i] = slots[i * stride];
  return { fitness, slots, by };
};

const sameGenome = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * Consumes LNDP member messages on the KV queue at `path` until `stop` resolves (the loop, with
 * its idle re-open, is {@link consumeKvQueue}). Each (re-)open writes ["np-lndp-consumer",
 * consumer], so drivers and tests can see that the consumer is listening.
 *
 * @example
 * ```ts ignore
 * await consumeLndp("evo.sqlite3", "c1", new Promise((r) => setTimeout(r, 60_000)));
 * ```
 */
export const consumeLndp = (
  path: string,
  consumer: string,
  stop: Promise<unknown>,
  opts: { readonly reopenMs?: number; readonly onEvaluated?: () => void } = {},
): Promise<void> =>
  consumeKvQueue(
    path,
    async (kv, m) => {
      if (await handleLndpMessage(kv, m, consumer)) opts.onEvaluated?.();
    },
    () => stop,
    {
      ...(opts.reopenMs === undefined ? {} : { reopenMs: opts.reopenMs }),
      onOpen: (kv) => whenUnlocked(() => kv.set(["np-lndp-consumer", consumer], Date.now())),
    },
  );

/** Options of {@link trainLndpKv}. */
export interface KvTrainOptions {
  /** The KV database (a file under `deno run`; undefined: Deploy's managed KV). */
  readonly path?: string;
  /** The training config (as `np lndp train` decodes it). */
  readonly config: TrainConfig;
  /** The seed (`--seed`). */
  readonly seed: number;
  /** Generations to run. */
  readonly generations: number;
  /** Consumers to run here in Web Workers (0: external consumers only). */
  readonly consumers?: number;
  /** Run id (default: derived from the config and seed, so a restarted driver resumes). */
  readonly runId?: string;
  /** Called after every generation with the new state and who evaluated each member. */
  readonly onGeneration?: (s: TrainState, by: readonly string[]) => void;
}

/**
 * Runs LNDP training with every generation evaluated through the KV queue. The final state equals
 * `np lndp train` with the same config and seed (same `stateHash`).
 *
 * @example
 * ```ts ignore
 * const s = await trainLndpKv({ path: "evo.sqlite3", config, seed: 1, generations: 5, consumers: 2 });
 * ```
 */
export const trainLndpKv = async (opts: KvTrainOptions): Promise<TrainState> => {
  const { config, seed } = opts;
  const runId = opts.runId ?? stateHash({ config, seed }).slice(0, 16);
  const kv = await Deno.openKv(opts.path);
  const workers: Worker[] = [];
  try {
    for (let w = 0; w < (opts.consumers ?? 0); w++) {
      const worker = new Worker(new URL("./lndp_kv_worker.ts", import.meta.url), {
        type: "module",
      });
      worker.postMessage({ path: opts.path, consumer: `worker-${w}` });
      workers.push(worker);
    }
    let s = initTrain(config, key(seed));
    const cfg = lifetimeOf(config);
    while (s.generation < opts.generations) {
      const asked = askGeneration(s, config);
      const r = await evaluateGenerationKv(
        kv,
        runId,
        s.generation,
        cfg,
        asked.lifetimes,
        asked.lifetimeCount,
        asked.evalKey,
      );
      s = tellGeneration(s, config, asked, unpackResults(cfg, r.slots, asked.lifetimeCount));
      opts.onGeneration?.(s, r.by);
    }
    return s;
  } finally {
    for (const w of workers) w.postMessage({ stop: true });
    await new Promise((r) => setTimeout(r, 50));
    for (const w of workers) w.terminate();
    kv.close();
  }
};

const trainCommand = lndp.commands.train as ProcessCommand;

if (import.meta.main) {
  const { positional, flags } = parseArgs(Deno.args);
  const verb = positional[0];
  const path = typeof flags.kv === "string" ? flags.kv : undefined;
  if (!path || (verb !== "consume" && verb !== "train")) {
    console.error(
      "usage: lndp_kv consume --kv FILE [--idle-exit S] | train --kv FILE [--consumers N] [np lndp train flags] [--json]",
    );
    Deno.exit(2);
  }
  if (verb === "consume") {
    const consumer = typeof flags.id === "string" ? flags.id : `pid-${Deno.pid}`;
    const idle = Number(flags["idle-exit"] ?? 0) * 1000;
    let last = Date.now(), n = 0;
    const stop = new Promise<void>((resolve) => {
      Deno.addSignalListener("SIGTERM", () => resolve());
      if (idle > 0) {
        const t = setInterval(() => {
          if (Date.now() - last > idle) (clearInterval(t), resolve());
        }, 100);
      }
    });
    await consumeLndp(path, consumer, stop, { onEvaluated: () => (n++, last = Date.now()) });
    console.log(JSON.stringify({ consumer, evaluated: n }));
    Deno.exit(0);
  }
  const { kv: _kv, consumers, json, ...rest } = flags;
  const exit = await Effect.runPromiseExit(Effect.gen(function* () {
    const inv = yield* decodeInvocation(trainCommand, rest);
    const config = (yield* decodeCommandConfig(trainCommand, inv.configInput)) as TrainConfig;
    return { inv, config };
  }));
  if (exit._tag === "Failure") {
    console.error(String(exit.cause));
    Deno.exit(2);
  }
  const { inv, config } = exit.value;
  const t0 = performance.now();
  const by = new Map<string, number>();
  const s = await trainLndpKv({
    path,
    config,
    seed: inv.options.seed,
    generations: inv.options.steps,
    consumers: Number(consumers ?? 0),
    onGeneration: (st, who) => {
      for (const b of who) by.set(b, (by.get(b) ?? 0) + 1);
      if (!json) {
        console.error(
          `generation ${st.generation}/${inv.options.steps}  max ${st.curveMax.at(-1)}  mean ${
            st.curveMean.at(-1)?.toFixed(2)
          }`,
        );
      }
    },
  });
  const out = {
    engine: "lndp",
    command: "train",
    seed: inv.options.seed,
    generations: s.generation,
    bestFitness: s.bestFitness,
    stateHash: stateHash(s),
    elapsedMs: Math.round(performance.now() - t0),
    evaluatedBy: Object.fromEntries(by),
  };
  console.log(JSON.stringify(out, null, json ? 0 : 1));
}
