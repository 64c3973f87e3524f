/* msg_validate.c - messages of the identifier validators (uscc, division,
 * field, certno, date) and of `msup validate`. */
#include "core/msg.h"

const struct msg msg_validate[] = {
    /* 统一社会信用代码 (core/uscc.c) */
    {"invalid_uscc_length", "统一社会信用代码应为 18 位，实际为 %s 位",
     "a unified social credit code has 18 characters, not %s"},
    {"invalid_uscc_char",
     "统一社会信用代码含有不允许的字符 %s（只能是数字和除 I、O、S、V、Z 以外的大写字母）",
     "the unified social credit code contains %s, which is not allowed (only digits and the "
     "capital letters except I, O, S, V, Z)"},
    {"invalid_uscc_kind", "统一社会信用代码第 1-2 位 %s 不是有效的登记管理部门和机构类别组合",
     "positions 1-2 of the unified social credit code, %s, are not a valid registering "
     "department and kind of entity"},
    {"invalid_uscc_division",
     "统一社会信用代码第 3-8 位 %s 不是行政区划代码（应为 6 位数字，前两位为省级代码或 10）",
     "positions 3-8 of the unified social credit code, %s, are not a division code (6 digits "
     "starting with a province code or 10)"},
    {"invalid_uscc_check", "统一社会信用代码校验码错误：第 18 位应为 '%s'",
     "the check character of the unified social credit code is wrong: position 18 should be "
     "'%s'"},
    {"uscc_org_check",
     "提示：第 9-17 位（组织机构代码）按 GB 11714 校验，第 17 位应为 '%s'；"
     "不影响统一社会信用代码的有效性",
     "note: by GB 11714 position 17 (the check of the organisation code in positions 9-17) "
     "would be '%s'; the credit code is still valid"},

    /* GB/T 2260 行政区划代码 (core/division.c) */
    {"invalid_division", "行政区划代码应为 6 位数字：%s", "a division code has 6 digits: %s"},
    {"unknown_division", "行政区划代码不存在：%s", "no such division code: %s"},
    {"division_not_in_force", "行政区划代码在该日期不在有效期内：%s",
     "the division code is not in force on that date: %s"},
    {"invalid_division_list", "行政区划列表格式错误：%s", "the division list is malformed: %s"},

    /* JJF 1022-2014 计量标准代码 (core/field.c) */
    {"invalid_jjf1022", "计量标准代码应为 8 位数字（JJF 1022-2014）：%s",
     "a JJF 1022-2014 code has 8 digits: %s"},
    {"invalid_jjf1022_field",
     "计量标准代码的前两位 %s 不是 JJF 1022-2014 的专业代码（01 04 12 15 23 25 28 33 37 46 51 "
     "53 55 57 59 61 63 65）",
     "the first two digits %s are not a JJF 1022-2014 field (01 04 12 15 23 25 28 33 37 46 51 "
     "53 55 57 59 61 63 65)"},
    {"invalid_jjf1022_zero", "计量标准代码 %s 中，为 00 的一级之后各级都应为 00",
     "in the code %s a level follows a 00 level; after 00 only 00 may follow"},

    /* 证书编号 (core/certno.c) */
    {"invalid_cert_no",
     "证书编号无效（含空白、不是 UTF-8 或过长），格式如 [2015]苏量标宁证字第0123号：%s",
     "invalid certificate number (white space, not UTF-8 or too long); the form is "
     "[2015]苏量标宁证字第0123号: %s"},
    {"invalid_cert_no_year", "证书编号应以 [四位年份] 开头，如 [2015]苏量标宁证字第0123号：%s",
     "a certificate number starts with [YEAR] (4 digits), as in [2015]苏量标宁证字第0123号: %s"},
    {"invalid_cert_no_province", "证书编号在年份后应为 1-2 个字的省份简称和“量标”：%s",
     "a certificate number has a 1-2 character province short name and 量标 after the year: %s"},
    {"invalid_cert_no_unit", "证书编号中“量标”与“证字第”之间的考核单位简称应为 1-8 个字：%s",
     "the assessing body's short name between 量标 and 证字第 must have 1-8 characters: %s"},
    {"invalid_cert_no_serial", "证书编号应以“证字第”、流水号（数字）和“号”结尾：%s",
     "a certificate number ends with 证字第, a serial number (digits) and 号: %s"},

    /* dates (core/date.c) */
    {"invalid_date", "日期格式应为 YYYY-MM-DD：%s", "a date has the form YYYY-MM-DD: %s"},
    {"invalid_date_value", "日期不存在：%s", "no such date: %s"},

    /* msup validate (cli/cli_validate.c): labels of the detail lines */
    {"validate_usage",
     "msup validate uscc|division|jjf1022|cert-no 值 [--as-of YYYY-MM-DD]（--as-of 仅用于 "
     "division）",
     "msup validate uscc|division|jjf1022|cert-no VALUE [--as-of YYYY-MM-DD] (--as-of for "
     "division only)"},
    {"validate_code", "代码", "code"},
    {"validate_registrar", "登记管理部门", "registering department"},
    {"validate_kind", "机构类别", "kind of entity"},
    {"validate_registrar_division", "登记管理机关行政区划",
     "division of the registering authority"},
    {"validate_central", "中央", "central"},
    {"validate_name", "名称", "name"},
    {"validate_full_name", "全称", "full name"},
    {"validate_level", "级别", "level"},
    {"validate_parent", "上级", "parent"},
    {"validate_valid", "有效期", "in force"},
    {"validate_field", "专业", "field"},
    {"validate_general", "通用计量专业", "general field"},
    {"validate_special", "专用计量专业", "special-purpose field"},
    {"validate_year", "年份", "year"},
    {"validate_province", "省份简称", "province"},
    {"validate_unit", "考核单位简称", "assessing body"},
    {"validate_serial", "流水号", "serial"},
    {"validate_unknown_province", "未知的省份简称", "unknown province short name"},
    {"validate_level_province", "省级", "province"},
    {"validate_level_prefecture", "地级", "prefecture"},
    {"validate_level_county", "县级", "county"},
    {NULL, NULL, NULL},
};
