/*
 * Go outcomes as Python exceptions and warnings.
 *
 * Every failing export fills a tg_error (capi/tg_capi.h): the status picks
 * the exception class, the message is its text, and the integrity errors
 * take their attributes (object_index, expected, actual) from the fields.
 */
#include "_shim.h"

#include <stdlib.h>
#include <string.h>

static PyObject *exc_integrity, *exc_missing, *exc_mismatch;

int
tg_errors_init(PyObject *module)
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

static PyObject *
exc_for(int32_t status)
{
    switch (status) {
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

/* Set attribute name of inst to value (a new reference; NULL is skipped). */
static int
set_attr(PyObject *inst, const char *name, PyObject *value)
{
    if (value == NULL) {
        return -1;
    }
    int rc = PyObject_SetAttrString(inst, name, value);
    Py_DECREF(value);
    return rc;
}

/* Raise an integrity error instance carrying upstream's attributes:
 * object_index (None when unknown) and, for a mismatch, both digests. */
static void
raise_integrity(PyObject *type, const tg_error *e, const char *text)
{
    PyObject *inst = PyObject_CallFunction(type, "s", text);
    if (inst == NULL) {
        return;
    }
    int rc = set_attr(inst, "object_index",
                      e->object_index < 0 ? Py_NewRef(Py_None) : PyLong_FromLongLong(e->object_index));
    if (rc == 0 && e->status == TG_ERR_HASH_MISMATCH) {
        rc = set_attr(inst, "expected", PyUnicode_FromString(e->expected));
        if (rc == 0) {
            rc = set_attr(inst, "actual", PyUnicode_FromString(e->actual));
        }
    }
    if (rc == 0) {
        PyErr_SetObject(type, inst);
    }
    Py_DECREF(inst);
}

void
tg_raise(tg_error *e)
{
    const char *text = e->message ? e->message : "unknown error";
    if (e->status == TG_ERR_MEMORY && PyErr_Occurred()) {
        /* the allocator callback already raised */
    } else if (e->status == TG_ERR_MISSING_HASH || e->status == TG_ERR_HASH_MISMATCH) {
        raise_integrity(exc_for(e->status), e, text);
    } else {
        PyErr_SetString(exc_for(e->status), text);
    }
    free(e->message);
    e->message = NULL;
}

/* Issue the "\n"-separated UserWarnings from Go (frees warn). -1 if raised. */
static int
tg_emit_warnings(char *warn, int stacklevel)
{
    if (warn == NULL) {
        return 0;
    }
    int rc = 0;
    char *p = warn;
    while (rc == 0 && p != NULL && *p) {
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = 0;
        }
        rc = PyErr_WarnEx(PyExc_UserWarning, p, stacklevel);
        p = nl ? nl + 1 : NULL;
    }
    free(warn);
    return rc;
}

int
tg_check(int32_t rc, tg_error *err)
{
    if (rc != TG_OK) {
        tg_raise(err);
        return -1;
    }
    return 0;
}

int
tg_check_alloc(int32_t rc, tg_alloc_ctx *ctx, tg_error *err)
{
    if (rc != TG_OK) {
        Py_CLEAR(ctx->bytes);
        tg_raise(err);
        return -1;
    }
    return 0;
}

PyObject *
tg_cbor_result(int32_t rc, tg_alloc_ctx *ctx, tg_error *err, int sort_keys)
{
    if (tg_check_alloc(rc, ctx, err) < 0) {
        return NULL;
    }
    PyObject *res = tg_cbor_decode((const uint8_t *)PyBytes_AS_STRING(ctx->bytes), (size_t)PyBytes_GET_SIZE(ctx->bytes),
                                   sort_keys);
    Py_CLEAR(ctx->bytes);
    return res;
}

int
tg_after_write(int32_t rc, char *warn, tg_error *err, int stacklevel)
{
    if (tg_emit_warnings(warn, stacklevel) < 0) {
        free(err->message);
        err->message = NULL;
        return -1;
    }
    if (rc != TG_OK) {
        tg_raise(err);
        return -1;
    }
    return 0;
}
