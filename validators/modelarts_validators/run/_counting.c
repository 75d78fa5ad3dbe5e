/* Coverage counting of decoded bodies, in C: the native form of the typed walk that
 * ``run/coverage.py`` writes in Python (``_typed_make``), with the same counts.
 *
 * A ``Walker`` is made from a program: one step per schema node the walk visits, each one of
 *
 *   ("struct", node_id, cls, optional_names, children, pair)
 *       a decoded object of msgspec Struct class ``cls``: counted by which of its optional
 *       fields (``optional_names``, bit i for the i-th) are UNSET, in a table of that step;
 *       then each child ``(name, step)`` that is there (not UNSET, not None) is walked, and,
 *       with ``pair = (name_a, name_b, index)``, ``index.get((a, b))`` is counted;
 *   ("list", step)       each item that is not None, walked by ``step``;
 *   ("value", node_id, index, open)
 *       a value of an enumeration: ``index[value]`` is counted; a ``str`` not in it, for an
 *       open one, goes to ``other(node_id, value)``;
 *   ("call", function)   anything else: ``function(value)`` (Python).
 *
 * A Struct's fields are read at their slot offsets (the member descriptors of ``cls``), after
 * checking that the value is exactly of ``cls``: the decoder made it, nothing else can.
 * ``drain()`` hands the counts back and forgets them: the masks as (node_id, mask, count), the
 * values and the pairs as (index, count). Python turns them into the tally's shapes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>

enum { K_STRUCT, K_LIST, K_VALUE, K_CALL, K_PARSED };

/* The values a K_VALUE step remembers by identity (a power of two). */
#define SEEN 8
/* The shapes a K_PARSED step remembers (a power of two; three quarters of it are used), and
 * the most keys of an object it remembers the shape of. */
#define KNOWN 256
#define HELD_KEYS 32

typedef struct {
    Py_ssize_t offset;
    Py_ssize_t step;
} Child;

/* A shape a K_PARSED step found in its ``shapes``: the tuple of the keys, its counter index,
 * and where each child's name is among the keys (-1: not there), then each pair name's. */
typedef struct {
    PyObject *shape;        /* NULL: an empty slot */
    PyObject *found;
    Py_ssize_t *at;
    Py_uhash_t hash;        /* of the key objects' addresses (``keys_hash``) */
    Py_ssize_t count;       /* objects of it seen since the last drain (then added to ``found``) */
} Held;

typedef struct {
    int kind;
    long node_id;
    PyObject *ref;          /* K_STRUCT: the class; K_VALUE, pair: the index; K_CALL: function */
    Py_ssize_t nopt;        /* K_STRUCT */
    Py_ssize_t *opt;
    Py_ssize_t nchild;
    Child *children;
    PyObject *pairs;        /* K_STRUCT: dict (a, b) -> index, or NULL */
    Py_ssize_t pair_a, pair_b;
    /* K_STRUCT: open-addressing table of mask + 1 -> count (0: an empty slot) */
    uint64_t *keys;
    uint64_t *counts;
    Py_ssize_t cap, used;
    Py_ssize_t last;        /* the slot last counted: objects of a node mostly share a mask */
    Py_ssize_t item;        /* K_LIST; K_PARSED: -1 without items */
    int open;               /* K_VALUE, K_PARSED */
    /* K_PARSED: the counter index of each known shape (or NULL: not an object), the names
     * of the properties worth walking into (children[i].offset is unused), the pair's names,
     * the documented values by (type, value) (or NULL) */
    PyObject *shapes;
    PyObject **names;
    PyObject *pair_names[2];
    PyObject *values;
    /* K_PARSED: the documented values of type str by the string alone (no (type, value) key
     * to make for a string); the shapes found in ``shapes``, by the addresses of their key
     * objects, to tell an object of the same keys (the same objects, in order: orjson makes
     * one string of each key it reads) without making a tuple, and to take its children by
     * position, without looking their names up */
    PyObject *str_values;
    Held *known;            /* KNOWN slots, made when the first shape is held */
    Py_ssize_t nknown;
    /* K_VALUE: the last values looked up, by identity (held), and their index (-1: none): a
     * decoded enumeration's values are the decoder's own objects, the same every time */
    PyObject *seen[SEEN];
    Py_ssize_t seen_index[SEEN];
    /* K_STRUCT with a pair: the last pairs of values looked up, by identity (held) */
    PyObject *pair_seen[SEEN][2];
    Py_ssize_t pair_seen_index[SEEN];
} Step;

typedef struct {
    PyObject_HEAD
    Step *steps;
    Py_ssize_t nsteps;
    uint64_t *values;
    Py_ssize_t nvalues;
    uint64_t *pairs;
    Py_ssize_t npairs;
    PyObject *unset;
    PyObject *other;
    PyObject *counters;     /* K_PARSED: the shape counters (a list), what counts a new shape */
    PyObject *new;
    Py_ssize_t held;        /* distinct masks held in the steps' tables, until drained */
    int busy;               /* walking: a callback may not re-make or drain the walker */
} Walker;

#define SLOT(v, offset) (*(PyObject **)((char *)(v) + (offset)))

