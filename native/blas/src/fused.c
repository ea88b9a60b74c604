/*
 * Fused elementwise kernels over the tfjs wasm heap: GELU and LayerNorm, forward and backward,
 * each one pass where the wasm backend runs a chain of 7–12 single-op kernels (every one a full
 * read and write of the tensor). Same maths as src-main/engine/model/gelu.ts and norm.ts; the
 * loops are plain C that the compiler vectorises (`omp simd` with -fopenmp-simd: no OpenMP
 * runtime; no libm call inside them: exp is a polynomial, so no -ffast-math is needed and the
 * results do not depend on the libm).
 */
#include "fused.h"

#include <math.h>
#include <stdint.h>

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
