/* demo_std.c - standards, apparatus and personnel of the demo registry.
 *
 * demo_sketch() re-creates a unit's standards from the unit's own random
 * stream, so the three passes agree without holding them in memory; each
 * standard's apparatus and staff come from streams keyed by its id. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/certno.h"
#include "core/model.h"
#include "service/demo_int.h"

enum { ST_ACTIVE = 0, ST_SEALED = 1, ST_REVOKED = 2, ST_EXPIRED = 4 };

static const char *const sealed_reasons[] = {
    "主标准器送修，申请封存",
    "业务量不足，暂停开展检定，申请封存",
    "实验室搬迁，申请封存",
    "环境条件改造期间暂停使用，申请封存",
};
static const char *const revoked_reasons[] = {
    "经监督检查达不到原考核条件，整改后仍不合格，注销证书",
    "建标单位申请注销",
    "建标单位已注销，证书随之注销",
    "以欺骗手段取得证书，依法撤销",
};
static const char expired_reason[] = "证书有效期届满，未申请复查";

/* Standards per legal institute, by the level of its authority. */
static const int legal_n[4][2] = {{60, 80}, {70, 100}, {30, 55}, {8, 20}};

/* ------------------------------------------------------------------------ */
/* Sketches                                                                 */
/* ------------------------------------------------------------------------ */

static int base_issuer(const struct demo_ctx *c, const struct demo_unit *u, demo_rng *r)
{
    const struct demo_auth *a = &c->auth[u->auth];
    double x = demo_rng_unit(r);

    if (u->kind == DEMO_LEGAL || u->kind == DEMO_DEPT)
        return u->auth;
    switch (a->level) {
    case DEMO_COUNTY:
        if (a->prefecture >= 0)
            return x < 0.25 ? u->auth : x < 0.9 ? a->prefecture : a->province;
        return x < 0.7 ? u->auth : a->province;
    case DEMO_MUNICIPAL: return x < 0.9 ? u->auth : a->province;
    default: return u->auth;
    }
}

static int issuer_of(const struct demo_ctx *c, const struct demo_unit *u, int base, demo_rng *r)
{
    const struct demo_auth *a = &c->auth[u->auth];

    if (u->kind == DEMO_LEGAL) /* its highest standards are examined one level up */
        return a->parent >= 0 && demo_rng_chance(r, 0.1) ? a->parent : u->auth;
    if (u->kind == DEMO_DEPT)
        return base;
    return a->province >= 0 && demo_rng_chance(r, 0.05) ? a->province : base;
}

static long expiry_days(long issued)
{
    return date_to_days(date_cert_expiry(date_from_days(issued)));
}

static void status_and_dates(const struct demo_ctx *c, struct demo_std *s, demo_rng *r)
{
    static const int back[] = {45, 25, 15, 10, 5}; /* renewals since the first approval */
    long today = c->today;
    double x = demo_rng_unit(r);
    int year;

    s->reason = 0;
    s->status_on = 0;
    if (x < 0.04) {
        s->status = ST_EXPIRED;
        s->issued = demo_workday(today - 1462 - demo_rng_range(r, 0, 700), 0);
        s->status_on = expiry_days(s->issued) + 1;
    } else if (x < 0.055) {
        s->status = ST_SEALED;
        s->issued = demo_workday(today - demo_rng_range(r, 200, 1450), 0);
        s->status_on = s->issued + demo_rng_range(r, 60, (int)(today - s->issued - 1));
        s->reason = (int)demo_rng_below(r, MS_ARRAY_LEN(sealed_reasons));
    } else if (x < 0.065) {
        s->status = ST_REVOKED;
        s->issued = demo_workday(today - demo_rng_range(r, 100, 2000), 0);
        s->status_on = s->issued + demo_rng_range(r, 30, (int)(today - s->issued - 1));
        s->reason = (int)demo_rng_below(r, MS_ARRAY_LEN(revoked_reasons));
    } else {
        s->status = ST_ACTIVE;
        s->issued = demo_workday(today - demo_rng_range(r, 10, 1455), 0);
    }
    year = date_from_days(s->issued).year - 4 * (int)demo_rng_weighted_int(r, back, 5);
    while (year < c->year0)
        year += 4;
    s->first_year = year;
}

