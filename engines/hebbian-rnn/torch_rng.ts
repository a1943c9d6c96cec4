/**
 * Bit-exact emulation of the PyTorch CPU generator draws the reference `sc.py` makes, so that
 * `np hebbian-rnn mode-a train --seed 42` starts from the reference's weights and sees the
 * reference's batches (verified against torch 1.13 on CPU: `bench/compare/hebbian_rnn_torch.py`).
 *
 * PyTorch's CPU generator is MT19937 seeded with `init_genrand(seed mod 2^32)` — the same
 * stream as NumPy's legacy `RandomState(seed)`, so the core `numpy` MT19937 is reused. Draws
 * (ATen `core/TransformationHelper.h`, `native/cpu/DistributionTemplates.h`):
 * - `uniform_(lo, hi)` on float32: `u = next32() & (2^24 − 1)`, `v = f32(u · 2^−24 · (hi − lo) + lo)`
 *   with `lo, hi` first rounded to float32 (one 32-bit draw per element);
 * - `randint(lo, hi)` with `hi − lo < 2^32`: `lo + next32() mod (hi − lo)`;
 * - `randn(n)` with `n ≥ 16` (`normal_fill`): n uniform draws (+16 when n mod 16 ≠ 0), then
 *   Box–Muller in blocks of 16; the reference only needs to skip these draws.
 * - `nn.Linear(in, out)` init (`reset_parameters`): weight `U(±√3 · √(2/(1+5)) / √in)`
 *   (kaiming_uniform with a = √5), then bias `U(±1/√in)`.
 *
 * @module
 */
import { numpy } from "@neuroplastic/core/random";

/** The MT19937 state of a PyTorch CPU generator (plain data: checkpointable). */
export type TorchGenerator = numpy.RandomState;

const TWO_M24 = 1 / 16777216;

/**
 * `torch.manual_seed(seed)`: a fresh CPU generator (PyTorch keeps the low 32 bits of the seed).
 *
 * @example
 * ```ts
 * import { torchGenerator, torchRandint } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(Array.from(torchRandint(torchGenerator(42), 0, 2, 6))); // [0, 1, 0, 0, 0, 1]
 * ```
 */
export const torchGenerator = (seed: number): TorchGenerator =>
  numpy.randomState(seed % 4294967296);

/**
 * A copy of a generator (draws from the copy leave the original untouched).
 *
 * @example
 * ```ts
 * import { cloneTorchGenerator, torchGenerator } from "@neuroplastic/engines/hebbian-rnn";
 * const g = cloneTorchGenerator(torchGenerator(1));
 * ```
 */
export const cloneTorchGenerator = (g: TorchGenerator): TorchGenerator => numpy.cloneRandomState(g);

/**
 * `tensor.uniform_(lo, hi)` on a float32 CPU tensor, into `out` (values are float32-exact).
 *
 * @example
 * ```ts
 * import { torchGenerator, torchUniform } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(torchUniform(torchGenerator(42), -0.5, 0.5, new Float64Array(1))[0]); // 0.3822692632675171
 * ```
 */
export const torchUniform = (
  g: TorchGenerator,
  lo: number,
  hi: number,
  out: Float64Array,
  offset = 0,
  n: number = out.length - offset,
): Float64Array => {
  const lo32 = Math.fround(lo);
  const width = Math.fround(hi) - lo32;
  for (let k = 0; k < n; k++) {
    const u = numpy.nextUint32(g) & 0xffffff;
    out[offset + k] = Math.fround(u * TWO_M24 * width + lo32);
  }
  return out;
};

/**
 * `torch.randint(lo, hi, (n,))` for a range below 2^32.
 *
 * @example
 * ```ts
 * import { torchGenerator, torchRandint } from "@neuroplastic/engines/hebbian-rnn";
 * console.log(torchRandint(torchGenerator(0), 0, 10, 3).length); // 3
 * ```
 */
export const torchRandint = (g: TorchGenerator, lo: number, hi: number, n: number): Int32Array => {
  const range = hi - lo;
  if (!(range >= 1 && range < 4294967296)) {
    throw new RangeError(`randint range must be in [1, 2^32), got ${range}`);
  }
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = lo + (numpy.nextUint32(g) % range);
  return out;
};

/**
 * Advances the generator past `torch.randn(n)` without computing the normals. Exact for n ≥ 16
 * (vectorised `normal_fill`); for n < 16 PyTorch's scalar path draws two doubles (4 words) per
 * pair of normals and caches the odd one in the generator, which is not modelled here.
 *
 * @example
 * ```ts
 * import { torchGenerator, torchSkipRandn } from "@neuroplastic/engines/hebbian-rnn";
 * torchSkipRandn(torchGenerator(42), 1024);
 * ```
 */
export const torchSkipRandn = (g: TorchGenerator, n: number): void => {
  const draws = n >= 16 ? n + (n % 16 === 0 ? 0 : 16) : 4 * Math.ceil(n / 2);
  for (let k = 0; k < draws; k++) numpy.nextUint32(g);
};

/**
 * `nn.Linear(fanIn, fanOut)` default initialisation into `weight` (row-major `[fanOut][fanIn]`)
 * then `bias` (length `fanOut`), both drawn from `g` in PyTorch's order.
 *
 * @example
 * ```ts
 * import { torchGenerator, torchLinearInit } from "@neuroplastic/engines/hebbian-rnn";
 * const w = new Float64Array(32), b = new Float64Array(32);
 * torchLinearInit(torchGenerator(42), 1, 32, w, b);
 * ```
 */
export const torchLinearInit = (
  g: TorchGenerator,
  fanIn: number,
  fanOut: number,
  weight: Float64Array,
  bias: Float64Array,
  weightOffset = 0,
  biasOffset = 0,
): void => {
  // kaiming_uniform_(w, a=√5): gain = √(2 / (1 + a²)), bound = √3 · gain / √fan_in
  const a = Math.sqrt(5);
  const bound = Math.sqrt(3) * (Math.sqrt(2 / (1 + a * a)) / Math.sqrt(fanIn));
  torchUniform(g, -bound, bound, weight, weightOffset, fanIn * fanOut);
  const bb = 1 / Math.sqrt(fanIn);
  torchUniform(g, -bb, bb, bias, biasOffset, fanOut);
};
