/* A body judged from its bytes, in C: the typed fast path (``contract/typed.py``) without the
 * structures it builds. ``contract/judge.py`` turns each typed translation into a plan; a
 * ``Judge`` made from that plan answers one question of a body: is it one JSON value that the
 * typed decoder would accept? True only then. False means "not known here": the body takes the
 * typed decoder's or the engine's way, which decides it and words any finding.
 *
 * The plan is a tuple of nodes (the root first); a node is a tuple whose first two items are
 * its kind and whether ``null`` is accepted too:
 *
 *   (OBJECT, nullable, props, deps, cond)
 *        props: ((name: bytes, child: int, required: bool), ...); any other key, a key
 *        twice, a key with an escape: False. deps: ((prop, (prop, ...)), ...): when the first
 *        is there, so must the others be. cond: None or (if, then, else), each a predicate:
 *        True, False, or ((prop, ...) that must be there, ((prop, (bytes, ...)), ...) whose
 *        value, when there, is one of these strings)
 *   (MAP, nullable, child)                    an object of any keys, every value ``child``
 *   (ARRAY, nullable, child, min, max)        min, max: the number of items, -1: unbounded
 *   (STRING, nullable, min, max, search)      lengths in characters; search: a callable
 *        (``re.Pattern.search``) or None; a string with an escape and a search: False
 *   (STRENUM, nullable, (bytes, ...))         one of these strings (UTF-8), written plainly
 *   (INT, nullable, low, high)                an integer token (no fraction, no exponent)
 *        within [low, high], both within int64
 *   (INTENUM, nullable, (int, ...))
 *   (FLOAT, nullable, low, low_excl, high, high_excl)   any finite number; low/high None
 *   (BOOL, nullable)
 *   (NULL, nullable)
 *
 * Counting (coverage, ``run/coverage.py``): a plan made with counts carries one more item on
 * its OBJECT, STRENUM and INTENUM nodes (None: not counted):
 *
 *   OBJECT:  (node_id, (prop, ...), pair): the object is counted by its absent-field mask, bit
 *            i set when the i-th of these props is absent; pair: None or (prop, prop,
 *            ((bytes, bytes, index), ...)): when both are there as these strings, that index
 *   STRENUM, INTENUM: (index, ...) of each value (-1: none)
 *
 * Errors (``errors``): each node may carry one more item (after its count, where it has one;
 * None: none), a dict of tags, any Python objects, by the failure they stand for:
 *
 *   "type"              a value of another type (null too, unless nullable)
 *   "other"             OBJECT: a key it does not document (its value any JSON value);
 *                       STRENUM, INTENUM: a value not among its values
 *   "low", "high"       INT, FLOAT: a number below low, above high; STRING: fewer, more
 *                       characters than min, max; ARRAY: fewer, more items than min, max
 *   "pattern"           STRING: a string its search does not find
 *   "required"          OBJECT: a required property missing
 *   "dependentRequired" OBJECT: a property that another present one needs missing
 *
 * ``errors(body)`` judges the body as a call does, but records each failure that has a tag
 * rather than refusing the body, and steps over a value of another type: it returns None when
 * the body has a failure without a tag (or is not decided here: a key twice in one object, an
 * escape in a key or in a value that is recorded, a number beyond what the engine's parser
 * reads as that number, anywhere in the body), else the list of what it recorded, each as
 * (tag, path, instance, type): the path of the failing value in the body (names as str,
 * indices as int; an undocumented field's ends with its name), the failing value (a string,
 * number, boolean or None as the engine's parser reads it; an undocumented field's name; for
 * "required" and "dependentRequired" the object as a dict of the names of its documented
 * properties present, for "low" and "high" an array as a list of as many None; for "type" an
 * object or an array as an empty dict or list: what the engine's errors are worded from, as
 * ``explain`` reads them), and its JSON type ("object",
 * "array", "string", "integer", "number", "boolean", "null"; of an undocumented field's
 * value). What a body counts is counted when it returns a list.
 *
 * ``Judge(plan, values, pairs)`` then counts into tables of that many values and pairs, only
 * for a body it accepts (what a body counts is kept aside until the body is accepted), and
 * ``drain()`` hands them back as ``_counting.Walker.drain`` does: the masks as (node_id, mask,
 * count), the values and the pairs as (index, count); ``held`` is how many distinct masks it
 * holds. With ``limit`` and ``full``, ``full()`` is called as a call ends (the outermost, when
 * a search judges with the same judge inside one) with more than ``limit`` masks held (to
 * drain them); with ``recorded``, ``recorded(list)`` is called
 * with what ``errors`` records before it returns it (what the caller counts of a body with
 * findings). Either raising: the call raises it.
 *
 * The JSON grammar is checked in full (RFC 8259: no byte order mark, no NaN, no trailing
 * comma, strict UTF-8, no lone surrogate escape); anything outside it is False. The plan has no
 * cycles (the translation has none), so the recursion is as deep as the plan.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { J_OBJECT, J_MAP, J_ARRAY, J_STRING, J_STRENUM, J_INT, J_INTENUM, J_FLOAT, J_BOOL, J_NULL };

/* The most properties an object node may document (a bigger one: the plan is refused). */
#define MAX_PROPS 256

typedef struct {
    const char *name;
    Py_ssize_t len;
    Py_ssize_t child;
    int required;
    uint64_t bit; /* counting: its bits of the absent-field mask (0: none) */
} Prop;

typedef struct {
    Py_ssize_t prop;
    Py_ssize_t n;
    Py_ssize_t *needs;
} Dep;

typedef struct {
    Py_ssize_t prop;
    Py_ssize_t n;
    const char **vals;
    Py_ssize_t *lens;
} Allowed;

typedef struct {
    int constant; /* -1: evaluated; 0: false; 1: true */
    Py_ssize_t nreq;
    Py_ssize_t *req;
    Py_ssize_t nallowed;
    Allowed *allowed;
} Pred;

typedef struct {
    int kind;
    int nullable;
    /* OBJECT */
    Py_ssize_t nprops, nrequired;
    Prop *props;
    int16_t *table; /* open addressing: prop index + 1, 0 empty */
    uint32_t mask;
    Py_ssize_t ndeps;
    Dep *deps;
    int has_cond;
    Pred pred[3];
    /* MAP, ARRAY: child; ARRAY: items; STRING: characters (-1: unbounded) */
    Py_ssize_t child, min, max;
    PyObject *search;
    /* STRENUM */
    Py_ssize_t nvals;
    const char **vals;
    Py_ssize_t *lens;
    /* INTENUM */
    int64_t *ivals;
    /* INT */
    int64_t lo, hi;
    /* FLOAT */
    double flo, fhi;
    int has_lo, has_hi, lo_excl, hi_excl;
    /* counting: OBJECT */
    long count_id; /* the coverage node, -1: not counted */
    uint64_t optall; /* every bit of the absent-field mask (each prop's: ``Prop.bit``) */
    Py_ssize_t pair_a, pair_b, npairs;
    const char **pa, **pb;
    Py_ssize_t *pal, *pbl, *pidx;
    uint64_t *keys, *counts; /* open addressing: mask + 1 -> count (0: empty) */
    Py_ssize_t cap, used;
    uint64_t last_key; /* the key counted last and its slot (0: none): objects of one shape
                        * follow each other, and are counted without a probe */
    Py_ssize_t last_slot;
    /* counting: STRENUM, INTENUM: the index of each value (-1: none); NULL: not counted */
    Py_ssize_t *vidx;
    /* errors: the tags of its failures (owned), or NULL */
    PyObject *t_type, *t_other, *t_low, *t_high, *t_pattern, *t_required, *t_deps;
} Node;

enum { L_MASK, L_VALUE, L_PAIR };

typedef struct {
    int kind;
    Py_ssize_t at; /* L_MASK: the node; else the index */
    uint64_t mask;
} Logged;

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
    Node *nodes;
    PyObject *plan; /* keeps the bytes the nodes point into */
    /* counting */
    Py_ssize_t nvalues, npairs;
    uint64_t *values, *pairs;
    Logged *log; /* what the body being judged counts, kept until it is accepted */
    Py_ssize_t nlog, caplog;
    Py_ssize_t held; /* distinct masks in the nodes' tables */
    Py_ssize_t limit; /* past this many held, ``full()`` is called (-1: never) */
    Py_ssize_t calls; /* calls under way (a search may judge with this judge inside one) */
    PyObject *full;     /* or NULL */
    PyObject *recorded; /* called with what ``errors`` records before it returns it, or NULL */
} Judge;

/* -- the plan ---------------------------------------------------------------------------- */

/* A property name's slot: its length and three of its bytes (names that share them are told
 * apart by comparing them; a table holds at most 256). */
static inline uint32_t
hash_bytes(const unsigned char *s, Py_ssize_t n)
{
    if (n == 0) {
        return 0;
    }
    uint32_t h = (uint32_t)n * 0x9E3779B1u;
    h ^= (uint32_t)s[0] * 0x85EBCA6Bu;
    h ^= (uint32_t)s[n - 1] * 0xC2B2AE35u;
    h ^= (uint32_t)s[n >> 1] * 0x27D4EB2Fu;
    return h ^ (h >> 15);
}

/* Whether a[0:n] and b[0:n] are the same bytes: a word at a time (the last word overlapping
 * the one before it), reading nothing outside either. */
