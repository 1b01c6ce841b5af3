/*
 * Declarations shared by the C files of the tensogram_go._tensogram extension,
 * from the bottom layer up (see _tensogram.c for the layering): the Go library
 * and its errors, conversions, then what the feature files give module init.
 */
#ifndef TENSOGRAM_GO_SHIM_H
#define TENSOGRAM_GO_SHIM_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* ---- the Go library (_loader.c) --------------------------------------- */

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
    X(tg_remote_open)             \
    X(tg_file_decode_batch)       \
    X(tg_file_prefetch)           \
    X(tg_stream_new)              \
    X(tg_stream_write)            \
    X(tg_stream_finish)           \
    X(tg_handle_free)             \
    X(tg_compute_packing_params)  \
    X(tg_doctor)                  \
    X(tg_stages)                  \
    X(tg_metadata_view)           \
    X(tg_metadata_path)           \
    X(tg_set_large_alloc)

typedef struct {
#define X(name) __typeof__(name) *name;
    GO_SYMBOLS(X)
#undef X
} tg_go_syms;

/* The loaded symbols; valid after tg_go_ensure() returned 0. */
extern tg_go_syms go;

/* Find the Go library beside this module and install the fork handler
 * (module init). Returns 0, or -1 with ImportError set. */
int tg_loader_init(void);

/* Load the Go library if needed. Returns 0, or -1 with an exception set
 * (also in a child forked after Go started). Call with the thread attached. */
int tg_go_ensure(void);

/* Whether Go may be called from this process without re-checking: false in
 * a child forked after Go started (calling Go there would hang). */
int tg_go_callable(void);

/* Whether this process has loaded (and so started) the Go runtime. */
int tg_go_started(void);

/* ---- Go outcomes as exceptions and warnings (_errors.c) --------------- */

/* Create the integrity exception classes and add them to module. */
int tg_errors_init(PyObject *module);
/* Raise the exception described by a failed export's tg_error and free its
 * message. A TG_ERR_MEMORY with an exception already set (raised by the
 * allocator callback) keeps that exception. */
void tg_raise(tg_error *e);
/* After a write-side Go call: emit its warnings, then raise its error (rc,
 * err) if it failed; frees warn and the error message. Returns 0, or -1
 * with an exception set. */
int tg_after_write(int32_t rc, char *warn, tg_error *err, int stacklevel);
/* After a Go call: 0 if rc is TG_OK, else raise its error (tg_raise) and
 * return -1. */
int tg_check(int32_t rc, tg_error *err);

/* Run one statement (a Go call) with the thread detached from Python. */
#define TG_NOGIL(stmt) \
    do { \
        Py_BEGIN_ALLOW_THREADS stmt; \
        Py_END_ALLOW_THREADS \
    } while (0)

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

/* sort_keys of tg_cbor_decode: which maps get their keys sorted. */
#define TG_SORT_NONE 0
#define TG_SORT_ALL 1 /* every map (validation reports) */
#define TG_SORT_TOP 2 /* the outermost map only (descriptors: nested maps keep wire order) */

/*
 * Decode one CBOR item from data[0:len] (trailing bytes are ignored) into
 * Python objects: text -> str, integer -> int (ValueError outside i64),
 * float -> float, bool, null/undefined -> None, array -> list, map -> dict,
 * bytes -> bytes, tag -> its content. sort_keys (TG_SORT_*) says which dicts get
 * their keys sorted (as upstream's sorted maps); the others keep wire order.
 * Returns a new reference, or NULL with ValueError set on malformed input.
 */
PyObject *tg_cbor_decode(const uint8_t *data, size_t len, int sort_keys);

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
/* The most parameters a function of tg_arg_parse may have. */
#define TG_MAX_PARAMS 8
/* Bind the arguments of a METH_FASTCALL | METH_KEYWORDS function to its
 * positional-or-keyword parameters names[0:n] (n <= TG_MAX_PARAMS), the
 * first nreq required: out[i] is the argument (borrowed) or NULL when not
 * given. Errors are upstream's TypeErrors (_argparse.c). */
int tg_arg_parse(const char *fname, const char *const *names, int n, int nreq, PyObject *const *args, Py_ssize_t nargs,
                 PyObject *kwnames, PyObject **out);
/* The one argument of a METH_FASTCALL | METH_KEYWORDS function taking a
 * single argument (positional or by keyword), with upstream's TypeErrors. */
int tg_arg_single(const char *fname, const char *argname, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                  PyObject **out);
/* Buffer of a wire message: bytes, or also bytearray when allow_bytearray
 * (bytes are viewed in place, with no export: valid for the call only). */
int tg_arg_message(PyObject *obj, const char *name, int allow_bytearray, Py_buffer *view);
/* (start, count) pairs from a list/tuple of 2-tuples into a PyMem array. */
int tg_arg_ranges(PyObject *obj, uint64_t **out, size_t *n);

/* ---- results (_result.c) ---------------------------------------------- */

/* Python objects from a successful Go result: Metadata; Message (with
 * masks: objects are (descriptor, array, masks)); (Metadata,
 * [descriptors]); (Metadata, descriptor, array); the list of range arrays
 * or, with join, the one array. The arrays take over their payload memory;
 * release the rest with tg_result_free in every case. */
PyObject *tg_metadata_from(tg_result *r);
/* Module init of _result.c: the mask dict keys. */
int tg_result_init(void);
PyObject *tg_message_from(tg_result *r, int with_masks);
PyObject *tg_descriptors_pair(tg_result *r);
PyObject *tg_object_triple(tg_result *r);
PyObject *tg_range_result(tg_result *r, int join);
void tg_result_free(tg_result *r);

