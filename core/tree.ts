/**
 * Pytrees (JAX style): nested arrays/objects whose leaves are tensors, with
 * map, leaves and a `ravel_pytree`-like flatten/unflatten for optimizers and
 * evolution strategies.
 *
 * @module
 */
import type { FloatArray, Tensor } from "./tensor/mod.ts";

/** A tree of leaves `L`: a leaf, an array of trees or an object of trees. */
export type Tree<L> = L | readonly Tree<L>[] | { readonly [k: string]: Tree<L> };

/**
 * Whether `v` is a tensor leaf (`{ data: Float32Array | Float64Array, shape }`).
 *
 * @example
 * ```ts
 * import { isTensor } from "@neuroplastic/core/tree";
 * console.log(isTensor({ data: new Float64Array(2), shape: [2] })); // true
 * ```
 */
export const isTensor = (v: unknown): v is Tensor =>
  typeof v === "object" && v !== null && !Array.isArray(v) &&
  ((v as Tensor).data instanceof Float64Array || (v as Tensor).data instanceof Float32Array) &&
  Array.isArray((v as Tensor).shape);

/**
 * Leaves of a tree in deterministic order (arrays by index, objects by insertion order of keys).
 *
 * @example
 * ```ts
 * import { treeLeaves, isTensor } from "@neuroplastic/core/tree";
 * const t = { a: { data: new Float64Array(1), shape: [1] }, b: [{ data: new Float64Array(2), shape: [2] }] };
 * console.log(treeLeaves(t, isTensor).length); // 2
 * ```
 */
export const treeLeaves = <L>(t: Tree<L>, isLeaf: (v: unknown) => v is L): L[] => {
  const out: L[] = [];
  const walk = (v: unknown): void => {
    if (isLeaf(v)) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
    else throw new TypeError(`tree: unexpected leaf ${String(v)}`);
  };
  walk(t);
  return out;
};

/**
 * Maps every leaf, keeping the structure.
 *
 * @example
 * ```ts
 * import { treeMap, isTensor } from "@neuroplastic/core/tree";
 * const z = treeMap({ w: { data: new Float64Array([1, 2]), shape: [2] } }, (l) => ({ ...l, data: l.data.map((x) => 2 * x) }), isTensor);
 * console.log(z);
 * ```
 */
export const treeMap = <L, M>(
  t: Tree<L>,
  f: (leaf: L, path: string) => M,
  isLeaf: (v: unknown) => v is L,
): Tree<M> => {
  const walk = (v: unknown, path: string): unknown => {
    if (isLeaf(v)) return f(v, path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (typeof v === "object" && v !== null) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, path ? `${path}.${k}` : k);
      return o;
    }
    throw new TypeError(`tree: unexpected leaf at ${path}`);
  };
  return walk(t, "") as Tree<M>;
};

/**
 * Maps pairs of leaves of two trees of the same structure.
 *
 * @example
 * ```ts
 * import { treeMap2, isTensor } from "@neuroplastic/core/tree";
 * const a = { w: { data: new Float64Array([1]), shape: [1] } };
 * console.log(treeMap2(a, a, (x, y) => x.data[0] + y.data[0], isTensor)); // { w: 2 }
 * ```
 */
export const treeMap2 = <L, M>(
  a: Tree<L>,
  b: Tree<L>,
  f: (x: L, y: L, path: string) => M,
  isLeaf: (v: unknown) => v is L,
): Tree<M> => {
  const walk = (x: unknown, y: unknown, path: string): unknown => {
    if (isLeaf(x)) {
      if (!isLeaf(y)) throw new TypeError(`tree: structure mismatch at ${path}`);
      return f(x, y, path);
    }
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || y.length !== x.length) {
        throw new TypeError(`tree: structure mismatch at ${path}`);
      }
      return x.map((v, i) => walk(v, y[i], `${path}[${i}]`));
    }
    if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x)) {
        if (!(k in y)) throw new TypeError(`tree: structure mismatch at ${path}.${k}`);
        o[k] = walk(
          (x as Record<string, unknown>)[k],
          (y as Record<string, unknown>)[k],
          path ? `${path}.${k}` : k,
        );
      }
      return o;
    }
    throw new TypeError(`tree: structure mismatch at ${path}`);
  };
  return walk(a, b, "") as Tree<M>;
};

/** Result of {@link flattenTree}. */
export interface Flattened {
  /** All leaves concatenated (row-major, leaves in tree order), in the dtype of the first leaf. */
  readonly flat: FloatArray;
  /** Rebuilds a tree of the same structure (fresh arrays) from a flat vector of the same length. */
  readonly unflatten: (flat: ArrayLike<number>) => Tree<Tensor>;
  /** Leaf sizes in order. */
  readonly sizes: readonly number[];
  /** Leaf paths in order (e.g. `layers[0].w`). */
  readonly paths: readonly string[];
}

/**
 * `jax.flatten_util.ravel_pytree`: one flat vector and its inverse.
 *
 * @example
 * ```ts
 * import { flattenTree } from "@neuroplastic/core/tree";
 * const f = flattenTree({ w: { data: new Float64Array([1, 2]), shape: [2] }, b: { data: new Float64Array([3]), shape: [1] } });
 * console.log(Array.from(f.flat), f.paths); // [1, 2, 3] ["w", "b"]
 * ```
 */
export const flattenTree = (t: Tree<Tensor>): Flattened => {
  const paths: string[] = [];
  const leaves: Tensor[] = [];
  treeMap(t, (l, p) => {
    paths.push(p);
    leaves.push(l);
    return l;
  }, isTensor);
  const sizes = leaves.map((l) => l.data.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const f32 = leaves.length > 0 && leaves[0].data instanceof Float32Array;
  const flat: FloatArray = f32 ? new Float32Array(total) : new Float64Array(total);
  let off = 0;
  for (const l of leaves) {
    flat.set(l.data, off);
    off += l.data.length;
  }
  const unflatten = (v: ArrayLike<number>): Tree<Tensor> => {
    if (v.length !== total) {
      throw new RangeError(`unflatten: expected ${total} values, got ${v.length}`);
    }
    let i = 0;
    let o = 0;
    return treeMap(t, (l) => {
      const n = sizes[i++];
      const data = l.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      for (let k = 0; k < n; k++) data[k] = v[o + k];
      o += n;
      return { data, shape: l.shape };
    }, isTensor);
  };
  return { flat, unflatten, sizes, paths };
};
