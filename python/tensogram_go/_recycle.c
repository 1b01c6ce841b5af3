/*
 * Reuse of large output bytes objects (tg_output_bytes, called by
 * tg_alloc_bytes in _result.c with the thread attached).
 *
 * Each thread keeps, in its thread-state dict (cleared with the thread
 * state when the thread exits; two keys holding bytes or None),
 * references to the last two bytes objects
 * of TG_RECYCLE_MIN..TG_RECYCLE_MAX bytes it was given. When the next
 * output of this thread falls in the size bucket of one of them and the
 * cache holds that one's only reference (the caller dropped it; a
 * variable, memoryview, numpy.frombuffer array, container entry or buffer
 * export each hold one and block this), the same object is handed out
 * again: its pages are mapped and likely still in cache, where a fresh
 * object of 1 MiB or more on the free-threaded build mostly lands on
 * memory mimalloc has not yet made reusable (QSBR) or has given back to
 * the kernel, so writing it costs a page fault and zeroing per 4 KiB
 * (benchmarks/RESULTS.md, issue 16). Otherwise a fresh object is
 * allocated and becomes the newest entry. Two entries, because in a loop
 * `msg = encode(...)` the previous result is still bound to `msg` during
 * the call that replaces it: the two objects then take turns.
 *
 * Why reuse is safe with free threading: an object whose only reference is
 * ours cannot be reached by another thread (bytes have no weakrefs and are
 * not GC-tracked, so neither weakref nor gc.get_objects() can find it).
 * Py_REFCNT sums the owner's local count and the shared count, and both
 * only drop when a real reference is dropped, so 1 is not a transient
 * reading. Another thread may briefly incref it optimistically through a
 * container slot that pointed at it (_Py_TryIncrefCompare), but it reads
 * the object only after re-checking that the slot still holds it, which it
 * no longer does. The cached hash is reset because a user may have hashed
 * the old contents; the terminating NUL is rewritten at the new size
 * (outputs are exactly n bytes). Allocating outputs from a private
 * mimalloc heap instead was rejected: object memory must stay in the
 * QSBR-managed object heap because those optimistic readers may touch a
 * freed object's header.
 *
 * Bounds: the entries of one thread total at most TG_RECYCLE_MAX (64 MiB;
 * the older entry is dropped when the pair would exceed it), which is
 * what an idle thread can retain; larger outputs are rare and pay the page
 * faults once per call, proportionally to the copy they already cost.
 * Below TG_RECYCLE_MIN the allocator's own fast path is left alone.
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

#define TG_RECYCLE_MIN ((Py_ssize_t)1 << 20)
#define TG_RECYCLE_MAX ((Py_ssize_t)64 << 20)
#define TG_RECYCLE_SLOTS 2

/* Whether tg_output_bytes may hand out a recycled object;
 * TENSOGRAM_GO_RECYCLE=0 in the environment at import turns it off.
 * Written once at module init, read-only afterwards. */
static int recycle_on = 1;
/* The thread-state dict keys of the per-thread entries (newest first),
 * made at init. */
static PyObject *recycle_keys[TG_RECYCLE_SLOTS];

int
tg_recycle_init(void)
{
    static const char *names[TG_RECYCLE_SLOTS] = {"tensogram_go.recycled_bytes.0", "tensogram_go.recycled_bytes.1"};
    const char *env = getenv("TENSOGRAM_GO_RECYCLE");
    recycle_on = !(env != NULL && strcmp(env, "0") == 0);
    for (int i = 0; i < TG_RECYCLE_SLOTS; i++) {
        if (recycle_keys[i] == NULL && (recycle_keys[i] = PyUnicode_InternFromString(names[i])) == NULL) {
            return -1;
        }
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

/* This thread's dict, where its entries live, or NULL. It is never created
 * here: before 3.12 allocating a GC-tracked object can run a collection,
 * and so finalizers, on the spot, and here a Go call is in progress.
 * TG_DETACH creates it before each such call (a thread attached). */
static PyObject *
tg_recycle_dict(void)
{
#if PY_VERSION_HEX < 0x030C0000
    return PyThreadState_Get()->dict;
#else
    return PyThreadState_GetDict(); /* exists already; NULL sets no error */
#endif
}

/* Entry i of dict d (bytes, borrowed: only this thread touches its keys of
 * its own dict), or NULL. */
static PyObject *
tg_recycle_entry(PyObject *d, int i)
{
    PyObject *e = PyDict_GetItemWithError(d, recycle_keys[i]);
    if (e == NULL) {
        PyErr_Clear();
        return NULL;
    }
    return PyBytes_CheckExact(e) ? e : NULL;
}

/* Make b (capacity cap) the newest entry. The other one kept is an entry of
 * the same capacity if there is one (held by the caller now, so likely the
 * next to be dropped, as in a rebinding loop), else the previous newest;
 * it is kept only if both fit in TG_RECYCLE_MAX. Failures only lose the
 * cache (the stores allocate no GC-tracked objects). */
static void
tg_recycle_keep(PyObject *d, PyObject *b, Py_ssize_t cap)
{
    PyObject *keep = NULL;
    for (int i = 0; i < TG_RECYCLE_SLOTS && keep == NULL; i++) {
        PyObject *e = tg_recycle_entry(d, i);
        if (e != NULL && tg_recycle_cap(PyBytes_GET_SIZE(e)) == cap) {
            keep = e;
        }
    }
    if (keep == NULL) {
        keep = tg_recycle_entry(d, 0);
    }
    if (keep == NULL || tg_recycle_cap(PyBytes_GET_SIZE(keep)) + cap > TG_RECYCLE_MAX) {
        keep = Py_None;
    }
    Py_INCREF(keep); /* may be entry 1 itself, released by the store below */
    if (PyDict_SetItem(d, recycle_keys[1], keep) < 0 || PyDict_SetItem(d, recycle_keys[0], b) < 0) {
        PyErr_Clear();
    }
    Py_DECREF(keep);
}

PyObject *
tg_output_bytes(Py_ssize_t n, int *fresh)
{
    *fresh = 1;
    PyObject *d = NULL;
    if (recycle_on && n >= TG_RECYCLE_MIN && n <= TG_RECYCLE_MAX) {
        d = tg_recycle_dict();
    }
    if (d == NULL) {
        return PyBytes_FromStringAndSize(NULL, n);
    }
    Py_ssize_t cap = tg_recycle_cap(n);
    for (int i = 0; i < TG_RECYCLE_SLOTS; i++) {
        PyObject *old = tg_recycle_entry(d, i);
        if (old != NULL && Py_REFCNT(old) == 1 && tg_recycle_cap(PyBytes_GET_SIZE(old)) == cap) {
            tg_bytes_set_size(old, n);
            *fresh = 0;
            return Py_NewRef(old);
        }
    }
    PyObject *b = PyBytes_FromStringAndSize(NULL, cap);
    if (b == NULL) {
        return NULL;
    }
    tg_bytes_set_size(b, n);
    tg_recycle_keep(d, b, cap);
    return b;
}
