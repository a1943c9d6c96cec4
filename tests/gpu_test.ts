/**
 * Every test that touches WebGPU, registered from ONE test module.
 *
 * Why: `deno test` runs each test module in its own runtime inside one process, and each
 * runtime that touches `navigator.gpu` creates its own wgpu instance. On this machine's
 * software adapter (llvmpipe/lavapipe, Deno 2.9.6), a process in which two or more modules had
 * created one intermittently aborts at exit with glibc heap-corruption messages ("corrupted size
 * vs. prev_size in fastbins", "double free or corruption (fasttop)") after every test passed.
 * Measured with a minimal reproduction (one 64-thread compute dispatch per module, then
 * `device.destroy()`): 4 such modules crashed in 2 of 40 serial runs and 1 of 30 parallel runs;
 * 1 module crashed in 0 of 40. So all GPU cases live in `*_gpu_cases.ts` files (not discovered
 * by `deno test`) and are imported here; `gpu_isolation_test.ts` fails if a discovered test
 * module touches WebGPU itself.
 */
import "../gpu/backend_gpu_cases.ts";
import "../gpu/genreg_eval_gpu_cases.ts";
import "../gpu/matmul_gpu_cases.ts";
import "../gpu/rsgn_gpu_cases.ts";
import "../gpu/sorn_batch_gpu_cases.ts";
import "../engines/sorn/batch_gpu_cases.ts";
import "../engines/genreg/population_gpu_cases.ts";
import "./serve_gpu_cases.ts";
