/* Argument readers shared by the addon's functions (blas.c, fused_napi.c). */
#include "heap.h"

#include <stdio.h>

int get_i64(napi_env env, napi_value v, int64_t *out, const char *name) {
  if (napi_get_value_int64(env, v, out) != napi_ok) {
    char msg[96];
    snprintf(msg, sizeof msg, "avlab_blas: %s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* Float32 data pointer and length (in floats) of a typed array over the heap. */
int heap_of(napi_env env, napi_value v, float **data, int64_t *floats) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) {
    napi_throw_type_error(env, NULL, "avlab_blas: heap must be a typed array over the wasm memory");
    return 0;
  }
  napi_typedarray_type type;
  size_t length, byte_offset;
  void *ptr;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, &ab, &byte_offset) != napi_ok) {
    napi_throw_error(env, NULL, "avlab_blas: cannot read the heap view");
    return 0;
  }
  size_t elem = type == napi_uint8_array || type == napi_int8_array ? 1
                : type == napi_float32_array || type == napi_int32_array || type == napi_uint32_array ? 4
                                                                                                       : 0;
  if (elem == 0 || ((uintptr_t)ptr & 3) != 0) {
    napi_throw_type_error(env, NULL, "avlab_blas: heap must be a 4-byte aligned Uint8Array or Float32Array");
    return 0;
  }
  *data = (float *)ptr;
  *floats = (int64_t)(length * elem / 4);
  return 1;
}

