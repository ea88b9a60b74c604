/*
 * N-API wrappers of fused.c over the tfjs wasm heap. Like sgemmBatched, every operand is a
 * float offset into a typed-array view of the heap, re-read per call, and every extent is checked
 * against the view before a kernel touches it: a wrong offset throws instead of writing over the
 * heap.
 */
#include <stdio.h>

#include "fused.h"
#include "heap.h"

#define MAX_ARGS 11

/*
 * Reads the heap and `count` int64 arguments after it, in order, naming any bad one; `extra`
 * further arguments (read by the caller from `argv`) may follow.
 */
static int read_args(napi_env env, napi_callback_info info, size_t count, size_t extra,
                     const char *fn, const char *const *names, napi_value *argv, float **heap,
                     int64_t *heap_floats, int64_t *v) {
  size_t argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  if (argc != 1 + count + extra) {
    char msg[96];
    snprintf(msg, sizeof msg, "avlab_blas: %s takes %zu arguments", fn, 1 + count + extra);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  if (!heap_of(env, argv[0], heap, heap_floats)) return 0;
  for (size_t i = 0; i < count; i++)
    if (!get_i64(env, argv[1 + i], &v[i], names[i])) return 0;
  return 1;
}

/* An operand of `floats` floats at `off` must lie in the heap; off < 0 is allowed when optional. */
static int span_ok(napi_env env, const char *fn, const char *what, int64_t off, int64_t floats,
                   int64_t heap_floats, int optional) {
  if (optional && off < 0) return 1;
  if (off < 0 || floats < 0 || off + floats > heap_floats) {
    char msg[128];
    snprintf(msg, sizeof msg, "avlab_blas: %s operand %s (%lld floats at %lld) is outside the heap",
             fn, what, (long long)floats, (long long)off);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* A positive float argument (a scale or an epsilon), naming the function when it is not one. */
static int get_positive(napi_env env, napi_value value, const char *fn, const char *what,
                        float *out) {
  double d;
  if (napi_get_value_double(env, value, &d) != napi_ok || !(d > 0)) {
    char msg[96];
    snprintf(msg, sizeof msg, "avlab_blas: %s %s must be a positive number", fn, what);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  *out = (float)d;
  return 1;
}

/* Rows of `cols` floats: rows ≥ 0 and cols ≥ 1, else a range error naming the function. */
static int rows_ok(napi_env env, const char *fn, int64_t rows, int64_t cols) {
  if (rows >= 0 && cols >= 1) return 1;
  char msg[96];
  snprintf(msg, sizeof msg, "avlab_blas: %s needs rows ≥ 0, cols ≥ 1", fn);
  napi_throw_range_error(env, NULL, msg);
  return 0;
}

/* geluForward(heap, xOff, outOff, n) */
static napi_value gelu_fwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"xOff", "outOff", "n"};
  float *h;
  int64_t hf, v[3];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 3, 0, "geluForward", names, argv, &h, &hf, v)) return NULL;
  if (!span_ok(env, "geluForward", "x", v[0], v[2], hf, 0) ||
      !span_ok(env, "geluForward", "out", v[1], v[2], hf, 0))
    return NULL;
  gelu_forward(h + v[0], h + v[1], v[2]);
  return NULL;
}

/* geluBackward(heap, xOff, dyOff, dxOff, n) */
static napi_value gelu_bwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"xOff", "dyOff", "dxOff", "n"};
  float *h;
  int64_t hf, v[4];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 4, 0, "geluBackward", names, argv, &h, &hf, v)) return NULL;
  if (!span_ok(env, "geluBackward", "x", v[0], v[3], hf, 0) ||
      !span_ok(env, "geluBackward", "dy", v[1], v[3], hf, 0) ||
      !span_ok(env, "geluBackward", "dx", v[2], v[3], hf, 0))
    return NULL;
  gelu_backward(h + v[0], h + v[1], h + v[2], v[3]);
  return NULL;
}