/* Allocator for Go exports that write a Python bytes object: the thread is
 * re-attached just for the allocation. */
typedef struct {
    PyThreadState *ts;
    PyObject *bytes;
} tg_alloc_ctx;
uint8_t *tg_alloc_bytes(void *ctx, size_t n);
/* Reuse of large outputs (_recycle.c): module init (reads
 * TENSOGRAM_GO_RECYCLE), and a bytes object of size n for an output (new
 * reference; NULL with an exception set), *fresh set to 0 when it is one
 * a thread was given before and nobody else holds. */
int tg_recycle_init(void);
int tg_recycle_enabled(void); /* TENSOGRAM_GO_RECYCLE is not "0" */
PyObject *tg_output_bytes(Py_ssize_t n, int *fresh);
/* Reuse of large decoded arrays' memory (_result.c): the source the loader
 * gives the library with tg_set_large_alloc (tg_large_alloc_fn). */
void *tg_block_take(size_t n);
/* Whether the interpreter is shutting down (Py_IsFinalizing is public from
 * 3.13 on). */
#if PY_VERSION_HEX >= 0x030D0000
#define TG_FINALIZING() Py_IsFinalizing()
#else
#define TG_FINALIZING() _Py_IsFinalizing()
#endif

/* Py_BEGIN_ALLOW_THREADS for calls that pass tg_alloc_bytes: the saved
 * thread state lives in the context. The thread's dict is made first (if
 * missing) so that tg_alloc_bytes never has to (see _recycle.c). */
#define TG_DETACH(ctx) ((void)PyThreadState_GetDict(), (ctx).ts = PyEval_SaveThread())
#define TG_ATTACH(ctx) PyEval_RestoreThread((ctx).ts)
/* Run one statement (a Go call passing tg_alloc_bytes and &ctx) detached. */
#define TG_NOGIL_ALLOC(ctx, stmt) \
    do { \
        TG_DETACH(ctx); \
        stmt; \
        TG_ATTACH(ctx); \
    } while (0)
/* After such a call: 0 if rc is TG_OK (ctx->bytes holds the result), else
 * drop ctx->bytes, raise the error and return -1. */
int tg_check_alloc(int32_t rc, tg_alloc_ctx *ctx, tg_error *err);
/* After such a call that wrote CBOR: the decoded object (keys ordered as
 * sort_keys, a TG_SORT_* mode, says), or NULL with an exception set.
 * Releases ctx->bytes either way. */
PyObject *tg_cbor_result(int32_t rc, tg_alloc_ctx *ctx, tg_error *err, int sort_keys);

/* ---- instances of the registered slot classes (_slots.c) ------------- */

#define TG_MAX_SLOTS 4

/* A __slots__ class whose __init__(a0, ..., a[nargs-1]) stores its
 * arguments in its first nargs slots and None in the others; type is NULL
 * when the class did not pass the check of tg_slots_register. */
typedef struct {
    PyTypeObject *type; /* borrowed: the registration keeps the class */
    int nslots, nargs;
    Py_ssize_t off[TG_MAX_SLOTS];
} tg_slot_class;

/* Fill *c for cls with slot names (in __init__'s argument order, then the
 * slots it sets to None), after checking that calling cls with probe
 * arguments fills them that way; a class that does not pass leaves c->type
 * NULL (failures of the check are not errors). c->type is published last,
 * so a thread that sees it through tg_slots_ready sees the rest. */
void tg_slots_register(tg_slot_class *c, PyObject *cls, const char *const *names, int nslots, int nargs);
/* c->type (acquire), NULL while c is not registered. */
PyTypeObject *tg_slots_ready(const tg_slot_class *c);
/* A new instance of c->type (non-NULL) holding args, as cls(*args) would
 * build it; NULL with an exception set. */
PyObject *tg_slots_new(const tg_slot_class *c, PyObject *const *args);

/* ---- encode requests (_request.c) ------------------------------------- */

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

/* The start of every encode call: check the argument types upstream checks
 * before any option (meta a dict; list, unless NULL, a list), load the Go
 * library, then parse the options kw into *o. Returns 0 or -1 (exception
 * set). */
int tg_enc_begin(tg_enc_opts *o, PyObject *meta, PyObject *list, const tg_enc_kw *kw);
/* Convert metadata dict and (descriptor, data) list, after tg_enc_begin has
 * checked their types; pre_encoded selects the data rules of
 * encode_pre_encoded. Returns 0 or -1 (exception set); call
 * tg_enc_req_free in both cases. */
int tg_enc_req_build(tg_enc_req *r, PyObject *meta, PyObject *list, int pre_encoded);
/* Convert a single (descriptor, data) pair into r (n = 1). */
int tg_enc_req_single(tg_enc_req *r, PyObject *desc, PyObject *data, int pre_encoded, const char *who);
void tg_enc_req_free(tg_enc_req *r);

/* ---- handles (_handle.c) ---------------------------------------------- */

/* Create the Handle type and add it to module. */
int tg_handle_type_init(PyObject *module);
/* A new Handle owning Go handle h (released on failure). */
PyObject *tg_handle_new(void *h);
/* Pin the Go handle of a Handle for one call: 0 and *h, or -1 with an
 * exception set (ValueError when closed). Pair with tg_handle_release. */
int tg_handle_acquire(PyObject *obj, void **h);
void tg_handle_release(PyObject *obj);

/* ---- method tables of the feature files (for module init) ------------ */
extern PyMethodDef tg_decode_methods[];
extern PyMethodDef tg_encode_methods[];
extern PyMethodDef tg_handle_methods[];
extern PyMethodDef tg_misc_methods[];
extern PyMethodDef tg_remote_methods[];
extern PyMethodDef tg_result_methods[];

#endif
