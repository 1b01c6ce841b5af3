/*
 * Module functions outside decode and encode: compute_hash,
 * compute_packing_params, doctor, and the private helpers _stages,
 * _cbor_loads, _go_started, _metadata_view and _metadata_path.
 */
#define NO_IMPORT_ARRAY
#define PY_ARRAY_UNIQUE_SYMBOL tensogram_go_ARRAY_API
#include "_shim.h"

#include <numpy/arrayobject.h>

PyDoc_STRVAR(compute_hash_doc,
"compute_hash($module, data, algo='xxh3')\n--\n\n-> str\n"
"\n"
"Return the xxh3-64 (seed 0) digest of data (bytes or bytearray) as 16\n"
"lower-case hexadecimal digits. algo must be 'xxh3' ('none' is accepted and\n"
"still hashes with xxh3).");

/* Load the Go library, then borrow obj's buffer: the last two steps before a call into Go that
   reads caller memory. 0 on success, -1 with an exception set. */
static int
go_buffer(PyObject *obj, Py_buffer *view, int flags)
{
    if (tg_go_ensure() < 0) {
        return -1;
    }
    return PyObject_GetBuffer(obj, view, flags);
}

static PyObject *
compute_hash(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"data", "algo", NULL};
    PyObject *data;
    PyObject *algo_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:compute_hash", kwlist, &data, &algo_obj)) {
        return NULL;
    }
    if (!PyBytes_Check(data) && !PyByteArray_Check(data)) {
        PyErr_Format(PyExc_TypeError, "compute_hash() argument 'data' must be bytes or bytearray, not %.100s",
                     Py_TYPE(data)->tp_name);
        return NULL;
    }
    const char *algo = "xxh3";
    Py_ssize_t algo_len = 4;
    if (algo_obj != NULL) {
        if (!PyUnicode_Check(algo_obj)) {
            PyErr_Format(PyExc_TypeError, "compute_hash() argument 'algo' must be str, not %.100s",
                         Py_TYPE(algo_obj)->tp_name);
            return NULL;
        }
        algo = PyUnicode_AsUTF8AndSize(algo_obj, &algo_len);
        if (algo == NULL) {
            return NULL;
        }
    }
    Py_buffer view;
    if (go_buffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    char digest[TG_DIGEST_LEN + 1];
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_compute_hash((uint8_t *)view.buf, (size_t)view.len, (char *)algo, (size_t)algo_len, digest,
                                     &err));
    PyBuffer_Release(&view);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    return PyUnicode_FromStringAndSize(digest, TG_DIGEST_LEN);
}

PyDoc_STRVAR(packing_doc,
"compute_packing_params($module, values, bits_per_value, decimal_scale_factor)\n--\n\n-> dict\n\n"
"simple_packing parameters for a 1-D float64 array, ready to merge into a descriptor.");

