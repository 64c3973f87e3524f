/* msg_inspector.c - messages of the inspector pool (检查人员库) and of
 * conflicts of interest (回避). */
#include "core/msg.h"

const struct msg msg_inspector[] = {
    {"inspector_bad_field", "专业领域代码无效：%s（应为 JJF 1022 一级代码，如 01）",
     "invalid field code: %s (expected a JJF 1022 level-1 code such as 01)"},
    {"inspector_employer_kind", "只有考评员（expert）可填写所在单位，该人员类别为 %s",
     "only experts have an employer unit; this person is %s"},
    {"inspector_conflict_exists", "该检查人员与该单位的利益冲突已申报：%s",
     "a conflict of this inspector with this unit is already declared: %s"},
    {"inspector_not_in_draw", "该检查不属于本次抽取：%s",
     "this inspection does not belong to the draw: %s"},
    {"inspector_usage",
     "msup inspector add --authority 代码 --name 姓名 --kind enforcement|expert --fields 01,05"
     " [--employer 单位编号] [--cert 证书编号] [--inactive]"
     "\n  msup inspector list [--authority 代码] [--kind 类别] [--field 代码] [--active 1|0]"
     "\n  msup inspector show 检查人员编号"
     "\n  msup inspector conflict 检查人员编号 --unit 单位编号 --reason 理由 [--on 日期]",
     "msup inspector add --authority CODE --name NAME --kind enforcement|expert --fields 01,05"
     " [--employer UNIT_ID] [--cert NO] [--inactive]"
     "\n  msup inspector list [--authority CODE] [--kind KIND] [--field CODE] [--active 1|0]"
     "\n  msup inspector show INSPECTOR_ID"
     "\n  msup inspector conflict INSPECTOR_ID --unit UNIT_ID --reason TEXT [--on DATE]"},
    {NULL, NULL, NULL},
};
