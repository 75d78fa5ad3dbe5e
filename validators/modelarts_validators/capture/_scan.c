/* Where a JSON object or array ends in a buffer, found without decoding it; and the bytes of a
   JSON string token, unescaped straight to UTF-8.

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

   string_bytes(token) -> bytes | None
     token: a JSON string token, quotes included (msgspec.Raw of a HAR body text). Its text as
     UTF-8 bytes, as `text.encode()` makes them of the string a decoder gives: the bytes a body
     captured as text is. None for anything it does not decide alone: not a string token, an
     escape JSON does not have, a lone surrogate (`\ud800`: the reader's decoders disagree on
     those, so the entry is decoded the slow way), a control character, a quote inside. The
     token's bytes are known to be UTF-8 (the reader checks them first).

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

/* The bytes outside strings that matter: brackets, the quote, the comma and the colon. */
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

/* What texts_end looks for while it scans: the string values at a few paths of keys from the
   value it scans (a HAR entry's request.postData.text and response.content.text). */
#define MAX_PATHS 4
#define MAX_KEYS 4
typedef struct {
    int paths;
    int length[MAX_PATHS]; /* keys in each path */
    const char *key[MAX_PATHS][MAX_KEYS];
    Py_ssize_t key_size[MAX_PATHS][MAX_KEYS];
    Py_ssize_t span[MAX_PATHS][2]; /* the string token found (quotes included); -1: none */
    int odd; /* a path is not simple here: a key twice, a key with an escape, not a string */
    unsigned candidates[MAX_KEYS + 1]; /* index d: the paths whose keys lead to depth d */
    unsigned matched[MAX_KEYS + 1]; /* index d: the paths whose key the object at d has had */
    unsigned pending_leaf, pending_inner; /* the paths the key just read selects */
    unsigned char last; /* the last structural byte outside strings ('"' after a string) */
} Track;

static void
track_key(Track *t, const unsigned char *key, Py_ssize_t size, int depth)
{
    unsigned selected = 0;
    if (memchr(key, '\\', (size_t)size) != NULL) {
        t->odd = 1; /* an escaped key could spell one of the keys: not decided here */
        return;
    }
    for (int p = 0; p < t->paths; p++) {
        if (((t->candidates[depth] >> p) & 1) && t->key_size[p][depth - 1] == size
            && memcmp(t->key[p][depth - 1], key, (size_t)size) == 0) {
            selected |= 1u << p;
        }
    }
    if (selected & t->matched[depth]) {
        t->odd = 1; /* the same key twice in one object */
    }
    t->matched[depth] |= selected;
    for (int p = 0; p < t->paths; p++) {
        if ((selected >> p) & 1) {
            if (t->length[p] == depth) {
                t->pending_leaf |= 1u << p;
            }
            else {
                t->pending_inner |= 1u << p;
            }
        }
    }
}

/* Where the value at data[start] ends (or TRUNCATED, UNDECIDED); with t, the strings at its
   paths found on the way. */
static Py_ssize_t
scan(const unsigned char *data, Py_ssize_t size, Py_ssize_t start, Track *t)
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
            if (t != NULL) {
                int in_object = depth > 0 && ((kinds >> (depth - 1)) & 1);
                if (in_object && (t->last == '{' || t->last == ',')) {
                    if (depth <= MAX_KEYS && t->candidates[depth]) {
                        track_key(t, data + i + 1, end - i - 1, depth);
                    }
                }
                else if (t->last == ':' && t->pending_leaf) {
                    for (int p = 0; p < t->paths; p++) {
                        if ((t->pending_leaf >> p) & 1) {
                            t->span[p][0] = i - start;
                            t->span[p][1] = end + 1 - start;
                        }
                    }
                    t->pending_leaf = t->pending_inner = 0;
                }
                else {
                    t->pending_leaf = t->pending_inner = 0;
                }
                t->last = '"';
            }
            i = end + 1;
            continue;
        }
        if (c == ',' || c == ':') {
            if (t != NULL) {
                if (c == ',' && t->pending_leaf) {
                    t->odd = 1; /* a value that is not a string (nor an object, an array) */
                }
                if (c == ',') {
                    t->pending_leaf = t->pending_inner = 0;
                }
                t->last = c;
            }
            i++;
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
            if (t != NULL) {
                if (t->pending_leaf) {
                    t->odd = 1; /* an object or an array where a string is looked for */
                }
                if (depth <= MAX_KEYS) {
                    unsigned all = (1u << t->paths) - 1;
                    unsigned inner = t->last == ':' ? t->pending_inner : 0;
                    t->candidates[depth] = c != '{' ? 0 : depth == 1 ? all : inner;
                    t->matched[depth] = 0;
                }
                t->pending_leaf = t->pending_inner = 0;
                t->last = c;
            }
            i++;
            continue;
        }
        /* '}' or ']' */
        if (depth == 0 || ((kinds >> (depth - 1)) & 1) != (uint64_t)(c == '}')) {
            return UNDECIDED;
        }
        if (t != NULL) {
            if (t->pending_leaf) {
                t->odd = 1; /* a value that is not a string, last in its object */
            }
            t->pending_leaf = t->pending_inner = 0;
            t->last = c;
        }
        depth--;
        i++;
        if (depth == 0) {
            return i;
        }
    }
    return TRUNCATED;
}

