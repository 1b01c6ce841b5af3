/*
 * Remote files (URLs): opening one as a Handle, batch decodes and layout
 * prefetch. The other file methods (count, read, decode) take remote
 * handles through _handle.c's functions unchanged.
 */
#include "_shim.h"

#include <stdlib.h>
#include <string.h>

/* Storage options: a dict of str -> str (converted by _file.py) as the
 * parallel arrays tg_remote_open takes. The strings are borrowed from the
 * dict, which the caller keeps alive. */
typedef struct {
    size_t n;
    const char **keys, **vals;
    size_t *klen, *vlen;
} remote_opts;

static void
remote_opts_free(remote_opts *o)
{
    PyMem_Free(o->keys);
    PyMem_Free(o->vals);
    PyMem_Free(o->klen);
    PyMem_Free(o->vlen);
}

static int
remote_opts_from(PyObject *dict, remote_opts *o)
{
    memset(o, 0, sizeof *o);
    if (dict == Py_None) {
        return 0;
    }
    if (!PyDict_Check(dict)) {
        PyErr_Format(PyExc_TypeError, "argument 'storage_options': '%.100s' object is not an instance of 'dict'",
                     Py_TYPE(dict)->tp_name);
        return -1;
    }
    Py_ssize_t n = PyDict_Size(dict), pos = 0, i = 0;
    if (n == 0) {
        return 0;
    }
    o->keys = PyMem_Calloc((size_t)n, sizeof *o->keys);
    o->vals = PyMem_Calloc((size_t)n, sizeof *o->vals);
    o->klen = PyMem_Calloc((size_t)n, sizeof *o->klen);
    o->vlen = PyMem_Calloc((size_t)n, sizeof *o->vlen);
    if (o->keys == NULL || o->vals == NULL || o->klen == NULL || o->vlen == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *k, *v;
    while (i < n && PyDict_Next(dict, &pos, &k, &v)) {
        if (tg_arg_str(k, "storage_options key", &o->keys[i], &o->klen[i]) < 0 ||
            tg_arg_str(v, "storage_options value", &o->vals[i], &o->vlen[i]) < 0) {
            return -1;
        }
        i++;
    }
    o->n = (size_t)i;
    return 0;
}

/* _remote_open(source, options, bidirectional): options a dict of str ->
 * str or None. Returns a Handle. */
static PyObject *
py_remote_open(PyObject *m, PyObject *args)
{
    PyObject *source, *dict, *bidir;
    if (!PyArg_ParseTuple(args, "OOO:_remote_open", &source, &dict, &bidir)) {
        return NULL;
    }
    const char *s;
    size_t slen;
    int32_t b = 0;
    remote_opts o = {0};
    if (tg_arg_str(source, "source", &s, &slen) < 0 || tg_arg_bool(bidir, "bidirectional", &b) < 0 ||
        remote_opts_from(dict, &o) < 0 || tg_go_ensure() < 0) {
        remote_opts_free(&o);
        return NULL;
    }
    void *h = NULL;
    tg_error err = {0};
    int rc;
    Py_INCREF(source);
    Py_INCREF(dict);
    Py_BEGIN_ALLOW_THREADS
    rc = go.tg_remote_open((char *)s, slen, (char **)o.keys, o.klen, (char **)o.vals, o.vlen, o.n, b, &h, &err);
    Py_END_ALLOW_THREADS
    Py_DECREF(dict);
    Py_DECREF(source);
    remote_opts_free(&o);
    if (rc != TG_OK) {
        tg_raise(&err);
        return NULL;
    }
    return tg_handle_new(h);
}

/* Message indices from any sequence of non-negative ints (not a str). */
static int
indices_from(PyObject *seq, uint64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (PyUnicode_Check(seq) || PyBytes_Check(seq)) {
        PyErr_Format(PyExc_TypeError, "argument 'msg_indices': '%.100s' object is not a sequence of integers",
                     Py_TYPE(seq)->tp_name);
        return -1;
    }
    PyObject *fast = PySequence_Fast(seq, "argument 'msg_indices': expected a sequence of integers");
    if (fast == NULL) {
        return -1;
    }
    Py_ssize_t len = PySequence_Fast_GET_SIZE(fast);
    uint64_t *v = PyMem_Calloc(len > 0 ? (size_t)len : 1, sizeof *v);
    if (v == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        if (tg_arg_u64(PySequence_Fast_GET_ITEM(fast, i), "msg_indices", &v[i]) < 0) {
            Py_DECREF(fast);
            PyMem_Free(v);
            return -1;
        }
    }
    Py_DECREF(fast);
    *out = v;
    *n = (size_t)len;
    return 0;
}

/* The list of per-message results of a successful batch; frees rs. */
static PyObject *
batch_results(int32_t op, tg_result *rs, size_t n, int32_t join)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; k < n; k++) {
        PyObject *item = NULL;
        if (list != NULL) {
            item = op == TG_FILE_OP_OBJECT ? tg_object_triple(&rs[k]) : tg_range_result(&rs[k], join);
        }
        tg_result_free(&rs[k]);
        if (item == NULL) {
            Py_CLEAR(list);
            continue;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, item);
    }
    return list;
}

