/* Optional native matrix product for the wasm backend: an N-API addon that runs cblas_sgemm from
 * the system's OpenBLAS directly on the wasm heap (an ArrayBuffer), with no copies. The BLAS library
 * is found at run time with dlopen (TUNIX_BLAS_LIB, else libopenblas.so.0), so building needs only a
 * C compiler: no BLAS headers, no Node headers (the few N-API declarations below are the stable C
 * ABI of Node-API). Built by build.ts into node_modules/.cache/tunix-rt/; loaded by native-blas.ts.
 *
 *   load() -> "libopenblas.so.0" | null
 *   gemm(heap, transA, transB, M, N, K, aIndex, bIndex, cIndex, batch, strideA, strideB, strideC)
 *     C[i] = op(A[i]) . op(B[i]) for i < batch, row-major float32, indices and strides in floats
 *   setThreads(n)
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status;
typedef napi_value (*napi_callback)(napi_env, napi_callback_info);
#define NAPI_AUTO_LENGTH SIZE_MAX

extern napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *, napi_value *, napi_value *, void **);
extern napi_status napi_get_arraybuffer_info(napi_env, napi_value, void **, size_t *);
extern napi_status napi_get_value_int32(napi_env, napi_value, int32_t *);
extern napi_status napi_create_function(napi_env, const char *, size_t, napi_callback, void *, napi_value *);
extern napi_status napi_set_named_property(napi_env, napi_value, const char *, napi_value);
extern napi_status napi_create_string_utf8(napi_env, const char *, size_t, napi_value *);
extern napi_status napi_get_null(napi_env, napi_value *);
extern napi_status napi_throw_error(napi_env, const char *, const char *);

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef void (*threads_fn)(int);
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

static sgemm_fn sgemm = NULL;
static threads_fn set_threads = NULL;
static const char *loaded = NULL;

static napi_value js_load(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  if (!sgemm) {
    const char *candidates[] = {getenv("TUNIX_BLAS_LIB"), "libopenblas.so.0", "libopenblas.so"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates && !sgemm; i++) {
      if (!candidates[i] || !*candidates[i]) continue;
      void *h = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
      if (!h) continue;
      sgemm = (sgemm_fn)dlsym(h, "cblas_sgemm");
      set_threads = (threads_fn)dlsym(h, "openblas_set_num_threads");
      if (sgemm) loaded = candidates[i];
    }
  }
  if (!sgemm) {
    napi_get_null(env, &out);
    return out;
  }
  napi_create_string_utf8(env, loaded, NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value js_gemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 13 || !sgemm) {
    napi_throw_error(env, NULL, "gemm: expected 13 arguments after load()");
    return NULL;
  }
  void *heap = NULL;
  size_t bytes = 0;
  if (napi_get_arraybuffer_info(env, argv[0], &heap, &bytes) != 0) {
    napi_throw_error(env, NULL, "gemm: the heap must be an ArrayBuffer");
    return NULL;
  }
  int32_t v[12];
  for (int i = 0; i < 12; i++) napi_get_value_int32(env, argv[i + 1], &v[i]);
  int ta = v[0], tb = v[1], M = v[2], N = v[3], K = v[4], batch = v[8];
  int64_t ai = v[5], bi = v[6], ci = v[7], sa = v[9], sb = v[10], sc = v[11];
  int64_t floats = (int64_t)(bytes / 4);
  int64_t lastA = ai + (int64_t)(batch - 1) * sa + (int64_t)M * K, lastB = bi + (int64_t)(batch - 1) * sb + (int64_t)K * N,
          lastC = ci + (int64_t)(batch - 1) * sc + (int64_t)M * N;
  if (ai < 0 || bi < 0 || ci < 0 || lastA > floats || lastB > floats || lastC > floats) {
    napi_throw_error(env, NULL, "gemm: operands outside the heap");
    return NULL;
  }
  float *base = (float *)heap;
  /* Many small products (attention heads): spread the batch over the cores, one single-threaded
   * sgemm each (OpenBLAS's OpenMP build runs serially inside a parallel region). Big products keep
   * OpenBLAS's own threading. */
  int spread = batch > 1 && (int64_t)M * N * K < (int64_t)(1 << 24);
#pragma omp parallel for schedule(static) if (spread)
  for (int i = 0; i < batch; i++) {
    sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, M, N, K, 1.0f, base + ai + i * sa, ta ? M : K,
          base + bi + i * sb, tb ? K : N, 0.0f, base + ci + i * sc, N);
  }
  return NULL;
}

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 1) napi_get_value_int32(env, argv[0], &n);
  if (set_threads && n > 0) set_threads(n);
  return NULL;
}

napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "load", NAPI_AUTO_LENGTH, js_load, NULL, &f);
  napi_set_named_property(env, exports, "load", f);
  napi_create_function(env, "gemm", NAPI_AUTO_LENGTH, js_gemm, NULL, &f);
  napi_set_named_property(env, exports, "gemm", f);
  napi_create_function(env, "setThreads", NAPI_AUTO_LENGTH, js_set_threads, NULL, &f);
  napi_set_named_property(env, exports, "setThreads", f);
  return exports;
}

int32_t node_api_module_get_api_version_v1(void) { return 8; }
