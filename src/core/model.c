/* model.c - the allowed values of the registry's enumerations. */
#include <stdio.h>
#include <string.h>

#include "core/model.h"

const char *const model_sectors[MODEL_SECTOR_COUNT] = {"food_safety", "production_safety",
                                                       "environment", "medical_health"};
const char *const model_sectors_zh[MODEL_SECTOR_COUNT] = {"食品安全", "安全生产", "环境保护",
                                                          "医疗卫生"};

const char *const model_levels[] = {"national", "provincial", "municipal", "county", NULL};
const char *const model_levels_zh[] = {"国家", "省级", "地市级", "县级", NULL};
const char *const model_unit_kinds[] = {"legal_institute", "department", "enterprise",
                                        "institution", NULL};
const char *const model_unit_kinds_zh[] = {"法定计量检定机构", "部门", "企业", "事业单位", NULL};
const char *const model_categories[] = {"social_public", "department_highest", "enterprise_highest",
                                        NULL};
const char *const model_categories_zh[] = {"社会公用计量标准", "部门最高计量标准",
                                           "企事业单位最高计量标准", NULL};
const char *const model_std_statuses[] = {"active",   "sealed",  "revoked",
                                          "replaced", "expired", NULL};
const char *const model_std_statuses_zh[] = {"有效", "封存", "撤销", "更换", "过期", NULL};
const char *const model_apparatus_roles[] = {"standard", "auxiliary", NULL};

int model_index(const char *const *list, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

/* Split on ASCII comma, semicolon, space, and the ideographic comma / full-width comma. */
static const char *next_item(const char *p, const char **start, size_t *len)
{
    for (;;) {
        if (*p == ',' || *p == ';' || *p == ' ' || *p == '|')
            p++;
        else if (strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0 || strncmp(p, "；", 3) == 0)
            p += 3;
        else
            break;
    }
    *start = p;
    while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '|' && strncmp(p, "、", 3) != 0 &&
           strncmp(p, "，", 3) != 0 && strncmp(p, "；", 3) != 0)
        p++;
    *len = (size_t)(p - *start);
    return p;
}

int model_sectors_normalize(const char *in, char *out, size_t outsize, char *bad, size_t badsize)
{
    int have[MODEL_SECTOR_COUNT] = {0};
    const char *p = in ? in : "", *s;
    size_t len, used = 0;

    if (outsize)
        out[0] = '\0';
    while (*p) {
        int found = -1;
        p = next_item(p, &s, &len);
        if (!len)
            continue;
        for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
            if ((strlen(model_sectors[i]) == len && strncmp(model_sectors[i], s, len) == 0) ||
                (strlen(model_sectors_zh[i]) == len && strncmp(model_sectors_zh[i], s, len) == 0))
                found = i;
        if (found < 0) {
            if (badsize)
                snprintf(bad, badsize, "%.*s", (int)len, s);
            return -1;
        }
        have[found] = 1;
    }
    for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
        if (have[i]) {
            int n = snprintf(out + used, outsize - used, "%s%s", used ? "," : "", model_sectors[i]);
            if (n < 0 || (size_t)n >= outsize - used)
                return -1;
            used += (size_t)n;
        }
    return 0;
}

int model_sectors_count(const char *list)
{
    int n = 0;

    if (!list || !*list)
        return 0;
    for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
        if (strstr(list, model_sectors[i]))
            n++;
    return n;
}