/* _file_batch(h, msgs, op, obj, ranges, join, native, threads, verify):
 * op TG_FILE_OP_OBJECT (list of (Metadata, descriptor, array)) or
 * TG_FILE_OP_RANGE (list of range results). */
static PyObject *
py_file_batch(PyObject *m, PyObject *args)
{
    PyObject *hobj, *msgs, *obj, *ranges, *join, *native, *threads, *verify;
    int op;
    if (!PyArg_ParseTuple(args, "OOiOOOOOO:_file_batch", &hobj, &msgs, &op, &obj, &ranges, &join, &native, &threads,
                          &verify)) {
        return NULL;
    }
    uint64_t oi = 0, *mi = NULL, *rs = NULL;
    size_t nm = 0, nr = 0;
    int32_t j = 0;
    tg_decode_opts o;
    if (indices_from(msgs, &mi, &nm) < 0) {
        return NULL;
    }
    if (tg_arg_u64(obj, "obj_index", &oi) < 0 || tg_arg_bool(join, "join", &j) < 0 ||
        tg_arg_decode_opts(native, threads, Py_True, verify, &o) < 0 ||
        (op == TG_FILE_OP_RANGE && tg_arg_ranges(ranges, &rs, &nr) < 0)) {
        PyMem_Free(mi);
        return NULL;
    }
    void *h;
    tg_result *out = PyMem_Calloc(nm > 0 ? nm : 1, sizeof *out);
    if (out == NULL || tg_handle_acquire(hobj, &h) < 0) {
        if (out == NULL) {
            PyErr_NoMemory();
        }
        PyMem_Free(out);
        PyMem_Free(mi);
        PyMem_Free(rs);
        return NULL;
    }
    tg_error err = {0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = go.tg_file_decode_batch(h, mi, nm, op, oi, rs, nr, j, &o, out, &err);
    Py_END_ALLOW_THREADS
    tg_handle_release(hobj);
    PyMem_Free(mi);
    PyMem_Free(rs);
    PyObject *res = NULL;
    if (rc != TG_OK) {
        tg_raise(&err);
    } else {
        res = batch_results(op, out, nm, j);
    }
    PyMem_Free(out);
    return res;
}

/* _file_prefetch(h, msgs): fetch the layouts of the listed messages. */
static PyObject *
py_file_prefetch(PyObject *m, PyObject *args)
{
    PyObject *hobj, *msgs;
    if (!PyArg_ParseTuple(args, "OO:_file_prefetch", &hobj, &msgs)) {
        return NULL;
    }
    uint64_t *mi = NULL;
    size_t nm = 0;
    void *h;
    if (indices_from(msgs, &mi, &nm) < 0) {
        return NULL;
    }
    if (tg_handle_acquire(hobj, &h) < 0) {
        PyMem_Free(mi);
        return NULL;
    }
    tg_error err = {0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = go.tg_file_prefetch(h, mi, nm, &err);
    Py_END_ALLOW_THREADS
    tg_handle_release(hobj);
    PyMem_Free(mi);
    if (rc != TG_OK) {
        tg_raise(&err);
        return NULL;
    }
    Py_RETURN_NONE;
}

PyMethodDef tg_remote_methods[] = {
    {"_remote_open", py_remote_open, METH_VARARGS, "Open a remote .tgm file by URL; returns a Handle."},
    {"_file_batch", py_file_batch, METH_VARARGS, "Batch decode of one object of many messages."},
    {"_file_prefetch", py_file_prefetch, METH_VARARGS, "Fetch the layouts of the listed messages."},
    {NULL, NULL, 0, NULL},
};