/* The scan of args[0] from args[1], as value_end and texts_end take them. */
static Py_ssize_t
scan_args(PyObject *const *args, Track *t, int *failed)
{
    *failed = 0;
    Py_ssize_t start = PyNumber_AsSsize_t(args[1], PyExc_OverflowError);
    if (start == -1 && PyErr_Occurred()) {
        *failed = 1;
        return 0;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        *failed = 1;
        return 0;
    }
    Py_ssize_t found;
    const unsigned char *data = view.buf;
    if (start < 0 || start >= view.len) {
        found = start == view.len ? TRUNCATED : UNDECIDED;
    }
    else if (data[start] != '{' && data[start] != '[') {
        found = UNDECIDED;
    }
    else {
        found = scan(data, view.len, start, t);
    }
    PyBuffer_Release(&view);
    return found;
}

static PyObject *
value_end(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "value_end(buffer, start) takes two arguments");
        return NULL;
    }
    int failed;
    Py_ssize_t found = scan_args(args, NULL, &failed);
    return failed ? NULL : PyLong_FromSsize_t(found);
}

static PyObject *
texts_end(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "texts_end(buffer, start, paths) takes three arguments");
        return NULL;
    }
    Track t;
    memset(&t, 0, sizeof t);
    PyObject *paths = args[2];
    if (!PyTuple_Check(paths) || PyTuple_GET_SIZE(paths) < 1
        || PyTuple_GET_SIZE(paths) > MAX_PATHS) {
        PyErr_SetString(PyExc_TypeError, "paths: a tuple of 1 to 4 tuples of bytes keys");
        return NULL;
    }
    t.paths = (int)PyTuple_GET_SIZE(paths);
    for (int p = 0; p < t.paths; p++) {
        PyObject *path = PyTuple_GET_ITEM(paths, p);
        if (!PyTuple_Check(path) || PyTuple_GET_SIZE(path) < 1
            || PyTuple_GET_SIZE(path) > MAX_KEYS) {
            PyErr_SetString(PyExc_TypeError, "paths: each a tuple of 1 to 4 bytes keys");
            return NULL;
        }
        t.length[p] = (int)PyTuple_GET_SIZE(path);
        for (int k = 0; k < t.length[p]; k++) {
            PyObject *key = PyTuple_GET_ITEM(path, k);
            if (!PyBytes_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "paths: each key a bytes object");
                return NULL;
            }
            t.key[p][k] = PyBytes_AS_STRING(key);
            t.key_size[p][k] = PyBytes_GET_SIZE(key);
        }
        t.span[p][0] = t.span[p][1] = -1;
    }
    int failed;
    Py_ssize_t found = scan_args(args, &t, &failed);
    if (failed) {
        return NULL;
    }
    if (found < 0) {
        return PyLong_FromSsize_t(found);
    }
    if (t.odd) {
        return Py_BuildValue("(nO)", found, Py_None);
    }
    PyObject *spans = PyTuple_New(t.paths);
    if (spans == NULL) {
        return NULL;
    }
    for (int p = 0; p < t.paths; p++) {
        PyObject *span = t.span[p][0] < 0 ? Py_NewRef(Py_None)
                                          : Py_BuildValue("(nn)", t.span[p][0], t.span[p][1]);
        if (span == NULL) {
            Py_DECREF(spans);
            return NULL;
        }
        PyTuple_SET_ITEM(spans, p, span);
    }
    return Py_BuildValue("(nN)", found, spans);
}

/* -- string_bytes ------------------------------------------------------------------------ */

static int
hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned)(c - '0');
        }
        else if (c >= 'a' && c <= 'f') {
            v |= (unsigned)(c - 'a' + 10);
        }
        else if (c >= 'A' && c <= 'F') {
            v |= (unsigned)(c - 'A' + 10);
        }
        else {
            return -1;
        }
    }
    *out = v;
    return 0;
}

/* The text of the string token data[0:size] (quotes included) written to out (at least
   size - 2 bytes: unescaping only shortens); its length, or -1 when it is not decided here. */
