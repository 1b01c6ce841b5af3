/*
 * The lazily loaded Go library (libtensogram_go.so, built from capi/).
 *
 * The Go runtime does not survive fork(): a child that inherits a started Go
 * runtime hangs at its first garbage collection. So the Go library is not
 * linked at load time. It is dlopen-ed (from the directory of this module) by
 * the first call that needs it, and a fork handler marks children forked after
 * that point; in such a child every call raises RuntimeError instead.
 */
#include "_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

tg_go_syms go;

enum { GO_UNLOADED = 0, GO_LOADED = 1 };
static int go_state = GO_UNLOADED; /* atomic */
static int go_forked = 0;          /* atomic: child of a process whose Go had started */
static pthread_mutex_t go_mutex = PTHREAD_MUTEX_INITIALIZER;
static char go_path[4096];
static char go_error[sizeof go_path + 128];
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void
go_atfork_child(void)
{
    if (__atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED) {
        __atomic_store_n(&go_forked, 1, __ATOMIC_RELEASE);
    }
}

static void
register_atfork(void)
{
    pthread_atfork(NULL, NULL, go_atfork_child);
}

/* Find libtensogram_go.so next to this extension module. */
static int
go_locate(void)
{
    Dl_info info;
    if (dladdr((void *)&go_locate, &info) == 0 || info.dli_fname == NULL) {
        PyErr_SetString(PyExc_ImportError, "tensogram_go: cannot locate the extension module file");
        return -1;
    }
    const char *slash = strrchr(info.dli_fname, '/');
    size_t dir = slash ? (size_t)(slash - info.dli_fname + 1) : 0;
    static const char lib[] = "libtensogram_go.so";
    if (dir + sizeof lib > sizeof go_path) {
        PyErr_SetString(PyExc_ImportError, "tensogram_go: installation path too long");
        return -1;
    }
    memcpy(go_path, info.dli_fname, dir);
    memcpy(go_path + dir, lib, sizeof lib);
    return 0;
}

int
tg_loader_init(void)
{
    if (go_locate() < 0) {
        return -1;
    }
    pthread_once(&atfork_once, register_atfork);
    return 0;
}

/* Called with the thread detached and go_mutex held. Returns 0 on success. */
static int
go_load_locked(void)
{
    void *h = dlopen(go_path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        const char *e = dlerror();
        snprintf(go_error, sizeof go_error, "cannot load %s: %s", go_path, e ? e : "unknown error");
        return -1;
    }
#define X(name)                                                                        \
    go.name = (__typeof__(name) *)dlsym(h, #name);                                     \
    if (go.name == NULL) {                                                             \
        snprintf(go_error, sizeof go_error, "%s lacks the symbol %s", go_path, #name); \
        return -1;                                                                     \
    }
    GO_SYMBOLS(X)
#undef X
    if (tg_recycle_enabled()) {
        go.tg_set_large_alloc(tg_block_take); /* else the block pool stays empty */
    }
    return 0;
}

int
tg_go_ensure(void)
{
    if (__atomic_load_n(&go_forked, __ATOMIC_ACQUIRE)) {
        PyErr_SetString(PyExc_RuntimeError,
                        "tensogram_go cannot be used in a process forked after the library "
                        "started in its parent (the Go runtime does not survive fork). Use the "
                        "'spawn' multiprocessing start method, or use tensogram_go only in the "
                        "child processes.");
        return -1;
    }
    if (__atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED) {
        return 0;
    }
    int rc;
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&go_mutex);
    rc = 0;
    if (__atomic_load_n(&go_state, __ATOMIC_ACQUIRE) != GO_LOADED) {
        rc = go_load_locked();
        if (rc == 0) {
            __atomic_store_n(&go_state, GO_LOADED, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&go_mutex);
    Py_END_ALLOW_THREADS
    if (rc != 0) {
        PyErr_SetString(PyExc_ImportError, go_error);
        return -1;
    }
    return 0;
}

int
tg_go_callable(void)
{
    return !__atomic_load_n(&go_forked, __ATOMIC_ACQUIRE) && __atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED;
}

int
tg_go_started(void)
{
    return __atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED;
}
