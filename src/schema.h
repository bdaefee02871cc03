/* schema.h — internal: the compiled JSON Schema program shared by schema_compile.c and schema_eval.c. */
#ifndef HUB_SCHEMA_H
#define HUB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "embedhub.h"
#include "json.h"
#include "regex.h"

/* The evaluator's own recursion limit: nested subschema applications (each $ref, each property
 * or item step, each combinator branch counts one). It bounds the C stack whatever the schema
 * does; a recursive schema over an instance nested HUB_JSON_MAX_DEPTH deep stays well below. */
#ifndef HUB_SCHEMA_MAX_EVAL_DEPTH
#define HUB_SCHEMA_MAX_EVAL_DEPTH 2048
#endif

/* The evaluator's work budget: at most HUB_SCHEMA_EVAL_STEPS_PER_PAIR subschema applications per
 * (compiled subschema, instance value) pair, plus HUB_SCHEMA_EVAL_STEPS_MIN. A normal schema
 * applies each subschema to a value a few times at most; one that nests anyOf/allOf over the
 * same $ref target can take exponentially many steps, and is stopped instead. */
#ifndef HUB_SCHEMA_EVAL_STEPS_PER_PAIR
#define HUB_SCHEMA_EVAL_STEPS_PER_PAIR 16
#endif
#ifndef HUB_SCHEMA_EVAL_STEPS_MIN
#define HUB_SCHEMA_EVAL_STEPS_MIN 1000000
#endif

#define HUB_NONE UINT32_MAX  /* "no schema / no entry" in any uint32_t index field */

/* Instance type bits, as the `type` keyword sees them. "number" is both number bits. */
#define HUB_T_NULL 1u
#define HUB_T_BOOLEAN 2u
#define HUB_T_INTEGER 4u    /* a number with no fractional part (1.0 included) */
#define HUB_T_FRACTION 8u   /* any other number */
#define HUB_T_STRING 16u
#define HUB_T_ARRAY 32u
#define HUB_T_OBJECT 64u

/* Keywords, one row each: the enum's name and the keyword as it appears in schema paths and in
 * an error's `keyword` (NONE is the root of the evaluation path; FALSE the boolean schema false,
 * reported as keyword "false"). The enum and the evaluator's names are both made from this list. */
#define HUB_KEYWORDS(X) \
    X(NONE, "") \
    X(FALSE, "false") \
    X(TYPE, "type") \
    X(ENUM, "enum") \
    X(CONST, "const") \
    X(MULTIPLE_OF, "multipleOf") \
    X(MAXIMUM, "maximum") \
    X(EXCLUSIVE_MAXIMUM, "exclusiveMaximum") \
    X(MINIMUM, "minimum") \
    X(EXCLUSIVE_MINIMUM, "exclusiveMinimum") \
    X(MAX_LENGTH, "maxLength") \
    X(MIN_LENGTH, "minLength") \
    X(PATTERN, "pattern") \
    X(FORMAT, "format") \
    X(MAX_ITEMS, "maxItems") \
    X(MIN_ITEMS, "minItems") \
    X(UNIQUE_ITEMS, "uniqueItems") \
    X(CONTAINS, "contains") \
    X(MAX_CONTAINS, "maxContains") \
    X(MIN_CONTAINS, "minContains") \
    X(ITEMS, "items") \
    X(PREFIX_ITEMS, "prefixItems") \
    X(ADDITIONAL_ITEMS, "additionalItems") \
    X(MAX_PROPERTIES, "maxProperties") \
    X(MIN_PROPERTIES, "minProperties") \
    X(REQUIRED, "required") \
    X(PROPERTIES, "properties") \
    X(PATTERN_PROPERTIES, "patternProperties") \
    X(ADDITIONAL_PROPERTIES, "additionalProperties") \
    X(PROPERTY_NAMES, "propertyNames") \
    X(DEPENDENT_REQUIRED, "dependentRequired") \
    X(DEPENDENT_SCHEMAS, "dependentSchemas") \
    X(DEPENDENCIES, "dependencies") \
    X(REF, "$ref") \
    X(DYNAMIC_REF, "$dynamicRef") \
    X(ALL_OF, "allOf") \
    X(ANY_OF, "anyOf") \
    X(ONE_OF, "oneOf") \
    X(NOT, "not") \
    X(IF, "if") \
    X(THEN, "then") \
    X(ELSE, "else") \
    X(UNEVALUATED_ITEMS, "unevaluatedItems") \
    X(UNEVALUATED_PROPERTIES, "unevaluatedProperties") \
    X(CONTENT_ENCODING, "contentEncoding") \
    X(CONTENT_MEDIA_TYPE, "contentMediaType")