static inline int
same_bytes(const char *a, const unsigned char *b, Py_ssize_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        Py_ssize_t i = 0;
        for (; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y) {
                return 0;
            }
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t u, v, w, z;
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        memcpy(&w, a + n - 4, 4);
        memcpy(&z, b + n - 4, 4);
        return u == v && w == z;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((unsigned char)a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static int
bad_plan(const char *what)
{
    PyErr_Format(PyExc_ValueError, "judge plan: %s", what);
    return -1;
}

static int
index_of(PyObject *item, Py_ssize_t limit, Py_ssize_t *out)
{
    Py_ssize_t v = PyLong_AsSsize_t(item);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (v < 0 || v >= limit) {
        return bad_plan("an index out of range");
    }
    *out = v;
    return 0;
}

static int
strings(PyObject *tuple, Py_ssize_t *n, const char ***vals, Py_ssize_t **lens)
{
    if (!PyTuple_Check(tuple)) {
        return bad_plan("strings are not a tuple");
    }
    *n = PyTuple_GET_SIZE(tuple);
    *vals = PyMem_Calloc(*n + 1, sizeof(char *));
    *lens = PyMem_Calloc(*n + 1, sizeof(Py_ssize_t));
    if (*vals == NULL || *lens == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        PyObject *b = PyTuple_GET_ITEM(tuple, i);
        if (!PyBytes_Check(b)) {
            return bad_plan("a string is not bytes");
        }
        (*vals)[i] = PyBytes_AS_STRING(b);
        (*lens)[i] = PyBytes_GET_SIZE(b);
    }
    return 0;
}

/* A tuple of indices below limit (and, with ``none``, -1: none) into a new array. */
static int
index_array(PyObject *tuple, Py_ssize_t limit, int none, Py_ssize_t *n, Py_ssize_t **out)
{
    if (!PyTuple_Check(tuple)) {
        return bad_plan("indices are not a tuple");
    }
    *n = PyTuple_GET_SIZE(tuple);
    *out = PyMem_Calloc(*n + 1, sizeof(Py_ssize_t));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        PyObject *item = PyTuple_GET_ITEM(tuple, i);
        if (none && PyLong_Check(item)) {
            Py_ssize_t v = PyLong_AsSsize_t(item);
            if (v == -1 && PyErr_Occurred()) {
                return -1;
            }
            if (v == -1) {
                (*out)[i] = -1;
                continue;
            }
        }
        if (index_of(item, limit, &(*out)[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
indices(PyObject *tuple, Py_ssize_t limit, Py_ssize_t *n, Py_ssize_t **out)
{
    return index_array(tuple, limit, 0, n, out);
}

static int
indices_or_none(PyObject *tuple, Py_ssize_t limit, Py_ssize_t *n, Py_ssize_t **out)
{
    return index_array(tuple, limit, 1, n, out);
}

static int
predicate(PyObject *spec, Py_ssize_t nprops, Pred *pred)
{
    if (spec == Py_True || spec == Py_False) {
        pred->constant = spec == Py_True;
        return 0;
    }
    pred->constant = -1;
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 2) {
        return bad_plan("a predicate is not (required, values)");
    }
    if (indices(PyTuple_GET_ITEM(spec, 0), nprops, &pred->nreq, &pred->req) < 0) {
        return -1;
    }
    PyObject *values = PyTuple_GET_ITEM(spec, 1);
    if (!PyTuple_Check(values)) {
        return bad_plan("a predicate's values are not a tuple");
    }
    pred->nallowed = PyTuple_GET_SIZE(values);
    pred->allowed = PyMem_Calloc(pred->nallowed + 1, sizeof(Allowed));
    if (pred->allowed == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < pred->nallowed; i++) {
        PyObject *pair = PyTuple_GET_ITEM(values, i);
        Allowed *a = &pred->allowed[i];
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            return bad_plan("a predicate's value is not (prop, strings)");
        }
        if (index_of(PyTuple_GET_ITEM(pair, 0), nprops, &a->prop) < 0
            || strings(PyTuple_GET_ITEM(pair, 1), &a->n, &a->vals, &a->lens) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
optional_int64(PyObject *item, int64_t fallback, int64_t *out)
{
    if (item == Py_None) {
        *out = fallback;
        return 0;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow) {
        return bad_plan("a bound beyond int64");
    }
    *out = (int64_t)v;
    return 0;
}

static int
optional_double(PyObject *item, int *has, double *out)
{
    *has = item != Py_None;
    if (!*has) {
        return 0;
    }
    *out = PyFloat_AsDouble(item);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static int
size_bound(PyObject *item, Py_ssize_t *out)
{
    *out = PyLong_AsSsize_t(item);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static int
value_indices(PyObject *spec, Py_ssize_t at, Py_ssize_t nvals, Py_ssize_t nvalues, Node *node)
{
    if (PyTuple_GET_SIZE(spec) <= at || PyTuple_GET_ITEM(spec, at) == Py_None) {
        return 0;
    }
    Py_ssize_t n;
    if (indices_or_none(PyTuple_GET_ITEM(spec, at), nvalues, &n, &node->vidx) < 0) {
        return -1;
    }
    return n == nvals ? 0 : bad_plan("not one index per value");
}

static int
object_counts(Node *node, PyObject *count, Py_ssize_t nvalues, Py_ssize_t npairs)
{
    (void)nvalues;
    if (!PyTuple_Check(count) || PyTuple_GET_SIZE(count) != 3) {
        return bad_plan("an object's count is not (node_id, optional, pair)");
    }
    node->count_id = PyLong_AsLong(PyTuple_GET_ITEM(count, 0));
    if (node->count_id == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (node->count_id < 0) {
        return bad_plan("a negative node id");
    }
    Py_ssize_t nopt = 0;
    Py_ssize_t *opt = NULL; /* the prop of each mask bit */
    if (indices(PyTuple_GET_ITEM(count, 1), node->nprops, &nopt, &opt) < 0) {
        PyMem_Free(opt);
        return -1;
    }
    for (Py_ssize_t b = 0; b < nopt && b < 63; b++) {
        node->props[opt[b]].bit |= (uint64_t)1 << b;
        node->optall |= (uint64_t)1 << b;
    }
    PyMem_Free(opt);
    if (nopt > 63) {
        return bad_plan("more optional properties than a mask has bits");
    }
    PyObject *pair = PyTuple_GET_ITEM(count, 2);
    if (pair == Py_None) {
        return 0;
    }
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 3
        || !PyTuple_Check(PyTuple_GET_ITEM(pair, 2))) {
        return bad_plan("a pair is not (prop, prop, ((bytes, bytes, index), ...))");
    }
    if (index_of(PyTuple_GET_ITEM(pair, 0), node->nprops, &node->pair_a) < 0
        || index_of(PyTuple_GET_ITEM(pair, 1), node->nprops, &node->pair_b) < 0) {
        return -1;
    }
    PyObject *known = PyTuple_GET_ITEM(pair, 2);
    Py_ssize_t n = node->npairs = PyTuple_GET_SIZE(known);
    node->pa = PyMem_Calloc(n + 1, sizeof(char *));
    node->pb = PyMem_Calloc(n + 1, sizeof(char *));
    node->pal = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    node->pbl = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    node->pidx = PyMem_Calloc(n + 1, sizeof(Py_ssize_t));
    if (!node->pa || !node->pb || !node->pal || !node->pbl || !node->pidx) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyTuple_GET_ITEM(known, i);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 3 || !PyBytes_Check(PyTuple_GET_ITEM(t, 0))
            || !PyBytes_Check(PyTuple_GET_ITEM(t, 1))) {
            return bad_plan("a pair's value is not (bytes, bytes, index)");
        }
        node->pa[i] = PyBytes_AS_STRING(PyTuple_GET_ITEM(t, 0));
        node->pal[i] = PyBytes_GET_SIZE(PyTuple_GET_ITEM(t, 0));
        node->pb[i] = PyBytes_AS_STRING(PyTuple_GET_ITEM(t, 1));
        node->pbl[i] = PyBytes_GET_SIZE(PyTuple_GET_ITEM(t, 1));
        if (index_of(PyTuple_GET_ITEM(t, 2), npairs, &node->pidx[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
object_node(Node *node, PyObject *spec, Py_ssize_t nnodes, Py_ssize_t nvalues, Py_ssize_t npairs)
{
    Py_ssize_t items = PyTuple_GET_SIZE(spec);
    if (items < 5 || items > 7) {
        return bad_plan("an object node is not (kind, nullable, props, deps, cond[, count[, tags]])");
    }
    PyObject *props = PyTuple_GET_ITEM(spec, 2);
    if (!PyTuple_Check(props) || PyTuple_GET_SIZE(props) > MAX_PROPS) {
        return bad_plan("an object's properties are not a tuple of at most 256");
    }
    node->nprops = PyTuple_GET_SIZE(props);
    node->props = PyMem_Calloc(node->nprops + 1, sizeof(Prop));
    uint32_t size = 8;
    while (size < 2 * (uint32_t)node->nprops) {
        size <<= 1;
    }
    node->mask = size - 1;
    node->table = PyMem_Calloc(size, sizeof(int16_t));
    if (node->props == NULL || node->table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < node->nprops; i++) {
        PyObject *p = PyTuple_GET_ITEM(props, i);
        if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) != 3 || !PyBytes_Check(PyTuple_GET_ITEM(p, 0))) {
            return bad_plan("a property is not (name, child, required)");
        }
        Prop *prop = &node->props[i];
        prop->name = PyBytes_AS_STRING(PyTuple_GET_ITEM(p, 0));
        prop->len = PyBytes_GET_SIZE(PyTuple_GET_ITEM(p, 0));
        if (index_of(PyTuple_GET_ITEM(p, 1), nnodes, &prop->child) < 0) {
            return -1;
        }
        prop->required = PyObject_IsTrue(PyTuple_GET_ITEM(p, 2));
        if (prop->required < 0) {
            return -1;
        }
        node->nrequired += prop->required;
        uint32_t slot = hash_bytes((const unsigned char *)prop->name, prop->len) & node->mask;
        while (node->table[slot]) {
            Prop *other = &node->props[node->table[slot] - 1];
            if (other->len == prop->len && memcmp(other->name, prop->name, prop->len) == 0) {
                return bad_plan("a property named twice");
            }
            slot = (slot + 1) & node->mask;
        }
        node->table[slot] = (int16_t)(i + 1);
    }
    PyObject *deps = PyTuple_GET_ITEM(spec, 3);
    if (!PyTuple_Check(deps)) {
        return bad_plan("an object's deps are not a tuple");
    }
    node->ndeps = PyTuple_GET_SIZE(deps);
    node->deps = PyMem_Calloc(node->ndeps + 1, sizeof(Dep));
    if (node->deps == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < node->ndeps; i++) {
        PyObject *d = PyTuple_GET_ITEM(deps, i);
        if (!PyTuple_Check(d) || PyTuple_GET_SIZE(d) != 2) {
            return bad_plan("a dep is not (prop, needs)");
        }
        if (index_of(PyTuple_GET_ITEM(d, 0), node->nprops, &node->deps[i].prop) < 0
            || indices(PyTuple_GET_ITEM(d, 1), node->nprops, &node->deps[i].n,
                       &node->deps[i].needs) < 0) {
            return -1;
        }
    }
    PyObject *cond = PyTuple_GET_ITEM(spec, 4);
    if (cond != Py_None) {
        if (!PyTuple_Check(cond) || PyTuple_GET_SIZE(cond) != 3) {
            return bad_plan("a condition is not (if, then, else)");
        }
        node->has_cond = 1;
        for (int k = 0; k < 3; k++) {
            if (predicate(PyTuple_GET_ITEM(cond, k), node->nprops, &node->pred[k]) < 0) {
                return -1;
            }
        }
    }
    if (items >= 6 && PyTuple_GET_ITEM(spec, 5) != Py_None) {
        return object_counts(node, PyTuple_GET_ITEM(spec, 5), nvalues, npairs);
    }
    return 0;
}

/* Where each kind's tags are in its node (``errors``). */
static const Py_ssize_t TAGS_AT[] = {
    [J_OBJECT] = 6, [J_MAP] = 3,     [J_ARRAY] = 5, [J_STRING] = 5, [J_STRENUM] = 4,
    [J_INT] = 4,    [J_INTENUM] = 4, [J_FLOAT] = 6, [J_BOOL] = 2,   [J_NULL] = 2,
};

static int
read_tags(Node *node, PyObject *spec)
{
    Py_ssize_t at = TAGS_AT[node->kind];
    if (PyTuple_GET_SIZE(spec) <= at || PyTuple_GET_ITEM(spec, at) == Py_None) {
        return 0;
    }
    PyObject *tags = PyTuple_GET_ITEM(spec, at);
    if (!PyDict_Check(tags)) {
        return bad_plan("a node's tags are not a dict");
    }
    static const char *names[] = {"type", "other", "low", "high", "pattern", "required",
                                  "dependentRequired"};
    PyObject **slots[] = {&node->t_type,    &node->t_other,    &node->t_low, &node->t_high,
                          &node->t_pattern, &node->t_required, &node->t_deps};
    Py_ssize_t known = 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        PyObject *tag = PyDict_GetItemString(tags, names[i]);
        if (tag != NULL && tag != Py_None) {
            *slots[i] = Py_NewRef(tag); /* (owned: the dict may change after) */
        }
        known += tag != NULL;
    }
    return known == PyDict_GET_SIZE(tags) ? 0 : bad_plan("a tag of an unknown failure");
}

static int read_kind(Node *node, PyObject *spec, Py_ssize_t nnodes, Py_ssize_t nvalues,
                     Py_ssize_t npairs);

static int
read_node(Node *node, PyObject *spec, Py_ssize_t nnodes, Py_ssize_t nvalues, Py_ssize_t npairs)
{
    if (read_kind(node, spec, nnodes, nvalues, npairs) < 0) {
        return -1;
    }
    return read_tags(node, spec);
}

static int
read_kind(Node *node, PyObject *spec, Py_ssize_t nnodes, Py_ssize_t nvalues, Py_ssize_t npairs)
{
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) < 2) {
        return bad_plan("a node is not a tuple (kind, nullable, ...)");
    }
    int overflow = 0;
    long kind = PyLong_AsLongAndOverflow(PyTuple_GET_ITEM(spec, 0), &overflow);
    if (kind == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow || kind < J_OBJECT || kind > J_NULL) {
        return bad_plan("an unknown kind");
    }
    node->kind = (int)kind;
    node->nullable = PyObject_IsTrue(PyTuple_GET_ITEM(spec, 1));
    if (node->nullable < 0) {
        return -1;
    }
    node->min = node->max = -1;
    node->count_id = -1;
    Py_ssize_t size = PyTuple_GET_SIZE(spec);
    switch (node->kind) {
    case J_OBJECT:
        return object_node(node, spec, nnodes, nvalues, npairs);
    case J_MAP:
        if (size != 3 && size != 4) {
            return bad_plan("a map node is not (kind, nullable, child[, tags])");
        }
        return index_of(PyTuple_GET_ITEM(spec, 2), nnodes, &node->child);
    case J_ARRAY:
        if (size != 5 && size != 6) {
            return bad_plan("an array node is not (kind, nullable, child, min, max[, tags])");
        }
        if (index_of(PyTuple_GET_ITEM(spec, 2), nnodes, &node->child) < 0
            || size_bound(PyTuple_GET_ITEM(spec, 3), &node->min) < 0
            || size_bound(PyTuple_GET_ITEM(spec, 4), &node->max) < 0) {
            return -1;
        }
        return 0;
    case J_STRING:
        if (size != 5 && size != 6) {
            return bad_plan("a string node is not (kind, nullable, min, max, search[, tags])");
        }
        if (size_bound(PyTuple_GET_ITEM(spec, 2), &node->min) < 0
            || size_bound(PyTuple_GET_ITEM(spec, 3), &node->max) < 0) {
            return -1;
        }
        if (PyTuple_GET_ITEM(spec, 4) != Py_None) {
            if (!PyCallable_Check(PyTuple_GET_ITEM(spec, 4))) {
                return bad_plan("a search that cannot be called");
            }
            node->search = Py_NewRef(PyTuple_GET_ITEM(spec, 4));
        }
        return 0;
    case J_STRENUM:
        if (size < 3 || size > 5) {
            return bad_plan("a string enum node is not (kind, nullable, values[, count[, tags]])");
        }
        if (strings(PyTuple_GET_ITEM(spec, 2), &node->nvals, &node->vals, &node->lens) < 0) {
            return -1;
        }
        return value_indices(spec, 3, node->nvals, nvalues, node);
    case J_INT:
        if (size != 4 && size != 5) {
            return bad_plan("an integer node is not (kind, nullable, low, high[, tags])");
        }
        if (optional_int64(PyTuple_GET_ITEM(spec, 2), INT64_MIN, &node->lo) < 0
            || optional_int64(PyTuple_GET_ITEM(spec, 3), INT64_MAX, &node->hi) < 0) {
            return -1;
        }
        return 0;
    case J_INTENUM: {
        PyObject *values = size >= 3 && size <= 5 ? PyTuple_GET_ITEM(spec, 2) : NULL;
        if (values == NULL || !PyTuple_Check(values)) {
            return bad_plan("an integer enum node is not (kind, nullable, values[, count[, tags]])");
        }
        node->nvals = PyTuple_GET_SIZE(values);
        node->ivals = PyMem_Calloc(node->nvals + 1, sizeof(int64_t));
        if (node->ivals == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < node->nvals; i++) {
            if (!PyLong_Check(PyTuple_GET_ITEM(values, i))) {
                return bad_plan("an integer enum's value is not an integer");
            }
            if (optional_int64(PyTuple_GET_ITEM(values, i), 0, &node->ivals[i]) < 0) {
                return -1;
            }
        }
        return value_indices(spec, 3, node->nvals, nvalues, node);
    }
    case J_FLOAT:
        if (size != 6 && size != 7) {
            return bad_plan(
                "a number node is not (kind, nullable, low, low_excl, high, high_excl[, tags])");
        }
        if (optional_double(PyTuple_GET_ITEM(spec, 2), &node->has_lo, &node->flo) < 0
            || optional_double(PyTuple_GET_ITEM(spec, 4), &node->has_hi, &node->fhi) < 0) {
            return -1;
        }
        node->lo_excl = PyObject_IsTrue(PyTuple_GET_ITEM(spec, 3));
        node->hi_excl = PyObject_IsTrue(PyTuple_GET_ITEM(spec, 5));
        return (node->lo_excl < 0 || node->hi_excl < 0) ? -1 : 0;
    case J_BOOL:
    case J_NULL:
        return size == 2 || size == 3 ? 0 : bad_plan("a node of this kind is (kind, nullable[, tags])");
    default:
        return bad_plan("an unknown kind");
    }
}

static void
free_pred(Pred *pred)
{
    PyMem_Free(pred->req);
    if (pred->allowed != NULL) {
        for (Py_ssize_t i = 0; i < pred->nallowed; i++) {
            PyMem_Free(pred->allowed[i].vals);
            PyMem_Free(pred->allowed[i].lens);
        }
    }
    PyMem_Free(pred->allowed);
}

static void
free_nodes(Node *nodes, Py_ssize_t n)
{
    if (nodes == NULL) {
        return;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Node *node = &nodes[i];
        PyMem_Free(node->props);
        PyMem_Free(node->table);
        if (node->deps != NULL) {
            for (Py_ssize_t k = 0; k < node->ndeps; k++) {
                PyMem_Free(node->deps[k].needs);
            }
        }
        PyMem_Free(node->deps);
        for (int k = 0; k < 3; k++) {
            free_pred(&node->pred[k]);
        }
        Py_XDECREF(node->search);
        PyObject **tags[] = {&node->t_type,    &node->t_other,    &node->t_low, &node->t_high,
                             &node->t_pattern, &node->t_required, &node->t_deps};
        for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
            Py_CLEAR(*tags[k]);
        }
        PyMem_Free(node->vals);
        PyMem_Free(node->lens);
        PyMem_Free(node->ivals);
        PyMem_Free(node->pa);
        PyMem_Free(node->pb);
        PyMem_Free(node->pal);
        PyMem_Free(node->pbl);
        PyMem_Free(node->pidx);
        PyMem_Free(node->keys);
        PyMem_Free(node->counts);
        PyMem_Free(node->vidx);
    }
    PyMem_Free(nodes);
}

/* -- the scan ---------------------------------------------------------------------------- */

struct Drift;

typedef struct {
    const unsigned char *p, *end;
    Node *nodes;
    int failed; /* a Python error is set */
    Judge *judge;
    int depth;
    struct Drift *dr; /* ``errors``: where failures are recorded; NULL: one refuses the body */
} Cur;

/* How deeply values nest before a body is not decided here (the engine reads no deeper than
 * its parser, orjson: 1,024; a plan is as deep as its schema, a dozen levels here). */
#define MAX_DEPTH 256

/* One step of the path to the value being judged (``errors``): a key or an index. */
typedef struct {
    const unsigned char *s; /* a key's bytes (no escape), NULL: an index */
    Py_ssize_t n;           /* the key's length, or the index */
} Step;

/* An undocumented key met in the object numbered ``serial`` (a key twice is not decided). */
typedef struct {
    const unsigned char *s;
    Py_ssize_t n, serial;
} Extra;

typedef struct Drift {
    PyObject *records; /* list of (tag, path, text, type) */
    Step path[MAX_DEPTH + 1];
    int npath;
    Py_ssize_t serial; /* objects entered so far */
    Extra *extra;
    Py_ssize_t nextra, capextra;
    Py_ssize_t *slots; /* open addressing over ``extra`` by (serial, key): index + 1, 0 empty */
    Py_ssize_t nslots;
} Drift;

typedef struct {
    const unsigned char *s; /* the string's bytes between its quotes */
    Py_ssize_t n;
    Py_ssize_t chars; /* characters (code points) once unescaped */
    int escaped;
} Str;

static inline void
white(Cur *c)
{
    const unsigned char *p = c->p, *end = c->end;
    /* (every byte of JSON's white space is below '!', and nothing else there is allowed) */
    while (p < end && *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
        p++;
    }
    c->p = p;
}

static int
hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char ch = p[k];
        v <<= 4;
        if (ch >= '0' && ch <= '9') {
            v |= (unsigned)(ch - '0');
        }
        else if (ch >= 'a' && ch <= 'f') {
            v |= (unsigned)(ch - 'a' + 10);
        }
        else if (ch >= 'A' && ch <= 'F') {
            v |= (unsigned)(ch - 'A' + 10);
        }
        else {
            return -1;
        }
    }
    *out = v;
    return 0;
}

/* The length of the UTF-8 character at p (its first byte >= 0x80), or -1 when it is not one
 * (overlong, a surrogate, beyond U+10FFFF, cut short). */
static inline int
utf8_char(const unsigned char *p, const unsigned char *end)
{
    unsigned char b = p[0];
    Py_ssize_t left = end - p;
#define CONT(x) (((x) & 0xC0) == 0x80)
    if (b >= 0xC2 && b <= 0xDF) {
        return (left >= 2 && CONT(p[1])) ? 2 : -1;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        if (left < 3 || !CONT(p[1]) || !CONT(p[2])) {
            return -1;
        }
        if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] > 0x9F)) {
            return -1;
        }
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (left < 4 || !CONT(p[1]) || !CONT(p[2]) || !CONT(p[3])) {
            return -1;
        }
        if ((b == 0xF0 && p[1] < 0x90) || (b == 0xF4 && p[1] > 0x8F)) {
            return -1;
        }
        return 4;
    }
#undef CONT
    return -1;
}

/* The string token at c->p (a '"'): 0 and *out, c->p after it; -1 when it is not one. */
static int
string(Cur *c, Str *out)
{
    const unsigned char *p = c->p + 1, *end = c->end;
    Py_ssize_t chars = 0;
    out->s = p;
    out->escaped = 0;
    for (;;) {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i slash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        while (end - p >= 16) {
            __m128i block = _mm_loadu_si128((const __m128i *)p);
            /* signed: below 0x20, or 0x80 and above (negative) */
            __m128i stop = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, slash)),
                _mm_cmplt_epi8(block, space));
            unsigned mask = (unsigned)_mm_movemask_epi8(stop);
            if (mask) {
                int k = __builtin_ctz(mask);
                p += k;
                chars += k;
                goto special; /* (p is at a byte that is not plain) */
            }
            p += 16;
            chars += 16;
        }
