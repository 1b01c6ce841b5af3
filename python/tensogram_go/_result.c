/*
 * Python objects from Go results. Decoded payloads were malloc-ed by Go; each
 * becomes a NumPy array over that memory (no copy) whose base is a capsule
 * that free()s it. Metadata and descriptors keep their raw CBOR and are
 * parsed lazily by the Python classes, which __init__.py registers here
 * (_register). Also the allocator through which Go writes bytes objects
 * (their reuse is in _recycle.c), and the reuse of large arrays' memory.
 */
#define NO_IMPORT_ARRAY
#define PY_ARRAY_UNIQUE_SYMBOL tensogram_go_ARRAY_API
#include "_shim.h"

#include <malloc.h>
#include <numpy/arrayobject.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static const char CAPSULE_NAME[] = "tensogram_go.payload";

/* The classes results are built with, set by tensogram_go/__init__.py
 * through _register(). */
static PyObject *tg_Message, *tg_Metadata, *tg_Descriptor;
/* The same classes, built without their __init__ when they allow it. */
static tg_slot_class fast_Metadata, fast_Descriptor;

/*
 * Reuse of the memory of large decoded arrays (TG_LARGE_OUTPUT_MIN, 32 MiB,
 * or more). glibc serves such blocks from fresh mmap'ed memory and unmaps
 * them on free(), so every decode of 64 MB paid ~800 page faults and the
 * kernel's zeroing of 64 MB (7 ms of system time against 3 ms of our own
 * work; benchmarks/RESULTS.md, issue 16). When the last reference to such an
 * array (and to every view of it: each holds its base) goes, its capsule
 * puts the malloc'ed block here instead of freeing it, and the library takes
 * it for its next output of about that size (tg_block_take, set with
 * tg_set_large_alloc at load). A block is here only while nothing can reach
 * it, and leaves to one caller at a time; the lock orders the last reader's
 * accesses before the next writer's. At most TG_BLOCK_SLOTS blocks and
 * TG_BLOCK_TOTAL bytes are kept (a block that does not fit is freed), and a
 * block is handed out only for an output at least 7/8 of its size.
 * TENSOGRAM_GO_RECYCLE=0 turns this off with the bytes reuse.
 */
#define TG_BLOCK_SLOTS 4
#define TG_BLOCK_TOTAL ((size_t)256 << 20)

static pthread_mutex_t block_mu = PTHREAD_MUTEX_INITIALIZER;
static void *block_p[TG_BLOCK_SLOTS];
static size_t block_cap[TG_BLOCK_SLOTS]; /* malloc_usable_size */
static size_t block_total;

void *
tg_block_take(size_t n)
{
    void *p = NULL;
    pthread_mutex_lock(&block_mu);
    int best = -1;
    for (int i = 0; i < TG_BLOCK_SLOTS; i++) {
        if (block_p[i] != NULL && block_cap[i] >= n && block_cap[i] - n <= n / 8 &&
            (best < 0 || block_cap[i] < block_cap[best])) {
            best = i;
        }
    }
    if (best >= 0) {
        p = block_p[best];
        block_p[best] = NULL;
        block_total -= block_cap[best];
    }
    pthread_mutex_unlock(&block_mu);
    return p;
}

/* Keep the malloc'ed block p, which nothing references any more, or free it. */
static void
tg_block_give(void *p)
{
    size_t cap = p != NULL && tg_recycle_enabled() ? malloc_usable_size(p) : 0;
    if (cap >= TG_LARGE_OUTPUT_MIN && cap <= TG_BLOCK_TOTAL) {
        pthread_mutex_lock(&block_mu);
        for (int i = 0; i < TG_BLOCK_SLOTS && p != NULL; i++) {
            if (block_p[i] == NULL && block_total + cap <= TG_BLOCK_TOTAL) {
                block_p[i] = p;
                block_cap[i] = cap;
                block_total += cap;
                p = NULL;
            }
        }
        pthread_mutex_unlock(&block_mu);
    }
    free(p);
}