typedef enum hub_kw {
#define HUB_KW_ENUM_ROW(id, name) HUB_KW_##id,
    HUB_KEYWORDS(HUB_KW_ENUM_ROW)
#undef HUB_KW_ENUM_ROW
    HUB_KW_COUNT
} hub_kw;


/* Opcodes. Operands are in hub_op; "schema" means an index into hub_schema.schemas. */
typedef enum hub_opcode {
    HUB_OP_FALSE,           /* always fails */
    HUB_OP_TYPE,            /* a: HUB_T_* mask */
    HUB_OP_CONST,           /* a: index in values */
    HUB_OP_ENUM,            /* a: index in enums */
    HUB_OP_MULTIPLE_OF,     /* a: index in decimals; text: the divisor as written */
    HUB_OP_MINIMUM,         /* v.d: the bound; text: as written (also the three below) */
    HUB_OP_MAXIMUM,
    HUB_OP_EXCL_MINIMUM,
    HUB_OP_EXCL_MAXIMUM,
    HUB_OP_MIN_LENGTH,      /* v.n: code points */
    HUB_OP_MAX_LENGTH,
    HUB_OP_PATTERN,         /* a: index in regexes */
    HUB_OP_FORMAT,          /* a: hub_format id; text: the format name */
    HUB_OP_MIN_ITEMS,       /* v.n (also the three below) */
    HUB_OP_MAX_ITEMS,
    HUB_OP_MIN_PROPS,
    HUB_OP_MAX_PROPS,
    HUB_OP_UNIQUE_ITEMS,
    HUB_OP_ITEMS,           /* a: pool offset of the prefix schemas, b: their count, c: the schema
                             * for the rest (HUB_NONE: none); flags: HUB_OPF_REST_FALSE, and the
                             * prefix keyword in the high byte (prefixItems or items) */
    HUB_OP_CONTAINS,        /* a: schema, b: minContains, c: maxContains (HUB_NONE: unbounded) */
    HUB_OP_PROPS,           /* a: index in propsets (properties, patternProperties,
                             * additionalProperties and required of one schema, in one pass) */
    HUB_OP_PROPERTY_NAMES,  /* a: schema */
    HUB_OP_DEP_REQUIRED,    /* a: first index in deps, b: count */
    HUB_OP_DEP_SCHEMAS,     /* a: first index in deps, b: count */
    HUB_OP_REF,             /* a: schema */
    HUB_OP_DYNAMIC_REF,     /* a: the statically resolved schema, b: the anchor name (strings) */
    HUB_OP_ALL_OF,          /* a: pool offset, b: count */
    HUB_OP_ANY_OF,
    HUB_OP_ONE_OF,
    HUB_OP_NOT,             /* a: schema */
    HUB_OP_IF,              /* a: if, b: then, c: else (HUB_NONE when absent) */
    HUB_OP_UNEVAL_ITEMS,    /* a: schema; flags: HUB_OPF_REST_FALSE when it is `false` */
    HUB_OP_UNEVAL_PROPS,
    HUB_OP_CONTENT          /* draft-07 only, where content may assert: a: 1 if contentEncoding is
                             * base64, b: 1 if contentMediaType is application/json */
} hub_opcode;

