/* analysis._native: hot loops of reading and counting in C (optional; see setup.py).
 *
 * Each has a pure-Python equivalent that gives the same results, used by editable and
 * pure-Python installs.
 *
 * ChunkTable: the words analysis' chunk coder. A ChunkTable maps the white-space chunks of a
 * text (exactly the items of ``text.split()``) to int64 codes. ``encode(text)`` returns the
 * codes of a text's chunks, in order, as the bytes of an int64 array. A chunk seen for the
 * first time is made a str and handed to the table's ``missing`` callable, which returns its
 * code; the table remembers it.
 *
 * The pure-Python equivalent is ``analysis.frequencies._CodeCache`` with
 * ``array("q", map(cache.__getitem__, text.split()))``; this does the same work without a
 * str object or a dict lookup per chunk: an open-addressing table keyed by the chunk's code
 * points (so a chunk has one key whatever the width of the str that holds it).
 * tests/test_frequencies.py checks that both give the same codes.
 *
 * reflow_joined(body): ``analysis.corpus.reflow`` for its common case (see there), or None
 * when the body is not of that case. tests/test_corpus.py checks it against the Python code.
 *
 * segment_spans(text, titles, others, starters): ``analysis.segment.segment_spans_python``
 * (paragraphs, sentences and the paragraph of each sentence), the same rules in one pass
 * each for paragraphs and for candidate end marks; the abbreviation and sentence-starter
 * sets are the Python ones, so a word is looked up exactly as there. tests/test_segment.py
 * checks it against the Python code. segment_counts: the same scan, returning only the
 * numbers of paragraphs and sentences (the articles table's columns), without the spans.
 *
 * packed_sum(codes, shift): the sum of int64 codes shifted right (the word counts packed in
 * the words analysis' chunk codes: ``ArticleItems.word_count``), without a Python int each.
 *
 * expand, first_in_article: two steps of WordAccumulator.flush in one pass each, instead of
 * numpy's masks and a sort; tests/test_frequencies.py compares the counts. (Counting the
 * bigrams in a hash table was slower than numpy's sort: the table's cache misses.)
 *
 * The scans that quote and speaker extraction repeats on every article, each the matches of
 * a regular expression of analysis.speakers or analysis.quotes (or a count of them), which
 * the Python code uses where this module is not built: count_words (segment._WORD_RE),
 * name_tokens (speakers._tokens), lower_words (speakers._LOWER_WORD), capital_stretches
 * (speakers._CAPITAL_STRETCH), pronoun_counts (speakers._PRONOUN_ACTING), and words_in_set
 * with word_filter (the cue scan of quotes._cues). tests/test_speakers.py, test_quotes.py and
 * test_segment.py compare each with the pattern on random texts.
 *
 * KeyMatcher: the country forms' Aho-Corasick automaton as a full table of transitions, with
 * the selection of countries._candidate_spans_python (matches not inside a word, the longest
 * of overlapping ones); tests/test_countries.py compares it with pyahocorasick's matches.
 *
 * csv_lines: the lines Python's csv writer writes for rows of plain values (the row and
 * frame tables' CSV, analysis.spool._plain_lines_python), with the check of which values
 * pandas would write the same (spool.PlainColumns.rules); tests/test_spool.py compares it
 * with the Python code and the writer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t hash; /* 0: empty slot */
    int64_t code;
    size_t offset; /* first code point in the pool */
    Py_ssize_t length;
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask; /* capacity - 1, capacity a power of two */
    Py_ssize_t used;
    Py_UCS4 *pool;
    size_t pool_used;
    size_t pool_capacity;
    PyObject *missing;
} ChunkTable;

#define INITIAL_CAPACITY 1024

static int
table_alloc(ChunkTable *self, size_t capacity)
{
    self->slots = PyMem_Calloc(capacity, sizeof(Slot));
    if (self->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->mask = capacity - 1;
    self->used = 0;
    self->pool_used = 0;
    return 0;
}

static int
ChunkTable_init(ChunkTable *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"missing", NULL};
    PyObject *missing;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:ChunkTable", keywords, &missing)) {
        return -1;
    }
    if (!PyCallable_Check(missing)) {
        PyErr_SetString(PyExc_TypeError, "missing must be callable");
        return -1;
    }
    Py_INCREF(missing);
    Py_XSETREF(self->missing, missing);
    PyMem_Free(self->slots);
    PyMem_Free(self->pool);
    self->pool = NULL;
    self->pool_capacity = 0;
    return table_alloc(self, INITIAL_CAPACITY);
}

static void
ChunkTable_dealloc(ChunkTable *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->missing);
    PyMem_Free(self->slots);
    PyMem_Free(self->pool);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
ChunkTable_traverse(ChunkTable *self, visitproc visit, void *arg)
{
    Py_VISIT(self->missing);
    return 0;
}

static int
ChunkTable_clear_refs(ChunkTable *self)
{
    Py_CLEAR(self->missing);
    return 0;
}

static int
grow(ChunkTable *self)
{
    size_t old_capacity = self->mask + 1;
    size_t capacity = old_capacity * 2;
    Slot *old = self->slots;
    Slot *slots = PyMem_Calloc(capacity, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t mask = capacity - 1;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].hash) {
            size_t index = old[i].hash & mask;
            while (slots[index].hash) {
                index = (index + 1) & mask;
            }
            slots[index] = old[i];
        }
    }
    PyMem_Free(old);
    self->slots = slots;
    self->mask = mask;
    return 0;
}

static int
pool_reserve(ChunkTable *self, Py_ssize_t length)
{
    size_t needed = self->pool_used + (size_t)length;
    if (needed <= self->pool_capacity) {
        return 0;
    }
    size_t capacity = self->pool_capacity ? self->pool_capacity : 16384;
    while (capacity < needed) {
        capacity *= 2;
    }
    Py_UCS4 *pool = PyMem_Realloc(self->pool, capacity * sizeof(Py_UCS4));
    if (pool == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->pool = pool;
    self->pool_capacity = capacity;
    return 0;
}

/* The code of a chunk seen for the first time: asks ``missing`` and stores the answer. */
static int
add_chunk(ChunkTable *self, PyObject *text, Py_ssize_t start, Py_ssize_t end, uint64_t hash,
          int64_t *code)
{
    PyObject *chunk = PyUnicode_Substring(text, start, end);
    if (chunk == NULL) {
        return -1;
    }
    PyObject *answer = PyObject_CallOneArg(self->missing, chunk);
    Py_DECREF(chunk);
    if (answer == NULL) {
        return -1;
    }
    long long value = PyLong_AsLongLong(answer);
    Py_DECREF(answer);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    Py_ssize_t length = end - start;
    if (pool_reserve(self, length) < 0) {
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *target = self->pool + self->pool_used;
    for (Py_ssize_t i = 0; i < length; i++) {
        target[i] = PyUnicode_READ(kind, data, start + i);
    }
    /* probe here, after ``missing``: had it re-entered this table, the slots would differ */
    size_t index = hash & self->mask;
    while (self->slots[index].hash) {
        index = (index + 1) & self->mask;
    }
    Slot *slot = &self->slots[index];
    slot->hash = hash;
    slot->code = value;
    slot->offset = self->pool_used;
    slot->length = length;
    self->pool_used += (size_t)length;
    self->used += 1;
    *code = value;
    if ((size_t)self->used * 2 > self->mask + 1) {
        return grow(self);
    }
    return 0;
}

#define MIX(h) ((h) ^ ((h) >> 31))

/* One encoder per code-unit width: CHAR is Py_UCS1, Py_UCS2 or Py_UCS4. */
#define DEFINE_ENCODE(NAME, CHAR)                                                              \
    static Py_ssize_t NAME(ChunkTable *self, PyObject *text, const CHAR *data, Py_ssize_t size, \
                           int64_t *out)                                                        \
    {                                                                                           \
        Py_ssize_t count = 0;                                                                   \
        Py_ssize_t i = 0;                                                                       \
        while (1) {                                                                             \
            while (i < size && Py_UNICODE_ISSPACE(data[i])) {                                   \
                i++;                                                                            \
            }                                                                                   \
            if (i >= size) {                                                                    \
                break;                                                                          \
            }                                                                                   \
            Py_ssize_t start = i;                                                               \
            uint64_t hash = 0xcbf29ce484222325ULL;                                              \
            while (i < size && !Py_UNICODE_ISSPACE(data[i])) {                                  \
                hash = (hash ^ (uint64_t)data[i]) * 0x100000001b3ULL;                           \
                i++;                                                                            \
            }                                                                                   \
            Py_ssize_t length = i - start;                                                      \
            hash = MIX(hash ^ (uint64_t)length) * 0x9e3779b97f4a7c15ULL;                        \
            hash = MIX(hash);                                                                   \
            if (hash == 0) {                                                                    \
                hash = 1;                                                                       \
            }                                                                                   \
            size_t index = hash & self->mask;                                                   \
            int64_t code = 0;                                                                   \
            int found = 0;                                                                      \
            while (self->slots[index].hash) {                                                   \
                Slot *slot = &self->slots[index];                                               \
                if (slot->hash == hash && slot->length == length) {                             \
                    const Py_UCS4 *key = self->pool + slot->offset;                             \
                    Py_ssize_t k = 0;                                                           \
                    while (k < length && key[k] == (Py_UCS4)data[start + k]) {                  \
                        k++;                                                                    \
                    }                                                                           \
                    if (k == length) {                                                          \
                        code = slot->code;                                                      \
                        found = 1;                                                              \
                        break;                                                                  \
                    }                                                                           \
                }                                                                               \
                index = (index + 1) & self->mask;                                               \
            }                                                                                   \
            if (!found && add_chunk(self, text, start, i, hash, &code) < 0) {            \
                return -1;                                                                      \
            }                                                                                   \
            out[count++] = code;                                                                \
        }                                                                                       \
        return count;                                                                           \
    }

DEFINE_ENCODE(encode_ucs1, Py_UCS1)
DEFINE_ENCODE(encode_ucs2, Py_UCS2)
DEFINE_ENCODE(encode_ucs4, Py_UCS4)

static PyObject *
ChunkTable_encode(ChunkTable *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "encode() needs a str");
        return NULL;
    }
    if (self->slots == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "ChunkTable not initialised");
        return NULL;
    }
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    /* at most one chunk per two code points (a chunk and its separator) */
    Py_ssize_t most = size / 2 + 1;
    PyObject *result = PyBytes_FromStringAndSize(NULL, most * (Py_ssize_t)sizeof(int64_t));
    if (result == NULL) {
        return NULL;
    }
    int64_t *out = (int64_t *)PyBytes_AS_STRING(result);
    Py_ssize_t count;
    /* ``missing`` may call back into Python: keep the text alive and its data in place */
    Py_INCREF(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        count = encode_ucs1(self, text, PyUnicode_1BYTE_DATA(text), size, out);
        break;
    case PyUnicode_2BYTE_KIND:
        count = encode_ucs2(self, text, PyUnicode_2BYTE_DATA(text), size, out);
        break;
    default:
        count = encode_ucs4(self, text, PyUnicode_4BYTE_DATA(text), size, out);
        break;
    }
    Py_DECREF(text);
    if (count < 0) {
        Py_DECREF(result);
        return NULL;
    }
    if (_PyBytes_Resize(&result, count * (Py_ssize_t)sizeof(int64_t)) < 0) {
        return NULL;
    }
    return result;
}

