/* draw.h - the double-random draw "msup-draw-1" (双随机、一公开), pure core.
 *
 * Everything here is a function of published data only: the roster (exported
 * as canonical JSON), a seed string S, and for the inspectors a second seed
 * S2 and the pool. No I/O, no clock, no database; the service stores and
 * publishes what these functions compute, and `msup draw verify` recomputes
 * it offline. The rules are those of DOMAIN.md "The draw"; docs/draw.md
 * explains them to a citizen with a worked example.
 *
 *   u64(x) = first 8 bytes of SM3(S || "|" || x), big-endian;
 *   U(x)   = ((u64(x) >> 11) + 0.5) / 2^53 computed in IEEE double;
 *   key    = ln(U(id)) / w (larger wins, ties by the smaller id);
 *   k      = ceil(r x N), exactly, with r the decimal written in the roster.
 *
 * Memory: rosters, results and assignments live in a caller's arena and are
 * released with it. They borrow nothing from the JSON they were parsed from.
 * A result borrows the strings of its roster: keep the roster alive. */
#ifndef MS_DRAW_H
#define MS_DRAW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/ms.h"
#include "core/sm3.h"

#define DRAW_ALGORITHM  "msup-draw-1"
#define DRAW_SEED_MAX   256 /* characters of a seed */
#define DRAW_NAME_MAX   200 /* characters of a unit or authority name */
#define DRAW_CODE_MAX   12  /* characters of an authority code */
#define DRAW_CERT_MAX   64  /* characters of a certificate number */
#define DRAW_REASON_MAX 16  /* bytes of a reason, NUL included ("field:01") */

enum draw_kind { DRAW_UNITS = 0, DRAW_AUTHORITIES = 1 };

/* ------------------------------------------------------------ roster */

/* One of the authority's standards held by a unit. */
struct draw_standard {
    const char *cert_no; /* certificate number as the registry holds it */
    const char *field;   /* JJF 1022 level-1 code, 2 digits ("01") */
    unsigned sectors;    /* focus sectors: bit i = model_sectors[i] */
};

/* A unit of a kind=units roster. */
struct draw_unit {
    const char *uscc; /* normalised, 18 characters */
    const char *name;
    int64_t complaints_24m;   /* >= 0 */
    int serious_violation;    /* 0 or 1 */
    const char *credit_class; /* "A" "B" "C" "D", or NULL (no class) */
    struct draw_standard *standards;
    size_t n_standards; /* >= 1 */
};

/* A direct subordinate authority of a kind=authorities roster. */
struct draw_sub {
    const char *code;
    const char *name;
    int64_t complaints_24m;
};

struct draw_roster {
    int kind;                /* enum draw_kind */
    const char *authority;   /* code of the drawing authority A */
    const char *as_of;       /* 'YYYY-MM-DD' */
    double rate;             /* (0, 1] */
    struct draw_unit *units; /* kind=units */
    size_t n_units;
    struct draw_sub *subs; /* kind=authorities */
    size_t n_subs;
};

/* Parse the roster JSON of DOMAIN.md (LEN bytes at TEXT) into *OUT, copied
 * into A, then check and sort it with draw_roster_normalize(). Unknown keys,
 * duplicate keys and wrong types are errors. On failure returns MS_EINVAL
 * (MS_EINTERNAL when memory is exhausted) with ERR->field the JSON path of
 * the problem ("units[3].standards[0].field"; "" for the document itself,
 * key "draw_bad_json" with the parser's message, line and column), and
 * *OUT = NULL. Indices in paths count in the file's order. */
int draw_roster_parse(arena *a, const char *text, size_t len, struct draw_roster **out,
                      ms_err *err);

/* Check every value of R and put it in canonical order: units by uscc,
 * standards by cert_no, subordinate authorities by code (strcmp), in place.
 * Checks: authority code, as_of a real date, rate in (0, 1], USCCs valid and
 * already normalised, names, complaints >= 0, credit class A-D or none, at
 * least one standard per unit, certificate numbers as text (1-64 characters,
 * no blank or control character: they are hashed byte for byte as the
 * registry holds them), field codes among the 18, sectors known; no
 * duplicate uscc, cert_no or code. Returns MS_OK; MS_EINVAL naming the path
 * as draw_roster_parse does (indices: positions in R before sorting), R
 * unchanged; MS_EINTERNAL when memory is exhausted. */
int draw_roster_normalize(struct draw_roster *r, ms_err *err);

/* The canonical JSON of a normalised roster, the form that is exported and
 * hashed (RFC 8785 style): the keys of DOMAIN.md sorted by their bytes at
 * every level, no whitespace, strings as canon.h writes them (UTF-8 as is;
 * only " \ and control characters escaped), integers in decimal, sectors as
 * a sorted array, the rate as jansson writes a real with the smallest
 * precision p (1..17) that reads back as the same double (0.2 -> 0.2,
 * 1 -> 1.0, 0.125 -> 0.125; Python's json.dumps with sort_keys and
 * separators (",", ":") writes the same bytes). NUL-terminated, length in
 * *LEN (may be NULL). NULL when memory is exhausted. The caller frees with
 * ms_free(). */
