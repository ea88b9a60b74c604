{
  "targets": [
    {
      "target_name": "avlab_blas",
      "sources": ["src/blas.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
