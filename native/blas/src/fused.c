/*
 * Fused elementwise kernels over the tfjs wasm heap: GELU and LayerNorm, forward and backward,
 * each one pass where the wasm backend runs a chain of 7–12 single-op kernels (every one a full
 * read and write of the tensor); attention's scaled softmax and its backward over the [Lq, Lk]
 * scores (four to five such kernels each), the heads' split/merge transpose, and the Adam/AdamW
 * update (about ten kernels per parameter tensor). Same maths as src-main/engine/model/gelu.ts,
 * norm.ts, attention-op.ts and train/optimizer.ts; the loops are plain C that the compiler
 * vectorises (`omp simd` with -fopenmp-simd: no OpenMP runtime; no libm call inside them but the
 * Adam update's sqrtf, which -fno-math-errno turns into the vector instruction: exp is a
 * polynomial, so no -ffast-math is needed and the results do not depend on the libm).
 */
#include "fused.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * exp(x) for x in [-87, 87]: 2^k · p(r) with k = round(x / ln 2), r = x − k·ln 2 (two-part
 * ln 2), p the degree-6 Taylor-minimax polynomial of Cephes' expf; relative error < 2e-7.
 */
static inline float exp_poly(float x) {
  x = x < -87.0f ? -87.0f : x > 87.0f ? 87.0f : x;
  float kf = nearbyintf(x * 1.44269504088896341f);
  float r = x - kf * 0.693359375f;
  r = r - kf * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  union {
    int32_t i;
    float f;
  } scale = {.i = ((int32_t)kf + 127) << 23};
  return p * scale.f;
}

static inline float sigmoid(float z) { return 1.0f / (1.0f + exp_poly(-z)); }

#define GELU_C 0.7978845608028654f /* sqrt(2/pi) */
#define GELU_A 0.044715f

void gelu_forward(const float *x, float *out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; i++) {
    float v = x[i];
    float s = sigmoid(2.0f * GELU_C * (v + GELU_A * v * v * v));
    out[i] = v * s;
  }
}

void gelu_backward(const float *x, const float *dy, float *dx, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; i++) {
    float v = x[i];
    float s = sigmoid(2.0f * GELU_C * (v + GELU_A * v * v * v));
    float slope = 2.0f * GELU_C * (1.0f + 3.0f * GELU_A * v * v);
    dx[i] = dy[i] * (s + v * s * (1.0f - s) * slope);
  }
}

void layer_norm_forward(const float *x, const float *gain, const float *bias, float *y,
                        float *xhat, float *rstd, int64_t rows, int64_t cols, float eps) {
  for (int64_t r = 0; r < rows; r++) {
    const float *xr = x + r * cols;
    float *hr = xhat + r * cols;
    float *yr = y + r * cols;
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < cols; j++) sum += xr[j];
    float mean = sum / (float)cols;
    float sq = 0.0f;
#pragma omp simd reduction(+ : sq)
    for (int64_t j = 0; j < cols; j++) {
      float c = xr[j] - mean;
      sq += c * c;
    }
    float rs = 1.0f / sqrtf(sq / (float)cols + eps);
    rstd[r] = rs;
    for (int64_t j = 0; j < cols; j++) {
      float h = (xr[j] - mean) * rs;
      hr[j] = h;
      yr[j] = h * gain[j] + bias[j];
    }
  }
}

void layer_norm_backward(const float *dy, const float *xhat, const float *rstd,
                         const float *gain, float *dx, float *dgain, float *dbias, int64_t rows,
                         int64_t cols) {
  if (dgain)
    for (int64_t j = 0; j < cols; j++) dgain[j] = 0.0f;
  if (dbias)
    for (int64_t j = 0; j < cols; j++) dbias[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    const float *dyr = dy + r * cols;
    const float *hr = xhat + r * cols;
    float *dxr = dx + r * cols;
    /* dx = rstd · (g·dy − mean(g·dy) − x̂ · mean(g·dy·x̂)) */
    float m1 = 0.0f, m2 = 0.0f;
#pragma omp simd reduction(+ : m1, m2)
    for (int64_t j = 0; j < cols; j++) {
      float gdy = gain[j] * dyr[j];
      m1 += gdy;
      m2 += gdy * hr[j];
    }
    m1 /= (float)cols;
    m2 /= (float)cols;
    float rs = rstd[r];
    for (int64_t j = 0; j < cols; j++) dxr[j] = rs * (gain[j] * dyr[j] - m1 - hr[j] * m2);
    if (dgain)
      for (int64_t j = 0; j < cols; j++) dgain[j] += dyr[j] * hr[j];
    if (dbias)
      for (int64_t j = 0; j < cols; j++) dbias[j] += dyr[j];
  }
}

