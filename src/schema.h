/* schema.h — internal: the compiled JSON Schema program shared by schema_compile.c and schema_eval.c. */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "embedhub.h"
#include "json.h"
#include "json_value.h"
#include "decimal.h"
#include "lifo.h"
#include "regex.h"

/* The evaluator's work budget: at most SCH_EVAL_STEPS_PER_PAIR subschema applications per
 * (compiled subschema, instance value) pair, plus SCH_EVAL_STEPS_MIN. A normal schema
 * applies each subschema to a value a few times at most; one that nests anyOf/allOf over the
 * same $ref target can take exponentially many steps, and is stopped instead. */
#ifndef SCH_EVAL_STEPS_PER_PAIR
#define SCH_EVAL_STEPS_PER_PAIR 16
#endif
#ifndef SCH_EVAL_STEPS_MIN
#define SCH_EVAL_STEPS_MIN 1000000
#endif

#define SCH_NONE UINT32_MAX  /* "no schema / no entry" in any uint32_t index field */

/* Instance type bits, as the `type` keyword sees them. "number" is both number bits. */
#define SCH_T_NULL 1u
#define SCH_T_BOOLEAN 2u
#define SCH_T_INTEGER 4u    /* a number with no fractional part (1.0 included) */
#define SCH_T_FRACTION 8u   /* any other number */
#define SCH_T_STRING 16u
#define SCH_T_ARRAY 32u
#define SCH_T_OBJECT 64u

/* Keywords, one row each: the enum's name and the keyword as it appears in schema paths and in
 * an error's `keyword` (NONE is the root of the evaluation path; FALSE the boolean schema false,
 * reported as keyword "false"). The enum and the evaluator's names are both made from this list. */
#define SCH_KEYWORDS(X) \
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

typedef enum sch_kw {
#define KW_ENUM_ROW(id, name) KW_##id,
    SCH_KEYWORDS(KW_ENUM_ROW)
#undef KW_ENUM_ROW
    KW_COUNT
} sch_kw;


/* Opcodes. Operands are in sch_op; "schema" means an index into hub_schema.schemas. */
typedef enum sch_opcode {
    OP_FALSE,           /* always fails */
    OP_TYPE,            /* a: SCH_T_* mask */
    OP_CONST,           /* a: index in values */
    OP_ENUM,            /* a: index in enums */
    OP_MULTIPLE_OF,     /* a: index in decimals; text: the divisor as written */
    OP_MINIMUM,         /* v.d: the bound; text: as written (also the three below) */
    OP_MAXIMUM,
    OP_EXCL_MINIMUM,
    OP_EXCL_MAXIMUM,
    OP_MIN_LENGTH,      /* v.n: code points */
    OP_MAX_LENGTH,
    OP_PATTERN,         /* a: index in regexes */
    OP_FORMAT,          /* a: format_id; text: the format name */
    OP_MIN_ITEMS,       /* v.n (also the three below) */
    OP_MAX_ITEMS,
    OP_MIN_PROPS,
    OP_MAX_PROPS,
    OP_UNIQUE_ITEMS,
    OP_ITEMS,           /* a: pool offset of the prefix schemas, b: their count, c: the schema
                         * for the rest (SCH_NONE: none); flags: OPF_REST_FALSE, and the
                         * prefix keyword in the high byte (prefixItems or items) */
    OP_CONTAINS,        /* a: schema, b: minContains, c: maxContains (SCH_NONE: unbounded) */
    OP_PROPS,           /* a: index in propsets (properties, patternProperties,
                         * additionalProperties and required of one schema, in one pass) */
    OP_PROPERTY_NAMES,  /* a: schema */
    OP_DEP_REQUIRED,    /* a: first index in deps, b: count */
    OP_DEP_SCHEMAS,     /* a: first index in deps, b: count */
    OP_REF,             /* a: schema */
    OP_DYNAMIC_REF,     /* a: the statically resolved schema, b: the anchor name (strings) */
    OP_ALL_OF,          /* a: pool offset, b: count */
    OP_ANY_OF,
    OP_ONE_OF,
    OP_NOT,             /* a: schema */
    OP_IF,              /* a: if, b: then, c: else (SCH_NONE when absent) */
    OP_UNEVAL_ITEMS,    /* a: schema; flags: OPF_REST_FALSE when it is `false` */
    OP_UNEVAL_PROPS,
    OP_CONTENT          /* draft-07 only, where content may assert: a: 1 if contentEncoding is
                         * base64, b: 1 if contentMediaType is application/json */
} sch_opcode;

#define OPF_REST_FALSE 1u   /* the rest schema is `false`: report the keyword, not "false" */

typedef struct sch_op {
    uint8_t code;      /* sch_opcode */
    uint8_t kw;        /* sch_kw reported when it fails */
    uint16_t flags;
    uint32_t a, b, c;
    union { double d; uint64_t n; } v;
    const char *text;  /* the keyword's value as written, for messages (NULL if not needed) */
} sch_op;

