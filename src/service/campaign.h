/* campaign.h - use cases of campaigns (专项监督检查), their checklists and
 * self-inspection (自查).
 *
 * A campaign is organised by one authority (the national one for the whole
 * country) and has four stage windows; the defaults are the 2021 plan.
 * Authority users create and change campaigns of their own authority; every
 * business role reads the campaigns that concern it. A unit answers the
 * campaign's standard checklist (A1) for each of its active standards, saves
 * drafts as often as it likes and submits once; a submission after the
 * self-check due date is accepted and flagged late. Every write lands one
 * audit row in its transaction (campaign.create, campaign.update,
 * selfcheck.save, selfcheck.submit); a save that changes nothing writes
 * nothing. Failures name the field in ERR and write nothing. */
#ifndef MS_SVC_CAMPAIGN_H
#define MS_SVC_CAMPAIGN_H

#include "core/checklist.h"
#include "service/svc.h"
#include "store/campaign.h"

/* Campaign fields given by a caller. NULL strings, 0 ids / years and unset
 * rates are "not given": defaults on create, unchanged on update. */
struct campaign_input {
    const char *name;
    int64_t year;
    int unit_rate_set, authority_rate_set;
    double unit_rate, authority_rate;
    const char *self_check_due;
    const char *onsite_from, *onsite_to;
    const char *rectify_from, *rectify_to;
    const char *summary_from, *summary_to;
    const char *template_standard, *template_assessment;
    int64_t authority_id; /* create only; default: the actor's authority */
    const char *status;   /* update only: active | closed */
};

/* The campaigns WHO may read, as a store_scope in the sense of
 * store/campaign.h: authority and inspector users their authority's path,
 * unit users their unit; everyone else no limit (callers check the role). */
void campaign_scope(const ms_actor *who, struct store_scope *sc);

/* Fill the missing (NULL) windows and templates of C from its year (the
 * 2021 plan): self-check until 05-31, on-site 06-01..07-31, rectification
 * 08-01..08-31, results and summary 09-01..10-20; templates A1 and A2.
 * Rates are the caller's (0.20 by default). Strings in AR. */
void campaign_defaults(struct ms_campaign *c, arena *ar);

/* Pure check of a whole campaign: name, year 2000..2100, rates in (0, 1]
 * (field unit_rate / authority_rate, key campaign_rate), valid dates in the
 * order self_check_due <= onsite_from <= onsite_to < rectify_from <=
 * rectify_to < summary_from <= summary_to (the later field of the first pair
 * out of order, key campaign_window_order), checklists that exist
 * (templates.standard / templates.assessment), status. MS_OK or MS_EINVAL. */
int campaign_validate(const struct ms_campaign *c, ms_err *err);

/* The stage of C on TODAY: "self_check" (until self_check_due), "onsite"
 * (until onsite_to), "rectify" (until rectify_to), "summary" (until
 * summary_to), "finished"; "closed" for a closed campaign. */
const char *campaign_stage(const struct ms_campaign *c, const char *today);

/* Create a campaign from IN with defaults; OUT (may be NULL) gets it as
 * stored. Roles authority (for its own authority; MS_EFORBIDDEN
 * "campaign_own_authority" for another) and system (IN->authority_id
 * required). MS_ECONFLICT "duplicate" for a second campaign of the same
 * authority, year and name. */
int campaign_create(store *db, const ms_actor *who, const struct campaign_input *in, arena *ar,
                    struct ms_campaign *out, ms_err *err);

/* Change the fields of PATCH that are given; the result is validated as a
 * whole. Same roles as create, for campaigns of the actor's own authority;
 * others read MS_ENOTFOUND (outside) or MS_EFORBIDDEN (visible). */
int campaign_update(store *db, const ms_actor *who, int64_t id, const struct campaign_input *patch,
                    arena *ar, struct ms_campaign *out, ms_err *err);