/*
 * Σ a[j]·b[j] (b NULL: Σ a[j]) in an order fixed by the index alone: 16 partial sums, then
 * combined in order. A vectorised `reduction` peels an unaligned head first, so the same row at
 * another address would round differently, and the encoder cache relies on a row's result not
 * depending on where (in which batch) it was computed.
 */
static inline float sum_fixed_order(const float *a, const float *b, int64_t n) {
  float acc[16] = {0};
  int64_t j = 0;
  for (; j + 16 <= n; j += 16)
#pragma omp simd
    for (int l = 0; l < 16; l++) acc[l] += b ? a[j + l] * b[j + l] : a[j + l];
  for (int l = 0; j < n; j++, l++) acc[l] += b ? a[j] * b[j] : a[j];
  float total = 0.0f;
  for (int l = 0; l < 16; l++) total += acc[l];
  return total;
}

void scaled_softmax_forward(const float *x, float *p, int64_t rows, int64_t cols, float scale) {
  for (int64_t r = 0; r < rows; r++) {
    const float *xr = x + r * cols;
    float *pr = p + r * cols;
    float mx = xr[0];
    for (int64_t j = 1; j < cols; j++) mx = xr[j] > mx ? xr[j] : mx;
#pragma omp simd
    for (int64_t j = 0; j < cols; j++) pr[j] = exp_poly(scale * (xr[j] - mx));
    float inv = 1.0f / sum_fixed_order(pr, NULL, cols);
#pragma omp simd
    for (int64_t j = 0; j < cols; j++) pr[j] *= inv;
  }
}

void softmax_backward(const float *p, const float *dp, float *ds, int64_t rows, int64_t cols,
                      float scale) {
  for (int64_t r = 0; r < rows; r++) {
    const float *pr = p + r * cols;
    const float *dpr = dp + r * cols;
    float *dsr = ds + r * cols;
    /* dS = scale · P ⊙ (dP − rowsum(dP ⊙ P)) */
    float dot = sum_fixed_order(dpr, pr, cols);
#pragma omp simd
    for (int64_t j = 0; j < cols; j++) dsr[j] = scale * pr[j] * (dpr[j] - dot);
  }
}

void transpose_0213(const float *x, float *y, int64_t a, int64_t b, int64_t c, int64_t d) {
  for (int64_t i = 0; i < a; i++)
    for (int64_t k = 0; k < c; k++)
      for (int64_t j = 0; j < b; j++)
        memcpy(y + ((i * c + k) * b + j) * d, x + ((i * b + j) * c + k) * d,
               (size_t)d * sizeof(float));
}

void adam_step(const float *p, const float *m, const float *v, const float *g,
               const float *grad_scale, float *p_out, float *m_out, float *v_out, int64_t n,
               const struct adam_args *a) {
  const float scale = grad_scale ? *grad_scale : 1.0f;
  const float lr = a->lr, wd = a->weight_decay, eps = a->eps;
  const float b1 = a->beta1, b2 = a->beta2, k1 = a->one_minus_beta1, k2 = a->one_minus_beta2;
  const float c1 = a->bias_correction1, c2 = a->bias_correction2;
  const int coupled = !a->decoupled && wd != 0.0f, decoupled = a->decoupled && wd != 0.0f;
  /* The operations and their order are train/optimizer.ts's chain of tf ops, one by one. */
#pragma omp simd
  for (int64_t i = 0; i < n; i++) {
    float gi = g[i] * scale;
    if (coupled) gi = gi + p[i] * wd;
    const float mi = m[i] * b1 + gi * k1;
    const float vi = v[i] * b2 + (gi * gi) * k2;
    float update = (mi / c1) / (sqrtf(vi / c2) + eps);
    if (decoupled) update = update + p[i] * wd;
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] - update * lr;
  }
}
