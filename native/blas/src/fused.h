/* Fused GELU, LayerNorm, softmax and head-transpose kernels on float arrays (fused.c); N-API wrappers in fused_napi.c. */
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

/* p = softmax(scale · x) over each row of `cols` (scale > 0). */
void scaled_softmax_forward(const float *x, float *p, int64_t rows, int64_t cols, float scale);
/* ds = scale · p ⊙ (dp − rowsum(dp ⊙ p)): the gradient of the scores of scaled_softmax_forward. */
void softmax_backward(const float *p, const float *dp, float *ds, int64_t rows, int64_t cols,
                      float scale);
/* x [a, b, c, d] → y [a, c, b, d] (attention's head split and merge; its own inverse). */
void transpose_0213(const float *x, float *y, int64_t a, int64_t b, int64_t c, int64_t d);

/* Adam's hyperparameters for one step; the (1 − β) factors and the bias corrections
 * 1 − β^t come from JS doubles, rounded once, as the tf-op chain rounds them. */
struct adam_args {
  float lr, beta1, beta2, one_minus_beta1, one_minus_beta2, eps, weight_decay;
  float bias_correction1, bias_correction2;
  int decoupled; /* AdamW: decay on the weights, not in the gradient */
};
/* One Adam/AdamW update of n values: g is scaled by *grad_scale (NULL: 1) first (global-norm
 * clipping), then p, m, v → p_out, m_out, v_out (outputs may alias their inputs). */
void adam_step(const float *p, const float *m, const float *v, const float *g,
               const float *grad_scale, float *p_out, float *m_out, float *v_out, int64_t n,
               const struct adam_args *a);

/* Adds geluForward, geluBackward, layerNormForward, layerNormBackward, scaledSoftmax,
 * softmaxBackward, transpose0213 and adamStep to the addon's exports. */
int register_fused(napi_env env, napi_value exports);

#endif
