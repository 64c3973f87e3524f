/* demo.c - `msup demo`: options, the authority tree, and the passes.
 *
 * The authority tree comes from the embedded GB/T 2260 list in force on the
 * reference date; names, certificate short names and institutes are derived
 * from the division names. See demo_int.h for how the passes fit together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "core/model.h"
#include "service/audit.h"
#include "service/demo_int.h"

/* ------------------------------------------------------------------------ */
/* Small helpers shared by the passes                                       */
/* ------------------------------------------------------------------------ */

char *demo_date(long days, char out[11])
{
    return date_format(date_from_days(days), out);
}

long demo_workday(long days, int back)
{
    long wd = ((days % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */

    if (wd == 6)
        return days - 1;
    if (wd == 0)
        return back ? days - 2 : days + 1;
    return days;
}

void demo_tick(struct demo_ctx *c, const char *stage, int64_t done, int64_t total, int force)
{
    if (c->progress && (force || (done & 8191) == 0))
        c->progress(c->pctx, stage, done, total);
}

void demo_sectors_text(unsigned mask, char *out, size_t size)
{
    size_t len = 0;

    out[0] = '\0';
    for (int i = 0; i < MODEL_SECTOR_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        int n = snprintf(out + len, size - len, "%s%s", len ? "," : "", model_sectors[i]);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

void demo_fill(char *out, size_t size, const char *pat, const char *a, const char *b)
{
    size_t len = 0;
    const char *args[2] = {a ? a : "", b ? b : ""};
    int k = 0;

    for (const char *p = pat; *p && len + 1 < size; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *s = k < 2 ? args[k++] : "";
            size_t n = strlen(s);
            if (n > size - 1 - len)
                n = size - 1 - len;
            memcpy(out + len, s, n);
            len += n;
            p++;
            continue;
        }
        out[len++] = *p;
    }
    out[len] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

static const char *const scale_names[] = {"", "small", "province", "nation"};

int demo_scale_parse(const char *s, enum demo_scale *out, ms_err *err)
{
    for (int i = DEMO_SCALE_SMALL; i <= DEMO_SCALE_NATION; i++) {
        if (s && strcmp(s, scale_names[i]) == 0) {
            *out = (enum demo_scale)i;
            return MS_OK;
        }
    }
    return ms_fail(err, MS_EINVAL, "scale", "demo_scale", s ? s : "");
}

const char *demo_scale_name(enum demo_scale s)
{
    return s >= DEMO_SCALE_SMALL && s <= DEMO_SCALE_NATION ? scale_names[s] : "?";
}

/* ------------------------------------------------------------------------ */
/* The authority tree                                                       */
/* ------------------------------------------------------------------------ */

/* Prefecture short names used on certificates where they are not simply the
 * first character of the name. */
static const struct {
    const char *code, *short_name;
} city_shorts[] = {
    {"320100", "宁"}, {"320200", "锡"}, {"320600", "通"}, {"320700", "连"}, {"321300", "宿"},
    {"440100", "穗"}, {"350100", "榕"}, {"510100", "蓉"}, {"420100", "汉"}, {"360100", "洪"},
    {"520100", "筑"}, {"450100", "邕"}, {"210100", "沈"}, {"330100", "杭"}, {"350200", "厦"},
};

/* Provincial institutes whose real names do not follow the common pattern. */
static const struct {
    const char *code, *name;
} prov_institutes[] = {
    {"110000", "北京市计量检测科学研究院"}, {"120000", "天津市计量监督检测科学研究院"},
    {"310000", "上海市计量测试技术研究院"}, {"500000", "重庆市计量质量检测研究院"},
    {"320000", "江苏省计量科学研究院"},     {"330000", "浙江省计量科学研究院"},
    {"440000", "广东省计量科学研究院"},     {"420000", "湖北省计量测试技术研究院"},
    {"370000", "山东省计量科学研究院"},
};

static const char *const prov_inst_patterns[] = {"%s计量科学研究院", "%s计量测试技术研究院",
                                                 "%s计量检测研究院"};
static const char *const city_inst_patterns[] = {"%s计量测试所", "%s计量检定测试所",
                                                 "%s计量监督检测所", "%s计量测试技术研究院",
                                                 "%s计量检定测试院"};
static const char *const county_inst_patterns[] = {"%s计量检定测试所", "%s计量测试所", "%s计量所",
                                                   "%s质量计量检测所"};

static int in_scale(enum demo_scale s, const char *code)
{
    switch (s) {
    case DEMO_SCALE_SMALL: return strncmp(code, "11", 2) == 0;
    case DEMO_SCALE_PROVINCE: return strncmp(code, "32", 2) == 0;
    case DEMO_SCALE_NATION: return 1;
    }
    return 0;
}

int demo_is_municipality(const char *code)
{
    return !strncmp(code, "11", 2) || !strncmp(code, "12", 2) || !strncmp(code, "31", 2) ||
           !strncmp(code, "50", 2);
}

int demo_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int find_auth(const struct demo_ctx *c, const char *code)
{
    int lo = 0, hi = c->nauth - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2, cmp = strcmp(c->auth[mid].code, code);
        if (!cmp)
            return mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static char *perm_printf2(struct demo_ctx *c, const char *pat, const char *a, const char *b)
{
    char buf[256];

    demo_fill(buf, sizeof buf, pat, a, b);
    return arena_strdup(&c->perm, buf);
}

/* Names, places and institutes of authority I (its parent is done). */
static int name_authority(struct demo_ctx *c, int i, demo_rng *r)
{
    struct demo_auth *a = &c->auth[i];
    const struct demo_auth *p = a->parent >= 0 ? &c->auth[a->parent] : NULL;
    char stem[96], place[192], addr[192], sh[48];

    if (a->level == DEMO_NATIONAL) {
        a->name = arena_strdup(&c->perm, "国家市场监督管理总局");
        a->place = arena_strdup(&c->perm, "国家");
        a->stem = arena_strdup(&c->perm, "中国");
        a->short_name = arena_strdup(&c->perm, "国");
        a->prov_short = arena_strdup(&c->perm, "国");
        a->address = arena_strdup(&c->perm, "北京市朝阳区");
        a->institute = arena_strdup(&c->perm, "中国计量科学研究院");
        return a->name && a->place && a->stem && a->short_name && a->prov_short && a->address &&
                       a->institute
                   ? MS_OK
                   : MS_EINTERNAL;
    }
    demo_place_stem(a->division_name, stem, sizeof stem);
    if (a->level == DEMO_COUNTY && demo_ends_with(a->division_name, "区") && p &&
        (p->level == DEMO_MUNICIPAL || demo_is_municipality(a->code)))
        snprintf(place, sizeof place, "%s%s", p->division_name, a->division_name);
    else
        snprintf(place, sizeof place, "%s", a->division_name);
    if (division_full_name(c->divs, a->code, c->as_of, addr, sizeof addr) != MS_OK)
        snprintf(addr, sizeof addr, "%s", place);
    a->place = arena_strdup(&c->perm, place);
    a->stem = arena_strdup(&c->perm, stem);
    a->address = arena_strdup(&c->perm, addr);
    a->name = perm_printf2(c, "%s市场监督管理局", place, NULL);
    a->prov_short = arena_strdup(&c->perm, division_province_short(a->code));

    /* Short name for certificates (made unique within the province later). */
    sh[0] = '\0';
    if (a->level == DEMO_PROVINCIAL) {
        snprintf(sh, sizeof sh, "%s", division_province_short(a->code));
    } else if (a->level == DEMO_MUNICIPAL) {
        for (size_t k = 0; k < MS_ARRAY_LEN(city_shorts); k++)
            if (strcmp(city_shorts[k].code, a->code) == 0)
                snprintf(sh, sizeof sh, "%s", city_shorts[k].short_name);
        if (!sh[0])
            demo_utf8_prefix(stem, 1, sh, sizeof sh);
    } else {
        demo_utf8_prefix(stem, demo_utf8_len(stem) <= 3 ? 3 : 2, sh, sizeof sh); /* 门头沟, 玄武 */
    }
    a->short_name = arena_strdup(&c->perm, sh);

    /* The legal metrology institute of the area. */
    if (a->level == DEMO_PROVINCIAL) {
        const char *fixed = NULL;
        for (size_t k = 0; k < MS_ARRAY_LEN(prov_institutes); k++)
            if (strcmp(prov_institutes[k].code, a->code) == 0)
                fixed = prov_institutes[k].name;
        a->institute =
            fixed ? arena_strdup(&c->perm, fixed)
                  : perm_printf2(
                        c, prov_inst_patterns[demo_rng_below(r, MS_ARRAY_LEN(prov_inst_patterns))],
                        a->division_name, NULL);
    } else if (a->level == DEMO_MUNICIPAL) {
        a->institute =
            perm_printf2(c, city_inst_patterns[demo_rng_below(r, MS_ARRAY_LEN(city_inst_patterns))],
                         place, NULL);
    } else {
        a->institute = perm_printf2(
            c, county_inst_patterns[demo_rng_below(r, MS_ARRAY_LEN(county_inst_patterns))], place,
            NULL);
    }
    return a->name && a->place && a->stem && a->short_name && a->prov_short && a->address &&
                   a->institute
               ? MS_OK
               : MS_EINTERNAL;
}

/* Make certificate short names unique within each province: a clash takes
 * the whole stem, then the prefecture's short name + stem, then a digit. */
static int unique_shorts(struct demo_ctx *c)
{
    for (int i = 1; i < c->nauth; i++) {
        struct demo_auth *a = &c->auth[i];
        char cand[4][64];
        int ncand = 0, chosen = -1;

        snprintf(cand[ncand++], sizeof cand[0], "%s", a->short_name);
        demo_utf8_prefix(a->stem, 8, cand[ncand++], sizeof cand[0]);
        if (a->prefecture >= 0 && a->prefecture != i) {
            char two[64];
            snprintf(two, sizeof two, "%s%s", c->auth[a->prefecture].short_name, a->stem);
            demo_utf8_prefix(two, 8, cand[ncand++], sizeof cand[0]);
        }
        for (int k = 0; k < ncand + 9 && chosen < 0; k++) {
            char buf[64];
            int clash = 0;
            if (k < ncand) {
                snprintf(buf, sizeof buf, "%s", cand[k]);
            } else {
                char base[48];
                demo_utf8_prefix(cand[0], 7, base, sizeof base);
                snprintf(buf, sizeof buf, "%s%d", base, k - ncand + 2);
            }
            for (int j = 1; j < i && !clash; j++)
                clash = c->auth[j].province == a->province && !strcmp(c->auth[j].short_name, buf);
            if (!clash) {
                chosen = k;
                if (strcmp(buf, a->short_name) != 0 &&
                    !(a->short_name = arena_strdup(&c->perm, buf)))
                    return MS_EINTERNAL;
            }
        }
        if (chosen < 0)
            return MS_EINTERNAL;
    }
    return MS_OK;
}

static int add_auth(struct demo_ctx *c, int *cap)
{
    if (c->nauth == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        struct demo_auth *na = ms_realloc(c->auth, (size_t)ncap * sizeof *na);
        if (!na)
            return -1;
        c->auth = na;
        *cap = ncap;
    }
    memset(&c->auth[c->nauth], 0, sizeof c->auth[0]);
    return c->nauth++;
}

static int build_tree(struct demo_ctx *c, ms_err *err)
{
    int cap = 0, i;
    size_t n = division_count(c->divs);
    demo_rng r;
    char buf[32];

    i = add_auth(c, &cap);
    if (i < 0)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    c->auth[i].parent = c->auth[i].province = c->auth[i].prefecture = -1;
    c->auth[i].level = DEMO_NATIONAL;
    memcpy(c->auth[i].code, "000000", 7);
    for (size_t k = 0; k < n; k++) {
        const division *d = division_at(c->divs, k);
        int parent;
        struct demo_auth *a;

        if (!division_in_force(d, c->as_of) || !in_scale(c->scale, d->code))
            continue;
        parent = d->level == DIVISION_PROVINCE ? 0 : find_auth(c, d->parent);
        if (parent < 0)
            continue; /* its parent is not in force: leave the branch out */
        if ((i = add_auth(c, &cap)) < 0)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        a = &c->auth[i];
        memcpy(a->code, d->code, 7);
        a->division_name = d->name;
        a->parent = parent;
        a->level = d->level == DIVISION_PROVINCE     ? DEMO_PROVINCIAL
                   : d->level == DIVISION_PREFECTURE ? DEMO_MUNICIPAL
                                                     : DEMO_COUNTY;
        a->province = a->level == DEMO_PROVINCIAL ? i : c->auth[parent].province;
        a->prefecture = a->level == DEMO_MUNICIPAL ? i : c->auth[parent].prefecture;
        c->auth[parent].children++;
    }
    for (i = 0; i < c->nauth; i++) {
        struct demo_auth *a = &c->auth[i];
        a->id = c->base[REG_AUTHORITY] + i;
        snprintf(buf, sizeof buf, "%lld/", (long long)a->id);
        a->path = a->parent < 0 ? perm_printf2(c, "/%s", buf, NULL)
                                : perm_printf2(c, "%s%s", c->auth[a->parent].path, buf);
        demo_rng_seed(&r, c->seed, DEMO_S_AUTH, (uint64_t)i);
        if (!a->path || name_authority(c, i, &r) != MS_OK)
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    if (unique_shorts(c) != MS_OK)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "certificate short names");
    return MS_OK;
}

/* How many units each authority's division holds: a random size per county
 * (districts and county-level cities larger), cities and provinces
 * registering a share of their area's units. */
static int plan_units(struct demo_ctx *c, ms_err *err)
{
    static const int64_t targets[] = {0, 300, 5000, 100000};
    int64_t others =
        (c->want_units ? c->want_units : targets[c->scale]) - c->nauth; /* an institute each */
    double total = 0, cum = 0, *below;
    int64_t prev = 0, next;
    demo_rng r;

    below = ms_calloc((size_t)c->nauth, sizeof *below);
    if (!below)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    demo_rng_seed(&r, c->seed, DEMO_S_AUTH, UINT64_C(1) << 40);
    for (int i = 0; i < c->nauth; i++) {
        struct demo_auth *a = &c->auth[i];
        double w = 0.6 + 0.8 * demo_rng_unit(&r);
        if (a->level == DEMO_COUNTY)
            a->weight = w * (demo_ends_with(a->division_name, "区")   ? 1.5
                             : demo_ends_with(a->division_name, "市") ? 1.3
                                                                      : 1.0);
        else if (a->level == DEMO_MUNICIPAL && !a->children)
            a->weight = 3.0 * w; /* a city without counties: 东莞, 中山 */
    }
    /* Children come after their parents: sum bottom-up. */
    for (int i = c->nauth - 1; i > 0; i--) {
        struct demo_auth *a = &c->auth[i];
        if (a->level == DEMO_MUNICIPAL && a->children)
            a->weight = 0.35 * below[i];
        else if (a->level == DEMO_PROVINCIAL)
            a->weight = (demo_is_municipality(a->code) ? 0.2 : 0.08) * below[i];
        below[a->parent] += below[i] + a->weight;
    }
    ms_free(below);
    for (int i = 0; i < c->nauth; i++)
        total += c->auth[i].weight;
    if (others < 0)
        others = 0;
    for (int i = 0; i < c->nauth; i++) {
        struct demo_auth *a = &c->auth[i];
        cum += total > 0 ? a->weight / total * (double)others : 0;
        next = (int64_t)(cum + 0.5);
        a->unit_count = 1 + (int)(next - prev);
        prev = next;
        c->nunits += a->unit_count;
    }
    return MS_OK;
}

/* ------------------------------------------------------------------------ */
/* Passes                                                                   */
/* ------------------------------------------------------------------------ */

static int load_authorities(struct demo_ctx *c, ms_err *err)
{
    reg_loader *l = NULL;
    int rc = reg_load_begin(c->db, REG_AUTHORITY, c->now, &l, err);

    for (int i = 0; rc == MS_OK && i < c->nauth; i++) {
        const struct demo_auth *a = &c->auth[i];
        struct ms_authority rec = {
            .id = a->id,
            .code = a->code,
            .name = a->name,
            .level = model_levels[a->level],
            .parent_id = a->parent >= 0 ? c->auth[a->parent].id : 0,
            .path = a->path,
            .division_code = a->level == DEMO_NATIONAL ? NULL : a->code,
            .short_name = a->short_name,
        };
        rc = reg_load_authority(l, &rec, err);
        demo_tick(c, "authorities", i + 1, c->nauth, 0);
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    reg_load_abort(l);
    if (rc == MS_OK) {
        c->rep->rows[REG_AUTHORITY] = c->nauth;
        demo_tick(c, "authorities", c->nauth, c->nauth, 1);
    }
    return rc;
}

/* Base weight of every table row for every profile (and, last, institutes). */
static int row_weights(struct demo_ctx *c, ms_err *err)
{
    size_t nr = c->table->n;

    c->pweights = ms_calloc((c->nprofiles + 1) * nr, sizeof *c->pweights);
    if (!c->pweights)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t p = 0; p <= c->nprofiles; p++) {
        for (size_t j = 0; j < nr; j++) {
            const struct demo_row *row = &c->table->rows[j];
            double fw = 0;
            if (p == c->nprofiles) {
                fw = strcmp(row->field, "46") <= 0 ? 1.0 : 0.12; /* the ten general fields */
            } else {
                for (int k = 0; k < 8 && c->profiles[p].fields[k].field; k++)
                    if (!strcmp(c->profiles[p].fields[k].field, row->field))
                        fw = c->profiles[p].fields[k].w;
            }
            c->pweights[p * nr + j] = fw * row->weight;
        }
    }
    return MS_OK;
}

static int setup(struct demo_ctx *c, const struct demo_opts *o, ms_err *err)
{
    const struct embed_file *f = embed_find("data/jjf1022-demo.csv");
    ms_date d;
    int rc;

    snprintf(c->as_of, sizeof c->as_of, "%s", o->as_of ? o->as_of : DEMO_DEFAULT_AS_OF);
    if (o->scale < DEMO_SCALE_SMALL || o->scale > DEMO_SCALE_NATION)
        return ms_fail(err, MS_EINVAL, "scale", "demo_scale", demo_scale_name(o->scale));
    if (date_parse(c->as_of, &d, "as_of", err) != MS_OK)
        return MS_EINVAL;
    if (d.year < 2000 || d.year > 2099)
        return ms_fail(err, MS_EINVAL, "as_of", "demo_as_of", c->as_of);
    if (o->units < 0 || o->units > DEMO_UNITS_MAX) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)o->units);
        return ms_fail(err, MS_EINVAL, "units", "demo_units", n);
    }
    c->scale = o->scale;
    c->seed = o->seed;
    c->want_units = o->units;
    c->today = date_to_days(d);
    snprintf(c->now, sizeof c->now, "%sT00:00:00Z", c->as_of);
    c->divs = division_default(err);
    if (!c->divs)
        return MS_EINTERNAL;
    if (!f)
        return ms_fail(err, MS_EINTERNAL, "", "demo_table", "data/jjf1022-demo.csv");
    rc = demo_table_parse(f->data, f->size, &c->table, err);
    if (rc != MS_OK)
        return rc == MS_EINVAL ? MS_EINTERNAL : rc;
    c->profiles = demo_profiles(&c->nprofiles);
    return row_weights(c, err);
}

static int check_empty(store *db, ms_err *err)
{
    int64_t units = reg_count(db, REG_UNIT, err), auths;
    char n[32];

    if (units < 0)
        return MS_EINTERNAL;
    auths = reg_count(db, REG_AUTHORITY, err);
    if (auths < 0)
        return MS_EINTERNAL;
    if (units > 0) {
        snprintf(n, sizeof n, "%lld", (long long)units);
        return ms_fail(err, MS_ECONFLICT, "", "demo_not_empty", n);
    }
    if (auths > 0) {
        snprintf(n, sizeof n, "%lld", (long long)auths);
        return ms_fail(err, MS_ECONFLICT, "", "demo_has_authorities", n);
    }
    return MS_OK;
}

/* One audit row for the whole generation: scale, seed, date and counts. */
static int audit_demo(struct demo_ctx *c, ms_err *err)
{
    ms_actor who;
    json_t *change = NULL, *rows = NULL;
    char seed[24];
    int rc = MS_OK;

    svc_actor_system(&who, MS_LANG_ZH);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)c->seed);
    rows = json_object();
    for (int e = 0; rows && e < REG_ENTITY_COUNT; e++)
        if (json_object_set_new(rows, reg_table((enum reg_entity)e),
                                json_integer((json_int_t)c->rep->rows[e])) != 0)
            rc = MS_EINTERNAL;
    change = rows ? json_pack("{s:s, s:s, s:s, s:O}", "scale", demo_scale_name(c->scale), "seed",
                              seed, "as_of", c->as_of, "rows", rows)
                  : NULL;
    if (!change || rc != MS_OK)
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    else
        rc = audit_append(c->db, &who, "demo.generate", "demo", 0, change, err);
    json_decref(change);
    json_decref(rows);
    return rc;
}

