/* report_out.c - the summary as XLSX and PDF, and the inspection list as
 * CSV or XLSX (see report.h). Data comes from store/report.h, bytes from
 * render/. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/checklist.h"
#include "core/field.h"
#include "render/csvout.h"
#include "render/pdfout.h"
#include "render/xlsxout.h"
#include "service/campaign.h"
#include "service/report.h"

/* ---------------------------------------------------------------- names */

static const char *insp_status_zh(const char *s)
{
    static const char *const map[][2] = {{"planned", "计划"},
                                         {"in_progress", "进行中"},
                                         {"completed", "已完成"},
                                         {"not_performed", "未实施"},
                                         {"cancelled", "已取消"}};
    for (size_t i = 0; s && i < MS_ARRAY_LEN(map); i++)
        if (strcmp(s, map[i][0]) == 0)
            return map[i][1];
    return s ? s : "";
}

static const char *finding_status_zh(const char *s)
{
    static const char *const map[][2] = {{"open", "待整改"},
                                         {"submitted", "已提交"},
                                         {"accepted", "整改通过"},
                                         {"rejected", "已退回"},
                                         {"failed", "整改不合格"}};
    for (size_t i = 0; s && i < MS_ARRAY_LEN(map); i++)
        if (strcmp(s, map[i][0]) == 0)
            return map[i][1];
    return s ? s : "";
}

static const char *severity_zh(const char *s)
{
    if (!s)
        return "";
    return strcmp(s, "nonconform") == 0 ? "不符合"
           : strcmp(s, "defect") == 0   ? "缺陷"
           : strcmp(s, "key") == 0      ? "重点项不符合"
                                        : s;
}

static const char *pct(char *buf, size_t size, int64_t num, int64_t den)
{
    if (den <= 0)
        return "—";
    snprintf(buf, size, "%.1f%%", (double)num * 100.0 / (double)den);
    return buf;
}

/* Integer cells printed into a ring of small buffers (a row at a time). */
struct nums {
    char b[24][32];
    int i;
};
static const char *num(struct nums *n, int64_t v)
{
    char *p = n->b[n->i++ % 24];
    snprintf(p, 32, "%lld", (long long)v);
    return p;
}
static const char *ratio(struct nums *n, int64_t a, int64_t b)
{
    char *p = n->b[n->i++ % 24];
    if (b <= 0)
        return "";
    snprintf(p, 32, "%.4f", (double)a / (double)b);
    return p;
}

/* ------------------------------------------------------ the figure rows */

/* The headline figures as (name, value) pairs, shared by XLSX and PDF. */
struct fig {
    const char *name;
    int64_t value;
};

static int figures(const struct rptdb_summary *s, struct fig *f)
{
    int n = 0;
#define F(label, v) f[n++] = (struct fig){label, (v)}
    F("范围内建标单位数", s->units);
    F("范围内计量标准数", s->standards);
    F("已提交自查报告单位数", s->sc_submitted);
    F("其中逾期提交", s->sc_late);
    F("自查报告草稿数", s->sc_draft);
    F("抽取建标单位：名册单位数", s->roster_units);
    F("抽取建标单位：应抽数", s->quota_units);
    F("抽取建标单位：实抽数", s->selected_units);
    F("抽取下级部门：名册部门数", s->roster_authorities);
    F("抽取下级部门：应抽数", s->quota_authorities);
    F("抽取下级部门：实抽数", s->selected_authorities);
    F("范围内专业领域数", s->fields_in_scope);
    F("已覆盖专业领域数", s->fields_covered);
    F("检查任务数（不含已取消）", s->planned + s->in_progress + s->completed + s->not_performed);
    F("计划", s->planned);
    F("进行中", s->in_progress);
    F("已完成", s->completed);
    F("未实施", s->not_performed);
    F("未实施：跟踪中", s->np_open);
    F("未实施：跟踪逾期", s->np_follow_up_overdue);
    F("已取消", s->cancelled);
    F("结论：合格", s->pass);
    F("结论：需整改", s->rectify);
    F("结论：不合格", s->fail);
    F("问题数", s->findings);
    F("待整改", s->f_open);
    F("已提交待确认", s->f_submitted);
    F("整改通过", s->f_accepted);
    F("已退回", s->f_rejected);
    F("整改不合格", s->f_failed);
    F("逾期未完成整改", s->f_overdue);
#undef F
    return n;
}