static PyObject *
ChunkTable_clear(ChunkTable *self, PyObject *Py_UNUSED(ignored))
{
    PyMem_Free(self->slots);
    self->slots = NULL;
    if (table_alloc(self, INITIAL_CAPACITY) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static Py_ssize_t
ChunkTable_len(ChunkTable *self)
{
    return self->used;
}

static PyMethodDef ChunkTable_methods[] = {
    {"encode", (PyCFunction)ChunkTable_encode, METH_O,
     "encode(text) -> bytes: the int64 codes of text.split(), in order"},
    {"clear", (PyCFunction)ChunkTable_clear, METH_NOARGS, "Forget every chunk."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods ChunkTable_as_sequence = {
    .sq_length = (lenfunc)ChunkTable_len,
};

static PyTypeObject ChunkTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "analysis._native.ChunkTable",
    .tp_doc = PyDoc_STR("ChunkTable(missing): white-space chunk -> int64 code, made on first "
                        "sight by missing(chunk)."),
    .tp_basicsize = sizeof(ChunkTable),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)ChunkTable_init,
    .tp_dealloc = (destructor)ChunkTable_dealloc,
    .tp_traverse = (traverseproc)ChunkTable_traverse,
    .tp_clear = (inquiry)ChunkTable_clear_refs,
    .tp_methods = ChunkTable_methods,
    .tp_as_sequence = &ChunkTable_as_sequence,
};


/* --- KeyMatcher: the country forms' automaton ------------------------------------------- */

/* KeyMatcher(keys, values): every occurrence of the keys (case-sensitive strings) in a text,
 * by an Aho-Corasick automaton made a full table of transitions (a node's row: one entry per
 * character of the keys, and one for every other character). ``spans(text)`` returns what
 * countries._candidate_spans_python returns from pyahocorasick's matches: (start, end, value)
 * of each match not inside a word (the characters around it not alphanumeric, as
 * ``str.isalnum`` says), the longest of overlapping ones first, without overlaps, in text
 * order. tests/test_countries.py compares both on corpora and random texts.
 */
typedef struct {
    PyObject_HEAD
    int32_t *delta;   /* nodes * width: the next node */
    int32_t *key_at;  /* node -> the key ending there, or -1 */
    int32_t *link;    /* node -> the next node on its suffix chain where a key ends, or -1 */
    Py_ssize_t *lengths; /* key -> its length */
    PyObject *values;    /* list: key -> value */
    Py_ssize_t width;    /* classes of characters: 0 (none of the keys') and one a character */
    unsigned char latin1[256];
    Py_UCS4 *wide;       /* characters >= 256 of the keys, sorted; class = 1 + n_latin1 + i */
    Py_ssize_t n_wide;
    int wide_base;
} KeyMatcher;

static inline Py_ssize_t
matcher_class(const KeyMatcher *self, Py_UCS4 c)
{
    if (c < 256) {
        return self->latin1[c];
    }
    Py_ssize_t low = 0, high = self->n_wide;
    while (low < high) {
        Py_ssize_t middle = (low + high) / 2;
        if (self->wide[middle] < c) {
            low = middle + 1;
        }
        else {
            high = middle;
        }
    }
    return low < self->n_wide && self->wide[low] == c ? self->wide_base + low : 0;
}

static int
compare_ucs4(const void *a, const void *b)
{
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return (x > y) - (x < y);
}

static void
KeyMatcher_free_tables(KeyMatcher *self)
{
    PyMem_Free(self->delta);
    PyMem_Free(self->key_at);
    PyMem_Free(self->link);
    PyMem_Free(self->lengths);
    PyMem_Free(self->wide);
    self->delta = self->key_at = self->link = NULL;
    self->lengths = NULL;
    self->wide = NULL;
}

static int
KeyMatcher_init(KeyMatcher *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"keys", "values", NULL};
    PyObject *keys, *values;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!:KeyMatcher", keywords, &PyList_Type,
                                     &keys, &PyList_Type, &values)) {
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(keys);
    if (PyList_GET_SIZE(values) != n) {
        PyErr_SetString(PyExc_ValueError, "KeyMatcher: one value a key");
        return -1;
    }
    KeyMatcher_free_tables(self);
    Py_INCREF(values);
    Py_XSETREF(self->values, values);
    /* the characters of the keys */
    int seen[256] = {0};
    Py_ssize_t total = 0, n_wide = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_TypeError, "KeyMatcher: keys must be non-empty str");
            return -1;
        }
        total += PyUnicode_GET_LENGTH(key);
    }
    self->wide = PyMem_Malloc((size_t)(total + 1) * sizeof(Py_UCS4));
    self->lengths = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (self->wide == NULL || self->lengths == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        Py_ssize_t length = PyUnicode_GET_LENGTH(key);
        self->lengths[k] = length;
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(key, i);
            if (c < 256) {
                seen[c] = 1;
            }
            else {
                self->wide[n_wide++] = c;
            }
        }
    }
    qsort(self->wide, (size_t)n_wide, sizeof(Py_UCS4), compare_ucs4);
    Py_ssize_t unique = 0;
    for (Py_ssize_t i = 0; i < n_wide; i++) {
        if (unique == 0 || self->wide[unique - 1] != self->wide[i]) {
            self->wide[unique++] = self->wide[i];
        }
    }
    self->n_wide = unique;
    int classes = 1;
    memset(self->latin1, 0, sizeof(self->latin1));
    for (int c = 0; c < 256; c++) {
        if (seen[c]) {
            if (classes == 255) {
                PyErr_SetString(PyExc_ValueError, "KeyMatcher: too many characters");
                return -1;
            }
            self->latin1[c] = (unsigned char)classes++;
        }
    }
    self->wide_base = classes;
    Py_ssize_t width = classes + unique;
    self->width = width;
    /* the trie: at most total + 1 nodes */
    Py_ssize_t capacity = total + 1;
    if (capacity > INT32_MAX / width) {
        PyErr_SetString(PyExc_ValueError, "KeyMatcher: too many keys");
        return -1;
    }
    self->delta = PyMem_Malloc((size_t)(capacity * width) * sizeof(int32_t));
    self->key_at = PyMem_Malloc((size_t)capacity * sizeof(int32_t));
    self->link = PyMem_Malloc((size_t)capacity * sizeof(int32_t));
    int32_t *fail = PyMem_Malloc((size_t)capacity * sizeof(int32_t));
    int32_t *queue = PyMem_Malloc((size_t)capacity * sizeof(int32_t));
    if (self->delta == NULL || self->key_at == NULL || self->link == NULL || fail == NULL ||
        queue == NULL) {
        PyMem_Free(fail);
        PyMem_Free(queue);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t nodes = 1;
    for (Py_ssize_t i = 0; i < width; i++) {
        self->delta[i] = -1;
    }
    self->key_at[0] = -1;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *key = PyList_GET_ITEM(keys, k);
        int32_t node = 0;
        for (Py_ssize_t i = 0; i < self->lengths[k]; i++) {
            Py_ssize_t c = matcher_class(self, PyUnicode_READ_CHAR(key, i));
            int32_t *next = &self->delta[node * width + c];
            if (*next < 0) {
                *next = (int32_t)nodes;
                for (Py_ssize_t j = 0; j < width; j++) {
                    self->delta[nodes * width + j] = -1;
                }
                self->key_at[nodes] = -1;
                nodes++;
            }
            node = *next;
        }
        self->key_at[node] = (int32_t)k; /* a repeated key: the last value, as a dict */
    }
    /* failure links, breadth first, and the full table of transitions */
    Py_ssize_t head = 0, tail = 0;
    fail[0] = 0;
    self->link[0] = -1;
    queue[tail++] = 0;
    while (head < tail) {
        int32_t node = queue[head++];
        for (Py_ssize_t c = 0; c < width; c++) {
            int32_t child = self->delta[node * width + c];
            int32_t fallback = node == 0 ? 0 : self->delta[fail[node] * width + c];
            if (child < 0) {
                self->delta[node * width + c] = fallback;
                continue;
            }
            int32_t suffix = node == 0 ? 0 : fallback;
            fail[child] = suffix;
            self->link[child] = self->key_at[suffix] >= 0 ? suffix : self->link[suffix];
            queue[tail++] = child;
        }
    }
    PyMem_Free(fail);
    PyMem_Free(queue);
    int32_t *used = PyMem_Realloc(self->delta, (size_t)(nodes * width) * sizeof(int32_t));
    if (used != NULL) {
        self->delta = used; /* the trie's nodes: fewer than the keys' characters */
    }
    return 0;
}