static int
count_mask(Walker *w, Step *s, uint64_t mask)
{
    uint64_t key = mask + 1;
    Py_ssize_t i;
    if (s->cap && s->keys[s->last] == key) {
        s->counts[s->last]++;
        return 0;
    }
    if (s->used * 2 >= s->cap) {
        Py_ssize_t cap = s->cap ? s->cap * 2 : 8;
        uint64_t *keys = PyMem_Calloc((size_t)cap, sizeof(uint64_t));
        uint64_t *counts = PyMem_Calloc((size_t)cap, sizeof(uint64_t));
        if (keys == NULL || counts == NULL) {
            PyMem_Free(keys);
            PyMem_Free(counts);
            PyErr_NoMemory();
            return -1;
        }
        for (i = 0; i < s->cap; i++) {
            if (s->keys[i]) {
                Py_ssize_t j = (Py_ssize_t)((s->keys[i] * 0x9E3779B97F4A7C15ULL) >> 7) & (cap - 1);
                while (keys[j])
                    j = (j + 1) & (cap - 1);
                keys[j] = s->keys[i];
                counts[j] = s->counts[i];
            }
        }
        PyMem_Free(s->keys);
        PyMem_Free(s->counts);
        s->keys = keys;
        s->counts = counts;
        s->cap = cap;
    }
    i = (Py_ssize_t)((key * 0x9E3779B97F4A7C15ULL) >> 7) & (s->cap - 1);
    while (s->keys[i] && s->keys[i] != key)
        i = (i + 1) & (s->cap - 1);
    if (!s->keys[i]) {
        s->keys[i] = key;
        s->used++;
        w->held++;
    }
    s->counts[i]++;
    s->last = i;
    return 0;
}

/* ``item`` as an index below ``limit`` in ``out``; ``error`` naming ``what`` when it is not. */
static int
as_index(PyObject *item, Py_ssize_t limit, PyObject *error, const char *what, Py_ssize_t *out)
{
    *out = PyLong_AsSsize_t(item);
    if (*out == -1 && PyErr_Occurred())
        return -1;
    if (*out < 0 || *out >= limit) {
        PyErr_Format(error, "coverage: %s %zd out of range", what, *out);
        return -1;
    }
    return 0;
}

static int
index_of(PyObject *index, PyObject *key, Py_ssize_t limit, Py_ssize_t *found)
{
    PyObject *i = PyDict_GetItemWithError(index, key);
    if (i == NULL) {
        *found = -1;
        return PyErr_Occurred() ? -1 : 0;
    }
    return as_index(i, limit, PyExc_IndexError, "index", found);
}

static int walk(Walker *w, Py_ssize_t step, PyObject *v);

/* Walks ``x`` holding a reference to it: a callback on the way may drop its container's. */
static int
walk_held(Walker *w, Py_ssize_t step, PyObject *x)
{
    int failed;
    Py_INCREF(x);
    failed = walk(w, step, x) < 0;
    Py_DECREF(x);
    return failed ? -1 : 0;
}

/* Each item of a list that is not None. */
static int
walk_items(Walker *w, Py_ssize_t step, PyObject *list)
{
    Py_ssize_t i;
    for (i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *x = PyList_GET_ITEM(list, i);
        if (x != Py_None && walk_held(w, step, x) < 0)
            return -1;
    }
    return 0;
}

/* The pair (a, b), counted if ``index`` documents it. */
static int
count_pair(Walker *w, PyObject *index, PyObject *a, PyObject *b)
{
    Py_ssize_t found;
    int failed;
    PyObject *key = PyTuple_Pack(2, a, b);
    if (key == NULL)
        return -1;
    failed = index_of(index, key, w->npairs, &found) < 0;
    Py_DECREF(key);
    if (failed)
        return -1;
    if (found >= 0)
        w->pairs[found]++;
    return 0;
}

/* The pair (a, b) of a decoded object, remembered by identity: a decoded enumeration's values
 * are the decoder's own objects, the same every time. */
static int
count_pair_seen(Walker *w, Step *s, PyObject *a, PyObject *b)
{
    Py_ssize_t found;
    Py_ssize_t slot = (Py_ssize_t)((((uintptr_t)a >> 4) ^ ((uintptr_t)b >> 3)) & (SEEN - 1));
    PyObject *key;
    if (s->pair_seen[slot][0] == a && s->pair_seen[slot][1] == b) {
        found = s->pair_seen_index[slot];
    }
    else {
        if ((key = PyTuple_Pack(2, a, b)) == NULL)
            return -1;
        if (index_of(s->pairs, key, w->npairs, &found) < 0) {
            Py_DECREF(key);
            return -1;
        }
        Py_DECREF(key);
        Py_XSETREF(s->pair_seen[slot][0], Py_NewRef(a));
        Py_XSETREF(s->pair_seen[slot][1], Py_NewRef(b));
        s->pair_seen_index[slot] = found;
    }
    if (found >= 0)
        w->pairs[found]++;
    return 0;
}

static int add_to(PyObject *list, PyObject *index, Py_ssize_t by);

static int
increment(PyObject *list, PyObject *index)
{
    return add_to(list, index, 1);
}

