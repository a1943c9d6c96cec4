/**
 * Canonical binary encoding of engine states: plain trees of numbers, strings,
 * booleans, null, arrays, plain objects and typed arrays.
 *
 * Layout (little-endian):
 * ```
 * "NPST" | u32 version=1 | u32 headerLength | header (UTF-8 JSON) | pad to 8 | blobs (each padded to 8)
 * ```
 * The header is the tree with object keys sorted, typed arrays replaced by
 * `{"$ta": kind, "i": blobIndex, "n": length}` and non-JSON numbers (NaN, ±Infinity, −0)
 * by `{"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}`. Equal states therefore give
 * equal bytes, on any machine: these bytes are what `stateHash` digests.
 *
 * @module
 */

const MAGIC = [0x4e, 0x50, 0x53, 0x54]; // "NPST"
const VERSION = 1;

type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Uint8ClampedArray;

const KINDS: {
  readonly [k: string]: {
    new (buf: ArrayBuffer, off: number, n: number): TypedArray;
    BYTES_PER_ELEMENT: number;
  };
} = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  u8c: Uint8ClampedArray,
};

const kindOf = (a: ArrayBufferView): string => {
  if (a instanceof Float32Array) return "f32";
  if (a instanceof Float64Array) return "f64";
  if (a instanceof Int8Array) return "i8";
  if (a instanceof Int16Array) return "i16";
  if (a instanceof Int32Array) return "i32";
  if (a instanceof Uint8ClampedArray) return "u8c";
  if (a instanceof Uint8Array) return "u8";
  if (a instanceof Uint16Array) return "u16";
  if (a instanceof Uint32Array) return "u32";
  throw new TypeError(`state codec: unsupported typed array ${a.constructor.name}`);
};

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * Encodes a state tree into canonical bytes.
 *
 * Throws a `TypeError` naming the path of any value it cannot encode
 * (functions, class instances other than typed arrays, BigInt, symbols, cycles).
 *
 * @example
 * ```ts
 * import { encodeState, decodeState } from "@neuroplastic/core/checkpoint";
 * const bytes = encodeState({ t: 3, w: new Float64Array([1, 2]) });
 * const back = decodeState(bytes) as { t: number; w: Float64Array };
 * console.log(back.t, back.w[1]); // 3 2
 * ```
 */
export const encodeState = (value: unknown): Uint8Array => {
  const blobs: ArrayBufferView[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): unknown => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") {
      if (Number.isNaN(v)) return { $num: "NaN" };
      if (v === Infinity) return { $num: "Infinity" };
      if (v === -Infinity) return { $num: "-Infinity" };
      if (Object.is(v, -0)) return { $num: "-0" };
      return v;
    }
    if (v === undefined) return { $undef: 1 };
    if (typeof v !== "object") {
      throw new TypeError(`state codec: cannot encode ${typeof v} at ${path}`);
    }
    if (seen.has(v)) throw new TypeError(`state codec: cycle or shared reference at ${path}`);
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView) throw new TypeError(`state codec: DataView at ${path}`);
      const kind = kindOf(v);
      blobs.push(v);
      return { $ta: kind, i: blobs.length - 1, n: (v as TypedArray).length };
    }
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      out = v.map((x, i) => walk(x, `${path}[${i}]`));
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `state codec: cannot encode instance of ${proto?.constructor?.name} at ${path}`,
        );
      }
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        if (k.startsWith("$")) throw new TypeError(`state codec: key ${k} at ${path} is reserved`);
        o[k] = walk((v as Record<string, unknown>)[k], `${path}.${k}`);
      }
      out = o;
    }
    seen.delete(v);
    return out;
  };
  const tree = walk(value, "state");
  const header = new TextEncoder().encode(JSON.stringify(tree));
  let total = pad8(12 + header.length);
  const offsets: number[] = [];
  for (const b of blobs) {
    offsets.push(total);
    total += pad8(b.byteLength);
  }
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, header.length, true);
  out.set(header, 12);
  blobs.forEach((b, i) => {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[i]);
  });
  return out;
};

/**
 * Decodes bytes written by {@link encodeState}. Throws a `RangeError` describing
 * the problem if the bytes are not a valid encoding (callers map it to `CheckpointCorrupt`).
 *
 * @example
 * ```ts
 * import { encodeState, decodeState } from "@neuroplastic/core/checkpoint";
 * console.log(decodeState(encodeState([1, "a", null])));
 * ```
 */
export const decodeState = (bytes: Uint8Array): unknown => {
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new RangeError("not a neuroplastic state (bad magic)");
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== VERSION) throw new RangeError(`unknown state version ${version}`);
  const hlen = dv.getUint32(8, true);
  if (12 + hlen > bytes.length) throw new RangeError("truncated header");
  let tree: unknown;
  try {
    tree = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(12, 12 + hlen)),
    );
  } catch (e) {
    throw new RangeError(`unreadable header: ${(e as Error).message}`);
  }
  // Recompute blob offsets in encounter order (same order as encoding).
  const metas: { kind: string; n: number; i: number }[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.$ta === "string") {
        metas.push({ kind: o.$ta, n: o.n as number, i: o.i as number });
      } else Object.values(o).forEach(collect);
    }
  };
  collect(tree);
  metas.sort((a, b) => a.i - b.i);
  const arrays: TypedArray[] = [];
  let off = pad8(12 + hlen);
  for (const m of metas) {
    const ctor = KINDS[m.kind];
    if (!ctor || !Number.isInteger(m.n) || m.n < 0) {
      throw new RangeError(`bad array descriptor ${m.kind}`);
    }
    const nbytes = m.n * ctor.BYTES_PER_ELEMENT;
    if (off + nbytes > bytes.length) throw new RangeError("truncated array data");
    const copy = bytes.slice(off, off + nbytes);
    arrays[m.i] = new ctor(copy.buffer, 0, m.n);
    off += pad8(nbytes);
  }
  if (off !== bytes.length) throw new RangeError("trailing bytes after array data");
  const build = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(build);
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.$ta === "string") return arrays[o.i as number];
      if (typeof o.$num === "string") {
        return o.$num === "NaN"
          ? NaN
          : o.$num === "Infinity"
          ? Infinity
          : o.$num === "-Infinity"
          ? -Infinity
          : -0;
      }
      if (o.$undef === 1) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = build(x);
      return out;
    }
    return v;
  };
  return build(tree);
};
