/* test_format.c — the `format` checks: edge cases per format, then the JSON Schema Test Suite's files. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "check.h"
#include "format.h"

typedef struct {
    format_id f;
    int valid;
    const char *s;
    size_t len; /* explicit, so that cases may hold NUL bytes */
} format_case;

#define V(f, s) {FMT_##f, 1, s, sizeof(s) - 1}
#define X(f, s) {FMT_##f, 0, s, sizeof(s) - 1}

static const format_case cases[] = {
    /* date-time: RFC 3339 5.6; leap seconds only at 23:59:60 UTC */
    V(DATE_TIME, "1963-06-19T08:30:06.283185Z"), V(DATE_TIME, "1963-06-19t08:30:06z"),
    V(DATE_TIME, "1998-12-31T23:59:60Z"), V(DATE_TIME, "1998-12-31T15:59:60.123-08:00"),
    V(DATE_TIME, "1985-04-12T00:59:59.999999999999999Z"),
    X(DATE_TIME, "1998-12-31T23:58:60Z"), X(DATE_TIME, "1998-12-31T23:59:60+01:00"),
    X(DATE_TIME, "1990-02-31T15:59:59Z"), X(DATE_TIME, "1990-12-31T15:59:59-24:00"),
    X(DATE_TIME, "2013-350T01:01:01"), X(DATE_TIME, "1985-04-12T23:20:50+01"),
    X(DATE_TIME, "1985-04-12 23:20:50Z"), X(DATE_TIME, "1985-04-12T23:20:50.Z"),
    X(DATE_TIME, "1985-04-12T23:20:50Z\0"), X(DATE_TIME, "1985-04-12T"), X(DATE_TIME, ""),
    /* date */
    V(DATE, "2020-02-29"), V(DATE, "2000-02-29"), V(DATE, "0000-01-01"), V(DATE, "2020-12-31"),
    X(DATE, "2021-02-29"), X(DATE, "2100-02-29"), X(DATE, "2020-04-31"), X(DATE, "2020-00-10"),
    X(DATE, "2020-01-00"), X(DATE, "2020-1-01"), X(DATE, "2020-01-01\0"), X(DATE, "2020-01-0:"),
    X(DATE, "+2020-01-01"), X(DATE, "2020/01/01"),
    /* time: the offset is required */
    V(TIME, "23:59:60Z"), V(TIME, "01:29:60+01:30"), V(TIME, "00:29:60-23:30"),
    V(TIME, "12:00:00.5z"), V(TIME, "12:34:56-00:00"),
    X(TIME, "22:59:60Z"), X(TIME, "23:59:60-00:30"), X(TIME, "12:00:00"), X(TIME, "12:00:00.52"),
    X(TIME, "12:00:00+0100"), X(TIME, "12:00:00+01:00 "), X(TIME, "01:02:03Z+00:30"),
    X(TIME, "24:00:00Z"), X(TIME, "00:00:61Z"), X(TIME, "01:02:03+00:60"), X(TIME, "1:02:03Z"),
    /* duration: RFC 3339 Appendix A */
    V(DURATION, "P4DT12H30M5S"), V(DURATION, "P2W"), V(DURATION, "PT36H"), V(DURATION, "P1M"),
    V(DURATION, "PT1M2S"), V(DURATION, "P1Y2M"), V(DURATION, "P01D"),
    X(DURATION, "P1Y2W"), X(DURATION, "P1Y2D"), X(DURATION, "PT1H2S"), X(DURATION, "PT"),
    X(DURATION, "P1YT"), X(DURATION, "P"), X(DURATION, "p1d"), X(DURATION, "P1DT"),
    X(DURATION, "P2D1Y"), X(DURATION, "P1D2H"), X(DURATION, "PT0.5S"), X(DURATION, "P1WT1H"),
    X(DURATION, "PT1HT1M"), X(DURATION, "P1D\0"), X(DURATION, ""),
    /* email: RFC 5321 mailbox */
    V(EMAIL, "joe.bloggs@example.com"), V(EMAIL, "\"joe..bloggs\"@example.com"),
    V(EMAIL, "\"a\\\"b\"@example.com"), V(EMAIL, "joe.bloggs@[IPv6:::1]"),
    V(EMAIL, "a@[ipv6:::1]"), V(EMAIL, "a@[127.0.0.1]"), V(EMAIL, "~test@example.com"),
    V(EMAIL, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com"),
    X(EMAIL, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com"),
    X(EMAIL, "a@[127.0.0.300]"), X(EMAIL, "a@[IPv6:127.0.0.1]"), X(EMAIL, "te..st@example.com"),
    X(EMAIL, ".a@b.c"), X(EMAIL, "a.@b.c"), X(EMAIL, "a@b@c"), X(EMAIL, "a@"), X(EMAIL, "@a"),
    X(EMAIL, "\"unterminated@example.com"), X(EMAIL, "a b@example.com"),
    X(EMAIL, "\xce\xb4@example.com"), X(EMAIL, "a@b..c"), X(EMAIL, "a@example.com\0"),
    X(EMAIL, "joe.bloggs@invalid=domain.com"),
    /* idn-email: RFC 6531 */
    V(IDN_EMAIL, "\xec\x8b\xa4\xeb\xa1\x80@\xec\x8b\xa4\xeb\xa1\x80.\xed\x85\x8c\xec\x8a\xa4\xed\x8a\xb8"),
    V(IDN_EMAIL, "\xce\xb4\xce\xbf\xce\xba\xce\xb9\xce\xbc\xce\xae@example.com"),
    V(IDN_EMAIL, "\"\xce\xb4\"@example.com"), V(IDN_EMAIL, "user@cafe\xcc\x81.com"),
    X(IDN_EMAIL, "user\xef\xbc\xa0" "example.com"), X(IDN_EMAIL, "\xc0\xaf@example.com"),
    X(IDN_EMAIL, "\"\xff\"@example.com"), X(IDN_EMAIL, "2962"),
    /* hostname: RFC 1123, A-labels must be valid (RFC 5891 5.4) */
    V(HOSTNAME, "www.example.com"), V(HOSTNAME, "1host"), V(HOSTNAME, "a--b.com"),
    V(HOSTNAME, "xn--9n2bp8q.xn--9t4b11yi5a"), V(HOSTNAME, "XN--9N2BP8Q.xn--9T4B11YI5A"),
    V(HOSTNAME, "xn--ll-0ea"), V(HOSTNAME, "xn--11b2ezcw70k"),
    V(HOSTNAME, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk.com"),
    X(HOSTNAME, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl.com"),
    X(HOSTNAME, "xn--X"), X(HOSTNAME, "xn--example-"), X(HOSTNAME, "xn---9uc"),
    X(HOSTNAME, "xn--hello-txk"), X(HOSTNAME, "xn--07jt112bpxg.xn--9t4b11yi5a"),
    X(HOSTNAME, "xn--a"), X(HOSTNAME, "xn--"), X(HOSTNAME, "xn--ab_c-xyz"),
    X(HOSTNAME, "XN--aa---o47jg78q"), X(HOSTNAME, "host_name"), X(HOSTNAME, "-a"),
    X(HOSTNAME, "a-"), X(HOSTNAME, "a..b"), X(HOSTNAME, "a."), X(HOSTNAME, ""),
    X(HOSTNAME, "example\xef\xbc\x8e" "com"), X(HOSTNAME, "\xe2\x84\xaa" "elvin.example.com"),
    X(HOSTNAME, "a.b\0"),
    /* idn-hostname: IDNA2008 (RFC 5890-5893) */
    V(IDN_HOSTNAME, "\xec\x8b\xa4\xeb\xa1\x80.\xed\x85\x8c\xec\x8a\xa4\xed\x8a\xb8"),
    V(IDN_HOSTNAME, "Hostname.COM"), V(IDN_HOSTNAME, "l\xc2\xb7l"),
    V(IDN_HOSTNAME, "\xce\xb1\xcd\xb5\xce\xb2"), V(IDN_HOSTNAME, "\xd7\x90\xd7\xb3\xd7\x91"),
    V(IDN_HOSTNAME, "\xe3\x83\xbb\xe3\x81\x81"), V(IDN_HOSTNAME, "\xd8\xa8\xd9\xa0\xd8\xa8"),
    V(IDN_HOSTNAME, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7"),
    V(IDN_HOSTNAME, "\xd8\xa8\xd9\x8a\xe2\x80\x8c\xd8\xa8\xd9\x8a"),
    V(IDN_HOSTNAME, "a\xe3\x80\x82" "b"), V(IDN_HOSTNAME, "a\xef\xbc\x8e" "b"),
    V(IDN_HOSTNAME, "a\xef\xbd\xa1" "b"), V(IDN_HOSTNAME, "\xc3\x9f\xcf\x82"),
    V(IDN_HOSTNAME, "xn--ihqwcrb4cv8a8dqg056pqjye"), V(IDN_HOSTNAME, "www.\xd7\x90.com"),
    V(IDN_HOSTNAME, "a-1.\xd7\x90"), X(IDN_HOSTNAME, "1host.\xd7\x90"),
    X(IDN_HOSTNAME, "\xe3\x80\xae\xec\x8b\xa4\xeb\xa1\x80"), X(IDN_HOSTNAME, "a\xc2\xb7l"),
    X(IDN_HOSTNAME, "\xce\xb1\xcd\xb5S"), X(IDN_HOSTNAME, "A\xd7\xb3\xd7\x91"),
    X(IDN_HOSTNAME, "\xe3\x83\xbb"), X(IDN_HOSTNAME, "\xd8\xa8\xd9\xa0\xdb\xb0"),
    X(IDN_HOSTNAME, "\xe0\xa4\x95\xe2\x80\x8d\xe0\xa4\xb7"), X(IDN_HOSTNAME, "0a.\xd7\x90"),
    X(IDN_HOSTNAME, "a\xd7\x90"), X(IDN_HOSTNAME, "\xd7\x90" "0\xd9\xa0"),
    X(IDN_HOSTNAME, "example\xe3\x80\x82"), X(IDN_HOSTNAME, "\xe3\x80\x82"),
    X(IDN_HOSTNAME, "\xe2\x84\xaa" "elvin"), X(IDN_HOSTNAME, "\xef\xac\x81"),
    X(IDN_HOSTNAME, "\xcc\x81" "a"), X(IDN_HOSTNAME, "a\xff"), X(IDN_HOSTNAME, "ab--\xc3\xbc"),
    X(IDN_HOSTNAME, "XN--aa---o47jg78q"), X(IDN_HOSTNAME, "xn--7a"), X(IDN_HOSTNAME, "xn--0ca24w"),
    X(IDN_HOSTNAME, "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8c\xe0\xa4\xb7x\xe2\x80\x8cy"),
    X(IDN_HOSTNAME, "a\0b"),
    /* ipv4 */
    V(IPV4, "192.168.0.1"), V(IPV4, "0.0.0.0"), V(IPV4, "255.255.255.255"),
    X(IPV4, "01.2.3.4"), X(IPV4, "256.1.1.1"), X(IPV4, "1.2.3"), X(IPV4, "1.2.3.4."),
    X(IPV4, "1.2.3.4\0"), X(IPV4, "1.2.3.0004"), X(IPV4, ""), X(IPV4, "0x7f.0.0.1"),
    /* ipv6 */
    V(IPV6, "::"), V(IPV6, "::1"), V(IPV6, "1::"), V(IPV6, "1:2:3:4:5:6:7:8"),
    V(IPV6, "1:2:3:4:5:6:7::"), V(IPV6, "::ffff:192.168.0.1"), V(IPV6, "1:2:3:4:5:6:1.2.3.4"),
    V(IPV6, "ABCD:ef01::"),
    X(IPV6, "1::2::3"), X(IPV6, ":1::"), X(IPV6, "1:2:3:4:5:6:7:8:9"), X(IPV6, "12345::"),
    X(IPV6, "::1.2.3.04"), X(IPV6, "1:2:3:4:5:6:7:1.2.3.4"), X(IPV6, "fe80::a%eth1"),
    X(IPV6, "[::1]"), X(IPV6, "1:"), X(IPV6, ":"), X(IPV6, ""), X(IPV6, "::1\0"),
    X(IPV6, "1:2:3:4:5:6:7:8::"),
    /* uri */
    V(URI, "http://foo.bar/?baz=qux#quux"), V(URI, "urn:isbn:0451450523"), V(URI, "http:"),
    V(URI, "http://[v1.fe]"), V(URI, "http://[V1.fe]/"), V(URI, "file:///etc/hosts"),
    V(URI, "http://[vF.a-._~!$&'()*+,;=:z]/"), X(URI, "http://[v1.a/b]"), X(URI, "http://[v1.a%20]"),
    X(URI, "http://[v1.\xc3\xa9]"), X(URI, "http://[v1.a b]"),
    V(URI, "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com"), V(URI, "http://a:8080/"),
    X(URI, "http://[v1]"), X(URI, "http://[v.x]"), X(URI, "http://[::ffff:01.2.3.4]"),
    X(URI, "http://example.com:abc"), X(URI, "http://a@b@c"), X(URI, "/abc"),
    X(URI, "http://example.com/%6G"), X(URI, "http://example.com/%A"),
    X(URI, "http://\xc3\xa9.com"), X(URI, "http://example.com#a#b"), X(URI, "http:/[::1]"),
    X(URI, "1http://a"), X(URI, "http://a/\0"), X(URI, "http://[::1"),
    /* uri-reference */
    V(URI_REFERENCE, ""), V(URI_REFERENCE, "//"), V(URI_REFERENCE, "?q"), V(URI_REFERENCE, "#f"),
    V(URI_REFERENCE, "./a:b"), V(URI_REFERENCE, "a/b:c"), V(URI_REFERENCE, "//a@b/c"),
    X(URI_REFERENCE, "1:b"), X(URI_REFERENCE, "/a b"), X(URI_REFERENCE, "#a\\b"),
    X(URI_REFERENCE, "/%zz"), X(URI_REFERENCE, "//a@b@example.com/"),
    /* iri, iri-reference (RFC 3987) */
    V(IRI, "http://\xc6\x92\xc3\xb8\xc3\xb8.\xc3\x9f\xc3\xa5r/?\xe2\x88\x82=x#\xcf\x80"),
    V(IRI, "http://a/?q=\xf3\xb0\x80\x80"), V(IRI, "http://a/\xf0\x90\x8c\x80"),
    X(IRI, "http://a/\xf3\xb0\x80\x80"), X(IRI, "http://a/\xef\xbf\xbf"),
    X(IRI, "http://a/\xed\xa0\x80"), X(IRI, "http://a/\xc2\x85"), X(IRI, "\xc3\xa2\xcf\x80"),
    V(IRI_REFERENCE, "\xc3\xa2\xcf\x80\xcf\x80"), V(IRI_REFERENCE, "#\xc6\x92r"),
    X(IRI_REFERENCE, "#\xc6\x92\\r"), X(IRI_REFERENCE, "\\\\WINDOWS\\fil\xc3\xab"),
    /* uri-template (RFC 6570) */
    V(URI_TEMPLATE, "http://example.com/dictionary/{term:1}/{term}"), V(URI_TEMPLATE, ""),
    V(URI_TEMPLATE, "{+var}"), V(URI_TEMPLATE, "{x,y*}"), V(URI_TEMPLATE, "{a.b}"),
    V(URI_TEMPLATE, "{%41}"), V(URI_TEMPLATE, "{v:1000}"), V(URI_TEMPLATE, "a'b"),
    V(URI_TEMPLATE, "a\xf0\x9f\x98\x80" "b"),
    X(URI_TEMPLATE, "{term"), X(URI_TEMPLATE, "{}"), X(URI_TEMPLATE, "{a,,b}"),
    X(URI_TEMPLATE, "{v:0}"), X(URI_TEMPLATE, "{v:10000}"), X(URI_TEMPLATE, "{v:01}"),
    X(URI_TEMPLATE, "foo}bar"), X(URI_TEMPLATE, "{a..b}"), X(URI_TEMPLATE, "{.a}x{a.}"),
    X(URI_TEMPLATE, "{a,}"), X(URI_TEMPLATE, "{var=def}"), X(URI_TEMPLATE, "{,+var}"),
    X(URI_TEMPLATE, "{!var}"), X(URI_TEMPLATE, "a b"), X(URI_TEMPLATE, "a\x7f" "b"),
    X(URI_TEMPLATE, "%4"), X(URI_TEMPLATE, "{%4}"), X(URI_TEMPLATE, "a\0"),
    /* uuid, ulid */
    V(UUID, "2EB8AA08-AA98-11EA-B4AA-73B441D16380"), V(UUID, "00000000-0000-0000-0000-000000000000"),
    X(UUID, "2eb8aa08-aa98-11ea-b4aa-73b441d1638"), X(UUID, "2eb8aa08aa9811eab4aa73b441d16380"),
    X(UUID, "2eb8aa08-aa98-11ea-b4ga-73b441d16380"), X(UUID, "2eb8aa0-8aa98-11ea-b4aa-73b441d16380"),
    V(ULID, "01ARZ3NDEKTSV4RRFFQ69G5FAV"), V(ULID, "7zzzzzzzzzzzzzzzzzzzzzzzzz"),
    X(ULID, "81ARZ3NDEKTSV4RRFFQ69G5FAV"), X(ULID, "01ARZ3NDEKTSV4RRFFQ69G5FAU"),
    X(ULID, "01ARZ3NDEKTSV4RRFFQ69G5FA"), X(ULID, "01ARZ3NDEKTSV4RRFFQ69G5FA-"),
    X(ULID, "01ARZ3NDEKTSV4RRFFQ69G5FAL"),
    /* json-pointer (RFC 6901), relative-json-pointer */
    V(JSON_POINTER, ""), V(JSON_POINTER, "/"), V(JSON_POINTER, "/a~0b~1c"),
    V(JSON_POINTER, "/foo\0bar"), X(JSON_POINTER, "a"), X(JSON_POINTER, "/a~"),
    X(JSON_POINTER, "/~2"), X(JSON_POINTER, "#/a"),
    V(RELATIVE_JSON_POINTER, "0"), V(RELATIVE_JSON_POINTER, "0#"), V(RELATIVE_JSON_POINTER, "120/a"),
    V(RELATIVE_JSON_POINTER, "0+1/a"), V(RELATIVE_JSON_POINTER, "2-10#"),
    X(RELATIVE_JSON_POINTER, ""), X(RELATIVE_JSON_POINTER, "01"), X(RELATIVE_JSON_POINTER, "0##"),
    X(RELATIVE_JSON_POINTER, "1#/a"), X(RELATIVE_JSON_POINTER, "-1"), X(RELATIVE_JSON_POINTER, "1+"),
    X(RELATIVE_JSON_POINTER, "1+01"), X(RELATIVE_JSON_POINTER, "0/~2"), X(RELATIVE_JSON_POINTER, "1\n"),
    /* regex: syntax every ECMA-262 engine agrees on */
    V(REGEX, "([abc])+\\s+$"), X(REGEX, "^(abc]"),
    /* ECMA-262 syntax, not what `pattern` can run (issue 14, item 2) */
    V(REGEX, "(?=a)"), V(REGEX, "(?<!a)b"), V(REGEX, "(a)\\1"), V(REGEX, "(?<n>a)\\k<n>"),
    V(REGEX, "\\p{Script=Greek}"), V(REGEX, "\\p{Script_Extensions=Latn}"), V(REGEX, "\\p{Emoji}"),
    V(REGEX, "(?<\xe2\x84\x98>x)"), V(REGEX, "(?<\\u0061>x)"),
    X(REGEX, "(a)\\2"), X(REGEX, "\\k<n>"), X(REGEX, "(?=a)*"), X(REGEX, "\\p{Script=Klingon}"),
    X(REGEX, "(?<\xe2\xb8\xaf>x)"), X(REGEX, "\\a"),
    /* unknown formats are annotations only */
    V(UNKNOWN, "anything"), V(UNKNOWN, "\xff"),
};

static void format_cases_match_expectations(void) {
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const format_case *c = &cases[i];
        int got = format_check(c->f, c->s, c->len);
        if (got != c->valid)
            fprintf(stderr, "case %zu: %s \"%.*s\" expected %s\n", i, format_name(c->f),
                    (int)c->len, c->s, c->valid ? "valid" : "invalid");
        CHECK_EQ_INT(got, c->valid);
    }
}

static void format_names_round_trip(void) {
    for (int f = 1; f < FMT_COUNT; f++) {
        const char *name = format_name((format_id)f);
        CHECK(name[0] != '\0');
        CHECK_EQ_INT(format_lookup(name, strlen(name)), f);
    }
    CHECK_EQ_STR(format_name(FMT_UNKNOWN), "");
    CHECK_EQ_STR(format_name(FMT_COUNT), "");
    CHECK_EQ_INT(format_lookup("date-tim", 8), FMT_UNKNOWN);
    CHECK_EQ_INT(format_lookup("date-timex", 10), FMT_UNKNOWN);
    CHECK_EQ_INT(format_lookup("date-time", 9), FMT_DATE_TIME);
    CHECK_EQ_INT(format_lookup(NULL, 3), FMT_UNKNOWN);
    CHECK_EQ_INT(format_check(FMT_JSON_POINTER, NULL, 0), 1);
    CHECK_EQ_INT(format_check(FMT_JSON_POINTER, NULL, 5), 0);
    CHECK_EQ_INT(format_check(FMT_COUNT, "x", 1), 1);
}

/* Label and name lengths count the A-label form: 57 "ü" encode to 63 octets, 58 to 64. */
static void idn_hostname_limits_count_a_labels(void) {
    char buf[4 * 120];
    size_t n = 0;
    for (int i = 0; i < 57; i++) n += (size_t)sprintf(buf + n, "\xc3\xbc");
    CHECK_EQ_INT(format_check(FMT_IDN_HOSTNAME, buf, n), 1);
    n += (size_t)sprintf(buf + n, "\xc3\xbc");
    CHECK_EQ_INT(format_check(FMT_IDN_HOSTNAME, buf, n), 0);
    /* three 63-octet A-labels, three dots and 61 + 1 letters: 253 octets, then 254 */
    n = 0;
    for (int l = 0; l < 3; l++) {
        for (int i = 0; i < 57; i++) n += (size_t)sprintf(buf + n, "\xc3\xbc");
        buf[n++] = '.';
    }
    memset(buf + n, 'a', 62);
    CHECK_EQ_INT(format_check(FMT_IDN_HOSTNAME, buf, n + 61), 1);
    CHECK_EQ_INT(format_check(FMT_IDN_HOSTNAME, buf, n + 62), 0);
}

/* Hostile inputs: long runs of one byte, every format, only 0 or 1 and no crash (ASan). */
static void hostile_input_gets_a_verdict(void) {
    static const unsigned char fill[] = {'a', '1', '.', ':', '/', '%', '{', '~', 0xff, 0xc3, 0};
    enum { BIG = 1 << 20 };
    char *buf = malloc(BIG);
    if (!buf) {
        CHECK(buf != NULL);
        return;
    }
    for (size_t k = 0; k < sizeof fill; k++) {
        memset(buf, fill[k], BIG);
        for (int f = 0; f < FMT_COUNT; f++) {
            if (f == FMT_REGEX) continue; /* the regex engine has its own limits and tests */
            int r = format_check((format_id)f, buf, BIG);
            CHECK(r == 0 || r == 1);
        }
    }
    memset(buf, 'a', BIG);
    CHECK_EQ_INT(format_check(FMT_HOSTNAME, buf, BIG), 0);
    CHECK_EQ_INT(format_check(FMT_IDN_HOSTNAME, buf, BIG), 0);
    CHECK_EQ_INT(format_check(FMT_EMAIL, buf, BIG), 0);
    CHECK_EQ_INT(format_check(FMT_URI_REFERENCE, buf, BIG), 1);
    free(buf);
}

/* ---- The JSON Schema Test Suite ------------------------------------------------------------ */

/* cJSON strings end at their first NUL, so before parsing every \u0000 escape becomes \ufdd0
 * (a noncharacter the suite never uses; checked) and afterwards U+FDD0 becomes NUL again. */
static const char NUL_STAND_IN[] = "\xef\xb7\x90";

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = (cap + 4096) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) break;
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

static int protect_nuls(char *text, size_t len) {
    if (strstr(text, NUL_STAND_IN) || strstr(text, "\\ufdd0") || strstr(text, "\\uFDD0")) return 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] != '\\') continue;
        if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0)
            memcpy(text + i + 2, "fdd0", 4);
        i++; /* skip the escaped character, so "\\u0000" stays a backslash and text */
    }
    return 1;
}

