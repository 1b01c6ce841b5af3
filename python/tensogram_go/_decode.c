/*
 * Read-side module functions: decode, decode_with_masks, decode_object,
 * decode_range, decode_metadata, decode_descriptors, scan, validate,
 * validate_file. Each holds a buffer view of its input, calls Go once with
 * the thread detached, then builds Python objects from the C result.
 */
#include "_shim.h"

#include <stdlib.h>
#include <string.h>

/* decode / decode_with_masks over buf[off:off+len] of a held view. */
static PyObject *
run_decode(Py_buffer *view, size_t off, size_t len, tg_decode_opts *o)
{
    tg_result r = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_decode((uint8_t *)view->buf + off, len, o, &r, &err));
    PyBuffer_Release(view);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    PyObject *res = tg_message_from(&r, o->with_masks);
    tg_result_free(&r);
    return res;
}

PyDoc_STRVAR(decode_doc,
"decode($module, buf, native_byte_order=True, threads=0, restore_non_finite=True, verify_hash=False)\n--\n\n-> Message\n\n"
"Decode the first message of buf (bytes or bytearray) completely.");

static PyObject *
py_decode(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char *const names[] = {"buf", "native_byte_order", "threads", "restore_non_finite", "verify_hash"};
    PyObject *a[5];
    if (tg_arg_parse("decode", names, 5, 1, args, nargs, kwnames, a) < 0) {
        return NULL;
    }
    tg_decode_opts o;
    Py_buffer view;
    if (tg_arg_decode_opts(a[1], a[2], a[3], a[4], &o) < 0 || tg_go_ensure() < 0 ||
        tg_arg_message(a[0], "buf", 1, &view) < 0) {
        return NULL;
    }
    return run_decode(&view, 0, (size_t)view.len, &o);
}

PyDoc_STRVAR(decode_with_masks_doc,
"decode_with_masks($module, buf, native_byte_order=True, threads=0)\n--\n\n-> Message\n\n"
"Decode without restoring NaN/Inf; objects are (descriptor, array, masks) with masks a dict of\n"
"bool arrays under 'nan', 'inf+', 'inf-'.");

static PyObject *
py_decode_with_masks(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char *const names[] = {"buf", "native_byte_order", "threads"};
    PyObject *a[3];
    if (tg_arg_parse("decode_with_masks", names, 3, 1, args, nargs, kwnames, a) < 0) {
        return NULL;
    }
    tg_decode_opts o;
    Py_buffer view;
    if (tg_arg_decode_opts(a[1], a[2], NULL, NULL, &o) < 0 || tg_go_ensure() < 0 ||
        tg_arg_message(a[0], "buf", 1, &view) < 0) {
        return NULL;
    }
    o.with_masks = 1;
    o.restore_non_finite = 0;
    return run_decode(&view, 0, (size_t)view.len, &o);
}

PyDoc_STRVAR(decode_span_doc,
"_decode_span(buf, offset, length, verify_hash) -> Message\n\nDecode the message at buf[offset:offset+length] (no copy).");

static PyObject *
py_decode_span(PyObject *m, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "_decode_span() takes 4 positional arguments but %zd were given", nargs);
        return NULL;
    }
    PyObject *buf = args[0], *verify = args[3];
    Py_ssize_t off = PyNumber_AsSsize_t(args[1], PyExc_OverflowError);
    Py_ssize_t len = off == -1 && PyErr_Occurred() ? -1 : PyNumber_AsSsize_t(args[2], PyExc_OverflowError);
    if (len == -1 && PyErr_Occurred()) {
        return NULL;
    }
    tg_decode_opts o;
    Py_buffer view;
    if (tg_arg_decode_opts(NULL, NULL, NULL, verify, &o) < 0 || tg_go_ensure() < 0 ||
        tg_arg_message(buf, "buf", 0, &view) < 0) {
        return NULL;
    }
    if (off < 0 || len < 0 || off > view.len || len > view.len - off) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "span outside the buffer");
        return NULL;
    }
    return run_decode(&view, (size_t)off, (size_t)len, &o);
}

PyDoc_STRVAR(decode_object_doc,
"decode_object($module, buf, index, native_byte_order=True, threads=0, restore_non_finite=True, verify_hash=False)\n--\n\n"
"-> tuple[Metadata, DataObjectDescriptor, ndarray]\n\nDecode one object of the first message of buf.");

static PyObject *
py_decode_object(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char *const names[] = {"buf", "index", "native_byte_order", "threads", "restore_non_finite",
                                        "verify_hash"};
    PyObject *a[6];
    if (tg_arg_parse("decode_object", names, 6, 2, args, nargs, kwnames, a) < 0) {
        return NULL;
    }
    tg_decode_opts o;
    uint64_t idx = 0;
    Py_buffer view;
    if (tg_arg_u64(a[1], "index", &idx) < 0 || tg_arg_decode_opts(a[2], a[3], a[4], a[5], &o) < 0 ||
        tg_go_ensure() < 0 || tg_arg_message(a[0], "buf", 1, &view) < 0) {
        return NULL;
    }
    tg_result r = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_decode_object((uint8_t *)view.buf, (size_t)view.len, idx, &o, &r, &err));
    PyBuffer_Release(&view);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    PyObject *res = tg_object_triple(&r);
    tg_result_free(&r);
    return res;
}