typedef struct {
    Py_ssize_t start, end;
    int32_t key;
} KeyHit;

static int
compare_hits(const void *a, const void *b)
{
    const KeyHit *x = a, *y = b;
    if (x->start != y->start) {
        return (x->start > y->start) - (x->start < y->start);
    }
    return (x->end < y->end) - (x->end > y->end); /* the longer first */
}

static PyObject *
KeyMatcher_spans(KeyMatcher *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "spans(text): text must be a str");
        return NULL;
    }
    if (self->delta == NULL) {
        PyErr_SetString(PyExc_ValueError, "KeyMatcher not initialised");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), width = self->width;
    const int32_t *delta = self->delta, *key_at = self->key_at, *link = self->link;
    KeyHit *hits = NULL;
    Py_ssize_t n_hits = 0, capacity = 0, reach = -1;
    int overlapping = 0;
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        state = delta[state * width + matcher_class(self, PyUnicode_READ(kind, data, i))];
        int32_t node = key_at[state] >= 0 ? state : link[state];
        while (node >= 0) {
            int32_t key = key_at[node];
            Py_ssize_t end = i + 1, start = end - self->lengths[key];
            node = link[node];
            if ((start > 0 && Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, start - 1))) ||
                (end < size && Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, end)))) {
                continue;
            }
            if (n_hits == capacity) {
                capacity = capacity ? 2 * capacity : 16;
                KeyHit *grown = PyMem_Realloc(hits, (size_t)capacity * sizeof(KeyHit));
                if (grown == NULL) {
                    PyMem_Free(hits);
                    return PyErr_NoMemory();
                }
                hits = grown;
            }
            hits[n_hits].start = start;
            hits[n_hits].end = end;
            hits[n_hits].key = key;
            n_hits++;
            if (start < reach) {
                overlapping = 1;
            }
            reach = end;
        }
    }
    if (overlapping) {
        qsort(hits, (size_t)n_hits, sizeof(KeyHit), compare_hits);
    }
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        PyMem_Free(hits);
        return NULL;
    }
    reach = -1;
    for (Py_ssize_t h = 0; h < n_hits; h++) {
        if (overlapping) {
            if (hits[h].start < reach) {
                continue;
            }
            reach = hits[h].end;
        }
        PyObject *span = Py_BuildValue("(nnO)", hits[h].start, hits[h].end,
                                       PyList_GET_ITEM(self->values, hits[h].key));
        if (span == NULL || PyList_Append(spans, span) < 0) {
            Py_XDECREF(span);
            Py_DECREF(spans);
            PyMem_Free(hits);
            return NULL;
        }
        Py_DECREF(span);
    }
    PyMem_Free(hits);
    return spans;
}

