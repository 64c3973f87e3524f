/* demo_insp.c - inspectors (enforcement officers and invited 考评员) with
 * declared conflicts, complaints and violation records of the demo registry. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/field.h"
#include "service/demo_int.h"

static const char *const conflict_reasons[] = {
    "近三年内曾为该单位提供技术咨询服务",
    "近亲属在该单位任职",
    "曾在该单位任职，离职未满三年",
    "曾参与该单位计量标准的建标培训",
};

static const char *const complaint_summaries[] = {
    "反映该单位出具的校准证书数据与实际测量结果不符",
    "反映该单位使用超过检定周期的计量标准器开展检定",
    "反映该单位检定人员无有效资质即出具检定证书",
    "反映该单位检定的加油机计量不准，怀疑检定把关不严",
    "反映该单位检定的电子秤缺斤短两，怀疑检定结果失实",
    "反映该单位计量标准已封存仍对外开展检定",
    "反映该单位检定收费不规范、出具证书时间过长",
};

static const char *const general_violations[] = {
    "使用超过检定周期的计量标准器具开展检定",
    "计量标准考核证书有效期届满未申请复查，继续开展检定",
    "计量标准更换后未按规定办理更换手续",
    "检定原始记录不完整，未按规定保存",
};

static const char *const serious_violations[] = {
    "使用未经考核合格的计量标准开展量值传递",
    "伪造检定数据，出具虚假检定证书",
    "使用不合格的计量标准器具开展检定，造成重大损失",
};

/* ------------------------------------------------------------------------ */
/* Inspectors                                                               */
/* ------------------------------------------------------------------------ */

struct conflict {
    int64_t inspector, unit;
    int reason;
    long on;
};

/* A canonical list of N distinct level-1 fields, general ones more likely. */
static void pick_fields(demo_rng *r, int n, char *out, size_t size)
{
    size_t nf;
    const struct jjf_field *f = field_all(&nf);
    int w[32], chosen[32] = {0};
    size_t len = 0;

    for (size_t i = 0; i < nf && i < 32; i++)
        w[i] = f[i].general ? 4 : 1;
    for (int k = 0; k < n; k++) {
        size_t i = demo_rng_weighted_int(r, w, nf);
        if (i >= nf)
            break;
        chosen[i] = 1;
        w[i] = 0;
    }
    out[0] = '\0';
    for (size_t i = 0; i < nf; i++) {
        if (!chosen[i])
            continue;
        int m = snprintf(out + len, size - len, "%s%s", len ? "," : "", f[i].code);
        if (m < 0 || (size_t)m >= size - len)
            break;
        len += (size_t)m;
    }
}

static int64_t random_unit_at(const struct demo_ctx *c, const struct demo_auth *a, demo_rng *r)
{
    return c->base[REG_UNIT] + a->unit_first + demo_rng_below(r, (uint32_t)a->unit_count);
}

static int64_t employer_of(const struct demo_ctx *c, const struct demo_auth *a, demo_rng *r)
{
    double x = demo_rng_unit(r);

    if (x < 0.55 || (x < 0.85 && a->parent < 0))
        return a->institute_id;
    if (x < 0.85)
        return c->auth[a->parent].institute_id;
    return random_unit_at(c, a, r);
}