/* A compiled (sub)schema: its ops are ops[first .. first + count). */
#define SCH_UNEVAL_PROPS 1u  /* has unevaluatedProperties: track evaluated members */
#define SCH_UNEVAL_ITEMS 2u  /* has unevaluatedItems: track evaluated items */
typedef struct sch_sub {
    uint32_t first, count;
    uint32_t resource;  /* index in resources: the schema resource it belongs to */
    uint32_t flags;
} sch_sub;

/* A schema resource (a document root or a subschema with $id): its $dynamicAnchors are
 * dyns[first .. first + count). */
typedef struct sch_resource {
    uint32_t first, count;
} sch_resource;

typedef struct sch_dyn {
    uint32_t name;    /* index in strings */
    uint32_t schema;
} sch_dyn;

/* An entry of a propset's open-addressing table; empty slots have name == NULL. */
typedef struct sch_prop {
    const char *name;  /* NUL-terminated member name */
    uint32_t len, hash;
    uint32_t schema;   /* from `properties`, or SCH_NONE when the name is only required */
    uint32_t required; /* 1 when `required` lists the name */
} sch_prop;

typedef struct sch_pattern {
    uint32_t regex;    /* index in regexes */
    uint32_t schema;
} sch_pattern;

typedef struct sch_propset {
    uint32_t first, mask;       /* table: props[first .. first + mask] */
    uint32_t nrequired;
    uint32_t req_first;         /* pool offset: prop-table slots of the required names, in order */
    uint32_t pat_first, pat_count;
    uint32_t additional;        /* schema, or SCH_NONE */
    uint32_t additional_false;  /* additionalProperties is `false` */
} sch_propset;

/* dependentRequired / dependentSchemas / draft-07 dependencies entry. */
typedef struct sch_dep {
    const char *name;
    uint32_t len;
    uint32_t schema;            /* SCH_NONE for a dependentRequired entry */
    uint32_t first, count;      /* pool offsets of the required names (indices in strings) */
} sch_dep;

typedef struct sch_enum {
    uint32_t first, count;      /* values[first .. first + count) */
    uint32_t table, mask;       /* pool[table .. table + mask]: value index + 1, 0 = empty */
} sch_enum;

typedef struct sch_regex {
    re_prog *re;
    const char *source;
} sch_regex;

struct hub_schema {
    sch_op *ops;
    sch_sub *schemas;
    sch_resource *resources;
    sch_dyn *dyns;
    uint32_t *pool;
    sch_prop *props;
    sch_propset *propsets;
    sch_pattern *patterns;
    sch_dep *deps;
    sch_enum *enums;
    const cJSON **values;
    decimal_t *decimals;
    sch_regex *regexes;
    const char **strings;
    uint32_t nregexes;
    uint32_t nschemas;
    uint32_t root;
    unsigned flags;
    arena_t *arena;           /* names, strings and constant trees */
};

/* ---- shared helpers (schema_eval.c) ---------------------------------------------------------- */

/* The hash of property tables, computed for every member of every validated object: O(1), from
 * the length and three bytes (first, middle, last). Names that agree on those collide, which
 * costs one more comparison, never a wrong answer; the tables only hold a schema's own names. */
static inline uint32_t sch_prop_hash(const char *s, size_t n) {
    uint32_t x = (uint32_t)n;
    if (n)
        x ^= (uint32_t)(unsigned char)s[0] << 8 ^ (uint32_t)(unsigned char)s[n / 2] << 16 ^
             (uint32_t)(unsigned char)s[n - 1] << 24;
    return (x * 0x9e3779b1u) ^ (x >> 13);
}

/* memcmp(a, b, n) == 0 for the short names and strings of schemas, without a library call. */
static inline int sch_bytes_equal(const char *a, const char *b, size_t n) {
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
 * next use of `res`). String nodes follow json_parse's convention: `valueint` is the byte
 * length, or 0 to have strlen measure it (as cJSON_CreateString leaves it). Returns 1 valid,
 * 0 invalid (errors in `res`), -1 when the evaluation had to stop (depth limit, work budget, a
 * $dynamicRef loop) with `err` filled. */
int eval_validate_tree(const hub_schema *schema, const cJSON *instance, hub_result *res, hub_error *err);

/* As hub_schema_validate_json, for a value in the binary encoding of json_binary.h (what
 * web/src/core/encode.mjs writes): the same tree, work budget and answers as its JSON text. */
int eval_validate_binary(const hub_schema *schema, const unsigned char *bytes, size_t len, hub_result *res,
                         hub_error *err);

/* ---- built-in meta-schemas (generated by scripts/embed-meta.mjs) ------------------------------ */

typedef struct meta_doc {
    const char *uri;   /* absolute, without fragment */
    const char *text;  /* minified JSON */
    size_t len;
} meta_doc;

extern const meta_doc meta_docs[];
extern const size_t meta_count;

#endif
