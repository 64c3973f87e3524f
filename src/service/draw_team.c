/* draw_team.c - inspector assignment of a draw and recusal (see draw.h).
 *
 * The inputs of draw_assign() (inspections and pool as they were when the
 * teams were drawn) are stored with the assignment, so that a recusal
 * replays exactly the same state: draw_assign() again, then every earlier
 * recusal in order, then the new one. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "service/draw_int.h"

#define REASON_MAX_CHARS 500
#define TEAM_SIZE_MAX    20

struct team_ctx {
    const ms_actor *who;
    arena *ar;
    int64_t id, inspection_id, inspector_id, team_size;
    const char *seed, *reason;
    char now[32];
    struct store_scope sc;
    struct drawdb_assignment *out;
};

/* --------------------------------------------------------- stored inputs */

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

/* {"inspections":[{"id","target","fields","cert_nos"}],"pool":[{"id","kind",
 * "fields","employer","conflicts","active"}]} as compact text (free()). */
static char *input_text(const struct draw_inspection *in, size_t nin,
                        const struct draw_inspector *pool, size_t npool)
{
    json_t *o = json_object(), *ia = json_array(), *pa = json_array();
    char *s = NULL;

    for (size_t i = 0; ia && i < nin; i++)
        json_array_append_new(ia, json_pack("{sIssso*so*}", "id", (json_int_t)in[i].id, "target",
                                            in[i].target, "fields",
                                            str_array(in[i].fields, in[i].n_fields), "cert_nos",
                                            str_array(in[i].cert_nos, in[i].n_cert_nos)));
    for (size_t i = 0; pa && i < npool; i++)
        json_array_append_new(
            pa, json_pack("{sIssso*ss*so*sb}", "id", (json_int_t)pool[i].id, "kind",
                          pool[i].kind == DRAW_EXPERT ? "expert" : "enforcement", "fields",
                          str_array(pool[i].fields, pool[i].n_fields), "employer", pool[i].employer,
                          "conflicts", str_array(pool[i].conflicts, pool[i].n_conflicts), "active",
                          pool[i].active));
    if (o && ia && pa) {
        json_object_set_new(o, "inspections", ia);
        json_object_set_new(o, "pool", pa);
        ia = pa = NULL;
        s = json_dumps(o, JSON_COMPACT);
    }
    json_decref(ia);
    json_decref(pa);
    json_decref(o);
    return s;
}

/* The strings of JSON array A into an arena array. */
static const char *const *strs_of(arena *ar, const json_t *a, size_t *n)
{
    size_t cnt = json_array_size(a);
    const char **v = arena_alloc(ar, (cnt ? cnt : 1) * sizeof *v);

    *n = 0;
    for (size_t i = 0; v && i < cnt; i++)
        if (json_is_string(json_array_get(a, i)))
            v[(*n)++] = arena_strdup(ar, json_string_value(json_array_get(a, i)));
    return v;
}

static const char *str_of(arena *ar, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_string(v) ? arena_strdup(ar, json_string_value(v)) : NULL;
}

/* Parse a stored input back; MS_EINTERNAL when it is not what we wrote. */
static int input_parse(arena *ar, const char *text, struct draw_inspection **in, size_t *nin,
                       struct draw_inspector **pool, size_t *npool, ms_err *err)
{
    json_t *o = json_loads(text, 0, NULL), *ia = json_object_get(o, "inspections"),
           *pa = json_object_get(o, "pool");
    int rc = MS_OK;