#endif
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
            p++;
            chars++;
        }
        if (p >= end) {
            return -1;
        }
#if defined(__SSE2__)
    special:
#endif
        ;
        unsigned char ch = *p;
        if (ch == '"') {
            out->n = p - out->s;
            out->chars = chars;
            c->p = p + 1;
            return 0;
        }
        if (ch == '\\') {
            out->escaped = 1;
            if (end - p < 2) {
                return -1;
            }
            switch (p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                p += 2;
                chars++;
                continue;
            case 'u': {
                unsigned cp, low;
                if (end - p < 6 || hex4(p + 2, &cp) < 0) {
                    return -1;
                }
                p += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return -1; /* a lone low surrogate */
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &low) < 0
                        || low < 0xDC00 || low > 0xDFFF) {
                        return -1; /* a lone high surrogate */
                    }
                    p += 6;
                }
                chars++;
                continue;
            }
            default:
                return -1;
            }
        }
        if (ch < 0x20) {
            return -1;
        }
        int k = utf8_char(p, end);
        if (k < 0) {
            return -1;
        }
        p += k;
        chars++;
    }
}

typedef struct {
    int integral;   /* no fraction, no exponent */
    int fits;       /* integral and within int64 */
    int64_t value;
    const unsigned char *start;
    Py_ssize_t len;
} Num;

