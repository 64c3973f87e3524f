/* field.c - JJF 1022-2014 codes and level-1 fields. */
#include <string.h>

#include "core/field.h"

static const struct jjf_field fields[] = {
    {"01", "几何量", "geometry (length)", 1},
    {"04", "热学", "thermometry", 1},
    {"12", "力学", "mechanics", 1},
    {"15", "电磁学", "electromagnetism", 1},
    {"23", "无线电", "radio", 1},
    {"25", "时间频率", "time and frequency", 1},
    {"28", "光学", "optics", 1},
    {"33", "声学", "acoustics", 1},
    {"37", "电离辐射", "ionising radiation", 1},
    {"46", "物理化学", "physical chemistry", 1},
    {"51", "纺织", "textiles", 0},
    {"53", "铁路", "railways", 0},
    {"55", "气象", "meteorology", 0},
    {"57", "海洋", "oceanography", 0},
    {"59", "邮电", "posts and telecommunications", 0},
    {"61", "交通运输", "transport", 0},
    {"63", "建材", "building materials", 0},
    {"65", "农林牧渔", "agriculture, forestry, animal husbandry and fisheries", 0},
};

const struct jjf_field *field_all(size_t *n)
{
    if (n)
        *n = MS_ARRAY_LEN(fields);
    return fields;
}

const struct jjf_field *field_find(const char *code)
{
    if (!code || strlen(code) != 2)
        return NULL;
    for (size_t i = 0; i < MS_ARRAY_LEN(fields); i++)
        if (memcmp(fields[i].code, code, 2) == 0)
            return &fields[i];
    return NULL;
}

const char *field_name(const struct jjf_field *f, enum ms_lang lang)
{
    return lang == MS_LANG_EN ? f->en : f->zh;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int field_validate(const char *code, char out[FIELD_CODE_LEN + 1], const struct jjf_field **field,
                   ms_err *err)
{
    char buf[FIELD_CODE_LEN + 1], level1[3];
    const struct jjf_field *f;
    size_t len;
    int rc = MS_OK;

    if (field)
        *field = NULL;
    if (!code) {
        rc = ms_fail(err, MS_EINVAL, "code", "required", NULL);
        goto out;
    }
    while (is_space(*code))
        code++;
    len = strlen(code);
    while (len > 0 && is_space(code[len - 1]))
        len--;
    if (len == 0) {
        rc = ms_fail(err, MS_EINVAL, "code", "required", NULL);
        goto out;
    }
    if (len != FIELD_CODE_LEN || strspn(code, "0123456789") < FIELD_CODE_LEN) {
        rc = ms_failf(err, MS_EINVAL, "code", "invalid_jjf1022", "%.*s", (int)(len > 40 ? 40 : len),
                      code);
        goto out;
    }
    memcpy(buf, code, FIELD_CODE_LEN);
    buf[FIELD_CODE_LEN] = '\0';
    memcpy(level1, buf, 2);
    level1[2] = '\0';
    f = field_find(level1);
    if (!f) {
        rc = ms_fail(err, MS_EINVAL, "code", "invalid_jjf1022_field", level1);
        goto out;
    }
    for (int lv = 1; lv < 3; lv++) {
        if (buf[2 * lv] == '0' && buf[2 * lv + 1] == '0' &&
            strspn(buf + 2 * lv, "0") < (size_t)(FIELD_CODE_LEN - 2 * lv)) {
            rc = ms_fail(err, MS_EINVAL, "code", "invalid_jjf1022_zero", buf);
            goto out;
        }
    }
    if (out)
        memcpy(out, buf, sizeof buf);
    if (field)
        *field = f;
out:
    return rc;
}

const struct jjf_field *field_of(const char *code)
{
    const struct jjf_field *f = NULL;

    if (field_validate(code, NULL, &f, NULL) != MS_OK)
        return NULL;
    return f;
}
