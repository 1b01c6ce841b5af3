/*
 * Reuse of large output bytes objects (tg_output_bytes, called by
 * tg_alloc_bytes in _result.c with the thread attached).
 *
 * Why: a fresh object of 1 MiB or more on the free-threaded build mostly
 * lands on memory mimalloc has not yet made reusable (QSBR) or has given
 * back to the kernel, so writing it costs a page fault and zeroing per
 * 4 KiB (benchmarks/RESULTS.md, issue 16). A recycled object's pages are
 * mapped and likely still in cache.
 *
 * Where objects are kept. Each thread keeps, in a small object stored in
 * its thread-state dict, references to the last two bytes objects of
 * TG_RECYCLE_MIN..TG_RECYCLE_MAX bytes it was given. Two, because in a
 * loop `msg = encode(...)` the previous result is still bound to `msg`
 * during the call that replaces it: the two objects then take turns. An
 * object a thread stops keeping (replaced by a newer one, or released with
 * the thread state when the thread exits) goes to a process-wide pool if
 * nobody else holds it, so that the next thread, e.g. one of a new crew of
 * short-lived threads, starts from it instead of fresh memory. The pool
 * holds at most 2 objects per CPU (up to TG_POOL_MAX) and TG_RECYCLE_MAX
 * bytes in all, oldest dropped first; it is guarded by a PyMutex on the
 * free-threaded build and by the GIL otherwise.
 *
 * Which object an output gets: one of the thread's two whose size bucket
 * is the output's and whose only reference is the cache's (the caller
 * dropped it; a variable, memoryview, numpy.frombuffer array, container
 * entry or buffer export each hold one and block this); else one from the
 * pool with that bucket and no other reference; else a fresh one. The
 * last two become the thread's newest entry. The object handed out gets
 * its size set, its terminating NUL rewritten and its cached hash reset (a
 * user may have hashed the old contents).
 *
 * Why "only reference" is exact with free threading. CPython 3.13t counts
 * an object's references in two fields (Include/object.h): ob_ref_local,
 * changed without atomics by the owning thread (ob_tid), and
 * ob_ref_shared, changed atomically by every other thread; Py_REFCNT adds
 * two loads that are not one snapshot, so a thread reading another
 * thread's object could see the owner's increment miss and a shared
 * decrement land, and read 1 while two references exist. Every object this
 * file keeps is therefore made ownerless when it is allocated (while only
 * its creator holds it, the same state CPython gives an object whose counts
 * it merged): ob_tid 0, ob_ref_local 0, the count in ob_ref_shared with the
 * "merged" flag. No thread owns it, so every thread changes its count
 * atomically in ob_ref_shared and one acquire load of that field is the
 * exact count, which also orders the last holder's reads before our writes
 * (that holder's decrement is an atomic read-modify-write). A lone
 * reference cannot be duplicated by another thread: bytes have no weakrefs
 * and are not GC-tracked, so neither weakref nor gc.get_objects() finds
 * them. Another thread may briefly increment the count optimistically
 * through a container slot that pointed at the object
 * (_Py_TryIncrefCompare); that makes the check fail (no reuse), or comes
 * after it and then reads nothing, since it re-checks that the slot still
 * holds the object, which it no longer does. On the GIL build the GIL
 * makes Py_REFCNT exact. Allocating outputs from a private mimalloc heap
 * instead was rejected: object memory must stay in the QSBR-managed object
 * heap because those optimistic readers may touch a freed object's header.
 *
 * Bounds: the entries of one thread total at most TG_RECYCLE_MAX (64 MiB;
 * the older entry is dropped when the pair would exceed it), which is what
 * an idle thread can retain, and the pool as much again; larger outputs are
 * rare and pay the page faults once per call, proportionally to the copy
 * they already cost. Below TG_RECYCLE_MIN the allocator's own fast path is
 * left alone.
 *
 * Sizes are matched by bucket, not exactly, so that messages whose
 * metadata or compressed size differs by a little still reuse an object:
 * a cacheable object is allocated with the capacity tg_recycle_cap(n) and
 * its size set to n (the bytes beyond n are never exposed; memory is freed
 * without regard to ob_size). Every size in one bucket has the same
 * capacity, so an entry's capacity is tg_recycle_cap of its current size
 * and needs no storage of its own.
 */
