/* demo_names.h - name pools and builders for the demo generator.
 *
 * Synthetic Chinese person names, enterprise brands, streets and phone
 * numbers; place-name stems; and the profiles of the kinds of units the
 * generator creates (industries of enterprises, hospitals and other
 * institutions, government departments), each with the JJF 1022 fields its
 * standards come from and the focus sectors it serves. Pure functions over
 * caller buffers; every random choice comes from the caller's demo_rng. */
#ifndef MS_DEMO_NAMES_H
#define MS_DEMO_NAMES_H

#include <stddef.h>

#include "core/demo_rng.h"

/* Unit kinds, in the order of model_unit_kinds[]. */
enum demo_kind { DEMO_LEGAL = 0, DEMO_DEPT = 1, DEMO_ENT = 2, DEMO_INST = 3 };

/* How a profile's unit is named. */
enum demo_naming {
    DEMO_NAME_BRAND,    /* place + brand + pattern: "南京华瑞电气有限公司" */
    DEMO_NAME_PLACE,    /* pattern with the location's full name: "沛县人民医院" */
    DEMO_NAME_NUMBERED, /* pattern with the full name and a number: "南京市第一人民医院" */
    DEMO_NAME_CITY,     /* pattern with the city's stem: "国网南京供电公司" */
    DEMO_NAME_CITY2,    /* pattern with the province's and the city's stems */
};

/* Levels of the location where a profile may appear (bit mask). */
enum { DEMO_AT_PROVINCE = 1, DEMO_AT_PREFECTURE = 2, DEMO_AT_COUNTY = 4, DEMO_AT_ANY = 7 };

struct demo_fieldw {
    const char *field; /* level-1 JJF 1022 code */
    int w;
};

struct demo_profile {
    const char *pattern;
    enum demo_naming naming;
    enum demo_kind kind;
    const char *uscc_prefix; /* positions 1-2 of the USCC: "91", "12", "11", "52" */
    int at;                  /* DEMO_AT_* mask */
    int weight;              /* frequency among profiles of the same kind */
    int nstd_lo, nstd_hi;    /* standards per unit (skewed towards lo) */
    struct demo_fieldw fields[8];
    int sector_pct[4]; /* chance (%) of each model_sectors[] entry */
};

/* The profiles; *N receives their count. Static storage. */
const struct demo_profile *demo_profiles(size_t *n);

/* A person's name (surname + one or two characters) into BUF. */
void demo_person_name(demo_rng *r, char *buf, size_t size);

/* A two-character enterprise brand ("恒通") into BUF. */
void demo_brand(demo_rng *r, char *buf, size_t size);

/* A street address ("中山路128号") into BUF. */
void demo_street(demo_rng *r, char *buf, size_t size);

/* A mobile phone number (11 digits) into BUF. Synthetic. */
void demo_phone(demo_rng *r, char *buf, size_t size);

/* Number of UTF-8 characters of S. */
size_t demo_utf8_len(const char *s);

/* Copy at most NCHARS UTF-8 characters of S into BUF (NUL-terminated,
 * never splitting a character). Returns the bytes written. */
size_t demo_utf8_prefix(const char *s, size_t nchars, char *buf, size_t size);

/* The stem of a division name, as used in unit names: "南京市" -> "南京",
 * "江苏省" -> "江苏", "广西壮族自治区" -> "广西", "延边朝鲜族自治州" -> "延边",
 * "玄武区" -> "玄武"; a one-character stem keeps its suffix ("沛县"). */
void demo_place_stem(const char *name, char *buf, size_t size);

/* Chinese numeral 1..10 ("一".."十"); "" outside. Static storage. */
const char *demo_numeral(int n);

#endif
