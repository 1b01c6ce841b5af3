/*
 * Handles on Go objects (TensogramFile, StreamingEncoder) and the private
 * functions the Python classes call with them.
 *
 * A handle object pins its Go handle for every call (an in-flight user
 * count). close() marks it closed and the Go handle is released by whoever
 * leaves last, so a close() racing with a call on another thread never frees
 * the handle under that call (go-pointer reuses addresses, so a premature
 * free could even make the call act on another object).
 */
#include "_shim.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    void *h;
    int users;  /* atomic: calls in flight */
    int closed; /* atomic */
    int freed;  /* atomic: the Go handle was released */
} HandleObject;

static PyTypeObject *HandleType;


/* Release the Go handle once (whoever gets here first); call attached. */
static void
handle_free_go(HandleObject *self)
{
    int expected = 0;
    if (__atomic_compare_exchange_n(&self->freed, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        /* In a child forked after Go started, Go cannot run: the handle
         * (inherited memory) is simply dropped. */
        if (self->h != NULL && tg_go_callable()) {
            void *h = self->h;
            Py_BEGIN_ALLOW_THREADS /* closing a file is a system call */
            go.tg_handle_free(h);
            Py_END_ALLOW_THREADS
        }
    }
}

/* Pin the Go handle for one call: 0 and *h, or -1 with ValueError if closed.
 * Every successful acquire must be followed by tg_handle_release. */
int
tg_handle_acquire(PyObject *obj, void **h)
{
    if (!PyObject_TypeCheck(obj, HandleType)) {
        PyErr_SetString(PyExc_TypeError, "expected a tensogram_go handle");
        return -1;
    }
    if (tg_go_ensure() < 0) { /* e.g. in a child forked after Go started */
        return -1;
    }
    HandleObject *self = (HandleObject *)obj;
    __atomic_add_fetch(&self->users, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&self->closed, __ATOMIC_SEQ_CST)) {
        tg_handle_release(obj);
        PyErr_SetString(PyExc_ValueError, "operation on a closed tensogram_go object");
        return -1;
    }
    *h = self->h;
    return 0;
}

void
tg_handle_release(PyObject *obj)
{
    HandleObject *self = (HandleObject *)obj;
    if (__atomic_sub_fetch(&self->users, 1, __ATOMIC_SEQ_CST) == 0 && __atomic_load_n(&self->closed, __ATOMIC_SEQ_CST)) {
        handle_free_go(self);
    }
}

static PyObject *
handle_close(PyObject *obj, PyObject *unused)
{
    HandleObject *self = (HandleObject *)obj;
    __atomic_store_n(&self->closed, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&self->users, __ATOMIC_SEQ_CST) == 0) {
        handle_free_go(self);
    }
    Py_RETURN_NONE;
}

static PyObject *
handle_closed(PyObject *obj, void *unused)
{
    return PyBool_FromLong(__atomic_load_n(&((HandleObject *)obj)->closed, __ATOMIC_SEQ_CST));
}

static void
handle_dealloc(PyObject *obj)
{
    HandleObject *self = (HandleObject *)obj;
    PyTypeObject *tp = Py_TYPE(obj);
    if (!__atomic_load_n(&self->freed, __ATOMIC_SEQ_CST) && self->h != NULL) {
        handle_free_go(self);
    }
    tp->tp_free(obj);
    Py_DECREF(tp);
}