#include "_shim.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TG_RECYCLE_MIN ((Py_ssize_t)1 << 20)
#define TG_RECYCLE_MAX ((Py_ssize_t)64 << 20)
#define TG_RECYCLE_SLOTS 2
#define TG_POOL_MAX 16

/* Whether tg_output_bytes may hand out a recycled object;
 * TENSOGRAM_GO_RECYCLE=0 in the environment at import turns it off.
 * Written once at module init, read-only afterwards. */
static int recycle_on = 1;
/* The thread-state dict key of a thread's tg_cache, made at init. */
static PyObject *recycle_key;
/* The pool's capacity in objects: 2 per online CPU, 2..TG_POOL_MAX. */
static int pool_slots = 2;

/* A thread's entries, newest first (NULL when empty). Only its thread
 * touches it; its dealloc runs when the thread state's dict is cleared. */
typedef struct {
    PyObject_HEAD PyObject *e[TG_RECYCLE_SLOTS];
} tg_cache;

static void tg_cache_dealloc(PyObject *self);

static PyTypeObject tg_cache_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tensogram_go._recycle_cache",
    .tp_basicsize = sizeof(tg_cache),
    .tp_dealloc = tg_cache_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

int
tg_recycle_enabled(void)
{
    return recycle_on;
}

int
tg_recycle_init(void)
{
    const char *env = getenv("TENSOGRAM_GO_RECYCLE");
    recycle_on = !(env != NULL && strcmp(env, "0") == 0);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    pool_slots = cpus < 1 ? 2 : cpus > TG_POOL_MAX / 2 ? TG_POOL_MAX : (int)cpus * 2;
    if (PyType_Ready(&tg_cache_type) < 0) {
        return -1;
    }
    if (recycle_key == NULL && (recycle_key = PyUnicode_InternFromString("tensogram_go.recycled_bytes")) == NULL) {
        return -1;
    }
    return 0;
}

/* n rounded up to a multiple of 1/16 of the power of two at or below it:
 * buckets of 64 KiB from 1 MiB, 256 KiB from 4 MiB, at most 6.25 % unused
 * (for TG_RECYCLE_MIN <= n <= TG_RECYCLE_MAX). */
static Py_ssize_t
tg_recycle_cap(Py_ssize_t n)
{
    Py_ssize_t g = TG_RECYCLE_MIN >> 4;
    while ((g << 5) <= n) {
        g <<= 1;
    }
    return (n + g - 1) / g * g;
}

/* The capacity of a kept object b. */
static Py_ssize_t
tg_cap_of(PyObject *b)
{
    return tg_recycle_cap(PyBytes_GET_SIZE(b));
}

/* Give b (a bytes object of capacity at least n that only we hold) the
 * size n, its terminating NUL and no cached hash. */
static void
tg_bytes_set_size(PyObject *b, Py_ssize_t n)
{
    Py_SET_SIZE(b, n);
    PyBytes_AS_STRING(b)[n] = '\0';
    _Pragma("GCC diagnostic push");
    _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"");
    ((PyBytesObject *)b)->ob_shash = -1;
    _Pragma("GCC diagnostic pop");
}

/* The free-threaded reference-count layout the two functions below rely
 * on (ob_tid, ob_ref_local, ob_ref_shared with the merged flag) is that of
 * CPython 3.13 and 3.14. Another free-threaded release keeps no objects
 * (tg_make_ownerless fails) rather than write fields it may have changed. */
#if defined(Py_GIL_DISABLED) && PY_VERSION_HEX >= 0x030D0000 && PY_VERSION_HEX < 0x030F0000
#define TG_FT_REFCOUNTS 1
#endif

/* Make b, just allocated by this thread and held only by it, ownerless
 * (see the top comment). Returns 0, leaving b as it is, if b is not in the
 * state a new object has (then it is not kept). Nothing to do with a GIL. */
