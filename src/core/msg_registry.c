/* msg_registry.c - messages of the registry use cases. */
#include "core/msg.h"

const struct msg msg_registry[] = {
    {"invalid_sector", "重点领域无效：%s（应为 食品安全、安全生产、环境保护、医疗卫生）",
     "unknown focus sector: %s (expected food_safety, production_safety, environment, "
     "medical_health)"},
    {"field_mismatch", "专业领域与计量标准代码不一致，代码表明领域为 %s",
     "the field does not match the standard's code, which gives field %s"},
    {"expiry_before_issue", "证书有效期至必须晚于发证日期（%s）",
     "the certificate must expire after its issue date (%s)"},
    {"due_before_calibration", "下次溯源日期不能早于上次溯源日期（%s）",
     "the due date cannot be before the calibration date (%s)"},
    {"unknown_authority", "市场监管部门不存在或不在管辖范围内：%s",
     "no such authority within your jurisdiction: %s"},
    {"unknown_unit", "建标单位不存在或不在管辖范围内：%s",
     "no such unit within your jurisdiction: %s"},
    {"status_not_patchable", "状态不能直接修改，请使用封存、启封、撤销或更换操作",
     "status cannot be edited; use seal, unseal, revoke or replace"},
    {"status_changed", "计量标准状态已被他人修改（原为 %s），请刷新后重试",
     "the standard's status was changed meanwhile (was %s); reload and retry"},
    {"bad_transition", "当前状态（%s）不允许此操作", "not allowed from the current status (%s)"},
    {"unseal_expired", "证书已于 %s 过期，不能启封，请申请复查或重新考核",
     "the certificate expired on %s; it cannot be unsealed"},
    {"replace_self", "不能用计量标准更换其自身", "a standard cannot replace itself"},
    {"replace_mismatch", "更换后的计量标准必须属于同一建标单位且有效：%s",
     "the replacement must be an active standard of the same unit: %s"},
    {"invalid_page", "分页参数无效（每页 1-500 条）", "invalid paging (1-500 per page)"},
    {NULL, NULL, NULL},
};
