/*
 * tensogram_go._tensogram: the CPython extension module of tensogram-go.
 *
 * A thin shim over the Go library (libtensogram_go.so, see capi/). This file
 * only assembles the module; the rest is layered, each file using only the
 * ones below it:
 *
 *   _tensogram.c   module init (this file)
 *   _decode.c, _encode.c, _handle.c, _misc.c,
 *   _remote.c                                  the module functions
 *   _request.c, _result.c, _args.c, _cbor.c    conversions to and from Go
 *   _argparse.c, _slots.c, _recycle.c          argument binding; result
 *                                              objects; output reuse
 *   _loader.c, _errors.c                       the Go library; its errors
 *
 * Every call into Go runs with the thread detached from the interpreter
 * (Py_BEGIN/END_ALLOW_THREADS, on GIL and free-threaded builds alike).
 */
#include "_shim.h"

#define PY_ARRAY_UNIQUE_SYMBOL tensogram_go_ARRAY_API
#include <numpy/arrayobject.h>

/* The operation codes of tg_file_decode, for _file.py. */
static int
add_constants(PyObject *module)
{
    if (PyModule_AddIntMacro(module, TG_FILE_OP_DECODE) < 0 || PyModule_AddIntMacro(module, TG_FILE_OP_OBJECT) < 0 ||
        PyModule_AddIntMacro(module, TG_FILE_OP_RANGE) < 0 || PyModule_AddIntMacro(module, TG_FILE_OP_METADATA) < 0 ||
        PyModule_AddIntMacro(module, TG_FILE_OP_DESCRIPTORS) < 0) {
        return -1;
    }
    return 0;
}

static int
module_exec(PyObject *module)
{
    if (tg_loader_init() < 0 || tg_errors_init(module) < 0 || tg_result_init() < 0 || PyArray_ImportNumPyAPI() < 0) {
        return -1;
    }
    if (PyModule_AddFunctions(module, tg_decode_methods) < 0 ||
        PyModule_AddFunctions(module, tg_encode_methods) < 0 ||
        PyModule_AddFunctions(module, tg_handle_methods) < 0 ||
        PyModule_AddFunctions(module, tg_misc_methods) < 0 ||
        PyModule_AddFunctions(module, tg_remote_methods) < 0 ||
        PyModule_AddFunctions(module, tg_result_methods) < 0) {
        return -1;
    }
    if (tg_handle_type_init(module) < 0 || add_constants(module) < 0) {
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
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__tensogram(void)
{
    return PyModuleDef_Init(&moduledef);
}