static int
tg_make_ownerless(PyObject *b)
{
#if defined(TG_FT_REFCOUNTS)
    if (!_Py_IsOwnedByCurrentThread(b) || _Py_atomic_load_uint32_relaxed(&b->ob_ref_local) != 1) {
        return 0;
    }
    Py_ssize_t shared = 0; /* a CAS: an optimistic reader could race us */
    if (!_Py_atomic_compare_exchange_ssize(&b->ob_ref_shared, &shared, _Py_REF_SHARED(1, _Py_REF_MERGED))) {
        return 0;
    }
    _Py_atomic_store_uint32_relaxed(&b->ob_ref_local, 0);
    _Py_atomic_store_uintptr_relaxed(&b->ob_tid, _Py_UNOWNED_TID);
#elif defined(Py_GIL_DISABLED)
    (void)b;
    return 0;
#else
    (void)b;
#endif
    return 1;
}

/* Whether the caller's reference to kept object b is the only one. */
static int
tg_only_ref(PyObject *b)
{
#if defined(TG_FT_REFCOUNTS)
    return _Py_atomic_load_ssize_acquire(&b->ob_ref_shared) == _Py_REF_SHARED(1, _Py_REF_MERGED);
#elif defined(Py_GIL_DISABLED)
    (void)b;
    return 0; /* never reached: no object is kept */
#else
    return Py_REFCNT(b) == 1;
#endif
}

/* ---- the process-wide pool --------------------------------------------- */

static struct {
    PyObject *e[TG_POOL_MAX + 1]; /* oldest first; one over while putting */
    int n;
    Py_ssize_t bytes; /* sum of the capacities */
} pool;

#ifdef Py_GIL_DISABLED
static PyMutex pool_mu;
#define TG_POOL_LOCK() PyMutex_Lock(&pool_mu)
#define TG_POOL_UNLOCK() PyMutex_Unlock(&pool_mu)
#else
#define TG_POOL_LOCK() ((void)0) /* the attached thread holds the GIL */
#define TG_POOL_UNLOCK() ((void)0)
#endif

/* Add b (the caller's reference, its only one, is stolen), dropping the
 * oldest objects while the pool is over its bounds. */
static void
tg_pool_put(PyObject *b)
{
    PyObject *out[TG_POOL_MAX + 1];
    int nout = 0;
    TG_POOL_LOCK();
    pool.e[pool.n++] = b;
    pool.bytes += tg_cap_of(b);
    while (pool.n > pool_slots || pool.bytes > TG_RECYCLE_MAX) {
        out[nout] = pool.e[0];
        pool.bytes -= tg_cap_of(out[nout++]);
        memmove(&pool.e[0], &pool.e[1], (size_t)(--pool.n) * sizeof pool.e[0]);
    }
    TG_POOL_UNLOCK();
    for (int i = 0; i < nout; i++) {
        Py_DECREF(out[i]);
    }
}

/* Take out an object of capacity cap that nobody else holds (newest
 * first), returning the pool's reference, or NULL. */
static PyObject *
tg_pool_take(Py_ssize_t cap)
{
    PyObject *b = NULL;
    TG_POOL_LOCK();
    for (int i = pool.n - 1; i >= 0 && b == NULL; i--) {
        if (tg_cap_of(pool.e[i]) == cap && tg_only_ref(pool.e[i])) {
            b = pool.e[i];
            pool.bytes -= cap;
            memmove(&pool.e[i], &pool.e[i + 1], (size_t)(--pool.n - i) * sizeof pool.e[0]);
        }
    }
    TG_POOL_UNLOCK();
    return b;
}

/* Let go of a thread's entry b (its reference is stolen): to the pool if
 * nobody else holds it, unless the interpreter is shutting down. */
static void
tg_release(PyObject *b)
{
    if (tg_only_ref(b) && !TG_FINALIZING()) {
        tg_pool_put(b);
    } else {
        Py_DECREF(b);
    }
}

/* ---- a thread's entries -------------------------------------------------- */

static void
tg_cache_dealloc(PyObject *self)
{
    tg_cache *c = (tg_cache *)self;
    for (int i = 0; i < TG_RECYCLE_SLOTS; i++) {
        PyObject *b = c->e[i];
        c->e[i] = NULL;
        if (b != NULL) {
            tg_release(b);
        }
    }
    Py_TYPE(self)->tp_free(self);
}