char *draw_roster_json(const struct draw_roster *r, size_t *len);

/* roster_digest: SM3 of draw_roster_json(R) as 64 hex digits into OUT.
 * Returns MS_OK, or MS_EINTERNAL (OUT = "") when memory or SM3 fails. */
int draw_roster_digest(const struct draw_roster *r, char out[SM3_HEX_LEN + 1]);

/* The rate as written in the canonical roster ("0.2") into BUF (32 bytes).
 * Returns BUF. */
char *draw_rate_text(double rate, char buf[32]);

/* Quota k = ceil(RATE x N), exact: RATE is taken as the decimal of
 * draw_rate_text() and the product is computed in integers, so that
 * 0.2 x 10 = 2 and 0.07 x 100 = 7 (in doubles 7.000000000000001 -> 8). 0 when N = 0;
 * RATE must be in (0, 1] (anything else gives 0). */
size_t draw_quota(double rate, size_t n);

/* ------------------------------------------------------------ random keys */

/* u64(ID) for SEED: the first 8 bytes of SM3(SEED "|" ID), big-endian, into
 * *OUT. Returns MS_OK, or MS_EINTERNAL (*OUT = 0) when SM3 or memory fails. */
int draw_u64(const char *seed, const char *id, uint64_t *out);

/* U(ID) = ((u64 >> 11) + 0.5) / 2^53 in (0, 1]; 0.0 only when draw_u64 fails.
 * (The sum is rounded to the nearest double, ties to even, as every IEEE
 * language computes it; 1.0 is possible with probability 2^-53.) */
double draw_u(const char *seed, const char *id);

/* Weight of a unit: 1 + distinct focus sectors over its standards
 * + min(2, 0.5 x complaints_24m) + (serious_violation ? 2 : 0)
 * + (credit class C: 1, D: 2, else 0). */
double draw_unit_weight(const struct draw_unit *u);

/* Weight of a subordinate authority: 1 + min(2, 0.5 x complaints_24m). */
double draw_sub_weight(const struct draw_sub *s);

/* ------------------------------------------------------------ the draw */

/* A standard to inspect in a selected unit. */
struct draw_pick {
    const char *cert_no;
    const char *field;
    double skey;                  /* U(cert_no) */
    char reason[DRAW_REASON_MAX]; /* "field:01", "sector" or "sample" */
};

/* A selected unit or subordinate authority. */
struct draw_item {
    size_t rank;    /* 1, 2, ... in selection order */
    const char *id; /* uscc, or authority code */
    const char *name;
    double u, weight, key;
    char reason[DRAW_REASON_MAX]; /* "field:01" (coverage) or "quota" */
    struct draw_pick *picks;      /* by cert_no; one reason each: the first rule */
    size_t n_picks;               /* that chose it (field, then sector, sample) */
};

struct draw_result {
    int kind;
    const char *authority, *as_of, *seed; /* seed: a copy in the arena */
    double rate;
    char roster_digest[SM3_HEX_LEN + 1];
    size_t n; /* roster size */
    size_t k; /* quota; n_items > k only when coverage needs it */
    struct draw_item *items;
    size_t n_items;
};

/* Run msup-draw-1 over the normalised roster R with SEED (UTF-8, 1..256
 * characters, no control characters) into *OUT, allocated in A. Returns
 * MS_OK; MS_EINVAL (field "seed") for a bad seed; MS_EINTERNAL when memory
 * or SM3 fails. *OUT borrows R's strings. */
int draw_run(arena *a, const struct draw_roster *r, const char *seed, struct draw_result **out,
             ms_err *err);

/* The result as JSON, the form that is stored and published:
 * {"algorithm","kind","authority","as_of","seed","rate","roster_digest","n",
 * "k","items":[{"rank","uscc"|"code","name","u","weight","key","reason",
 * "standards":[{"cert_no","field","skey","reason"}]}]} ("standards" only for
 * kind=units). New reference, NULL when memory is exhausted. */
json_t *draw_result_json(const struct draw_result *res);

/* Compare a recomputed RES with a PUBLISHED result JSON (extra keys in
 * PUBLISHED are ignored; "seed" and "n" are compared when present). Order:
 * algorithm, kind, authority, as_of, roster_digest, seed, n, k, then items
 * one by one (rank, id, reason, weight, key and u within 1e-12 relative,
 * standards by cert_no, field and reason), then their count. Returns MS_OK
 * when they agree, MS_ECONFLICT with ERR->field the path of the first
 * difference ("items[2].uscc") and arg "published / recomputed" (key
 * "draw_result_differs"), MS_EINVAL when PUBLISHED is not an object. */
int draw_result_compare(const struct draw_result *res, const json_t *published, ms_err *err);

/* Commitment of a seed: SM3(SEED) as 64 hex digits into OUT. Returns MS_OK
 * or MS_EINTERNAL (OUT = ""). */
int draw_seed_commit(const char *seed, char out[SM3_HEX_LEN + 1]);

