/* msg_cases.c - messages of dispositions (处理/处罚), violations,
 * complaints (投诉举报) and the risk ranking (风险预警). */
#include "core/msg.h"

const struct msg msg_cases[] = {
    {"disposition_catalog_invalid", "处理事项目录数据有误：%s",
     "the disposition catalogue is invalid: %s"},
    {"disposition_unknown_action", "处理事项不在目录中：%s",
     "the action is not in the disposition catalogue: %s"},
    {"disposition_amount_cap", "罚款金额应为 1 至 %s 元", "the fine must be 1 to %s yuan"},
    {"disposition_no_amount", "该处理事项（%s）不涉及金额", "this action (%s) takes no amount"},
    {"disposition_standard_unit", "该计量标准不属于所指单位：%s",
     "the standard does not belong to that unit: %s"},
    {"disposition_other_unit", "所指记录不涉及该单位：%s",
     "the record referred to does not concern that unit: %s"},
    {"complaint_final", "该投诉举报已办结（%s），不能再修改",
     "the complaint is closed (%s) and cannot change"},
    {"risk_usage", "msup risk --authority 代码 [--limit 数量] [--as-of 日期]",
     "msup risk --authority CODE [--limit N] [--as-of DATE]"},
    {"disposition_usage",
     "msup disposition catalog\n  msup disposition list [--authority 代码] [--unit 单位编号]",
     "msup disposition catalog\n  msup disposition list [--authority CODE] [--unit UNIT_ID]"},
    {NULL, NULL, NULL},
};