static void
KeyMatcher_dealloc(KeyMatcher *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->values);
    KeyMatcher_free_tables(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
KeyMatcher_traverse(KeyMatcher *self, visitproc visit, void *arg)
{
    Py_VISIT(self->values);
    return 0;
}

static int
KeyMatcher_clear_refs(KeyMatcher *self)
{
    Py_CLEAR(self->values);
    return 0;
}

static PyMethodDef KeyMatcher_methods[] = {
    {"spans", (PyCFunction)KeyMatcher_spans, METH_O,
     "spans(text) -> [(start, end, value), ...]: word-bounded matches, longest first, "
     "without overlaps, in text order"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject KeyMatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "analysis._native.KeyMatcher",
    .tp_doc = PyDoc_STR("KeyMatcher(keys, values): the word-bounded occurrences of keys in a "
                        "text (see spans)."),
    .tp_basicsize = sizeof(KeyMatcher),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)KeyMatcher_init,
    .tp_dealloc = (destructor)KeyMatcher_dealloc,
    .tp_traverse = (traverseproc)KeyMatcher_traverse,
    .tp_clear = (inquiry)KeyMatcher_clear_refs,
    .tp_methods = KeyMatcher_methods,
};


/* --- reflow ---------------------------------------------------------------------------- */

#define REFLOW_SHORT 100000 /* corpus._SHORT_LINE */
#define REFLOW_LONG 100     /* corpus._LONG_LINE */

static int
compare_sizes(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

#define SPACE(i) Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, (i)))

/* Append " ".join(body[start:end].split()) to out (after "\n\n" if out holds text). */
static inline __attribute__((always_inline)) void
join_words(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, Py_UCS4 *out,
           Py_ssize_t *used)
{
    Py_ssize_t i = start;
    int first = 1;
    while (1) {
        while (i < end && SPACE(i)) {
            i++;
        }
        if (i >= end) {
            return;
        }
        if (first) {
            if (*used) {
                out[(*used)++] = '\n';
                out[(*used)++] = '\n';
            }
            first = 0;
        }
        else {
            out[(*used)++] = ' ';
        }
        while (i < end && !SPACE(i)) {
            out[(*used)++] = PyUnicode_READ(kind, data, i);
            i++;
        }
    }
}

/* Inlined once per code-unit width (``kind`` a constant): no width test per character. */
static inline __attribute__((always_inline)) PyObject *
reflow_kind(PyObject *body, int kind)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(body);
    const void *data = PyUnicode_DATA(body);
    /* the common case: several lines, the first not indented, not very long */
    if (n == 0 || n >= REFLOW_SHORT || SPACE(0) ||
        PyUnicode_FindChar(body, '\n', 0, n, 1) < 0) {
        Py_RETURN_NONE;
    }
    /* the median length of the non-blank lines, stripped */
    Py_ssize_t *sizes = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (sizes == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t count = 0, line = 0;
    while (line <= n) {
        Py_ssize_t stop = line;
        while (stop < n && PyUnicode_READ(kind, data, stop) != '\n') {
            stop++;
        }
        Py_ssize_t first = line, last = stop;
        while (first < last && SPACE(first)) {
            first++;
        }
        while (last > first && SPACE(last - 1)) {
            last--;
        }
        if (last > first) {
            sizes[count++] = last - first;
        }
        line = stop + 1;
    }
    qsort(sizes, (size_t)count, sizeof(Py_ssize_t), compare_sizes);
    Py_ssize_t median = count ? sizes[count / 2] : 0;
    PyMem_Free(sizes);
    if (median > REFLOW_LONG) {
        Py_RETURN_NONE; /* one paragraph per line: the Python code splits at each newline */
    }
    /* Pieces between separators: a blank line (with the white space after it), or a line
     * feed before an indented line (corpus._paragraph_splitter(0)). */
    Py_UCS4 *out = PyMem_Malloc((size_t)(2 * n + 2) * sizeof(Py_UCS4));
    if (out == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t used = 0, start = 0, i = 0;
    while (i < n) {
        if (PyUnicode_READ(kind, data, i) != '\n') {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && PyUnicode_READ(kind, data, j) != '\n' && SPACE(j)) {
            j++;
        }
        if (j < n && PyUnicode_READ(kind, data, j) == '\n') { /* a blank line */
            join_words(kind, data, start, i, out, &used);
            j++;
            while (j < n && SPACE(j)) {
                j++;
            }
            start = i = j;
            continue;
        }
        Py_ssize_t k = i + 1;
        while (k < n && (PyUnicode_READ(kind, data, k) == ' ' ||
                         PyUnicode_READ(kind, data, k) == '\t')) {
            k++;
        }
        if (k > i + 1 && k < n && !SPACE(k)) { /* an indented line */
            join_words(kind, data, start, i, out, &used);
            start = i + 1;
        }
        i++;
    }
    join_words(kind, data, start, n, out, &used);
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, used);
    PyMem_Free(out);
    return result;
}

static PyObject *
reflow_joined(PyObject *module, PyObject *body)
{
    if (!PyUnicode_Check(body)) {
        PyErr_SetString(PyExc_TypeError, "reflow_joined() needs a str");
        return NULL;
    }
    switch (PyUnicode_KIND(body)) {
    case PyUnicode_1BYTE_KIND:
        return reflow_kind(body, PyUnicode_1BYTE_KIND);
    case PyUnicode_2BYTE_KIND:
        return reflow_kind(body, PyUnicode_2BYTE_KIND);
    default:
        return reflow_kind(body, PyUnicode_4BYTE_KIND);
    }
}


/* --- sentences and paragraphs (analysis.segment.segment_spans_python) ------------------- */

/* Growable array of Py_ssize_t. */
typedef struct {
    Py_ssize_t *items;
    Py_ssize_t used, capacity;
} SizeList;

static int
sizes_push(SizeList *list, Py_ssize_t value)
{
    if (list->used == list->capacity) {
        Py_ssize_t capacity = list->capacity ? 2 * list->capacity : 64;
        Py_ssize_t *items = PyMem_Realloc(list->items, (size_t)capacity * sizeof(Py_ssize_t));
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->used++] = value;
    return 0;
}

#define CHAR(i) PyUnicode_READ(kind, data, (i))
#define IS_MARK(c) ((c) == '.' || (c) == '!' || (c) == '?')
/* _CANDIDATE_END's closing quotes and brackets after the marks */
#define IS_CLOSER(c) \
    ((c) == '"' || (c) == '\'' || (c) == 0x201d || (c) == 0x2019 || (c) == ')' || (c) == ']')
/* _NEXT_WORD's openers */
#define IS_NEXT_OPENER(c) \
    ((c) == '"' || (c) == '\'' || (c) == 0x201c || (c) == 0x2018 || (c) == '(' || (c) == '[')
/* _OPENERS */
#define IS_OPENER(c) (IS_NEXT_OPENER(c) || (c) == '-' || (c) == 0x2014)
/* the white space of _PARAGRAPH_BREAK's blank line */
#define IS_LINE_SPACE(c) \
    ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\f' || (c) == '\v' || (c) == 0xa0)

typedef struct {
    Py_ssize_t start; /* the first mark */
    Py_ssize_t marks_end; /* after the run of marks (group 1) */
    Py_ssize_t closers_end; /* after the closing quotes and brackets (group 3) */
    Py_ssize_t end; /* after the white space */
} Candidate;

/* The next match of _CANDIDATE_END at or after ``from``: 1, or 0 if there is none. */
static inline __attribute__((always_inline)) int
next_candidate(int kind, const void *data, Py_ssize_t n, Py_ssize_t from, Candidate *found)
{
    Py_ssize_t i = from;
    while (i < n) {
        Py_UCS4 c = CHAR(i);
        /* a run of marks matches only from its first mark (the look-behind) */
        if (!IS_MARK(c) || (i > 0 && IS_MARK(CHAR(i - 1)))) {
            i++;
            continue;
        }
        Py_ssize_t q = i + 1;
        while (q < n && IS_MARK(CHAR(q))) {
            q++;
        }
        Py_ssize_t r = q;
        while (r < n && IS_CLOSER(CHAR(r))) {
            r++;
        }
        if (r < n && Py_UNICODE_ISSPACE(CHAR(r))) {
            Py_ssize_t e = r + 1;
            while (e < n && Py_UNICODE_ISSPACE(CHAR(e))) {
                e++;
            }
            found->start = i;
            found->marks_end = q;
            found->closers_end = r;
            found->end = e;
            return 1;
        }
        i = q; /* the other marks of the run cannot start a match */
    }
    return 0;
}

/* ``key in words`` for text[start:end]: 1, 0, or -1 on an error. */
static int
slice_in(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *words)
{
    PyObject *key = PyUnicode_Substring(text, start, end);
    if (key == NULL) {
        return -1;
    }
    int found = PySet_Contains(words, key);
    Py_DECREF(key);
    return found;
}

/* segment._is_boundary: 1 if the candidate ends a sentence, 0 if not, -1 on an error. */
static inline __attribute__((always_inline)) int
is_boundary(PyObject *text, int kind, const void *data, Py_ssize_t n, Py_ssize_t para_start,
            const Candidate *m, PyObject *titles, PyObject *others, PyObject *starters)
{
    Py_ssize_t after = m->end;
    /* _NEXT_WORD: openers, then a run of neither white space nor openers */
    Py_ssize_t k = after;
    while (k < n && IS_NEXT_OPENER(CHAR(k))) {
        k++;
    }
    Py_ssize_t word_start = k;
    while (k < n && !Py_UNICODE_ISSPACE(CHAR(k)) && !IS_NEXT_OPENER(CHAR(k))) {
        k++;
    }
    if (k == word_start) {
        return 0;
    }
    Py_ssize_t word_end = k;
    Py_UCS4 first = CHAR(word_start);
    if (!(Py_UNICODE_ISUPPER(first) || Py_UNICODE_ISDIGIT(first) || IS_OPENER(CHAR(after)))) {
        return 0;
    }
    if (m->marks_end - m->start != 1 || CHAR(m->start) != '.') {
        return 1;
    }
    /* the run of non-space characters before the mark, without its openers */
    Py_ssize_t s = m->start;
    while (s > para_start && !Py_UNICODE_ISSPACE(CHAR(s - 1))) {
        s--;
    }
    while (s < m->start && IS_OPENER(CHAR(s))) {
        s++;
    }
    if (s == m->start) {
        return 1;
    }
    int found = slice_in(text, s, m->start, titles);
    if (found != 0) {
        return found < 0 ? -1 : 0;
    }
    Py_ssize_t length = m->start - s;
    if (length == 1 && Py_UNICODE_ISALPHA(CHAR(s)) && Py_UNICODE_ISUPPER(CHAR(s))) {
        return 0; /* an initial */
    }
    found = slice_in(text, s, m->start, others);
    if (found < 0) {
        return -1;
    }
    if (!found && length >= 3 && length % 2 == 1) { /* _ACRONYM: "U.S" */
        found = 1;
        for (Py_ssize_t j = 0; j < length && found; j++) {
            Py_UCS4 c = CHAR(s + j);
            found = j % 2 ? c == '.' : ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        }
    }
    if (!found) {
        return 1;
    }
    /* the next word without the trailing ",.;:" must be a usual sentence starter */
    while (word_end > word_start) {
        Py_UCS4 c = CHAR(word_end - 1);
        if (c != ',' && c != '.' && c != ';' && c != ':') {
            break;
        }
        word_end--;
    }
    return slice_in(text, word_start, word_end, starters);
}

/* Append the trimmed span text[start:end] (if not empty) to spans. */
static inline __attribute__((always_inline)) int
push_trimmed(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, SizeList *spans)
{
    while (start < end && Py_UNICODE_ISSPACE(CHAR(start))) {
        start++;
    }
    while (end > start && Py_UNICODE_ISSPACE(CHAR(end - 1))) {
        end--;
    }
    if (end > start && (sizes_push(spans, start) < 0 || sizes_push(spans, end) < 0)) {
        return -1;
    }
    return 0;
}

/* A tuple of (start, end) tuples from pairs of sizes. */
static PyObject *
span_tuple(const SizeList *spans)
{
    PyObject *result = PyTuple_New(spans->used / 2);
    if (result == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < spans->used / 2; i++) {
        PyObject *span = Py_BuildValue("(nn)", spans->items[2 * i], spans->items[2 * i + 1]);
        if (span == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, i, span);
    }
    return result;
}

/* (paragraphs, sentences, owner) tuples, or with ``counts`` only (n_paragraphs, n_sentences). */
static inline __attribute__((always_inline)) PyObject *
segment_kind(PyObject *text, int kind, PyObject *titles, PyObject *others, PyObject *starters,
             int counts)
{
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    SizeList paragraphs = {NULL, 0, 0}, sentences = {NULL, 0, 0}, owner = {NULL, 0, 0};
    PyObject *result = NULL;
    /* paragraphs: between matches of _PARAGRAPH_BREAK, "\n" [ \t\r\f\v\xa0]* "\n" \s* */
    Py_ssize_t position = 0, i = 0;
    while (i < n) {
        if (CHAR(i) != '\n') {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && IS_LINE_SPACE(CHAR(j))) {
            j++;
        }
        if (j < n && CHAR(j) == '\n') {
            j++;
            while (j < n && Py_UNICODE_ISSPACE(CHAR(j))) {
                j++;
            }
            if (push_trimmed(kind, data, position, i, &paragraphs) < 0) {
                goto done;
            }
            position = i = j;
            continue;
        }
        i = j;
    }
    if (push_trimmed(kind, data, position, n, &paragraphs) < 0) {
        goto done;
    }
    /* sentences: the candidates of each paragraph that are boundaries */
    Candidate m;
    int have = next_candidate(kind, data, n, 0, &m);
    for (Py_ssize_t index = 0; index < paragraphs.used / 2; index++) {
        Py_ssize_t start = paragraphs.items[2 * index], end = paragraphs.items[2 * index + 1];
        position = start;
        while (have && m.start < end) {
            if (m.end < end) {
                int boundary =
                    is_boundary(text, kind, data, n, start, &m, titles, others, starters);
                if (boundary < 0) {
                    goto done;
                }
                if (boundary) {
                    if (sizes_push(&sentences, position) < 0 ||
                        sizes_push(&sentences, m.closers_end) < 0 ||
                        sizes_push(&owner, index) < 0) {
                        goto done;
                    }
                    position = m.end;
                }
            }
            have = next_candidate(kind, data, n, m.end, &m);
        }
        if (sizes_push(&sentences, position) < 0 || sizes_push(&sentences, end) < 0 ||
            sizes_push(&owner, index) < 0) {
            goto done;
        }
    }
    if (counts) {
        result = Py_BuildValue("(nn)", paragraphs.used / 2, sentences.used / 2);
        goto done;
    }
    PyObject *paragraph_spans = span_tuple(&paragraphs);
    PyObject *sentence_spans = paragraph_spans ? span_tuple(&sentences) : NULL;
    PyObject *owners = sentence_spans ? PyTuple_New(owner.used) : NULL;
    if (owners != NULL) {
        for (Py_ssize_t k = 0; k < owner.used; k++) {
            PyObject *value = PyLong_FromSsize_t(owner.items[k]);
            if (value == NULL) {
                Py_CLEAR(owners);
                break;
            }
            PyTuple_SET_ITEM(owners, k, value);
        }
    }
    if (owners != NULL) {
        result = PyTuple_Pack(3, paragraph_spans, sentence_spans, owners);
    }
    Py_XDECREF(paragraph_spans);
    Py_XDECREF(sentence_spans);
    Py_XDECREF(owners);
done:
    PyMem_Free(paragraphs.items);
    PyMem_Free(sentences.items);
    PyMem_Free(owner.items);
    return result;
}

static PyObject *
segment_any(PyObject *const *args, Py_ssize_t nargs, int counts)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "segmenting takes (text, titles, others, starters)");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "segmenting needs a str");
        return NULL;
    }
    for (Py_ssize_t k = 1; k < 4; k++) {
        if (!PyAnySet_Check(args[k])) {
            PyErr_SetString(PyExc_TypeError, "segmenting: the word lists must be sets");
            return NULL;
        }
    }
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return segment_kind(text, PyUnicode_1BYTE_KIND, args[1], args[2], args[3], counts);
    case PyUnicode_2BYTE_KIND:
        return segment_kind(text, PyUnicode_2BYTE_KIND, args[1], args[2], args[3], counts);
    default:
        return segment_kind(text, PyUnicode_4BYTE_KIND, args[1], args[2], args[3], counts);
    }
}

static PyObject *
segment_spans(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    return segment_any(args, nargs, 0);
}

static PyObject *
segment_counts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    return segment_any(args, nargs, 1);
}

