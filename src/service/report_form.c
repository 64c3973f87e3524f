/* report_form.c - the filled checklist of one inspection (Attachment 1
 * 计量标准现场监督检查表 or Attachment 2 计量标准考核工作监督检查表) as a
 * printable PDF: header, items with verdicts and notes, evidence with SM3,
 * team, signatures (see report.h). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/checklist.h"
#include "core/field.h"
#include "render/pdfout.h"
#include "service/draw.h"
#include "service/report.h"

static const char *verdict_zh(const char *v)
{
    int k = v ? checklist_verdict_parse(v) : CHECKLIST_UNANSWERED;
    return k == CHECKLIST_UNANSWERED ? "未作答" : checklist_verdict_zh(k);
}

static const char *status_zh(const char *s)
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

static const struct rptdb_result *result_of(const struct rptdb_form *f, int no)
{
    for (int i = 0; i < f->nresults; i++)
        if (f->results[i].item_no == no)
            return &f->results[i];
    return NULL;
}

/* The identification table: (label, value) rows. */
static void header_table(pdfout *d, arena *ar, const struct drawsvc_inspection *in,
                         const struct rptdb_form *f, const struct checklist *cl)
{
    static const double w[] = {0.24, 0.76};
    static const char *const head[] = {"项目", "内容"};
    const char *cells[2 * 16];
    int n = 0;
    const char *stds = "";

#define ROW(label, value)                                                                          \
    do {                                                                                           \
        cells[2 * n] = (label);                                                                    \
        cells[2 * n + 1] = (value) ? (value) : "";                                                 \
        n++;                                                                                       \
    } while (0)
    for (int i = 0; i < in->n_standards; i++) {
        const struct drawdb_insp_standard *s = &in->standards[i];
        const struct jjf_field *jf = field_find(s->field);
        stds = arena_printf(ar, "%s%s%s（证书编号 %s，专业 %s %s）", stds, i ? "；" : "", s->name,
                            s->cert_no, s->field, jf ? field_name(jf, MS_LANG_ZH) : "");
    }
    ROW("专项监督检查", arena_printf(ar, "%s（%d 年）", f->campaign_name, f->campaign_year));
    ROW("检查编号", arena_printf(ar, "%lld", (long long)in->i.id));
    if (strcmp(in->i.kind, "standard") == 0) {
        ROW("被检查单位", f->target_name);
        ROW("统一社会信用代码", f->target);
        ROW("地址", f->target_address);
        ROW("受检计量标准", stds);
    } else {
        ROW("被检查部门", f->target_name);
        ROW("部门代码", f->target);
    }
    ROW("检查部门", arena_printf(ar, "%s（%s）", f->authority_name, f->authority_code));
    ROW("检查表", arena_printf(ar, "%s %s 第 %d 版", in->i.checklist_code, cl ? cl->title : "",
                               in->i.checklist_version));
    ROW("状态", status_zh(in->i.status));
    ROW("开始时间", f->started_at);
    ROW("完成时间", f->completed_at);
    ROW("检查结论", f->conclusion ? report_conclusion_zh(f->conclusion) : "（未完成）");
    if (f->not_performed_reason) {
        ROW("未实施原因", f->not_performed_reason);
        ROW("跟进日期", f->follow_up_on);
    }
#undef ROW
    pdfout_table(d, 2, w, head, cells, n);
}

static void items_table(pdfout *d, arena *ar, const struct checklist *cl,
                        const struct rptdb_form *f)
{
    static const double w[] = {0.07, 0.53, 0.12, 0.28};
    static const char *const head[] = {"序号", "检查内容（* 为重点项）", "结论", "说明"};
    int n = cl ? cl->nitems : f->nresults;
    const char **cells = arena_alloc(ar, sizeof *cells * (size_t)(n > 0 ? n : 1) * 4);

    if (!cells)
        return;
    for (int i = 0; i < n; i++) {
        const struct checklist_item *it = cl ? &cl->items[i] : NULL;
        int no = it ? it->no : f->results[i].item_no;
        const struct rptdb_result *r = result_of(f, no);
        const char *text = it ? it->text : "";
        if (it && it->nsubs > 0) {
            for (int k = 0; k < it->nsubs; k++)
                text = arena_printf(ar, "%s\n（%d）%s", text, it->subs[k].no, it->subs[k].text);
        }
        cells[i * 4] = arena_printf(ar, "%d%s", no, it && it->key ? "*" : "");
        cells[i * 4 + 1] = text;
        cells[i * 4 + 2] = verdict_zh(r ? r->verdict : NULL);
        cells[i * 4 + 3] = r && r->note ? r->note : "";
    }
    pdfout_table(d, 4, w, head, cells, n);
}