/* layerNormForward(heap, xOff, gainOff, biasOff, yOff, xhatOff, rstdOff, rows, cols, eps) */
static napi_value ln_fwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"xOff", "gainOff", "biasOff", "yOff",
                                "xhatOff", "rstdOff", "rows", "cols"};
  const char *fn = "layerNormForward";
  float *h;
  int64_t hf, v[8];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 8, 1, fn, names, argv, &h, &hf, v)) return NULL;
  float eps;
  int64_t rows = v[6], cols = v[7], n = rows * cols;
  if (!get_positive(env, argv[9], fn, "eps", &eps) || !rows_ok(env, fn, rows, cols)) return NULL;
  if (!span_ok(env, fn, "x", v[0], n, hf, 0) || !span_ok(env, fn, "gain", v[1], cols, hf, 0) ||
      !span_ok(env, fn, "bias", v[2], cols, hf, 0) || !span_ok(env, fn, "y", v[3], n, hf, 0) ||
      !span_ok(env, fn, "xhat", v[4], n, hf, 0) || !span_ok(env, fn, "rstd", v[5], rows, hf, 0))
    return NULL;
  layer_norm_forward(h + v[0], h + v[1], h + v[2], h + v[3], h + v[4], h + v[5], rows, cols, eps);
  return NULL;
}

/* layerNormBackward(heap, dyOff, xhatOff, rstdOff, gainOff, dxOff, dgainOff, dbiasOff, rows, cols)
 * dgainOff / dbiasOff < 0: not computed. */
static napi_value ln_bwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"dyOff", "xhatOff", "rstdOff", "gainOff", "dxOff",
                                "dgainOff", "dbiasOff", "rows", "cols"};
  const char *fn = "layerNormBackward";
  float *h;
  int64_t hf, v[9];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 9, 0, fn, names, argv, &h, &hf, v)) return NULL;
  int64_t rows = v[7], cols = v[8], n = rows * cols;
  if (!rows_ok(env, fn, rows, cols)) return NULL;
  if (!span_ok(env, fn, "dy", v[0], n, hf, 0) || !span_ok(env, fn, "xhat", v[1], n, hf, 0) ||
      !span_ok(env, fn, "rstd", v[2], rows, hf, 0) || !span_ok(env, fn, "gain", v[3], cols, hf, 0) ||
      !span_ok(env, fn, "dx", v[4], n, hf, 0) || !span_ok(env, fn, "dgain", v[5], cols, hf, 1) ||
      !span_ok(env, fn, "dbias", v[6], cols, hf, 1))
    return NULL;
  layer_norm_backward(h + v[0], h + v[1], h + v[2], h + v[3], h + v[4], v[5] < 0 ? NULL : h + v[5],
                      v[6] < 0 ? NULL : h + v[6], rows, cols);
  return NULL;
}

/* scaledSoftmax(heap, xOff, pOff, rows, cols, scale) */
static napi_value softmax_fwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"xOff", "pOff", "rows", "cols"};
  const char *fn = "scaledSoftmax";
  float *h, scale;
  int64_t hf, v[4];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 4, 1, fn, names, argv, &h, &hf, v)) return NULL;
  if (!get_positive(env, argv[5], fn, "scale", &scale) || !rows_ok(env, fn, v[2], v[3]))
    return NULL;
  int64_t n = v[2] * v[3];
  if (!span_ok(env, fn, "x", v[0], n, hf, 0) || !span_ok(env, fn, "p", v[1], n, hf, 0))
    return NULL;
  scaled_softmax_forward(h + v[0], h + v[1], v[2], v[3], scale);
  return NULL;
}

/* softmaxBackward(heap, pOff, dpOff, dsOff, rows, cols, scale) */
static napi_value softmax_bwd(napi_env env, napi_callback_info info) {
  static const char *names[] = {"pOff", "dpOff", "dsOff", "rows", "cols"};
  const char *fn = "softmaxBackward";
  float *h, scale;
  int64_t hf, v[5];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 5, 1, fn, names, argv, &h, &hf, v)) return NULL;
  if (!get_positive(env, argv[6], fn, "scale", &scale) || !rows_ok(env, fn, v[3], v[4]))
    return NULL;
  int64_t n = v[3] * v[4];
  if (!span_ok(env, fn, "p", v[0], n, hf, 0) || !span_ok(env, fn, "dp", v[1], n, hf, 0) ||
      !span_ok(env, fn, "ds", v[2], n, hf, 0))
    return NULL;
  softmax_backward(h + v[0], h + v[1], h + v[2], v[3], v[4], scale);
  return NULL;
}