int demo_sketch(const struct demo_ctx *c, int64_t uidx, struct demo_std *out, double *w)
{
    const struct demo_unit *u = &c->units[uidx];
    const struct demo_auth *a = &c->auth[u->auth];
    const struct demo_profile *p = u->profile == DEMO_NO_PROFILE ? NULL : &c->profiles[u->profile];
    size_t nr = c->table->n;
    const double *base = c->pweights + (p ? u->profile : c->nprofiles) * nr;
    demo_rng r;
    int n, i, issuer;

    demo_rng_seed(&r, c->seed, DEMO_S_STD, (uint64_t)uidx);
    if (!p) {
        n = demo_rng_range(&r, legal_n[a->level][0], legal_n[a->level][1]);
    } else {
        double x = demo_rng_unit(&r); /* skewed towards lo: mean at 5/12 of the span */
        n = p->nstd_lo + (int)((double)(p->nstd_hi - p->nstd_lo + 1) * x * (1 + x) / 2);
    }
    if (n > (int)nr)
        n = (int)nr;
    for (size_t j = 0; j < nr; j++)
        w[j] = base[j] * ((c->table->rows[j].sectors & u->psectors) ? 6.0 : 1.0);
    issuer = base_issuer(c, u, &r);
    for (i = 0; i < n; i++) {
        struct demo_std *s = &out[i];
        size_t j = demo_rng_weighted(&r, w, nr);
        unsigned rs;

        if (j >= nr)
            break; /* the profile's fields have no more kinds of standard */
        w[j] = 0;
        rs = c->table->rows[j].sectors;
        s->row = (int)j;
        s->issuer = issuer_of(c, u, issuer, &r);
        s->category = u->kind == DEMO_LEGAL ? 0 : u->kind == DEMO_DEPT ? 1 : 2;
        status_and_dates(c, s, &r);
        s->sectors = 0;
        for (int b = 0; b < MODEL_SECTOR_COUNT; b++) {
            unsigned bit = 1u << b;
            if (!p) {
                if ((rs & bit) && demo_rng_chance(&r, 0.5))
                    s->sectors |= bit;
            } else if (u->psectors & bit) {
                if (demo_rng_chance(&r, (rs & bit) ? 0.85 : 0.12))
                    s->sectors |= bit;
            }
        }
    }
    return i;
}

/* ------------------------------------------------------------------------ */
/* Standards                                                                */
/* ------------------------------------------------------------------------ */

static const char *reason_of(const struct demo_std *s)
{
    switch (s->status) {
    case ST_SEALED: return sealed_reasons[s->reason];
    case ST_REVOKED: return revoked_reasons[s->reason];
    case ST_EXPIRED: return expired_reason;
    default: return NULL;
    }
}

static int load_standard(struct demo_ctx *c, reg_loader *l, int64_t id, int64_t uidx,
                         const struct demo_std *s, ms_err *err)
{
    const struct demo_row *row = &c->table->rows[s->row];
    const struct demo_auth *iss = &c->auth[s->issuer];
    uint32_t *serial =
        &c->serials[(size_t)s->issuer * (size_t)c->nyears + (size_t)(s->first_year - c->year0)];
    char cert[CERTNO_MAX], issued[11], expires[11], on[11], sectors[80];
    long exp = expiry_days(s->issued);
    struct ms_standard rec;

    if (certno_format(cert, sizeof cert, s->first_year, iss->prov_short, iss->short_name, ++*serial,
                      4) != MS_OK)
        return ms_fail(err, MS_EINTERNAL, "cert_no", "internal", iss->short_name);
    demo_sectors_text(s->sectors, sectors, sizeof sectors);
    memset(&rec, 0, sizeof rec);
    rec.id = id;
    rec.unit_id = c->base[REG_UNIT] + uidx;
    rec.name = row->name;
    rec.code = row->code;
    rec.field = row->field;
    rec.category = model_categories[s->category];
    rec.measurement_range = row->range;
    rec.uncertainty = row->uncertainty;
    rec.cert_no = cert;
    rec.cert_authority_id = iss->id;
    rec.cert_issued_on = demo_date(s->issued, issued);
    rec.cert_expires_on = demo_date(exp, expires);
    rec.status = model_std_statuses[s->status];
    rec.status_on = s->status != ST_ACTIVE ? demo_date(s->status_on, on) : NULL;
    rec.status_reason = reason_of(s);
    rec.sectors = sectors;

    c->rep->standards_by_status[s->status]++;
    c->rep->standards_with_sector += s->sectors != 0;
    c->rep->standards_expiring += s->status == ST_ACTIVE && exp < c->today + 180;
    return reg_load_standard(l, &rec, err);
}

