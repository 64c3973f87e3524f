/* uscc.c - 统一社会信用代码 (GB 32100-2015) validation and check characters. */
#include <stdio.h>
#include <string.h>

#include "core/division.h"
#include "core/uscc.h"

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* W_i = 3^(i-1) mod 31, positions 1..17. */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* GB 11714 weights of the 8-character organisation code body. */
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* ------------------------------------------------------------------------ */
/* Positions 1-2: registering department and kind of entity (GB 32100-2015   */
/* table 1, with the later departments A and N)                             */
/* ------------------------------------------------------------------------ */

static const struct registrar {
    char c;
    const char *zh, *en;
} registrars[] = {
    {'1', "机构编制", "institutional establishment"},
    {'2', "外交", "foreign affairs"},
    {'3', "司法行政", "judicial administration"},
    {'4', "文化", "culture"},
    {'5', "民政", "civil affairs"},
    {'6', "旅游", "tourism"},
    {'7', "宗教", "religious affairs"},
    {'8', "工会", "trade unions"},
    {'9', "工商", "market regulation (industry and commerce)"},
    {'A', "中央军委改革和编制办公室", "CMC reform and establishment office"},
    {'N', "农业", "agriculture"},
    {'Y', "其他", "other"},
};

static const struct kind {
    char c1, c2;
    const char *zh, *en;
} kinds[] = {
    {'1', '1', "机关", "government organ"},
    {'1', '2', "事业单位", "public institution"},
    {'1', '3', "中央编办直接管理机构编制的群众团体", "mass organisation under the central office"},
    {'1', '9', "其他", "other"},
    {'2', '1', "外国常驻新闻机构", "resident foreign news agency"},
    {'2', '9', "其他", "other"},
    {'3', '1', "律师执业机构", "law firm"},
    {'3', '2', "公证处", "notary office"},
    {'3', '3', "基层法律服务所", "grassroots legal service office"},
    {'3', '4', "司法鉴定机构", "forensic appraisal institution"},
    {'3', '5', "仲裁委员会", "arbitration commission"},
    {'3', '9', "其他", "other"},
    {'4', '1', "外国在华文化中心", "foreign cultural centre in China"},
    {'4', '9', "其他", "other"},
    {'5', '1', "社会团体", "social organisation"},
    {'5', '2', "民办非企业单位", "private non-enterprise unit"},
    {'5', '3', "基金会", "foundation"},
    {'5', '9', "其他", "other"},
    {'6', '1', "外国旅游部门常驻代表机构", "representative office of a foreign tourism authority"},
    {'6', '2', "港澳台地区旅游部门常驻内地（大陆）代表机构",
     "representative office of a Hong Kong, Macao or Taiwan tourism authority"},
    {'6', '9', "其他", "other"},
    {'7', '1', "宗教活动场所", "venue for religious activities"},
    {'7', '2', "宗教院校", "religious college"},
    {'7', '9', "其他", "other"},
    {'8', '1', "基层工会", "grassroots trade union"},
    {'8', '9', "其他", "other"},
    {'9', '1', "企业", "enterprise"},
    {'9', '2', "个体工商户", "individual business"},
    {'9', '3', "农民专业合作社", "farmers' specialised cooperative"},
    {'A', '1', "军队事业单位", "military public institution"},
    {'A', '9', "其他", "other"},
    {'N', '1', "组级集体经济组织", "group-level collective economic organisation"},
    {'N', '2', "村级集体经济组织", "village-level collective economic organisation"},
    {'N', '3', "乡镇级集体经济组织", "township-level collective economic organisation"},
    {'N', '9', "其他", "other"},
    {'Y', '1', "其他", "other"},
};

const char *uscc_registrar_name(char c, enum ms_lang lang)
{
    for (size_t i = 0; i < MS_ARRAY_LEN(registrars); i++)
        if (registrars[i].c == c)
            return lang == MS_LANG_EN ? registrars[i].en : registrars[i].zh;
    return NULL;
}

