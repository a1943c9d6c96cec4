/**
 * Every test that touches WebGPU, registered from ONE test module, which tests/runner.ts
 * (`deno task test`) runs in a `deno test` process of its own.
 *
 * Why: on this machine's software adapter (llvmpipe/lavapipe, Deno 2.9.6), a `deno test`
 * process in which a module had created a wgpu instance next to other test modules
 * intermittently aborted at exit with glibc heap-corruption messages ("corrupted size vs.
 * prev_size in fastbins", "double free or corruption (fasttop)", "corrupted double-linked
 * list") after every test had passed. Minimal reproduction (each GPU module: one compute
 * dispatch, then `device.destroy()`), `deno test` runs that aborted:
 * - 4 GPU modules: 2 of 40 serial, 1 of 30 `--parallel`, 1 of 40 with sanitizers off;
 * - 1 GPU module + 4 CPU-only modules, `--parallel`: 1 of 40;
 * - 1 GPU module alone: 0 of 40 (and `deno run` of 4 devices, or of 4 Workers: 0 of 40 each).
 * So the GPU cases live in `*_gpu_cases.ts` files (not discovered by `deno test`) and are
 * imported here; tests/gpu_isolation_test.ts fails if a discovered test module touches WebGPU
 * itself or a case file is not imported.
 */
import "../gpu/backend_gpu_cases.ts";
import "../gpu/genreg_eval_gpu_cases.ts";
import "../gpu/matmul_gpu_cases.ts";
import "../gpu/rsgn_gpu_cases.ts";
import "../gpu/sorn_batch_gpu_cases.ts";
import "../engines/sorn/batch_gpu_cases.ts";
import "../engines/genreg/population_gpu_cases.ts";
import "./serve_gpu_cases.ts";
