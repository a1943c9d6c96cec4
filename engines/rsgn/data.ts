/**
 * The reference's synthetic tasks, bit-exact with NumPy's legacy global RNG (MT19937, polar
 * `randn` with its cached deviate, masked `randint`, Fisher–Yates `permutation`), computed in
 * float64 and cast to float32 as `torch.FloatTensor(X)` does.
 *
 * - {@link srcHierarchicalData}: `src/utils.py generate_hierarchical_data` (README task).
 * - {@link hierarchicalData}: notebook cell 6 `generate_hierarchical_data` (Exp. 1, Exp. 3).
 * - {@link longRangeData}: notebook cell 6 `generate_long_range_data` (Exp. 2).
 * - {@link splitIndices}: `create_dataloaders` (seed 42, first ⌊0.8n⌋ of a permutation train).
 *
 * Spec: ../shared/spec/rsgn.md §4.
 *
 * @module
 */
import { numpy } from "@neuroplastic/core/random";

/** A classification data set: `X` row-major (n, seqLen, dim) float32 and labels in [0, classes). */
export interface Dataset {
  /** Samples. */
  readonly n: number;
  /** Sequence length T. */
  readonly seqLen: number;
  /** Feature dimension D_in. */
  readonly dim: number;
  /** Number of classes C. */
  readonly classes: number;
  /** Inputs, flat row-major (n·T·D). */
  readonly X: Float32Array;
  /** Labels (the reference's int64, here int32). */
  readonly y: Int32Array;
}

/** Options shared by the generators (the reference's keyword arguments). */
export interface DataOptions {
  /** num_samples. */
  readonly n: number;
  /** seq_len. */
  readonly seqLen: number;
  /** dim. */
  readonly dim: number;
  /** num_classes. */
  readonly classes: number;
  /** noise (the hierarchical tasks; ignored by the long-range task, which uses 0.3). */
  readonly noise?: number;
  /** seed passed to `np.random.seed`. */
  readonly seed?: number;
}

const scaled = (v: Float64Array, s: number): Float64Array => {
  // numpy: randn(...) * s (one float64 product per element)
  for (let i = 0; i < v.length; i++) v[i] = v[i] * s;
  return v;
};

const toF32 = (X: Float64Array): Float32Array => Float32Array.from(X);

/**
 * src `generate_hierarchical_data(num_samples=10000, seq_len=32, dim=64, num_classes=10,
 * noise=0.1, seed=42)`: noise, labels, then per sample three local 3-grams (pos, then pattern
 * index), three level-2 markers at (T//3)·p + randint(max(1, T//6)), and 0.1·L3[c] everywhere.
 *
 * @example
 * ```ts
 * import { srcHierarchicalData } from "@neuroplastic/engines/rsgn";
 * const d = srcHierarchicalData({ n: 5000, seqLen: 32, dim: 64, classes: 10 });
 * console.log(Array.from(d.y.slice(0, 4))); // [2, 5, 2, 3]
 * ```
 */
export function srcHierarchicalData(o: DataOptions): Dataset {
  const { n, seqLen: T, dim: D, classes: C } = o;
  const noise = o.noise ?? 0.1;
  const rs = numpy.randomState(o.seed ?? 42);
  const X = scaled(numpy.randn(rs, n * T * D), noise);
  const y = numpy.randint(rs, 0, C, n);
  const L1 = scaled(numpy.randn(rs, C * 5 * 3 * D), 0.5);
  const L2 = scaled(numpy.randn(rs, C * 3 * D), 0.3);
  const L3 = scaled(numpy.randn(rs, C * D), 0.2);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    const xi = i * T * D;
    for (let r = 0; r < 3; r++) {
      const pos = numpy.randint(rs, 0, Math.max(1, T - 3), 1)[0];
      const k = numpy.randint(rs, 0, 5, 1)[0];
      const e = Math.min(pos + 3, T);
      const li = ((c * 5 + k) * 3) * D;
      for (let t = pos; t < e; t++) {
        for (let d = 0; d < D; d++) X[xi + t * D + d] += L1[li + (t - pos) * D + d];
      }
    }
    for (let p = 0; p < 3; p++) {
      let pos = Math.floor(T / 3) * p + numpy.randint(rs, 0, Math.max(1, Math.floor(T / 6)), 1)[0];
      pos = Math.min(pos, T - 1);
      for (let d = 0; d < D; d++) X[xi + pos * D + d] += L2[(c * 3 + p) * D + d];
    }
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) X[xi + t * D + d] += L3[c * D + d] * 0.1;
    }
  }
  return { n, seqLen: T, dim: D, classes: C, X: toF32(X), y };
}

/**
 * Notebook `generate_hierarchical_data(num_samples=5000, seq_len=64, dim=32, num_classes=20,
 * noise=0.3, seed=42)`: per sample randint(2,5) local 5-step patterns out of 8 per class, four
 * markers at (T//4)·p + randint(max(1, T//8)), and 0.05·L3[c] everywhere.
 *
 * @example
 * ```ts
 * import { hierarchicalData } from "@neuroplastic/engines/rsgn";
 * const d = hierarchicalData({ n: 5000, seqLen: 64, dim: 32, classes: 20 });
 * console.log(Array.from(d.y.slice(0, 3))); // [2, 18, 12]
 * ```
 */
