/*
 * CBOR <-> Python conversion for metadata, descriptors and reports.
 *
 * Go canonicalises everything it writes, so the encoder here only has to
 * produce valid CBOR (definite lengths, keys in dict order); the decoder
 * accepts any well-formed CBOR (indefinite lengths, any float width, tags).
 */
#include "_shim.h"

#include <math.h>
#include <string.h>

#define MAX_DEPTH 256

/* ---- buffer ---------------------------------------------------------- */

void
tg_buf_free(tg_buf *b)
{
    PyMem_Free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int
buf_reserve(tg_buf *b, size_t n)
{
    if (b->cap - b->len >= n) {
        return 0;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n) {
        if (cap > ((size_t)PY_SSIZE_T_MAX) / 2) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    uint8_t *p = PyMem_Realloc(b->data, cap);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

static int
buf_put(tg_buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) < 0) {
        return -1;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

/* Major type + argument, shortest form. */
static int
put_head(tg_buf *b, unsigned major, uint64_t v)
{
    uint8_t h[9];
    size_t n;
    major <<= 5;
    if (v < 24) {
        h[0] = (uint8_t)(major | v);
        n = 1;
    } else if (v <= 0xFF) {
        h[0] = (uint8_t)(major | 24);
        h[1] = (uint8_t)v;
        n = 2;
    } else if (v <= 0xFFFF) {
        h[0] = (uint8_t)(major | 25);
        h[1] = (uint8_t)(v >> 8);
        h[2] = (uint8_t)v;
        n = 3;
    } else if (v <= 0xFFFFFFFFu) {
        h[0] = (uint8_t)(major | 26);
        for (int i = 0; i < 4; i++) h[1 + i] = (uint8_t)(v >> (24 - 8 * i));
        n = 5;
    } else {
        h[0] = (uint8_t)(major | 27);
        for (int i = 0; i < 8; i++) h[1 + i] = (uint8_t)(v >> (56 - 8 * i));
        n = 9;
    }
    return buf_put(b, h, n);
}

static int
put_double(tg_buf *b, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, 8);
    uint8_t h[9];
    h[0] = 0xfb;
    for (int i = 0; i < 8; i++) h[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
    return buf_put(b, h, 9);
}

/* ---- Python -> CBOR -------------------------------------------------- */

static int encode_value(PyObject *obj, tg_buf *out, int depth);

static int
encode_text(PyObject *s, tg_buf *out)
{
    Py_ssize_t n;
    const char *u = PyUnicode_AsUTF8AndSize(s, &n);
    if (u == NULL) {
        return -1;
    }
    if (put_head(out, 3, (uint64_t)n) < 0) {
        return -1;
    }
    return buf_put(out, u, (size_t)n);
}

static int
cannot_convert(PyObject *obj)
{
    PyErr_Format(PyExc_ValueError, "cannot convert %.200s to CBOR", Py_TYPE(obj)->tp_name);
    return -1;
}

static int
encode_int(PyObject *obj, tg_buf *out)
{
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow != 0) {
        /* outside i64: upstream stores it as a float */
        double d = PyLong_AsDouble(obj);
        if (d == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        return put_double(out, d);
    }
    if (v >= 0) {
        return put_head(out, 0, (uint64_t)v);
    }
    return put_head(out, 1, (uint64_t)(-(v + 1)));
}

static int
encode_map(PyObject *dict, tg_buf *out, int depth, int keys_must_be_str)
{
    /* Snapshot the items so concurrent mutation by another thread cannot
     * invalidate the iteration (free-threaded builds). */
    PyObject *items = PyDict_Items(dict);
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(items);
    int rc = put_head(out, 5, (uint64_t)n);
    for (Py_ssize_t i = 0; rc == 0 && i < n; i++) {
        PyObject *kv = PyList_GET_ITEM(items, i);
        PyObject *k = PyTuple_GET_ITEM(kv, 0);
        if (keys_must_be_str && !PyUnicode_Check(k)) {
            PyErr_Format(PyExc_ValueError, "metadata keys must be str, not %.200s", Py_TYPE(k)->tp_name);
            rc = -1;
            break;
        }
        rc = encode_value(k, out, depth + 1);
        if (rc == 0) {
            rc = encode_value(PyTuple_GET_ITEM(kv, 1), out, depth + 1);
        }
    }
    Py_DECREF(items);
    return rc;
}

static int
encode_value(PyObject *obj, tg_buf *out, int depth)
{
    if (depth > MAX_DEPTH) {
        PyErr_SetString(PyExc_ValueError, "metadata nested deeper than 256 levels");
        return -1;
    }
    if (PyUnicode_Check(obj)) {
        return encode_text(obj, out);
    }
    if (PyBool_Check(obj)) {
        uint8_t b = obj == Py_True ? 0xf5 : 0xf4;
        return buf_put(out, &b, 1);
    }
    if (PyLong_Check(obj)) {
        return encode_int(obj, out);
    }
    if (obj == Py_None) {
        uint8_t b = 0xf6;
        return buf_put(out, &b, 1);
    }
    if (PyDict_Check(obj)) {
        return encode_map(obj, out, depth, 0);
    }
    if (PyList_Check(obj)) {
        /* A snapshot, for the same reason as dict items. */
        PyObject *seq = PySequence_Fast(obj, "list");
        if (seq == NULL) {
            return -1;
        }
        PyObject *copy = PyList_GetSlice(seq, 0, PY_SSIZE_T_MAX);
        Py_DECREF(seq);
        if (copy == NULL) {
            return -1;
        }
        Py_ssize_t n = PyList_GET_SIZE(copy);
        int rc = put_head(out, 4, (uint64_t)n);
        for (Py_ssize_t i = 0; rc == 0 && i < n; i++) {
            rc = encode_value(PyList_GET_ITEM(copy, i), out, depth + 1);
        }
        Py_DECREF(copy);
        return rc;
    }
    if (PyFloat_Check(obj)) {
        return put_double(out, PyFloat_AS_DOUBLE(obj));
    }
    /* int-likes (numpy integers: __index__) then float-likes (__float__) */
    if (!PyTuple_Check(obj) && !PyBytes_Check(obj) && !PyByteArray_Check(obj)) {
        PyNumberMethods *nb = Py_TYPE(obj)->tp_as_number;
        if (nb != NULL && nb->nb_index != NULL) {
            PyObject *i = PyNumber_Index(obj);
            if (i == NULL) {
                return -1;
            }
            int rc = encode_int(i, out);
            Py_DECREF(i);
            return rc;
        }
        if (nb != NULL && nb->nb_float != NULL) {
            double d = PyFloat_AsDouble(obj);
            if (d == -1.0 && PyErr_Occurred()) {
                return -1;
            }
            return put_double(out, d);
        }
    }
    return cannot_convert(obj);
}

int
tg_cbor_encode(PyObject *obj, tg_buf *out, int keys_must_be_str)
{
    if (keys_must_be_str && PyDict_Check(obj)) {
        return encode_map(obj, out, 0, 1);
    }
    return encode_value(obj, out, 0);
}

/* ---- CBOR -> Python -------------------------------------------------- */

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    int sort_keys;
} reader;

static PyObject *
malformed(const char *what)
{
    PyErr_Format(PyExc_ValueError, "MetadataError: malformed CBOR: %s", what);
    return NULL;
}

/* Read the argument of a head whose initial byte is ib. Returns 0, 1 for the
 * indefinite-length marker, or -1 on error. */
static int
read_arg(reader *r, uint8_t ib, uint64_t *v)
{
    unsigned ai = ib & 0x1f;
    if (ai < 24) {
        *v = ai;
        return 0;
    }
    if (ai == 31) {
        return 1;
    }
    if (ai > 27) {
        malformed("reserved additional information");
        return -1;
    }
    size_t n = (size_t)1 << (ai - 24);
    if ((size_t)(r->end - r->p) < n) {
        malformed("truncated");
        return -1;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) x = (x << 8) | r->p[i];
    r->p += n;
    *v = x;
    return 0;
}

static double
half_to_double(uint16_t h)
{
    int exp = (h >> 10) & 0x1f;
    int mant = h & 0x3ff;
    double v;
    if (exp == 0) {
        v = ldexp(mant, -24);
    } else if (exp != 31) {
        v = ldexp(mant + 1024, exp - 25);
    } else {
        v = mant == 0 ? INFINITY : NAN;
    }
    return (h & 0x8000) ? -v : v;
}

static PyObject *decode_item(reader *r, int depth);

/* Concatenate the chunks of an indefinite-length byte/text string. */
static PyObject *
decode_indef_string(reader *r, unsigned major)
{
    tg_buf acc = {0};
    for (;;) {
        if (r->p >= r->end) {
            tg_buf_free(&acc);
            return malformed("truncated");
        }
        uint8_t ib = *r->p++;
        if (ib == 0xff) {
            break;
        }
        uint64_t n;
        if ((unsigned)(ib >> 5) != major || read_arg(r, ib, &n) != 0 || n > (uint64_t)(r->end - r->p)) {
            tg_buf_free(&acc);
            if (!PyErr_Occurred()) malformed("bad chunk in indefinite-length string");
            return NULL;
        }
        if (buf_put(&acc, r->p, (size_t)n) < 0) {
            tg_buf_free(&acc);
            return NULL;
        }
        r->p += n;
    }
    PyObject *res = major == 2 ? PyBytes_FromStringAndSize((const char *)acc.data, (Py_ssize_t)acc.len)
                               : PyUnicode_DecodeUTF8((const char *)acc.data, (Py_ssize_t)acc.len, "strict");
    tg_buf_free(&acc);
    if (res == NULL && major == 3) {
        PyErr_Clear();
        return malformed("invalid UTF-8 in text string");
    }
    return res;
}

static PyObject *
sorted_dict(PyObject *d)
{
    PyObject *keys = PyDict_Keys(d);
    if (keys == NULL) {
        return NULL;
    }
    if (PyList_Sort(keys) < 0) {
        /* mixed key types that do not compare: keep wire order */
        PyErr_Clear();
        Py_DECREF(keys);
        return Py_NewRef(d);
    }
    PyObject *out = PyDict_New();
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(keys); i++) {
        PyObject *k = PyList_GET_ITEM(keys, i);
        PyObject *v = PyDict_GetItemWithError(d, k);
        if (v == NULL || PyDict_SetItem(out, k, v) < 0) {
            Py_CLEAR(out);
        }
    }
    Py_DECREF(keys);
    return out;
}

static PyObject *
decode_map(reader *r, uint64_t n, int indefinite, int depth)
{
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    for (uint64_t i = 0; indefinite || i < n; i++) {
        if (indefinite) {
            if (r->p >= r->end) {
                Py_DECREF(d);
                return malformed("truncated");
            }
            if (*r->p == 0xff) {
                r->p++;
                break;
            }
        }
        PyObject *k = decode_item(r, depth + 1);
        if (k == NULL) {
            Py_DECREF(d);
            return NULL;
        }
        PyObject *v = decode_item(r, depth + 1);
        if (v == NULL) {
            Py_DECREF(k);
            Py_DECREF(d);
            return NULL;
        }
        int rc = PyDict_SetItem(d, k, v); /* duplicate keys: the last wins */
        Py_DECREF(k);
        Py_DECREF(v);
        if (rc < 0) {
            /* an unhashable key (e.g. a map used as a key) */
            Py_DECREF(d);
            PyErr_Clear();
            return malformed("unsupported map key");
        }
    }
    if (r->sort_keys != TG_SORT_ALL) {
        return d;
    }
    PyObject *s = sorted_dict(d);
    Py_DECREF(d);
    return s;
}

static PyObject *
decode_array(reader *r, uint64_t n, int indefinite, int depth)
{
    /* Every element takes at least one byte: bound the preallocation. */
    if (!indefinite && n > (uint64_t)(r->end - r->p)) {
        return malformed("array longer than its input");
    }
    PyObject *list = PyList_New(indefinite ? 0 : (Py_ssize_t)n);
    if (list == NULL) {
        return NULL;
    }
    for (uint64_t i = 0; indefinite || i < n; i++) {
        if (indefinite) {
            if (r->p >= r->end) {
                Py_DECREF(list);
                return malformed("truncated");
            }
            if (*r->p == 0xff) {
                r->p++;
                break;
            }
        }
        PyObject *v = decode_item(r, depth + 1);
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        if (indefinite) {
            int rc = PyList_Append(list, v);
            Py_DECREF(v);
            if (rc < 0) {
                Py_DECREF(list);
                return NULL;
            }
        } else {
            PyList_SET_ITEM(list, (Py_ssize_t)i, v);
        }
    }
    return list;
}

static PyObject *
decode_item(reader *r, int depth)
{
    if (depth > MAX_DEPTH) {
        return malformed("nested deeper than 256 levels");
    }
    if (r->p >= r->end) {
        return malformed("truncated");
    }
    uint8_t ib = *r->p++;
    unsigned major = ib >> 5;
    uint64_t v = 0;
    int indef = 0;
    if (major != 7) {
        indef = read_arg(r, ib, &v);
        if (indef < 0) {
            return NULL;
        }
        if (indef && (major == 0 || major == 1 || major == 6)) {
            return malformed("indefinite length on a scalar");
        }
    }
    switch (major) {
    case 0:
        if (v > (uint64_t)INT64_MAX) {
            PyErr_Format(PyExc_ValueError, "MetadataError: integer %llu does not fit in i64",
                         (unsigned long long)v);
            return NULL;
        }
        return PyLong_FromLongLong((long long)v);
    case 1:
        if (v > (uint64_t)INT64_MAX) {
            PyErr_Format(PyExc_ValueError, "MetadataError: integer -1-%llu does not fit in i64",
                         (unsigned long long)v);
            return NULL;
        }
        return PyLong_FromLongLong(-1 - (long long)v);
    case 2:
    case 3:
        if (indef) {
            return decode_indef_string(r, major);
        }
        if (v > (uint64_t)(r->end - r->p)) {
            return malformed("string longer than its input");
        }
        {
            const char *s = (const char *)r->p;
            r->p += v;
            if (major == 2) {
                return PyBytes_FromStringAndSize(s, (Py_ssize_t)v);
            }
            PyObject *u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)v, "strict");
            if (u == NULL) {
                PyErr_Clear();
                return malformed("invalid UTF-8 in text string");
            }
            return u;
        }
    case 4:
        return decode_array(r, v, indef, depth);
    case 5:
        return decode_map(r, v, indef, depth);
    case 6:
        return decode_item(r, depth + 1); /* a tag: its content */
    default: { /* 7: simple values and floats */
        unsigned ai = ib & 0x1f;
        switch (ai) {
        case 20: Py_RETURN_FALSE;
        case 21: Py_RETURN_TRUE;
        case 22:
        case 23: Py_RETURN_NONE;
        case 25:
        case 26:
        case 27: {
            size_t n = (size_t)1 << (ai - 24);
            if ((size_t)(r->end - r->p) < n) {
                return malformed("truncated");
            }
            uint64_t x = 0;
            for (size_t i = 0; i < n; i++) x = (x << 8) | r->p[i];
            r->p += n;
            double d;
            if (n == 2) {
                d = half_to_double((uint16_t)x);
            } else if (n == 4) {
                uint32_t u = (uint32_t)x;
                float f;
                memcpy(&f, &u, 4);
                d = f;
            } else {
                memcpy(&d, &x, 8);
            }
            return PyFloat_FromDouble(d);
        }
        case 24:
            if (r->p >= r->end) {
                return malformed("truncated");
            }
            return PyUnicode_FromFormat("simple(%u)", (unsigned)*r->p++);
        case 31:
            return malformed("unexpected break");
        default:
            return PyUnicode_FromFormat("simple(%u)", ai);
        }
    }
    }
}

PyObject *
tg_cbor_decode(const uint8_t *data, size_t len, int sort_keys)
{
    reader r = {data, data + len, sort_keys};
    PyObject *o = decode_item(&r, 0);
    if (o == NULL || sort_keys != TG_SORT_TOP || !PyDict_Check(o)) {
        return o;
    }
    /* the outermost map, tagged or not */
    PyObject *s = sorted_dict(o);
    Py_DECREF(o);
    return s;
}
