/* risk.c - the risk score (see risk.h and docs/risk.md). */
#include <string.h>

#include "core/risk.h"

const struct risk_weight risk_weights[RISK_FACTOR_COUNT] = {
    [RISK_COMPLAINTS] = {"complaints", "近24个月投诉举报", "complaints in the last 24 months", 2,
                         8},
    [RISK_COMPLAINTS_SUBSTANTIATED] = {"complaints_substantiated", "其中查实的投诉举报",
                                       "of them substantiated", 3, 12},
    [RISK_VIOLATIONS_SERIOUS] = {"violations_serious", "近24个月严重违法记录",
                                 "serious violations in the last 24 months", 10, 30},
    [RISK_VIOLATIONS_GENERAL] = {"violations_general", "近24个月一般违法记录",
                                 "general violations in the last 24 months", 4, 16},
    [RISK_CREDIT_C] = {"credit_c", "信用风险分类 C 类", "credit-risk class C", 5, 0},
    [RISK_CREDIT_D] = {"credit_d", "信用风险分类 D 类", "credit-risk class D", 10, 0},
    [RISK_FINDINGS_KEY] = {"findings_key", "重点项不符合（近24个月）",
                           "key-item nonconformities (24 months)", 6, 18},
    [RISK_FINDINGS_NONCONFORM] = {"findings_nonconform", "一般项不符合（近24个月）",
                                  "other nonconformities (24 months)", 3, 12},
    [RISK_FINDINGS_DEFECT] = {"findings_defect", "缺陷（近24个月）", "defects (24 months)", 1, 5},
    [RISK_RECTIFY_FAILED] = {"rectify_failed", "整改不合格（近24个月）",
                             "failed rectifications (24 months)", 8, 24},
    [RISK_TRACE_OVERDUE] = {"trace_overdue", "计量标准器溯源超期或未溯源",
                            "apparatus with overdue or missing traceability", 2, 10},
    [RISK_CERT_EXPIRING] = {"cert_expiring", "证书 180 天内到期",
                            "certificates expiring within 180 days", 1, 5},
    [RISK_CERT_EXPIRED_ACTIVE] = {"cert_expired_active", "证书已过期仍在用",
                                  "certificates expired, standard still in use", 5, 15},
};

int risk_score(const int64_t counts[RISK_FACTOR_COUNT], struct risk_reason *reasons, int *nreasons)
{
    int total = 0, n = 0;

    for (int f = 0; f < RISK_FACTOR_COUNT; f++) {
        const struct risk_weight *w = &risk_weights[f];
        int64_t c = counts[f] > 0 ? counts[f] : 0;
        int64_t p;

        if (!c)
            continue;
        /* Bound before multiplying: counts come from the database. */
        p = w->cap && c > w->cap ? (int64_t)w->cap * w->points : c * w->points;
        if (w->cap && p > w->cap)
            p = w->cap;
        if (p > 1000000)
            p = 1000000;
        total += (int)p;
        if (reasons) {
            reasons[n].factor = (enum risk_factor)f;
            reasons[n].count = c;
            reasons[n].points = (int)p;
        }
        n++;
    }
    if (nreasons)
        *nreasons = n;
    return total;
}

void risk_set_credit(int64_t counts[RISK_FACTOR_COUNT], const char *credit_class)
{
    counts[RISK_CREDIT_C] = credit_class && strcmp(credit_class, "C") == 0;
    counts[RISK_CREDIT_D] = credit_class && strcmp(credit_class, "D") == 0;
}