PyDoc_STRVAR(decode_range_doc,
"decode_range($module, buf, object_index, ranges, join=False, native_byte_order=True, threads=0, restore_non_finite=True)\n--\n\n"
"-> list[ndarray] | ndarray\n\nDecode (start, count) element ranges of one object as 1-D arrays.");

static PyObject *
py_decode_range(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char *const names[] = {"buf",     "object_index", "ranges", "join", "native_byte_order",
                                        "threads", "restore_non_finite"};
    PyObject *a[7];
    if (tg_arg_parse("decode_range", names, 7, 3, args, nargs, kwnames, a) < 0) {
        return NULL;
    }
    PyObject *buf = a[0], *index = a[1], *ranges = a[2], *join = a[3], *native = a[4], *threads = a[5], *restore = a[6];
    tg_decode_opts o;
    uint64_t idx = 0;
    int32_t j = 0;
    uint64_t *rs = NULL;
    size_t nr = 0;
    Py_buffer view;
    if (tg_arg_u64(index, "object_index", &idx) < 0 || tg_arg_bool(join, "join", &j) < 0 ||
        tg_arg_decode_opts(native, threads, restore, NULL, &o) < 0 || tg_arg_ranges(ranges, &rs, &nr) < 0) {
        return NULL;
    }
    if (tg_go_ensure() < 0 || tg_arg_message(buf, "buf", 1, &view) < 0) {
        PyMem_Free(rs);
        return NULL;
    }
    tg_result r = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_decode_range((uint8_t *)view.buf, (size_t)view.len, idx, rs, nr, j, &o, &r, &err));
    PyBuffer_Release(&view);
    PyMem_Free(rs);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    PyObject *res = tg_range_result(&r, j);
    tg_result_free(&r);
    return res;
}

/* Parse the single `buf` argument (bytes only; fast call, upstream's
 * TypeErrors) of fname and run the Go export *fn on it detached, filling *r.
 * fn points into the `go` table, which is filled only by tg_go_ensure, so it
 * is read after that. Returns 0, or -1 with an exception set. */
static int
buf_call(const char *fname, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
         __typeof__(tg_decode_metadata) **fn, tg_result *r)
{
    PyObject *buf;
    if (tg_arg_single(fname, "buf", args, nargs, kwnames, &buf) < 0) {
        return -1;
    }
    Py_buffer view;
    if (tg_go_ensure() < 0 || tg_arg_message(buf, "buf", 0, &view) < 0) {
        return -1;
    }
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = (*fn)((uint8_t *)view.buf, (size_t)view.len, r, &err));
    PyBuffer_Release(&view);
    if (tg_check(rc, &err) < 0) {
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(decode_metadata_doc, "decode_metadata($module, buf)\n--\n\n-> Metadata\n\nParse only the metadata of the first message (buf: bytes).");

static PyObject *
py_decode_metadata(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    tg_result r = {0};
    if (buf_call("decode_metadata", args, nargs, kwnames, &go.tg_decode_metadata, &r) < 0) {
        return NULL;
    }
    PyObject *res = tg_metadata_from(&r);
    tg_result_free(&r);
    return res;
}

PyDoc_STRVAR(decode_descriptors_doc,
"decode_descriptors($module, buf)\n--\n\n-> tuple[Metadata, list[DataObjectDescriptor]]\n\nMetadata and descriptors, no payload decode (buf: bytes).");

static PyObject *
py_decode_descriptors(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    tg_result r = {0};
    if (buf_call("decode_descriptors", args, nargs, kwnames, &go.tg_decode_descriptors, &r) < 0) {
        return NULL;
    }
    PyObject *res = tg_descriptors_pair(&r);
    tg_result_free(&r);
    return res;
}

/* scan over a held view; allow_bytearray per caller. */
static PyObject *
scan_view(Py_buffer *view)
{
    /* Up to 8 spans come back in this array: no allocation for the common
     * one-message buffer. */
    uint64_t inline_spans[16];
    uint64_t *spans = NULL;
    size_t n = 0;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_scan((uint8_t *)view->buf, (size_t)view->len, inline_spans, 8, &spans, &n, &err));
    PyBuffer_Release(view);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    const uint64_t *s = spans != NULL ? spans : inline_spans;
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *t = PyTuple_New(2);
        PyObject *off = PyLong_FromUnsignedLongLong(s[2 * i]);
        PyObject *len = PyLong_FromUnsignedLongLong(s[2 * i + 1]);
        if (t == NULL || off == NULL || len == NULL) {
            Py_XDECREF(t);
            Py_XDECREF(off);
            Py_XDECREF(len);
            Py_CLEAR(list);
            break;
        }
        PyTuple_SET_ITEM(t, 0, off);
        PyTuple_SET_ITEM(t, 1, len);
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    free(spans);
    return list;
}

