/*
 * Argument conversion with upstream's (PyO3) rules: bools are only bool or
 * numpy.bool_, unsigned ints reject negatives (OverflowError) and floats
 * (TypeError), strings must be str, message buffers bytes (or bytearray).
 */
#include "_shim.h"

#include <string.h>

static int
is_numpy_bool(PyObject *obj)
{
    const char *name = Py_TYPE(obj)->tp_name;
    return strcmp(name, "numpy.bool") == 0 || strcmp(name, "numpy.bool_") == 0;
}

int
tg_arg_bool(PyObject *obj, const char *name, int32_t *out)
{
    if (obj == NULL) {
        return 0;
    }
    if (PyBool_Check(obj)) {
        *out = obj == Py_True;
        return 0;
    }
    if (is_numpy_bool(obj)) {
        int t = PyObject_IsTrue(obj);
        if (t < 0) {
            return -1;
        }
        *out = t;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "argument '%s': '%.100s' object is not an instance of 'bool'", name,
                 Py_TYPE(obj)->tp_name);
    return -1;
}

int
tg_arg_u64(PyObject *obj, const char *name, uint64_t *out)
{
    if (obj == NULL) {
        return 0;
    }
    if (PyFloat_Check(obj) || !PyIndex_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "argument '%s': '%.100s' object cannot be interpreted as an integer", name,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    PyObject *i = PyNumber_Index(obj);
    if (i == NULL) {
        return -1;
    }
    int overflow = 0;
    long long sv = PyLong_AsLongLongAndOverflow(i, &overflow);
    if (sv == -1 && !overflow && PyErr_Occurred()) {
        Py_DECREF(i);
        return -1;
    }
    if (overflow < 0 || (overflow == 0 && sv < 0)) {
        Py_DECREF(i);
        PyErr_SetString(PyExc_OverflowError, "can't convert negative int to unsigned");
        return -1;
    }
    if (overflow == 0) {
        Py_DECREF(i);
        *out = (uint64_t)sv;
        return 0;
    }
    unsigned long long v = PyLong_AsUnsignedLongLong(i);
    Py_DECREF(i);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_SetString(PyExc_OverflowError, "out of range integral type conversion attempted");
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int
tg_arg_str(PyObject *obj, const char *name, const char **s, size_t *len)
{
    if (obj == NULL) {
        return 0;
    }
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "argument '%s': '%.100s' object is not an instance of 'str'", name,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(obj, &n);
    if (p == NULL) {
        return -1;
    }
    *s = p;
    *len = (size_t)n;
    return 0;
}

int
tg_arg_opt_str(PyObject *obj, const char *name, const char **s, size_t *len)
{
    if (obj == Py_None) {
        *s = NULL;
        *len = 0;
        return 0;
    }
    return tg_arg_str(obj, name, s, len);
}

int
tg_arg_message(PyObject *obj, const char *name, int allow_bytearray, Py_buffer *view)
{
    if (!PyBytes_Check(obj) && !(allow_bytearray && PyByteArray_Check(obj))) {
        PyErr_Format(PyExc_TypeError, "argument '%s': '%.100s' object is not an instance of '%s'", name,
                     Py_TYPE(obj)->tp_name, allow_bytearray ? "bytes | bytearray" : "bytes");
        return -1;
    }
    if (PyBytes_Check(obj)) {
        /* bytes never change or move, and the caller's reference keeps obj
         * alive for the whole call (the thread detached included): view it
         * without exporting a buffer. An export would incref and decref obj,
         * and threads passing the same bytes (one message decoded by many
         * threads) would contend on its shared reference count on the
         * free-threaded build. view->obj stays NULL, so PyBuffer_Release
         * does nothing. */
        return PyBuffer_FillInfo(view, NULL, PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), 1, PyBUF_SIMPLE);
    }
    return PyObject_GetBuffer(obj, view, PyBUF_SIMPLE);
}

int
tg_arg_ranges(PyObject *obj, uint64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!PyList_Check(obj) && !PyTuple_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "argument 'ranges': '%.100s' object is not an instance of 'Sequence'",
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    PyObject *seq = PySequence_Tuple(obj); /* a stable snapshot */
    if (seq == NULL) {
        return -1;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(seq);
    uint64_t *r = PyMem_Malloc(sizeof(uint64_t) * 2 * (size_t)(count ? count : 1));
    if (r == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *t = PyTuple_GET_ITEM(seq, i);
        if (!PyTuple_Check(t)) {
            PyErr_Format(PyExc_TypeError, "argument 'ranges': '%.100s' object is not an instance of 'tuple'",
                         Py_TYPE(t)->tp_name);
            goto fail;
        }
        if (PyTuple_GET_SIZE(t) != 2) {
            PyErr_Format(PyExc_ValueError, "expected tuple of length 2, but got tuple of length %zd",
                         PyTuple_GET_SIZE(t));
            goto fail;
        }
        if (tg_arg_u64(PyTuple_GET_ITEM(t, 0), "ranges", &r[2 * i]) < 0 ||
            tg_arg_u64(PyTuple_GET_ITEM(t, 1), "ranges", &r[2 * i + 1]) < 0) {
            goto fail;
        }
    }
    Py_DECREF(seq);
    *out = r;
    *n = (size_t)count;
    return 0;
fail:
    Py_DECREF(seq);
    PyMem_Free(r);
    return -1;
}

int
tg_arg_decode_opts(PyObject *native, PyObject *threads, PyObject *restore, PyObject *verify, tg_decode_opts *o)
{
    uint64_t t = 0;
    o->native_byte_order = 1;
    o->restore_non_finite = 1;
    o->verify_hash = 0;
    o->with_masks = 0;
    if (tg_arg_bool(native, "native_byte_order", &o->native_byte_order) < 0 ||
        tg_arg_u64(threads, "threads", &t) < 0 || tg_arg_bool(restore, "restore_non_finite", &o->restore_non_finite) < 0 ||
        tg_arg_bool(verify, "verify_hash", &o->verify_hash) < 0) {
        return -1;
    }
    o->threads = t > (uint64_t)INT32_MAX ? INT32_MAX : (int64_t)t;
    return 0;
}