/* The number token at c->p: 0 and *out, or -1 when it is not one. */
static int
number(Cur *c, Num *out)
{
    const unsigned char *p = c->p, *end = c->end;
    int negative = 0;
    uint64_t mag = 0;
    int fits = 1;
    out->start = p;
    out->value = 0;
    if (p < end && *p == '-') {
        negative = 1;
        p++;
    }
    if (p >= end) {
        return -1;
    }
    if (*p == '0') {
        p++;
    }
    else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9') {
            unsigned d = (unsigned)(*p - '0');
            if (mag > (UINT64_MAX - d) / 10) {
                fits = 0;
            }
            else {
                mag = mag * 10 + d;
            }
            p++;
        }
    }
    else {
        return -1;
    }
    out->integral = 1;
    if (p < end && *p == '.') {
        out->integral = 0;
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            return -1;
        }
        while (p < end && *p >= '0' && *p <= '9') {
            p++;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        out->integral = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) {
            p++;
        }
        if (p >= end || *p < '0' || *p > '9') {
            return -1;
        }
        while (p < end && *p >= '0' && *p <= '9') {
            p++;
        }
    }
    if (fits) {
        if (negative) {
            fits = mag <= (uint64_t)INT64_MAX + 1;
            out->value = fits ? (int64_t)(0 - mag) : 0;
        }
        else {
            fits = mag <= (uint64_t)INT64_MAX;
            out->value = (int64_t)mag;
        }
    }
    out->fits = fits && out->integral;
    out->len = p - out->start;
    c->p = p;
    return 0;
}

static int
literal(Cur *c, const char *word, Py_ssize_t n)
{
    if (c->end - c->p < n || memcmp(c->p, word, n) != 0) {
        return -1;
    }
    c->p += n;
    return 0;
}

/* The index of the string among vals, or -1. */
static Py_ssize_t
one_of(const Str *s, Py_ssize_t n, const char **vals, const Py_ssize_t *lens)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (lens[i] == s->n && memcmp(vals[i], s->s, s->n) == 0) {
            return i;
        }
    }
    return -1;
}

static int value(Cur *c, Py_ssize_t index);

/* Room for one more item in the array *items of *cap items of ``size`` bytes, *used of them
 * used (doubled when full, from ``first``); -1 and c->failed without memory. */
static int
room(Cur *c, void **items, Py_ssize_t *cap, Py_ssize_t used, size_t size, Py_ssize_t first)
{
    if (used < *cap) {
        return 0;
    }
    Py_ssize_t more = *cap ? 2 * *cap : first;
    void *grown = PyMem_Realloc(*items, (size_t)more * size);
    if (grown == NULL) {
        PyErr_NoMemory();
        c->failed = 1;
        return -1;
    }
    *items = grown;
    *cap = more;
    return 0;
}

/* Keeps aside that the body being judged counts this (``commit`` counts it once accepted). */
static int
note(Cur *c, int kind, Py_ssize_t at, uint64_t mask)
{
    Judge *j = c->judge;
    if (room(c, (void **)&j->log, &j->caplog, j->nlog, sizeof(Logged), 64) < 0) {
        return -1;
    }
    j->log[j->nlog].kind = kind;
    j->log[j->nlog].at = at;
    j->log[j->nlog].mask = mask;
    j->nlog++;
    return 0;
}