/* Reads: the campaigns that concern WHO (authority / inspector: organised by
 * its authority, above or below it; unit: organised above the unit; system
 * and sysadmin: all); others MS_EFORBIDDEN; outside MS_ENOTFOUND. */
int campaign_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_campaign *out,
                 ms_err *err);
int campaign_list(store *db, const ms_actor *who, const struct campdb_filter *f,
                  const struct store_page *pg, arena *ar, struct ms_campaign **items, int *n,
                  int64_t *total, ms_err *err);

/* The checklist CODE at VERSION (0 = latest) for a business reader, with
 * MS_ENOTFOUND for an unknown code or version. */
int campaign_checklist(const ms_actor *who, const char *code, int version,
                       const struct checklist **out, ms_err *err);

/* ---- self-inspection */

/* Input of one answer (verdict NULL or "" = not answered yet). */
struct selfcheck_item_in {
    int64_t no;
    const char *verdict;
    const char *note;
};

/* Input of one standard's answers. CHECKLIST NULL = the campaign's
 * template; VERSION 0 = the latest version of it. */
struct selfcheck_set_in {
    int64_t standard_id;
    const char *checklist;
    int64_t version;
    const struct selfcheck_item_in *items;
    size_t nitems;
};

struct selfcheck_input {
    const struct selfcheck_set_in *sets;
    size_t nsets;
    const char *problems, *measures;
};

/* One standard's stored answers, with its conclusion. */
struct selfcheck_set {
    int64_t standard_id;
    const char *checklist;
    int version;
    struct checklist_answer *items; /* by item number */
    size_t nitems;
    int conclusion; /* enum checklist_conclusion; INCOMPLETE until all answered */
};

/* A unit's report: ROW.status is "none" (ROW.id 0) before the first save. */
struct selfcheck_report {
    struct ms_selfcheck row;
    struct selfcheck_set *sets; /* by standard id */
    size_t nsets;
    int changed; /* selfcheck_save: 1 when it wrote */
};

/* The report of UNIT_ID in campaign CAMPAIGN_ID. Units read their own; an
 * authority user reads units within its jurisdiction. MS_ENOTFOUND when the
 * campaign or the unit is not visible, or the unit is not in the campaign. */
int selfcheck_get(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id, arena *ar,
                  struct selfcheck_report *out, ms_err *err);

/* Save a draft of UNIT_ID's report: the answers replace the stored ones.
 * Role unit (its own unit; another is MS_ENOTFOUND) or system. Every set
 * names an active standard of the unit once ("answers[i].standard_id"),
 * items exist in the checklist version and verdicts are valid
 * ("answers[i].items[j].verdict"). Saving what is stored already changes
 * nothing (OUT->changed 0, no audit row). MS_ECONFLICT when the report was
 * submitted (selfcheck_submitted) or the campaign is closed. */
int selfcheck_save(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id,
                   const struct selfcheck_input *in, arena *ar, struct selfcheck_report *out,
                   ms_err *err);

/* Submit the saved draft: every active standard has a set, every item of
 * its checklist version is answered, and problems and measures are given
 * when any item is nonconform or a defect (MS_EINVAL naming the place).
 * After self_check_due (svc_today) it is accepted and flagged late
 * (OUT->row.late = 1). MS_ECONFLICT when there is no draft, it was
 * submitted already, or the campaign is closed. Roles as selfcheck_save. */
int selfcheck_submit(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id,
                     arena *ar, struct selfcheck_report *out, ms_err *err);

/* The submission state of every unit of the campaign within WHO's
 * jurisdiction (a unit user: its own), STATUS none|draft|submitted or NULL,
 * paged; COUNTS (may be NULL) gets the totals per state. */
int selfcheck_overview(store *db, const ms_actor *who, int64_t campaign_id, const char *status,
                       const struct store_page *pg, arena *ar, struct campdb_overview_row **items,
                       int *n, int64_t *total, struct campdb_overview_counts *counts, ms_err *err);

#endif
