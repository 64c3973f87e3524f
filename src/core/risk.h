/* risk.h - the risk score of a unit (风险预警), a policy written down as
 * numbers: each factor counted over the unit's records gives points, each
 * factor capped so that no single kind of record decides alone. docs/risk.md
 * explains the weights; they relate to the draw weights of DOMAIN.md (which
 * only bias a random choice) but are not the same.
 *
 *   factor                                   points each   cap
 *   complaints, last 24 months                         2     8
 *   ... of them substantiated (on top)                 3    12
 *   serious violations, last 24 months                10    30
 *   general violations, last 24 months                 4    16
 *   credit class C / D                             5 / 10     -
 *   key-item findings (重点项不符合), 24 months          6    18
 *   other nonconform findings, 24 months               3    12
 *   defect findings (缺陷), 24 months                  1     5
 *   failed rectifications (整改不合格), 24 months        8    24
 *   apparatus with overdue / no traceability           2    10
 *   certificates expiring within 180 days              1     5
 *   certificates expired, standard still active        5    15
 * Pure functions, no I/O. */
#ifndef MS_RISK_H
#define MS_RISK_H

#include <stdint.h>

enum risk_factor {
    RISK_COMPLAINTS,
    RISK_COMPLAINTS_SUBSTANTIATED,
    RISK_VIOLATIONS_SERIOUS,
    RISK_VIOLATIONS_GENERAL,
    RISK_CREDIT_C,
    RISK_CREDIT_D,
    RISK_FINDINGS_KEY,
    RISK_FINDINGS_NONCONFORM,
    RISK_FINDINGS_DEFECT,
    RISK_RECTIFY_FAILED,
    RISK_TRACE_OVERDUE,
    RISK_CERT_EXPIRING,
    RISK_CERT_EXPIRED_ACTIVE,
    RISK_FACTOR_COUNT
};

/* The weight of a factor. */
struct risk_weight {
    const char *code;     /* "complaints" */
    const char *label_zh; /* "近24个月投诉举报" */
    const char *label_en;
    int points; /* per record */
    int cap;    /* at most this many points from the factor; 0 = no cap */
};

/* The table above, indexed by enum risk_factor. */
extern const struct risk_weight risk_weights[RISK_FACTOR_COUNT];

/* One reason of a score: a factor with a non-zero count. */
struct risk_reason {
    enum risk_factor factor;
    int64_t count;
    int points;
};

/* Score of COUNTS[RISK_FACTOR_COUNT] (negative counts read as 0); REASONS
 * (may be NULL; room for RISK_FACTOR_COUNT) receives the factors with a
 * count, in table order, and *NREASONS their number. Credit C and D are
 * counts of 0 or 1. Returns the total points. */
int risk_score(const int64_t counts[RISK_FACTOR_COUNT], struct risk_reason *reasons, int *nreasons);

/* COUNTS for a credit class ("C", "D"; anything else adds nothing). */
void risk_set_credit(int64_t counts[RISK_FACTOR_COUNT], const char *credit_class);

#endif