/* ``list[index] += by``, ``list`` a list of ints. */
static int
add_to(PyObject *list, PyObject *index, Py_ssize_t by)
{
    PyObject *old, *new;
    Py_ssize_t i, count;
    if (as_index(index, PyList_GET_SIZE(list), PyExc_IndexError, "counter", &i) < 0)
        return -1;
    old = PyList_GET_ITEM(list, i);
    if (!PyLong_CheckExact(old)) {
        PyErr_SetString(PyExc_TypeError, "coverage: a counter is not an int");
        return -1;
    }
    count = PyLong_AsSsize_t(old);
    if (count == -1 && PyErr_Occurred())
        return -1;
    new = PyLong_FromSsize_t(count + by);
    if (new == NULL)
        return -1;
    PyList_SET_ITEM(list, i, new);
    Py_DECREF(old);
    return 0;
}

static int
call_other(Walker *w, Step *s, PyObject *v)
{
    PyObject *r = PyObject_CallFunction(w->other, "lO", s->node_id, v);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

static Py_uhash_t
keys_hash(PyObject **keys, Py_ssize_t n)
{
    Py_uhash_t hash = (Py_uhash_t)n;
    Py_ssize_t i;
    for (i = 0; i < n; i++)
        hash = (hash ^ ((Py_uhash_t)(uintptr_t)keys[i] >> 4)) * (Py_uhash_t)0x9E3779B97F4A7C15ULL;
    return hash ^ (hash >> 29);
}

/* The shape held of the key objects ``keys`` (in order), or NULL. Its tuple holds the keys:
 * while it is held, no other object can have their addresses. */
static Held *
known_shape(Step *s, PyObject **keys, Py_ssize_t n, Py_uhash_t hash)
{
    Py_ssize_t i = (Py_ssize_t)(hash & (KNOWN - 1));
    if (s->known == NULL)
        return NULL;
    while (s->known[i].shape != NULL) {
        Held *h = &s->known[i];
        if (h->hash == hash && PyTuple_GET_SIZE(h->shape) == n
            && memcmp(((PyTupleObject *)h->shape)->ob_item, keys, (size_t)n * sizeof(PyObject *))
                   == 0)
            return h;
        i = (i + 1) & (KNOWN - 1);
    }
    return NULL;
}

/* ``shape`` (a tuple of the keys ``keys``) held with its counter index ``found``, and where
 * its keys hold the names of the children and of the pair; NULL when it is not held (a key
 * that is not a string, no room left; or an error, set). */
static Held *
hold_shape(Step *s, PyObject *shape, PyObject *found, Py_uhash_t hash)
{
    Py_ssize_t i, j, n = PyTuple_GET_SIZE(shape);
    Held *h;
    if (s->nknown >= KNOWN / 4 * 3)
        return NULL;
    for (j = 0; j < n; j++) {
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(shape, j)))
            return NULL;
    }
    if (s->known == NULL && (s->known = PyMem_Calloc(KNOWN, sizeof(Held))) == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    i = (Py_ssize_t)(hash & (KNOWN - 1));
    while (s->known[i].shape != NULL)
        i = (i + 1) & (KNOWN - 1);
    h = &s->known[i];
    if ((h->at = PyMem_Calloc((size_t)s->nchild + 2, sizeof(Py_ssize_t))) == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (i = 0; i < s->nchild + 2; i++) {
        PyObject *name = i < s->nchild ? s->names[i] : s->pair_names[i - s->nchild];
        h->at[i] = -1;
        for (j = 0; name != NULL && j < n; j++) {
            PyObject *k = PyTuple_GET_ITEM(shape, j);
            if (k == name
                || (PyUnicode_GET_LENGTH(k) == PyUnicode_GET_LENGTH(name)
                    && PyUnicode_Compare(k, name) == 0)) {  /* strings: cannot fail */
                h->at[i] = j;
                break;
            }
        }
    }
    h->shape = Py_NewRef(shape);
    h->found = Py_NewRef(found);
    h->hash = hash;
    s->nknown++;
    return h;
}

/* The pair and the children of an object of a held shape ``h``, whose values in key order
 * are ``values``: what ``walk_parsed`` looks up by name, taken by position. The children
 * are held first: walking one may run Python code, which could change the object. */
static int
walk_children(Walker *w, Step *s, Held *h, PyObject **values)
{
    PyObject *taken[HELD_KEYS];
    Py_ssize_t i, nchild = s->nchild;
    int failed = 0;
    if (s->pairs != NULL) {
        Py_ssize_t at_a = h->at[nchild], at_b = h->at[nchild + 1];
        if (at_a >= 0 && at_b >= 0 && PyUnicode_CheckExact(values[at_a])
            && PyUnicode_CheckExact(values[at_b])
            && count_pair(w, s->pairs, values[at_a], values[at_b]) < 0)
            return -1;
    }
    for (i = 0; i < nchild; i++)
        taken[i] = h->at[i] >= 0 ? Py_NewRef(values[h->at[i]]) : NULL;
    for (i = 0; i < nchild; i++) {
        PyObject *x = taken[i];
        if (!failed && x != NULL && x != Py_None && walk(w, s->children[i].step, x) < 0)
            failed = 1;
        Py_XDECREF(x);
    }
    return failed ? -1 : 0;
}

/* A parsed value (dicts, lists, scalars, as orjson builds them) of a node: what the Python
 * walk ``_walker_source`` writes for the node does, step for step. */
static int
walk_parsed(Walker *w, Step *s, PyObject *v)
{
    Py_ssize_t i;
    if (s->shapes != NULL && PyDict_CheckExact(v)) {
        PyObject *keys[HELD_KEYS], *values[HELD_KEYS], *shape, *key, *value, *found;
        Py_ssize_t position = 0, n = 0, size = PyDict_GET_SIZE(v);
        Py_uhash_t hash = 0;
        Held *h;
        /* the keys of a shape held, the same objects in the same order, make a tuple equal
         * to it, which finds the same counter (``shapes`` only ever gains shapes) */
        int gathered = size <= HELD_KEYS && s->nchild <= HELD_KEYS;
        if (gathered) {
            while (n < size && PyDict_Next(v, &position, &keys[n], &values[n]))
                n++;
            hash = keys_hash(keys, n);
            if ((h = known_shape(s, keys, n, hash)) != NULL) {
                h->count++;
                return walk_children(w, s, h, values);
            }
        }
        if ((shape = PyTuple_New(size)) == NULL)
            return -1;
        if (gathered) {
            for (n = 0; n < size; n++)
                PyTuple_SET_ITEM(shape, n, Py_NewRef(keys[n]));
        }
        else {
            position = n = 0;
            while (PyDict_Next(v, &position, &key, &value) && n < size) {
                Py_INCREF(key);
                PyTuple_SET_ITEM(shape, n++, key);
            }
        }
        found = PyDict_GetItemWithError(s->shapes, shape);
        if (found != NULL) {
            h = gathered ? hold_shape(s, shape, found, hash) : NULL;
            Py_DECREF(shape);  /* ``shapes`` holds the counter index found */
            if (h == NULL && PyErr_Occurred())
                return -1;
            if (h != NULL) {  /* counted by drain; its children taken by position */
                h->count++;
                return walk_children(w, s, h, values);
            }
            if (increment(w->counters, found) < 0)
                return -1;
        }
        else {
            PyObject *r;
            if (PyErr_Occurred()) {
                Py_DECREF(shape);
                return -1;
            }
            r = PyObject_CallFunction(w->new, "lNO", s->node_id, shape, v);
            if (r == NULL)
                return -1;
            Py_DECREF(r);
        }
        if (s->pairs != NULL) {
            PyObject *a = PyDict_GetItemWithError(v, s->pair_names[0]), *b;
            int failed;
            if (a == NULL)
                a = PyErr_Occurred() ? NULL : Py_None;
            if (a == NULL)
                return -1;
            Py_INCREF(a);  /* looking up b may run a key's __eq__ */
            b = PyDict_GetItemWithError(v, s->pair_names[1]);
            failed = b == NULL && PyErr_Occurred();
            if (!failed && b != NULL && PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b))
                failed = count_pair(w, s->pairs, a, b) < 0;
            Py_DECREF(a);
            if (failed)
                return -1;
        }
        for (i = 0; i < s->nchild; i++) {
            PyObject *x = PyDict_GetItemWithError(v, s->names[i]);
            if (x == NULL && PyErr_Occurred())
                return -1;
            if (x != NULL && x != Py_None && walk_held(w, s->children[i].step, x) < 0)
                return -1;
        }
        return 0;
    }
    if (s->item >= 0 && PyList_CheckExact(v))
        return walk_items(w, s->item, v);
    if (s->values != NULL
        && (PyUnicode_CheckExact(v) || PyLong_CheckExact(v) || PyFloat_CheckExact(v)
            || PyBool_Check(v))) {
        Py_ssize_t index;
        if (PyUnicode_CheckExact(v)) {  /* (str, v) in values: v in str_values */
            if (index_of(s->str_values, v, w->nvalues, &index) < 0)
                return -1;
        }
        else {
            PyObject *typed = PyTuple_Pack(2, (PyObject *)Py_TYPE(v), v);
            if (typed == NULL)
                return -1;
            if (index_of(s->values, typed, w->nvalues, &index) < 0) {
                Py_DECREF(typed);
                return -1;
            }
            Py_DECREF(typed);
        }
        if (index >= 0)
            w->values[index]++;
        else if (s->open && PyUnicode_CheckExact(v))
            return call_other(w, s, v);
    }
    return 0;
}