#undef CHAR

/* --- folding a batch of codes into counts (analysis.frequencies.WordAccumulator.flush) --- */

/* An int64 array argument (numpy, array("q"), bytes of int64) as a C-contiguous buffer. */
static int
int64_buffer(PyObject *object, Py_buffer *view, const char *name)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        return -1;
    }
    const char *format = view->format ? view->format : "B";
    if (view->itemsize != 8 || !(strcmp(format, "q") == 0 || strcmp(format, "l") == 0 ||
                                 strcmp(format, "=q") == 0 || strcmp(format, "<q") == 0)) {
        PyErr_Format(PyExc_TypeError, "%s must be an array of int64", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *
new_array(Py_ssize_t items, Py_ssize_t itemsize, void **data)
{
    PyObject *result = PyByteArray_FromStringAndSize(NULL, items * itemsize);
    if (result != NULL) {
        *data = PyByteArray_AS_STRING(result);
    }
    return result;
}

/* expand(codes, starts, lengths, flat, sizes) -> (terms, article): the term ids of each
 * item code (flat[starts[c]:starts[c] + lengths[c]]) and the index of the article of each,
 * the articles having sizes[a] codes each, in order. TermVocabulary.expand in C. */
static PyObject *
fold_expand(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "expand() takes codes, starts, lengths, flat, sizes");
        return NULL;
    }
    static const char *names[] = {"codes", "starts", "lengths", "flat", "sizes"};
    Py_buffer views[5];
    int got = 0;
    PyObject *terms = NULL, *article = NULL, *result = NULL;
    for (; got < 5; got++) {
        if (int64_buffer(args[got], &views[got], names[got]) < 0) {
            goto done;
        }
    }
    const int64_t *codes = views[0].buf, *starts = views[1].buf, *lengths = views[2].buf;
    const int64_t *flat = views[3].buf, *sizes = views[4].buf;
    Py_ssize_t n_codes = views[0].len / 8, n_items = views[1].len / 8;
    Py_ssize_t n_flat = views[3].len / 8, n_articles = views[4].len / 8;
    if (views[2].len / 8 != n_items) {
        PyErr_SetString(PyExc_ValueError, "starts and lengths differ in size");
        goto done;
    }
    Py_ssize_t total = 0, counted = 0;
    for (Py_ssize_t a = 0; a < n_articles; a++) {
        if (sizes[a] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative size");
            goto done;
        }
        counted += sizes[a];
    }
    if (counted != n_codes) {
        PyErr_SetString(PyExc_ValueError, "sizes do not add up to the number of codes");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_codes; i++) {
        int64_t code = codes[i];
        if (code < 0 || code >= n_items || starts[code] < 0 ||
            starts[code] + lengths[code] > n_flat || lengths[code] < 0) {
            PyErr_SetString(PyExc_ValueError, "item code out of range");
            goto done;
        }
        total += lengths[code];
    }
    int64_t *term_out, *article_out;
    terms = new_array(total, 8, (void **)&term_out);
    article = new_array(total, 8, (void **)&article_out);
    if (terms == NULL || article == NULL) {
        goto done;
    }
    Py_ssize_t position = 0, out = 0;
    for (Py_ssize_t a = 0; a < n_articles; a++) {
        for (int64_t j = 0; j < sizes[a]; j++) {
            int64_t code = codes[position++];
            const int64_t *part = flat + starts[code];
            for (int64_t k = 0; k < lengths[code]; k++) {
                term_out[out] = part[k];
                article_out[out] = a;
                out++;
            }
        }
    }
    result = PyTuple_Pack(2, terms, article);
done:
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&views[i]);
    }
    Py_XDECREF(terms);
    Py_XDECREF(article);
    return result;
}

/* first_in_article(terms, article, n_terms) -> mask (one byte per term): 1 where a term id
 * (>= 0, < n_terms) occurs for the first time in its article. Articles come in order (the
 * indices never decrease), so one "last article seen" per term id tells. */
static PyObject *
fold_first_in_article(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "first_in_article() takes terms, article, n_terms");
        return NULL;
    }
    Py_ssize_t n_terms = PyLong_AsSsize_t(args[2]);
    if (n_terms == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_buffer term_view, article_view;
    if (int64_buffer(args[0], &term_view, "terms") < 0) {
        return NULL;
    }
    if (int64_buffer(args[1], &article_view, "article") < 0) {
        PyBuffer_Release(&term_view);
        return NULL;
    }
    PyObject *result = NULL;
    int64_t *last = NULL;
    Py_ssize_t n = term_view.len / 8;
    const int64_t *terms = term_view.buf, *article = article_view.buf;
    if (article_view.len / 8 != n) {
        PyErr_SetString(PyExc_ValueError, "terms and article differ in size");
        goto done;
    }
    last = PyMem_Malloc((size_t)(n_terms > 0 ? n_terms : 1) * sizeof(int64_t));
    if (last == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t t = 0; t < n_terms; t++) {
        last[t] = -1;
    }
    char *mask;
    result = new_array(n, 1, (void **)&mask);
    if (result == NULL) {
        goto done;
    }
    int64_t previous = INT64_MIN;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t term = terms[i];
        if (article[i] < previous) {
            PyErr_SetString(PyExc_ValueError, "article indices must not decrease");
            Py_CLEAR(result);
            goto done;
        }
        previous = article[i];
        if (term < 0) {
            mask[i] = 0;
            continue;
        }
        if (term >= n_terms) {
            PyErr_SetString(PyExc_ValueError, "term id out of range");
            Py_CLEAR(result);
            goto done;
        }
        mask[i] = last[term] != article[i];
        last[term] = article[i];
    }
done:
    PyMem_Free(last);
    PyBuffer_Release(&term_view);
    PyBuffer_Release(&article_view);
    return result;
}

/* The sum of the chunks' word counts packed above ``shift`` bits of each int64 code. */
static PyObject *
packed_sum(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "packed_sum(codes, shift) takes 2 arguments");
        return NULL;
    }
    Py_ssize_t shift = PyLong_AsSsize_t(args[1]);
    if (shift == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (shift < 0 || shift > 63) {
        PyErr_SetString(PyExc_ValueError, "packed_sum(): shift must be 0 to 63");
        return NULL;
    }
    Py_buffer view;
    if (int64_buffer(args[0], &view, "codes") < 0) {
        return NULL;
    }
    const uint64_t *codes = view.buf;
    Py_ssize_t n = view.len / 8;
    unsigned long long total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        total += codes[i] >> shift;
    }
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLongLong(total);
}

/* --- words and name tokens (analysis.segment.count_words, analysis.speakers._tokens) --- */

static int append_triple(PyObject *items, PyObject *word, Py_ssize_t start, Py_ssize_t end);

/* \w of a str pattern in Python's re: a letter, digit or numeric character, or "_". */
static inline __attribute__((always_inline)) int
is_word(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    }
    return Py_UNICODE_ISALNUM(c);
}

