/*
 * Instances of the registered result classes (Metadata,
 * DataObjectDescriptor) built without running their Python __init__.
 *
 * Both classes are __slots__ classes whose __init__ only stores its arguments
 * and None into slots. Calling the class from C runs that __init__ as Python
 * code: a method lookup, a frame and three attribute stores, ~190 ns per
 * object on 3.13t, two objects per decoded message (a third of a
 * decode_metadata call). Here the object is allocated with the type's
 * tp_alloc and the slots are written directly.
 *
 * The shortcut is taken only for a class that passed a check at
 * registration: a plain class (metaclass type, object's __new__, no
 * __dict__) deriving directly from object, whose own slots are exactly the
 * named ones, and which, called with probe arguments, holds exactly those
 * arguments in its first slots and None in the others. Any other class
 * (a subclass, one with more slots or another __init__) is called as before.
 */
#include "_shim.h"

#include <structmember.h>
#include <string.h>

/* Offset of the object slot `name` of type t, or -1 (no exception) when it
 * is not a plain object slot. */
static Py_ssize_t
slot_offset(PyTypeObject *t, const char *name)
{
    PyObject *d = PyObject_GetAttrString((PyObject *)t, name);
    if (d == NULL) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t off = -1;
    if (Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
        if (m->type == T_OBJECT_EX && !(m->flags & READONLY)) {
            off = m->offset;
        }
    }
    Py_DECREF(d);
    return off;
}

static PyObject *
slot_get(PyObject *obj, Py_ssize_t off)
{
    return *(PyObject **)((char *)obj + off);
}

/* Whether calling c->type with the probe arguments gives an instance whose
 * slots hold exactly what tg_slots_new would store (0, with any exception
 * of the call cleared, when it does not). */
static int
probe_matches(tg_slot_class *c)
{
    PyObject *args[TG_MAX_SLOTS] = {NULL};
    int ok = 1;
    for (int i = 0; i < c->nargs && ok; i++) {
        args[i] = PyLong_FromLong(1000 + i); /* distinct, not cached small ints */
        ok = args[i] != NULL;
    }
    PyObject *obj = ok ? PyObject_Vectorcall((PyObject *)c->type, args, (size_t)c->nargs, NULL) : NULL;
    int match = obj != NULL && Py_IS_TYPE(obj, c->type);
    for (int i = 0; match && i < c->nslots; i++) {
        match = slot_get(obj, c->off[i]) == (i < c->nargs ? args[i] : Py_None);
    }
    Py_XDECREF(obj);
    for (int i = 0; i < c->nargs; i++) {
        Py_XDECREF(args[i]);
    }
    if (obj == NULL) {
        PyErr_Clear();
    }
    return match;
}

/* Whether t is a plain class deriving from object whose own slots are the
 * nslots found (the member table also holds nothing else). */
static int
plain_slot_class(PyTypeObject *t, int nslots)
{
    if (Py_TYPE(t) != &PyType_Type || t->tp_base != &PyBaseObject_Type || t->tp_dictoffset != 0 ||
        t->tp_new != PyBaseObject_Type.tp_new || t->tp_members == NULL) {
        return 0;
    }
    int n = 0;
    for (PyMemberDef *m = t->tp_members; m->name != NULL; m++) {
        n++;
    }
    return n == nslots;
}

void
tg_slots_register(tg_slot_class *c, PyObject *cls, const char *const *names, int nslots, int nargs)
{
    /* Unpublish first: decodes on other threads read c only once they see
     * c->type (acquire, tg_slots_ready), which is stored last. */
    __atomic_store_n(&c->type, NULL, __ATOMIC_RELEASE);
    if (!PyType_Check(cls) || nslots > TG_MAX_SLOTS || nargs > nslots || !plain_slot_class((PyTypeObject *)cls, nslots)) {
        return;
    }
    tg_slot_class probe = {.type = (PyTypeObject *)cls, .nslots = nslots, .nargs = nargs};
    for (int i = 0; i < nslots; i++) {
        if ((probe.off[i] = slot_offset((PyTypeObject *)cls, names[i])) < 0) {
            return;
        }
    }
    if (!probe_matches(&probe)) {
        return;
    }
    c->nslots = probe.nslots;
    c->nargs = probe.nargs;
    memcpy(c->off, probe.off, sizeof c->off);
    __atomic_store_n(&c->type, probe.type, __ATOMIC_RELEASE);
}

PyTypeObject *
tg_slots_ready(const tg_slot_class *c)
{
    return __atomic_load_n(&c->type, __ATOMIC_ACQUIRE);
}

PyObject *
tg_slots_new(const tg_slot_class *c, PyObject *const *args)
{
    PyObject *obj = c->type->tp_alloc(c->type, 0);
    if (obj == NULL) {
        return NULL;
    }
    for (int i = 0; i < c->nslots; i++) {
        *(PyObject **)((char *)obj + c->off[i]) = Py_NewRef(i < c->nargs ? args[i] : Py_None);
    }
    return obj;
}
