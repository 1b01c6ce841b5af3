/*
 * tensogram_go._tensogram: the CPython extension module of tensogram-go.
 *
 * A thin shim: it parses Python arguments, holds buffer views while Go reads
 * them, calls the Go library (libtensogram_go.so, see capi/) with the thread
 * detached from the interpreter (Py_BEGIN/END_ALLOW_THREADS, on GIL and
 * free-threaded builds alike), and maps Go's status codes to exceptions.
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#define PY_ARRAY_UNIQUE_SYMBOL tensogram_go_ARRAY_API
#include <numpy/arrayobject.h>

/* ---- the lazily loaded Go library ------------------------------------ */
tg_go_syms go;

enum { GO_UNLOADED = 0, GO_LOADED = 1 };
static int go_state = GO_UNLOADED;          /* atomic */
static int go_forked = 0;                   /* atomic: child of a process whose Go had started */
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
#define X(name)                                                                     \
    go.name = (__typeof__(name) *)dlsym(h, #name);                                  \
    if (go.name == NULL) {                                                          \
        snprintf(go_error, sizeof go_error, "%s lacks the symbol %s", go_path, #name); \
        return -1;                                                                  \
    }
    GO_SYMBOLS(X)
#undef X
    return 0;
}

/* Make sure the Go library is loaded. Returns 0, or -1 with an exception set. */
int
tg_go_callable(void)
{
    return !__atomic_load_n(&go_forked, __ATOMIC_ACQUIRE) && __atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED;
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

/* ---- error mapping --------------------------------------------------- */
static PyObject *exc_integrity, *exc_missing, *exc_mismatch;

static PyObject *
exc_for(int code)
{
    switch (code) {
    case TG_ERR_TYPE: return PyExc_TypeError;
    case TG_ERR_RUNTIME: return PyExc_RuntimeError;
    case TG_ERR_OS: return PyExc_OSError;
    case TG_ERR_INDEX: return PyExc_IndexError;
    case TG_ERR_KEY: return PyExc_KeyError;
    case TG_ERR_OVERFLOW: return PyExc_OverflowError;
    case TG_ERR_MEMORY: return PyExc_MemoryError;
    case TG_ERR_INTERNAL: return PyExc_RuntimeError;
    case TG_ERR_MISSING_HASH: return exc_missing;
    case TG_ERR_HASH_MISMATCH: return exc_mismatch;
    case TG_ERR_INTEGRITY: return exc_integrity;
    default: return PyExc_ValueError;
    }
}

/* Copy the 16-hex digest following key= in msg into out (NUL-terminated). */
static void
digest_after(const char *msg, const char *key, char out[17])
{
    out[0] = 0;
    const char *p = strstr(msg, key);
    if (p == NULL) {
        return;
    }
    p += strlen(key);
    size_t i = 0;
    while (i < 16 && p[i] && p[i] != ',' && p[i] != ';' && p[i] != ' ') {
        out[i] = p[i];
        i++;
    }
    out[i] = 0;
}

/* Raise an integrity error instance carrying upstream's attributes. */
static void
raise_integrity(PyObject *type, int code, const char *msg)
{
    PyObject *text = PyUnicode_FromString(msg);
    if (text == NULL) {
        return;
    }
    PyObject *inst = PyObject_CallOneArg(type, text);
    Py_DECREF(text);
    if (inst == NULL) {
        return;
    }
    long long index = -1;
    const char *p = strstr(msg, "object_index=");
    PyObject *idx = Py_None;
    Py_INCREF(idx);
    if (p != NULL && sscanf(p + 13, "%lld", &index) == 1) {
        Py_DECREF(idx);
        idx = PyLong_FromLongLong(index);
    }
    if (idx != NULL) {
        PyObject_SetAttrString(inst, "object_index", idx);
        Py_DECREF(idx);
    }
    if (code == TG_ERR_HASH_MISMATCH) {
        char d[17];
        digest_after(msg, "expected=", d);
        PyObject *v = PyUnicode_FromString(d);
        if (v) {
            PyObject_SetAttrString(inst, "expected", v);
            Py_DECREF(v);
        }
        digest_after(msg, "actual=", d);
        v = PyUnicode_FromString(d);
        if (v) {
            PyObject_SetAttrString(inst, "actual", v);
            Py_DECREF(v);
        }
    }
    PyErr_SetObject(type, inst);
    Py_DECREF(inst);
}

void
tg_raise(int code, char *msg)
{
    const char *text = msg ? msg : "unknown error";
    if (code == TG_ERR_MEMORY && PyErr_Occurred()) {
        /* the allocator callback already raised */
    } else if (code == TG_ERR_MISSING_HASH || code == TG_ERR_HASH_MISMATCH) {
        raise_integrity(exc_for(code), code, text);
    } else {
        PyErr_SetString(exc_for(code), text);
    }
    if (msg) {
        free(msg);
    }
}

/* ---- compute_hash ---------------------------------------------------- */
PyDoc_STRVAR(compute_hash_doc,
"compute_hash($module, data, algo='xxh3')\n--\n\n-> str\n"
"\n"
"Return the xxh3-64 (seed 0) digest of data (bytes or bytearray) as 16\n"
"lower-case hexadecimal digits. algo must be 'xxh3' ('none' is accepted and\n"
"still hashes with xxh3).");

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
    if (tg_go_ensure() < 0) {
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    char digest[17];
    char *err = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = go.tg_compute_hash((uint8_t *)view.buf, (size_t)view.len, (char *)algo, (size_t)algo_len, digest, &err);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    if (rc != TG_OK) {
        tg_raise(rc, err);
        return NULL;
    }
    return PyUnicode_FromStringAndSize(digest, 16);
}

/* ---- CBOR helpers (used by the Python layer and the tests) ----------- */
PyDoc_STRVAR(cbor_dumps_doc,
"_cbor_dumps(obj) -> bytes\n\nEncode obj as (non-canonical) CBOR with upstream's Python->CBOR rules.");

static PyObject *
cbor_dumps(PyObject *module, PyObject *obj)
{
    tg_buf b = {0};
    if (tg_cbor_encode(obj, &b, 0) < 0) {
        tg_buf_free(&b);
        return NULL;
    }
    PyObject *res = PyBytes_FromStringAndSize((const char *)b.data, (Py_ssize_t)b.len);
    tg_buf_free(&b);
    return res;
}

PyDoc_STRVAR(cbor_loads_doc,
"_cbor_loads(data, sort_keys=False) -> object\n\nDecode the first CBOR item of data (bytes).");

static PyObject *
cbor_loads(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"data", "sort_keys", NULL};
    Py_buffer view;
    int sort_keys = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*|p:_cbor_loads", kwlist, &view, &sort_keys)) {
        return NULL;
    }
    PyObject *res = tg_cbor_decode((const uint8_t *)view.buf, (size_t)view.len, sort_keys);
    PyBuffer_Release(&view);
    return res;
}

