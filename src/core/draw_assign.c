/* draw_assign.c - the second random of 双随机: inspectors for the drawn
 * inspections (DOMAIN.md "Inspectors"), with recusal, as pure functions of
 * the inspections, the pool and a published seed S2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/draw.h"
#include "core/text.h"

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static int has(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (list[i] && strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Qualified for at least one field inspected (any, when none is listed). */
static int qualified(const struct draw_inspection *in, const struct draw_inspector *p)
{
    if (!in->n_fields)
        return 1;
    for (size_t i = 0; i < in->n_fields; i++)
        if (has(p->fields, p->n_fields, in->fields[i]))
            return 1;
    return 0;
}

/* Employed by the target, declared a conflict with it, or assessed one of
 * the standards inspected. */
static int conflicted(const struct draw_inspection *in, const struct draw_inspector *p)
{
    if (p->employer && in->target && strcmp(p->employer, in->target) == 0)
        return 1;
    if (has(p->conflicts, p->n_conflicts, in->target))
        return 1;
    for (size_t i = 0; i < in->n_cert_nos; i++)
        if (has(p->assessed, p->n_assessed, in->cert_nos[i]))
            return 1;
    return 0;
}

static int recused(const struct draw_assignment *as, int64_t insp, int64_t person)
{
    for (size_t i = 0; i < as->n_history; i++)
        if (as->history[i].inspection_id == insp && as->history[i].inspector_id == person)
            return 1;
    return 0;
}

/* An eligible person for one inspection. */
struct elig {
    double u;
    int64_t id;
    size_t idx; /* in the pool */
};

