/**
 * A Deno KV {@link CheckpointStore} for the orchestrator (`RunIo.store`), used by background jobs.
 *
 * KV values are limited to 64 KiB, so a checkpoint's bytes (`checkpointBytes`) are split into
 * chunks written under a new generation `[...prefix, "g", gen, i]`; then the pointer
 * `[...prefix, "ptr"]` is flipped to that generation in one atomic commit (checked against the
 * pointer read before), and the replaced generation is deleted. A crash mid-save leaves the
 * previous checkpoint intact (the pointer still names it; {@link deleteKvCheckpoint} removes stray
 * chunks).
 *
 * @module
 */
import { Effect } from "effect";
import { CheckpointCorrupt, FileError } from "@neuroplastic/core/errors";
import { checkpointBytes, parseCheckpoint } from "@neuroplastic/core/checkpoint";
import type { CheckpointStore } from "@neuroplastic/core/sim";

/** Bytes per KV value of a chunked checkpoint (KV values are limited to 64 KiB). */
export const KV_CHUNK_BYTES = 60_000;

/** Chunks written per atomic commit (KV commits are limited to 800 KiB of mutations). */
const CHUNKS_PER_COMMIT = 10;

/** The pointer to the current generation of a chunked checkpoint. */
export interface KvCheckpointPointer {
  /** Generation id (the chunks live under `[...prefix, "g", gen, i]`). */
  readonly gen: string;
  /** Number of chunks. */
  readonly chunks: number;
  /** Total bytes. */
  readonly bytes: number;
  /** Step index of the checkpoint. */
  readonly step: number;
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The pointer of the checkpoint stored under `prefix`, or undefined when there is none.
 *
 * @example
 * ```ts ignore
 * const ptr = await kvCheckpointPointer(kv, ["np-jobs", "ckpt", id]);
 * console.log(ptr?.step);
 * ```
 */
export const kvCheckpointPointer = async (
  kv: Deno.Kv,
  prefix: Deno.KvKey,
): Promise<KvCheckpointPointer | undefined> =>
  (await kv.get<KvCheckpointPointer>([...prefix, "ptr"])).value ?? undefined;

/**
 * Deletes every key of the checkpoint stored under `prefix` (pointer and chunks).
 *
 * @example
 * ```ts ignore
 * await deleteKvCheckpoint(kv, ["np-jobs", "ckpt", id]);
 * ```
 */
export const deleteKvCheckpoint = async (kv: Deno.Kv, prefix: Deno.KvKey): Promise<void> => {
  await kv.delete([...prefix, "ptr"]);
  for await (const e of kv.list({ prefix: [...prefix, "g"] })) await kv.delete(e.key);
};

/**
 * A checkpoint store in Deno KV under `prefix` (chunked, generation + atomic pointer flip).
 * `meta` goes into every checkpoint's header (engine, command, seed, ...). `label` names the
 * store in {@link CheckpointCorrupt} and {@link FileError} messages.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { kvCheckpointStore } from "@neuroplastic/app/kv_store";
 * const kv = await Deno.openKv(":memory:");
 * const store = kvCheckpointStore(kv, ["ckpt", "a"], { engine: "walk" });
 * await Effect.runPromise(store.save(7, { x: new Float64Array(100_000) }));
 * const back = await Effect.runPromise(store.load());
 * console.log(back?.step); // 7
 * kv.close();
 * ```
 */
export const kvCheckpointStore = (
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  meta: unknown = null,
  label = `kv:${prefix.map(String).join("/")}`,
): CheckpointStore => ({
  load: () =>
    Effect.tryPromise({
      try: async () => {
        const ptr = await kvCheckpointPointer(kv, prefix);
        if (!ptr) return undefined;
        const bytes = new Uint8Array(ptr.bytes);
        let off = 0;
        for (let i = 0; i < ptr.chunks; i += CHUNKS_PER_COMMIT) {
          const keys = [];
          for (let j = i; j < Math.min(ptr.chunks, i + CHUNKS_PER_COMMIT); j++) {
            keys.push([...prefix, "g", ptr.gen, j]);
          }
          for (const e of await kv.getMany<Uint8Array[]>(keys)) {
            const chunk = e.value;
            if (!(chunk instanceof Uint8Array) || off + chunk.length > bytes.length) {
              throw new CheckpointCorrupt({ path: label, reason: `chunk ${String(e.key.at(-1))}` });
            }
            bytes.set(chunk, off);
            off += chunk.length;
          }
        }
        if (off !== bytes.length) {
          throw new CheckpointCorrupt({ path: label, reason: `${off} of ${bytes.length} bytes` });
        }
        const c = parseCheckpoint(bytes, label);
        return { step: c.step, state: c.state };
      },
      catch: (e) =>
        e instanceof CheckpointCorrupt ? e : new FileError({ path: label, reason: reasonOf(e) }),
    }),
  save: (step, state) =>
    Effect.tryPromise({
      try: async () => {
        const bytes = checkpointBytes({ step, meta, state });
        const gen = crypto.randomUUID();
        const chunks = Math.max(1, Math.ceil(bytes.length / KV_CHUNK_BYTES));
        for (let i = 0; i < chunks; i += CHUNKS_PER_COMMIT) {
          const op = kv.atomic();
          for (let j = i; j < Math.min(chunks, i + CHUNKS_PER_COMMIT); j++) {
            op.set(
              [...prefix, "g", gen, j],
              bytes.subarray(j * KV_CHUNK_BYTES, (j + 1) * KV_CHUNK_BYTES),
            );
          }
          const r = await op.commit();
          if (!r.ok) throw new Error("chunk commit failed");
        }
        const ptrKey = [...prefix, "ptr"];
        const old = await kv.get<KvCheckpointPointer>(ptrKey);
        const pointer: KvCheckpointPointer = { gen, chunks, bytes: bytes.length, step };
        const flipped = await kv.atomic().check(old).set(ptrKey, pointer).commit();
        if (!flipped.ok) throw new Error("checkpoint pointer changed during the save");
        // The replaced generation goes (nothing points to it any more; chunks left by a crash
        // mid-save go with deleteKvCheckpoint when the job ends).
        const prev = old.value;
        if (prev) {
          for (let j = 0; j < prev.chunks; j++) await kv.delete([...prefix, "g", prev.gen, j]);
        }
      },
      catch: (e) => new FileError({ path: label, reason: reasonOf(e) }),
    }),
});