/* ---- introspection for tests ----------------------------------------- */
PyDoc_STRVAR(go_started_doc,
"_go_started() -> bool\n\nWhether this process has loaded (and so started) the Go runtime.");

static PyObject *
go_started(PyObject *module, PyObject *unused)
{
    return PyBool_FromLong(__atomic_load_n(&go_state, __ATOMIC_ACQUIRE) == GO_LOADED);
}

/* ---- registration of the Python-level classes ------------------------ */
PyObject *tg_Message, *tg_Metadata, *tg_Descriptor;

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
    Py_RETURN_NONE;
}

/* ---- module ---------------------------------------------------------- */
static PyMethodDef methods[] = {
    {"compute_hash", (PyCFunction)(void (*)(void))compute_hash, METH_VARARGS | METH_KEYWORDS, compute_hash_doc},
    {"_go_started", go_started, METH_NOARGS, go_started_doc},
    {"_register", register_classes, METH_VARARGS, register_doc},
    {"_cbor_dumps", cbor_dumps, METH_O, cbor_dumps_doc},
    {"_cbor_loads", (PyCFunction)(void (*)(void))cbor_loads, METH_VARARGS | METH_KEYWORDS, cbor_loads_doc},
    {NULL, NULL, 0, NULL},
};

static int
add_exceptions(PyObject *module)
{
    PyObject *integrity = PyErr_NewExceptionWithDoc(
        "tensogram_go.IntegrityError", "A message failed an integrity (hash) check.", PyExc_Exception, NULL);
    if (integrity == NULL) {
        return -1;
    }
    Py_XSETREF(exc_integrity, Py_NewRef(integrity));
    if (PyModule_AddObjectRef(module, "IntegrityError", integrity) < 0) {
        Py_DECREF(integrity);
        return -1;
    }
    PyObject *missing = PyErr_NewExceptionWithDoc(
        "tensogram_go.MissingHashError", "Hash verification was asked for but the object carries no hash.",
        integrity, NULL);
    PyObject *mismatch = PyErr_NewExceptionWithDoc(
        "tensogram_go.HashMismatchError", "An object's recomputed hash differs from the stored one.", integrity,
        NULL);
    Py_DECREF(integrity);
    int rc = -1;
    if (missing && mismatch && PyModule_AddObjectRef(module, "MissingHashError", missing) == 0 &&
        PyModule_AddObjectRef(module, "HashMismatchError", mismatch) == 0) {
        Py_XSETREF(exc_missing, Py_NewRef(missing));
        Py_XSETREF(exc_mismatch, Py_NewRef(mismatch));
        rc = 0;
    }
    Py_XDECREF(missing);
    Py_XDECREF(mismatch);
    return rc;
}

static int
module_exec(PyObject *module)
{
    if (go_locate() < 0) {
        return -1;
    }
    pthread_once(&atfork_once, register_atfork);
    if (add_exceptions(module) < 0) {
        return -1;
    }
    if (PyArray_ImportNumPyAPI() < 0) {
        return -1;
    }
    if (PyModule_AddFunctions(module, tg_decode_methods) < 0 ||
        PyModule_AddFunctions(module, tg_encode_methods) < 0 ||
        PyModule_AddFunctions(module, tg_handle_methods) < 0 ||
        PyModule_AddFunctions(module, tg_misc_methods) < 0) {
        return -1;
    }
    if (tg_handle_type_init(module) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, module_exec},
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tensogram_go._tensogram",
    .m_doc = "C shim between Python and the Go core of tensogram-go.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__tensogram(void)
{
    return PyModuleDef_Init(&moduledef);
}