/* A value of an enumeration (a K_VALUE step): counted if documented, else, a string of an open
 * one, handed to ``other``. ``v`` may be borrowed: the only Python code run is ``other``'s,
 * whose arguments hold it. */
static int
count_value(Walker *w, Step *s, PyObject *v)
{
    Py_ssize_t found, slot = (Py_ssize_t)(((uintptr_t)v >> 4) & (SEEN - 1));
    if (s->seen[slot] == v) {  /* held: the same object, the same lookup */
        found = s->seen_index[slot];
    }
    else if (index_of(s->ref, v, w->nvalues, &found) < 0) {
        if (!PyErr_ExceptionMatches(PyExc_TypeError))  /* unhashable: not a value */
            return -1;
        PyErr_Clear();
    }
    else {
        Py_XSETREF(s->seen[slot], Py_NewRef(v));
        s->seen_index[slot] = found;
    }
    if (found >= 0)
        w->values[found]++;
    else if (s->open && PyUnicode_CheckExact(v))
        return call_other(w, s, v);
    return 0;
}

static int
walk_struct(Walker *w, Step *s, PyObject *v)
{
    uint64_t mask = 0;
    Py_ssize_t i;
    if (Py_TYPE(v) != (PyTypeObject *)s->ref) {
        PyErr_Format(PyExc_TypeError, "coverage: expected %s, got %s",
                     ((PyTypeObject *)s->ref)->tp_name, Py_TYPE(v)->tp_name);
        return -1;
    }
    for (i = 0; i < s->nopt; i++) {
        PyObject *x = SLOT(v, s->opt[i]);
        if (x == NULL || x == w->unset)
            mask |= (uint64_t)1 << i;
    }
    if (count_mask(w, s, mask) < 0)
        return -1;
    if (s->pairs != NULL) {
        PyObject *a = SLOT(v, s->pair_a), *b = SLOT(v, s->pair_b);
        if (a != NULL && b != NULL && count_pair_seen(w, s, a, b) < 0)
            return -1;
    }
    for (i = 0; i < s->nchild; i++) {
        PyObject *x = SLOT(v, s->children[i].offset);
        if (x != NULL && x != w->unset && x != Py_None) {
            Py_ssize_t step = s->children[i].step;
            Step *c = &w->steps[step];
            if (c->kind == K_VALUE ? count_value(w, c, x) < 0 : walk_held(w, step, x) < 0)
                return -1;
        }
    }
    return 0;
}

