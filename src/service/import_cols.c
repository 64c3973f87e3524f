/* import_cols.c - the columns of import and export sheets, per kind: API
 * field names, the Chinese titles export writes, accepted aliases. */
#include <string.h>

#include "service/import_int.h"

static const char *const ROLES_ZH[] = {"计量标准器", "配套设备", NULL};

#define T IMPORT_TEXT
#define D IMPORT_DATE
static const struct import_col COLS_UNITS[U_N] = {
    {"uscc", "统一社会信用代码", "信用代码", 1, T, NULL, NULL, 22},
    {"name", "单位名称", "建标单位名称|名称", 1, T, NULL, NULL, 36},
    {"division_code", "行政区划代码", "区划代码", 1, T, NULL, NULL, 14},
    {"address", "地址", "单位地址|通讯地址", 0, T, NULL, NULL, 40},
    {"kind", "单位类型", "单位性质", 1, IMPORT_ENUM, model_unit_kinds, model_unit_kinds_zh, 18},
    {"sectors", "重点领域", NULL, 0, IMPORT_SECTORS, NULL, NULL, 24},
    {"authority_code", "主管部门代码", "监管部门代码|市场监管部门代码", 1, T, NULL, NULL, 14},
    {"contact_name", "联系人", NULL, 0, T, NULL, NULL, 12},
    {"contact_phone", "联系电话", "电话", 0, T, NULL, NULL, 16},
    {"credit_class", "信用等级", "信用风险分类", 0, T, NULL, NULL, 10},
};
static const struct import_col COLS_STANDARDS[S_N] = {
    {"unit_uscc", "建标单位统一社会信用代码", "统一社会信用代码|单位统一社会信用代码", 1, T, NULL,
     NULL, 22},
    {"name", "计量标准名称", "标准名称|名称", 1, T, NULL, NULL, 36},
    {"code", "计量标准代码", "代码|分类编码", 1, T, NULL, NULL, 12},
    {"category", "类别", "计量标准类别", 1, IMPORT_ENUM, model_categories, model_categories_zh, 22},
    {"measurement_range", "测量范围", NULL, 0, T, NULL, NULL, 24},
    {"uncertainty", "不确定度或准确度等级或最大允许误差", "不确定度|准确度等级|最大允许误差", 0, T,
     NULL, NULL, 24},
    {"cert_no", "证书编号", "计量标准考核证书编号|考核证书编号", 1, T, NULL, NULL, 30},
    {"cert_authority_code", "发证机关代码", "发证部门代码", 1, T, NULL, NULL, 14},
    {"cert_issued_on", "发证日期", NULL, 1, D, NULL, NULL, 12},
    {"cert_expires_on", "有效期至", "证书有效期至", 1, D, NULL, NULL, 12},
    {"status", "状态", NULL, 0, IMPORT_ENUM, model_std_statuses, model_std_statuses_zh, 8},
    {"sectors", "重点领域", NULL, 0, IMPORT_SECTORS, NULL, NULL, 24},
};
static const struct import_col COLS_APPARATUS[A_N] = {
    {"cert_no", "计量标准证书编号", "证书编号|考核证书编号", 1, T, NULL, NULL, 30},
    {"name", "设备名称", "名称|计量标准器名称", 1, T, NULL, NULL, 28},
    {"model", "型号规格", "型号|规格型号", 0, T, NULL, NULL, 16},
    {"serial", "出厂编号", "编号", 0, T, NULL, NULL, 16},
    {"role", "用途", "类别|设备类别", 0, IMPORT_ENUM, model_apparatus_roles, ROLES_ZH, 12},
    {"trace_cert_no", "溯源证书编号", "检定/校准证书编号", 0, T, NULL, NULL, 20},
    {"trace_org", "检定/校准机构", "溯源机构", 0, T, NULL, NULL, 28},
    {"calibrated_on", "检定/校准日期", "溯源日期", 0, D, NULL, NULL, 14},
    {"due_on", "下次溯源日期", "有效期至", 0, D, NULL, NULL, 14},
};
static const struct import_col COLS_PERSONNEL[P_N] = {
    {"cert_no", "计量标准证书编号", "证书编号|考核证书编号", 1, T, NULL, NULL, 30},
    {"name", "姓名", NULL, 1, T, NULL, NULL, 12},
    {"qualification_no", "资格证书编号", "资格证号|证书号", 0, T, NULL, NULL, 20},
    {"valid_until", "资格有效期至", "有效期至", 0, D, NULL, NULL, 14},
    {"in_charge", "是否负责人", "负责人", 0, IMPORT_BOOL, NULL, NULL, 10},
};
#undef T
#undef D

static const struct {
    const char *name, *zh;
    const struct import_col *cols;
    int n;
    enum reg_entity entity;
} KINDS[IMPORT_KIND_COUNT] = {
    {"units", "单位", COLS_UNITS, U_N, REG_UNIT},
    {"standards", "计量标准", COLS_STANDARDS, S_N, REG_STANDARD},
    {"apparatus", "设备", COLS_APPARATUS, A_N, REG_APPARATUS},
    {"personnel", "人员", COLS_PERSONNEL, P_N, REG_PERSONNEL},
};

const struct import_col *import_columns(enum import_kind kind, int *n)
{
    *n = KINDS[kind].n;
    return KINDS[kind].cols;
}

const char *import_kind_name(enum import_kind kind)
{
    return KINDS[kind].name;
}

int import_kind_parse(const char *s, enum import_kind *out, ms_err *err)
{
    for (int k = 0; s && k < IMPORT_KIND_COUNT; k++)
        if (strcmp(s, KINDS[k].name) == 0 || strcmp(s, KINDS[k].zh) == 0) {
            *out = (enum import_kind)k;
            return MS_OK;
        }
    return ms_fail(err, MS_EINVAL, "kind", "import_kind", s ? s : "");
}

enum reg_entity import_entity(enum import_kind kind)
{
    return KINDS[kind].entity;
}
