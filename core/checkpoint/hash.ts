/**
 * SHA-256 digests of canonical state bytes (`stateHash`).
 *
 * The digest comes from the runtime's `node:crypto` where it has one (Deno, Node: found with
 * `process.getBuiltinModule`, so this module imports nothing a browser lacks), else from the
 * plain-TypeScript {@link ./sha256.ts} (a browser page or Web Worker). Both give the same bytes.
 *
 * @module
 */
import { encodeState } from "./codec.ts";
import { sha256 } from "./sha256.ts";

/** The part of `node:crypto` used here. */
interface NodeCrypto {
  createHash(algorithm: "sha256"): { update(b: Uint8Array): { digest(): Uint8Array } };
}

const nodeCrypto = (globalThis as {
  readonly process?: { readonly getBuiltinModule?: (id: string) => unknown };
}).process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;

/**
 * SHA-256 of `bytes` (32 bytes): native where the runtime has `node:crypto`, else plain
 * TypeScript.
 *
 * @example
 * ```ts
 * import { sha256Bytes } from "@neuroplastic/core/checkpoint";
 * console.log(sha256Bytes(new TextEncoder().encode("abc"))[0]); // 186
 * ```
 */
export const sha256Bytes = (bytes: Uint8Array): Uint8Array =>
  nodeCrypto
    ? new Uint8Array(nodeCrypto.createHash("sha256").update(bytes).digest())
    : sha256(bytes);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * SHA-256 of `bytes`, as lowercase hex.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "@neuroplastic/core/checkpoint";
 * console.log(sha256Hex(new TextEncoder().encode("abc")).slice(0, 8)); // "ba7816bf"
 * ```
 */
export const sha256Hex = (bytes: Uint8Array): string => {
  let s = "";
  for (const b of sha256Bytes(bytes)) s += HEX[b];
  return s;
};

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