static int
text_range(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t wanted, const char *usage,
           Py_ssize_t *start, Py_ssize_t *end)
{
    if (nargs != wanted) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    if (!PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -1;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(args[0]);
    *start = PyLong_AsSsize_t(args[1]);
    if (*start == -1 && PyErr_Occurred()) {
        return -1;
    }
    *end = PyLong_AsSsize_t(args[2]);
    if (*end == -1 && PyErr_Occurred()) {
        return -1;
    }
    /* the slice's bounds, as re's pos and endpos read them */
    if (*start < 0) {
        *start = 0;
    }
    if (*end > length) {
        *end = length;
    }
    if (*end < *start) {
        *end = *start;
    }
    return 0;
}

/* count_words(text, start, end[, limit]) -> the number of matches of segment._WORD_RE,
 * \w+(?:['\u2019.-]\w+)*, in text[start:end]; counting stops at ``limit`` if given. */
static PyObject *
count_words_in(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t start, end, limit = PY_SSIZE_T_MAX;
    if (text_range(args, nargs == 4 ? 3 : nargs, 3,
                   "count_words(text, start, end[, limit]) takes 3 or 4 arguments", &start,
                   &end) < 0) {
        return NULL;
    }
    if (nargs == 4) {
        limit = PyLong_AsSsize_t(args[3]);
        if (limit == -1 && PyErr_Occurred()) {
            return NULL;
        }
    }
    int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t count = 0, i = start;
    while (i < end && count < limit) {
        if (!is_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        count++;
        i++;
        for (;;) {
            while (i < end && is_word(PyUnicode_READ(kind, data, i))) {
                i++;
            }
            if (i + 1 < end) {
                Py_UCS4 mark = PyUnicode_READ(kind, data, i);
                if ((mark == '\'' || mark == 0x2019 || mark == '.' || mark == '-') &&
                    is_word(PyUnicode_READ(kind, data, i + 1))) {
                    i += 2;
                    continue;
                }
            }
            break;
        }
    }
    return PyLong_FromSsize_t(count);
}

/* lower_words(text) -> speakers._LOWER_WORD.findall(text): the matches of
 * (?<![\w'\u2019-])[a-z][a-z'\u2019-]*, words written in lower case. */
static PyObject *
lower_words(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *words = PyList_New(0);
    if (words == NULL) {
        return NULL;
    }
    while (i < length) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 'a' || c > 'z') {
            i++;
            continue;
        }
        if (i > 0) {
            Py_UCS4 before = PyUnicode_READ(kind, data, i - 1);
            if (is_word(before) || before == '\'' || before == 0x2019 || before == '-') {
                i++;
                continue;
            }
        }
        Py_ssize_t j = i + 1;
        while (j < length) {
            Py_UCS4 next = PyUnicode_READ(kind, data, j);
            if (!((next >= 'a' && next <= 'z') || next == '\'' || next == 0x2019 || next == '-')) {
                break;
            }
            j++;
        }
        PyObject *word = PyUnicode_Substring(text, i, j);
        if (word == NULL || PyList_Append(words, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(words);
            return NULL;
        }
        Py_DECREF(word);
        i = j;
    }
    return words;
}

/* A filter of ASCII words: bit (FNV-1a hash of the word) % WORD_FILTER_BITS is set for each
 * word of a set (word_filter); a word whose bit is not set is not in the set. */
#define WORD_FILTER_BITS 8192

static inline __attribute__((always_inline)) uint32_t
word_hash(const Py_UCS1 *data, Py_ssize_t length)
{
    uint32_t hash = 2166136261u;
    for (Py_ssize_t k = 0; k < length; k++) {
        hash = (hash ^ data[k]) * 16777619u;
    }
    return hash % WORD_FILTER_BITS;
}

/* word_filter(words) -> bytes: the filter of a set of ASCII words, for words_in_set. */
static PyObject *
word_filter(PyObject *module, PyObject *words)
{
    PyObject *iterator = PyObject_GetIter(words);
    if (iterator == NULL) {
        return NULL;
    }
    PyObject *filter = PyBytes_FromStringAndSize(NULL, WORD_FILTER_BITS / 8);
    if (filter == NULL) {
        Py_DECREF(iterator);
        return NULL;
    }
    unsigned char *bits = (unsigned char *)PyBytes_AS_STRING(filter);
    memset(bits, 0, WORD_FILTER_BITS / 8);
    PyObject *word;
    while ((word = PyIter_Next(iterator)) != NULL) {
        if (!PyUnicode_Check(word) || !PyUnicode_IS_ASCII(word)) {
            Py_DECREF(word);
            Py_DECREF(iterator);
            Py_DECREF(filter);
            PyErr_SetString(PyExc_TypeError, "words must be ASCII strs");
            return NULL;
        }
        uint32_t bit = word_hash(PyUnicode_1BYTE_DATA(word), PyUnicode_GET_LENGTH(word));
        bits[bit / 8] |= (unsigned char)(1u << (bit % 8));
        Py_DECREF(word);
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) {
        Py_DECREF(filter);
        return NULL;
    }
    return filter;
}

/* words_in_set(text, words, filter, shortest, longest) -> [(word, start, end), ...]: the
 * maximal runs of [A-Za-z0-9_-] of an ASCII text that are in the set ``words``, in text
 * order. ``filter`` is word_filter(words); ``shortest`` and ``longest`` bound the words'
 * lengths: a run outside them, or not in the filter, is not looked up in the set.
 * (quotes._cues: the speech verbs of a text.) */
static PyObject *
words_in_set(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "words_in_set(text, words, filter, shortest, longest) takes 5 arguments");
        return NULL;
    }
    PyObject *text = args[0], *words = args[1];
    if (!PyUnicode_Check(text) || !PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be an ASCII str");
        return NULL;
    }
    if (!PyAnySet_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "words must be a set");
        return NULL;
    }
    if (!PyBytes_Check(args[2]) || PyBytes_GET_SIZE(args[2]) != WORD_FILTER_BITS / 8) {
        PyErr_SetString(PyExc_TypeError, "filter must be the bytes of word_filter(words)");
        return NULL;
    }
    const unsigned char *bits = (const unsigned char *)PyBytes_AS_STRING(args[2]);
    Py_ssize_t shortest = PyLong_AsSsize_t(args[3]);
    if (shortest == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t longest = PyLong_AsSsize_t(args[4]);
    if (longest == -1 && PyErr_Occurred()) {
        return NULL;
    }
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        return NULL;
    }
    while (i < length) {
        Py_UCS1 c = data[i];
        int in_run = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '-';
        if (!in_run) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < length) {
            Py_UCS1 d = data[j];
            if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') ||
                  d == '_' || d == '-')) {
                break;
            }
            j++;
        }
        Py_ssize_t size = j - i;
        uint32_t bit = size >= shortest && size <= longest ? word_hash(data + i, size) : 0;
        if (size >= shortest && size <= longest && (bits[bit / 8] & (1u << (bit % 8)))) {
            PyObject *word = PyUnicode_Substring(text, i, j);
            if (word == NULL) {
                goto error;
            }
            int known = PySet_Contains(words, word);
            if (known < 0) {
                Py_DECREF(word);
                goto error;
            }
            if (known) {
                if (append_triple(found, word, i, j) < 0) {
                    goto error;
                }
            }
            else {
                Py_DECREF(word);
            }
        }
        i = j;
    }
    return found;
error:
    Py_DECREF(found);
    return NULL;
}

/* --- capitalised stretches (speakers._CAPITAL_STRETCH) --------------------------------- */

#define STRETCH_READ(k) PyUnicode_READ(kind, data, (k))

static inline __attribute__((always_inline)) int
is_ascii_upper(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

/* [\w'\u2019.&-] */
static inline __attribute__((always_inline)) int
is_stretch_char(Py_UCS4 c)
{
    return is_word(c) || c == '\'' || c == 0x2019 || c == '.' || c == '&' || c == '-';
}

/* The end of [\w'\u2019.&-]* from ``i``. */
static Py_ssize_t
stretch_word_end(int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    while (i < length && is_stretch_char(STRETCH_READ(i))) {
        i++;
    }
    return i;
}

/* The end of [ \t]+ from ``i`` (``i`` itself when there is none). */
static Py_ssize_t
blanks_end(int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    while (i < length) {
        Py_UCS4 c = STRETCH_READ(i);
        if (c != ' ' && c != '\t') {
            break;
        }
        i++;
    }
    return i;
}

static const char *const STRETCH_CONNECTORS[] = {
    "of", "for", "on", "and", "the", "a", "de", "del", "della", "di", "da", "du", "des", "la",
    "le", "van", "von", "der", "den", "al", "el", "bin", "ibn", "st", "&", NULL,
};

/* The end of a connector at ``i`` followed by [ \t]+ (the end of the blanks), or -1. The
 * regex tries the connectors in order and the first that is followed by blanks wins; all
 * are letters or "&", so at most one of them is followed by a blank. */
static Py_ssize_t
connector_end(int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    for (const char *const *word = STRETCH_CONNECTORS; *word != NULL; word++) {
        Py_ssize_t k = 0;
        while ((*word)[k] != '\0' && i + k < length &&
               STRETCH_READ(i + k) == (Py_UCS4)(unsigned char)(*word)[k]) {
            k++;
        }
        if ((*word)[k] != '\0') {
            continue;
        }
        Py_ssize_t after = blanks_end(kind, data, i + k, length);
        if (after > i + k) {
            return after;
        }
    }
    return -1;
}

/* (?:al-|el-)?[A-Z] at ``i``: the position after the capital, or -1. */
static Py_ssize_t
name_start_end(int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    if (i + 3 < length + 0 && (STRETCH_READ(i) == 'a' || STRETCH_READ(i) == 'e') &&
        STRETCH_READ(i + 1) == 'l' && STRETCH_READ(i + 2) == '-' &&
        is_ascii_upper(STRETCH_READ(i + 3))) {
        return i + 4;
    }
    if (i < length && is_ascii_upper(STRETCH_READ(i))) {
        return i + 1;
    }
    return -1;
}

/* The lookahead of the comma joint: [A-Z][\w.&-]*[ \t]+and[ \t]+(?:Co|Company|Cos)\b at i. */
static int
company_ahead(int kind, const void *data, Py_ssize_t i, Py_ssize_t length)
{
    if (i >= length || !is_ascii_upper(STRETCH_READ(i))) {
        return 0;
    }
    i++;
    while (i < length) {
        Py_UCS4 c = STRETCH_READ(i);
        if (!(is_word(c) || c == '.' || c == '&' || c == '-')) {
            break;
        }
        i++;
    }
    Py_ssize_t after = blanks_end(kind, data, i, length);
    if (after == i || after + 3 > length || STRETCH_READ(after) != 'a' ||
        STRETCH_READ(after + 1) != 'n' || STRETCH_READ(after + 2) != 'd') {
        return 0;
    }
    i = after + 3;
    after = blanks_end(kind, data, i, length);
    if (after == i || after + 2 > length || STRETCH_READ(after) != 'C' ||
        STRETCH_READ(after + 1) != 'o') {
        return 0;
    }
    /* "Co", "Company" or "Cos", each followed by a word boundary (a non-word character or
     * the end: the "o" or "y" or "s" before it is a word character) */
    const char *const tails[] = {"", "mpany", "s"};
    for (int t = 0; t < 3; t++) {
        Py_ssize_t k = 0, at = after + 2;
        while (tails[t][k] != '\0' && at + k < length &&
               STRETCH_READ(at + k) == (Py_UCS4)(unsigned char)tails[t][k]) {
            k++;
        }
        if (tails[t][k] != '\0') {
            continue;
        }
        if (at + k >= length || !is_word(STRETCH_READ(at + k))) {
            return 1;
        }
    }
    return 0;
}

/* capital_stretches(text) -> [(start, end), ...]: the spans of
 * speakers._CAPITAL_STRETCH.finditer(text), a capitalised word ("al-"/"el-" and a capital
 * also start one) and the capitalised words that follow it after blanks and connectors
 * ("of", "the", ...) or after a comma before "... and Co". */
static PyObject *
capital_stretches(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        return NULL;
    }
    while (i < length) {
        Py_UCS4 c = STRETCH_READ(i);
        Py_ssize_t end;
        if (is_ascii_upper(c)) {
            end = i + 1;
        }
        else if ((c == 'a' || c == 'e') && i + 3 < length && STRETCH_READ(i + 1) == 'l' &&
                 STRETCH_READ(i + 2) == '-' && is_ascii_upper(STRETCH_READ(i + 3))) {
            end = i + 4;
        }
        else {
            i++;
            continue;
        }
        end = stretch_word_end(kind, data, end, length);
        for (;;) {
            /* (?:[ \t]+(?:CONNECTOR[ \t]+)*|,[ \t]+(?=company))(?:al-|el-)?[A-Z]W* */
            Py_ssize_t next = -1, at;
            Py_ssize_t blanks = blanks_end(kind, data, end, length);
            if (blanks > end) {
                at = blanks;
                Py_ssize_t more;
                while ((more = connector_end(kind, data, at, length)) >= 0) {
                    at = more;
                }
                next = name_start_end(kind, data, at, length);
            }
            else if (end < length && STRETCH_READ(end) == ',') {
                at = blanks_end(kind, data, end + 1, length);
                if (at > end + 1 && company_ahead(kind, data, at, length)) {
                    next = name_start_end(kind, data, at, length);
                }
            }
            if (next < 0) {
                break;
            }
            end = stretch_word_end(kind, data, next, length);
        }
        PyObject *span = Py_BuildValue("(nn)", i, end);
        if (span == NULL || PyList_Append(spans, span) < 0) {
            Py_XDECREF(span);
            Py_DECREF(spans);
            return NULL;
        }
        Py_DECREF(span);
        i = end;
    }
    return spans;
}

