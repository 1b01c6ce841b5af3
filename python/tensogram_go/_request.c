/*
 * Encode requests: the inputs of one encode call, converted while attached.
 * The metadata dict and descriptor dicts become CBOR (Go applies upstream's
 * rules to them), data become (pointer, length) views held until Go
 * returns. Used by encode, encode_pre_encoded, TensogramFile.append and
 * StreamingEncoder.
 */
#define NO_IMPORT_ARRAY
#define PY_ARRAY_UNIQUE_SYMBOL tensogram_go_ARRAY_API
#include "_shim.h"

#include <numpy/arrayobject.h>
#include <string.h>

/* Upstream's TypeErrors for a metadata argument that is not a dict and a
 * (descriptor, data) argument that is not a list (list NULL: none). */
static int
args_check(PyObject *meta, PyObject *list)
{
    if (!PyDict_Check(meta)) {
        PyErr_Format(PyExc_TypeError, "argument 'global_meta_dict': '%.100s' object is not an instance of 'dict'",
                     Py_TYPE(meta)->tp_name);
        return -1;
    }
    if (list != NULL && !PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "argument 'descriptors_and_data': '%.100s' object is not an instance of 'list'",
                     Py_TYPE(list)->tp_name);
        return -1;
    }
    return 0;
}

/* The encode options kw as the C struct Go reads, with upstream's
 * defaults for those not given. */
static int
opts_parse(tg_enc_opts *o, const tg_enc_kw *kw)
{
    memset(o, 0, sizeof *o);
    o->hash = "xxh3";
    o->hash_len = 4;
    o->small_mask_threshold = -1;
    uint64_t threads = 0, threshold = 0;
    static const char *mask_names[TG_NMASKS] = {
        [TG_MASK_NAN] = "nan_mask_method", [TG_MASK_POS_INF] = "pos_inf_mask_method",
        [TG_MASK_NEG_INF] = "neg_inf_mask_method"};
    PyObject *masks[TG_NMASKS] = {
        [TG_MASK_NAN] = kw->nan_mask, [TG_MASK_POS_INF] = kw->pinf_mask, [TG_MASK_NEG_INF] = kw->ninf_mask};
    if (kw->hash != NULL && tg_arg_opt_str(kw->hash, "hash", &o->hash, &o->hash_len) < 0) {
        return -1;
    }
    if (tg_arg_u64(kw->threads, "threads", &threads) < 0 || tg_arg_bool(kw->allow_nan, "allow_nan", &o->allow_nan) < 0 ||
        tg_arg_bool(kw->allow_inf, "allow_inf", &o->allow_inf) < 0) {
        return -1;
    }
    o->threads = threads > (uint64_t)INT32_MAX ? INT32_MAX : (int64_t)threads;
    for (int k = 0; k < TG_NMASKS; k++) {
        if (masks[k] != NULL && tg_arg_opt_str(masks[k], mask_names[k], &o->mask_method[k], &o->mask_method_len[k]) < 0) {
            return -1;
        }
    }
    if (kw->threshold != NULL && kw->threshold != Py_None) {
        if (tg_arg_u64(kw->threshold, "small_mask_threshold_bytes", &threshold) < 0) {
            return -1;
        }
        o->small_mask_threshold = threshold > (uint64_t)INT32_MAX ? INT32_MAX : (int64_t)threshold;
    }
    if (kw->aggregate != NULL &&
        tg_arg_opt_str(kw->aggregate, "aggregate_hash", &o->aggregate_hash, &o->aggregate_hash_len) < 0) {
        return -1;
    }
    return 0;
}

int
tg_enc_begin(tg_enc_opts *o, PyObject *meta, PyObject *list, const tg_enc_kw *kw)
{
    if (args_check(meta, list) < 0 || tg_go_ensure() < 0) {
        return -1;
    }
    return opts_parse(o, kw);
}

void
tg_enc_req_free(tg_enc_req *r)
{
    tg_buf_free(&r->meta);
    for (size_t i = 0; i < r->n; i++) {
        if (r->descs) {
            tg_buf_free(&r->descs[i]);
        }
        if (r->has_view && r->has_view[i]) {
            PyBuffer_Release(&r->views[i]);
        }
    }
    PyMem_Free(r->objs);
    PyMem_Free(r->descs);
    PyMem_Free(r->views);
    PyMem_Free(r->has_view);
    memset(r, 0, sizeof *r);
}

static int
req_alloc(tg_enc_req *r, size_t n)
{
    size_t m = n ? n : 1;
    r->objs = PyMem_Calloc(m, sizeof *r->objs);
    r->descs = PyMem_Calloc(m, sizeof *r->descs);
    r->views = PyMem_Calloc(m, sizeof *r->views);
    r->has_view = PyMem_Calloc(m, 1);
    if (!r->objs || !r->descs || !r->views || !r->has_view) {
        PyErr_NoMemory();
        return -1;
    }
    r->n = n;
    return 0;
}

/* NumPy dtypes taken as typed arrays: native-endian ints and float32/64. */
static int
typed_array_ok(PyArrayObject *a)
{
    PyArray_Descr *d = PyArray_DESCR(a);
    if (!PyArray_ISNBO(d->byteorder)) {
        return 0;
    }
    switch (d->type_num) {
    case NPY_UINT8: case NPY_UINT16: case NPY_UINT32: case NPY_UINT64:
    case NPY_INT8: case NPY_INT16: case NPY_INT32: case NPY_INT64:
    case NPY_LONGLONG: case NPY_ULONGLONG:
    case NPY_FLOAT32: case NPY_FLOAT64:
        return 1;
    }
    return 0;
}