static void evidence_table(pdfout *d, arena *ar, const struct rptdb_form *f)
{
    static const double w[] = {0.06, 0.08, 0.22, 0.1, 0.36, 0.18};
    static const char *const head[] = {"序号", "检查项", "文件", "大小（字节）", "SM3", "采集时间"};
    const char **cells = arena_alloc(ar, sizeof *cells * (size_t)(f->nevidence + 1) * 6);

    if (!cells)
        return;
    if (f->nevidence == 0) {
        pdfout_text(d, "无。");
        return;
    }
    for (int i = 0; i < f->nevidence; i++) {
        const struct rptdb_evidence *e = &f->evidence[i];
        cells[i * 6] = arena_printf(ar, "%d", i + 1);
        cells[i * 6 + 1] = e->item_no ? arena_printf(ar, "%d", e->item_no) : "—";
        cells[i * 6 + 2] = e->filename;
        cells[i * 6 + 3] = arena_printf(ar, "%lld", (long long)e->size);
        cells[i * 6 + 4] = e->sm3;
        cells[i * 6 + 5] = e->captured_at ? e->captured_at : "";
    }
    pdfout_table(d, 6, w, head, cells, f->nevidence);
}

static void team_table(pdfout *d, arena *ar, const struct drawsvc_inspection *in)
{
    static const double w[] = {0.25, 0.2, 0.15, 0.4};
    static const char *const head[] = {"姓名", "类别", "分工", "备注"};
    const char **cells = arena_alloc(ar, sizeof *cells * (size_t)(in->n_team + 1) * 4);

    if (!cells)
        return;
    if (in->n_team == 0) {
        pdfout_text(d, "尚未分配检查人员。");
        return;
    }
    for (int i = 0; i < in->n_team; i++) {
        const struct drawdb_team_row *t = &in->team[i];
        cells[i * 4] = t->inspector_name;
        cells[i * 4 + 1] = t->inspector_kind && strcmp(t->inspector_kind, "expert") == 0
                               ? "计量标准考评员"
                               : "执法人员";
        cells[i * 4 + 2] = t->role && strcmp(t->role, "leader") == 0 ? "组长" : "组员";
        cells[i * 4 + 3] = t->recused_at ? arena_printf(ar, "已回避（%s）：%s", t->recused_at,
                                                        t->recusal_reason ? t->recusal_reason : "")
                                         : "";
    }
    pdfout_table(d, 4, w, head, cells, in->n_team);
}

int report_form_pdf(store *db, const ms_actor *who, int64_t id, char **out, size_t *len,
                    ms_err *err)
{
    struct drawsvc_inspection in;
    struct rptdb_form f;
    const struct checklist *cl;
    arena ar = ARENA_INIT;
    pdfout *d = NULL;
    const char *attach, *title;
    int rc;

    *out = NULL;
    *len = 0;
    store_read_begin(db);
    rc = drawsvc_inspection_get(db, who, id, &ar, &in, err);
    if (rc == MS_OK)
        rc = rptdb_form(db, id, &ar, &f, err);
    store_read_end(db);
    if (rc != MS_OK)
        goto out;
    cl = checklist_find(in.i.checklist_code, in.i.checklist_version, NULL);
    attach = strcmp(in.i.kind, "standard") == 0 ? "附件1" : "附件2";
    title = cl ? cl->title : in.i.checklist_code;
    if (!(d = pdfout_new(title, arena_printf(&ar, "%s　%s　检查编号 %lld", attach, f.campaign_name,
                                             (long long)id)))) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    pdfout_title(d, title);
    header_table(d, &ar, &in, &f, cl);
    pdfout_heading(d, "检查项目");
    items_table(d, &ar, cl, &f);
    pdfout_heading(d, "证据材料（SM3 摘要）");
    evidence_table(d, &ar, &f);
    pdfout_heading(d, "检查组");
    team_table(d, &ar, &in);
    pdfout_heading(d, "检查意见及签字");
    pdfout_text(d, arena_printf(&ar, "检查结论：%s。以上检查情况属实。",
                                f.conclusion ? report_conclusion_zh(f.conclusion) : "（未完成）"));
    {
        const char *labels[] = {"检查组长（签字）：", "检查组成员（签字）：",
                                strcmp(in.i.kind, "standard") == 0 ? "被检查单位负责人（签字）："
                                                                   : "被检查部门负责人（签字）："};
        pdfout_signatures(d, labels, 3);
    }
    rc = pdfout_render(d, out, len, NULL, err);
out:
    pdfout_free(d);
    arena_free(&ar);
    return rc;
}
