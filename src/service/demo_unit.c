/* demo_unit.c - the units of the demo registry: one legal metrology
 * institute per authority, then enterprises, institutions and departments
 * named after their place, with unified social credit codes registered in
 * their division. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/model.h"
#include "core/uscc.h"
#include "service/demo_int.h"

#define M10 UINT64_C(10000000)  /* 7 decimal digits */
#define M31 UINT64_C(887503681) /* 31^6 */

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* A USCC for the unit with global index K: PREFIX (positions 1-2), DIVISION
 * (3-8), an organisation code unique per K (9-16) with its GB 11714 check
 * (17), and the check character (18). */
static void make_uscc(const struct demo_ctx *c, uint64_t k, const char *prefix, const char *div,
                      demo_rng *r, char out[USCC_LEN + 1])
{
    char body[9];
    int letters = (!strcmp(prefix, "91") && demo_rng_chance(r, 0.6)) || !strcmp(prefix, "52");

    if (letters) {
        uint64_t v = (k * UINT64_C(100000007) + demo_mix(c->seed) % M31) % M31;
        body[0] = 'M';
        body[1] = !strcmp(prefix, "52") ? 'J' : 'A';
        for (int i = 7; i >= 2; i--) {
            body[i] = uscc_chars[v % 31];
            v /= 31;
        }
    } else {
        uint64_t v = (k * UINT64_C(6364137) + demo_mix(c->seed ^ 0x5eed) % M10) % M10;
        body[0] = !strcmp(prefix, "11")   ? '0'
                  : !strcmp(prefix, "12") ? '4'
                                          : (char)('5' + demo_rng_below(r, 3));
        for (int i = 7; i >= 1; i--) {
            body[i] = (char)('0' + v % 10);
            v /= 10;
        }
    }
    body[8] = '\0';
    memcpy(out, prefix, 2);
    memcpy(out + 2, div, 6);
    memcpy(out + 8, body, 8);
    out[16] = uscc_org_check_char(body);
    out[17] = uscc_check_char(out);
    out[18] = '\0';
}

static int level_bit(const struct demo_auth *a)
{
    switch (a->level) {
    case DEMO_PROVINCIAL:
        return demo_is_municipality(a->code) ? DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE
                                             : DEMO_AT_PROVINCE;
    case DEMO_MUNICIPAL: return DEMO_AT_PREFECTURE;
    default: return DEMO_AT_COUNTY;
    }
}

static int unique_naming(enum demo_naming n)
{
    return n == DEMO_NAME_PLACE || n == DEMO_NAME_CITY || n == DEMO_NAME_CITY2;
}

/* Choose the profile of a unit of KIND at A; profiles named once per place
 * are marked in *USED. Falls back to enterprises. */
static int pick_profile(const struct demo_ctx *c, const struct demo_auth *a, int kind,
                        uint64_t *used, int numbered, demo_rng *r)
{
    int w[64], bit = level_bit(a);
    size_t n = c->nprofiles < 64 ? c->nprofiles : 64, k;

    for (int attempt = 0; attempt < 2; attempt++) {
        for (size_t i = 0; i < n; i++) {
            const struct demo_profile *p = &c->profiles[i];
            w[i] = 0;
            if ((int)p->kind != kind || !(p->at & bit))
                continue;
            if (unique_naming(p->naming) && (*used & (UINT64_C(1) << i)))
                continue;
            if (p->naming == DEMO_NAME_NUMBERED && numbered >= 10)
                continue;
            w[i] = p->weight;
        }
        k = demo_rng_weighted_int(r, w, n);
        if (k < n) {
            if (unique_naming(c->profiles[k].naming))
                *used |= UINT64_C(1) << k;
            return (int)k;
        }
        kind = DEMO_ENT;
    }
    return 0;
}

static void unit_name(const struct demo_ctx *c, const struct demo_auth *a,
                      const struct demo_profile *p, int *numbered, demo_rng *r, char *out,
                      size_t size)
{
    const char *prov = c->auth[a->province].stem;
    const char *city = a->prefecture >= 0 ? c->auth[a->prefecture].stem : prov;
    char place[96], brand[16], buf[256];
    double x;

    switch (p->naming) {
    case DEMO_NAME_BRAND:
        x = demo_rng_unit(r);
        if (x < 0.35)
            snprintf(place, sizeof place, "%s", prov);
        else if (x < 0.8 || a->level != DEMO_COUNTY || demo_ends_with(a->division_name, "区"))
            snprintf(place, sizeof place, "%s", city);
        else
            snprintf(place, sizeof place, "%s", a->division_name); /* 江阴市, 沛县 */
        demo_brand(r, brand, sizeof brand);
        snprintf(buf, sizeof buf, "%s%s%s", place, brand, p->pattern);
        snprintf(out, size, "%s", buf);
        break;
    case DEMO_NAME_PLACE: demo_fill(out, size, p->pattern, a->place, NULL); break;
    case DEMO_NAME_NUMBERED:
        demo_fill(out, size, p->pattern, a->place, demo_numeral(++*numbered));
        break;
    case DEMO_NAME_CITY: demo_fill(out, size, p->pattern, city, NULL); break;
    case DEMO_NAME_CITY2: demo_fill(out, size, p->pattern, prov, city == prov ? "" : city); break;
    }
}

