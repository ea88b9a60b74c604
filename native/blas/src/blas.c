/*
 * avlab_blas: cblas_sgemm from the system OpenBLAS, run directly on the tfjs wasm heap.
 *
 * The wasm backend keeps every tensor inside one WebAssembly.Memory; a tensor is a byte offset
 * into it. JS passes a typed-array view of that memory (re-read per call, because the heap can
 * grow and replace its ArrayBuffer) plus offsets, so no operand is copied. Every extent is
 * checked against the view's length before OpenBLAS touches it: a wrong offset must throw, not
 * write over the heap.
 *
 * N-API only (no node-addon-api dependency), so one build loads in Node and Electron alike.
 */
#include <cblas.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>

#include "fused.h"
#include "heap.h"

/* Declared here rather than trusted to cblas.h: Debian's cblas.h alternative may be the
 * reference one, which lacks OpenBLAS's extensions, while -lopenblas always has them. */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);

#define CHECK(env, call)                                                \
  do {                                                                  \
    if ((call) != napi_ok) {                                            \
      napi_throw_error((env), NULL, "avlab_blas: N-API call failed: " #call); \
      return NULL;                                                      \
    }                                                                   \
  } while (0)

/* Last float index + 1 that a [rows, cols] matrix with leading dimension ld touches. */
static int64_t extent(int64_t rows, int64_t cols, int64_t ld) {
  return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
}

static int in_heap(napi_env env, const char *what, int64_t off, int64_t batch, int64_t stride,
                   int64_t rows, int64_t cols, int64_t ld, int64_t heap_floats) {
  if (off < 0 || stride < 0 || ld < cols || ld < 1 ||
      off + (batch - 1) * stride + extent(rows, cols, ld) > heap_floats) {
    char msg[160];
    snprintf(msg, sizeof msg, "avlab_blas: operand %s [%lld×%lld, ld %lld, %lld×stride %lld] at %lld is outside the heap",
             what, (long long)rows, (long long)cols, (long long)ld, (long long)batch, (long long)stride,
             (long long)off);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/*
 * sgemmBatched(heap, transA, transB, M, N, K, batch,
 *              aOff, aStride, lda, bOff, bStride, ldb, cOff, cStride, ldc,
 *              alpha, beta, biasOff)
 * Row-major C[i] = alpha·op(A[i])·op(B[i]) + beta·C[i] for i < batch. Offsets and strides
 * count floats from the start of `heap`; a stride of 0 broadcasts that operand. With
 * biasOff ≥ 0 every row of C[i] is first set to the N floats there and beta is taken as 1,
 * which is how a fused matMul adds its bias without a second pass.
 */
static napi_value sgemm_batched(napi_env env, napi_callback_info info) {
  size_t argc = 19;
  napi_value argv[19];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 19) {
    napi_throw_type_error(env, NULL, "avlab_blas: sgemmBatched takes 19 arguments");
    return NULL;
  }
  float *heap;
  int64_t heap_floats;
  if (!heap_of(env, argv[0], &heap, &heap_floats)) return NULL;
  bool ta, tb;
  CHECK(env, napi_get_value_bool(env, argv[1], &ta));
  CHECK(env, napi_get_value_bool(env, argv[2], &tb));
  static const char *names[] = {"M", "N", "K", "batch", "aOff", "aStride", "lda", "bOff",
                                "bStride", "ldb", "cOff", "cStride", "ldc"};
  int64_t v[13];
  for (int i = 0; i < 13; i++)
    if (!get_i64(env, argv[3 + i], &v[i], names[i])) return NULL;
  double alpha, beta;
  int64_t bias_off;
  CHECK(env, napi_get_value_double(env, argv[16], &alpha));
  CHECK(env, napi_get_value_double(env, argv[17], &beta));
  if (!get_i64(env, argv[18], &bias_off, "biasOff")) return NULL;
  int64_t M = v[0], N = v[1], K = v[2], batch = v[3];
  int64_t a_off = v[4], a_stride = v[5], lda = v[6];
  int64_t b_off = v[7], b_stride = v[8], ldb = v[9];
  int64_t c_off = v[10], c_stride = v[11], ldc = v[12];
  if (M < 0 || N < 0 || K < 0 || batch < 0 || M > INT32_MAX || N > INT32_MAX || K > INT32_MAX) {
    napi_throw_range_error(env, NULL, "avlab_blas: M, N, K and batch must be non-negative int32");
    return NULL;
  }
  if (batch == 0 || M == 0 || N == 0) return NULL;
  /* Stored shapes: A is [M, K] or, transposed, [K, M]; likewise B. */
  if (!in_heap(env, "A", a_off, batch, a_stride, ta ? K : M, ta ? M : K, lda, heap_floats) ||
      !in_heap(env, "B", b_off, batch, b_stride, tb ? N : K, tb ? K : N, ldb, heap_floats) ||
      !in_heap(env, "C", c_off, batch, c_stride, M, N, ldc, heap_floats))
    return NULL;
  if (bias_off >= 0) {
    if (bias_off + N > heap_floats) {
      napi_throw_range_error(env, NULL, "avlab_blas: bias is outside the heap");
      return NULL;
    }
    beta = 1.0;
  }
  for (int64_t i = 0; i < batch; i++) {
    float *c = heap + c_off + i * c_stride;
    if (bias_off >= 0)
      for (int64_t r = 0; r < M; r++) memcpy(c + r * ldc, heap + bias_off, (size_t)N * sizeof(float));
    if (K == 0) {
      /* The product is zero, so C = beta·C; beta 0 must not read C (it may hold NaN). */
      for (int64_t r = 0; r < M; r++)
        for (int64_t j = 0; j < N; j++) c[r * ldc + j] = beta == 0.0 ? 0.0f : c[r * ldc + j] * (float)beta;
      continue;
    }
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                (int)M, (int)N, (int)K, (float)alpha, heap + a_off + i * a_stride, (int)lda,
                heap + b_off + i * b_stride, (int)ldb, (float)beta, c, (int)ldc);
  }
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t n;
  if (argc != 1 || !get_i64(env, argv[0], &n, "threads")) return NULL;
  if (n < 1 || n > 1024) {
    napi_throw_range_error(env, NULL, "avlab_blas: threads must be 1..1024");
    return NULL;
  }
  openblas_set_num_threads((int)n);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(env, napi_create_int32(env, openblas_get_num_threads(), &out));
  return out;
}

/* "OpenBLAS 0.3.21 … <core>": what a benchmark row should say it ran on. */
static napi_value config(napi_env env, napi_callback_info info) {
  (void)info;
  char text[512];
  snprintf(text, sizeof text, "%s; core %s", openblas_get_config(), openblas_get_corename());
  napi_value out;
  CHECK(env, napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out));
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"sgemmBatched", NULL, sgemm_batched, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"config", NULL, config, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  if (!register_fused(env, exports)) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
