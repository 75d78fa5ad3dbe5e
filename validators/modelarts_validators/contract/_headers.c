/* Header pairs folded into the dict the checks read, in C: ``redact.header_dict`` for the
 * common case, where every pair is a list or tuple of two ASCII strings.
 *
 *   fold(pairs, secret, redacted) -> dict | None
 *
 * ``pairs``: a list; ``secret``: a frozenset of lower-case names whose values become
 * ``redacted``. Names are lower-cased, a repeated name's values joined with ", " in order.
 * None when any pair is of another shape (not a list or tuple of two, not exact ``str``, not
 * ASCII): ``header_dict`` then folds them in Python, which decides every such case (and raises
 * what it raises), so the two never differ.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* ``text`` lower-cased (ASCII): the same object when it has no upper-case letter. */
static PyObject *
lower_ascii(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t i = 0;
    while (i < n && !(data[i] >= 'A' && data[i] <= 'Z')) {
        i++;
    }
    if (i == n) {
        return Py_NewRef(text);
    }
    PyObject *out = PyUnicode_New(n, 127);
    if (out == NULL) {
        return NULL;
    }
    Py_UCS1 *into = PyUnicode_1BYTE_DATA(out);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS1 c = data[k];
        into[k] = (c >= 'A' && c <= 'Z') ? (Py_UCS1)(c + 32) : c;
    }
    return out;
}

static int
plain_pair(PyObject *pair, PyObject **name, PyObject **value)
{
    if (PyList_CheckExact(pair) && PyList_GET_SIZE(pair) == 2) {
        *name = PyList_GET_ITEM(pair, 0);
        *value = PyList_GET_ITEM(pair, 1);
    }
    else if (PyTuple_CheckExact(pair) && PyTuple_GET_SIZE(pair) == 2) {
        *name = PyTuple_GET_ITEM(pair, 0);
        *value = PyTuple_GET_ITEM(pair, 1);
    }
    else {
        return 0;
    }
    return PyUnicode_CheckExact(*name) && PyUnicode_CheckExact(*value)
           && PyUnicode_IS_ASCII(*name) && PyUnicode_IS_ASCII(*value);
}

static PyObject *
fold(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyList_CheckExact(args[0]) || !PyFrozenSet_CheckExact(args[1])
        || !PyUnicode_CheckExact(args[2])) {
        PyErr_SetString(PyExc_TypeError, "fold(pairs: list, secret: frozenset, redacted: str)");
        return NULL;
    }
    PyObject *pairs = args[0], *secret = args[1], *redacted = args[2];
    Py_ssize_t n = PyList_GET_SIZE(pairs);
    for (Py_ssize_t i = 0; i < n; i++) { /* every pair first: any other shape is Python's */
        PyObject *name = NULL, *value = NULL;
        if (!plain_pair(PyList_GET_ITEM(pairs, i), &name, &value)) {
            Py_RETURN_NONE;
        }
    }
    PyObject *headers = PyDict_New();
    if (headers == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n && i < PyList_GET_SIZE(pairs); i++) {
        PyObject *name = NULL, *value = NULL;
        PyObject *pair = PyList_GET_ITEM(pairs, i);
        Py_INCREF(pair);
        if (!plain_pair(pair, &name, &value)) { /* (never: the same objects, nothing ran) */
            Py_DECREF(pair);
            Py_DECREF(headers);
            Py_RETURN_NONE;
        }
        PyObject *key = lower_ascii(name);
        if (key == NULL) {
            Py_DECREF(pair);
            Py_DECREF(headers);
            return NULL;
        }
        int hidden = PySet_Contains(secret, key);
        PyObject *kept = hidden ? Py_NewRef(redacted) : Py_NewRef(value);
        Py_DECREF(pair);
        if (hidden < 0) {
            Py_DECREF(kept);
            Py_DECREF(key);
            Py_DECREF(headers);
            return NULL;
        }
        PyObject *previous = PyDict_GetItemWithError(headers, key); /* borrowed */
        if (previous != NULL) {
            Py_SETREF(kept, PyUnicode_FromFormat("%U, %U", previous, kept));
        }
        if (kept == NULL || (previous == NULL && PyErr_Occurred())
            || PyDict_SetItem(headers, key, kept) < 0) {
            Py_XDECREF(kept);
            Py_DECREF(key);
            Py_DECREF(headers);
            return NULL;
        }
        Py_DECREF(kept);
        Py_DECREF(key);
    }
    return headers;
}

static PyMethodDef methods[] = {
    {"fold", (PyCFunction)(void (*)(void))fold, METH_FASTCALL,
     "fold(pairs, secret, redacted) -> dict | None: redact.header_dict of a list of (name, "
     "value) pairs of ASCII strings; None for any other list"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_headers",
    "Header pairs folded as redact.header_dict folds them, in C.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__headers(void)
{
    return PyModule_Create(&module);
}