PyDoc_STRVAR(scan_doc, "scan($module, buf)\n--\n\n-> list[tuple[int, int]]\n\n(offset, length) of every complete message in buf.");

static PyObject *
py_scan(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *buf;
    if (tg_arg_single("scan", "buf", args, nargs, kwnames, &buf) < 0) {
        return NULL;
    }
    Py_buffer view;
    if (tg_go_ensure() < 0 || tg_arg_message(buf, "buf", 1, &view) < 0) {
        return NULL;
    }
    return scan_view(&view);
}

PyDoc_STRVAR(scan_bytes_doc, "_scan_bytes(buf) -> list[tuple[int, int]]\n\nscan() for bytes only (iter_messages).");

static PyObject *
py_scan_bytes(PyObject *m, PyObject *buf)
{
    Py_buffer view;
    if (tg_go_ensure() < 0 || tg_arg_message(buf, "buf", 0, &view) < 0) {
        return NULL;
    }
    return scan_view(&view);
}

static int
level_args(PyObject *level, PyObject *canonical, const char **lv, size_t *lvlen, int32_t *canon)
{
    *lv = "default";
    *lvlen = 7;
    *canon = 0;
    return (tg_arg_str(level, "level", lv, lvlen) < 0 || tg_arg_bool(canonical, "check_canonical", canon) < 0) ? -1 : 0;
}

PyDoc_STRVAR(validate_doc,
"validate($module, buf, level='default', check_canonical=False)\n--\n\n-> dict\n\nValidate one message; never raises on bad content.");

static PyObject *
py_validate(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    static const char *const names[] = {"buf", "level", "check_canonical"};
    PyObject *a[3];
    if (tg_arg_parse("validate", names, 3, 1, args, nargs, kwnames, a) < 0) {
        return NULL;
    }
    PyObject *buf = a[0], *level = a[1], *canonical = a[2];
    const char *lv;
    size_t lvlen;
    int32_t canon;
    Py_buffer view;
    if (level_args(level, canonical, &lv, &lvlen, &canon) < 0 || tg_go_ensure() < 0 ||
        tg_arg_message(buf, "buf", 1, &view) < 0) {
        return NULL;
    }
    tg_alloc_ctx ctx = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL_ALLOC(ctx, rc = go.tg_validate((uint8_t *)view.buf, (size_t)view.len, (char *)lv, lvlen, canon,
                                            tg_alloc_bytes, &ctx, &err));
    PyBuffer_Release(&view);
    return tg_cbor_result(rc, &ctx, &err, TG_SORT_ALL);
}

PyDoc_STRVAR(validate_file_doc,
"validate_file($module, path, level='default', check_canonical=False)\n--\n\n-> dict\n\nValidate every message of a file.");

static PyObject *
py_validate_file(PyObject *m, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"path", "level", "check_canonical", NULL};
    PyObject *path, *level = NULL, *canonical = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:validate_file", kwlist, &path, &level, &canonical)) {
        return NULL;
    }
    const char *lv, *p;
    size_t lvlen, plen;
    int32_t canon;
    if (tg_arg_str(path, "path", &p, &plen) < 0 || level_args(level, canonical, &lv, &lvlen, &canon) < 0 ||
        tg_go_ensure() < 0) {
        return NULL;
    }
    Py_INCREF(path); /* keeps p alive */
    tg_alloc_ctx ctx = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL_ALLOC(ctx,
                   rc = go.tg_validate_file((char *)p, plen, (char *)lv, lvlen, canon, tg_alloc_bytes, &ctx, &err));
    Py_DECREF(path);
    return tg_cbor_result(rc, &ctx, &err, TG_SORT_ALL);
}

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FAST (METH_FASTCALL | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)

PyMethodDef tg_decode_methods[] = {
    {"decode", FN(py_decode), FAST, decode_doc},
    {"decode_with_masks", FN(py_decode_with_masks), FAST, decode_with_masks_doc},
    {"decode_object", FN(py_decode_object), FAST, decode_object_doc},
    {"decode_range", FN(py_decode_range), FAST, decode_range_doc},
    {"decode_metadata", FN(py_decode_metadata), FAST, decode_metadata_doc},
    {"decode_descriptors", FN(py_decode_descriptors), FAST, decode_descriptors_doc},
    {"scan", FN(py_scan), FAST, scan_doc},
    {"validate", FN(py_validate), FAST, validate_doc},
    {"validate_file", FN(py_validate_file), KW, validate_file_doc},
    {"_decode_span", FN(py_decode_span), METH_FASTCALL, decode_span_doc},
    {"_scan_bytes", py_scan_bytes, METH_O, scan_bytes_doc},
    {NULL, NULL, 0, NULL},
};
