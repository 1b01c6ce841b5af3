/*
 * Binding the arguments of METH_FASTCALL | METH_KEYWORDS functions to their
 * parameters, with the TypeErrors upstream's functions (PyO3) raise, word
 * for word. A fast call passes positional arguments in an array and keyword
 * names in a tuple, so no argument tuple or keyword dict is built per call.
 */
#include "_shim.h"

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'": the names of the missing
 * parameters, as PyO3 lists them. NULL with an exception set on failure. */
static PyObject *
missing_list(const char *const *names, const int *idx, int k)
{
    PyObject *parts = PyList_New(0);
    for (int i = 0; parts != NULL && i < k; i++) {
        const char *sep = i == 0 ? "" : (i == k - 1 ? (k == 2 ? " and " : ", and ") : ", ");
        PyObject *s = PyUnicode_FromFormat("%s'%s'", sep, names[idx[i]]);
        if (s == NULL || PyList_Append(parts, s) < 0) {
            Py_XDECREF(s);
            Py_CLEAR(parts);
            break;
        }
        Py_DECREF(s);
    }
    if (parts == NULL) {
        return NULL;
    }
    PyObject *empty = PyUnicode_FromString("");
    PyObject *joined = empty ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(parts);
    return joined;
}

/* Raise "f() missing k required positional argument(s): ..." for the
 * required parameters (the first nreq) left unset in out. */
static int
raise_missing(const char *fname, const char *const *names, int nreq, PyObject **out)
{
    int idx[TG_MAX_PARAMS];
    int k = 0;
    for (int i = 0; i < nreq; i++) {
        if (out[i] == NULL) {
            idx[k++] = i;
        }
    }
    PyObject *list = missing_list(names, idx, k);
    if (list != NULL) {
        PyErr_Format(PyExc_TypeError, "%s() missing %d required positional argument%s: %U", fname, k, k == 1 ? "" : "s",
                     list);
        Py_DECREF(list);
    }
    return -1;
}

/* Index of the parameter named key, or -1. */
static int
param_index(PyObject *key, const char *const *names, int n)
{
    if (PyUnicode_Check(key)) {
        for (int i = 0; i < n; i++) {
            if (PyUnicode_CompareWithASCIIString(key, names[i]) == 0) {
                return i;
            }
        }
    }
    return -1;
}

int
tg_arg_parse(const char *fname, const char *const *names, int n, int nreq, PyObject *const *args, Py_ssize_t nargs,
             PyObject *kwnames, PyObject **out)
{
    if (n > TG_MAX_PARAMS || nreq > n) { /* a caller's table, not the user's arguments */
        PyErr_Format(PyExc_SystemError, "%s(): %d parameters (%d required) exceed the argument parser", fname, n, nreq);
        return -1;
    }
    if (nargs > n) {
        if (nreq == n) {
            PyErr_Format(PyExc_TypeError, "%s() takes %d positional arguments but %zd were given", fname, n, nargs);
        } else {
            PyErr_Format(PyExc_TypeError, "%s() takes from %d to %d positional arguments but %zd were given", fname, nreq,
                         n, nargs);
        }
        return -1;
    }
    for (int i = 0; i < n; i++) {
        out[i] = i < nargs ? args[i] : NULL;
    }
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t j = 0; j < nkw; j++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, j);
        int i = param_index(key, names, n);
        if (i < 0) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%S'", fname, key);
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", fname, names[i]);
            return -1;
        }
        out[i] = args[nargs + j];
    }
    for (int i = 0; i < nreq; i++) {
        if (out[i] == NULL) {
            return raise_missing(fname, names, nreq, out);
        }
    }
    return 0;
}

int
tg_arg_single(const char *fname, const char *argname, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
              PyObject **out)
{
    const char *names[1] = {argname};
    return tg_arg_parse(fname, names, 1, 1, args, nargs, kwnames, out);
}
