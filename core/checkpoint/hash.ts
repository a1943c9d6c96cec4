/**
 * SHA-256 digests of canonical state bytes (`stateHash`).
 *
 * @module
 */
import { createHash } from "node:crypto";
import { encodeState } from "./codec.ts";

/**
 * SHA-256 of `bytes`, as lowercase hex.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "@neuroplastic/core/checkpoint";
 * console.log(sha256Hex(new TextEncoder().encode("abc")).slice(0, 8)); // "ba7816bf"
 * ```
 */
export const sha256Hex = (bytes: Uint8Array): string =>
  createHash("sha256").update(bytes).digest("hex");

/**
 * SHA-256 hex of a state's canonical bytes ({@link encodeState}): equal states
 * hash equal on every machine.
 *
 * @example
 * ```ts
 * import { stateHash } from "@neuroplastic/core/checkpoint";
 * console.log(stateHash({ t: 1, x: new Float64Array([0.5]) }).length); // 64
 * ```
 */
export const stateHash = (state: unknown): string => sha256Hex(encodeState(state));
