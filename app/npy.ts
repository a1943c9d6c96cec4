/**
 * NumPy `.npy` files, format version 1.0 (numpy/lib/format.py, "NPY format"): the magic
 * `\x93NUMPY`, version bytes 1 0, a little-endian u16 header length, an ASCII Python dict
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (n, k), }` padded with spaces to a newline
 * so that the data starts on a 64-byte boundary, then the data in C order, little-endian.
 *
 * @module
 */

/** The typed arrays an `.npy` file can hold here. */
export type NpyArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/**
 * The NumPy dtype string of a typed array (`<f8`, `<i4`, `|u1`, ...).
 *
 * @example
 * ```ts
 * import { npyDescr } from "./npy.ts";
 * console.log(npyDescr(new Float32Array(1)), npyDescr(new Uint8Array(1))); // <f4 |u1
 * ```
 */
export const npyDescr = (a: NpyArray): string => {
  if (a instanceof Float64Array) return "<f8";
  if (a instanceof Float32Array) return "<f4";
  if (a instanceof Int8Array) return "|i1";
  if (a instanceof Int16Array) return "<i2";
  if (a instanceof Int32Array) return "<i4";
  if (a instanceof BigInt64Array) return "<i8";
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return "|u1";
  if (a instanceof Uint16Array) return "<u2";
  return "<u4";
};

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Encodes an array of the given shape (C order) as `.npy` bytes. A shape of `[]` is a scalar
 * (one element).
 *
 * @example
 * ```ts
 * import { npyBytes } from "./npy.ts";
 * const b = npyBytes(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
 * console.log(b.length); // 176 (a 128-byte header, 48 bytes of data)
 * ```
 */
export const npyBytes = (data: NpyArray, shape: readonly number[]): Uint8Array => {
  const n = shape.reduce((p, d) => p * d, 1);
  if (n !== data.length) {
    throw new RangeError(`npy: shape (${shape.join(", ")}) holds ${n} values, got ${data.length}`);
  }
  if (!LITTLE_ENDIAN) throw new RangeError("npy: a big-endian host is not supported");
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  const dict = `{'descr': '${npyDescr(data)}', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic (6) + version (2) + header length (2) + header, a multiple of 64, ending in "\n"
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 10 - 1, " ") + "\n";
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
};

/** A decoded `.npy` file. */
export interface Npy {
  /** The dtype string (`<f8`, ...). */
  readonly descr: string;
  /** The shape (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** The values, as a typed array of the dtype. */
  readonly data: NpyArray;
}

const CTORS: { readonly [d: string]: new (b: ArrayBuffer) => NpyArray } = {
  "<f8": Float64Array,
  "<f4": Float32Array,
  "|i1": Int8Array,
  "<i2": Int16Array,
  "<i4": Int32Array,
  "<i8": BigInt64Array,
  "|u1": Uint8Array,
  "<u2": Uint16Array,
  "<u4": Uint32Array,
};

/**
 * Decodes `.npy` bytes written by {@link npyBytes} (version 1.0, C order, the dtypes above).
 *
 * @example
 * ```ts
 * import { npyBytes, parseNpy } from "./npy.ts";
 * const a = parseNpy(npyBytes(Int32Array.of(7, 8), [2]));
 * console.log(a.descr, a.shape, Array.from(a.data as Int32Array)); // <i4 [ 2 ] [ 7, 8 ]
 * ```
 */
export const parseNpy = (bytes: Uint8Array): Npy => {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (magic.some((m, i) => bytes[i] !== m)) throw new RangeError("npy: bad magic");
  if (bytes[6] !== 1) throw new RangeError(`npy: version ${bytes[6]}.${bytes[7]} not supported`);
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len));
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? "";
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1] ?? "";
  if (!/'fortran_order': False/.test(header)) throw new RangeError("npy: Fortran order");
  const Ctor = CTORS[descr];
  if (!Ctor) throw new RangeError(`npy: dtype ${descr} not supported`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  const body = bytes.slice(10 + len);
  return { descr, shape, data: new Ctor(body.buffer) };
};