/* Shared shape of the three per-standard passes. */
typedef int (*std_fn)(struct demo_ctx *c, reg_loader *l, void *arg, int64_t id, int64_t uidx,
                      const struct demo_std *s, int first, int n, ms_err *err);

static int each_standard(struct demo_ctx *c, enum reg_entity e, const char *stage, std_fn fn,
                         void *arg, ms_err *err)
{
    reg_loader *l = NULL;
    struct demo_std *sk = ms_malloc(c->table->n * sizeof *sk);
    double *w = ms_malloc(c->table->n * sizeof *w);
    int64_t id = c->base[REG_STANDARD], done = 0;
    int rc;

    if (!sk || !w) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    rc = reg_load_begin(c->db, e, c->now, &l, err);
    for (int64_t u = 0; rc == MS_OK && u < c->nunits; u++) {
        int n = demo_sketch(c, u, sk, w);
        for (int i = 0; rc == MS_OK && i < n; i++, id++) {
            rc = fn(c, l, arg, id, u, &sk[i], i == 0, n, err);
            demo_tick(c, stage, ++done, c->nstandards, 0);
        }
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    if (rc == MS_OK)
        demo_tick(c, stage, done, c->nstandards, 1);
out:
    reg_load_abort(l);
    ms_free(w);
    ms_free(sk);
    return rc;
}

static int std_row(struct demo_ctx *c, reg_loader *l, void *arg, int64_t id, int64_t uidx,
                   const struct demo_std *s, int first, int n, ms_err *err)
{
    (void)arg;
    (void)first;
    (void)n;
    c->rep->rows[REG_STANDARD]++;
    return load_standard(c, l, id, uidx, s, err);
}

int demo_load_standards(struct demo_ctx *c, ms_err *err)
{
    return each_standard(c, REG_STANDARD, "standards", std_row, NULL, err);
}

/* ------------------------------------------------------------------------ */
/* Apparatus                                                                */
/* ------------------------------------------------------------------------ */

static const char model_letters[] = "ABCDEFGHJKLMNPRSTWXYZ";
static const char *const generic_aux[] = {"数字温湿度计", "干湿温度计"};

static char letter(demo_rng *r)
{
    return model_letters[demo_rng_below(r, sizeof model_letters - 1)];
}

static void make_model(demo_rng *r, char *buf, size_t size)
{
    switch (demo_rng_below(r, 3)) {
    case 0:
        snprintf(buf, size, "%c%c-%d", letter(r), letter(r), demo_rng_range(r, 1, 9) * 100);
        break;
    case 1:
        snprintf(buf, size, "%c%c%c%d", letter(r), letter(r), letter(r),
                 demo_rng_range(r, 1, 99) * 100);
        break;
    default:
        snprintf(buf, size, "%c%c%c-%02d%c", letter(r), letter(r), letter(r),
                 demo_rng_range(r, 1, 40), letter(r));
        break;
    }
}

static void make_serial(demo_rng *r, char *buf, size_t size)
{
    if (demo_rng_chance(r, 0.6))
        snprintf(buf, size, "%d%05u", demo_rng_range(r, 2005, 2020),
                 (unsigned)demo_rng_below(r, 100000));
    else
        snprintf(buf, size, "%c%c%06u", letter(r), letter(r), (unsigned)demo_rng_below(r, 1000000));
}

/* Bodies a unit's apparatus are calibrated by (at most 3, best first). */
static int trace_orgs(const struct demo_ctx *c, const struct demo_unit *u, const char **out)
{
    const struct demo_auth *a = &c->auth[u->auth];
    const char *nim = c->auth[0].institute;
    const char *prov = a->province >= 0 ? c->auth[a->province].institute : nim;
    const char *city = a->prefecture >= 0 ? c->auth[a->prefecture].institute : prov;

    if (u->kind == DEMO_LEGAL) {
        switch (a->level) {
        case DEMO_NATIONAL: out[0] = nim; return 1;
        case DEMO_PROVINCIAL:
            out[0] = nim;
            out[1] = "中国测试技术研究院";
            return 2;
        case DEMO_MUNICIPAL:
            out[0] = prov;
            out[1] = nim;
            return 2;
        default:
            out[0] = city;
            out[1] = prov;
            return 2;
        }
    }
    out[0] = city;
    out[1] = prov;
    out[2] = a->institute;
    return city == a->institute ? 2 : 3;
}

static int app_rows(struct demo_ctx *c, reg_loader *l, void *arg, int64_t id, int64_t uidx,
                    const struct demo_std *s, int first, int n, ms_err *err)
{
    static const int org_w[] = {55, 30, 15};
    const struct demo_row *row = &c->table->rows[s->row];
    const char *orgs[3], *names[4], *roles[4];
    int norgs = trace_orgs(c, &c->units[uidx], orgs), napp = 0, nmain, naux, rc = MS_OK;
    demo_rng r;

    (void)arg;
    (void)first;
    (void)n;
    demo_rng_seed(&r, c->seed, DEMO_S_APP, (uint64_t)id);
    nmain = row->napparatus >= 2 && demo_rng_chance(&r, 0.35) ? 2 : 1;
    naux = (int)demo_rng_weighted_int(&r, (const int[]){35, 45, 20}, 3);
    {
        int first_main = (int)demo_rng_below(&r, (uint32_t)row->napparatus);
        for (int i = 0; i < nmain; i++) {
            names[napp] = row->apparatus[(first_main + i) % row->napparatus];
            roles[napp++] = "standard";
        }
    }
    if (row->naux) {
        int first_aux = (int)demo_rng_below(&r, (uint32_t)row->naux);
        if (naux > row->naux)
            naux = row->naux;
        for (int i = 0; i < naux && napp < 4; i++) {
            names[napp] = row->aux[(first_aux + i) % row->naux];
            roles[napp++] = "auxiliary";
        }
    } else if (naux) {
        names[napp] = generic_aux[demo_rng_below(&r, MS_ARRAY_LEN(generic_aux))];
        roles[napp++] = "auxiliary";
    }
    for (int i = 0; rc == MS_OK && i < napp; i++) {
        char model[24], serial[24], cert[32], cal[11], due[11];
        double x = demo_rng_unit(&r);
        struct ms_apparatus rec;
        long on;

        memset(&rec, 0, sizeof rec);
        rec.id = c->base[REG_APPARATUS] + c->rep->rows[REG_APPARATUS];
        rec.standard_id = id;
        rec.name = names[i];
        rec.role = roles[i];
        make_model(&r, model, sizeof model);
        make_serial(&r, serial, sizeof serial);
        rec.model = model;
        rec.serial = serial;
        if (x < 0.006) {
            c->rep->apparatus_never++; /* never calibrated: nothing to trace */
        } else {
            if (x < 0.101) {
                on = demo_workday(c->today - 366 - demo_rng_range(&r, 1, 300), 1);
                c->rep->apparatus_overdue++;
            } else {
                on = demo_workday(c->today - demo_rng_range(&r, 1, 360), 1);
            }
            demo_date(on, cal);
            date_format(date_add_years(date_from_days(on), 1), due);
            snprintf(cert, sizeof cert, "%s%.4s-%05u", demo_rng_chance(&r, 0.5) ? "J" : "JZ", cal,
                     (unsigned)demo_rng_below(&r, 100000));
            rec.calibrated_on = cal;
            rec.due_on = due;
            rec.trace_cert_no = cert;
            rec.trace_org = orgs[demo_rng_weighted_int(&r, org_w, (size_t)norgs)];
        }
        rc = reg_load_apparatus(l, &rec, err);
        c->rep->rows[REG_APPARATUS]++;
    }
    return rc;
}

int demo_load_apparatus(struct demo_ctx *c, ms_err *err)
{
    return each_standard(c, REG_APPARATUS, "apparatus", app_rows, NULL, err);
}

/* ------------------------------------------------------------------------ */
/* Personnel                                                                */
/* ------------------------------------------------------------------------ */

#define ROSTER_MAX 66

struct person {
    char name[32];
    char qual[64];
    char valid[11];
    int has_qual, has_valid;
};

/* The unit's staff: valid people first (*NVALID of them), then lapsed ones. */
static int make_roster(const struct demo_ctx *c, int64_t uidx, int nstd, struct person *p,
                       int *nvalid)
{
    const struct demo_auth *a = &c->auth[c->units[uidx].auth];
    int v = 2 + nstd / 2, lapsed;
    demo_rng r;

    if (v < 4)
        v = 4;
    if (v > 60)
        v = 60;
    lapsed = 1 + v / 12;
    demo_rng_seed(&r, c->seed, DEMO_S_STAFF, (uint64_t)uidx);
    for (int i = 0; i < v + lapsed; i++) {
        demo_person_name(&r, p[i].name, sizeof p[i].name);
        snprintf(p[i].qual, sizeof p[i].qual, "%s计检字第%06u号", a->prov_short,
                 (unsigned)demo_rng_below(&r, 1000000));
        p[i].has_qual = 1;
        p[i].has_valid = 1;
        if (i < v) {
            demo_date(c->today + demo_rng_range(&r, 30, 1800), p[i].valid);
        } else if (demo_rng_chance(&r, 0.8)) {
            demo_date(c->today - demo_rng_range(&r, 1, 900), p[i].valid);
        } else {
            p[i].has_qual = p[i].has_valid = 0; /* no qualification at all */
        }
    }
    *nvalid = v;
    return v + lapsed;
}

struct staff_state {
    struct person roster[ROSTER_MAX];
    int64_t uidx;
    int nroster, nvalid;
};

static int pick(demo_rng *r, int lo, int hi, const int *taken, int ntaken)
{
    for (;;) {
        int k = demo_rng_range(r, lo, hi), dup = 0;
        for (int i = 0; i < ntaken; i++)
            dup |= taken[i] == k;
        if (!dup)
            return k;
    }
}

static int staff_rows(struct demo_ctx *c, reg_loader *l, void *arg, int64_t id, int64_t uidx,
                      const struct demo_std *s, int first, int n, ms_err *err)
{
    struct staff_state *st = arg;
    int who[4] = {0}, nwho = 0, nvalid, size, rc = MS_OK;
    demo_rng r;

    (void)s;
    if (first) {
        st->nroster = make_roster(c, uidx, n, st->roster, &st->nvalid);
        st->uidx = uidx;
    }
    demo_rng_seed(&r, c->seed, DEMO_S_PERS, (uint64_t)id);
    size = 2 + (int)demo_rng_weighted_int(&r, (const int[]){45, 35, 20}, 3);
    if (demo_rng_chance(&r, 0.05)) {
        /* Understaffed: one qualified person, the others lapsed or none. */
        int k = pick(&r, 0, st->nvalid - 1, who, nwho);
        who[nwho++] = k;
        if (!demo_rng_chance(&r, 0.4))
            for (int i = 1; i < size && nwho < st->nroster - st->nvalid + 1; i++) {
                k = pick(&r, st->nvalid, st->nroster - 1, who, nwho);
                who[nwho++] = k;
            }
    } else {
        for (int i = 0; i < size; i++) {
            int k = pick(&r, 0, st->nvalid - 1, who, nwho);
            who[nwho++] = k;
        }
        if (size >= 3 && demo_rng_chance(&r, 0.12)) {
            int k = pick(&r, st->nvalid, st->nroster - 1, who, nwho);
            who[nwho - 1] = k;
        }
    }
    nvalid = 0;
    for (int i = 0; rc == MS_OK && i < nwho; i++) {
        const struct person *p = &st->roster[who[i]];
        struct ms_personnel rec;

        memset(&rec, 0, sizeof rec);
        rec.id = c->base[REG_PERSONNEL] + c->rep->rows[REG_PERSONNEL];
        rec.standard_id = id;
        rec.name = p->name;
        rec.qualification_no = p->has_qual ? p->qual : NULL;
        rec.valid_until = p->has_valid ? p->valid : NULL;
        rec.in_charge = i == 0;
        nvalid += who[i] < st->nvalid;
        rc = reg_load_personnel(l, &rec, err);
        c->rep->rows[REG_PERSONNEL]++;
    }
    c->rep->standards_understaffed += nvalid < 2;
    return rc;
}

int demo_load_personnel(struct demo_ctx *c, ms_err *err)
{
    struct staff_state *st = ms_calloc(1, sizeof *st);
    int rc;

    if (!st)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    rc = each_standard(c, REG_PERSONNEL, "personnel", staff_rows, st, err);
    ms_free(st);
    return rc;
}