    *nin = json_array_size(ia);
    *npool = json_array_size(pa);
    *in = arena_alloc(ar, (*nin ? *nin : 1) * sizeof **in);
    *pool = arena_alloc(ar, (*npool ? *npool : 1) * sizeof **pool);
    if (!o || !json_is_array(ia) || !json_is_array(pa) || !*in || !*pool) {
        rc = ms_fail(err, MS_EINTERNAL, "input", "internal", "assignment input");
        goto out;
    }
    for (size_t i = 0; i < *nin; i++) {
        const json_t *e = json_array_get(ia, i);
        struct draw_inspection *x = &(*in)[i];
        x->id = json_integer_value(json_object_get(e, "id"));
        x->target = str_of(ar, e, "target");
        x->fields = strs_of(ar, json_object_get(e, "fields"), &x->n_fields);
        x->cert_nos = strs_of(ar, json_object_get(e, "cert_nos"), &x->n_cert_nos);
    }
    for (size_t i = 0; i < *npool; i++) {
        const json_t *e = json_array_get(pa, i);
        struct draw_inspector *p = &(*pool)[i];
        const char *kind = str_of(ar, e, "kind");
        memset(p, 0, sizeof *p);
        p->id = json_integer_value(json_object_get(e, "id"));
        p->kind = kind && strcmp(kind, "expert") == 0 ? DRAW_EXPERT : DRAW_ENFORCEMENT;
        p->fields = strs_of(ar, json_object_get(e, "fields"), &p->n_fields);
        p->employer = str_of(ar, e, "employer");
        p->conflicts = strs_of(ar, json_object_get(e, "conflicts"), &p->n_conflicts);
        p->active = json_is_true(json_object_get(e, "active"));
    }
out:
    json_decref(o);
    return rc;
}

/* Store AS as a new assignment state of W's draw into W->out. */
static int store_state(store *db, struct team_ctx *w, int64_t draw_id, const char *seed,
                       int64_t team_size, const char *input, const struct draw_assignment *as,
                       ms_err *err)
{
    json_t *j = draw_assignment_json(as);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    struct drawdb_assignment a = {.draw_id = draw_id,
                                  .seed = seed,
                                  .team_size = (int)team_size,
                                  .input = input,
                                  .result = text,
                                  .created_by = w->who->name,
                                  .created_at = w->now};
    int rc = text ? drawdb_assignment_insert(db, &a, err)
                  : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);

    json_decref(j);
    if (rc == MS_OK && w->out) {
        *w->out = a;
        w->out->seed = arena_strdup(w->ar, seed);
        w->out->input = arena_strdup(w->ar, input);
        w->out->result = arena_strdup(w->ar, text);
        w->out->created_at = arena_strdup(w->ar, w->now);
    }
    free(text);
    return rc;
}

/* ------------------------------------------------------------------ assign */

static int tx_assign(store *db, void *ctx, ms_err *err)
{
    struct team_ctx *w = ctx;
    struct draw_inspection *in = NULL;
    struct draw_inspector *pool = NULL;
    struct draw_assignment *as = NULL;
    struct drawdb_assignment prev;
    size_t nin = 0, npool = 0, unassigned = 0;
    struct ms_draw d;
    char *input = NULL;
    json_t *change;
    int rc;

    if ((rc = drawdb_get(db, &w->sc, w->id, w->ar, &d, err)) != MS_OK ||
        (rc = drawsvc_may_write(w->who, d.authority_path, err)) != MS_OK)
        goto out;
    if (strcmp(d.status, "active") != 0) {
        rc = ms_failf(err, MS_ECONFLICT, "id", "draw_not_active", "%lld", (long long)d.id);
        goto out;
    }
    rc = drawdb_assignment_latest(db, d.id, w->ar, &prev, err);
    if (rc == MS_OK) {
        rc = ms_failf(err, MS_ECONFLICT, "id", "draw_assigned", "%lld", (long long)d.id);
        goto out;
    }
    if (rc != MS_ENOTFOUND)
        goto out;
    ms_err_clear(err);
    if ((rc = drawdb_assign_inspections(db, d.id, w->ar, &in, &nin, err)) != MS_OK ||
        (rc = drawdb_pool(db, d.authority_id, w->ar, &pool, &npool, err)) != MS_OK ||
        (rc = draw_assign(w->ar, in, nin, pool, npool, w->seed, (size_t)w->team_size, &as, err)) !=
            MS_OK)
        goto out;
    if (!(input = input_text(in, nin, pool, npool))) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    for (size_t t = 0; t < as->n_teams && rc == MS_OK; t++) {
        const struct draw_team *tm = &as->teams[t];
        unassigned += !tm->assigned;
        for (size_t m = 0; m < tm->n_members && rc == MS_OK; m++)
            rc = drawdb_team_add(db, tm->inspection_id, tm->members[m], m ? "member" : "leader",
                                 w->now, err);
    }
    if (rc != MS_OK ||
        (rc = store_state(db, w, d.id, w->seed, w->team_size, input, as, err)) != MS_OK)
        goto out;
    change = json_pack("{sssIsIsI}", "seed", w->seed, "team_size", (json_int_t)w->team_size,
                       "inspections", (json_int_t)nin, "unassigned", (json_int_t)unassigned);
    rc = drawsvc_audit(db, w->who, "draw.assign", "draw", d.id, change, err);
out:
    free(input);
    return rc;
}