const char *uscc_kind_name(char c1, char c2, enum ms_lang lang)
{
    for (size_t i = 0; i < MS_ARRAY_LEN(kinds); i++)
        if (kinds[i].c1 == c1 && kinds[i].c2 == c2)
            return lang == MS_LANG_EN ? kinds[i].en : kinds[i].zh;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Check characters                                                         */
/* ------------------------------------------------------------------------ */

int uscc_char_value(char c)
{
    const char *p;

    if (c == '\0')
        return -1;
    p = strchr(charset, c);
    return p ? (int)(p - charset) : -1;
}

char uscc_check_char(const char first17[17])
{
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        int v = uscc_char_value(first17[i]);
        if (v < 0)
            return 0;
        sum += v * weights[i];
    }
    return charset[(31 - sum % 31) % 31];
}

char uscc_org_check_char(const char body8[8])
{
    int sum = 0, c;

    for (int i = 0; i < 8; i++) {
        char ch = body8[i];
        int v;
        if (ch >= '0' && ch <= '9')
            v = ch - '0';
        else if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A' + 10;
        else
            return 0;
        sum += v * org_weights[i];
    }
    c = 11 - sum % 11;
    if (c == 10)
        return 'X';
    if (c == 11)
        return '0';
    return (char)('0' + c);
}

/* ------------------------------------------------------------------------ */
/* Normalisation and validation                                             */
/* ------------------------------------------------------------------------ */

/* Length of the UTF-8 sequence starting at S (1 for a stray byte). */
static int utf8_len(const unsigned char *s)
{
    int n = *s < 0x80 ? 1 : *s >= 0xF0 && *s < 0xF8 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC2 ? 2 : 1;

    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

int uscc_normalize(const char *in, char out[USCC_LEN + 1], ms_err *err)
{
    const unsigned char *p = (const unsigned char *)in;
    const unsigned char *wide = NULL; /* the first character outside ASCII */
    int wide_len = 0;
    size_t chars = 0, used = 0;
    int rc = MS_OK;

    out[0] = '\0';
    if (!in) {
        rc = ms_fail(err, MS_EINVAL, "uscc", "required", NULL);
        goto out;
    }
    while (*p) {
        int n = utf8_len(p);
        if (n == 1 && (*p == ' ' || (*p >= '\t' && *p <= '\r'))) {
            p++;
            continue;
        }
        if (n == 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) { /* U+3000 ideographic space */
            p += 3;
            continue;
        }
        if (*p >= 0x80 && !wide) {
            wide = p;
            wide_len = n;
        } else if (*p < 0x80 && used < USCC_LEN) {
            out[used++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : (char)*p;
        }
        chars++;
        p += n;
    }
    out[used] = '\0';
    if (chars == 0)
        rc = ms_fail(err, MS_EINVAL, "uscc", "required", NULL);
    else if (chars != USCC_LEN)
        rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_length", "%zu", chars);
    else if (wide)
        rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_char", "'%.*s'", wide_len,
                      (const char *)wide);
out:
    return rc;
}

int uscc_validate(const char *in, char out[USCC_LEN + 1], int *org_warning, ms_err *err)
{
    char code[USCC_LEN + 1];
    char expect;
    int rc;

    if (org_warning)
        *org_warning = 0;
    if (out)
        out[0] = '\0';
    rc = uscc_normalize(in, code, err);
    if (rc != MS_OK)
        goto out;
    /* Position 18 is judged by the check below, which names the right one. */
    for (int i = 0; i < USCC_LEN - 1; i++) {
        if (uscc_char_value(code[i]) < 0) {
            unsigned char c = (unsigned char)code[i];
            if (c < 0x20 || c == 0x7F)
                rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_char", "\\x%02X", c);
            else
                rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_char", "'%c'", c);
            goto out;
        }
    }
    if (!uscc_kind_name(code[0], code[1], MS_LANG_ZH)) {
        rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_kind", "%.2s", code);
        goto out;
    }
    for (int i = 2; i < 8; i++) {
        if (code[i] < '0' || code[i] > '9') {
            rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_division", "%.6s", code + 2);
            goto out;
        }
    }
    if (!(code[2] == '1' && code[3] == '0') && !division_is_province_prefix(code + 2)) {
        rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_division", "%.6s", code + 2);
        goto out;
    }
    expect = uscc_check_char(code);
    if (code[17] != expect) {
        rc = ms_failf(err, MS_EINVAL, "uscc", "invalid_uscc_check", "%c", expect);
        goto out;
    }
    if (org_warning)
        *org_warning = uscc_org_check_char(code + 8) != code[16];
    if (out)
        memcpy(out, code, sizeof code);
out:
    return rc;
}