static void
capsule_free(PyObject *cap)
{
    tg_block_give(PyCapsule_GetPointer(cap, CAPSULE_NAME));
}

void
tg_result_free(tg_result *r)
{
    if (r->arrays != NULL) {
        for (size_t i = 0; i < r->n; i++) {
            tg_array *a = &r->arrays[i];
            free(a->desc);
            free(a->data);
            free(a->shape);
            for (int k = 0; k < TG_NMASKS; k++) {
                free(a->mask[k]);
            }
        }
        free(r->arrays);
    }
    free(r->meta);
    memset(r, 0, sizeof *r);
}

/* bfloat16: ml_dtypes.bfloat16 when importable, else uint16 (resolved once). */
static PyArray_Descr *bf16_descr;
static int bf16_state; /* 0 unknown, 1 resolved (atomic) */

static PyArray_Descr *
bfloat16_descr(void)
{
    if (__atomic_load_n(&bf16_state, __ATOMIC_ACQUIRE) == 1) {
        Py_INCREF(bf16_descr);
        return bf16_descr;
    }
    PyArray_Descr *d = NULL;
    PyObject *mod = PyImport_ImportModule("ml_dtypes");
    if (mod != NULL) {
        PyObject *t = PyObject_GetAttrString(mod, "bfloat16");
        Py_DECREF(mod);
        if (t != NULL) {
            if (PyArray_DescrConverter(t, &d) != NPY_SUCCEED) {
                d = NULL;
            }
            Py_DECREF(t);
        }
    }
    PyErr_Clear();
    if (d == NULL) {
        d = PyArray_DescrFromType(NPY_UINT16);
    }
    PyArray_Descr *expected = NULL;
    if (__atomic_compare_exchange_n(&bf16_descr, &expected, d, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        Py_INCREF(d); /* one reference kept by the cache */
        __atomic_store_n(&bf16_state, 1, __ATOMIC_RELEASE);
        return d;
    }
    Py_DECREF(d);
    Py_INCREF(expected);
    return expected;
}

static PyArray_Descr *
descr_for(int32_t kind)
{
    int t;
    switch (kind) {
    case TG_KIND_U8: t = NPY_UINT8; break;
    case TG_KIND_I8: t = NPY_INT8; break;
    case TG_KIND_U16: t = NPY_UINT16; break;
    case TG_KIND_I16: t = NPY_INT16; break;
    case TG_KIND_U32: t = NPY_UINT32; break;
    case TG_KIND_I32: t = NPY_INT32; break;
    case TG_KIND_U64: t = NPY_UINT64; break;
    case TG_KIND_I64: t = NPY_INT64; break;
    case TG_KIND_F16: t = NPY_FLOAT16; break;
    case TG_KIND_F32: t = NPY_FLOAT32; break;
    case TG_KIND_F64: t = NPY_FLOAT64; break;
    case TG_KIND_C64: t = NPY_COMPLEX64; break;
    case TG_KIND_C128: t = NPY_COMPLEX128; break;
    case TG_KIND_BOOL: t = NPY_BOOL; break;
    case TG_KIND_BF16: return bfloat16_descr();
    default:
        PyErr_Format(PyExc_RuntimeError, "unknown array kind %d", (int)kind);
        return NULL;
    }
    return PyArray_DescrFromType(t);
}

/* Wrap malloc-ed data (taking ownership) as a writable C-contiguous array. */
static PyObject *
wrap(uint8_t **data, int32_t kind, const uint64_t *shape, uint32_t ndim)
{
    if (ndim > NPY_MAXDIMS) {
        PyErr_Format(PyExc_ValueError, "array has %u dimensions, NumPy supports at most %d", ndim, NPY_MAXDIMS);
        return NULL;
    }
    npy_intp dims[NPY_MAXDIMS];
    for (uint32_t i = 0; i < ndim; i++) {
        if (shape[i] > (uint64_t)NPY_MAX_INTP) {
            PyErr_SetString(PyExc_ValueError, "array dimension too large");
            return NULL;
        }
        dims[i] = (npy_intp)shape[i];
    }
    PyArray_Descr *descr = descr_for(kind);
    if (descr == NULL) {
        return NULL;
    }
    PyObject *cap = PyCapsule_New(*data, CAPSULE_NAME, capsule_free);
    if (cap == NULL) {
        Py_DECREF(descr);
        return NULL;
    }
    *data = NULL; /* owned by the capsule now */
    PyObject *arr = PyArray_NewFromDescr(&PyArray_Type, descr, (int)ndim, dims, NULL, PyCapsule_GetPointer(cap, CAPSULE_NAME),
                                         NPY_ARRAY_CARRAY, NULL);
    if (arr == NULL) {
        Py_DECREF(cap);
        return NULL;
    }
    if (PyArray_SetBaseObject((PyArrayObject *)arr, cap) < 0) {
        Py_DECREF(arr);
        return NULL;
    }
    return arr;
}

static PyObject *
tg_array_from(tg_array *a)
{
    return wrap(&a->data, a->kind, a->shape, a->ndim);
}

/* The keys of the mask dicts, made once at import (tg_result_init). Making
 * them per call (PyDict_SetItemString) interns "inf+"/"inf-" at run time, and
 * CPython 3.13 interning a new string from several threads at once races
 * (ThreadSanitizer: intern_common sets the count of a string that another
 * thread's lookup already holds). */
static PyObject *mask_keys[TG_NMASKS];

int
tg_result_init(void)
{
    if (tg_recycle_init() < 0) {
        return -1;
    }
    static const char *names[TG_NMASKS] = {[TG_MASK_NAN] = "nan", [TG_MASK_POS_INF] = "inf+", [TG_MASK_NEG_INF] = "inf-"};
    for (int k = 0; k < TG_NMASKS; k++) {
        if (mask_keys[k] == NULL && (mask_keys[k] = PyUnicode_InternFromString(names[k])) == NULL) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
tg_masks_from(tg_array *a)
{
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    for (int k = 0; k < TG_NMASKS; k++) {
        if (a->mask[k] == NULL) {
            continue;
        }
        uint64_t n = a->mask_len[k];
        PyObject *arr = wrap(&a->mask[k], TG_KIND_BOOL, &n, 1);
        if (arr == NULL || PyDict_SetItem(d, mask_keys[k], arr) < 0) {
            Py_XDECREF(arr);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(arr);
    }
    return d;
}

/* cls(raw) or, when pad is not INT64_MIN, cls(raw, pad), with raw the bytes
 * p[0:n]; fast (when registered) builds the same instance directly. */
static PyObject *
from_cbor(PyObject *cls, const tg_slot_class *fast, const uint8_t *p, size_t n, int64_t pad)
{
    if (cls == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "tensogram_go classes are not registered");
        return NULL;
    }
    PyObject *args[2] = {PyBytes_FromStringAndSize((const char *)p, (Py_ssize_t)n), NULL};
    if (args[0] == NULL) {
        return NULL;
    }
    size_t nargs = 1;
    if (pad != INT64_MIN) {
        nargs = 2;
        if ((args[1] = PyLong_FromLongLong(pad)) == NULL) {
            Py_DECREF(args[0]);
            return NULL;
        }
    }
    PyObject *obj = (tg_slots_ready(fast) != NULL && (size_t)fast->nargs == nargs) ? tg_slots_new(fast, args)
                                                                                   : PyObject_Vectorcall(cls, args, nargs, NULL);
    Py_DECREF(args[0]);
    Py_XDECREF(args[1]);
    return obj;
}

PyObject *
tg_metadata_from(tg_result *r)
{
    return from_cbor(tg_Metadata, &fast_Metadata, r->meta, r->meta_len, r->meta_pad);
}

static PyObject *
tg_descriptor_from(tg_array *a)
{
    return from_cbor(tg_Descriptor, &fast_Descriptor, a->desc, a->desc_len, INT64_MIN);
}

PyObject *
tg_message_from(tg_result *r, int with_masks)
{
    PyObject *meta = tg_metadata_from(r);
    if (meta == NULL) {
        return NULL;
    }
    PyObject *objs = PyList_New((Py_ssize_t)r->n);
    if (objs == NULL) {
        Py_DECREF(meta);
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++) {
        PyObject *d = tg_descriptor_from(&r->arrays[i]);
        PyObject *arr = d ? tg_array_from(&r->arrays[i]) : NULL;
        PyObject *masks = (arr && with_masks) ? tg_masks_from(&r->arrays[i]) : NULL;
        PyObject *t = NULL;
        if (arr && (!with_masks || masks)) {
            t = with_masks ? PyTuple_Pack(3, d, arr, masks) : PyTuple_Pack(2, d, arr);
        }
        Py_XDECREF(d);
        Py_XDECREF(arr);
        Py_XDECREF(masks);
        if (t == NULL) {
            Py_DECREF(meta);
            Py_DECREF(objs);
            return NULL;
        }
        PyList_SET_ITEM(objs, (Py_ssize_t)i, t);
    }
    PyObject *args = PyTuple_Pack(2, meta, objs);
    Py_DECREF(meta);
    Py_DECREF(objs);
    if (args == NULL) {
        return NULL;
    }
    if (tg_Message == NULL || !PyType_Check(tg_Message)) {
        PyErr_SetString(PyExc_RuntimeError, "tensogram_go classes are not registered");
        Py_DECREF(args);
        return NULL;
    }
    /* Message is a namedtuple (a tuple subclass without __init__):
     * tuple.__new__(Message, (metadata, objects)). */
    PyObject *outer = PyTuple_Pack(1, args);
    Py_DECREF(args);
    if (outer == NULL) {
        return NULL;
    }
    PyObject *msg = PyTuple_Type.tp_new((PyTypeObject *)tg_Message, outer, NULL);
    Py_DECREF(outer);
    return msg;
}

/* Build (metadata, descriptor, array) from a one-object result. */
PyObject *
tg_object_triple(tg_result *r)
{
    if (r->n != 1) {
        PyErr_SetString(PyExc_RuntimeError, "decode_object returned no object");
        return NULL;
    }
    PyObject *meta = tg_metadata_from(r);
    PyObject *desc = meta ? tg_descriptor_from(&r->arrays[0]) : NULL;
    PyObject *arr = desc ? tg_array_from(&r->arrays[0]) : NULL;
    PyObject *t = arr ? PyTuple_Pack(3, meta, desc, arr) : NULL;
    Py_XDECREF(meta);
    Py_XDECREF(desc);
    Py_XDECREF(arr);
    return t;
}

/* list of 1-D arrays, or the single joined array. */
PyObject *
tg_range_result(tg_result *r, int join)
{
    if (join) {
        if (r->n != 1) {
            PyErr_SetString(PyExc_RuntimeError, "joined range decode returned no array");
            return NULL;
        }
        return tg_array_from(&r->arrays[0]);
    }
    PyObject *list = PyList_New((Py_ssize_t)r->n);
    if (list == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++) {
        PyObject *a = tg_array_from(&r->arrays[i]);
        if (a == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, a);
    }
    return list;
}

/* (Metadata, [DataObjectDescriptor, ...]) from a descriptors result. */
PyObject *
tg_descriptors_pair(tg_result *r)
{
    PyObject *meta = tg_metadata_from(r);
    if (meta == NULL) {
        return NULL;
    }
    PyObject *list = PyList_New((Py_ssize_t)r->n);
    if (list == NULL) {
        Py_DECREF(meta);
        return NULL;
    }
    for (size_t i = 0; i < r->n; i++) {
        PyObject *d = tg_descriptor_from(&r->arrays[i]);
        if (d == NULL) {
            Py_DECREF(meta);
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    PyObject *t = PyTuple_Pack(2, meta, list);
    Py_DECREF(meta);
    Py_DECREF(list);
    return t;
}

/*
 * Ask for transparent huge pages on the 2 MiB-aligned interior of a fresh
 * output buffer of n bytes at p (nothing below 2 MiB).
 *
 * On the free-threaded build a large bytes object mostly lands on pages
 * the kernel must supply again: the object allocator (mimalloc) reuses a
 * freed page only once every thread has passed a quiescent state (QSBR),
 * in batches, and hands memory idle for 10 ms back to the kernel. Writing
 * the message then takes one page fault per 4 KiB (about 1,000 for a 4 MB
 * encode), and with two threads those faults were most of the extra time
 * of the 2-thread encode collapse (benchmarks/RESULTS.md). A 2 MiB page
 * replaces 512 of them where the range is still unmapped and THP is in
 * "madvise" or "always" mode; elsewhere the advice changes nothing and a
 * failure is harmless. NumPy gives the same advice for its large arrays,
 * and capi/cmem.go for the large malloc outputs of the C ABI.
 */
#define TG_HUGE ((uintptr_t)2 << 20)

static void
tg_advise_huge(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t lo = ((uintptr_t)p + TG_HUGE - 1) & ~(TG_HUGE - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(TG_HUGE - 1);
    if (n >= TG_HUGE && hi > lo) {
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#else
    (void)p;
    (void)n;
#endif
}

uint8_t *
tg_alloc_bytes(void *p, size_t n)
{
    tg_alloc_ctx *c = p;
    if (TG_FINALIZING()) {
        /* Re-attaching now could end this thread inside Go; refuse instead
         * (the caller returns an error and re-attaches outside Go). */
        return NULL;
    }
    PyEval_RestoreThread(c->ts);
    uint8_t *out = NULL;
    int fresh = 1;
    if (c->bytes == NULL && n <= (size_t)PY_SSIZE_T_MAX) {
        c->bytes = tg_output_bytes((Py_ssize_t)n, &fresh);
        if (c->bytes != NULL) {
            out = (uint8_t *)PyBytes_AS_STRING(c->bytes);
        }
    } else if (c->bytes == NULL) {
        PyErr_NoMemory();
    } else {
        PyErr_SetString(PyExc_RuntimeError, "output allocated twice");
    }
    c->ts = PyEval_SaveThread();
    if (out != NULL && fresh) {
        tg_advise_huge(out, n);
    }
    return out;
}

/* ---- registration of the Python-level classes ------------------------ */

PyDoc_STRVAR(register_doc,
"_register(Message, Metadata, DataObjectDescriptor)\n\nTell the shim which classes to build results with.");

static PyObject *
register_classes(PyObject *module, PyObject *args)
{
    PyObject *m, *md, *d;
    if (!PyArg_ParseTuple(args, "OOO:_register", &m, &md, &d)) {
        return NULL;
    }
    Py_INCREF(m);
    Py_INCREF(md);
    Py_INCREF(d);
    Py_XSETREF(tg_Message, m);
    Py_XSETREF(tg_Metadata, md);
    Py_XSETREF(tg_Descriptor, d);
    /* Slot names as in _metadata.py's __init__s: arguments first, then the
     * lazily filled caches (None). */
    static const char *const md_slots[] = {"_raw", "_pad", "_view"};
    static const char *const d_slots[] = {"_raw", "_map"};
    tg_slots_register(&fast_Metadata, md, md_slots, 3, 2);
    tg_slots_register(&fast_Descriptor, d, d_slots, 2, 1);
    Py_RETURN_NONE;
}

PyMethodDef tg_result_methods[] = {
    {"_register", register_classes, METH_VARARGS, register_doc},
    {NULL, NULL, 0, NULL},
};