static int
walk(Walker *w, Py_ssize_t step, PyObject *v)
{
    Step *s = &w->steps[step];
    switch (s->kind) {
    case K_STRUCT:
        return walk_struct(w, s, v);
    case K_LIST:
        if (!PyList_Check(v)) {
            PyErr_Format(PyExc_TypeError, "coverage: expected a list, got %s",
                         Py_TYPE(v)->tp_name);
            return -1;
        }
        return walk_items(w, s->item, v);
    case K_VALUE:
        return count_value(w, s, v);
    case K_PARSED:
        return walk_parsed(w, s, v);
    default: {
        PyObject *r = PyObject_CallOneArg(s->ref, v);
        if (r == NULL)
            return -1;
        Py_DECREF(r);
        return 0;
    }
    }
}

static Py_ssize_t
slot_offset(PyObject *cls, PyObject *name)
{
    PyObject *descr = PyObject_GetAttr(cls, name);
    Py_ssize_t offset;
    if (descr == NULL)
        return -1;
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type)
        || (((PyMemberDescrObject *)descr)->d_member->type != T_OBJECT_EX
            && ((PyMemberDescrObject *)descr)->d_member->type != T_OBJECT)) {
        PyErr_Format(PyExc_TypeError, "coverage: %R is not a slot of %R", name, cls);
        Py_DECREF(descr);
        return -1;
    }
    offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    Py_DECREF(descr);
    return offset;
}

static int
step_index(PyObject *item, Py_ssize_t nsteps, Py_ssize_t *out)
{
    return as_index(item, nsteps, PyExc_ValueError, "step", out);
}

