/**
 * Checkpoint files: a state, its step index and JSON metadata, with a SHA-256
 * checksum, written atomically (temporary file, fsync, rename), so a run killed
 * at any moment leaves the previous checkpoint intact.
 *
 * File layout: `"NPCK" | u32 version=1 | payload | sha256(payload)` where
 * `payload = encodeState({ step, meta, state })`.
 *
 * @module
 */
import { Effect } from "effect";
import { CheckpointCorrupt } from "../errors.ts";
import { decodeState, encodeState } from "./codec.ts";
import { sha256Bytes } from "./hash.ts";

const MAGIC = [0x4e, 0x50, 0x43, 0x4b]; // "NPCK"
const VERSION = 1;

/** A checkpoint: the step index reached, free JSON metadata and the state. */
export interface Checkpoint<S = unknown> {
  /** Steps taken when the checkpoint was written. */
  readonly step: number;
  /** Free JSON metadata (engine, command, seed, ...). */
  readonly meta: unknown;
  /** The engine state. */
  readonly state: S;
}

/**
 * Serialises a checkpoint to bytes (with checksum).
 *
 * @example
 * ```ts
 * import { checkpointBytes, parseCheckpoint } from "@neuroplastic/core/checkpoint";
 * const b = checkpointBytes({ step: 5, meta: { engine: "walk" }, state: { t: 5 } });
 * console.log(parseCheckpoint(b, "mem").step); // 5
 * ```
 */
export const checkpointBytes = (ckpt: Checkpoint): Uint8Array => {
  const payload = encodeState({ step: ckpt.step, meta: ckpt.meta, state: ckpt.state });
  const digest = sha256Bytes(payload);
  const out = new Uint8Array(8 + payload.length + 32);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, VERSION, true);
  out.set(payload, 8);
  out.set(digest, 8 + payload.length);
  return out;
};

/**
 * Parses checkpoint bytes; throws {@link CheckpointCorrupt} (naming `path`) when the
 * file is truncated, altered or not a checkpoint.
 *
 * @example
 * ```ts
 * import { checkpointBytes, parseCheckpoint } from "@neuroplastic/core/checkpoint";
 * const b = checkpointBytes({ step: 1, meta: null, state: [1] });
 * b[10] ^= 1;
 * try { parseCheckpoint(b, "x.ckpt"); } catch (e) { console.log((e as Error).name); }
 * ```
 */
export const parseCheckpoint = (bytes: Uint8Array, path: string): Checkpoint => {
  const fail = (reason: string): never => {
    throw new CheckpointCorrupt({ path, reason });
  };
  if (bytes.length < 8 + 12 + 32) fail(`file too short (${bytes.length} bytes)`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) fail("bad magic (not a neuroplastic checkpoint)");
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (version !== VERSION) fail(`unknown checkpoint version ${version}`);
  const payload = bytes.subarray(8, bytes.length - 32);
  const stored = bytes.subarray(bytes.length - 32);
  const digest = sha256Bytes(payload);
  for (let i = 0; i < 32; i++) {
    if (digest[i] !== stored[i]) fail("checksum mismatch (truncated or altered)");
  }
  let decoded: unknown;
  try {
    decoded = decodeState(payload);
  } catch (e) {
    fail((e as Error).message);
  }
  const d = decoded as { step?: unknown; meta?: unknown; state?: unknown };
  if (typeof d !== "object" || d === null || typeof d.step !== "number") fail("missing step index");
  return { step: d.step as number, meta: d.meta, state: d.state };
};

/**
 * Writes a checkpoint atomically: temporary file in the same directory, fsync, rename.
 * A crash at any point leaves either the old file or the new one, never a mix.
 *
 * @example
 * ```ts ignore
 * import { writeCheckpointSync } from "@neuroplastic/core/checkpoint";
 * writeCheckpointSync("run/checkpoint.bin", { step: 10, meta: {}, state: { t: 10 } });
 * ```
 */
export const writeCheckpointSync = (path: string, ckpt: Checkpoint): void => {
  writeFileAtomicSync(path, checkpointBytes(ckpt));
};

/**
 * Writes bytes to `path` atomically (temp file + fsync + rename).
 *
 * @example
 * ```ts ignore
 * import { writeFileAtomicSync } from "@neuroplastic/core/checkpoint";
 * writeFileAtomicSync("out/result.json", new TextEncoder().encode("{}"));
 * ```
 */
export const writeFileAtomicSync = (path: string, bytes: Uint8Array): void => {
  const tmp = `${path}.tmp-${Deno.pid}-${Date.now().toString(36)}`;
  const f = Deno.openSync(tmp, { write: true, create: true, truncate: true });
  try {
    let off = 0;
    while (off < bytes.length) off += f.writeSync(bytes.subarray(off));
    f.syncSync();
  } finally {
    f.close();
  }
  Deno.renameSync(tmp, path);
};

/**
 * Reads and verifies a checkpoint file.
 *
 * @example
 * ```ts ignore
 * import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
 * const c = readCheckpointSync("run/checkpoint.bin");
 * ```
 */
export const readCheckpointSync = (path: string): Checkpoint => {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    throw new CheckpointCorrupt({ path, reason: `cannot read: ${(e as Error).message}` });
  }
  return parseCheckpoint(bytes, path);
};

/**
 * Effect version of {@link writeCheckpointSync}.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { writeCheckpoint } from "@neuroplastic/core/checkpoint";
 * Effect.runSync(writeCheckpoint("c.bin", { step: 0, meta: null, state: {} }));
 * ```
 */
export const writeCheckpoint = (
  path: string,
  ckpt: Checkpoint,
): Effect.Effect<void, CheckpointCorrupt> =>
  Effect.try({
    try: () => writeCheckpointSync(path, ckpt),
    catch: (e) => new CheckpointCorrupt({ path, reason: `write failed: ${(e as Error).message}` }),
  });

/**
 * Effect version of {@link readCheckpointSync}: fails with {@link CheckpointCorrupt}.
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { readCheckpoint } from "@neuroplastic/core/checkpoint";
 * const c = Effect.runSync(readCheckpoint("c.bin"));
 * ```
 */
export const readCheckpoint = (path: string): Effect.Effect<Checkpoint, CheckpointCorrupt> =>
  Effect.try({
    try: () => readCheckpointSync(path),
    catch: (e) =>
      e instanceof CheckpointCorrupt ? e : new CheckpointCorrupt({ path, reason: String(e) }),
  });