static const char *credit_class(int kind, const struct demo_profile *p, demo_rng *r)
{
    static const char *const classes[] = {"A", "B", "C", "D"};
    static const int ent[] = {55, 35, 8, 2};
    static const int pub[] = {30, 10, 0, 0};

    if (kind == DEMO_ENT || (p && !strcmp(p->uscc_prefix, "52")))
        return classes[demo_rng_weighted_int(r, ent, 4)];
    if (kind == DEMO_INST && demo_rng_chance(r, 0.4))
        return classes[demo_rng_weighted_int(r, pub, 4)];
    return NULL;
}

/* Kind of a unit other than the institute, by the level of its place. */
static int pick_kind(const struct demo_auth *a, demo_rng *r)
{
    static const int prov[] = {0, 25, 55, 20}; /* legal dept ent inst */
    static const int city[] = {0, 6, 72, 22};
    static const int county[] = {0, 2, 78, 20};

    return (int)demo_rng_weighted_int(r,
                                      a->level == DEMO_PROVINCIAL  ? prov
                                      : a->level == DEMO_MUNICIPAL ? city
                                                                   : county,
                                      4);
}

int demo_load_units(struct demo_ctx *c, ms_err *err)
{
    reg_loader *l = NULL;
    struct demo_std *sk = NULL;
    double *w = NULL;
    int64_t uidx = 0;
    int rc;

    c->units = ms_calloc((size_t)c->nunits, sizeof *c->units);
    sk = ms_malloc(c->table->n * sizeof *sk);
    w = ms_malloc(c->table->n * sizeof *w);
    if (!c->units || !sk || !w) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    rc = reg_load_begin(c->db, REG_UNIT, c->now, &l, err);
    for (int i = 0; rc == MS_OK && i < c->nauth; i++) {
        struct demo_auth *a = &c->auth[i];
        uint64_t used = 0;
        int numbered = 0;
        demo_rng r;

        demo_rng_seed(&r, c->seed, DEMO_S_UNIT, (uint64_t)i);
        a->unit_first = uidx;
        a->institute_id = c->base[REG_UNIT] + uidx;
        for (int k = 0; rc == MS_OK && k < a->unit_count; k++, uidx++) {
            struct demo_unit *u = &c->units[uidx];
            const struct demo_profile *p = NULL;
            const char *div = a->level == DEMO_NATIONAL ? "110105" : a->code;
            char name[256], addr[320], street[96], uscc[USCC_LEN + 1], contact[32], phone[16],
                sectors[80];
            unsigned all;
            int n;
            struct ms_unit rec;

            u->auth = i;
            if (k == 0) {
                u->kind = DEMO_LEGAL;
                u->profile = DEMO_NO_PROFILE;
                snprintf(name, sizeof name, "%s", a->institute);
            } else {
                int kind = pick_kind(a, &r);
                u->profile = (uint8_t)pick_profile(c, a, kind, &used, numbered, &r);
                p = &c->profiles[u->profile];
                u->kind = (uint8_t)p->kind;
                unit_name(c, a, p, &numbered, &r, name, sizeof name);
                for (int s = 0; s < MODEL_SECTOR_COUNT; s++)
                    if (demo_rng_below(&r, 100) < (uint32_t)p->sector_pct[s])
                        u->psectors |= (uint8_t)(1u << s);
            }
            make_uscc(c, (uint64_t)uidx, p ? p->uscc_prefix : "12", div, &r, uscc);
            if (a->level == DEMO_NATIONAL)
                snprintf(street, sizeof street, "北三环东路18号");
            else
                demo_street(&r, street, sizeof street);
            snprintf(addr, sizeof addr, "%s%s", a->address, street);
            demo_person_name(&r, contact, sizeof contact);
            demo_phone(&r, phone, sizeof phone);

            n = demo_sketch(c, uidx, sk, w);
            all = u->psectors;
            for (int s = 0; s < n; s++)
                all |= sk[s].sectors;
            u->nstd = (uint8_t)n;
            c->nstandards += n;
            demo_sectors_text(all, sectors, sizeof sectors);

            memset(&rec, 0, sizeof rec);
            rec.id = c->base[REG_UNIT] + uidx;
            rec.uscc = uscc;
            rec.name = name;
            rec.division_code = div;
            rec.address = addr;
            rec.kind = model_unit_kinds[u->kind];
            rec.sectors = sectors;
            rec.authority_id = a->id;
            rec.contact_name = contact;
            rec.contact_phone = phone;
            rec.credit_class = credit_class(u->kind, p, &r);
            rec.status = "active";
            rc = reg_load_unit(l, &rec, err);
            c->rep->units_by_kind[u->kind]++;
            c->rep->units_with_sector += all != 0;
            demo_tick(c, "units", uidx + 1, c->nunits, 0);
        }
    }
    if (rc == MS_OK) {
        rc = reg_load_end(l, err);
        l = NULL;
    }
    if (rc == MS_OK) {
        c->rep->rows[REG_UNIT] = uidx;
        demo_tick(c, "units", uidx, c->nunits, 1);
    }
out:
    reg_load_abort(l);
    ms_free(w);
    ms_free(sk);
    return rc;
}