/* The string token at ``at`` (scanned already) without an escape: 0 and *s; else -1. */
static int
plain_string_at(Cur *c, const unsigned char *at, Str *s)
{
    if (*at != '"') {
        return -1;
    }
    Cur here = {at, c->end, c->nodes, 0, c->judge, c->depth, NULL};
    return (string(&here, s) < 0 || s->escaped) ? -1 : 0;
}

/* Steps into the object or array at c->p: 1 when it closes at once (``close``), else 0. */
static inline int
opens_empty(Cur *c, unsigned char close)
{
    c->p++; /* '{' or '[' */
    white(c);
    if (c->p < c->end && *c->p == close) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A member's key and the ':' after it (white space around), c->p then at its value; -1 when
 * they are not there. */
static inline int
member_key(Cur *c, Str *key)
{
    if (c->p >= c->end || *c->p != '"' || string(c, key) < 0) {
        return -1;
    }
    white(c);
    if (c->p >= c->end || *c->p != ':') {
        return -1;
    }
    c->p++;
    white(c);
    return 0;
}

/* After a member or an item: 1 when a ',' says another follows, 0 when ``close`` ends the
 * object or array; -1 for anything else. */
static inline int
next_member(Cur *c, unsigned char close)
{
    white(c);
    if (c->p >= c->end) {
        return -1;
    }
    if (*c->p == ',') {
        c->p++;
        white(c);
        return 1;
    }
    if (*c->p == close) {
        c->p++;
        return 0;
    }
    return -1;
}

/* Where each property's value starts, for an object with a condition on values. */
typedef struct {
    const unsigned char *at;
} Seen;

static int
holds(Cur *c, const Pred *pred, const unsigned char *seen, const Seen *where, int *result)
{
    if (pred->constant >= 0) {
        *result = pred->constant;
        return 0;
    }
    *result = 0;
    for (Py_ssize_t i = 0; i < pred->nreq; i++) {
        if (!seen[pred->req[i]]) {
            return 0;
        }
    }
    for (Py_ssize_t i = 0; i < pred->nallowed; i++) {
        const Allowed *a = &pred->allowed[i];
        if (!seen[a->prop]) {
            continue;
        }
        if (*where[a->prop].at != '"') {
            return 0; /* not a string: equal to no constant */
        }
        Str s;
        if (plain_string_at(c, where[a->prop].at, &s) < 0) {
            return -1; /* (scanned already, so an escape: not decided here) */
        }
        if (one_of(&s, a->n, a->vals, a->lens) < 0) {
            return 0;
        }
    }
    *result = 1;
    return 0;
}

/* -- errors (``errors``) -- */

static int skip(Cur *c);
static int finite_double(const Num *num, double *v);

/* Steps over any JSON value at c->p, its grammar checked: 0, and *type its JSON type; -1 when
 * it is not one, or holds a number the engine's parser would not read as that number (an
 * integer beyond int64, a number beyond a double: not decided here). */
static int
skip_typed(Cur *c, const char **type)
{
    if (c->p >= c->end) {
        return -1;
    }
    switch (*c->p) {
    case '{':
        *type = "object";
        break;
    case '[':
        *type = "array";
        break;
    case '"':
        *type = "string";
        break;
    case 't':
    case 'f':
        *type = "boolean";
        break;
    case 'n':
        *type = "null";
        break;
    default: {
        Num num;
        double v;
        if (number(c, &num) < 0) {
            return -1;
        }
        *type = num.integral ? "integer" : "number";
        if (num.integral) {
            return num.fits ? 0 : -1;
        }
        return finite_double(&num, &v);
    }
    }
    return skip(c);
}

static int
skip_at(Cur *c)
{
    const char *type;
    switch (*c->p) {
    case '{':
        if (opens_empty(c, '}')) {
            return 0;
        }
        for (int more = 1; more;) {
            Str key;
            if (member_key(c, &key) < 0 || skip(c) < 0 || (more = next_member(c, '}')) < 0) {
                return -1;
            }
        }
        return 0;
    case '[':
        if (opens_empty(c, ']')) {
            return 0;
        }
        for (int more = 1; more;) {
            if (skip(c) < 0 || (more = next_member(c, ']')) < 0) {
                return -1;
            }
        }
        return 0;
    case '"': {
        Str s;
        return string(c, &s);
    }
    case 't':
        return literal(c, "true", 4);
    case 'f':
        return literal(c, "false", 5);
    case 'n':
        return literal(c, "null", 4);
    default:
        return skip_typed(c, &type);
    }
}

static int
skip(Cur *c)
{
    if (c->p >= c->end || c->depth >= MAX_DEPTH) {
        return -1;
    }
    c->depth++;
    int result = skip_at(c);
    c->depth--;
    return result;
}

static PyObject *
utf8(const unsigned char *s, Py_ssize_t n)
{
    return PyUnicode_DecodeUTF8((const char *)s, n, "strict");
}

/* Records one failure: (tag, the path so far [+ the name], instance, type); ``text`` (the
 * instance, or the name) is stolen. */
static int
record(Cur *c, PyObject *tag, PyObject *text, const char *type, int named)
{
    Drift *dr = c->dr;
    PyObject *path = text == NULL ? NULL : PyTuple_New(dr->npath + named);
    for (int i = 0; path != NULL && i < dr->npath; i++) {
        const Step *step = &dr->path[i];
        PyObject *item = step->s == NULL ? PyLong_FromSsize_t(step->n) : utf8(step->s, step->n);
        if (item == NULL) {
            Py_CLEAR(path);
            break;
        }
        PyTuple_SET_ITEM(path, i, item);
    }
    if (path != NULL && named) {
        PyTuple_SET_ITEM(path, dr->npath, Py_NewRef(text));
    }
    PyObject *item = path == NULL ? NULL : Py_BuildValue("(OOOs)", tag, path, text, type);
    Py_XDECREF(path);
    Py_XDECREF(text);
    if (item == NULL || PyList_Append(dr->records, item) < 0) {
        Py_XDECREF(item);
        c->failed = 1;
        return -1;
    }
    Py_DECREF(item);
    return 0;
}

static inline Py_ssize_t
extra_slot(const Drift *dr, const unsigned char *s, Py_ssize_t n, Py_ssize_t serial)
{
    uint64_t h = (uint64_t)serial * 0x9E3779B97F4A7C15ull;
    for (Py_ssize_t i = 0; i < n; i++) {
        h = (h ^ s[i]) * 0x100000001B3ull;
    }
    return (Py_ssize_t)(h >> 17) & (dr->nslots - 1);
}

/* A key of the object or map numbered ``serial`` whose value may be recorded: kept, or -1
 * when the object has it already (the engine's parser keeps only the last: not decided here).
 * A hash table over the keys kept, so that a map of many keys costs one probe a key. */
static int
once(Cur *c, const Str *key, Py_ssize_t serial)
{
    Drift *dr = c->dr;
    if (2 * (dr->nextra + 1) > dr->nslots) { /* (grown, and every key kept placed again) */
        Py_ssize_t nslots = dr->nslots ? 2 * dr->nslots : 64;
        Py_ssize_t *slots = PyMem_Calloc((size_t)nslots, sizeof(Py_ssize_t));
        if (slots == NULL) {
            PyErr_NoMemory();
            c->failed = 1;
            return -1;
        }
        PyMem_Free(dr->slots);
        dr->slots = slots;
        dr->nslots = nslots;
        for (Py_ssize_t i = 0; i < dr->nextra; i++) {
            const Extra *e = &dr->extra[i];
            Py_ssize_t at = extra_slot(dr, e->s, e->n, e->serial);
            while (slots[at]) {
                at = (at + 1) & (nslots - 1);
            }
            slots[at] = i + 1;
        }
    }
    Py_ssize_t at = extra_slot(dr, key->s, key->n, serial);
    while (dr->slots[at]) {
        const Extra *e = &dr->extra[dr->slots[at] - 1];
        if (e->serial == serial && e->n == key->n && memcmp(e->s, key->s, key->n) == 0) {
            return -1;
        }
        at = (at + 1) & (dr->nslots - 1);
    }
    if (room(c, (void **)&dr->extra, &dr->capextra, dr->nextra, sizeof(Extra), 16) < 0) {
        return -1;
    }
    dr->extra[dr->nextra++] = (Extra){key->s, key->n, serial};
    dr->slots[at] = dr->nextra;
    return 0;
}

/* An undocumented key of the object numbered ``serial`` (c->p at its value): recorded, its
 * value stepped over. -1 for the same key twice in the object (not decided here). */
static int
undocumented(Cur *c, Node *node, const Str *key, Py_ssize_t serial)
{
    if (once(c, key, serial) < 0) {
        return -1;
    }
    const char *type;
    if (skip_typed(c, &type) < 0) {
        return -1;
    }
    return record(c, node->t_other, utf8(key->s, key->n), type, 1);
}

/* The number token as the engine's parser reads it: an int (an integral token within
 * int64), or a float (any other finite one below 2**63 in magnitude); NULL without an error
 * when not decided here. */
static PyObject *
number_value(const Num *num)
{
    if (num->integral) {
        return num->fits ? PyLong_FromLongLong(num->value) : NULL;
    }
    double v;
    if (finite_double(num, &v) < 0 || fabs(v) >= 9223372036854775808.0) {
        return NULL;
    }
    return PyFloat_FromDouble(v);
}

/* Steps over the value at c->p, as the instance an error of a value of another type is worded
 * from (see ``errors``): 0, *out and *type; -1 when not decided here (*out NULL; c->failed
 * when a Python error is set). */
static int
instance_at(Cur *c, PyObject **out, const char **type)
{
    *out = NULL;
    if (c->p >= c->end) {
        return -1;
    }
    unsigned char first = *c->p;
    if (first == '{' || first == '[') {
        *type = first == '{' ? "object" : "array";
        if (skip(c) < 0) {
            return -1;
        }
        *out = first == '{' ? PyDict_New() : PyList_New(0);
    }
    else if (first == '"') {
        Str s;
        *type = "string";
        if (string(c, &s) < 0 || s.escaped) {
            return -1;
        }
        *out = utf8(s.s, s.n);
    }
    else if (first == 't' || first == 'f') {
        *type = "boolean";
        if (first == 't' ? literal(c, "true", 4) < 0 : literal(c, "false", 5) < 0) {
            return -1;
        }
        *out = Py_NewRef(first == 't' ? Py_True : Py_False);
    }
    else if (first == 'n') {
        *type = "null";
        if (literal(c, "null", 4) < 0) {
            return -1;
        }
        *out = Py_NewRef(Py_None);
    }
    else {
        Num num;
        if (number(c, &num) < 0) {
            return -1;
        }
        *type = num.integral ? "integer" : "number";
        *out = number_value(&num);
        if (*out == NULL) {
            c->failed = PyErr_Occurred() != NULL;
            return -1;
        }
    }
    if (*out == NULL) {
        c->failed = 1;
        return -1;
    }
    return 0;
}

/* A value of another type than the node's: recorded and stepped over (``errors``), or -1. */
static int
mistyped(Cur *c, Node *node)
{
    if (c->dr == NULL || node->t_type == NULL) {
        return -1;
    }
    PyObject *instance;
    const char *type;
    if (instance_at(c, &instance, &type) < 0) {
        return -1;
    }
    return record(c, node->t_type, instance, type, 0);
}

/* An object's present documented properties as the instance of an error of the object. */
static PyObject *
present(const Node *node, const unsigned char *seen)
{
    PyObject *out = PyDict_New();
    for (Py_ssize_t i = 0; out != NULL && i < node->nprops; i++) {
        if (!seen[i]) {
            continue;
        }
        PyObject *name = PyUnicode_DecodeUTF8(node->props[i].name, node->props[i].len, "strict");
        if (name == NULL || PyDict_SetItem(out, name, Py_None) < 0) {
            Py_CLEAR(out);
        }
        Py_XDECREF(name);
    }
    return out;
}

static int
object(Cur *c, Node *node, Py_ssize_t index)
{
    unsigned char seen[MAX_PROPS];
    Seen where[MAX_PROPS];
    Py_ssize_t required = 0;
    uint64_t here = 0; /* the mask bits of the properties present */
    Drift *dr = c->dr;
    Py_ssize_t serial = dr == NULL ? 0 : ++dr->serial;
    memset(seen, 0, (size_t)node->nprops);
    if (!opens_empty(c, '}')) {
        for (int more = 1; more;) {
            Str key;
            if (member_key(c, &key) < 0 || key.escaped) {
                return -1;
            }
            uint32_t slot = hash_bytes(key.s, key.n) & node->mask;
            Py_ssize_t found = -1;
            while (node->table[slot]) {
                Prop *prop = &node->props[node->table[slot] - 1];
                if (prop->len == key.n && same_bytes(prop->name, key.s, key.n)) {
                    found = node->table[slot] - 1;
                    break;
                }
                slot = (slot + 1) & node->mask;
            }
            if (found < 0 && dr != NULL && node->t_other != NULL) { /* drift, recorded */
                if (undocumented(c, node, &key, serial) < 0 || (more = next_member(c, '}')) < 0) {
                    return -1;
                }
                continue;
            }
            if (found < 0 || seen[found]) {
                return -1; /* an undocumented property (drift), or a key twice */
            }
            seen[found] = 1;
            required += node->props[found].required;
            here |= node->props[found].bit;
            where[found].at = c->p;
            if (dr != NULL) {
                dr->path[dr->npath++] = (Step){key.s, key.n};
            }
            if (value(c, node->props[found].child) < 0 || (more = next_member(c, '}')) < 0) {
                return -1;
            }
            if (dr != NULL) {
                dr->npath--;
            }
        }
    }
    if (required != node->nrequired) {
        if (dr == NULL || node->t_required == NULL
            || record(c, node->t_required, present(node, seen), "object", 0) < 0) {
            return -1;
        }
    }
    int needed = 0;
    for (Py_ssize_t i = 0; i < node->ndeps && !needed; i++) {
        const Dep *dep = &node->deps[i];
        if (seen[dep->prop]) {
            for (Py_ssize_t k = 0; k < dep->n; k++) {
                needed |= !seen[dep->needs[k]];
            }
        }
    }
    if (needed && (dr == NULL || node->t_deps == NULL
                   || record(c, node->t_deps, present(node, seen), "object", 0) < 0)) {
        return -1;
    }
    if (node->has_cond) {
        int test, result;
        if (holds(c, &node->pred[0], seen, where, &test) < 0
            || holds(c, &node->pred[test ? 1 : 2], seen, where, &result) < 0 || !result) {
            return -1;
        }
    }
    if (node->count_id < 0) {
        return 0;
    }
    if (note(c, L_MASK, index, node->optall & ~here) < 0) {
        return -1;
    }
    if (node->npairs && seen[node->pair_a] && seen[node->pair_b]) {
        Str a, b;
        if (plain_string_at(c, where[node->pair_a].at, &a) == 0
            && plain_string_at(c, where[node->pair_b].at, &b) == 0) {
            for (Py_ssize_t i = 0; i < node->npairs; i++) {
                if (node->pal[i] == a.n && node->pbl[i] == b.n && memcmp(node->pa[i], a.s, a.n) == 0
                    && memcmp(node->pb[i], b.s, b.n) == 0) {
                    return note(c, L_PAIR, node->pidx[i], 0);
                }
            }
        }
    }
    return 0;
}

static int
map(Cur *c, Node *node)
{
    if (opens_empty(c, '}')) {
        return 0;
    }
    Drift *dr = c->dr;
    Py_ssize_t serial = dr == NULL ? 0 : ++dr->serial;
    for (int more = 1; more;) {
        Str key;
        if (member_key(c, &key) < 0) {
            return -1;
        }
        if (dr != NULL) {
            /* (a path names it unescaped; a key twice: only its last value counts) */
            if (key.escaped || once(c, &key, serial) < 0) {
                return -1;
            }
            dr->path[dr->npath++] = (Step){key.s, key.n};
        }
        if (value(c, node->child) < 0 || (more = next_member(c, '}')) < 0) {
            return -1;
        }
        if (dr != NULL) {
            dr->npath--;
        }
    }
    return 0;
}

static int
array(Cur *c, Node *node)
{
    Py_ssize_t count = 0;
    if (!opens_empty(c, ']')) {
        Drift *dr = c->dr;
        if (dr != NULL) {
            dr->npath++;
        }
        for (int more = 1; more; count++) {
            if (dr != NULL) {
                dr->path[dr->npath - 1] = (Step){NULL, count};
            }
            if (value(c, node->child) < 0 || (more = next_member(c, ']')) < 0) {
                return -1;
            }
        }
        if (dr != NULL) {
            dr->npath--;
        }
    }
    int fewer = node->min >= 0 && count < node->min;
    if (!fewer && !(node->max >= 0 && count > node->max)) {
        return 0;
    }
    PyObject *tag = fewer ? node->t_low : node->t_high;
    if (c->dr == NULL || tag == NULL) {
        return -1;
    }
    PyObject *items = PyList_New(count); /* (as many None: what the error is worded from) */
    for (Py_ssize_t i = 0; items != NULL && i < count; i++) {
        PyList_SET_ITEM(items, i, Py_NewRef(Py_None));
    }
    return record(c, tag, items, "array", 0);
}

static int
text(Cur *c, Node *node)
{
    Str s;
    if (string(c, &s) < 0) {
        return -1;
    }
    int fewer = node->min >= 0 && s.chars < node->min;
    int more = node->max >= 0 && s.chars > node->max;
    if ((fewer || more) && c->dr == NULL) {
        return -1;
    }
    int unmatched = 0;
    if (node->search != NULL) {
        if (s.escaped) {
            return -1;
        }
        PyObject *str = utf8(s.s, s.n);
        PyObject *match = str == NULL ? NULL : PyObject_CallOneArg(node->search, str);
        Py_XDECREF(str);
        if (match == NULL) {
            c->failed = 1;
            return -1;
        }
        unmatched = match == Py_None;
        Py_DECREF(match);
    }
    if (!fewer && !more && !unmatched) {
        return 0;
    }
    /* (errors: each failure recorded, with the string unescaped) */
    if (c->dr == NULL || s.escaped || (fewer && node->t_low == NULL)
        || (more && node->t_high == NULL) || (unmatched && node->t_pattern == NULL)) {
        return -1;
    }
    PyObject *tags[] = {fewer ? node->t_low : NULL, more ? node->t_high : NULL,
                        unmatched ? node->t_pattern : NULL};
    for (int i = 0; i < 3; i++) {
        if (tags[i] != NULL && record(c, tags[i], utf8(s.s, s.n), "string", 0) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The number token as a finite double: 0 and *v; -1 when not decided here (longer than 63
 * characters, or beyond a double). */
static int
finite_double(const Num *num, double *v)
{
    char buffer[64];
    if (num->len >= (Py_ssize_t)sizeof(buffer)) {
        return -1;
    }
    memcpy(buffer, num->start, num->len);
    buffer[num->len] = '\0';
    *v = PyOS_string_to_double(buffer, NULL, NULL);
    if (*v == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return isfinite(*v) ? 0 : -1;
}

static int
real(Cur *c, Node *node)
{
    Num num;
    if (number(c, &num) < 0) {
        return -1;
    }
    if (num.fits && !node->has_lo && !node->has_hi) {
        return 0;
    }
    double v;
    if (finite_double(&num, &v) < 0) {
        return -1; /* not decided here */
    }
    int below = node->has_lo && (node->lo_excl ? !(v > node->flo) : !(v >= node->flo));
    int above = node->has_hi && (node->hi_excl ? !(v < node->fhi) : !(v <= node->fhi));
    if (!below && !above) {
        return 0;
    }
    PyObject *tag = below ? node->t_low : node->t_high;
    /* (an integer past 2**53 is compared exactly by the engine, not as a double here) */
    if (c->dr == NULL || tag == NULL
        || (num.integral && (num.value > (1LL << 53) || num.value < -(1LL << 53)))) {
        return -1;
    }
    PyObject *instance = number_value(&num);
    if (instance == NULL) {
        c->failed = PyErr_Occurred() != NULL;
        return -1;
    }
    return record(c, tag, instance, num.integral ? "integer" : "number", 0);
}

static int value_at(Cur *c, Py_ssize_t index);

static int
value(Cur *c, Py_ssize_t index)
{
    if (c->depth >= MAX_DEPTH) {
        return -1;
    }
    c->depth++;
    int result = value_at(c, index);
    c->depth--;
    return result;
}

/* The integer token at c->p (a '-' or a digit) for an INT or INTENUM node: 1 and *num when
 * it is an integer within int64; 0 when it is a number with a fraction, recorded as a value of
 * another type (``errors``); -1 otherwise (an integral number written with a fraction or an
 * exponent, such as 1.0, is an integer to the engine: not decided here). */
static int
integer_token(Cur *c, Node *node, Num *num)
{
    const unsigned char *start = c->p;
    if (number(c, num) < 0) {
        return -1;
    }
    if (num->fits) {
        return 1;
    }
    double v;
    if (c->dr == NULL || num->integral || finite_double(num, &v) < 0 || v == floor(v)) {
        return -1;
    }
    c->p = start;
    return mistyped(c, node) < 0 ? -1 : 0;
}

static int
value_at(Cur *c, Py_ssize_t index)
{
    Node *node = &c->nodes[index];
    if (c->p >= c->end) {
        return -1;
    }
    unsigned char first = *c->p;
    if (first == 'n') {
        return (node->nullable || node->kind == J_NULL) ? literal(c, "null", 4) : mistyped(c, node);
    }
    int numeric = first == '-' || (first >= '0' && first <= '9');
    switch (node->kind) {
    case J_OBJECT:
        return first == '{' ? object(c, node, index) : mistyped(c, node);
    case J_MAP:
        return first == '{' ? map(c, node) : mistyped(c, node);
    case J_ARRAY:
        return first == '[' ? array(c, node) : mistyped(c, node);
    case J_STRING:
        return first == '"' ? text(c, node) : mistyped(c, node);
    case J_STRENUM: {
        Str s;
        if (first != '"') {
            return mistyped(c, node);
        }
        if (string(c, &s) < 0 || s.escaped) {
            return -1;
        }
        Py_ssize_t i = one_of(&s, node->nvals, node->vals, node->lens);
        if (i < 0) {
            if (c->dr != NULL && node->t_other != NULL) { /* recorded */
                return record(c, node->t_other, utf8(s.s, s.n), "string", 0);
            }
            return -1;
        }
        return (node->vidx != NULL && node->vidx[i] >= 0) ? note(c, L_VALUE, node->vidx[i], 0) : 0;
    }
    case J_INT: {
        Num num;
        int whole = numeric ? integer_token(c, node, &num) : mistyped(c, node);
        if (whole <= 0) {
            return whole;
        }
        if (num.value >= node->lo && num.value <= node->hi) {
            return 0;
        }
        PyObject *tag = num.value < node->lo ? node->t_low : node->t_high;
        if (c->dr == NULL || tag == NULL) {
            return -1;
        }
        return record(c, tag, PyLong_FromLongLong(num.value), "integer", 0); /* recorded */
    }
    case J_INTENUM: {
        Num num;
        int whole = numeric ? integer_token(c, node, &num) : mistyped(c, node);
        if (whole <= 0) {
            return whole;
        }
        for (Py_ssize_t i = 0; i < node->nvals; i++) {
            if (node->ivals[i] == num.value) {
                if (node->vidx != NULL && node->vidx[i] >= 0) {
                    return note(c, L_VALUE, node->vidx[i], 0);
                }
                return 0;
            }
        }
        if (c->dr == NULL || node->t_other == NULL) {
            return -1;
        }
        return record(c, node->t_other, PyLong_FromLongLong(num.value), "integer", 0);
    }
    case J_FLOAT:
        return numeric ? real(c, node) : mistyped(c, node);
    case J_BOOL:
        if (first == 't') {
            return literal(c, "true", 4);
        }
        return first == 'f' ? literal(c, "false", 5) : mistyped(c, node);
    default: /* J_NULL: null was handled above */
        return mistyped(c, node);
    }
}

/* -- the type ---------------------------------------------------------------------------- */

static int
count_mask(Judge *j, Node *node, uint64_t mask)
{
    uint64_t key = mask + 1; /* (a mask has at most 63 bits) */
    if (key == node->last_key) {
        node->counts[node->last_slot]++;
        return 0;
    }
    if (2 * (node->used + 1) > node->cap) {
        Py_ssize_t cap = node->cap ? 2 * node->cap : 8;
        uint64_t *keys = PyMem_Calloc((size_t)cap, sizeof(uint64_t));
        uint64_t *counts = PyMem_Calloc((size_t)cap, sizeof(uint64_t));
        if (keys == NULL || counts == NULL) {
            PyMem_Free(keys);
            PyMem_Free(counts);
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < node->cap; i++) {
            if (node->keys[i]) {
                Py_ssize_t slot = (Py_ssize_t)((node->keys[i] * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
                while (keys[slot]) {
                    slot = (slot + 1) & (cap - 1);
                }
                keys[slot] = node->keys[i];
                counts[slot] = node->counts[i];
            }
        }
        PyMem_Free(node->keys);
        PyMem_Free(node->counts);
        node->keys = keys;
        node->counts = counts;
        node->cap = cap;
    }
    Py_ssize_t slot = (Py_ssize_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (node->cap - 1);
    while (node->keys[slot] && node->keys[slot] != key) {
        slot = (slot + 1) & (node->cap - 1);
    }
    if (!node->keys[slot]) {
        node->keys[slot] = key;
        node->used++;
        j->held++;
    }
    node->counts[slot]++;
    node->last_key = key;
    node->last_slot = slot;
    return 0;
}

/* Counts what the accepted body kept aside (from ``start``: a search that judges another
 * body with this judge, while it judges one, keeps its own counts after the outer body's). */
static int
commit(Judge *j, Py_ssize_t start)
{
    for (Py_ssize_t i = start; i < j->nlog; i++) {
        const Logged *e = &j->log[i];
        if (e->kind == L_VALUE) {
            j->values[e->at]++;
        }
        else if (e->kind == L_PAIR) {
            j->pairs[e->at]++;
        }
        else if (count_mask(j, &j->nodes[e->at], e->mask) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The children of a node, for the check that the plan has no cycle. */
static Py_ssize_t
children_of(const Node *node, Py_ssize_t k)
{
    if (node->kind == J_OBJECT) {
        return k < node->nprops ? node->props[k].child : -1;
    }
    if (node->kind == J_MAP || node->kind == J_ARRAY) {
        return k == 0 ? node->child : -1;
    }
    return -1;
}

/* 0 when no node reaches itself (the scan's recursion is then as deep as the plan); else -1
 * with ValueError. Depth-first, without recursion: 0 unseen, 1 on the path, 2 done. */
static int
acyclic(Node *nodes, Py_ssize_t n)
{
    char *state = PyMem_Calloc((size_t)n, 1);
    Py_ssize_t *stack = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    Py_ssize_t *next = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    int result = 0;
    if (state == NULL || stack == NULL || next == NULL) {
        PyErr_NoMemory();
        result = -1;
        goto done;
    }
    for (Py_ssize_t root = 0; root < n && result == 0; root++) {
        if (state[root]) {
            continue;
        }
        Py_ssize_t top = 0;
        stack[0] = root;
        next[0] = 0;
        state[root] = 1;
        while (top >= 0) {
            Py_ssize_t at = stack[top];
            Py_ssize_t child = children_of(&nodes[at], next[top]++);
            if (child < 0) { /* its children all done */
                state[at] = 2;
                top--;
                continue;
            }
            if (state[child] == 1) {
                bad_plan("a node that contains itself");
                result = -1;
                break;
            }
            if (state[child] == 0) {
                state[child] = 1;
                top++;
                stack[top] = child;
                next[top] = 0;
            }
        }
    }
done:
    PyMem_Free(state);
    PyMem_Free(stack);
    PyMem_Free(next);
    return result;
}

static int
judge_traverse(Judge *self, visitproc visit, void *arg)
{
    Py_VISIT(self->plan);
    Py_VISIT(self->full);
    Py_VISIT(self->recorded);
    for (Py_ssize_t i = 0; i < self->n; i++) {
        Node *node = &self->nodes[i];
        Py_VISIT(node->search);
        Py_VISIT(node->t_type);
        Py_VISIT(node->t_other);
        Py_VISIT(node->t_low);
        Py_VISIT(node->t_high);
        Py_VISIT(node->t_pattern);
        Py_VISIT(node->t_required);
        Py_VISIT(node->t_deps);
    }
    return 0;
}

/* Lets go of the plan (the collector breaking a cycle): a judge cleared judges nothing. */
static int
judge_clear(Judge *self)
{
    free_nodes(self->nodes, self->n);
    self->nodes = NULL;
    self->n = 0;
    Py_CLEAR(self->plan);
    Py_CLEAR(self->full);
    Py_CLEAR(self->recorded);
    return 0;
}

static void
judge_dealloc(Judge *self)
{
    PyObject_GC_UnTrack(self);
    judge_clear(self);
    PyMem_Free(self->values);
    PyMem_Free(self->pairs);
    PyMem_Free(self->log);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
judge_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *plan, *full = Py_None, *recorded = Py_None;
    Py_ssize_t nvalues = 0, npairs = 0, limit = -1;
    static char *names[] = {"plan", "values", "pairs", "limit", "full", "recorded", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!|nn$nOO:Judge", names, &PyTuple_Type,
                                     &plan, &nvalues, &npairs, &limit, &full, &recorded)) {
        return NULL;
    }
    if (nvalues < 0 || npairs < 0) {
        bad_plan("a negative number of values or pairs");
        return NULL;
    }
    if ((full != Py_None && !PyCallable_Check(full))
        || (recorded != Py_None && !PyCallable_Check(recorded))) {
        PyErr_SetString(PyExc_TypeError, "full and recorded must be callables or None");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(plan);
    if (n == 0) {
        bad_plan("no nodes");
        return NULL;
    }
    Judge *self = (Judge *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->plan = Py_NewRef(plan);
    self->limit = limit;
    self->full = full == Py_None ? NULL : Py_NewRef(full);
    self->recorded = recorded == Py_None ? NULL : Py_NewRef(recorded);
    self->nodes = PyMem_Calloc(n, sizeof(Node));
    if (self->nodes == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->n = n;
    self->nvalues = nvalues;
    self->npairs = npairs;
    self->values = PyMem_Calloc((size_t)nvalues + 1, sizeof(uint64_t));
    self->pairs = PyMem_Calloc((size_t)npairs + 1, sizeof(uint64_t));
    if (self->values == NULL || self->pairs == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (read_node(&self->nodes[i], PyTuple_GET_ITEM(plan, i), n, nvalues, npairs) < 0) {
            Py_DECREF(self);
            return NULL;
        }
    }
    if (acyclic(self->nodes, n) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

/* ``full()`` called when more masks than ``limit`` are held (it drains them): 0, or -1 with
 * its exception. Called as the outermost call under way ends, never inside a body. */
static int
filled(Judge *self)
{
    if (self->calls > 0 || self->full == NULL || self->limit < 0 || self->held <= self->limit) {
        return 0;
    }
    PyObject *done = PyObject_CallNoArgs(self->full);
    if (done == NULL) {
        return -1;
    }
    Py_DECREF(done);
    return 0;
}

/* Judges ``body`` (``dr``: recording failures, ``errors``): 1 accepted, its counts committed;
 * 0 refused, nothing counted; -1 with an exception. */
static int
judged(Judge *self, PyObject *body, Drift *dr)
{
    if (self->nodes == NULL) {
        PyErr_SetString(PyExc_ValueError, "a judge whose plan was let go");
        return -1;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(body, &view, PyBUF_SIMPLE) < 0) {
        return -1;
    }
    Cur c = {(const unsigned char *)view.buf, (const unsigned char *)view.buf + view.len,
             self->nodes, 0, self, 0, dr};
    Py_ssize_t start = self->nlog;
    self->calls++;
    white(&c);
    int ok = value(&c, 0) == 0;
    if (ok) {
        white(&c);
        ok = c.p == c.end;
    }
    PyBuffer_Release(&view);
    int failed = c.failed || (ok && commit(self, start) < 0);
    self->nlog = start;
    self->calls--;
    return failed ? -1 : ok;
}

static PyObject *
judge_call(Judge *self, PyObject *args, PyObject *kwargs)
{
    PyObject *body;
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs)) {
        PyErr_SetString(PyExc_TypeError, "Judge() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O:Judge", &body)) {
        return NULL;
    }
    int ok = judged(self, body, NULL);
    if (ok < 0 || filled(self) < 0) {
        return NULL;
    }
    return PyBool_FromLong(ok);
}

static PyObject *
judge_errors(Judge *self, PyObject *body)
{
    Drift *dr = PyMem_Calloc(1, sizeof(Drift));
    PyObject *records = dr == NULL ? NULL : PyList_New(0);
    if (records == NULL) {
        PyMem_Free(dr);
        return dr == NULL ? PyErr_NoMemory() : NULL;
    }
    dr->records = records;
    int ok = judged(self, body, dr);
    PyMem_Free(dr->extra);
    PyMem_Free(dr->slots);
    PyMem_Free(dr);
    if (ok <= 0) {
        Py_DECREF(records);
        return ok < 0 || filled(self) < 0 ? NULL : Py_NewRef(Py_None);
    }
    if (self->recorded != NULL) {
        PyObject *done = PyObject_CallOneArg(self->recorded, records);
        if (done == NULL) {
            Py_DECREF(records);
            return NULL;
        }
        Py_DECREF(done);
    }
    if (filled(self) < 0) {
        Py_DECREF(records);
        return NULL;
    }
    return records;
}

static PyObject *
pairs_list(uint64_t *counts, Py_ssize_t n)
{
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        if (counts[i]) {
            PyObject *item = Py_BuildValue("(nK)", i, (unsigned long long)counts[i]);
            if (item == NULL || PyList_Append(out, item) < 0) {
                Py_XDECREF(item);
                Py_CLEAR(out);
                break;
            }
            Py_DECREF(item);
        }
    }
    return out;
}

static PyObject *
judge_drain(Judge *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *masks = PyList_New(0);
    if (masks == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < self->n; i++) {
        Node *node = &self->nodes[i];
        for (Py_ssize_t k = 0; k < node->cap; k++) {
            if (!node->keys[k]) {
                continue;
            }
            PyObject *item = Py_BuildValue("(lKK)", node->count_id,
                                           (unsigned long long)(node->keys[k] - 1),
                                           (unsigned long long)node->counts[k]);
            if (item == NULL || PyList_Append(masks, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(masks);
                return NULL;
            }
            Py_DECREF(item);
        }
    }
    PyObject *values = pairs_list(self->values, self->nvalues);
    PyObject *pairs = values == NULL ? NULL : pairs_list(self->pairs, self->npairs);
    if (pairs == NULL) {
        Py_DECREF(masks);
        Py_XDECREF(values);
        return NULL;
    }
    /* everything handed back is forgotten */
    for (Py_ssize_t i = 0; i < self->n; i++) {
        Node *node = &self->nodes[i];
        if (node->cap) {
            memset(node->keys, 0, (size_t)node->cap * sizeof(uint64_t));
            memset(node->counts, 0, (size_t)node->cap * sizeof(uint64_t));
            node->used = 0;
            node->last_key = 0;
        }
    }
    memset(self->values, 0, (size_t)self->nvalues * sizeof(uint64_t));
    memset(self->pairs, 0, (size_t)self->npairs * sizeof(uint64_t));
    self->held = 0;
    return Py_BuildValue("(NNN)", masks, values, pairs);
}

static PyObject *
judge_held(Judge *self, void *Py_UNUSED(closure))
{
    return PyLong_FromSsize_t(self->held);
}

static PyMethodDef judge_methods[] = {
    {"errors", (PyCFunction)judge_errors, METH_O,
     "errors(body) -> None or [(tag, path, instance, type), ...]: the body judged as a call "
     "judges it, but with each failure the plan tags recorded rather than refused; None when "
     "it has a failure without a tag, or is not decided here"},
    {"drain", (PyCFunction)judge_drain, METH_NOARGS,
     "drain() -> (masks, values, pairs): what the accepted bodies counted since the last drain "
     "(masks as (node_id, mask, count), values and pairs as (index, count)), then forgotten"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef judge_getset[] = {
    {"held", (getter)judge_held, NULL, "how many distinct masks are held until drained", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject JudgeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "modelarts_validators.contract._judge.Judge",
    .tp_basicsize = sizeof(Judge),
    .tp_dealloc = (destructor)judge_dealloc,
    .tp_call = (ternaryfunc)judge_call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)judge_traverse,
    .tp_clear = (inquiry)judge_clear,
    .tp_doc = "Judge(plan): a callable of a body's bytes, True when the typed decoder would "
              "accept it.",
    .tp_new = judge_new,
    .tp_methods = judge_methods,
    .tp_getset = judge_getset,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_judge",
    "Bodies judged from their bytes by a plan of the typed translation (contract/judge.py).",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit__judge(void)
{
    if (PyType_Ready(&JudgeType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Judge", (PyObject *)&JudgeType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    static const struct {
        const char *name;
        int value;
    } kinds[] = {{"OBJECT", J_OBJECT}, {"MAP", J_MAP},         {"ARRAY", J_ARRAY},
                 {"STRING", J_STRING}, {"STRENUM", J_STRENUM}, {"INT", J_INT},
                 {"INTENUM", J_INTENUM}, {"FLOAT", J_FLOAT},   {"BOOL", J_BOOL},
                 {"NULL", J_NULL}};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (PyModule_AddIntConstant(m, kinds[i].name, kinds[i].value) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
