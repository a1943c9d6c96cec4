/**
 * Structured genomes: strategies work on flat `Float64Array`s; `treeGenome` ravels a pytree of
 * tensors with `@neuroplastic/core/tree` `flattenTree` (JAX `ravel_pytree`) and gives back the
 * tree for any candidate.
 *
 * @module
 */
import type { Tensor } from "@neuroplastic/core/tensor";
import { flattenTree, type Tree } from "@neuroplastic/core/tree";

/** A flat view of a parameter tree. */
export interface TreeGenome {
  /** Genome length (total number of leaf entries). */
  readonly numDims: number;
  /** The template's values as a float64 genome (e.g. a strategy's initial mean). */
  readonly initial: Float64Array;
  /** Leaf paths in genome order. */
  readonly paths: readonly string[];
  /** The tree of a genome (row k of a population: `candidates.subarray(k·n, (k+1)·n)`). */
  unflatten(genome: ArrayLike<number>): Tree<Tensor>;
}

/**
 * Ravel a parameter tree into a genome layout.
 *
 * @example
 * ```ts
 * import { cmaEs, treeGenome } from "@neuroplastic/evolution";
 * const g = treeGenome({ w: { data: new Float64Array(6), shape: [2, 3] }, b: { data: new Float64Array(2), shape: [2] } });
 * const es = cmaEs({ numDims: g.numDims, popsize: 8, meanInit: g.initial });
 * console.log(g.numDims, g.paths); // 8 ["w", "b"]
 * ```
 */
export function treeGenome(template: Tree<Tensor>): TreeGenome {
  const f = flattenTree(template);
  return {
    numDims: f.flat.length,
    initial: Float64Array.from(f.flat),
    paths: f.paths,
    unflatten: (genome) => f.unflatten(genome),
  };
}