static int generate(struct demo_ctx *c, ms_err *err)
{
    int rc = check_empty(c->db, err);

    for (int e = 0; rc == MS_OK && e < REG_ENTITY_COUNT; e++) {
        c->base[e] = reg_next_id(c->db, (enum reg_entity)e, err);
        if (c->base[e] <= 0)
            rc = MS_EINTERNAL;
    }
    if (rc == MS_OK)
        rc = build_tree(c, err);
    if (rc == MS_OK)
        rc = plan_units(c, err);
    if (rc == MS_OK) {
        c->year0 = 1990;
        c->nyears = (int)(c->today / 365) + 1970 - c->year0 + 2;
        c->serials = ms_calloc((size_t)c->nauth * (size_t)c->nyears, sizeof *c->serials);
        if (!c->serials)
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    if (rc == MS_OK)
        rc = load_authorities(c, err);
    if (rc == MS_OK)
        rc = demo_load_units(c, err);
    if (rc == MS_OK)
        rc = demo_load_standards(c, err);
    if (rc == MS_OK)
        rc = demo_load_apparatus(c, err);
    if (rc == MS_OK)
        rc = demo_load_personnel(c, err);
    if (rc == MS_OK)
        rc = demo_load_inspectors(c, err);
    if (rc == MS_OK)
        rc = demo_load_complaints(c, err);
    if (rc == MS_OK)
        rc = audit_demo(c, err);
    return rc;
}

int demo_run(store *db, const struct demo_opts *opts, svc_progress_fn progress, void *ctx,
             struct demo_report *rep, ms_err *err)
{
    struct demo_ctx c;
    struct demo_report local;
    int rc;

    memset(&c, 0, sizeof c);
    arena_init(&c.perm);
    c.db = db;
    c.progress = progress;
    c.pctx = ctx;
    c.rep = rep ? rep : &local;
    memset(c.rep, 0, sizeof *c.rep);
    rc = setup(&c, opts, err);
    if (rc != MS_OK)
        goto out;
    snprintf(c.rep->as_of, sizeof c.rep->as_of, "%s", c.as_of);
    store_tune_bulk(db);
    rc = store_begin(db, err);
    if (rc != MS_OK)
        goto out;
    rc = generate(&c, err);
    if (rc == MS_OK)
        rc = store_commit(db, err);
    if (rc != MS_OK)
        store_rollback(db);
    else
        store_analyze(db);
out:
    if (rc != MS_OK) {
        struct demo_report *keep = c.rep;
        char as_of[11];
        memcpy(as_of, keep->as_of, sizeof as_of);
        memset(keep, 0, sizeof *keep);
        memcpy(keep->as_of, as_of, sizeof as_of);
    }
    ms_free(c.serials);
    ms_free(c.units);
    ms_free(c.pweights);
    ms_free(c.auth);
    demo_table_free(c.table);
    arena_free(&c.perm);
    return rc;
}