#undef STRETCH_READ

/* Whether text[start:end] is the ASCII word ``word``. */
static int
is_ascii_word(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, const char *word)
{
    Py_ssize_t k = 0;
    for (; word[k] != '\0'; k++) {
        if (start + k >= end || PyUnicode_READ(kind, data, start + k) != (Py_UCS4)word[k]) {
            return 0;
        }
    }
    return start + k == end;
}

static int
is_one_of(int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
          const char *const *words)
{
    for (; *words != NULL; words++) {
        if (is_ascii_word(kind, data, start, end, *words)) {
            return 1;
        }
    }
    return 0;
}

static const char *const MALE_PRONOUNS[] = {"he", "his", "him", "He", "His", NULL};
static const char *const FEMALE_PRONOUNS[] = {"she", "her", "hers", "She", "Her", NULL};
static const char *const SPEECH_AFTER[] = {"said", "says", "told", "tells", "added", "adds", NULL};

/* pronoun_counts(text, start, end) -> (male, female): the matches of
 * speakers._PRONOUN_ACTING in text[start:end] (taken as a string of its own), he/his/him
 * and she/her/hers as whole words, but not before white space and a speech verb ("he
 * said"). */
static PyObject *
pronoun_counts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t start, end;
    if (text_range(args, nargs, 3, "pronoun_counts(text, start, end) takes 3 arguments",
                   &start, &end) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t male = 0, female = 0, i = start;
    while (i < end) {
        if (!is_word(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < end && is_word(PyUnicode_READ(kind, data, j))) {
            j++;
        }
        int is_male = is_one_of(kind, data, i, j, MALE_PRONOUNS);
        int is_female = !is_male && is_one_of(kind, data, i, j, FEMALE_PRONOUNS);
        if (is_male || is_female) {
            Py_ssize_t k = j;
            while (k < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k))) {
                k++;
            }
            int speaks = 0;
            if (k > j && k < end) {
                Py_ssize_t w = k;
                while (w < end && is_word(PyUnicode_READ(kind, data, w))) {
                    w++;
                }
                speaks = is_one_of(kind, data, k, w, SPEECH_AFTER);
            }
            if (!speaks) {
                male += is_male;
                female += is_female;
            }
        }
        i = j;
    }
    return Py_BuildValue("(nn)", male, female);
}

static inline __attribute__((always_inline)) int
is_token_tail(Py_UCS4 c)
{
    return is_word(c) || c == '\'' || c == 0x2019 || c == '.' || c == '-' || c == '&';
}

static inline __attribute__((always_inline)) int
is_token_mark(Py_UCS4 c)
{
    switch (c) {
    case ',': case ';': case ':': case '(': case ')': case '"': case '&':
    case 0x201c: case 0x201d: case 0x2014: case 0x2013:
        return 1;
    default:
        return 0;
    }
}

/* Append (word, start, end) to ``items``, taking the reference to ``word``: 0, or -1 on error. */
static int
append_triple(PyObject *items, PyObject *word, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *item = PyTuple_New(3);
    PyObject *first = PyLong_FromSsize_t(start), *last = PyLong_FromSsize_t(end);
    if (item == NULL || first == NULL || last == NULL) {
        Py_DECREF(word);
        Py_XDECREF(item);
        Py_XDECREF(first);
        Py_XDECREF(last);
        return -1;
    }
    PyTuple_SET_ITEM(item, 0, word);
    PyTuple_SET_ITEM(item, 1, first);
    PyTuple_SET_ITEM(item, 2, last);
    int failed = PyList_Append(items, item);
    Py_DECREF(item);
    return failed;
}

static int
append_token(PyObject *tokens, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL) {
        return -1;
    }
    return append_triple(tokens, word, start, end);
}

/* Whether text[start:end].lower() is in the set ``words``: -1 on error. */
static int
lower_in(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *words)
{
    PyObject *part = PyUnicode_Substring(text, start, end);
    if (part == NULL) {
        return -1;
    }
    PyObject *lower = PyObject_CallMethod(part, "lower", NULL);
    Py_DECREF(part);
    if (lower == NULL) {
        return -1;
    }
    int found = PySequence_Contains(words, lower);
    Py_DECREF(lower);
    return found;
}

/* name_tokens(text, start, end, honorifics, kept) -> speakers._tokens(text, start, end):
 * the matches of speakers._TOKEN, [^\W_][\w'\u2019.\-&]*|[,;:()"\u201c\u201d\u2014\u2013&],
 * as (token, start, end), a final period split off a word that is no abbreviation (no other
 * period, its lower case in neither set) and "'s" split off a word of more than 3 characters. */
static PyObject *
name_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t start, end;
    if (text_range(args, nargs, 5,
                   "name_tokens(text, start, end, honorifics, kept) takes 5 arguments", &start,
                   &end) < 0) {
        return NULL;
    }
    PyObject *text = args[0], *honorifics = args[3], *kept = args[4];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *tokens = PyList_New(0);
    if (tokens == NULL) {
        return NULL;
    }
    Py_ssize_t i = start;
    while (i < end) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c != '_' && is_word(c)) {
            Py_ssize_t j = i + 1;
            int periods = 0; /* periods before the last character */
            while (j < end) {
                Py_UCS4 next = PyUnicode_READ(kind, data, j);
                if (!is_token_tail(next)) {
                    break;
                }
                j++;
                if (next == '.' && j < end && is_token_tail(PyUnicode_READ(kind, data, j))) {
                    periods++;
                }
            }
            Py_UCS4 last = PyUnicode_READ(kind, data, j - 1);
            Py_ssize_t length = j - i;
            int split = 0; /* 1: a final period; 2: a possessive */
            if (last == '.' && length > 2 && periods == 0) {
                int found = lower_in(text, i, j - 1, honorifics);
                if (found == 0) {
                    found = lower_in(text, i, j - 1, kept);
                }
                if (found < 0) {
                    goto error;
                }
                split = found ? 0 : 1;
            }
            if (!split && (last == '.' || last == 's') && length > 3) {
                Py_UCS4 mark = PyUnicode_READ(kind, data, j - 2);
                if (mark == '\'' || mark == 0x2019) {
                    split = 2;
                }
            }
            if (split) {
                if (append_token(tokens, text, i, j - split) < 0 ||
                    append_token(tokens, text, j - split, j) < 0) {
                    goto error;
                }
            }
            else if (append_token(tokens, text, i, j) < 0) {
                goto error;
            }
            i = j;
        }
        else {
            if (is_token_mark(c) && append_token(tokens, text, i, i + 1) < 0) {
                goto error;
            }
            i++;
        }
    }
    return tokens;
error:
    Py_DECREF(tokens);
    return NULL;
}

/* csv_lines(data, specials, end, by_columns): the CSV lines that Python's csv writer
 * (QUOTE_MINIMAL, line terminator ``end``) writes for rows of values, or None.
 *
 * ``data`` is a list of rows (tuples or lists of one length), or with ``by_columns`` a list
 * of columns (lists or tuples of one length). A value is written as spool._plain_lines
 * writes it: a str as it is, or quoted (its quote marks doubled) when it holds a character
 * of ``specials``; an int or bool as str() does; a float as repr() does; None as an empty
 * field. Any other value, fewer than two columns or no row give None (the caller then uses
 * the writer). tests/test_spool.py compares it with the Python code and the writer.
 *
 * ``rules`` (optional; bytes, one per column, or None) also gives None unless each column's
 * values are of the kinds its byte allows: CSV_STR, CSV_INT, CSV_NONE, CSV_FLOAT, CSV_BOOL,
 * and with CSV_NOT_NONE_AND_INT not both None and int (spool.PlainColumns.rules).
 */
enum { CSV_STR = 1, CSV_INT = 2, CSV_NONE = 4, CSV_FLOAT = 8, CSV_BOOL = 16,
       CSV_NOT_NONE_AND_INT = 32 };

static int
csv_needs_quotes(PyObject *field, const unsigned char *table, PyObject *specials,
                 Py_ssize_t *quote_marks)
{
    int kind = PyUnicode_KIND(field);
    const void *data = PyUnicode_DATA(field);
    Py_ssize_t n = PyUnicode_GET_LENGTH(field), marks = 0;
    int special = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '"') {
            marks++;
        }
        if (c < 256 ? table[c] : PyUnicode_FindChar(specials, c, 0, PyUnicode_GET_LENGTH(specials), 1) >= 0) {
            special = 1;
        }
    }
    *quote_marks = marks;
    return special;
}