int drawsvc_assign(store *db, const ms_actor *who, int64_t id, const char *seed2, int64_t team_size,
                   arena *ar, struct drawdb_assignment *out, ms_err *err)
{
    struct team_ctx w = {
        .who = who, .ar = ar, .id = id, .seed = seed2, .team_size = team_size, .out = out};

    if (!drawsvc_may_read(who) || strcmp(who->role, "unit") == 0 ||
        strcmp(who->role, "inspector") == 0)
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (text_blank(seed2))
        return ms_fail(err, MS_EINVAL, "seed", "required", NULL);
    if (team_size < 2 || team_size > TEAM_SIZE_MAX)
        return ms_failf(err, MS_EINVAL, "team_size", "draw_team_size", "%lld",
                        (long long)team_size);
    svc_now(w.now);
    svc_scope(who, &w.sc);
    return store_tx(db, tx_assign, &w, err);
}

/* ------------------------------------------------------------------ recuse */

static const struct draw_team *team_of(const struct draw_assignment *as, int64_t inspection_id)
{
    for (size_t t = 0; t < as->n_teams; t++)
        if (as->teams[t].inspection_id == inspection_id)
            return &as->teams[t];
    return NULL;
}

static int in_ids(const int64_t *v, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == id)
            return 1;
    return 0;
}

/* The assignment state of PREV replayed: draw_assign(), then its recusals. */
static int replay(arena *ar, const struct drawdb_assignment *prev, struct draw_assignment **as,
                  ms_err *err)
{
    struct draw_inspection *in;
    struct draw_inspector *pool;
    size_t nin, npool;
    json_t *res = NULL, *rec;
    int rc;

    if ((rc = input_parse(ar, prev->input, &in, &nin, &pool, &npool, err)) != MS_OK ||
        (rc = draw_assign(ar, in, nin, pool, npool, prev->seed, (size_t)prev->team_size, as,
                          err)) != MS_OK)
        goto out;
    res = json_loads(prev->result, 0, NULL);
    rec = json_object_get(res, "recusals");
    for (size_t i = 0; rc == MS_OK && i < json_array_size(rec); i++) {
        const json_t *e = json_array_get(rec, i);
        rc = draw_assign_recuse(ar, *as, json_integer_value(json_object_get(e, "inspection_id")),
                                json_integer_value(json_object_get(e, "inspector_id")), err);
    }
out:
    json_decref(res);
    return rc;
}