static PyObject *
py_compute_packing_params(PyObject *m, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"values", "bits_per_value", "decimal_scale_factor", NULL};
    PyObject *values, *bits_obj, *dsf_obj;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:compute_packing_params", kwlist, &values, &bits_obj, &dsf_obj)) {
        return NULL;
    }
    if (!PyArray_Check(values) || PyArray_TYPE((PyArrayObject *)values) != NPY_FLOAT64 ||
        PyArray_NDIM((PyArrayObject *)values) != 1 || !PyArray_ISNBO(PyArray_DESCR((PyArrayObject *)values)->byteorder)) {
        PyErr_Format(PyExc_TypeError, "argument 'values': '%.100s' object is not a 1-D native float64 'ndarray'",
                     Py_TYPE(values)->tp_name);
        return NULL;
    }
    PyArrayObject *a = (PyArrayObject *)values;
    if (!PyArray_IS_C_CONTIGUOUS(a) || !PyArray_ISALIGNED(a)) {
        PyErr_SetString(PyExc_ValueError, "The given array is not contiguous or is misaligned.");
        return NULL;
    }
    uint64_t bits = 0;
    if (tg_arg_u64(bits_obj, "bits_per_value", &bits) < 0) {
        return NULL;
    }
    if (PyFloat_Check(dsf_obj) || !PyIndex_Check(dsf_obj)) {
        PyErr_Format(PyExc_TypeError, "argument 'decimal_scale_factor': '%.100s' object cannot be interpreted as an integer",
                     Py_TYPE(dsf_obj)->tp_name);
        return NULL;
    }
    long long dsf = PyLong_AsLongLong(dsf_obj);
    if (dsf == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_buffer view;
    if (go_buffer(values, &view, PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    double ref = 0;
    int64_t bsf = 0;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_compute_packing_params((double *)view.buf, (size_t)(view.len / 8), bits, dsf, &ref, &bsf,
                                               &err));
    PyBuffer_Release(&view);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    return Py_BuildValue("{s:d,s:L,s:L,s:K}", "sp_reference_value", ref, "sp_binary_scale_factor", (long long)bsf,
                         "sp_decimal_scale_factor", dsf, "sp_bits_per_value", (unsigned long long)bits);
}

PyDoc_STRVAR(doctor_doc, "doctor($module)\n--\n\n-> dict\n\nBuild information, features of this build and a self-test.");

/* Call an export that writes CBOR through the allocator; decode it. */
static PyObject *
cbor_call(int which)
{
    if (tg_go_ensure() < 0) {
        return NULL;
    }
    __typeof__(tg_doctor) *fn = which ? go.tg_stages : go.tg_doctor;
    tg_alloc_ctx ctx = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL_ALLOC(ctx, rc = fn(tg_alloc_bytes, &ctx, &err));
    return tg_cbor_result(rc, &ctx, &err, TG_SORT_NONE);
}

static PyObject *
py_doctor(PyObject *m, PyObject *unused)
{
    return cbor_call(0);
}

PyDoc_STRVAR(stages_doc, "_stages() -> dict\n\nRegistered pipeline stage names of this build, per kind.");

static PyObject *
py_stages(PyObject *m, PyObject *unused)
{
    return cbor_call(1);
}

PyDoc_STRVAR(cbor_loads_doc,
"_cbor_loads($module, data, /)\n--\n\n-> object\n\nDecode the first CBOR item of data (a bytes-like object), with the keys\n"
"of the outermost map sorted bytewise and nested maps in wire order (upstream's descriptor view).");

static PyObject *
cbor_loads(PyObject *module, PyObject *data)
{
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    PyObject *res = tg_cbor_decode((const uint8_t *)view.buf, (size_t)view.len, TG_SORT_TOP);
    PyBuffer_Release(&view);
    return res;
}

PyDoc_STRVAR(go_started_doc,
"_go_started() -> bool\n\nWhether this process has loaded (and so started) the Go runtime.");

static PyObject *
go_started(PyObject *module, PyObject *unused)
{
    return PyBool_FromLong(tg_go_started());
}

PyDoc_STRVAR(metadata_view_doc,
"_metadata_view(raw, n_objects) -> list\n\n"
"[metadata dict, {key: base index or -1 for _extra_}] for the metadata CBOR raw, base padded\n"
"to n_objects entries (Go's tg_metadata_view).");

/* Run tg_metadata_path (path != NULL) or tg_metadata_view on raw and decode
 * the CBOR it writes; releases raw. */
static PyObject *
metadata_call(Py_buffer *raw, long long nobj, const char *path, Py_ssize_t path_len, int scoped, long long obj)
{
    if (tg_go_ensure() < 0) {
        PyBuffer_Release(raw);
        return NULL;
    }
    tg_alloc_ctx ctx = {0};
    tg_error err = {0};
    int rc;
    uint8_t *buf = (uint8_t *)raw->buf;
    size_t len = (size_t)raw->len;
    if (path == NULL) {
        TG_NOGIL_ALLOC(ctx, rc = go.tg_metadata_view(buf, len, nobj, tg_alloc_bytes, &ctx, &err));
    } else {
        TG_NOGIL_ALLOC(ctx, rc = go.tg_metadata_path(buf, len, (char *)path, (size_t)path_len, scoped, obj,
                                                     tg_alloc_bytes, &ctx, &err));
    }
    PyBuffer_Release(raw);
    return tg_cbor_result(rc, &ctx, &err, TG_SORT_NONE);
}

static PyObject *
py_metadata_view(PyObject *m, PyObject *args)
{
    Py_buffer raw;
    long long nobj;
    if (!PyArg_ParseTuple(args, "y*L:_metadata_view", &raw, &nobj)) {
        return NULL;
    }
    return metadata_call(&raw, nobj, NULL, 0, 0, 0);
}

PyDoc_STRVAR(metadata_path_doc,
"_metadata_path(raw, path, scoped=False, obj=0) -> list\n\n"
"[] or [value at the dot path] in the metadata CBOR raw (Go's tg_metadata_path): message-wide,\n"
"or in base[obj] only when scoped.");

static PyObject *
py_metadata_path(PyObject *m, PyObject *args)
{
    Py_buffer raw;
    const char *path;
    Py_ssize_t path_len;
    int scoped = 0;
    long long obj = 0;
    if (!PyArg_ParseTuple(args, "y*s#|pL:_metadata_path", &raw, &path, &path_len, &scoped, &obj)) {
        return NULL;
    }
    return metadata_call(&raw, 0, path, path_len, scoped, obj);
}

PyMethodDef tg_misc_methods[] = {
    {"compute_packing_params", (PyCFunction)(void (*)(void))py_compute_packing_params, METH_VARARGS | METH_KEYWORDS,
     packing_doc},
    {"doctor", py_doctor, METH_NOARGS, doctor_doc},
    {"_stages", py_stages, METH_NOARGS, stages_doc},
    {"compute_hash", (PyCFunction)(void (*)(void))compute_hash, METH_VARARGS | METH_KEYWORDS, compute_hash_doc},
    {"_cbor_loads", cbor_loads, METH_O, cbor_loads_doc},
    {"_go_started", go_started, METH_NOARGS, go_started_doc},
    {"_metadata_view", py_metadata_view, METH_VARARGS, metadata_view_doc},
    {"_metadata_path", py_metadata_path, METH_VARARGS, metadata_path_doc},
    {NULL, NULL, 0, NULL},
};
