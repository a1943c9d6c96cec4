/**
 * Config of the Poincaré-ball random walk (the demo engine).
 *
 * @module
 */
import { Schema } from "effect";
import { inRange, intInRange } from "@neuroplastic/core/sim";

/**
 * effect's `Schema.Schema<A>` (decodes an `A` into an `A`).
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type EffectSchema<A> = Schema.Schema<A>;

/**
 * Schema of {@link WalkConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { WalkConfigSchema } from "@neuroplastic/engines/walk";
 * console.log(Schema.decodeUnknownSync(WalkConfigSchema)({ particles: 8, dim: 2, curvature: 1, sigma: 0.1 }));
 * ```
 */
export const WalkConfigSchema: EffectSchema<WalkConfig> = Schema.Struct({
  /** Number of independent walkers. */
  particles: intInRange(1, 1_000_000),
  /** Dimension of the ball. */
  dim: intInRange(1, 1024),
  /** Curvature c > 0 (ball radius 1/√c). */
  curvature: inRange(1e-6, 1e6),
  /** Riemannian step size: each step moves along a geodesic by a Gaussian tangent vector of std `sigma`. */
  sigma: inRange(0, 10),
}).pipe(
  Schema.filter((c) =>
    c.particles * c.dim <= 16_000_000 ||
    {
      path: ["particles"],
      message: "particles × dim must be at most 16,000,000 (128 MB of positions)",
    }
  ),
);

/** Config of the random walk (decoded by {@link WalkConfigSchema}). */
export interface WalkConfig {
  /** Number of independent walkers. */
  readonly particles: number;
  /** Dimension of the ball. */
  readonly dim: number;
  /** Curvature c > 0 (ball radius 1/√c). */
  readonly curvature: number;
  /** Riemannian step size (std of the Gaussian tangent step). */
  readonly sigma: number;
}

/**
 * Defaults: 256 walkers in the 2-D Poincaré disk (c = 1), step 0.05.
 *
 * @example
 * ```ts
 * import { walkDefaults } from "@neuroplastic/engines/walk";
 * console.log(walkDefaults.particles); // 256
 * ```
 */
export const walkDefaults: WalkConfig = { particles: 256, dim: 2, curvature: 1, sigma: 0.05 };