static PyObject *
csv_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 4 || nargs > 5 || !PyList_Check(args[0]) || !PyUnicode_Check(args[1]) ||
        !PyUnicode_Check(args[2]) ||
        (nargs == 5 && args[4] != Py_None && !PyBytes_Check(args[4]))) {
        PyErr_SetString(PyExc_TypeError, "csv_lines(data: list, specials: str, end: str, "
                                         "by_columns: bool, rules: bytes | None = None)");
        return NULL;
    }
    PyObject *data = args[0], *specials = args[1], *end = args[2];
    PyObject *rules = nargs == 5 && args[4] != Py_None ? args[4] : NULL;
    int by_columns = PyObject_IsTrue(args[3]);
    if (by_columns < 0) {
        return NULL;
    }
    Py_ssize_t outer = PyList_GET_SIZE(data);
    if (outer == 0) {
        Py_RETURN_NONE;
    }
    PyObject *first = PyList_GET_ITEM(data, 0);
    if (!PyList_Check(first) && !PyTuple_Check(first)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t inner = PySequence_Fast_GET_SIZE(first);
    for (Py_ssize_t i = 1; i < outer; i++) {
        PyObject *item = PyList_GET_ITEM(data, i);
        if ((!PyList_Check(item) && !PyTuple_Check(item)) ||
            PySequence_Fast_GET_SIZE(item) != inner) {
            Py_RETURN_NONE;
        }
    }
    Py_ssize_t rows = by_columns ? inner : outer, columns = by_columns ? outer : inner;
    if (columns < 2 || rows == 0) {
        Py_RETURN_NONE;
    }
    if (rules != NULL && PyBytes_GET_SIZE(rules) != columns) {
        PyErr_SetString(PyExc_ValueError, "csv_lines: one byte of rules a column");
        return NULL;
    }
    const unsigned char *allowed = rules != NULL ? (const unsigned char *)PyBytes_AS_STRING(rules)
                                                 : NULL;
    unsigned char table[256] = {0};
    Py_ssize_t n_specials = PyUnicode_GET_LENGTH(specials);
    for (Py_ssize_t i = 0; i < n_specials; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(specials, i);
        if (c < 256) {
            table[c] = 1;
        }
    }
    Py_ssize_t cells = rows * columns;
    PyObject **fields = PyMem_Calloc((size_t)cells, sizeof(PyObject *));
    Py_ssize_t *marks = PyMem_Malloc((size_t)cells * sizeof(Py_ssize_t)); /* -1: not quoted */
    unsigned char *seen = PyMem_Calloc((size_t)columns, 1); /* the kinds met in each column */
    PyObject *result = NULL;
    if (fields == NULL || marks == NULL || seen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t end_length = PyUnicode_GET_LENGTH(end);
    Py_ssize_t total = rows * (columns - 1 + end_length);
    Py_UCS4 maxchar = Py_MAX(127, PyUnicode_MAX_CHAR_VALUE(end));
    for (Py_ssize_t r = 0; r < rows; r++) {
        for (Py_ssize_t c = 0; c < columns; c++) {
            PyObject *value = by_columns
                ? PySequence_Fast_ITEMS(PyList_GET_ITEM(data, c))[r]
                : PySequence_Fast_ITEMS(PyList_GET_ITEM(data, r))[c];
            PyObject *field;
            Py_ssize_t cell = r * columns + c, quote_marks = 0;
            int value_kind = PyUnicode_CheckExact(value) ? CSV_STR
                : value == Py_None                    ? CSV_NONE
                : PyLong_CheckExact(value)            ? CSV_INT
                : PyBool_Check(value)                 ? CSV_BOOL
                : PyFloat_CheckExact(value)           ? CSV_FLOAT
                                                      : 0;
            if (value_kind == 0 || (allowed != NULL && !(allowed[c] & value_kind))) {
                result = Py_NewRef(Py_None);
                goto done;
            }
            seen[c] |= (unsigned char)value_kind;
            marks[cell] = -1;
            if (value_kind == CSV_STR) {
                field = Py_NewRef(value);
                if (csv_needs_quotes(field, table, specials, &quote_marks)) {
                    marks[cell] = quote_marks;
                    total += 2 + quote_marks;
                }
            }
            else if (value_kind == CSV_NONE) {
                field = PyUnicode_New(0, 0);
            }
            else if (value_kind == CSV_FLOAT) {
                field = PyObject_Repr(value);
            }
            else {
                field = PyObject_Str(value); /* int, bool */
            }
            if (field == NULL) {
                goto done;
            }
            fields[cell] = field;
            total += PyUnicode_GET_LENGTH(field);
            maxchar = Py_MAX(maxchar, PyUnicode_MAX_CHAR_VALUE(field));
        }
    }
    for (Py_ssize_t c = 0; allowed != NULL && c < columns; c++) {
        if ((allowed[c] & CSV_NOT_NONE_AND_INT) && (seen[c] & CSV_NONE) && (seen[c] & CSV_INT)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    PyObject *out = PyUnicode_New(total, maxchar);
    if (out == NULL) {
        goto done;
    }
    int kind = PyUnicode_KIND(out);
    void *target = PyUnicode_DATA(out);
    Py_ssize_t at = 0;
    for (Py_ssize_t r = 0; r < rows; r++) {
        for (Py_ssize_t c = 0; c < columns; c++) {
            Py_ssize_t cell = r * columns + c;
            PyObject *field = fields[cell];
            Py_ssize_t length = PyUnicode_GET_LENGTH(field);
            if (c > 0) {
                PyUnicode_WRITE(kind, target, at++, ',');
            }
            if (marks[cell] < 0) {
                if (length > 0 && PyUnicode_CopyCharacters(out, at, field, 0, length) < 0) {
                    Py_DECREF(out);
                    goto done;
                }
                at += length;
            }
            else {
                int field_kind = PyUnicode_KIND(field);
                const void *source = PyUnicode_DATA(field);
                PyUnicode_WRITE(kind, target, at++, '"');
                for (Py_ssize_t i = 0; i < length; i++) {
                    Py_UCS4 ch = PyUnicode_READ(field_kind, source, i);
                    PyUnicode_WRITE(kind, target, at++, ch);
                    if (ch == '"') {
                        PyUnicode_WRITE(kind, target, at++, '"');
                    }
                }
                PyUnicode_WRITE(kind, target, at++, '"');
            }
        }
        if (end_length > 0 && PyUnicode_CopyCharacters(out, at, end, 0, end_length) < 0) {
            Py_DECREF(out);
            goto done;
        }
        at += end_length;
    }
    assert(at == total);
    result = out;
done:
    if (fields != NULL) {
        for (Py_ssize_t i = 0; i < cells; i++) {
            Py_XDECREF(fields[i]);
        }
    }
    PyMem_Free(fields);
    PyMem_Free(marks);
    PyMem_Free(seen);
    return result;
}

static PyMethodDef native_functions[] = {
    {"reflow_joined", (PyCFunction)reflow_joined, METH_O,
     "reflow_joined(body) -> str | None: corpus.reflow's common case, or None"},
    {"segment_spans", (PyCFunction)(void (*)(void))segment_spans, METH_FASTCALL,
     "segment_spans(text, titles, others, starters) -> (paragraphs, sentences, owner)"},
    {"segment_counts", (PyCFunction)(void (*)(void))segment_counts, METH_FASTCALL,
     "segment_counts(text, titles, others, starters) -> (n_paragraphs, n_sentences)"},
    {"packed_sum", (PyCFunction)(void (*)(void))packed_sum, METH_FASTCALL,
     "packed_sum(codes, shift) -> sum of each int64 code shifted right by shift bits"},
    {"expand", (PyCFunction)(void (*)(void))fold_expand, METH_FASTCALL,
     "expand(codes, starts, lengths, flat, sizes) -> (terms, article) as int64 bytearrays"},
    {"first_in_article", (PyCFunction)(void (*)(void))fold_first_in_article, METH_FASTCALL,
     "first_in_article(terms, article, n_terms) -> bytearray mask of first occurrences"},
    {"count_words", (PyCFunction)(void (*)(void))count_words_in, METH_FASTCALL,
     "count_words(text, start, end[, limit]) -> the number of words of text[start:end]"},
    {"lower_words", (PyCFunction)lower_words, METH_O,
     "lower_words(text) -> the words written in lower case (speakers._LOWER_WORD.findall)"},
    {"words_in_set", (PyCFunction)(void (*)(void))words_in_set, METH_FASTCALL,
     "words_in_set(text, words, filter, shortest, longest) -> [(word, start, end), ...]"},
    {"word_filter", (PyCFunction)word_filter, METH_O,
     "word_filter(words) -> bytes: the filter of a set of ASCII words, for words_in_set"},
    {"capital_stretches", (PyCFunction)capital_stretches, METH_O,
     "capital_stretches(text) -> [(start, end), ...] of speakers._CAPITAL_STRETCH"},
    {"pronoun_counts", (PyCFunction)(void (*)(void))pronoun_counts, METH_FASTCALL,
     "pronoun_counts(text, start, end) -> (male, female) of speakers._PRONOUN_ACTING"},
    {"name_tokens", (PyCFunction)(void (*)(void))name_tokens, METH_FASTCALL,
     "name_tokens(text, start, end, honorifics, kept) -> [(token, start, end), ...]"},
    {"csv_lines", (PyCFunction)(void (*)(void))csv_lines, METH_FASTCALL,
     "csv_lines(data, specials, end, by_columns[, rules]) -> the csv writer's lines, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "analysis._native",
    .m_doc = "Hot loops of reading and counting in C (see analysis.frequencies.ChunkCoder, "
              "analysis.corpus.reflow).",
    .m_size = -1,
    .m_methods = native_functions,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    if (PyType_Ready(&ChunkTableType) < 0 || PyType_Ready(&KeyMatcherType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&native_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&ChunkTableType);
    if (PyModule_AddObject(module, "ChunkTable", (PyObject *)&ChunkTableType) < 0) {
        Py_DECREF(&ChunkTableType);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&KeyMatcherType);
    if (PyModule_AddObject(module, "KeyMatcher", (PyObject *)&KeyMatcherType) < 0) {
        Py_DECREF(&KeyMatcherType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
