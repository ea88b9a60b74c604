# -march=native: the addon is built from source on the machine that runs it (npm run build:blas),
# so the fused kernels get that CPU's widest vectors; -fopenmp-simd enables `omp simd` only;
# -fno-math-errno lets sqrtf inside a vectorised loop be one instruction (its argument is ≥ 0).
{
  "targets": [
    {
      "target_name": "avlab_blas",
      "sources": ["src/blas.c", "src/heap.c", "src/fused.c", "src/fused_napi.c"],
      "cflags": ["-O3", "-Wall", "-Wextra", "-fopenmp-simd", "-fno-math-errno", "-march=native"],
      "libraries": ["-lopenblas"]
    }
  ]
}
