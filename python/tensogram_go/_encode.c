/*
 * Write-side module functions: encode and encode_pre_encoded. The request
 * is built while attached (_request.c); Go then runs the pipeline detached
 * and writes the message straight into the result bytes object.
 */
#include "_shim.h"

#include <string.h>

/*
 * Run tg_encode for a built request: ONE Go call. core.Encode runs the
 * pipeline, computes the exact size and then asks tg_alloc_bytes for the
 * output once; that callback re-attaches this thread just long enough to
 * create the result bytes object, and Go writes the message straight into
 * it. (A two-call prepare/write split over core.Encode needs a goroutine
 * parked in the allocator between the calls; cgo callback goroutines are
 * locked to their thread, so every hand-off is a cross-thread wake-up:
 * measured here at ~150 us per encode, against ~20 us for the whole call.)
 */
static PyObject *
run_encode(tg_enc_req *r)
{
    tg_alloc_ctx ctx = {0};
    size_t out_len = 0;
    char *warn = NULL;
    tg_error err = {0};
    int rc;
    TG_DETACH(ctx);
    rc = go.tg_encode(r->meta.data, r->meta.len, r->objs, r->n, &r->opts, tg_alloc_bytes, &ctx, &out_len, &warn, &err);
    TG_ATTACH(ctx);
    tg_enc_req_free(r);
    if (tg_after_write(rc, warn, &err, 1) < 0) {
        Py_CLEAR(ctx.bytes);
        return NULL;
    }
    if (ctx.bytes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "encode produced no output");
    }
    return ctx.bytes;
}

PyDoc_STRVAR(encode_doc,
"encode($module, global_meta_dict, descriptors_and_data, hash='xxh3', threads=0, allow_nan=False, allow_inf=False, nan_mask_method=None, pos_inf_mask_method=None, neg_inf_mask_method=None, small_mask_threshold_bytes=None, aggregate_hash=None)\n--\n\n"
"       nan_mask_method=None, pos_inf_mask_method=None, neg_inf_mask_method=None,\n"
"       small_mask_threshold_bytes=None, aggregate_hash=None) -> bytes\n\n"
"Encode one message from metadata and a list of (descriptor_dict, data) tuples.");

/* The body shared by encode and encode_pre_encoded: options, request,
 * the Go call. */
static PyObject *
encode_common(PyObject *meta, PyObject *list, tg_enc_kw *k, int pre_encoded)
{
    tg_enc_opts opts;
    if (tg_enc_begin(&opts, meta, list, k) < 0) {
        return NULL;
    }
    tg_enc_req r;
    if (tg_enc_req_build(&r, meta, list, pre_encoded) < 0) {
        tg_enc_req_free(&r);
        return NULL;
    }
    r.opts = opts;
    r.opts.pre_encoded = pre_encoded;
    return run_encode(&r);
}

static PyObject *
py_encode(PyObject *m, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"global_meta_dict", "descriptors_and_data", "hash", "threads", "allow_nan", "allow_inf",
                             "nan_mask_method", "pos_inf_mask_method", "neg_inf_mask_method",
                             "small_mask_threshold_bytes", "aggregate_hash", NULL};
    PyObject *meta, *list;
    tg_enc_kw k = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|OOOOOOOOO:encode", kwlist, &meta, &list, &k.hash, &k.threads,
                                     &k.allow_nan, &k.allow_inf, &k.nan_mask, &k.pinf_mask, &k.ninf_mask, &k.threshold,
                                     &k.aggregate)) {
        return NULL;
    }
    return encode_common(meta, list, &k, 0);
}

PyDoc_STRVAR(encode_pre_encoded_doc,
"encode_pre_encoded($module, global_meta_dict, descriptors_and_data, hash='xxh3', threads=0)\n--\n\n-> bytes\n\n"
"Encode a message whose payloads are already in their final wire form.");

static PyObject *
py_encode_pre_encoded(PyObject *m, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"global_meta_dict", "descriptors_and_data", "hash", "threads", NULL};
    PyObject *meta, *list;
    tg_enc_kw k = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|OO:encode_pre_encoded", kwlist, &meta, &list, &k.hash, &k.threads)) {
        return NULL;
    }
    return encode_common(meta, list, &k, 1);
}

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)

PyMethodDef tg_encode_methods[] = {
    {"encode", FN(py_encode), KW, encode_doc},
    {"encode_pre_encoded", FN(py_encode_pre_encoded), KW, encode_pre_encoded_doc},
    {NULL, NULL, 0, NULL},
};
