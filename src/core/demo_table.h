/* demo_table.h - the demo table of measurement standards (data/jjf1022-demo.csv).
 *
 * One row per kind of standard: JJF 1022 code, name, range, uncertainty, the
 * main instruments and auxiliary equipment to draw apparatus from, the focus
 * sectors it serves and how common it is. Codes below level 1 are
 * illustrative (see the header of the CSV). Pure parsing: the caller hands
 * the bytes (embed_find). */
#ifndef MS_DEMO_TABLE_H
#define MS_DEMO_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ms.h"

#define DEMO_TABLE_LIST_MAX 4

struct demo_row {
    char code[9];  /* JJF 1022, 8 digits */
    char field[3]; /* level 1 */
    const char *name, *range, *uncertainty;
    const char *apparatus[DEMO_TABLE_LIST_MAX]; /* at least one */
    const char *aux[DEMO_TABLE_LIST_MAX];
    int napparatus, naux;
    unsigned sectors; /* bit i = model_sectors[i] */
    int weight;       /* >= 1 */
};

typedef struct demo_table {
    struct demo_row *rows;
    size_t n;
    char *text; /* the parsed copy the strings point into */
} demo_table;

/* Parse LEN bytes of CSV at BUF ('#' lines and blank lines skipped, then the
 * header code,name,range,uncertainty,apparatus,aux,sectors,weight). Every code
 * must pass field_validate, every sector be known, every row have a name and
 * an instrument. On success returns MS_OK and *OUT (free with
 * demo_table_free); on failure MS_EINVAL (key "demo_table", ERR->row = line)
 * or MS_EINTERNAL (out of memory) and *OUT is NULL. */
int demo_table_parse(const char *buf, size_t len, demo_table **out, ms_err *err);

/* Free a table from demo_table_parse(). NULL is a no-op. */
void demo_table_free(demo_table *t);

#endif