/* ------------------------------------------------------------------- XLSX */

struct xrow {
    xlsxout *x;
    int64_t rows;
};

static int insp_row_xlsx(void *ctx, const struct rptdb_insp_row *r, ms_err *err)
{
    struct xrow *w = ctx;
    struct nums n = {.i = 0};
    const char *cells[] = {num(&n, r->id),
                           r->checklist,
                           r->authority_code,
                           r->authority_name,
                           r->target,
                           r->target_name,
                           r->cert_no,
                           r->standard_name,
                           r->field,
                           insp_status_zh(r->status),
                           report_conclusion_zh(r->conclusion),
                           r->completed_on,
                           num(&n, r->findings),
                           r->not_performed_reason,
                           r->follow_up_on,
                           r->tracking};
    w->rows++;
    return xlsxout_row(w->x, cells, err);
}

static const struct xlsxout_col insp_cols[] = {
    {"检查编号", 10, 0, 1},
    {"检查表", 8, 0, 0},
    {"检查部门代码", 0, 0, 0},
    {"检查部门", 24, 0, 0},
    {"被检查对象代码", 22, 0, 0},
    {"被检查对象", 36, 0, 0},
    {"证书编号", 30, 0, 0},
    {"计量标准名称", 30, 0, 0},
    {"专业", 6, 0, 0},
    {"状态", 8, 0, 0},
    {"结论", 8, 0, 0},
    {"完成日期", 12, 1, 0},
    {"问题数", 8, 0, 1},
    {"未实施原因", 24, 0, 0},
    {"跟进日期", 12, 1, 0},
    {"跟踪", 8, 0, 0},
};
#define INSP_NCOLS ((int)MS_ARRAY_LEN(insp_cols))

static int find_row_xlsx(void *ctx, const struct rptdb_finding_row *r, ms_err *err)
{
    struct xrow *w = ctx;
    struct nums n = {.i = 0};
    const char *cells[] = {num(&n, r->id),
                           num(&n, r->inspection_id),
                           r->authority_code,
                           r->uscc,
                           r->unit_name,
                           r->cert_no,
                           r->item_no ? num(&n, r->item_no) : NULL,
                           severity_zh(r->severity),
                           r->description,
                           r->deadline,
                           finding_status_zh(r->status),
                           r->failed_at,
                           num(&n, r->submissions),
                           r->last_submitted_at,
                           r->last_decision,
                           r->last_decided_at};
    w->rows++;
    return xlsxout_row(w->x, cells, err);
}

static const struct xlsxout_col find_cols[] = {
    {"问题编号", 10, 0, 1},    {"检查编号", 10, 0, 1},
    {"决定部门代码", 0, 0, 0}, {"统一社会信用代码", 22, 0, 0},
    {"单位名称", 36, 0, 0},    {"证书编号", 30, 0, 0},
    {"检查项", 8, 0, 1},       {"程度", 10, 0, 0},
    {"问题描述", 40, 0, 0},    {"整改期限", 12, 1, 0},
    {"状态", 10, 0, 0},        {"判定整改不合格时间", 22, 0, 0},
    {"提交次数", 8, 0, 1},     {"最近提交时间", 22, 0, 0},
    {"最近决定", 8, 0, 0},     {"决定时间", 22, 0, 0},
};

