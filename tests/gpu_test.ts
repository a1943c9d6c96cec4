/**
 * Every test that touches WebGPU, registered from ONE module. `deno task test` (tests/runner.ts)
 * runs it under `deno run` through tests/gpu_run.ts; `deno test tests/gpu_test.ts` also works.
 *
 * Why: on this machine's software adapter (llvmpipe/lavapipe, Deno 2.9.6), a `deno test`
 * process that had done WebGPU work intermittently crashed at exit after every test had passed
 * (glibc "corrupted size vs. prev_size in fastbins", "double free or corruption", or SIGSEGV).
 * Minimal reproduction (per device: one 64-thread compute dispatch, then `device.destroy()`);
 * crashed runs:
 * - `deno test`, 4 modules with 1 device each: 2 of 40 serial, 1 of 30 `--parallel`, 1 of 40
 *   with sanitizers off; 1 GPU module + 4 CPU-only modules: 1 of 40; 1 module, 1 device: 0 of 40;
 * - `deno test`, 1 module creating 25 devices: 3 of 40; 1 module, 1 shared device, 25 dispatches:
 *   4 of 60;
 * - `deno run`, 25 devices: 0 of 40 (4 devices, or 4 Workers: 0 of 40 each).
 * So the GPU cases live in `*_gpu_cases.ts` files (not discovered by `deno test`), imported
 * here, and run under `deno run`; tests/gpu_isolation_test.ts fails if a discovered test module
 * touches WebGPU itself or a case file is not imported.
 */
import "../gpu/backend_gpu_cases.ts";
import "../gpu/matmul_gpu_cases.ts";
import "../engines/rsgn/gpu/connectivity_gpu_cases.ts";
import "../engines/sorn/gpu/kernel_gpu_cases.ts";
import "../engines/sorn/gpu/batch_gpu_cases.ts";
import "../engines/genreg/gpu/genreg_eval_gpu_cases.ts";
import "../engines/genreg/gpu/population_gpu_cases.ts";
import "./serve_gpu_cases.ts";
