/* Argument readers shared by the addon's functions. */
#ifndef AVLAB_HEAP_H
#define AVLAB_HEAP_H

#include <node_api.h>
#include <stdint.h>

/* An int64 argument, or a TypeError naming it (returns 0). */
int get_i64(napi_env env, napi_value v, int64_t *out, const char *name);
/* The float data and length (in floats) of a typed-array view of the wasm heap. */
int heap_of(napi_env env, napi_value v, float **data, int64_t *floats);

#endif