#define HUB_OPF_REST_FALSE 1u   /* the rest schema is `false`: report the keyword, not "false" */

typedef struct hub_op {
    uint8_t code;      /* hub_opcode */
    uint8_t kw;        /* hub_kw reported when it fails */
    uint16_t flags;
    uint32_t a, b, c;
    union { double d; uint64_t n; } v;
    const char *text;  /* the keyword's value as written, for messages (NULL if not needed) */
} hub_op;

/* A compiled (sub)schema: its ops are ops[first .. first + count). */
#define HUB_SCH_UNEVAL_PROPS 1u  /* has unevaluatedProperties: track evaluated members */
#define HUB_SCH_UNEVAL_ITEMS 2u  /* has unevaluatedItems: track evaluated items */
typedef struct hub_sch {
    uint32_t first, count;
    uint32_t resource;  /* index in resources: the schema resource it belongs to */
    uint32_t flags;
} hub_sch;

/* A schema resource (a document root or a subschema with $id): its $dynamicAnchors are
 * dyns[first .. first + count). */
typedef struct hub_res {
    uint32_t first, count;
} hub_res;

typedef struct hub_dyn {
    uint32_t name;    /* index in strings */
    uint32_t schema;
} hub_dyn;

/* An entry of a propset's open-addressing table; empty slots have name == NULL. */
typedef struct hub_prop {
    const char *name;  /* NUL-terminated member name */
    uint32_t len, hash;
    uint32_t schema;   /* from `properties`, or HUB_NONE when the name is only required */
    uint32_t required; /* 1 when `required` lists the name */
} hub_prop;

typedef struct hub_pattern {
    uint32_t regex;    /* index in regexes */
    uint32_t schema;
} hub_pattern;

typedef struct hub_propset {
    uint32_t first, mask;       /* table: props[first .. first + mask] */
    uint32_t nrequired;
    uint32_t req_first;         /* pool offset: prop-table slots of the required names, in order */
    uint32_t pat_first, pat_count;
    uint32_t additional;        /* schema, or HUB_NONE */
    uint32_t additional_false;  /* additionalProperties is `false` */
} hub_propset;

/* dependentRequired / dependentSchemas / draft-07 dependencies entry. */
typedef struct hub_dep {
    const char *name;
    uint32_t len;
    uint32_t schema;            /* HUB_NONE for a dependentRequired entry */
    uint32_t first, count;      /* pool offsets of the required names (indices in strings) */
} hub_dep;

typedef struct hub_enum {
    uint32_t first, count;      /* values[first .. first + count) */
    uint32_t table, mask;       /* pool[table .. table + mask]: value index + 1, 0 = empty */
} hub_enum;

/* An exact decimal m × 10^e, for multipleOf. `exact` is 0 when the token has more
 * significant digits than fit in 64 bits (then `d` is used). */
typedef struct hub_decimal {
    uint64_t m;
    int64_t e;
    int exact;
    double d;
} hub_decimal;

typedef struct hub_re {
    hub_regex *re;
    const char *source;
} hub_re;

struct hub_schema {
    hub_op *ops;
    hub_sch *schemas;
    hub_res *resources;
    hub_dyn *dyns;
    uint32_t *pool;
    hub_prop *props;
    hub_propset *propsets;
    hub_pattern *patterns;
    hub_dep *deps;
    hub_enum *enums;
    const cJSON **values;
    hub_decimal *decimals;
    hub_re *regexes;
    const char **strings;
    uint32_t nregexes;
    uint32_t nschemas;
    uint32_t root;
    unsigned flags;
    hub_arena *arena;           /* names, strings and constant trees */
};

/* ---- shared helpers (schema_eval.c) ---------------------------------------------------------- */

/* A LIFO scratch allocator: what was allocated after a mark is released by restoring the mark,
 * so memory follows the current nesting of the evaluation, not the total work done. Chunks are
 * kept for reuse. A zeroed hub_stack is empty and ready. */
