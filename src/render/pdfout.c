/* pdfout.c - A4 documents through cairo's PDF surface and pango (see
 * pdfout.h). Units are PDF points (1/72 inch); pango runs at 72 dpi so that
 * font sizes are points too. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "render/pdfout.h"

#define PAGE_W   595.276
#define PAGE_H   841.890
#define MARGIN_X 56.7 /* 20 mm */
#define TOP      72.0
#define BOTTOM   (PAGE_H - 64.0)
#define TEXT_W   (PAGE_W - 2 * MARGIN_X)
#define PAD      3.0
#define FONT     "Noto Sans CJK SC"

enum kind { B_TITLE, B_HEADING, B_TEXT, B_TABLE, B_BARS, B_SIGN };

struct block {
    enum kind kind;
    const char *text;
    int ncols, nrows;   /* table; bars and signatures: nrows items */
    double *widths;     /* table */
    const char **head;  /* table header */
    const char **cells; /* table rows; bars and signatures: labels */
    double *values;     /* bars */
    const char **vtext; /* bars */
    struct block *next;
};

struct pdfout {
    arena ar;
    const char *title, *header;
    struct block *first, *last;
    int oom;
};

pdfout *pdfout_new(const char *title, const char *header)
{
    pdfout *d = ms_calloc(1, sizeof *d);

    if (!d)
        return NULL;
    arena_init(&d->ar);
    d->title = arena_strdup(&d->ar, title ? title : "");
    d->header = header ? arena_strdup(&d->ar, header) : NULL;
    if (!d->title) {
        pdfout_free(d);
        return NULL;
    }
    return d;
}

void pdfout_free(pdfout *d)
{
    if (!d)
        return;
    arena_free(&d->ar);
    ms_free(d);
}

static struct block *add(pdfout *d, enum kind k, const char *text)
{
    struct block *b = arena_alloc(&d->ar, sizeof *b);

    if (!b || (text && !(b->text = arena_strdup(&d->ar, text)))) {
        d->oom = 1;
        return NULL;
    }
    b->kind = k;
    if (d->last)
        d->last->next = b;
    else
        d->first = b;
    d->last = b;
    return b;
}

/* Copy N strings (NULL kept as "") into the arena. */
static const char **strings(pdfout *d, const char *const *v, int n)
{
    const char **out = arena_alloc(&d->ar, sizeof *out * (size_t)(n > 0 ? n : 1));

    if (!out) {
        d->oom = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (!(out[i] = arena_strdup(&d->ar, v && v[i] ? v[i] : ""))) {
            d->oom = 1;
            return NULL;
        }
    return out;
}

void pdfout_title(pdfout *d, const char *text)
{
    add(d, B_TITLE, text ? text : "");
}

void pdfout_heading(pdfout *d, const char *text)
{
    add(d, B_HEADING, text ? text : "");
}

void pdfout_text(pdfout *d, const char *text)
{
    add(d, B_TEXT, text ? text : "");
}

void pdfout_table(pdfout *d, int ncols, const double *widths, const char *const *head,
                  const char *const *cells, int nrows)
{
    struct block *b = ncols > 0 && nrows >= 0 ? add(d, B_TABLE, NULL) : NULL;

    if (!b)
        return;
    b->ncols = ncols;
    b->nrows = nrows;
    b->widths = arena_alloc(&d->ar, sizeof *b->widths * (size_t)ncols);
    if (!b->widths) {
        d->oom = 1;
        return;
    }
    memcpy(b->widths, widths, sizeof *b->widths * (size_t)ncols);
    b->head = strings(d, head, ncols);
    b->cells = strings(d, cells, ncols * nrows);
}

void pdfout_bars(pdfout *d, const char *title, const char *const *labels, const double *values,
                 const char *const *vtext, int n)
{
    struct block *b = add(d, B_BARS, title ? title : "");

    if (!b)
        return;
    b->nrows = n;
    b->cells = strings(d, labels, n);
    b->vtext = vtext ? strings(d, vtext, n) : NULL;
    b->values = arena_alloc(&d->ar, sizeof *b->values * (size_t)(n > 0 ? n : 1));
    if (!b->values) {
        d->oom = 1;
        return;
    }
    if (n > 0)
        memcpy(b->values, values, sizeof *b->values * (size_t)n);
}

void pdfout_signatures(pdfout *d, const char *const *labels, int n)
{
    struct block *b = add(d, B_SIGN, NULL);

    if (!b)
        return;
    b->nrows = n;
    b->cells = strings(d, labels, n);
}

/* ------------------------------------------------------------------ layout */

struct lay {
    const pdfout *d;
    cairo_t *cr;
    PangoLayout *pl;
    double y;
    int page, total;
};

/* Set the layout's font (SIZE points, BOLD), width W (0 = none) and text. */
static void set(struct lay *l, const char *text, double size, int bold, double w)
{
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l->pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l->pl, w > 0 ? (int)(w * PANGO_SCALE) : -1);
    pango_layout_set_wrap(l->pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l->pl, PANGO_ALIGN_LEFT);
    pango_layout_set_text(l->pl, text, -1);
}