/* This thread's entries (borrowed: only this thread uses its dict's key),
 * made on first use, or NULL. The thread's dict is never created here:
 * before 3.12 allocating a GC-tracked object can run a collection, and so
 * finalizers, on the spot, and here a Go call is in progress. TG_DETACH
 * creates it before each such call (a thread attached). A tg_cache is not
 * GC-tracked. Failures only lose the reuse. */
static tg_cache *
tg_thread_cache(void)
{
#if PY_VERSION_HEX < 0x030C0000
    PyObject *d = PyThreadState_Get()->dict;
#else
    PyObject *d = PyThreadState_GetDict(); /* exists already; NULL sets no error */
#endif
    if (d == NULL) {
        return NULL;
    }
    PyObject *c = PyDict_GetItemWithError(d, recycle_key);
    if (c != NULL) {
        return Py_IS_TYPE(c, &tg_cache_type) ? (tg_cache *)c : NULL;
    }
    if (PyErr_Occurred() || (c = (PyObject *)PyObject_New(tg_cache, &tg_cache_type)) == NULL) {
        PyErr_Clear();
        return NULL;
    }
    memset(((tg_cache *)c)->e, 0, sizeof ((tg_cache *)c)->e);
    int rc = PyDict_SetItem(d, recycle_key, c);
    Py_DECREF(c);
    if (rc < 0) {
        PyErr_Clear();
        return NULL;
    }
    return (tg_cache *)c;
}

/* Make b (capacity cap) the newest entry. The other one kept is an entry of
 * the same capacity if there is one (held by the caller now, so likely the
 * next to be dropped, as in a rebinding loop), else the previous newest;
 * it is kept only if both fit in TG_RECYCLE_MAX. The others are released. */
static void
tg_recycle_keep(tg_cache *c, PyObject *b, Py_ssize_t cap)
{
    int k = -1;
    for (int i = 0; i < TG_RECYCLE_SLOTS && k < 0; i++) {
        if (c->e[i] != NULL && tg_cap_of(c->e[i]) == cap) {
            k = i;
        }
    }
    if (k < 0 && c->e[0] != NULL) {
        k = 0;
    }
    if (k >= 0 && tg_cap_of(c->e[k]) + cap > TG_RECYCLE_MAX) {
        k = -1;
    }
    PyObject *old[TG_RECYCLE_SLOTS];
    memcpy(old, c->e, sizeof old);
    c->e[0] = Py_NewRef(b);
    c->e[1] = k >= 0 ? old[k] : NULL;
    for (int i = 0; i < TG_RECYCLE_SLOTS; i++) {
        if (old[i] != NULL && i != k) {
            tg_release(old[i]);
        }
    }
}

PyObject *
tg_output_bytes(Py_ssize_t n, int *fresh)
{
    *fresh = 1;
    tg_cache *c = NULL;
    if (recycle_on && n >= TG_RECYCLE_MIN && n <= TG_RECYCLE_MAX) {
        c = tg_thread_cache();
    }
    if (c == NULL) {
        return PyBytes_FromStringAndSize(NULL, n);
    }
    Py_ssize_t cap = tg_recycle_cap(n);
    for (int i = 0; i < TG_RECYCLE_SLOTS; i++) {
        PyObject *old = c->e[i];
        if (old != NULL && tg_cap_of(old) == cap && tg_only_ref(old)) {
            tg_bytes_set_size(old, n);
            *fresh = 0;
            return Py_NewRef(old);
        }
    }
    PyObject *b = tg_pool_take(cap);
    if (b != NULL) {
        *fresh = 0;
    } else if ((b = PyBytes_FromStringAndSize(NULL, cap)) == NULL) {
        return NULL;
    } else if (!tg_make_ownerless(b)) {
        tg_bytes_set_size(b, n);
        return b; /* not kept */
    }
    tg_bytes_set_size(b, n);
    tg_recycle_keep(c, b, cap);
    return b;
}