static Py_ssize_t
unescape(const unsigned char *data, Py_ssize_t size, unsigned char *out)
{
    if (size < 2 || data[0] != '"' || data[size - 1] != '"') {
        return -1;
    }
    Py_ssize_t i = 1, end = size - 1, n = 0;
    while (i < end) {
        /* a run of plain bytes, copied sixteen at a time: each block is stored whole, and the
           output moves on to the first byte that is not plain (the output is always shorter
           than the input by the opening quote at least, so a block fits) */
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i slash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        while (i + 16 <= end) {
            __m128i block = _mm_loadu_si128((const __m128i *)(data + i));
            /* control characters: below 0x20 as unsigned bytes (min(block, 0x20) == block) */
            __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(block, space), block);
            __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote),
                                                     _mm_cmpeq_epi8(block, slash)),
                                        _mm_andnot_si128(_mm_cmpeq_epi8(block, space), low));
            _mm_storeu_si128((__m128i *)(out + n), block);
            unsigned mask = (unsigned)_mm_movemask_epi8(stop);
            if (mask) {
                int k = __builtin_ctz(mask);
                n += k;
                i += k;
                goto special;
            }
            n += 16;
            i += 16;
        }
#endif
        while (i < end && data[i] != '\\' && data[i] != '"' && data[i] >= 0x20) {
            out[n++] = data[i++];
        }
        if (i >= end) {
            break;
        }
#if defined(__SSE2__)
    special:
#endif
        if (data[i] != '\\' || i + 1 >= end) {
            return -1; /* a quote inside, a control character, a backslash at the end */
        }
        unsigned char e = data[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out[n++] = e;
            continue;
        case 'b':
            out[n++] = '\b';
            continue;
        case 'f':
            out[n++] = '\f';
            continue;
        case 'n':
            out[n++] = '\n';
            continue;
        case 'r':
            out[n++] = '\r';
            continue;
        case 't':
            out[n++] = '\t';
            continue;
        case 'u':
            break;
        default:
            return -1;
        }
        unsigned cp;
        if (i + 4 > end || hex4(data + i, &cp) < 0) {
            return -1;
        }
        i += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return -1; /* a lone low surrogate */
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low;
            if (i + 6 > end || data[i] != '\\' || data[i + 1] != 'u'
                || hex4(data + i + 2, &low) < 0 || low < 0xDC00 || low > 0xDFFF) {
                return -1; /* a lone high surrogate */
            }
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp < 0x80) {
            out[n++] = (unsigned char)cp;
        }
        else if (cp < 0x800) {
            out[n++] = (unsigned char)(0xC0 | (cp >> 6));
            out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000) {
            out[n++] = (unsigned char)(0xE0 | (cp >> 12));
            out[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
        else {
            out[n++] = (unsigned char)(0xF0 | (cp >> 18));
            out[n++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            out[n++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    return n;
}

static PyObject *
string_bytes(PyObject *Py_UNUSED(module), PyObject *token)
{
    Py_buffer view;
    if (PyObject_GetBuffer(token, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t size = view.len;
    if (size < 2) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    result = PyBytes_FromStringAndSize(NULL, size - 2);
    if (result == NULL) {
        goto done;
    }
    Py_ssize_t n = unescape(view.buf, size, (unsigned char *)PyBytes_AS_STRING(result));
    if (n < 0) {
        Py_SETREF(result, Py_NewRef(Py_None));
    }
    else if (n < size - 2 && _PyBytes_Resize(&result, n) < 0) {
        result = NULL;
    }
done:
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"texts_end", (PyCFunction)(void (*)(void))texts_end, METH_FASTCALL,
     "texts_end(buffer, start, paths) -> int | (int, tuple | None)\n\n"
     "value_end, and the string tokens found at each path of keys from the value (paths: a\n"
     "tuple of tuples of bytes keys): (end, (span or None for each path)) with each span\n"
     "(a, b) from start, quotes included; (end, None) when a path is not simple there (a key\n"
     "twice in one object, a key with an escape, a value that is not a string)."},
    {"value_end", (PyCFunction)(void (*)(void))value_end, METH_FASTCALL,
     "value_end(buffer, start) -> int\n\n"
     "The index just after the JSON object or array that starts at buffer[start]; -1 when the\n"
     "buffer ends first, -2 when its brackets do not match or nest deeper than 64."},
    {"string_bytes", string_bytes, METH_O,
     "string_bytes(token) -> bytes | None\n\n"
     "The UTF-8 bytes of the text of a JSON string token (quotes included); None for a token\n"
     "this does not decide alone (a lone surrogate, an escape JSON does not have, a control\n"
     "character, not a string)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "modelarts_validators.capture._scan",
    "Where a JSON object or array ends in a buffer, and a JSON string's bytes, found in C.",
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
    special[','] = 1;
    special[':'] = 1;
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