export function hierarchicalData(o: DataOptions): Dataset {
  const { n, seqLen: T, dim: D, classes: C } = o;
  const noise = o.noise ?? 0.3;
  const rs = numpy.randomState(o.seed ?? 42);
  const X = scaled(numpy.randn(rs, n * T * D), noise);
  const y = numpy.randint(rs, 0, C, n);
  const L1 = scaled(numpy.randn(rs, C * 8 * 5 * D), 0.15);
  const L2 = scaled(numpy.randn(rs, C * 4 * D), 0.1);
  const L3 = scaled(numpy.randn(rs, C * D), 0.08);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    const xi = i * T * D;
    const nLocal = numpy.randint(rs, 2, 5, 1)[0];
    for (let r = 0; r < nLocal; r++) {
      const pos = numpy.randint(rs, 0, Math.max(1, T - 5), 1)[0];
      const k = numpy.randint(rs, 0, 8, 1)[0];
      const e = Math.min(pos + 5, T);
      const li = ((c * 8 + k) * 5) * D;
      for (let t = pos; t < e; t++) {
        for (let d = 0; d < D; d++) X[xi + t * D + d] += L1[li + (t - pos) * D + d];
      }
    }
    for (let p = 0; p < 4; p++) {
      let pos = Math.floor(T / 4) * p + numpy.randint(rs, 0, Math.max(1, Math.floor(T / 8)), 1)[0];
      pos = Math.min(pos, T - 1);
      for (let d = 0; d < D; d++) X[xi + pos * D + d] += L2[(c * 4 + p) * D + d];
    }
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) X[xi + t * D + d] += L3[c * D + d] * 0.05;
    }
  }
  return { n, seqLen: T, dim: D, classes: C, X: toF32(X), y };
}

/**
 * Notebook `generate_long_range_data(num_samples=3000, seq_len=128, dim=32, num_classes=10,
 * seed=42)`: noise 0.3, begin/end patterns (C, 8, D)·0.5, then per sample c = randint(0, C),
 * X[i, :8] += B[c] and X[i, −8:] += E[c]. Needs seqLen ≥ 8 (NumPy would fail to broadcast).
 *
 * @example
 * ```ts
 * import { longRangeData } from "@neuroplastic/engines/rsgn";
 * const d = longRangeData({ n: 3000, seqLen: 128, dim: 32, classes: 10 });
 * console.log(Array.from(d.y.slice(0, 3))); // [4, 2, 1]
 * ```
 */
export function longRangeData(o: DataOptions): Dataset {
  const { n, seqLen: T, dim: D, classes: C } = o;
  if (T < 8) throw new RangeError(`long-range data needs seqLen ≥ 8, got ${T}`);
  const rs = numpy.randomState(o.seed ?? 42);
  const X = scaled(numpy.randn(rs, n * T * D), 0.3);
  const y = new Int32Array(n);
  const Bg = scaled(numpy.randn(rs, C * 8 * D), 0.5);
  const En = scaled(numpy.randn(rs, C * 8 * D), 0.5);
  for (let i = 0; i < n; i++) {
    const c = numpy.randint(rs, 0, C, 1)[0];
    y[i] = c;
    const xi = i * T * D;
    for (let t = 0; t < 8; t++) {
      for (let d = 0; d < D; d++) X[xi + t * D + d] += Bg[(c * 8 + t) * D + d];
    }
    for (let t = 0; t < 8; t++) {
      const tt = T - 8 + t;
      for (let d = 0; d < D; d++) X[xi + tt * D + d] += En[(c * 8 + t) * D + d];
    }
  }
  return { n, seqLen: T, dim: D, classes: C, X: toF32(X), y };
}

/** Train and validation index lists. */
export interface Split {
  /** Training indices (first ⌊ratio·n⌋ of the permutation). */
  readonly train: Int32Array;
  /** Validation indices (the rest). */
  readonly val: Int32Array;
}

/**
 * `create_dataloaders` split: `np.random.seed(seed)`, idx = permutation(n), train = idx[:int(n·r)].
 *
 * @example
 * ```ts
 * import { splitIndices } from "@neuroplastic/engines/rsgn";
 * const s = splitIndices(5000);
 * console.log(s.train.length, s.val.length, s.train[0]); // 4000 1000 1501
 * ```
 */
export function splitIndices(n: number, trainRatio = 0.8, seed = 42): Split {
  const idx = numpy.permutation(numpy.randomState(seed), n);
  // int(n * train_ratio): Python truncation of the float64 product
  const nt = Math.trunc(n * trainRatio);
  return { train: idx.slice(0, nt), val: idx.slice(nt) };
}

/**
 * Gather samples `idx` of a data set into a new contiguous data set.
 *
 * @example
 * ```ts
 * import { longRangeData, subset } from "@neuroplastic/engines/rsgn";
 * const d = longRangeData({ n: 10, seqLen: 16, dim: 2, classes: 3 });
 * console.log(subset(d, Int32Array.of(3, 1)).n); // 2
 * ```
 */
export function subset(d: Dataset, idx: ArrayLike<number>): Dataset {
  const row = d.seqLen * d.dim;
  const X = new Float32Array(idx.length * row);
  const y = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    X.set(d.X.subarray(idx[i] * row, (idx[i] + 1) * row), i * row);
    y[i] = d.y[idx[i]];
  }
  return { ...d, n: idx.length, X, y };
}

/** The three task generators by name. */
export type TaskName = "hierarchical" | "long-range" | "src-hierarchical";

/**
 * Generate a named task with the reference's arguments merged over `o`.
 *
 * @example
 * ```ts
 * import { generateTask } from "@neuroplastic/engines/rsgn";
 * const d = generateTask("long-range", { n: 40, seqLen: 16, dim: 4, classes: 3 });
 * console.log(d.X.length); // 2560
 * ```
 */
export function generateTask(task: TaskName, o: DataOptions): Dataset {
  switch (task) {
    case "hierarchical":
      return hierarchicalData(o);
    case "long-range":
      return longRangeData(o);
    case "src-hierarchical":
      return srcHierarchicalData(o);
  }
}