/* transpose0213(heap, xOff, yOff, a, b, c, d) */
static napi_value transpose(napi_env env, napi_callback_info info) {
  static const char *names[] = {"xOff", "yOff", "a", "b", "c", "d"};
  const char *fn = "transpose0213";
  float *h;
  int64_t hf, v[6];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 6, 0, fn, names, argv, &h, &hf, v)) return NULL;
  if (v[2] < 0 || v[3] < 0 || v[4] < 0 || v[5] < 0) {
    napi_throw_range_error(env, NULL, "avlab_blas: transpose0213 needs sizes ≥ 0");
    return NULL;
  }
  int64_t n = v[2] * v[3] * v[4] * v[5];
  if (!span_ok(env, fn, "x", v[0], n, hf, 0) || !span_ok(env, fn, "y", v[1], n, hf, 0))
    return NULL;
  transpose_0213(h + v[0], h + v[1], v[2], v[3], v[4], v[5]);
  return NULL;
}

/* The hyperparameters of adamStep, in the order of fused-kernels.ts's adamHyperparameters. */
enum { ADAM_LR, ADAM_BETA1, ADAM_BETA2, ADAM_K1, ADAM_K2, ADAM_EPS, ADAM_WD, ADAM_C1, ADAM_C2,
       ADAM_DECOUPLED, ADAM_HYPER };

/* adamStep(heap, pOff, mOff, vOff, gOff, scaleOff, pOutOff, mOutOff, vOutOff, n, hyper)
 * scaleOff < 0: gradients unscaled; hyper: a Float32Array of ADAM_HYPER values. */
static napi_value adam(napi_env env, napi_callback_info info) {
  static const char *names[] = {"pOff",    "mOff",    "vOff",    "gOff", "scaleOff",
                                "pOutOff", "mOutOff", "vOutOff", "n"};
  const char *fn = "adamStep";
  float *h;
  int64_t hf, v[9];
  napi_value argv[MAX_ARGS];
  if (!read_args(env, info, 9, 1, fn, names, argv, &h, &hf, v)) return NULL;
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, argv[10], &type, &length, &data, NULL, NULL) != napi_ok ||
      type != napi_float32_array || length != ADAM_HYPER) {
    char msg[96];
    snprintf(msg, sizeof msg, "avlab_blas: %s hyper must be a Float32Array of %d values", fn,
             ADAM_HYPER);
    napi_throw_type_error(env, NULL, msg);
    return NULL;
  }
  const float *x = data;
  int64_t n = v[8];
  if (!span_ok(env, fn, "p", v[0], n, hf, 0) || !span_ok(env, fn, "m", v[1], n, hf, 0) ||
      !span_ok(env, fn, "v", v[2], n, hf, 0) || !span_ok(env, fn, "g", v[3], n, hf, 0) ||
      !span_ok(env, fn, "scale", v[4], 1, hf, 1) || !span_ok(env, fn, "pOut", v[5], n, hf, 0) ||
      !span_ok(env, fn, "mOut", v[6], n, hf, 0) || !span_ok(env, fn, "vOut", v[7], n, hf, 0))
    return NULL;
  struct adam_args a = {.lr = x[ADAM_LR],
                        .beta1 = x[ADAM_BETA1],
                        .beta2 = x[ADAM_BETA2],
                        .one_minus_beta1 = x[ADAM_K1],
                        .one_minus_beta2 = x[ADAM_K2],
                        .eps = x[ADAM_EPS],
                        .weight_decay = x[ADAM_WD],
                        .bias_correction1 = x[ADAM_C1],
                        .bias_correction2 = x[ADAM_C2],
                        .decoupled = x[ADAM_DECOUPLED] != 0.0f};
  adam_step(h + v[0], h + v[1], h + v[2], h + v[3], v[4] < 0 ? NULL : h + v[4], h + v[5],
            h + v[6], h + v[7], n, &a);
  return NULL;
}

int register_fused(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"geluForward", NULL, gelu_fwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"geluBackward", NULL, gelu_bwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNormForward", NULL, ln_fwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"layerNormBackward", NULL, ln_bwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scaledSoftmax", NULL, softmax_fwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"softmaxBackward", NULL, softmax_bwd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"transpose0213", NULL, transpose, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adamStep", NULL, adam, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  return napi_define_properties(env, exports, sizeof props / sizeof props[0], props) == napi_ok;
}