/* MS_OK when SM3(SEED) equals COMMIT (64 hex digits, either case);
 * MS_EINVAL (field "commit", key "draw_bad_commit") when COMMIT is not a
 * digest; MS_ECONFLICT (field "seed", key "draw_seed_mismatch") when it
 * differs - the draw must then be refused; MS_EINTERNAL when SM3 fails. */
int draw_seed_check(const char *seed, const char *commit, ms_err *err);

/* ------------------------------------------------------------ inspectors */

enum draw_inspector_kind { DRAW_ENFORCEMENT = 0, DRAW_EXPERT = 1 };

/* An inspection to staff. */
struct draw_inspection {
    int64_t id;                  /* > 0, unique; processed in ascending order */
    const char *target;          /* the unit's USCC, or the authority's code */
    const char *const *fields;   /* level-1 codes inspected; none = any field */
    size_t n_fields;             /* (kind=authorities) */
    const char *const *cert_nos; /* standards inspected */
    size_t n_cert_nos;
};

/* A person of the authority's pool (enforcement officer or invited 考评员). */
struct draw_inspector {
    int64_t id;                /* > 0, unique */
    int kind;                  /* enum draw_inspector_kind */
    const char *const *fields; /* level-1 codes the person is qualified for */
    size_t n_fields;
    const char *employer;         /* USCC or authority code of the employer, or NULL */
    const char *const *conflicts; /* declared conflicts: USCCs / authority codes */
    size_t n_conflicts;
    const char *const *assessed; /* cert_nos the person assessed in the 4 years */
    size_t n_assessed;           /* before the draw date (the caller filters) */
    int active;
};

/* The team of one inspection. */
struct draw_team {
    int64_t inspection_id;
    int assigned;     /* 1: a valid team; 0: flagged unassigned, no members */
    int64_t *members; /* inspector ids: the enforcement officer first, then */
    double *u;        /* the others in descending U; U of each member */
    size_t n_members;
};

/* One recusal, in the order they happened. */
struct draw_recusal {
    int64_t inspection_id;
    int64_t inspector_id; /* the person who recused */
    int64_t *before;      /* the team before the recusal */
    size_t n_before;
};

struct draw_assignment {
    const struct draw_inspection *insp; /* borrowed from the caller */
    size_t n_insp;
    const struct draw_inspector *pool; /* borrowed from the caller */
    size_t n_pool;
    const char *seed; /* S2, a copy in the arena */
    size_t team_size;
    size_t cap;              /* load cap: ceil(n_insp x team_size / active) + 1 */
    struct draw_team *teams; /* one per inspection, ascending inspection id */
    size_t n_teams;
    struct draw_recusal *history;
    size_t n_history;
    size_t *load; /* per pool entry: teams the person currently sits in */
};

/* Staff the N_INSP inspections from the N_POOL people of POOL with SEED2
 * and TEAM_SIZE (>= 2), per DOMAIN.md "Inspectors": in ascending inspection
 * id, the eligible people (active; qualified for a field inspected, any for
 * an inspection without fields; not employed by the target, no declared
 * conflict with it, no assessed standard among those inspected; load below
 * the cap) ordered by U(inspection id "|" inspector id) descending (ties by
 * the smaller inspector id), ids in decimal; the team is the first
 * enforcement officer in that order, then the first TEAM_SIZE - 1 others in
 * that order. Fewer than TEAM_SIZE eligible people, or no officer among
 * them: the inspection is flagged unassigned. The cap counts only active
 * people. *OUT (in A) borrows INSP and POOL: keep them alive. Returns MS_OK;
 * MS_EINVAL for team_size < 2 (field "team_size"), a bad seed ("seed"),
 * an id <= 0 or repeated ("inspections[i].id", "pool[i].id"), a bad kind
 * ("pool[i].kind"); MS_EINTERNAL when memory or SM3 fails. */
int draw_assign(arena *a, const struct draw_inspection *insp, size_t n_insp,
                const struct draw_inspector *pool, size_t n_pool, const char *seed2,
                size_t team_size, struct draw_assignment **out, ms_err *err);

/* INSPECTOR_ID recuses from INSPECTION_ID: its team is chosen again as in
 * draw_assign() without everyone who ever recused from that inspection, with
 * the loads of the other teams as they are; the old team is appended to
 * AS->history (allocated in A). Returns MS_OK; MS_ENOTFOUND (field
 * "inspection_id") for an unknown inspection; MS_EINVAL (field
 * "inspector_id", key "draw_not_in_team") when the person is not in its
 * team; MS_EINTERNAL when memory or SM3 fails (AS unchanged then). */
int draw_assign_recuse(arena *a, struct draw_assignment *as, int64_t inspection_id,
                       int64_t inspector_id, ms_err *err);

/* The assignment as JSON: {"algorithm","seed","team_size","load_cap",
 * "teams":[{"inspection_id","assigned","members":[{"id","u"}]}],
 * "recusals":[{"inspection_id","inspector_id","before":[ids]}]}. New
 * reference, NULL when memory is exhausted. */
json_t *draw_assignment_json(const struct draw_assignment *as);

#endif
