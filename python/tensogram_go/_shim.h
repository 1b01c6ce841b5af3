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

#endif
