/*
 * Reference single-threaded SGEMM for bench/compare/matmul.ts: C = A·B, all n×n row-major f32.
 *
 * A plain blocked GEMM in the GotoBLAS/BLIS style (Goto & van de Geijn, ACM TOMS 34(3), 2008;
 * Van Zee & van de Geijn, "BLIS", ACM TOMS 41(3), 2015): loops jc (NC) → pc (KC, pack B) →
 * ic (MC, pack A) → jr → ir over an MR×NR register tile. The micro-kernel uses GCC/Clang
 * vector extensions, so `cc -O3 -march=native` emits AVX-512, AVX2 or NEON FMAs as available;
 * other compilers get the scalar fallback. Written for this project; no external code.
 *
 * Usage: matmul <n> <reps> <a.bin> <b.bin> <c.bin>
 *   reads A and B (n·n little-endian f32 each), runs the product `reps` times, writes C and
 *   prints "gflops <best> ms <best_ms> vec <lanes>" (best of reps; 2n³ flops per product).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__) && defined(__AVX512F__)
#define VL 16 /* lanes per vector */
#elif defined(__GNUC__) && (defined(__AVX__) || defined(__AVX2__))
#define VL 8
#elif defined(__GNUC__)
#define VL 4
#else
#define VL 1
#endif

#ifndef MR
#define MR 6
#endif
#ifndef NV
#define NV 2 /* vectors per tile row: NR = NV·VL */
#endif
#define NR (NV * VL)
#ifndef KC
#define KC 256
#endif
#ifndef MC
#define MC 96
#endif
#ifndef NC
#define NC 4096
#endif

#if VL > 1
typedef float vf __attribute__((vector_size(VL * 4), aligned(4)));
#endif

static float pack_a[MC * KC] __attribute__((aligned(64)));
static float pack_b[KC * NC] __attribute__((aligned(64)));

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* C[mr×nr] (row stride ldc) += Apanel(kc×MR) · Bpanel(kc×NR). */
static void micro_kernel(int kc, const float *restrict a, const float *restrict b, float *restrict c,
                         int ldc, int mr, int nr) {
  float tile[MR][NR];
#if VL > 1
  vf acc[MR][NV];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = (vf){0};
  for (int p = 0; p < kc; p++) {
    vf bv[NV];
    for (int v = 0; v < NV; v++) memcpy(&bv[v], b + p * NR + v * VL, sizeof(vf));
    for (int i = 0; i < MR; i++) {
      const float ai = a[p * MR + i];
      for (int v = 0; v < NV; v++) acc[i][v] += ai * bv[v];
    }
  }
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) memcpy(&tile[i][v * VL], &acc[i][v], sizeof(vf));
#else
  for (int i = 0; i < MR; i++)
    for (int j = 0; j < NR; j++) tile[i][j] = 0.0f;
  for (int p = 0; p < kc; p++)
    for (int i = 0; i < MR; i++)
      for (int j = 0; j < NR; j++) tile[i][j] += a[p * MR + i] * b[p * NR + j];
#endif
  for (int i = 0; i < mr; i++)
    for (int j = 0; j < nr; j++) c[(size_t)i * ldc + j] += tile[i][j];
}

static void sgemm(int n, const float *A, const float *B, float *C) {
  memset(C, 0, sizeof(float) * (size_t)n * n);
  for (int jc = 0; jc < n; jc += NC) {
    const int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < n; pc += KC) {
      const int kc = n - pc < KC ? n - pc : KC;
      for (int jr = 0; jr < nc; jr += NR) { /* pack B[pc:pc+kc, jc+jr : +NR] */
        const int nr = nc - jr < NR ? nc - jr : NR;
        float *d = pack_b + (size_t)jr * kc;
        for (int p = 0; p < kc; p++) {
          const float *s = B + (size_t)(pc + p) * n + jc + jr;
          for (int j = 0; j < NR; j++) d[p * NR + j] = j < nr ? s[j] : 0.0f;
        }
      }
      for (int ic = 0; ic < n; ic += MC) {
        const int mc = n - ic < MC ? n - ic : MC;
        for (int ir = 0; ir < mc; ir += MR) { /* pack A[ic+ir : +MR, pc:pc+kc] */
          const int mr = mc - ir < MR ? mc - ir : MR;
          float *d = pack_a + (size_t)ir * kc;
          for (int i = 0; i < MR; i++) {
            const float *s = A + (size_t)(ic + ir + i) * n + pc;
            for (int p = 0; p < kc; p++) d[p * MR + i] = i < mr ? s[p] : 0.0f;
          }
        }
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = nc - jr < NR ? nc - jr : NR;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = mc - ir < MR ? mc - ir : MR;
            micro_kernel(kc, pack_a + (size_t)ir * kc, pack_b + (size_t)jr * kc,
                         C + (size_t)(ic + ir) * n + jc + jr, n, mr, nr);
          }
        }
      }
    }
  }
}

static float *read_f32(const char *path, size_t count) {
  float *buf = malloc(sizeof(float) * count);
  FILE *f = fopen(path, "rb");
  if (!buf || !f || fread(buf, sizeof(float), count, f) != count) {
    fprintf(stderr, "cannot read %zu floats from %s\n", count, path);
    exit(2);
  }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s n reps a.bin b.bin c.bin\n", argv[0]);
    return 2;
  }
  const int n = atoi(argv[1]), reps = atoi(argv[2]);
  const size_t nn = (size_t)n * n;
  float *A = read_f32(argv[3], nn), *B = read_f32(argv[4], nn);
  float *C = malloc(sizeof(float) * nn);
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    const double t0 = now_s();
    sgemm(n, A, B, C);
    const double dt = now_s() - t0;
    if (dt < best) best = dt;
  }
  FILE *f = fopen(argv[5], "wb");
  if (!f || fwrite(C, sizeof(float), nn, f) != nn) {
    fprintf(stderr, "cannot write %s\n", argv[5]);
    return 2;
  }
  fclose(f);
  printf("gflops %.3f ms %.3f vec %d\n", 2.0 * n * n * (double)n / best * 1e-9, best * 1e3, VL);
  free(A);
  free(B);
  free(C);
  return 0;
}