static PyMethodDef handle_methods[] = {
    {"close", handle_close, METH_NOARGS, "Release the Go object now (idempotent)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef handle_getset[] = {
    {"closed", handle_closed, NULL, "Whether close() was called.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot handle_slots[] = {
    {Py_tp_dealloc, handle_dealloc},
    {Py_tp_methods, handle_methods},
    {Py_tp_getset, handle_getset},
    {Py_tp_doc, "Opaque handle on a Go object of tensogram_go."},
    {0, NULL},
};

static PyType_Spec handle_spec = {
    .name = "tensogram_go._tensogram.Handle",
    .basicsize = sizeof(HandleObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = handle_slots,
};

int
tg_handle_type_init(PyObject *module)
{
    if (HandleType == NULL) {
        HandleType = (PyTypeObject *)PyType_FromSpec(&handle_spec);
        if (HandleType == NULL) {
            return -1;
        }
    }
    return PyModule_AddObjectRef(module, "Handle", (PyObject *)HandleType);
}

/* The end of a Go call on pinned handle hobj: unpin it, then tg_check. */
static int
handle_done(PyObject *hobj, int32_t rc, tg_error *err)
{
    tg_handle_release(hobj);
    return tg_check(rc, err);
}

/* One Go call on a pinned handle that returns bytes through
 * tg_alloc_bytes: the handle, the allocation context and the status and
 * error the export fills. */
typedef struct {
    PyObject *hobj;
    void *h;
    tg_alloc_ctx ctx;
    tg_error err;
    int32_t rc;
} bytes_call;

/* Start a bytes call on hobj (pin its handle): 0, or -1 with the error
 * raised. */
static int
bytes_call_begin(bytes_call *c, PyObject *hobj)
{
    memset(c, 0, sizeof *c);
    c->hobj = hobj;
    return tg_handle_acquire(hobj, &c->h);
}

/* End a bytes call (unpin the handle): the bytes, or NULL with the error
 * raised. */
static PyObject *
bytes_call_end(bytes_call *c)
{
    tg_handle_release(c->hobj);
    return tg_check_alloc(c->rc, &c->ctx, &c->err) < 0 ? NULL : c->ctx.bytes;
}

/* Create a handle object owning Go handle h. */
PyObject *
tg_handle_new(void *h)
{
    HandleObject *self = PyObject_New(HandleObject, HandleType);
    if (self == NULL) {
        Py_BEGIN_ALLOW_THREADS
        go.tg_handle_free(h);
        Py_END_ALLOW_THREADS
        return NULL;
    }
    self->h = h;
    self->users = 0;
    self->closed = 0;
    self->freed = 0;
    return (PyObject *)self;
}

/* ---- TensogramFile --------------------------------------------------- */

static PyObject *
py_file_open(PyObject *m, PyObject *args)
{
    PyObject *path, *create;
    if (!PyArg_ParseTuple(args, "OO:_file_open", &path, &create)) {
        return NULL;
    }
    const char *p;
    size_t plen;
    int32_t cr = 0;
    if (tg_arg_str(path, "path", &p, &plen) < 0 || tg_arg_bool(create, "create", &cr) < 0 || tg_go_ensure() < 0) {
        return NULL;
    }
    void *h = NULL;
    tg_error err = {0};
    int rc;
    Py_INCREF(path);
    TG_NOGIL(rc = go.tg_file_open((char *)p, plen, cr, &h, &err));
    Py_DECREF(path);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    return tg_handle_new(h);
}

static PyObject *
py_file_count(PyObject *m, PyObject *hobj)
{
    void *h;
    if (tg_handle_acquire(hobj, &h) < 0) {
        return NULL;
    }
    uint64_t n = 0;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_file_count(h, &n, &err));
    if (handle_done(hobj, rc, &err) < 0) {
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(n);
}

static PyObject *
py_file_read(PyObject *m, PyObject *args)
{
    PyObject *hobj, *index;
    uint64_t i = 0;
    if (!PyArg_ParseTuple(args, "OO:_file_read", &hobj, &index) || tg_arg_u64(index, "index", &i) < 0) {
        return NULL;
    }
    bytes_call c;
    if (bytes_call_begin(&c, hobj) < 0) {
        return NULL;
    }
    TG_NOGIL_ALLOC(c.ctx, c.rc = go.tg_file_read(c.h, i, tg_alloc_bytes, &c.ctx, &c.err));
    return bytes_call_end(&c);
}

/* The Python result of a successful tg_file_decode operation op. */
static PyObject *
file_decode_result(int32_t op, tg_result *r, int32_t join)
{
    switch (op) {
    case TG_FILE_OP_DECODE: return tg_message_from(r, 0);
    case TG_FILE_OP_OBJECT: return tg_object_triple(r);
    case TG_FILE_OP_RANGE: return tg_range_result(r, join);
    case TG_FILE_OP_METADATA: return tg_metadata_from(r);
    case TG_FILE_OP_DESCRIPTORS: return tg_descriptors_pair(r);
    }
    PyErr_Format(PyExc_ValueError, "unknown file operation %d", (int)op);
    return NULL;
}

/* _file_decode(h, msg, op, obj, ranges, join, native, threads, restore, verify),
 * op one of the TG_FILE_OP_* module constants. */
static PyObject *
py_file_decode(PyObject *m, PyObject *args)
{
    PyObject *hobj, *msg, *obj, *ranges, *join, *native, *threads, *restore, *verify;
    int op;
    if (!PyArg_ParseTuple(args, "OOiOOOOOOO:_file_decode", &hobj, &msg, &op, &obj, &ranges, &join, &native, &threads,
                          &restore, &verify)) {
        return NULL;
    }
    uint64_t mi = 0, oi = 0;
    tg_decode_opts o;
    int32_t j = 0;
    uint64_t *rs = NULL;
    size_t nr = 0;
    if (tg_arg_u64(msg, "msg_index", &mi) < 0 || tg_arg_u64(obj, "obj_index", &oi) < 0 ||
        tg_arg_bool(join, "join", &j) < 0 || tg_arg_decode_opts(native, threads, restore, verify, &o) < 0) {
        return NULL;
    }
    if (op == TG_FILE_OP_RANGE && tg_arg_ranges(ranges, &rs, &nr) < 0) {
        return NULL;
    }
    void *h;
    if (tg_handle_acquire(hobj, &h) < 0) {
        PyMem_Free(rs);
        return NULL;
    }
    tg_result r = {0};
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_file_decode(h, mi, op, oi, rs, nr, j, &o, &r, &err));
    PyMem_Free(rs);
    if (handle_done(hobj, rc, &err) < 0) {
        return NULL;
    }
    PyObject *res = file_decode_result(op, &r, j);
    tg_result_free(&r);
    return res;
}

static int
enc_kw_from(PyObject *args, Py_ssize_t first, const char *fname, tg_enc_kw *k)
{
    if (PyTuple_GET_SIZE(args) < first) {
        PyErr_Format(PyExc_TypeError, "%s: bad arguments", fname);
        return -1;
    }
    if (PyTuple_GET_SIZE(args) != first + 9) {
        PyErr_SetString(PyExc_TypeError, "wrong number of encode options");
        return -1;
    }
    PyObject **f[9] = {&k->hash, &k->threads, &k->allow_nan, &k->allow_inf, &k->nan_mask,
                       &k->pinf_mask, &k->ninf_mask, &k->threshold, &k->aggregate};
    for (int i = 0; i < 9; i++) {
        *f[i] = PyTuple_GET_ITEM(args, first + i);
    }
    return 0;
}

/* The end of a write export's call on pinned handle hobj: unpin it, free the
 * request, emit the warnings and raise the error (tg_after_write); None, or
 * NULL with an exception set. */
static PyObject *
write_done(PyObject *hobj, tg_enc_req *r, int32_t rc, char *warn, tg_error *err)
{
    tg_enc_req_free(r);
    tg_handle_release(hobj);
    if (tg_after_write(rc, warn, err, 2) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* _file_append(h, meta, list, hash, threads, allow_nan, allow_inf, nan, pinf, ninf, threshold, aggregate) */
static PyObject *
py_file_append(PyObject *m, PyObject *args)
{
    tg_enc_kw k = {0};
    tg_enc_opts opts;
    if (enc_kw_from(args, 3, "_file_append", &k) < 0 ||
        tg_enc_begin(&opts, PyTuple_GET_ITEM(args, 1), PyTuple_GET_ITEM(args, 2), &k) < 0) {
        return NULL;
    }
    PyObject *hobj = PyTuple_GET_ITEM(args, 0);
    tg_enc_req r;
    if (tg_enc_req_build(&r, PyTuple_GET_ITEM(args, 1), PyTuple_GET_ITEM(args, 2), 0) < 0) {
        tg_enc_req_free(&r);
        return NULL;
    }
    r.opts = opts;
    void *h;
    if (tg_handle_acquire(hobj, &h) < 0) {
        tg_enc_req_free(&r);
        return NULL;
    }
    char *warn = NULL;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_file_append(h, r.meta.data, r.meta.len, r.objs, r.n, &r.opts, &warn, &err));
    return write_done(hobj, &r, rc, warn, &err);
}

/* ---- StreamingEncoder ------------------------------------------------ */

/* _stream_new(meta, hash, threads, allow_nan, allow_inf, nan, pinf, ninf, threshold, aggregate) */
static PyObject *
py_stream_new(PyObject *m, PyObject *args)
{
    tg_enc_kw k = {0};
    tg_enc_opts opts;
    if (enc_kw_from(args, 1, "_stream_new", &k) < 0 ||
        tg_enc_begin(&opts, PyTuple_GET_ITEM(args, 0), NULL, &k) < 0) {
        return NULL;
    }
    tg_buf mb = {0};
    if (tg_cbor_encode(PyTuple_GET_ITEM(args, 0), &mb, 1) < 0) {
        tg_buf_free(&mb);
        return NULL;
    }
    void *h = NULL;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_stream_new(mb.data, mb.len, &opts, &h, &err));
    tg_buf_free(&mb);
    if (tg_check(rc, &err) < 0) {
        return NULL;
    }
    return tg_handle_new(h);
}

/* _stream_write(h, desc, data, pre_encoded) */
static PyObject *
py_stream_write(PyObject *m, PyObject *args)
{
    PyObject *hobj, *desc, *data, *pre;
    int32_t p = 0;
    if (!PyArg_ParseTuple(args, "OOOO:_stream_write", &hobj, &desc, &data, &pre) || tg_arg_bool(pre, "pre", &p) < 0) {
        return NULL;
    }
    void *h;
    if (tg_go_ensure() < 0 || tg_handle_acquire(hobj, &h) < 0) {
        return NULL;
    }
    tg_enc_req r;
    if (tg_enc_req_single(&r, desc, data, p, "write_object_pre_encoded") < 0) {
        tg_enc_req_free(&r);
        tg_handle_release(hobj);
        return NULL;
    }
    char *warn = NULL;
    tg_error err = {0};
    int rc;
    TG_NOGIL(rc = go.tg_stream_write(h, &r.objs[0], p, &warn, &err));
    return write_done(hobj, &r, rc, warn, &err);
}

/* _stream_finish(h, backfilled, reset) */
static PyObject *
py_stream_finish(PyObject *m, PyObject *args)
{
    PyObject *hobj, *bf, *reset;
    int32_t b = 0, rs = 0;
    if (!PyArg_ParseTuple(args, "OOO:_stream_finish", &hobj, &bf, &reset) || tg_arg_bool(bf, "backfilled", &b) < 0 ||
        tg_arg_bool(reset, "reset", &rs) < 0) {
        return NULL;
    }
    bytes_call c;
    if (bytes_call_begin(&c, hobj) < 0) {
        return NULL;
    }
    TG_NOGIL_ALLOC(c.ctx, c.rc = go.tg_stream_finish(c.h, b, rs, tg_alloc_bytes, &c.ctx, &c.err));
    return bytes_call_end(&c);
}



PyMethodDef tg_handle_methods[] = {
    {"_file_open", py_file_open, METH_VARARGS, "Open (create=False) or create a .tgm file; returns a Handle."},
    {"_file_count", py_file_count, METH_O, "Number of messages in the file."},
    {"_file_read", py_file_read, METH_VARARGS, "Raw bytes of one message."},
    {"_file_decode", py_file_decode, METH_VARARGS, "Decode operation on one message of the file."},
    {"_file_append", py_file_append, METH_VARARGS, "Encode and append one message."},
    {"_stream_new", py_stream_new, METH_VARARGS, "Start a streaming encoder; returns a Handle."},
    {"_stream_write", py_stream_write, METH_VARARGS, "Write one object to a streaming encoder."},
    {"_stream_finish", py_stream_finish, METH_VARARGS, "Finish the streaming message; returns bytes."},
    {NULL, NULL, 0, NULL},
};
