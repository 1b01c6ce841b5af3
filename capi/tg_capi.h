/*
 * Structures shared by the Go exports (capi/) and the C shim
 * (python/tensogram_go/). Declarations only: this header is included by the
 * cgo preamble of every export file, so it also appears in the generated
 * libtensogram_go.h.
 *
 * Every pointer an export stores in these structures points to memory
 * allocated with C malloc; the caller owns it and releases it with free()
 * (or tg_free). Every enum and operation code of the ABI is declared here
 * and only here: Go reads them through cgo (C.TG_...), the shim by name.
 */
#ifndef TG_CAPI_H
#define TG_CAPI_H

#include <stddef.h>
#include <stdint.h>

/*
 * Status codes. Every export returns one and stores the same value in the
 * status field of its tg_error. Each names the Python exception the shim
 * raises for it.
 */
enum {
    TG_OK = 0,
    TG_ERR_VALUE = 1,         /* ValueError: framing, metadata, encoding, compression, object errors */
    TG_ERR_TYPE = 2,          /* TypeError */
    TG_ERR_RUNTIME = 3,       /* RuntimeError */
    TG_ERR_OS = 4,            /* OSError */
    TG_ERR_INDEX = 5,         /* IndexError */
    TG_ERR_KEY = 6,           /* KeyError */
    TG_ERR_OVERFLOW = 7,      /* OverflowError */
    TG_ERR_MISSING_HASH = 8,  /* tensogram.MissingHashError */
    TG_ERR_HASH_MISMATCH = 9, /* tensogram.HashMismatchError */
    TG_ERR_INTEGRITY = 10,    /* tensogram.IntegrityError */
    TG_ERR_MEMORY = 11,       /* MemoryError */
    TG_ERR_INTERNAL = 12      /* RuntimeError: a recovered Go panic (a bug) */
};

/* Length of a hash digest in hexadecimal digits (xxh3-64). */
#define TG_DIGEST_LEN 16

/*
 * The outcome of one export, filled by every export that takes one (on
 * success too). The fields carry what the exception needs, so nothing is
 * parsed back out of the message text.
 */
typedef struct {
    int32_t status;       /* TG_OK or TG_ERR_*, equal to the export's return value */
    int64_t object_index; /* integrity errors: index of the failing object; -1 otherwise */
    char expected[TG_DIGEST_LEN + 1]; /* TG_ERR_HASH_MISMATCH: stored digest, else "" */
    char actual[TG_DIGEST_LEN + 1];   /* TG_ERR_HASH_MISMATCH: recomputed digest, else "" */
    char *message;        /* NUL-terminated exception text, or NULL on success */
} tg_error;

/* Operations of tg_file_decode (its op argument). */
enum {
    TG_FILE_OP_DECODE = 0,     /* the whole message, as tg_decode */
    TG_FILE_OP_OBJECT = 1,     /* one object, as tg_decode_object */
    TG_FILE_OP_RANGE = 2,      /* ranges of one object, as tg_decode_range */
    TG_FILE_OP_METADATA = 3,   /* metadata only, as tg_decode_metadata */
    TG_FILE_OP_DESCRIPTORS = 4 /* metadata and descriptors, as tg_decode_descriptors */
};

/* Element kinds of decoded arrays (the NumPy dtype the shim builds). */
enum {
    TG_KIND_U8 = 1,
    TG_KIND_I8 = 2,
    TG_KIND_U16 = 3,
    TG_KIND_I16 = 4,
    TG_KIND_U32 = 5,
    TG_KIND_I32 = 6,
    TG_KIND_U64 = 7,
    TG_KIND_I64 = 8,
    TG_KIND_F16 = 9,
    TG_KIND_BF16 = 10,
    TG_KIND_F32 = 11,
    TG_KIND_F64 = 12,
    TG_KIND_C64 = 13,
    TG_KIND_C128 = 14,
    TG_KIND_BOOL = 15
};

/* Slots of the non-finite masks in tg_array.mask and tg_enc_opts.mask_method. */
enum {
    TG_MASK_NAN = 0,     /* "nan" */
    TG_MASK_POS_INF = 1, /* "inf+" */
    TG_MASK_NEG_INF = 2, /* "inf-" */
    TG_NMASKS = 3
};

/* One decoded array (a data object, or one range of one). */
typedef struct {
    uint8_t *desc;       /* descriptor CBOR map (NULL for range parts) */
    size_t desc_len;
    uint8_t *data;       /* decoded bytes */
    size_t data_len;
    uint64_t *shape;     /* array shape (ndim entries; NULL when ndim == 0) */
    uint32_t ndim;
    int32_t kind;        /* TG_KIND_* */
    uint8_t *mask[TG_NMASKS]; /* decode_with_masks: one bool byte per element, or NULL */
    size_t mask_len[TG_NMASKS];
} tg_array;

/* A decode result: metadata CBOR plus arrays. */
typedef struct {
    uint8_t *meta;       /* metadata CBOR map (NULL when not requested) */
    size_t meta_len;
    /* >= 0: meta is the metadata frame's own CBOR, still to be normalised
     * like core does (free top-level keys into _extra_, base padded with
     * empty maps to meta_pad entries); < 0: meta is already normalised. */
    int64_t meta_pad;
    tg_array *arrays;    /* n entries, or NULL */
    size_t n;
} tg_result;

/* Decode options (upstream keyword arguments). */
typedef struct {
    int32_t native_byte_order;
    int32_t restore_non_finite;
    int32_t verify_hash;
    int32_t with_masks;
    int64_t threads;
} tg_decode_opts;

/* One object to encode: descriptor CBOR map plus its data bytes. */
typedef struct {
    const uint8_t *desc;
    size_t desc_len;
    const uint8_t *data;
    size_t data_len;
} tg_enc_obj;

/* Encode options. Strings are (pointer, length); a NULL pointer means the
 * argument was None / not given. */
typedef struct {
    const char *hash;            /* NULL: None (no hashing) */
    size_t hash_len;
    int64_t threads;
    int32_t allow_nan;
    int32_t allow_inf;
    const char *mask_method[TG_NMASKS];
    size_t mask_method_len[TG_NMASKS];
    int64_t small_mask_threshold; /* < 0: default */
    const char *aggregate_hash;
    size_t aggregate_hash_len;
    int32_t pre_encoded;
} tg_enc_opts;

/*
 * Output allocator: returns a writable buffer of exactly n bytes (or NULL on
 * failure) that stays valid after the export returns. The encoder calls it
 * once, from the calling thread, after all payload work is done.
 */
typedef uint8_t *(*tg_alloc_fn)(void *ctx, size_t n);

/*
 * Source of large malloc'ed outputs (decoded arrays of TG_LARGE_OUTPUT_MIN
 * bytes or more), set with tg_set_large_alloc: returns a block of at least
 * n bytes that free() releases and nothing else uses, or NULL to let the
 * library malloc one. Called from any thread, Go's included, with no lock
 * of the library held.
 */
typedef void *(*tg_large_alloc_fn)(size_t n);
#define TG_LARGE_OUTPUT_MIN ((size_t)32 << 20)

#endif
