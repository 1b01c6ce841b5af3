/*
 * Declarations shared by the C files of the tensogram_go._tensogram extension.
 */
#ifndef TENSOGRAM_GO_SHIM_H
#define TENSOGRAM_GO_SHIM_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* ---- CBOR <-> Python (_cbor.c) ---------------------------------------- */

/* A growable byte buffer (PyMem-allocated). */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} tg_buf;

void tg_buf_free(tg_buf *b);

/*
 * Append obj as CBOR to out, following upstream tensogram's Python->CBOR
 * rules: str -> text, bool -> bool, int in i64 -> integer, other ints and
 * anything with __float__ -> float, None -> null, dict -> map, list -> array;
 * anything else -> ValueError("cannot convert <type> to CBOR"). Map keys are
 * converted with the same rules; keys_must_be_str makes non-str keys of the
 * top-level map a ValueError. Returns 0, or -1 with an exception set.
 */
int tg_cbor_encode(PyObject *obj, tg_buf *out, int keys_must_be_str);

/*
 * Decode one CBOR item from data[0:len] (trailing bytes are ignored) into
 * Python objects: text -> str, integer -> int (ValueError outside i64),
 * float -> float, bool, null/undefined -> None, array -> list, map -> dict,
 * bytes -> bytes, tag -> its content. With sort_keys, every dict's keys are
 * in sorted order (as upstream's sorted maps); otherwise in wire order.
 * Returns a new reference, or NULL with ValueError set on malformed input.
 */
PyObject *tg_cbor_decode(const uint8_t *data, size_t len, int sort_keys);

/* ---- the Go library (_tensogram.c) ----------------------------------- */

#include "libtensogram_go.h"

/* Every Go export the shim calls; loaded with dlsym on first use. */
#define GO_SYMBOLS(X)             \
    X(tg_free)                    \
    X(tg_compute_hash)            \
    X(tg_decode)                  \
    X(tg_decode_object)           \
    X(tg_decode_range)            \
    X(tg_decode_metadata)         \
    X(tg_decode_descriptors)      \
    X(tg_scan)                    \
    X(tg_validate)                \
    X(tg_validate_file)           \
    X(tg_encode)                  \
    X(tg_file_open)               \
    X(tg_file_count)              \
    X(tg_file_read)               \
    X(tg_file_decode)             \
    X(tg_file_append)             \
    X(tg_stream_new)              \
    X(tg_stream_write)            \
    X(tg_stream_finish)           \
    X(tg_handle_free)             \
    X(tg_compute_packing_params)  \
    X(tg_doctor)                  \
    X(tg_stages)                  \
    X(tg_metadata_view)           \
    X(tg_metadata_path)

typedef struct {
#define X(name) __typeof__(name) *name;
    GO_SYMBOLS(X)
#undef X
} tg_go_syms;

/* The loaded symbols; valid after tg_go_ensure() returned 0. */
extern tg_go_syms go;

/* Load the Go library if needed. Returns 0, or -1 with an exception set
 * (also in a child forked after Go started). Call with the thread attached. */
int tg_go_ensure(void);

/* Whether Go may be called from this process without re-checking: false in
 * a child forked after Go started (calling Go there would hang). */
int tg_go_callable(void);

/* Raise the exception for Go status code `code` and free msg (malloc). */
void tg_raise(int code, char *msg);

/* Status codes (capi/doc.go). */
enum {
    TG_OK = 0,
    TG_ERR_VALUE = 1,
    TG_ERR_TYPE = 2,
    TG_ERR_RUNTIME = 3,
    TG_ERR_OS = 4,
    TG_ERR_INDEX = 5,
    TG_ERR_KEY = 6,
    TG_ERR_OVERFLOW = 7,
    TG_ERR_MISSING_HASH = 8,
    TG_ERR_HASH_MISMATCH = 9,
    TG_ERR_INTEGRITY = 10,
    TG_ERR_MEMORY = 11,
    TG_ERR_INTERNAL = 12,
};

/* ---- argument conversion (_args.c) ----------------------------------- */

/* Each returns 0, or -1 with upstream's TypeError/OverflowError set. A NULL
 * obj (argument not given) leaves *out unchanged. */
int tg_arg_bool(PyObject *obj, const char *name, int32_t *out);
int tg_arg_u64(PyObject *obj, const char *name, uint64_t *out);
int tg_arg_str(PyObject *obj, const char *name, const char **s, size_t *len);
/* Like tg_arg_str but None gives *s = NULL. */
int tg_arg_opt_str(PyObject *obj, const char *name, const char **s, size_t *len);
/* Decode options from the keyword arguments native_byte_order, threads,
 * restore_non_finite, verify_hash (NULL = not given: upstream's defaults;
 * threads above INT32_MAX are clamped). */