static int
make_step(Step *s, PyObject *spec, Py_ssize_t nsteps)
{
    const char *kind;
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) < 2
        || !PyUnicode_Check(PyTuple_GET_ITEM(spec, 0))) {
        PyErr_SetString(PyExc_ValueError, "coverage: a step is (kind, ...)");
        return -1;
    }
    kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(spec, 0));
    if (kind == NULL)
        return -1;
    if (strcmp(kind, "struct") == 0) {
        PyObject *cls, *optional, *children, *pair;
        Py_ssize_t i;
        if (!PyArg_ParseTuple(spec, "slO!O!O!O", &kind, &s->node_id, &PyType_Type, &cls,
                              &PyTuple_Type, &optional, &PyTuple_Type, &children, &pair))
            return -1;
        s->kind = K_STRUCT;
        Py_INCREF(cls);
        s->ref = cls;
        if (PyTuple_GET_SIZE(optional) > 63) {
            PyErr_SetString(PyExc_ValueError, "coverage: more than 63 optional fields");
            return -1;
        }
        s->nopt = PyTuple_GET_SIZE(optional);
        s->opt = PyMem_Calloc((size_t)s->nopt + 1, sizeof(Py_ssize_t));
        s->nchild = PyTuple_GET_SIZE(children);
        s->children = PyMem_Calloc((size_t)s->nchild + 1, sizeof(Child));
        if (s->opt == NULL || s->children == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (i = 0; i < s->nopt; i++) {
            if ((s->opt[i] = slot_offset(cls, PyTuple_GET_ITEM(optional, i))) < 0)
                return -1;
        }
        for (i = 0; i < s->nchild; i++) {
            PyObject *child = PyTuple_GET_ITEM(children, i);
            if (!PyTuple_Check(child) || PyTuple_GET_SIZE(child) != 2) {
                PyErr_SetString(PyExc_ValueError, "coverage: a child is (name, step)");
                return -1;
            }
            if ((s->children[i].offset = slot_offset(cls, PyTuple_GET_ITEM(child, 0))) < 0)
                return -1;
            if (step_index(PyTuple_GET_ITEM(child, 1), nsteps, &s->children[i].step) < 0)
                return -1;
        }
        if (pair != Py_None) {
            PyObject *index;
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 3
                || !PyDict_Check(PyTuple_GET_ITEM(pair, 2))) {
                PyErr_SetString(PyExc_ValueError, "coverage: a pair is (name, name, dict)");
                return -1;
            }
            if ((s->pair_a = slot_offset(cls, PyTuple_GET_ITEM(pair, 0))) < 0)
                return -1;
            if ((s->pair_b = slot_offset(cls, PyTuple_GET_ITEM(pair, 1))) < 0)
                return -1;
            index = PyTuple_GET_ITEM(pair, 2);
            Py_INCREF(index);
            s->pairs = index;
        }
        return 0;
    }
    if (strcmp(kind, "list") == 0) {
        if (PyTuple_GET_SIZE(spec) != 2)
            goto bad;
        s->kind = K_LIST;
        return step_index(PyTuple_GET_ITEM(spec, 1), nsteps, &s->item);
    }
    if (strcmp(kind, "value") == 0) {
        PyObject *index;
        int open;
        if (!PyArg_ParseTuple(spec, "slO!p", &kind, &s->node_id, &PyDict_Type, &index, &open))
            return -1;
        s->kind = K_VALUE;
        Py_INCREF(index);
        s->ref = index;
        s->open = open;
        return 0;
    }
    if (strcmp(kind, "parsed") == 0) {
        /* ("parsed", node_id, shapes or None, ((name, step), ...), pair or None,
         *  items step or -1, values or None, open) */
        PyObject *shapes, *children, *pair, *item, *values;
        int open;
        Py_ssize_t i;
        if (!PyArg_ParseTuple(spec, "slOO!OOOp", &kind, &s->node_id, &shapes, &PyTuple_Type,
                              &children, &pair, &item, &values, &open))
            return -1;
        s->kind = K_PARSED;
        s->open = open;
        if (shapes != Py_None) {
            if (!PyDict_Check(shapes))
                goto bad;
            s->shapes = Py_NewRef(shapes);
        }
        if (values != Py_None) {
            PyObject *key, *index;
            Py_ssize_t position = 0;
            if (!PyDict_Check(values))
                goto bad;
            s->values = Py_NewRef(values);
            if ((s->str_values = PyDict_New()) == NULL)
                return -1;
            while (PyDict_Next(values, &position, &key, &index)) {
                if (PyTuple_CheckExact(key) && PyTuple_GET_SIZE(key) == 2
                    && PyTuple_GET_ITEM(key, 0) == (PyObject *)&PyUnicode_Type
                    && PyUnicode_CheckExact(PyTuple_GET_ITEM(key, 1))
                    && PyDict_SetItem(s->str_values, PyTuple_GET_ITEM(key, 1), index) < 0)
                    return -1;
            }
        }
        s->item = -1;
        if (item != Py_None && step_index(item, nsteps, &s->item) < 0)
            return -1;
        s->nchild = PyTuple_GET_SIZE(children);
        s->children = PyMem_Calloc((size_t)s->nchild + 1, sizeof(Child));
        s->names = PyMem_Calloc((size_t)s->nchild + 1, sizeof(PyObject *));
        if (s->children == NULL || s->names == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (i = 0; i < s->nchild; i++) {
            PyObject *child = PyTuple_GET_ITEM(children, i);
            if (!PyTuple_Check(child) || PyTuple_GET_SIZE(child) != 2
                || !PyUnicode_CheckExact(PyTuple_GET_ITEM(child, 0))) {
                PyErr_SetString(PyExc_ValueError, "coverage: a child is (name, step)");
                return -1;
            }
            s->names[i] = Py_NewRef(PyTuple_GET_ITEM(child, 0));
            if (step_index(PyTuple_GET_ITEM(child, 1), nsteps, &s->children[i].step) < 0)
                return -1;
        }
        if (pair != Py_None) {
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 3
                || !PyUnicode_CheckExact(PyTuple_GET_ITEM(pair, 0))
                || !PyUnicode_CheckExact(PyTuple_GET_ITEM(pair, 1))
                || !PyDict_Check(PyTuple_GET_ITEM(pair, 2))) {
                PyErr_SetString(PyExc_ValueError, "coverage: a pair is (name, name, dict)");
                return -1;
            }
            s->pair_names[0] = Py_NewRef(PyTuple_GET_ITEM(pair, 0));
            s->pair_names[1] = Py_NewRef(PyTuple_GET_ITEM(pair, 1));
            s->pairs = Py_NewRef(PyTuple_GET_ITEM(pair, 2));
        }
        return 0;
    }
    if (strcmp(kind, "call") == 0) {
        if (PyTuple_GET_SIZE(spec) != 2 || !PyCallable_Check(PyTuple_GET_ITEM(spec, 1)))
            goto bad;
        s->kind = K_CALL;
        s->ref = Py_NewRef(PyTuple_GET_ITEM(spec, 1));
        return 0;
    }
bad:
    PyErr_Format(PyExc_ValueError, "coverage: a step %R", spec);
    return -1;
}