static int elig_cmp(const void *a, const void *b)
{
    const struct elig *x = a, *y = b;

    if (x->u != y->u)
        return x->u > y->u ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Choose the team of IN into *T and add it to the loads. On failure *T and
 * the loads are untouched. */
static int choose(arena *a, struct draw_assignment *as, const struct draw_inspection *in,
                  struct draw_team *t, ms_err *err)
{
    struct elig *e = arena_alloc(a, (as->n_pool + 1) * sizeof *e);
    int64_t *members = NULL;
    double *u = NULL;
    size_t ne = 0, officer = SIZE_MAX, n = 0;
    char id[48];

    if (!e)
        return oom(err);
    for (size_t i = 0; i < as->n_pool; i++) {
        const struct draw_inspector *p = &as->pool[i];

        if (!p->active || recused(as, in->id, p->id) || !qualified(in, p) || conflicted(in, p) ||
            as->load[i] >= as->cap)
            continue;
        snprintf(id, sizeof id, "%lld|%lld", (long long)in->id, (long long)p->id);
        e[ne] = (struct elig){draw_u(as->seed, id), p->id, i};
        if (e[ne].u == 0.0)
            return ms_fail(err, MS_EINTERNAL, "", "internal", "SM3");
        ne++;
    }
    if (ne)
        qsort(e, ne, sizeof *e, elig_cmp);
    for (size_t q = 0; q < ne && officer == SIZE_MAX; q++)
        if (as->pool[e[q].idx].kind == DRAW_ENFORCEMENT)
            officer = q;
    if (officer == SIZE_MAX || ne < as->team_size) { /* flagged, never filled */
        t->inspection_id = in->id;
        t->assigned = 0;
        t->members = NULL;
        t->u = NULL;
        t->n_members = 0;
        return MS_OK;
    }
    members = arena_alloc(a, as->team_size * sizeof *members);
    u = arena_alloc(a, as->team_size * sizeof *u);
    if (!members || !u)
        return oom(err);
    members[n] = e[officer].id;
    u[n++] = e[officer].u;
    as->load[e[officer].idx]++;
    for (size_t q = 0; q < ne && n < as->team_size; q++) {
        if (q == officer)
            continue;
        members[n] = e[q].id;
        u[n++] = e[q].u;
        as->load[e[q].idx]++;
    }
    t->inspection_id = in->id;
    t->assigned = 1;
    t->members = members;
    t->u = u;
    t->n_members = n;
    return MS_OK;
}

/* An id and its position in the caller's array. */
struct idpos {
    int64_t id;
    size_t i;
};

static int idpos_cmp(const void *a, const void *b)
{
    const struct idpos *x = a, *y = b;

    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Sort IDS by id; fail on an id <= 0 or a repeated one, naming WHAT[i].id. */
static int check_ids(struct idpos *ids, size_t n, const char *what, ms_err *err)
{
    char path[48];

    for (size_t i = 0; i < n; i++)
        if (ids[i].id <= 0) {
            snprintf(path, sizeof path, "%s[%zu].id", what, ids[i].i);
            return ms_failf(err, MS_EINVAL, path, "invalid_int", "%lld", (long long)ids[i].id);
        }
    if (n)
        qsort(ids, n, sizeof *ids, idpos_cmp);
    for (size_t i = 1; i < n; i++)
        if (ids[i].id == ids[i - 1].id) {
            snprintf(path, sizeof path, "%s[%zu].id", what, ids[i].i);
            return ms_failf(err, MS_EINVAL, path, "draw_duplicate", "%lld", (long long)ids[i].id);
        }
    return MS_OK;
}

int draw_assign(arena *a, const struct draw_inspection *insp, size_t n_insp,
                const struct draw_inspector *pool, size_t n_pool, const char *seed2,
                size_t team_size, struct draw_assignment **out, ms_err *err)
{
    struct draw_assignment *as = NULL;
    struct idpos *order = NULL, *people = NULL;
    size_t active = 0;
    char path[48];
    int rc;

    *out = NULL;
    if (team_size < 2) {
        rc = ms_failf(err, MS_EINVAL, "team_size", "draw_team_size", "%zu", team_size);
        goto out;
    }
    if ((rc = text_check("seed", seed2, DRAW_SEED_MAX, 1, 0, err)) != MS_OK)
        goto out;
    as = arena_alloc(a, sizeof *as);
    order = arena_alloc(a, (n_insp + 1) * sizeof *order);
    people = arena_alloc(a, (n_pool + 1) * sizeof *people);
    if (!as || !order || !people || !(as->seed = arena_strdup(a, seed2)) ||
        !(as->teams = arena_alloc(a, (n_insp + 1) * sizeof *as->teams)) ||
        !(as->load = arena_alloc(a, (n_pool + 1) * sizeof *as->load))) {
        rc = oom(err);
        goto out;
    }
    for (size_t i = 0; i < n_insp; i++)
        order[i] = (struct idpos){insp[i].id, i};
    for (size_t i = 0; i < n_pool; i++) {
        people[i] = (struct idpos){pool[i].id, i};
        if (pool[i].kind != DRAW_ENFORCEMENT && pool[i].kind != DRAW_EXPERT) {
            snprintf(path, sizeof path, "pool[%zu].kind", i);
            rc = ms_failf(err, MS_EINVAL, path, "invalid_enum", "%d", pool[i].kind);
            goto out;
        }
        active += pool[i].active != 0;
    }
    if ((rc = check_ids(order, n_insp, "inspections", err)) != MS_OK ||
        (rc = check_ids(people, n_pool, "pool", err)) != MS_OK)
        goto out;
    as->insp = insp;
    as->n_insp = n_insp;
    as->pool = pool;
    as->n_pool = n_pool;
    as->team_size = team_size;
    as->cap = active ? (n_insp * team_size + active - 1) / active + 1 : 0;
    for (size_t i = 0; i < n_insp; i++) {
        if ((rc = choose(a, as, &insp[order[i].i], &as->teams[i], err)) != MS_OK)
            goto out;
        as->n_teams++;
    }
    *out = as;
out:
    return rc;
}

/* Position in the pool of the person ID, or SIZE_MAX. */
static size_t pool_index(const struct draw_assignment *as, int64_t id)
{
    for (size_t i = 0; i < as->n_pool; i++)
        if (as->pool[i].id == id)
            return i;
    return SIZE_MAX;
}

int draw_assign_recuse(arena *a, struct draw_assignment *as, int64_t inspection_id,
                       int64_t inspector_id, ms_err *err)
{
    const struct draw_inspection *in = NULL;
    struct draw_recusal *hist = NULL;
    struct draw_team *t = NULL, fresh;
    int64_t *before = NULL;
    size_t member = SIZE_MAX;
    int rc = MS_OK;

    for (size_t i = 0; i < as->n_teams && !t; i++)
        if (as->teams[i].inspection_id == inspection_id)
            t = &as->teams[i];
    for (size_t i = 0; i < as->n_insp && !in; i++)
        if (as->insp[i].id == inspection_id)
            in = &as->insp[i];
    if (!t || !in) {
        rc = ms_failf(err, MS_ENOTFOUND, "inspection_id", "not_found", "%lld",
                      (long long)inspection_id);
        goto out;
    }
    for (size_t i = 0; i < t->n_members; i++)
        if (t->members[i] == inspector_id)
            member = i;
    if (member == SIZE_MAX) {
        rc = ms_failf(err, MS_EINVAL, "inspector_id", "draw_not_in_team", "%lld",
                      (long long)inspector_id);
        goto out;
    }
    hist = arena_alloc(a, (as->n_history + 1) * sizeof *hist);
    before = arena_alloc(a, t->n_members * sizeof *before);
    if (!hist || !before) {
        rc = oom(err);
        goto out;
    }
    if (as->n_history)
        memcpy(hist, as->history, as->n_history * sizeof *hist);
    memcpy(before, t->members, t->n_members * sizeof *before);
    hist[as->n_history] = (struct draw_recusal){inspection_id, inspector_id, before, t->n_members};
    /* The new team is chosen with the history that includes this recusal
     * and without this team's own load. */
    for (size_t i = 0; i < t->n_members; i++)
        as->load[pool_index(as, t->members[i])]--;
    {
        struct draw_recusal *old = as->history;

        as->history = hist;
        as->n_history++;
        rc = choose(a, as, in, &fresh, err);
        if (rc != MS_OK) {
            as->history = old;
            as->n_history--;
            for (size_t i = 0; i < t->n_members; i++)
                as->load[pool_index(as, t->members[i])]++;
            goto out;
        }
    }
    *t = fresh;
out:
    return rc;
}

/* ============================================================ JSON */

static json_t *ids_json(const int64_t *ids, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; arr && i < n; i++)
        if (json_array_append_new(arr, json_integer((json_int_t)ids[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    return arr;
}

static json_t *team_json(const struct draw_team *t)
{
    json_t *o = json_object(), *members = json_array();
    int bad = !o || !members;

    for (size_t i = 0; !bad && i < t->n_members; i++) {
        json_t *m = json_object();

        bad = !m || json_object_set_new(m, "id", json_integer((json_int_t)t->members[i])) ||
              json_object_set_new(m, "u", json_real(t->u[i]));
        if (bad)
            json_decref(m);
        else
            bad = json_array_append_new(members, m) != 0;
    }
    bad = bad ||
          json_object_set_new(o, "inspection_id", json_integer((json_int_t)t->inspection_id)) ||
          json_object_set_new(o, "assigned", json_boolean(t->assigned)) ||
          json_object_set(o, "members", members);
    json_decref(members);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *draw_assignment_json(const struct draw_assignment *as)
{
    json_t *o = json_object(), *teams = json_array(), *recusals = json_array();
    int bad = !o || !teams || !recusals;

    for (size_t i = 0; !bad && i < as->n_teams; i++)
        bad = json_array_append_new(teams, team_json(&as->teams[i])) != 0;
    for (size_t i = 0; !bad && i < as->n_history; i++) {
        const struct draw_recusal *h = &as->history[i];
        json_t *r = json_object();

        bad = !r ||
              json_object_set_new(r, "inspection_id", json_integer((json_int_t)h->inspection_id)) ||
              json_object_set_new(r, "inspector_id", json_integer((json_int_t)h->inspector_id)) ||
              json_object_set_new(r, "before", ids_json(h->before, h->n_before));
        if (bad)
            json_decref(r);
        else
            bad = json_array_append_new(recusals, r) != 0;
    }
    bad = bad || json_object_set_new(o, "algorithm", json_string(DRAW_ALGORITHM)) ||
          json_object_set_new(o, "seed", json_string(as->seed)) ||
          json_object_set_new(o, "team_size", json_integer((json_int_t)as->team_size)) ||
          json_object_set_new(o, "load_cap", json_integer((json_int_t)as->cap)) ||
          json_object_set(o, "teams", teams) || json_object_set(o, "recusals", recusals);
    json_decref(teams);
    json_decref(recusals);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