/* Copies `s` into buf with U+FDD0 turned back into NUL; returns the length. */
static size_t restore_nuls(const char *s, char *buf, size_t cap) {
    size_t n = 0;
    for (; *s && n < cap; n++) {
        if (memcmp(s, NUL_STAND_IN, 3) == 0) {
            buf[n] = '\0';
            s += 3;
        } else {
            buf[n] = *s++;
        }
    }
    return n;
}

typedef struct {
    int passed, total;
} tally;

static void run_suite_file(const char *dir, const char *name, tally *all) {
    char path[1024], data[4096];
    size_t len;
    int plen = snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK(plen > 0 && (size_t)plen < sizeof path);
    char *text = plen > 0 && (size_t)plen < sizeof path ? read_file(path, &len) : NULL;
    CHECK(text != NULL);
    if (!text) return;
    CHECK(protect_nuls(text, len));
    cJSON *root = cJSON_ParseWithLength(text, len);
    CHECK(root != NULL);
    tally t = {0, 0};
    const cJSON *group, *test;
    cJSON_ArrayForEach(group, root) {
        const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(group, "schema"), "format");
        if (!cJSON_IsString(fmt)) continue;
        format_id f = format_lookup(fmt->valuestring, strlen(fmt->valuestring));
        cJSON_ArrayForEach(test, cJSON_GetObjectItemCaseSensitive(group, "tests")) {
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(test, "data");
            const cJSON *valid = cJSON_GetObjectItemCaseSensitive(test, "valid");
            if (!cJSON_IsString(d)) continue; /* the engine passes non-strings; not ours */
            size_t n = restore_nuls(d->valuestring, data, sizeof data);
            int got = format_check(f, data, n);
            t.total++;
            if (got == cJSON_IsTrue(valid)) {
                t.passed++;
            } else {
                const cJSON *desc = cJSON_GetObjectItemCaseSensitive(test, "description");
                printf("  FAIL %s %s: \"%s\" (%s) expected %s\n", name, fmt->valuestring,
                       d->valuestring, cJSON_IsString(desc) ? desc->valuestring : "",
                       cJSON_IsTrue(valid) ? "valid" : "invalid");
            }
        }
    }
    printf("%s/%s: %d/%d\n", dir, name, t.passed, t.total);
    all->passed += t.passed;
    all->total += t.total;
    cJSON_Delete(root);
    free(text);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void suite_format_files_pass(const char *shared) {
    static const char *const drafts[] = {"draft2020-12", "draft7"};
    tally all = {0, 0};
    for (size_t k = 0; k < 2; k++) {
        char dir[1024];
        int dlen = snprintf(dir, sizeof dir, "%s/json-schema-test-suite/tests/%s/optional/format",
                            shared, drafts[k]);
        DIR *d = dlen > 0 && (size_t)dlen < sizeof dir ? opendir(dir) : NULL;
        CHECK(d != NULL);
        if (!d) continue;
        char *names[64];
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d)) && n < 64) {
            size_t l = strlen(e->d_name);
            if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) names[n++] = strdup(e->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = 0; i < n; i++) {
            if (names[i]) run_suite_file(dir, names[i], &all);
            free(names[i]);
        }
    }
    printf("suite total: %d/%d (%.1f%%)\n", all.passed, all.total,
           all.total ? 100.0 * all.passed / all.total : 0.0);
    CHECK(all.total > 1000);
    CHECK(all.passed * 100 >= all.total * 95);
}

int main(int argc, char **argv) {
    format_cases_match_expectations();
    format_names_round_trip();
    idn_hostname_limits_count_a_labels();
    hostile_input_gets_a_verdict();
    if (argc > 1) suite_format_files_pass(argv[1]);
    return check_summary("test_format");
}