static void
free_steps(Step *steps, Py_ssize_t nsteps)
{
    Py_ssize_t i;
    if (steps == NULL)
        return;
    for (i = 0; i < nsteps; i++) {
        Step *s = &steps[i];
        Py_ssize_t j;
        Py_CLEAR(s->ref);
        Py_CLEAR(s->pairs);
        Py_CLEAR(s->shapes);
        Py_CLEAR(s->values);
        Py_CLEAR(s->pair_names[0]);
        Py_CLEAR(s->pair_names[1]);
        Py_CLEAR(s->str_values);
        for (j = 0; s->known != NULL && j < KNOWN; j++) {
            Py_CLEAR(s->known[j].shape);
            Py_CLEAR(s->known[j].found);
            PyMem_Free(s->known[j].at);
        }
        PyMem_Free(s->known);
        for (j = 0; j < SEEN; j++) {
            Py_CLEAR(s->seen[j]);
            Py_CLEAR(s->pair_seen[j][0]);
            Py_CLEAR(s->pair_seen[j][1]);
        }
        if (s->names != NULL) {
            for (j = 0; j < s->nchild; j++)
                Py_CLEAR(s->names[j]);
            PyMem_Free(s->names);
        }
        PyMem_Free(s->opt);
        PyMem_Free(s->children);
        PyMem_Free(s->keys);
        PyMem_Free(s->counts);
    }
    PyMem_Free(steps);
}

/* Back to a walker without a program (what walk refuses): everything it held let go. */
static void
forget(Walker *w)
{
    Step *steps = w->steps;
    Py_ssize_t nsteps = w->nsteps;
    w->steps = NULL;
    w->nsteps = 0;
    w->held = 0;
    free_steps(steps, nsteps);
    PyMem_Free(w->values);
    PyMem_Free(w->pairs);
    w->values = w->pairs = NULL;
    w->nvalues = w->npairs = 0;
    Py_CLEAR(w->unset);
    Py_CLEAR(w->other);
    Py_CLEAR(w->counters);
    Py_CLEAR(w->new);
}

static int
Walker_init(Walker *w, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"program", "values", "pairs", "unset", "other", "counters", "new",
                            NULL};
    PyObject *program, *unset, *other, *counters = Py_None, *new = Py_None, *items;
    Py_ssize_t nvalues, npairs, nsteps, i;
    Step *steps = NULL;
    uint64_t *values = NULL, *pairs = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!nnOO|$OO", names, &PyList_Type, &program,
                                     &nvalues, &npairs, &unset, &other, &counters, &new))
        return -1;
    if (counters != Py_None && !PyList_CheckExact(counters)) {
        PyErr_SetString(PyExc_TypeError, "coverage: counters is a list");
        return -1;
    }
    if (w->busy) {
        PyErr_SetString(PyExc_RuntimeError, "coverage: the walker is walking");
        return -1;
    }
    if (nvalues < 0 || npairs < 0) {
        PyErr_SetString(PyExc_ValueError, "coverage: negative sizes");
        return -1;
    }
    forget(w);
    /* the program is copied (a step's check may run Python code that changes the list), the
     * steps made apart, and the walker given them only when every one is made */
    items = PySequence_Tuple(program);
    if (items == NULL)
        return -1;
    nsteps = PyTuple_GET_SIZE(items);
    steps = PyMem_Calloc((size_t)nsteps + 1, sizeof(Step));
    values = PyMem_Calloc((size_t)nvalues + 1, sizeof(uint64_t));
    pairs = PyMem_Calloc((size_t)npairs + 1, sizeof(uint64_t));
    if (steps == NULL || values == NULL || pairs == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (i = 0; i < nsteps; i++) {
        if (make_step(&steps[i], PyTuple_GET_ITEM(items, i), nsteps) < 0)
            goto fail;
        if (steps[i].shapes != NULL && (counters == Py_None || !PyCallable_Check(new))) {
            PyErr_SetString(PyExc_TypeError, "coverage: parsed objects need counters and new");
            goto fail;
        }
    }
    if (w->busy || w->steps != NULL) {  /* a step's check re-entered the walker */
        PyErr_SetString(PyExc_RuntimeError, "coverage: the walker changed while being made");
        goto fail;
    }
    Py_DECREF(items);
    w->steps = steps;
    w->nsteps = nsteps;
    w->values = values;
    w->nvalues = nvalues;
    w->pairs = pairs;
    w->npairs = npairs;
    w->unset = Py_NewRef(unset);
    w->other = Py_NewRef(other);
    w->counters = Py_NewRef(counters);
    w->new = Py_NewRef(new);
    return 0;
fail:
    Py_DECREF(items);
    free_steps(steps, nsteps);
    PyMem_Free(values);
    PyMem_Free(pairs);
    return -1;
}

static void
Walker_dealloc(Walker *w)
{
    PyObject_GC_UnTrack(w);
    forget(w);
    Py_TYPE(w)->tp_free((PyObject *)w);
}

static int
Walker_traverse(Walker *w, visitproc visit, void *arg)
{
    Py_ssize_t i, j;
    Py_VISIT(w->unset);
    Py_VISIT(w->other);
    Py_VISIT(w->counters);
    Py_VISIT(w->new);
    for (i = 0; w->steps != NULL && i < w->nsteps; i++) {
        Py_VISIT(w->steps[i].ref);
        Py_VISIT(w->steps[i].pairs);
        Py_VISIT(w->steps[i].shapes);
        Py_VISIT(w->steps[i].values);
        Py_VISIT(w->steps[i].str_values);
        for (j = 0; w->steps[i].known != NULL && j < KNOWN; j++) {
            Py_VISIT(w->steps[i].known[j].shape);
            Py_VISIT(w->steps[i].known[j].found);
        }
        for (j = 0; j < SEEN; j++) {
            Py_VISIT(w->steps[i].seen[j]);
            Py_VISIT(w->steps[i].pair_seen[j][0]);
            Py_VISIT(w->steps[i].pair_seen[j][1]);
        }
    }
    return 0;
}

