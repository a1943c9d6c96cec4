/**
 * Benchmarks of a training step built from autodiff ops, shaped like one RSGN layer:
 * node states H [B, N, D], connection matrix W [N, N] (H' = Wᵀ·H), a linear map, GELU,
 * layer norm, a readout and cross-entropy. Run: `deno bench -A core/autodiff/autodiff_bench.ts`.
 *
 * @module
 */
import { type DType, type Tensor, tensor } from "../tensor/mod.ts";
import {
  constant,
  crossEntropy,
  gelu,
  layerNorm,
  linear,
  matmul,
  mean,
  transpose,
  valueAndGrad,
  type Var,
} from "./mod.ts";

const B = 16, N = 64, D = 32, C = 10;

function init(dtype: DType): { params: Record<string, Tensor>; X: Var; labels: Int32Array } {
  const mk = (shape: number[], s: number, off: number): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = dtype === "f32" ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = s * Math.sin(0.37 * i + off);
    return tensor(d, shape);
  };
  const params = {
    W: mk([N, N], 0.1, 1),
    Wh: mk([D, D], 0.2, 2),
    bh: mk([D], 0.01, 3),
    gamma: mk([D], 0.1, 4),
    beta: mk([D], 0.1, 5),
    Wo: mk([C, D], 0.2, 6),
  };
  const Xt = mk([B, N, D], 1, 7);
  const X: Var = {
    value: Xt.data,
    shape: Xt.shape,
    parents: [],
    backward: null,
    requiresGrad: false,
  };
  const labels = Int32Array.from({ length: B }, (_, i) => i % C);
  return { params, X, labels };
}

for (const dtype of ["f32", "f64"] as const) {
  const { params, X, labels } = init(dtype);
  const loss = (q: Record<string, Var>): Var => {
    const H = matmul(transpose(q.W), X); // [N,N]·[B,N,D] → [B,N,D]
    const Z = layerNorm(gelu(linear(H, q.Wh, q.bh)), q.gamma, q.beta);
    const logits = linear(mean(Z, 1), q.Wo); // [B, C]
    return crossEntropy(logits, labels);
  };
  const step = valueAndGrad((p) => loss(p as Record<string, Var>));
  const consts: Record<string, Var> = {};
  for (const [k, t] of Object.entries(params)) consts[k] = constant(t);
  Deno.bench(`RSGN-like layer forward only (B=${B}, N=${N}, D=${D}) ${dtype}`, {
    group: dtype,
    baseline: true,
  }, () => {
    loss(consts);
  });
  Deno.bench(
    `RSGN-like layer value+grad (B=${B}, N=${N}, D=${D}) ${dtype}`,
    { group: dtype },
    () => {
      step(params);
    },
  );
}
