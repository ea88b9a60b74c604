/* Fused GELU and LayerNorm kernels on float arrays (fused.c); N-API wrappers in fused_napi.c. */
#ifndef AVLAB_FUSED_H
#define AVLAB_FUSED_H

#include <node_api.h>
#include <stdint.h>

void gelu_forward(const float *x, float *out, int64_t n);
void gelu_backward(const float *x, const float *dy, float *dx, int64_t n);
void layer_norm_forward(const float *x, const float *gain, const float *bias, float *y,
                        float *xhat, float *rstd, int64_t rows, int64_t cols, float eps);
/* dgain / dbias may be NULL (frozen norms get only dx). */
void layer_norm_backward(const float *dy, const float *xhat, const float *rstd,
                         const float *gain, float *dx, float *dgain, float *dbias, int64_t rows,
                         int64_t cols);

/* Adds geluForward, geluBackward, layerNormForward, layerNormBackward to the addon's exports. */
int register_fused(napi_env env, napi_value exports);

#endif