static int
Walker_clear(Walker *w)
{
    if (!w->busy)
        forget(w);
    return 0;
}

static PyObject *
Walker_walk(Walker *w, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t step;
    int failed;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "walk(step, value)");
        return NULL;
    }
    if (w->steps == NULL || w->unset == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "coverage: the walker has no program");
        return NULL;
    }
    if (w->busy) {
        PyErr_SetString(PyExc_RuntimeError, "coverage: the walker is walking");
        return NULL;
    }
    if (step_index(args[0], w->nsteps, &step) < 0)
        return NULL;
    w->busy = 1;
    failed = walk(w, step, args[1]) < 0;
    w->busy = 0;
    if (failed)
        return NULL;
    return PyLong_FromSsize_t(w->held);
}

static int
append_count(PyObject *list, PyObject *item)
{
    int r;
    if (item == NULL)
        return -1;
    r = PyList_Append(list, item);
    Py_DECREF(item);
    return r;
}

static PyObject *
Walker_drain(Walker *w, PyObject *Py_UNUSED(ignored))
{
    PyObject *masks = PyList_New(0), *values = PyList_New(0), *pairs = PyList_New(0);
    Py_ssize_t i, j;
    if (w->busy) {
        PyErr_SetString(PyExc_RuntimeError, "coverage: the walker is walking");
        goto fail;
    }
    if (masks == NULL || values == NULL || pairs == NULL)
        goto fail;
    /* the parsed objects of held shapes, into the shape counters */
    for (i = 0; w->steps != NULL && i < w->nsteps; i++) {
        Step *s = &w->steps[i];
        for (j = 0; s->known != NULL && j < KNOWN; j++) {
            Held *h = &s->known[j];
            if (h->shape != NULL && h->count) {
                if (add_to(w->counters, h->found, h->count) < 0)
                    goto fail;
                h->count = 0;
            }
        }
    }
    for (i = 0; w->steps != NULL && i < w->nsteps; i++) {
        Step *s = &w->steps[i];
        if (s->kind != K_STRUCT)
            continue;
        for (j = 0; j < s->cap; j++) {
            if (s->keys[j] && s->counts[j]) {
                if (append_count(masks, Py_BuildValue("(lKK)", s->node_id,
                                                      (unsigned long long)(s->keys[j] - 1),
                                                      (unsigned long long)s->counts[j])) < 0)
                    goto fail;
            }
        }
    }
    for (i = 0; w->values != NULL && i < w->nvalues; i++) {
        if (w->values[i] && append_count(values, Py_BuildValue("(nK)", i,
                                                 (unsigned long long)w->values[i])) < 0)
            goto fail;
    }
    for (i = 0; w->pairs != NULL && i < w->npairs; i++) {
        if (w->pairs[i] && append_count(pairs, Py_BuildValue("(nK)", i,
                                                (unsigned long long)w->pairs[i])) < 0)
            goto fail;
    }
    /* handed back: forget them, and the tables with them */
    for (i = 0; w->steps != NULL && i < w->nsteps; i++) {
        Step *s = &w->steps[i];
        PyMem_Free(s->keys);
        PyMem_Free(s->counts);
        s->keys = s->counts = NULL;
        s->cap = s->used = s->last = 0;
    }
    w->held = 0;
    if (w->values != NULL)
        memset(w->values, 0, (size_t)w->nvalues * sizeof(uint64_t));
    if (w->pairs != NULL)
        memset(w->pairs, 0, (size_t)w->npairs * sizeof(uint64_t));
    return Py_BuildValue("(NNN)", masks, values, pairs);
fail:
    Py_XDECREF(masks);
    Py_XDECREF(values);
    Py_XDECREF(pairs);
    return NULL;
}

static PyMethodDef Walker_methods[] = {
    {"walk", (PyCFunction)(void (*)(void))Walker_walk, METH_FASTCALL,
     "walk(step, value) -> held: count a value from a step of the program; how many distinct "
     "masks the walker now holds (drain lets them go)"},
    {"drain", (PyCFunction)Walker_drain, METH_NOARGS,
     "drain() -> (masks, values, pairs): the counts since the last drain, then forgotten; "
     "the objects of shapes it holds (parsed) first added to its counters"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WalkerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "modelarts_validators.run._counting.Walker",
    .tp_basicsize = sizeof(Walker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Walker(program, values, pairs, unset, other): counts decoded bodies",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Walker_init,
    .tp_dealloc = (destructor)Walker_dealloc,
    .tp_traverse = (traverseproc)Walker_traverse,
    .tp_clear = (inquiry)Walker_clear,
    .tp_methods = Walker_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "modelarts_validators.run._counting",
    .m_doc = "Coverage counting of decoded bodies (see run/coverage.py).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__counting(void)
{
    PyObject *m;
    if (PyType_Ready(&WalkerType) < 0)
        return NULL;
    m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&WalkerType);
    if (PyModule_AddObject(m, "Walker", (PyObject *)&WalkerType) < 0) {
        Py_DECREF(&WalkerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