typedef struct hub_stack_chunk {
    struct hub_stack_chunk *next;
    size_t size, used;   /* payload bytes, after the header */
} hub_stack_chunk;
typedef struct hub_stack {
    hub_stack_chunk *first, *cur;
} hub_stack;
typedef struct hub_stack_mark {
    hub_stack_chunk *chunk;
    size_t used;
} hub_stack_mark;

/* Marks and restores are inline: the evaluator takes one per subschema application. */
static inline hub_stack_mark hub_stack_save(const hub_stack *st) {
    hub_stack_mark m = { st->cur, st->cur ? st->cur->used : 0 };
    return m;
}
static inline void hub_stack_restore(hub_stack *st, hub_stack_mark m) {
    st->cur = m.chunk;
    if (m.chunk) m.chunk->used = m.used;
}
/* Returns `n` bytes aligned to 8, valid until a mark taken before is restored; NULL on OOM. */
void *hub_stack_alloc(hub_stack *st, size_t n);
/* Releases every chunk; the stack is empty and usable again. */
void hub_stack_free(hub_stack *st);

/* JSON equality as JSON Schema defines it: numbers by value (1 == 1.0), objects unordered.
 * Large objects whose members come in different orders are matched through a table allocated
 * on `st` (and released before returning); if that fails, pairwise. */
int hub_json_equal(const cJSON *a, const cJSON *b, hub_stack *st);
/* A hash consistent with hub_json_equal. */
uint32_t hub_json_hash(const cJSON *v);
/* Parses a JSON number token into d (never fails on a token the parser accepted). */
void hub_decimal_parse(hub_decimal *d, const char *token, double value);
/* FNV-1a over `n` bytes (hash maps of URIs and other long strings with shared prefixes). */
uint32_t hub_name_hash(const char *s, size_t n);

/* The hash of property tables, computed for every member of every validated object: O(1), from
 * the length and three bytes (first, middle, last). Names that agree on those collide, which
 * costs one more comparison, never a wrong answer; the tables only hold a schema's own names. */
static inline uint32_t hub_prop_hash(const char *s, size_t n) {
    uint32_t x = (uint32_t)n;
    if (n)
        x ^= (uint32_t)(unsigned char)s[0] << 8 ^ (uint32_t)(unsigned char)s[n / 2] << 16 ^
             (uint32_t)(unsigned char)s[n - 1] << 24;
    return (x * 0x9e3779b1u) ^ (x >> 13);
}

/* memcmp(a, b, n) == 0 for the short names and strings of schemas, without a library call. */
static inline int hub_bytes_equal(const char *a, const char *b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return 0;
    }
    while (n--)
        if (*a++ != *b++) return 0;
    return 1;
}

/* Validates an already parsed instance (it may live anywhere but in `res`, and must outlive the
 * next use of `res`). String nodes follow hub_json_parse's convention: `valueint` is the byte
 * length, or 0 to have strlen measure it (as cJSON_CreateString leaves it). Returns 1 valid,
 * 0 invalid (errors in `res`), -1 when the evaluation had to stop (depth limit, work budget, a
 * $dynamicRef loop) with `err` filled. */
int eval_validate_tree(const hub_schema *schema, const cJSON *instance, hub_result *res,
                             hub_error *err);

/* The errors of the last validation as one run of NUL-terminated strings (for the WebAssembly
 * boundary: JS decodes it in one call and splits it at the NULs): per error, "P" when it has a
 * property or "-" when not, then instance path, schema path, keyword, message, field and the
 * property if any. Stores the byte length in *len; owned by `res` until its next use; NULL on OOM. */
const char *eval_result_strings(hub_result *res, size_t *len);

/* ---- built-in meta-schemas (generated by scripts/embed-meta.mjs) ------------------------------ */

typedef struct hub_meta_doc {
    const char *uri;   /* absolute, without fragment */
    const char *text;  /* minified JSON */
    size_t len;
} hub_meta_doc;

extern const hub_meta_doc hub_meta_docs[];
extern const size_t hub_meta_count;

#endif