static double height(struct lay *l)
{
    int w, h;

    pango_layout_get_size(l->pl, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double width_of(struct lay *l)
{
    int w, h;

    pango_layout_get_size(l->pl, &w, &h);
    return (double)w / PANGO_SCALE;
}

static void show(struct lay *l, double x, double y)
{
    cairo_move_to(l->cr, x, y);
    pango_cairo_show_layout(l->cr, l->pl);
}

static void end_page(struct lay *l)
{
    char foot[64];

    if (l->total > 0)
        snprintf(foot, sizeof foot, "第 %d 页 / 共 %d 页", l->page, l->total);
    else
        snprintf(foot, sizeof foot, "第 %d 页 / 共 %d 页", l->page, l->page);
    cairo_set_source_rgb(l->cr, 0.3, 0.3, 0.3);
    set(l, foot, 9, 0, TEXT_W);
    pango_layout_set_alignment(l->pl, PANGO_ALIGN_CENTER);
    show(l, MARGIN_X, PAGE_H - 44);
    cairo_set_source_rgb(l->cr, 0, 0, 0);
    cairo_show_page(l->cr);
}

static void new_page(struct lay *l)
{
    if (l->page > 0)
        end_page(l);
    l->page++;
    l->y = TOP;
    if (l->d->header) {
        cairo_set_source_rgb(l->cr, 0.3, 0.3, 0.3);
        set(l, l->d->header, 8.5, 0, TEXT_W);
        show(l, MARGIN_X, 34);
        cairo_set_line_width(l->cr, 0.5);
        cairo_move_to(l->cr, MARGIN_X, 52);
        cairo_line_to(l->cr, PAGE_W - MARGIN_X, 52);
        cairo_stroke(l->cr);
        cairo_set_source_rgb(l->cr, 0, 0, 0);
    }
}

/* Make room for H points, starting a page when needed (never at the top of
 * a fresh page, so an oversized block still goes out). */
static void need(struct lay *l, double h)
{
    if (l->y + h > BOTTOM && l->y > TOP)
        new_page(l);
}

static void para(struct lay *l, const char *text, double size, int bold, int centre, double before,
                 double after)
{
    double h;

    set(l, text, size, bold, TEXT_W);
    if (centre)
        pango_layout_set_alignment(l->pl, PANGO_ALIGN_CENTER);
    h = height(l);
    need(l, before + h);
    l->y += before;
    /* set again: a new page drew its header with the same layout */
    set(l, text, size, bold, TEXT_W);
    if (centre)
        pango_layout_set_alignment(l->pl, PANGO_ALIGN_CENTER);
    show(l, MARGIN_X, l->y);
    l->y += h + after;
}

/* Height of table row CELLS (NCOLS) in widths W. */
static double row_height(struct lay *l, const struct block *b, const char *const *cells, int bold)
{
    double h = 0;

    for (int c = 0; c < b->ncols; c++) {
        double ch;
        set(l, cells[c], 9, bold, b->widths[c] * TEXT_W - 2 * PAD);
        ch = height(l);
        if (ch > h)
            h = ch;
    }
    return h + 2 * PAD;
}

static void row_draw(struct lay *l, const struct block *b, const char *const *cells, int bold,
                     double h)
{
    double x = MARGIN_X;

    if (bold) {
        cairo_set_source_rgb(l->cr, 0.87, 0.92, 0.97);
        cairo_rectangle(l->cr, MARGIN_X, l->y, TEXT_W, h);
        cairo_fill(l->cr);
        cairo_set_source_rgb(l->cr, 0, 0, 0);
    }
    cairo_set_line_width(l->cr, 0.5);
    for (int c = 0; c < b->ncols; c++) {
        double w = b->widths[c] * TEXT_W;
        cairo_rectangle(l->cr, x, l->y, w, h);
        cairo_stroke(l->cr);
        set(l, cells[c], 9, bold, w - 2 * PAD);
        show(l, x + PAD, l->y + PAD);
        x += w;
    }
    l->y += h;
}

static void table(struct lay *l, const struct block *b)
{
    double hh = row_height(l, b, b->head, 1);

    need(l, hh + 20);
    row_draw(l, b, b->head, 1, hh);
    for (int r = 0; r < b->nrows; r++) {
        const char *const *cells = b->cells + (size_t)r * (size_t)b->ncols;
        double h = row_height(l, b, cells, 0);
        if (l->y + h > BOTTOM && l->y > TOP + hh) {
            new_page(l);
            row_draw(l, b, b->head, 1, hh);
        }
        row_draw(l, b, cells, 0, h);
    }
    l->y += 8;
}

static void bars(struct lay *l, const struct block *b)
{
    const double label_w = 150, bar_h = 11, gap = 5, value_w = 70;
    const double x0 = MARGIN_X + label_w + 6, span = TEXT_W - label_w - 6 - value_w;
    double max = 0;

    for (int i = 0; i < b->nrows; i++)
        if (b->values[i] > max)
            max = b->values[i];
    /* keep the title with the bars (up to half a page of them) */
    need(l, 30 + (bar_h + gap) * (b->nrows < 20 ? b->nrows : 20));
    para(l, b->text, 10.5, 1, 0, 4, 4);
    for (int i = 0; i < b->nrows; i++) {
        double w = max > 0 ? span * b->values[i] / max : 0;
        char num[32];
        need(l, bar_h + gap);
        set(l, b->cells[i], 8.5, 0, label_w);
        pango_layout_set_alignment(l->pl, PANGO_ALIGN_RIGHT);
        pango_layout_set_height(l->pl, 0); /* one line, ellipsised */
        pango_layout_set_ellipsize(l->pl, PANGO_ELLIPSIZE_END);
        show(l, MARGIN_X, l->y - 1);
        pango_layout_set_ellipsize(l->pl, PANGO_ELLIPSIZE_NONE);
        pango_layout_set_height(l->pl, -1);
        cairo_set_source_rgb(l->cr, 0.25, 0.47, 0.75);
        cairo_rectangle(l->cr, x0, l->y, w > 0.5 ? w : 0.5, bar_h);
        cairo_fill(l->cr);
        cairo_set_source_rgb(l->cr, 0, 0, 0);
        snprintf(num, sizeof num, "%g", b->values[i]);
        set(l, b->vtext && b->vtext[i][0] ? b->vtext[i] : num, 8.5, 0, 0);
        show(l, x0 + w + 4, l->y - 1);
        l->y += bar_h + gap;
    }
    l->y += 8;
}

static void signatures(struct lay *l, const struct block *b)
{
    const double col = 190, line_w = 150, date_x = MARGIN_X + col + line_w + 16;

    need(l, 34.0 * b->nrows + 10);
    l->y += 10;
    for (int i = 0; i < b->nrows; i++) {
        set(l, b->cells[i], 10.5, 0, col);
        show(l, MARGIN_X, l->y);
        cairo_set_line_width(l->cr, 0.6);
        cairo_move_to(l->cr, MARGIN_X + col, l->y + 16);
        cairo_line_to(l->cr, MARGIN_X + col + line_w, l->y + 16);
        cairo_stroke(l->cr);
        set(l, "日期：", 10.5, 0, 0);
        show(l, date_x, l->y);
        cairo_move_to(l->cr, date_x + width_of(l) + 4, l->y + 16);
        cairo_line_to(l->cr, PAGE_W - MARGIN_X, l->y + 16);
        cairo_stroke(l->cr);
        l->y += 34;
    }
}

/* ------------------------------------------------------------------ output */

struct buf {
    char *p;
    size_t len, cap;
    int oom, discard;
};

static cairo_status_t write_cb(void *ctx, const unsigned char *data, unsigned int n)
{
    struct buf *b = ctx;

    if (b->discard)
        return CAIRO_STATUS_SUCCESS;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        char *p;
        while (cap < b->len + n)
            cap *= 2;
        if (!(p = ms_realloc(b->p, cap))) {
            b->oom = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

/* One pass: lay D out into B; *PAGES the page count. */
static int pass(const pdfout *d, struct buf *b, int total, int *pages)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, b, PAGE_W, PAGE_H);
    struct lay l = {d, NULL, NULL, 0, 0, total};
    cairo_status_t st;

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "msup");
    l.cr = cairo_create(s);
    l.pl = pango_cairo_create_layout(l.cr);
    pango_cairo_context_set_resolution(pango_layout_get_context(l.pl), 72);
    pango_layout_context_changed(l.pl);
    new_page(&l);
    for (const struct block *k = d->first; k; k = k->next) {
        switch (k->kind) {
        case B_TITLE: para(&l, k->text, 17, 1, 1, 0, 12); break;
        case B_HEADING: para(&l, k->text, 12.5, 1, 0, 8, 6); break;
        case B_TEXT: para(&l, k->text, 10.5, 0, 0, 0, 4); break;
        case B_TABLE: table(&l, k); break;
        case B_BARS: bars(&l, k); break;
        case B_SIGN: signatures(&l, k); break;
        }
    }
    end_page(&l);
    *pages = l.page;
    g_object_unref(l.pl);
    cairo_destroy(l.cr);
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS && !b->oom ? MS_OK : MS_EINTERNAL;
}

int pdfout_render(pdfout *d, char **out, size_t *len, int *pages, ms_err *err)
{
    struct buf count = {NULL, 0, 0, 0, 1}, real = {NULL, 0, 0, 0, 0};
    int total = 0, n = 0;

    *out = NULL;
    *len = 0;
    if (d->oom)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (pass(d, &count, 0, &total) != MS_OK || pass(d, &real, total, &n) != MS_OK) {
        ms_free(real.p);
        return ms_fail(err, MS_EINTERNAL, "", real.oom ? "out_of_memory" : "pdf_error", NULL);
    }
    if (pages)
        *pages = n;
    *out = real.p;
    *len = real.len;
    return MS_OK;
}
