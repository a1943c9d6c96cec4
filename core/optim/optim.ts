/**
 * Optimizers as pure `init/update` transformations over pytrees of tensors, with
 * PyTorch's exact update semantics (torch.optim.SGD, Adam, AdamW), global-norm
 * clipping (`clip_grad_norm_`) and the cosine-annealing schedule.
 *
 * @module
 */
import type { Tensor } from "../tensor/mod.ts";
import { isTensor, type Tree, treeLeaves, treeMap } from "../tree.ts";

/** Optimizer state: a step counter and per-parameter buffers (plain data, checkpointable). */
export interface OptState {
  /** Updates applied so far. */
  readonly step: number;
  /** First-moment (or momentum) buffers, same structure as the params (null when unused). */
  readonly m: Tree<Tensor> | null;
  /** Second-moment buffers (Adam/AdamW), null otherwise. */
  readonly v: Tree<Tensor> | null;
}

/** A pure optimizer: `update` returns new params and state and never mutates its inputs. */
export interface Optimizer {
  /** Zero state for `params`. */
  init(params: Tree<Tensor>): OptState;
  /** One step; `lr` overrides the configured learning rate (schedules). */
  update(
    grads: Tree<Tensor>,
    state: OptState,
    params: Tree<Tensor>,
    lr?: number,
  ): { params: Tree<Tensor>; state: OptState };
}

const zerosLike = (t: Tree<Tensor>): Tree<Tensor> =>
  treeMap<Tensor, Tensor>(
    t,
    (l) => ({
      data: new (l.data.constructor as Float64ArrayConstructor)(l.data.length),
      shape: l.shape,
    }),
    isTensor,
  );

const leaves = (t: Tree<Tensor>): Tensor[] => treeLeaves<Tensor>(t, isTensor);

/** Rebuilds `like` with leaf i replaced by `data[i]`. */
const rebuild = (like: Tree<Tensor>, data: (Float32Array | Float64Array)[]): Tree<Tensor> => {
  let i = 0;
  return treeMap<Tensor, Tensor>(like, (l) => ({ data: data[i++], shape: l.shape }), isTensor);
};

const checkSame = (a: Tensor[], b: Tensor[], what: string): void => {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} leaves vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (a[i].data.length !== b[i].data.length) {
      throw new RangeError(
        `${what}: leaf ${i} has ${b[i].data.length} values, expected ${a[i].data.length}`,
      );
    }
  }
};

/**
 * torch.optim.SGD: g ← g + wd·p; b ← μ·b + (1 − dampening)·g (b = g on the first step);
 * g ← g + μ·b (Nesterov) or g ← b; p ← p − lr·g.
 *
 * @example
 * ```ts
 * import { sgd } from "@neuroplastic/core/optim";
 * const opt = sgd({ lr: 0.1, momentum: 0.9 });
 * const p = { w: { data: new Float64Array([1]), shape: [1] } };
 * const r = opt.update({ w: { data: new Float64Array([2]), shape: [1] } }, opt.init(p), p);
 * console.log(r.params); // { w: { data: [0.8], shape: [1] } }
 * ```
 */
export const sgd = (opts: {
  readonly lr: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}): Optimizer => {
  const mu = opts.momentum ?? 0, damp = opts.dampening ?? 0, wd = opts.weightDecay ?? 0;
  return {
    init: (params) => ({ step: 0, m: mu !== 0 ? zerosLike(params) : null, v: null }),
    update: (grads, state, params, lr = opts.lr) => {
      const P = leaves(params), G = leaves(grads);
      checkSame(P, G, "sgd grads");
      const B = state.m ? leaves(state.m) : [];
      const newP: (Float32Array | Float64Array)[] = [], newB: (Float32Array | Float64Array)[] = [];
      for (let i = 0; i < P.length; i++) {
        const p = P[i].data, g = G[i].data;
        const np = p.slice(), nb = mu !== 0 ? B[i].data.slice() : undefined;
        for (let k = 0; k < p.length; k++) {
          let d = g[k] + wd * p[k];
          if (nb) {
            nb[k] = state.step === 0 ? d : mu * nb[k] + (1 - damp) * d;
            d = opts.nesterov ? d + mu * nb[k] : nb[k];
          }
          np[k] = p[k] - lr * d;
        }
        newP.push(np);
        if (nb) newB.push(nb);
      }
      return {
        params: rebuild(params, newP),
        state: { step: state.step + 1, m: mu !== 0 ? rebuild(params, newB) : null, v: null },
      };
    },
  };
};

