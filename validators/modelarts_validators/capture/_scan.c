/* Where a JSON object or array ends in a buffer, found without decoding it.

   The HAR reader's fast path (capture/har_typed.py) reads log.entries as bytes, and needs
   where each entry ends before it decodes just that span into typed structures. Without this
   module it asks msgspec, by decoding the rest of the buffer into a struct that ignores every
   field and reading the position of the "trailing characters" error: a whole second pass over
   the entry, through msgspec's validating scanner. Here the brackets are matched and strings
   stepped over (memchr to each '"', counting the backslashes before it), nothing else.

   It only finds a span: it does not judge the JSON in it. For well-formed JSON the span is the
   value exactly (the closing bracket of a well-formed value is where any parser ends it). For
   anything else the span is decoded and refused by both msgspec and the standard library, and
   the reader hands the entry to the text reader, which decides as it always did. Brackets that
   do not match, and nesting deeper than MAX_DEPTH, are reported as such, and the reader hands
   those to the text reader too.

   value_end(buffer, start) -> int
     buffer: any object with the buffer protocol (the reader's bytearray), start: the index of
     a '{' or '['. Returns the index just after the value's closing bracket; TRUNCATED (-1)
     when the buffer ends first (read on, and ask again); UNDECIDED (-2) when the brackets do
     not match, the nesting is deeper than MAX_DEPTH, or start is not at '{' or '['. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define TRUNCATED (-1)
#define UNDECIDED (-2)
#define MAX_DEPTH 64 /* one bit each of a uint64_t: 1 an object, 0 an array */

/* The bytes outside strings that matter: brackets and the quote. */
static unsigned char special[256];


/* Where the string whose text starts at data[i] ends (the index of its closing quote: the
   first '"' that no backslash escapes; a backslash escapes the byte after it, and the escapes
   that take more, \uXXXX, hold no '"' nor '\\'), or -1 when the buffer ends first. Sixteen
   bytes at a time: the quotes and backslashes among them as bits, taken in order. */
static Py_ssize_t
string_end(const unsigned char *data, Py_ssize_t size, Py_ssize_t i)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i slash = _mm_set1_epi8('\\');
    while (i + 16 <= size) {
        __m128i block = _mm_loadu_si128((const __m128i *)(data + i));
        unsigned quotes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, quote));
        unsigned slashes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, slash));
        unsigned found = quotes | slashes;
        Py_ssize_t next = i + 16;
        while (found) {
            int bit = __builtin_ctz(found);
            if ((quotes >> bit) & 1) {
                return i + bit;
            }
            /* a backslash: the byte after it is escaped, whatever it is */
            if (bit >= 14) {
                next = i + bit + 2; /* past the escaped byte, in the next block */
                break;
            }
            found &= ~(3u << bit); /* this bit and the escaped one */
        }
        i = next;
    }
#endif
    while (i < size) {
        unsigned char c = data[i];
        if (c == '"') {
            return i;
        }
        i += c == '\\' ? 2 : 1;
    }
    return -1;
}

static Py_ssize_t
scan(const unsigned char *data, Py_ssize_t size, Py_ssize_t start)
{
    uint64_t kinds = 0; /* bit d: the bracket open at depth d is '{' */
    int depth = 0;
    Py_ssize_t i = start;
    while (i < size) {
        unsigned char c = data[i];
        if (!special[c]) {
            i++;
            continue;
        }
        if (c == '"') {
            Py_ssize_t end = string_end(data, size, i + 1);
            if (end < 0) {
                return TRUNCATED;
            }
            i = end + 1;
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH) {
                return UNDECIDED;
            }
            if (c == '{') {
                kinds |= (uint64_t)1 << depth;
            }
            else {
                kinds &= ~((uint64_t)1 << depth);
            }
            depth++;
            i++;
            continue;
        }
        /* '}' or ']' */
        if (depth == 0 || ((kinds >> (depth - 1)) & 1) != (uint64_t)(c == '}')) {
            return UNDECIDED;
        }
        depth--;
        i++;
        if (depth == 0) {
            return i;
        }
    }
    return TRUNCATED;
}

static PyObject *
value_end(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "value_end(buffer, start) takes two arguments");
        return NULL;
    }
    Py_ssize_t start = PyNumber_AsSsize_t(args[1], PyExc_OverflowError);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    Py_ssize_t found;
    if (start < 0 || start >= view.len) {
        found = start == view.len ? TRUNCATED : UNDECIDED;
    }
    else {
        const unsigned char *data = view.buf;
        if (data[start] != '{' && data[start] != '[') {
            found = UNDECIDED;
        }
        else {
            Py_BEGIN_ALLOW_THREADS
            found = scan(data, view.len, start);
            Py_END_ALLOW_THREADS
        }
    }
    PyBuffer_Release(&view);
    return PyLong_FromSsize_t(found);
}

static PyMethodDef methods[] = {
    {"value_end", (PyCFunction)(void (*)(void))value_end, METH_FASTCALL,
     "value_end(buffer, start) -> int\n\n"
     "The index just after the JSON object or array that starts at buffer[start]; -1 when the\n"
     "buffer ends first, -2 when its brackets do not match or nest deeper than 64."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "modelarts_validators.capture._scan",
    "Where a JSON object or array ends in a buffer, found without decoding it.",
    0,
    methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    special['"'] = 1;
    special['{'] = 1;
    special['}'] = 1;
    special['['] = 1;
    special[']'] = 1;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "TRUNCATED", TRUNCATED) < 0
        || PyModule_AddIntConstant(m, "UNDECIDED", UNDECIDED) < 0
        || PyModule_AddIntConstant(m, "MAX_DEPTH", MAX_DEPTH) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