static int tx_recuse(store *db, void *ctx, ms_err *err)
{
    struct team_ctx *w = ctx;
    struct drawdb_assignment prev;
    struct draw_assignment *as = NULL;
    const struct draw_team *tm;
    struct ms_inspection insp;
    struct ms_draw d;
    int64_t *before = NULL;
    size_t nbefore;
    json_t *change, *team;
    int rc;

    if ((rc = drawdb_inspection_get(db, &w->sc, w->inspection_id, w->ar, &insp, err)) != MS_OK ||
        (rc = drawdb_get(db, NULL, insp.draw_id, w->ar, &d, err)) != MS_OK ||
        (rc = drawsvc_may_write(w->who, d.authority_path, err)) != MS_OK)
        return rc;
    if (strcmp(d.status, "active") != 0)
        return ms_failf(err, MS_ECONFLICT, "id", "draw_not_active", "%lld", (long long)d.id);
    rc = drawdb_assignment_latest(db, d.id, w->ar, &prev, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ECONFLICT, "inspection_id", "draw_not_assigned", "%lld",
                        (long long)d.id);
    if (rc != MS_OK || (rc = replay(w->ar, &prev, &as, err)) != MS_OK)
        return rc;
    if (!(tm = team_of(as, w->inspection_id)))
        return ms_failf(err, MS_ENOTFOUND, "inspection_id", "not_found", "%lld",
                        (long long)w->inspection_id);
    nbefore = tm->n_members;
    if (!(before = arena_alloc(w->ar, (nbefore ? nbefore : 1) * sizeof *before)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (nbefore) /* an unassigned team has no members array */
        memcpy(before, tm->members, nbefore * sizeof *before);
    if ((rc = draw_assign_recuse(w->ar, as, w->inspection_id, w->inspector_id, err)) != MS_OK)
        return rc;
    tm = team_of(as, w->inspection_id);
    if ((rc = drawdb_team_end(db, w->inspection_id, w->inspector_id, w->now, w->reason, err)) !=
        MS_OK)
        return rc;
    for (size_t i = 0; i < nbefore && rc == MS_OK; i++)
        if (before[i] != w->inspector_id && !in_ids(tm->members, tm->n_members, before[i]))
            rc = drawdb_team_end(db, w->inspection_id, before[i], w->now, "team_redrawn", err);
    for (size_t m = 0; m < tm->n_members && rc == MS_OK; m++) {
        const char *role = m ? "member" : "leader";
        rc = in_ids(before, nbefore, tm->members[m])
                 ? drawdb_team_role(db, w->inspection_id, tm->members[m], role, err)
                 : drawdb_team_add(db, w->inspection_id, tm->members[m], role, w->now, err);
    }
    if (rc != MS_OK ||
        (rc = store_state(db, w, d.id, prev.seed, prev.team_size, prev.input, as, err)) != MS_OK)
        return rc;
    team = json_array();
    for (size_t m = 0; team && m < tm->n_members; m++)
        json_array_append_new(team, json_integer(tm->members[m]));
    change = json_pack("{sIsIsssbso}", "inspection_id", (json_int_t)w->inspection_id,
                       "inspector_id", (json_int_t)w->inspector_id, "reason", w->reason, "assigned",
                       tm->assigned, "team", team);
    return drawsvc_audit(db, w->who, "draw.recuse", "inspection", w->inspection_id, change, err);
}

int drawsvc_recuse(store *db, const ms_actor *who, int64_t inspection_id, int64_t inspector_id,
                   const char *reason, arena *ar, struct drawdb_assignment *out, ms_err *err)
{
    struct team_ctx w = {.who = who,
                         .ar = ar,
                         .inspection_id = inspection_id,
                         .inspector_id = inspector_id,
                         .reason = reason,
                         .out = out};
    int rc;

    if (!drawsvc_may_read(who) || strcmp(who->role, "unit") == 0 ||
        strcmp(who->role, "inspector") == 0)
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (inspector_id <= 0)
        return ms_fail(err, MS_EINVAL, "inspector_id", "required", NULL);
    if ((rc = text_check("reason", reason, REASON_MAX_CHARS, 1, 1, err)) != MS_OK)
        return rc;
    svc_now(w.now);
    svc_scope(who, &w.sc);
    return store_tx(db, tx_recuse, &w, err);
}