/* UTF-8 tail of upstream's pre-encoded error (passed through %s: format
 * strings must be ASCII). */
static const char WIRE_FORM[] = "\xe2\x80\x94 the payload must already be in its final wire form";

/* Acquire the data view of object i. encode takes native-endian integer and
 * float32/float64 NumPy arrays (C or Fortran contiguous, aligned), bytes,
 * bytearray, memoryview, or a list/tuple of ints 0..255; encode_pre_encoded
 * takes the byte forms only. Anything else is upstream's ValueError. */
static int
data_view(tg_enc_req *r, size_t i, PyObject *data, int pre_encoded, const char *who)
{
    Py_buffer *v = &r->views[i];
    if (PyArray_Check(data)) {
        PyArrayObject *a = (PyArrayObject *)data;
        if (pre_encoded) {
            PyErr_Format(PyExc_ValueError, "%s requires bytes data (got ndarray) %s", who, WIRE_FORM);
            return -1;
        }
        if (!typed_array_ok(a)) {
            PyErr_Format(PyExc_ValueError,
                         "data must be a numpy array or bytes (arrays of dtype %R are not taken directly: pass a "
                         "native-endian integer/float32/float64 array, or a uint8/uint16 view of the raw bytes)",
                         (PyObject *)PyArray_DESCR(a));
            return -1;
        }
        if (!(PyArray_FLAGS(a) & (NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_F_CONTIGUOUS)) || !PyArray_ISALIGNED(a)) {
            PyErr_SetString(PyExc_ValueError, "The given array is not contiguous or is misaligned.");
            return -1;
        }
        if (PyObject_GetBuffer(data, v, PyBUF_ANY_CONTIGUOUS) < 0) {
            return -1;
        }
    } else if (PyBytes_Check(data) || PyByteArray_Check(data) || PyMemoryView_Check(data)) {
        if (PyObject_GetBuffer(data, v, PyBUF_ANY_CONTIGUOUS) < 0) {
            return -1;
        }
    } else if (PyList_Check(data) || PyTuple_Check(data)) {
        /* A sequence of ints 0..255: materialise it as bytes (owned by the view). */
        PyObject *b = PyBytes_FromObject(data);
        if (b == NULL) {
            PyErr_Clear();
            PyErr_SetString(PyExc_ValueError, pre_encoded ? "encode_pre_encoded requires bytes data" : "data must be a numpy array or bytes");
            return -1;
        }
        int rc = PyObject_GetBuffer(b, v, PyBUF_SIMPLE);
        Py_DECREF(b); /* the view keeps it alive */
        if (rc < 0) {
            return -1;
        }
    } else if (pre_encoded) {
        PyErr_Format(PyExc_ValueError, "%s requires bytes data (got %.100s) %s", who, Py_TYPE(data)->tp_name, WIRE_FORM);
        return -1;
    } else {
        PyErr_SetString(PyExc_ValueError, "data must be a numpy array or bytes");
        return -1;
    }
    r->has_view[i] = 1;
    r->objs[i].data = (const uint8_t *)v->buf;
    r->objs[i].data_len = (size_t)v->len;
    return 0;
}

static int
pair_into(tg_enc_req *r, size_t i, PyObject *desc, PyObject *data, int pre_encoded, const char *who)
{
    if (!PyDict_Check(desc)) {
        PyErr_SetString(PyExc_ValueError, "first element of each pair must be a descriptor dict");
        return -1;
    }
    if (tg_cbor_encode(desc, &r->descs[i], 1) < 0) {
        return -1;
    }
    r->objs[i].desc = r->descs[i].data;
    r->objs[i].desc_len = r->descs[i].len;
    return data_view(r, i, data, pre_encoded, who);
}

int
tg_enc_req_build(tg_enc_req *r, PyObject *meta, PyObject *list, int pre_encoded)
{
    const char *who = pre_encoded ? "encode_pre_encoded" : "encode";
    memset(r, 0, sizeof *r);
    if (tg_cbor_encode(meta, &r->meta, 1) < 0) {
        return -1;
    }
    PyObject *items = PySequence_Tuple(list); /* snapshot */
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    int rc = req_alloc(r, (size_t)n);
    for (Py_ssize_t i = 0; rc == 0 && i < n; i++) {
        PyObject *t = PyTuple_GET_ITEM(items, i);
        if (!PyTuple_Check(t)) {
            PyErr_SetString(PyExc_ValueError, "each element must be a (descriptor_dict, data) tuple");
            rc = -1;
        } else if (PyTuple_GET_SIZE(t) != 2) {
            PyErr_SetString(PyExc_ValueError, "each element must be a (descriptor_dict, data) tuple of length 2");
            rc = -1;
        } else {
            rc = pair_into(r, (size_t)i, PyTuple_GET_ITEM(t, 0), PyTuple_GET_ITEM(t, 1), pre_encoded, who);
        }
    }
    Py_DECREF(items);
    return rc;
}

int
tg_enc_req_single(tg_enc_req *r, PyObject *desc, PyObject *data, int pre_encoded, const char *who)
{
    memset(r, 0, sizeof *r);
    if (req_alloc(r, 1) < 0) {
        return -1;
    }
    return pair_into(r, 0, desc, data, pre_encoded, who);
}