static int sheet_summary(xlsxout *x, const struct report_summary *r, ms_err *err)
{
    struct fig f[64];
    struct nums n = {.i = 0};
    int k = figures(&r->s, f), rc = MS_OK;
    const char *head[][2] = {{"专项监督检查", r->campaign.name},
                             {"统计部门", r->authority.name},
                             {"统计日期", r->as_of}};

    for (size_t i = 0; rc == MS_OK && i < MS_ARRAY_LEN(head); i++)
        rc = xlsxout_row(x, head[i], err);
    for (int i = 0; rc == MS_OK && i < k; i++) {
        const char *cells[] = {f[i].name, num(&n, f[i].value)};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

static int sheet_items(xlsxout *x, const struct rptdb_summary *s, ms_err *err)
{
    static const struct xlsxout_col cols[] = {
        {"检查表", 8, 0, 0},
        {"检查项", 8, 0, 1},
        {"检查内容", 50, 0, 0},
        {"重点项", 8, 0, 0},
        {"作答数（不含不适用）", 0, 0, 1},
        {"符合", 8, 0, 1},
        {"不符合", 8, 0, 1},
        {"缺陷", 8, 0, 1},
        {"不适用", 8, 0, 1},
        {"不符合率", 10, 0, 1},
    };
    int rc = xlsxout_sheet(x, "检查项", cols, (int)MS_ARRAY_LEN(cols), err);

    for (int i = 0; rc == MS_OK && i < s->nitems; i++) {
        const struct rptdb_item *it = &s->items[i];
        const struct checklist *cl = checklist_find(it->checklist, 0, NULL);
        const struct checklist_item *ci = cl ? checklist_item(cl, it->item_no) : NULL;
        int64_t answered = it->conform + it->nonconform + it->defect;
        struct nums n = {.i = 0};
        const char *cells[] = {
            it->checklist,           num(&n, it->item_no),
            ci ? ci->text : "",      ci && ci->key ? "是" : "",
            num(&n, answered),       num(&n, it->conform),
            num(&n, it->nonconform), num(&n, it->defect),
            num(&n, it->na),         ratio(&n, it->nonconform + it->defect, answered)};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

static int sheet_fields(xlsxout *x, const struct rptdb_summary *s, ms_err *err)
{
    static const struct xlsxout_col cols[] = {
        {"专业代码", 8, 0, 0},  {"专业", 14, 0, 0},  {"计量标准数", 10, 0, 1},
        {"检查数", 8, 0, 1},    {"已完成", 8, 0, 1}, {"有问题的检查", 12, 0, 1},
        {"不符合率", 10, 0, 1},
    };
    int rc = xlsxout_sheet(x, "专业领域", cols, (int)MS_ARRAY_LEN(cols), err);

    for (int i = 0; rc == MS_OK && i < s->nfields; i++) {
        const struct rptdb_field *f = &s->fields[i];
        const struct jjf_field *jf = field_find(f->field);
        struct nums n = {.i = 0};
        const char *cells[] = {f->field,
                               jf ? field_name(jf, MS_LANG_ZH) : "",
                               num(&n, f->standards),
                               num(&n, f->inspections),
                               num(&n, f->completed),
                               num(&n, f->nonconforming),
                               ratio(&n, f->nonconforming, f->completed)};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

static int sheet_sectors(xlsxout *x, const struct rptdb_summary *s, ms_err *err)
{
    static const struct xlsxout_col cols[] = {
        {"重点领域", 12, 0, 0}, {"计量标准数", 10, 0, 1}, {"建标单位数", 10, 0, 1},
        {"检查数", 8, 0, 1},    {"已完成", 8, 0, 1},      {"有问题的检查", 12, 0, 1},
    };
    int rc = xlsxout_sheet(x, "重点领域", cols, (int)MS_ARRAY_LEN(cols), err);

    for (int k = 0; rc == MS_OK && k < MODEL_SECTOR_COUNT; k++) {
        const struct rptdb_sector *e = &s->sectors[k];
        struct nums n = {.i = 0};
        const char *cells[] = {model_sectors_zh[k],   num(&n, e->standards),
                               num(&n, e->units),     num(&n, e->inspections),
                               num(&n, e->completed), num(&n, e->nonconforming)};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

static int sheet_dispositions(xlsxout *x, const struct rptdb_summary *s, ms_err *err)
{
    static const struct xlsxout_col cols[] = {
        {"处理决定", 20, 0, 0},   {"代码", 18, 0, 0},           {"件数", 8, 0, 1},
        {"涉及单位数", 10, 0, 1}, {"罚款金额（元）", 14, 0, 1},
    };
    int rc = xlsxout_sheet(x, "处理决定", cols, (int)MS_ARRAY_LEN(cols), err);

    for (int i = 0; rc == MS_OK && i < s->ndispositions; i++) {
        const struct rptdb_disposition *d = &s->dispositions[i];
        struct nums n = {.i = 0};
        const char *cells[] = {report_disposition_zh(d->action), d->action, num(&n, d->count),
                               num(&n, d->units), num(&n, d->amount_yuan)};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

static int sheet_risk(xlsxout *x, const struct report_summary *r, ms_err *err)
{
    static const struct xlsxout_col cols[] = {
        {"排名", 6, 0, 1},   {"统一社会信用代码", 22, 0, 0}, {"单位名称", 36, 0, 0},
        {"风险分", 8, 0, 1}, {"主要原因", 60, 0, 0},
    };
    int rc = xlsxout_sheet(x, "风险预警", cols, (int)MS_ARRAY_LEN(cols), err);

    for (int i = 0; rc == MS_OK && i < r->nrisk; i++) {
        const struct risk_row *u = &r->risk[i];
        struct nums n = {.i = 0};
        char why[1024] = "";
        for (int k = 0; k < u->nreasons; k++) {
            size_t used = strlen(why);
            snprintf(why + used, sizeof why - used, "%s%s %lld", k ? "；" : "",
                     risk_weights[u->reasons[k].factor].label_zh, (long long)u->reasons[k].count);
        }
        const char *cells[] = {num(&n, i + 1), u->uscc, u->name, num(&n, u->score), why};
        rc = xlsxout_row(x, cells, err);
    }
    return rc;
}

int report_summary_xlsx(store *db, const struct report_summary *r, FILE *fp, ms_err *err)
{
    static const struct xlsxout_col cols[] = {{"指标", 36, 0, 0}, {"数值", 40, 0, 1}};
    struct xrow w = {NULL, 0};
    int rc;

    if ((rc = xlsxout_open(NULL, fp, "概况", cols, 2, 1, &w.x, err)) != MS_OK)
        return rc;
    store_read_begin(db);
    if ((rc = sheet_summary(w.x, r, err)) == MS_OK &&
        (rc = sheet_items(w.x, &r->s, err)) == MS_OK &&
        (rc = sheet_fields(w.x, &r->s, err)) == MS_OK &&
        (rc = sheet_sectors(w.x, &r->s, err)) == MS_OK &&
        (rc = sheet_dispositions(w.x, &r->s, err)) == MS_OK &&
        (rc = sheet_risk(w.x, r, err)) == MS_OK &&
        (rc = xlsxout_sheet(w.x, "检查清单", insp_cols, INSP_NCOLS, err)) == MS_OK &&
        (rc = rptdb_inspections_each(db, r->campaign.id, r->authority.path, insp_row_xlsx, &w,
                                     err)) == MS_OK &&
        (rc = xlsxout_sheet(w.x, "问题与整改", find_cols, (int)MS_ARRAY_LEN(find_cols), err)) ==
            MS_OK)
        rc = rptdb_findings_each(db, r->campaign.id, r->authority.path, find_row_xlsx, &w, err);
    store_read_end(db);
    if (rc != MS_OK) {
        xlsxout_abort(w.x);
        return rc;
    }
    return xlsxout_close(w.x, err);
}

/* --------------------------------------------------------- inspection list */

struct crow {
    csvout *c;
    int64_t rows;
};

static int insp_row_csv(void *ctx, const struct rptdb_insp_row *r, ms_err *err)
{
    struct crow *w = ctx;
    struct nums n = {.i = 0};
    const char *cells[] = {num(&n, r->id),
                           r->checklist,
                           r->authority_code,
                           r->authority_name,
                           r->target,
                           r->target_name,
                           r->cert_no,
                           r->standard_name,
                           r->field,
                           insp_status_zh(r->status),
                           report_conclusion_zh(r->conclusion),
                           r->completed_on,
                           num(&n, r->findings),
                           r->not_performed_reason,
                           r->follow_up_on,
                           r->tracking};
    w->rows++;
    return csvout_row(w->c, cells, INSP_NCOLS, err);
}

int report_inspections(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                       enum report_format format, FILE *fp, int64_t *rows, ms_err *err)
{
    struct report_summary *r = NULL;
    arena ar = ARENA_INIT;
    struct store_scope sc;
    int rc;

    if (rows)
        *rows = 0;
    if (format != REPORT_CSV && format != REPORT_XLSX)
        return ms_fail(err, MS_EINVAL, "format", "report_format", "");
    if (!(r = arena_alloc(&ar, sizeof *r))) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    /* the same checks as the summary, without its queries */
    if (!who->role || (strcmp(who->role, "authority") != 0 && strcmp(who->role, "system") != 0)) {
        rc = ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
        goto out;
    }
    if ((rc = campaign_get(db, who, campaign_id, &ar, &r->campaign, err)) != MS_OK)
        goto out;
    if (!authority_id)
        authority_id =
            strcmp(who->role, "authority") == 0 ? who->authority_id : r->campaign.authority_id;
    /* (who->role is "authority" or "system" here) */
    svc_scope(who, &sc);
    sc.unit_id = 0;
    if ((rc = reg_authority_get(db, &sc, authority_id, &ar, &r->authority, err)) != MS_OK) {
        if (rc == MS_ENOTFOUND)
            rc = ms_failf(err, MS_ENOTFOUND, "authority_id", "not_found", "%lld",
                          (long long)authority_id);
        goto out;
    }
    store_read_begin(db);
    if (format == REPORT_XLSX) {
        struct xrow w = {NULL, 0};
        if ((rc = xlsxout_open(NULL, fp, "检查清单", insp_cols, INSP_NCOLS, 1, &w.x, err)) ==
            MS_OK) {
            rc = rptdb_inspections_each(db, campaign_id, r->authority.path, insp_row_xlsx, &w, err);
            if (rc == MS_OK)
                rc = xlsxout_close(w.x, err);
            else
                xlsxout_abort(w.x);
        }
        if (rows)
            *rows = w.rows;
    } else {
        struct crow w = {csvout_new(fp), 0};
        const char *heads[INSP_NCOLS];
        for (int i = 0; i < INSP_NCOLS; i++)
            heads[i] = insp_cols[i].header;
        rc = w.c ? csvout_row(w.c, heads, INSP_NCOLS, err)
                 : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        if (rc == MS_OK)
            rc = rptdb_inspections_each(db, campaign_id, r->authority.path, insp_row_csv, &w, err);
        if (rc == MS_OK)
            rc = csvout_flush(w.c, err);
        csvout_free(w.c);
        if (rows)
            *rows = w.rows;
    }
    store_read_end(db);
out:
    arena_free(&ar);
    return rc;
}

/* -------------------------------------------------------------------- PDF */

static void fig_table(pdfout *d, const struct fig *f, int from, int to)
{
    static const double w[] = {0.7, 0.3};
    static const char *const head[] = {"指标", "数值"};
    const char *cells[128];
    char vals[64][24];
    int k = 0;

    for (int i = from; i < to && k < 64; i++, k++) {
        snprintf(vals[k], sizeof vals[k], "%lld", (long long)f[i].value);
        cells[2 * k] = f[i].name;
        cells[2 * k + 1] = vals[k];
    }
    pdfout_table(d, 2, w, head, cells, k);
}

static void pdf_items(pdfout *d, const struct rptdb_summary *s)
{
    static const double w[] = {0.08, 0.07, 0.45, 0.1, 0.1, 0.08, 0.12};
    static const char *const head[] = {"检查表", "项",   "检查内容", "作答数",
                                       "不符合", "缺陷", "不符合率"};
    const char **cells = ms_calloc((size_t)(s->nitems > 0 ? s->nitems : 1) * 7, sizeof *cells);
    char(*buf)[4][24] = ms_calloc((size_t)(s->nitems > 0 ? s->nitems : 1), sizeof *buf);

    if (!cells || !buf) {
        ms_free(cells);
        ms_free(buf);
        pdfout_text(d, "（内存不足，未列出）");
        return;
    }
    for (int i = 0; i < s->nitems; i++) {
        const struct rptdb_item *it = &s->items[i];
        const struct checklist *cl = checklist_find(it->checklist, 0, NULL);
        const struct checklist_item *ci = cl ? checklist_item(cl, it->item_no) : NULL;
        int64_t answered = it->conform + it->nonconform + it->defect;
        snprintf(buf[i][0], 24, "%d%s", it->item_no, ci && ci->key ? "*" : "");
        snprintf(buf[i][1], 24, "%lld", (long long)answered);
        snprintf(buf[i][2], 24, "%lld", (long long)it->nonconform);
        snprintf(buf[i][3], 24, "%lld", (long long)it->defect);
        cells[i * 7 + 0] = it->checklist;
        cells[i * 7 + 1] = buf[i][0];
        cells[i * 7 + 2] = ci ? ci->text : "";
        cells[i * 7 + 3] = buf[i][1];
        cells[i * 7 + 4] = buf[i][2];
        cells[i * 7 + 5] = buf[i][3];
    }
    {
        char(*rates)[16] = ms_calloc((size_t)(s->nitems > 0 ? s->nitems : 1), sizeof *rates);
        for (int i = 0; rates && i < s->nitems; i++) {
            const struct rptdb_item *it = &s->items[i];
            pct(rates[i], sizeof rates[i], it->nonconform + it->defect,
                it->conform + it->nonconform + it->defect);
            cells[i * 7 + 6] = rates[i];
        }
        pdfout_table(d, 7, w, head, cells, s->nitems);
        ms_free(rates);
    }
    ms_free(cells);
    ms_free(buf);
}

int report_summary_pdf(const struct report_summary *r, char **out, size_t *len, ms_err *err)
{
    const struct rptdb_summary *s = &r->s;
    char title[400], line[600], hdr[400], p1[16], p2[16], p3[16];
    struct fig f[64];
    int nf = figures(s, f), rc;
    pdfout *d;

    snprintf(hdr, sizeof hdr, "%s · %s", r->campaign.name, r->authority.name);
    snprintf(title, sizeof title, "%s 总结报告", r->campaign.name);
    if (!(d = pdfout_new(title, hdr)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    pdfout_title(d, title);
    snprintf(line, sizeof line, "统计范围：%s（%s）及其下级部门　统计日期：%s", r->authority.name,
             r->authority.code, r->as_of);
    pdfout_text(d, line);
    snprintf(line, sizeof line,
             "自查报告提交率 %s，检查完成率 %s，专业领域覆盖率 %s（%lld / %lld 个专业）。",
             pct(p1, sizeof p1, s->sc_submitted, s->units),
             pct(p2, sizeof p2, s->completed,
                 s->planned + s->in_progress + s->completed + s->not_performed),
             pct(p3, sizeof p3, s->fields_covered, s->fields_in_scope),
             (long long)s->fields_covered, (long long)s->fields_in_scope);
    pdfout_text(d, line);

    pdfout_heading(d, "一、范围、自查与抽取");
    fig_table(d, f, 0, 13);
    pdfout_heading(d, "二、现场检查");
    fig_table(d, f, 13, 24);
    {
        const char *labels[] = {"合格", "需整改", "不合格"};
        double v[] = {(double)s->pass, (double)s->rectify, (double)s->fail};
        pdfout_bars(d, "检查结论", labels, v, NULL, 3);
    }
    {
        const char **labels = ms_calloc((size_t)(s->nfields + 1), sizeof *labels);
        double *v = ms_calloc((size_t)(s->nfields + 1), sizeof *v);
        char(*names)[64] = ms_calloc((size_t)(s->nfields + 1), sizeof *names);
        for (int i = 0; labels && v && names && i < s->nfields; i++) {
            const struct jjf_field *jf = field_find(s->fields[i].field);
            snprintf(names[i], sizeof names[i], "%s %s", s->fields[i].field,
                     jf ? field_name(jf, MS_LANG_ZH) : "");
            labels[i] = names[i];
            v[i] = (double)s->fields[i].nonconforming;
        }
        if (labels && v && names)
            pdfout_bars(d, "各专业有问题的检查数", labels, v, NULL, s->nfields);
        ms_free(labels);
        ms_free(v);
        ms_free(names);
    }
    pdfout_heading(d, "三、检查项不符合情况");
    pdf_items(d, s);
    pdfout_heading(d, "四、重点领域");
    {
        static const double w[] = {0.2, 0.16, 0.16, 0.16, 0.16, 0.16};
        static const char *const head[] = {"重点领域", "计量标准", "建标单位",
                                           "检查",     "已完成",   "有问题"};
        const char *cells[MODEL_SECTOR_COUNT * 6];
        char b[MODEL_SECTOR_COUNT][5][24];
        for (int k = 0; k < MODEL_SECTOR_COUNT; k++) {
            const struct rptdb_sector *e = &s->sectors[k];
            int64_t v[] = {e->standards, e->units, e->inspections, e->completed, e->nonconforming};
            cells[k * 6] = model_sectors_zh[k];
            for (int j = 0; j < 5; j++) {
                snprintf(b[k][j], 24, "%lld", (long long)v[j]);
                cells[k * 6 + 1 + j] = b[k][j];
            }
        }
        pdfout_table(d, 6, w, head, cells, MODEL_SECTOR_COUNT);
    }
    pdfout_heading(d, "五、整改");
    fig_table(d, f, 24, nf);
    {
        const char *labels[] = {"待整改", "已提交待确认", "整改通过", "已退回", "整改不合格"};
        double v[] = {(double)s->f_open, (double)s->f_submitted, (double)s->f_accepted,
                      (double)s->f_rejected, (double)s->f_failed};
        pdfout_bars(d, "整改进度", labels, v, NULL, 5);
    }
    pdfout_heading(d, "六、处理决定");
    if (s->ndispositions == 0) {
        pdfout_text(d, "本次统计范围内尚无处理决定。");
    } else {
        static const double w[] = {0.4, 0.2, 0.2, 0.2};
        static const char *const head[] = {"处理决定", "件数", "涉及单位", "罚款金额（元）"};
        const char *cells[16 * 4];
        char b[16][3][24];
        for (int i = 0; i < s->ndispositions && i < 16; i++) {
            const struct rptdb_disposition *e = &s->dispositions[i];
            snprintf(b[i][0], 24, "%lld", (long long)e->count);
            snprintf(b[i][1], 24, "%lld", (long long)e->units);
            snprintf(b[i][2], 24, "%lld", (long long)e->amount_yuan);
            cells[i * 4] = report_disposition_zh(e->action);
            cells[i * 4 + 1] = b[i][0];
            cells[i * 4 + 2] = b[i][1];
            cells[i * 4 + 3] = b[i][2];
        }
        pdfout_table(d, 4, w, head, cells, s->ndispositions < 16 ? s->ndispositions : 16);
    }
    pdfout_heading(d, "七、风险预警（风险分最高的建标单位）");
    if (r->nrisk == 0) {
        pdfout_text(d, "本次统计范围内没有风险分大于 0 的建标单位。");
    } else {
        static const double w[] = {0.07, 0.33, 0.1, 0.5};
        static const char *const head[] = {"排名", "单位", "风险分", "主要原因"};
        const char *cells[REPORT_TOP_RISK * 4];
        char b[REPORT_TOP_RISK][2][24], why[REPORT_TOP_RISK][512];
        int k = r->nrisk < REPORT_TOP_RISK ? r->nrisk : REPORT_TOP_RISK;
        for (int i = 0; i < k; i++) {
            const struct risk_row *u = &r->risk[i];
            why[i][0] = '\0';
            for (int j = 0; j < u->nreasons; j++) {
                size_t used = strlen(why[i]);
                snprintf(why[i] + used, sizeof why[i] - used, "%s%s %lld", j ? "；" : "",
                         risk_weights[u->reasons[j].factor].label_zh,
                         (long long)u->reasons[j].count);
            }
            snprintf(b[i][0], 24, "%d", i + 1);
            snprintf(b[i][1], 24, "%d", u->score);
            cells[i * 4] = b[i][0];
            cells[i * 4 + 1] = u->name;
            cells[i * 4 + 2] = b[i][1];
            cells[i * 4 + 3] = why[i];
        }
        pdfout_table(d, 4, w, head, cells, k);
    }
    snprintf(line, sizeof line, "生成时间：%s（msup）", r->generated_at);
    pdfout_text(d, line);
    rc = pdfout_render(d, out, len, NULL, err);
    pdfout_free(d);
    return rc;
}