static int load_conflicts(struct demo_ctx *c, const struct conflict *cf, size_t n, ms_err *err)
{
    reg_loader *l = NULL;
    int rc = reg_load_begin(c->db, REG_CONFLICT, c->now, &l, err);

    for (size_t i = 0; rc == MS_OK && i < n; i++) {
        char on[11];
        rc = reg_load_conflict(l, c->base[REG_CONFLICT] + (int64_t)i, cf[i].inspector, cf[i].unit,
                               conflict_reasons[cf[i].reason], demo_date(cf[i].on, on), err);
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    reg_load_abort(l);
    if (rc == MS_OK)
        c->rep->rows[REG_CONFLICT] = (int64_t)n;
    return rc;
}

int demo_load_inspectors(struct demo_ctx *c, ms_err *err)
{
    static const int officers[4] = {8, 6, 4, 2}, experts[4] = {24, 14, 6, 1};
    reg_loader *l = NULL;
    struct conflict *cf = NULL;
    size_t ncf = 0, capcf = 0;
    int64_t n = 0;
    int rc = reg_load_begin(c->db, REG_INSPECTOR, c->now, &l, err);

    for (int i = 0; rc == MS_OK && i < c->nauth; i++) {
        const struct demo_auth *a = &c->auth[i];
        int nof, nex;
        demo_rng r;

        demo_rng_seed(&r, c->seed, DEMO_S_INSP, (uint64_t)i);
        nof = officers[a->level] + demo_rng_range(&r, 0, 2);
        nex = experts[a->level] + demo_rng_range(&r, 0, a->level == DEMO_COUNTY ? 2 : 4);
        for (int k = 0; rc == MS_OK && k < nof + nex; k++) {
            int expert = k >= nof;
            char name[32], fields[64], cert[64];
            struct ms_inspector rec;

            memset(&rec, 0, sizeof rec);
            rec.id = c->base[REG_INSPECTOR] + n;
            rec.authority_id = a->id;
            demo_person_name(&r, name, sizeof name);
            rec.name = name;
            rec.kind = expert ? "expert" : "enforcement";
            pick_fields(&r, expert ? demo_rng_range(&r, 1, 3) : demo_rng_range(&r, 3, 6), fields,
                        sizeof fields);
            rec.fields = fields;
            if (expert) {
                rec.employer_unit_id = employer_of(c, a, &r);
                snprintf(cert, sizeof cert, "%s考评字第%d%03d号", a->prov_short,
                         demo_rng_range(&r, 2010, 2020), k - nof + 1);
            } else {
                snprintf(cert, sizeof cert, "%s%04d",
                         a->level == DEMO_NATIONAL ? "100000" : a->code, k + 1);
            }
            rec.certificate_no = cert;
            rec.active = !demo_rng_chance(&r, 0.03);
            if (expert && a->unit_count > 1 && demo_rng_chance(&r, 0.1)) {
                int64_t u = random_unit_at(c, a, &r);
                if (u != rec.employer_unit_id) {
                    if (ncf == capcf) {
                        size_t ncap = capcf ? capcf * 2 : 64;
                        struct conflict *ncfp = ms_realloc(cf, ncap * sizeof *ncfp);
                        if (!ncfp) {
                            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
                            break;
                        }
                        cf = ncfp;
                        capcf = ncap;
                    }
                    cf[ncf].inspector = rec.id;
                    cf[ncf].unit = u;
                    cf[ncf].reason = (int)demo_rng_below(&r, MS_ARRAY_LEN(conflict_reasons));
                    cf[ncf].on = c->today - demo_rng_range(&r, 1, 400);
                    ncf++;
                }
            }
            rc = reg_load_inspector(l, &rec, err);
            n++;
        }
        demo_tick(c, "inspectors", i + 1, c->nauth, 0);
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    reg_load_abort(l);
    if (rc == MS_OK) {
        c->rep->rows[REG_INSPECTOR] = n;
        rc = load_conflicts(c, cf, ncf, err);
    }
    ms_free(cf);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Complaints and violations                                                */
/* ------------------------------------------------------------------------ */

static const char *complaint_status(long age, demo_rng *r)
{
    static const char *const closed[] = {"closed", "substantiated", "unsubstantiated"};

    if (age > 90)
        return closed[demo_rng_below(r, 3)];
    return age > 20 ? "triaged" : "received";
}

static int load_complaints(struct demo_ctx *c, ms_err *err)
{
    static const char *const channels[] = {"public", "12315", "letter"};
    static const int channel_w[] = {45, 45, 10}, count_w[] = {60, 30, 10};
    reg_loader *l = NULL;
    demo_rng r;
    int64_t n = 0;
    int rc = reg_load_begin(c->db, REG_COMPLAINT, c->now, &l, err);

    demo_rng_seed(&r, c->seed, DEMO_S_COMPLAINT, 0);
    for (int64_t u = 0; rc == MS_OK && u < c->nunits; u++) {
        int k;
        if (!demo_rng_chance(&r, 0.03))
            continue;
        k = 1 + (int)demo_rng_weighted_int(&r, count_w, 3);
        c->rep->units_with_complaints++;
        for (int i = 0; rc == MS_OK && i < k; i++) {
            long age = demo_rng_range(&r, 1, 730);
            char on[11];
            struct ms_complaint rec;

            memset(&rec, 0, sizeof rec);
            rec.id = c->base[REG_COMPLAINT] + n++;
            rec.unit_id = c->base[REG_UNIT] + u;
            rec.authority_id = c->auth[c->units[u].auth].id;
            rec.received_on = demo_date(c->today - age, on);
            rec.channel = channels[demo_rng_weighted_int(&r, channel_w, 3)];
            rec.summary =
                complaint_summaries[demo_rng_below(&r, MS_ARRAY_LEN(complaint_summaries))];
            rec.status = complaint_status(age, &r);
            rc = reg_load_complaint(l, &rec, err);
        }
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    reg_load_abort(l);
    if (rc == MS_OK)
        c->rep->rows[REG_COMPLAINT] = n;
    return rc;
}

static int load_violations(struct demo_ctx *c, ms_err *err)
{
    reg_loader *l = NULL;
    demo_rng r;
    int64_t n = 0;
    int rc = reg_load_begin(c->db, REG_VIOLATION, c->now, &l, err);

    demo_rng_seed(&r, c->seed, DEMO_S_VIOLATION, 0);
    for (int64_t u = 0; rc == MS_OK && u < c->nunits; u++) {
        double x = demo_rng_unit(&r);
        int serious = x < 0.002;
        char on[11];
        struct ms_violation rec;

        if (x >= 0.012)
            continue;
        memset(&rec, 0, sizeof rec);
        rec.id = c->base[REG_VIOLATION] + n++;
        rec.unit_id = c->base[REG_UNIT] + u;
        rec.authority_id = c->auth[c->units[u].auth].id;
        rec.severity = serious ? "serious" : "general";
        rec.decided_on = demo_date(c->today - demo_rng_range(&r, 30, 1095), on);
        rec.summary =
            serious ? serious_violations[demo_rng_below(&r, MS_ARRAY_LEN(serious_violations))]
                    : general_violations[demo_rng_below(&r, MS_ARRAY_LEN(general_violations))];
        c->rep->violations_serious += serious;
        rc = reg_load_violation(l, &rec, err);
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    reg_load_abort(l);
    if (rc == MS_OK)
        c->rep->rows[REG_VIOLATION] = n;
    return rc;
}

int demo_load_complaints(struct demo_ctx *c, ms_err *err)
{
    int rc = load_complaints(c, err);

    if (rc == MS_OK)
        rc = load_violations(c, err);
    if (rc == MS_OK)
        demo_tick(c, "complaints", c->nunits, c->nunits, 1);
    return rc;
}