int tg_arg_decode_opts(PyObject *native, PyObject *threads, PyObject *restore, PyObject *verify, tg_decode_opts *o);
/* The one argument of a METH_FASTCALL | METH_KEYWORDS function taking a
 * single argument (positional or by keyword), with upstream's TypeErrors. */
int tg_arg_single(const char *fname, const char *argname, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                  PyObject **out);
/* Buffer of a wire message: bytes, or also bytearray when allow_bytearray. */
int tg_arg_message(PyObject *obj, const char *name, int allow_bytearray, Py_buffer *view);
/* (start, count) pairs from a list/tuple of 2-tuples into a PyMem array. */
int tg_arg_ranges(PyObject *obj, uint64_t **out, size_t *n);

/* ---- results (_result.c) ---------------------------------------------- */

/* Set by tensogram_go/__init__.py through _register(). */
extern PyObject *tg_Message, *tg_Metadata, *tg_Descriptor;

/* Build Python objects from a Go result; they consume (free) its memory. */
PyObject *tg_metadata_from(tg_result *r);
PyObject *tg_descriptor_from(tg_array *a);
PyObject *tg_array_from(tg_array *a);
PyObject *tg_masks_from(tg_array *a);
PyObject *tg_message_from(tg_result *r, int with_masks);
void tg_result_free(tg_result *r);

/* Shared builders of _decode.c (they do not free r). */
PyObject *tg_descriptors_pair(tg_result *r);
PyObject *tg_object_triple(tg_result *r);
PyObject *tg_range_result(tg_result *r, int join);

/* ---- encode requests (_encode.c) -------------------------------------- */

/* One encode call's inputs, with the Python buffers they borrow. */
typedef struct {
    tg_buf meta;
    size_t n;
    tg_enc_obj *objs;
    tg_buf *descs;
    Py_buffer *views;
    char *has_view;
    tg_enc_opts opts;
} tg_enc_req;

/* Encode keyword arguments (NULL = not given). */
typedef struct {
    PyObject *hash, *threads, *allow_nan, *allow_inf, *nan_mask, *pinf_mask, *ninf_mask, *threshold, *aggregate;
} tg_enc_kw;

int tg_enc_opts_parse(tg_enc_opts *o, const tg_enc_kw *kw);
/* Convert metadata dict and (descriptor, data) list; pre_encoded selects the
 * data rules of encode_pre_encoded. Returns 0 or -1 (exception set); call
 * tg_enc_req_free in both cases. */
int tg_enc_req_build(tg_enc_req *r, PyObject *meta, PyObject *list, int pre_encoded);
/* Convert a single (descriptor, data) pair into r (n = 1). */
int tg_enc_req_single(tg_enc_req *r, PyObject *desc, PyObject *data, int pre_encoded, const char *who);
void tg_enc_req_free(tg_enc_req *r);
/* Issue the "\n"-separated UserWarnings from Go (frees warn). -1 if raised. */
int tg_emit_warnings(char *warn, int stacklevel);
/* After a write-side Go call: emit its warnings, then raise its error (rc,
 * err) if it failed; frees both messages. Returns 0, or -1 with an exception. */
int tg_after_write(int rc, char *warn, char *err, int stacklevel);

/* Allocator for Go exports that write a Python bytes object: the thread is
 * re-attached just for the allocation. */
typedef struct {
    PyThreadState *ts;
    PyObject *bytes;
} tg_alloc_ctx;
uint8_t *tg_alloc_bytes(void *ctx, size_t n);

/* Py_BEGIN_ALLOW_THREADS for calls that pass tg_alloc_bytes: the saved
 * thread state lives in the context. */
#define TG_DETACH(ctx) ((ctx).ts = PyEval_SaveThread())
#define TG_ATTACH(ctx) PyEval_RestoreThread((ctx).ts)

/* ---- handles (_handle.c) ---------------------------------------------- */

int tg_handle_type_init(PyObject *module);
/* Create a handle object owning Go handle h. */
PyObject *tg_handle_new(void *h);
/* Pin the Go handle for one call: 0 and *h, or -1 with ValueError if closed.
 * Every successful acquire must be followed by tg_handle_release. */
int tg_handle_acquire(PyObject *obj, void **h);
void tg_handle_release(PyObject *obj);

/* ---- method tables of the other C files ------------------------------- */
extern PyMethodDef tg_decode_methods[];
extern PyMethodDef tg_encode_methods[];
extern PyMethodDef tg_handle_methods[];
extern PyMethodDef tg_misc_methods[];

#endif