const adamLike = (decoupled: boolean, opts: {
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}): Optimizer => {
  const b1 = opts.beta1 ?? 0.9, b2 = opts.beta2 ?? 0.999, eps = opts.eps ?? 1e-8;
  const wd = opts.weightDecay ?? (decoupled ? 1e-2 : 0), lr0 = opts.lr ?? 1e-3;
  return {
    init: (params) => ({ step: 0, m: zerosLike(params), v: zerosLike(params) }),
    update: (grads, state, params, lr = lr0) => {
      const P = leaves(params), G = leaves(grads), M = leaves(state.m!), V = leaves(state.v!);
      checkSame(P, G, decoupled ? "adamw grads" : "adam grads");
      const t = state.step + 1;
      // bias corrections 1 − β^t (torch computes them per step)
      const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
      const newP: (Float32Array | Float64Array)[] = [],
        newM: (Float32Array | Float64Array)[] = [],
        newV: (Float32Array | Float64Array)[] = [];
      // Per-step constants, hoisted out of the element loop (same values, same bits).
      const sqrtBc2 = Math.sqrt(bc2), stepSize = lr / bc1, decay = 1 - lr * wd;
      const c1 = 1 - b1, c2 = 1 - b2, l2 = !decoupled && wd !== 0;
      for (let i = 0; i < P.length; i++) {
        const p = P[i].data, g = G[i].data;
        const np = p.slice(), m = M[i].data.slice(), v = V[i].data.slice();
        for (let k = 0; k < p.length; k++) {
          let gk = g[k];
          // AdamW (Loshchilov & Hutter 2019; torch): p ← p·(1 − lr·wd) before the Adam step.
          if (decoupled) np[k] = p[k] * decay;
          // Adam with L2 (torch Adam weight_decay): g ← g + wd·p.
          else if (l2) gk += wd * p[k];
          m[k] = b1 * m[k] + c1 * gk;
          v[k] = b2 * v[k] + c2 * gk * gk;
          // p ← p − lr · (m/bc1) / (√(v/bc2) + eps)   (torch: denom = √v/√bc2 + eps)
          const denom = Math.sqrt(v[k]) / sqrtBc2 + eps;
          np[k] = np[k] - stepSize * (m[k] / denom);
        }
        newP.push(np);
        newM.push(m);
        newV.push(v);
      }
      return {
        params: rebuild(params, newP),
        state: { step: t, m: rebuild(params, newM), v: rebuild(params, newV) },
      };
    },
  };
};

/**
 * torch.optim.Adam (defaults lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0 as coupled L2).
 *
 * @example
 * ```ts
 * import { adam } from "@neuroplastic/core/optim";
 * const opt = adam({ lr: 0.01 });
 * ```
 */
export const adam = (opts: {
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
} = {}): Optimizer => adamLike(false, opts);

/**
 * torch.optim.AdamW (defaults lr 1e-3, betas 0.9/0.999, eps 1e-8, decoupled weight decay 1e-2).
 *
 * @example
 * ```ts
 * import { adamw } from "@neuroplastic/core/optim";
 * const opt = adamw({ lr: 1e-3, weightDecay: 1e-4 });
 * ```
 */
export const adamw = (opts: {
  readonly lr?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
} = {}): Optimizer => adamLike(true, opts);

/**
 * torch.nn.utils.clip_grad_norm_: total = √Σg²; coef = maxNorm/(total + 1e-6); gradients are
 * scaled by coef when coef < 1. Returns new gradients and the total norm before clipping.
 *
 * @example
 * ```ts
 * import { clipByGlobalNorm } from "@neuroplastic/core/optim";
 * const r = clipByGlobalNorm({ g: { data: new Float64Array([3, 4]), shape: [2] } }, 1);
 * console.log(r.norm); // 5
 * ```
 */
export const clipByGlobalNorm = (
  grads: Tree<Tensor>,
  maxNorm: number,
): { grads: Tree<Tensor>; norm: number } => {
  let s = 0;
  for (const l of leaves(grads)) for (let k = 0; k < l.data.length; k++) s += l.data[k] * l.data[k];
  const norm = Math.sqrt(s);
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef < 1)) {
    return {
      grads: treeMap<Tensor, Tensor>(
        grads,
        (l) => ({ data: l.data.slice(), shape: l.shape }),
        isTensor,
      ),
      norm,
    };
  }
  return {
    grads: treeMap<Tensor, Tensor>(grads, (l) => ({
      data: l.data.map((x) => x * coef),
      shape: l.shape,
    }), isTensor),
    norm,
  };
};

/**
 * torch CosineAnnealingLR closed form: lr(e) = ηmin + (lr0 − ηmin)(1 + cos(π e / T))/2.
 *
 * @example
 * ```ts
 * import { cosineAnnealing } from "@neuroplastic/core/optim";
 * const lr = cosineAnnealing(1e-3, 50);
 * console.log(lr(0), lr(25)); // 0.001 0.0005
 * ```
 */
export const cosineAnnealing =
  (lr0: number, tMax: number, etaMin = 0): (epoch: number) => number => (epoch) =>
    etaMin + (lr0 - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax)) / 2;
