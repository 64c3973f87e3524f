/* msg_drawdb.c - messages of draws over the database: commitments, the one
 * active draw per campaign, authority and kind, voiding, assignment and
 * recusal, and the usage of `msup draw` and `msup inspections`. */
#include "core/msg.h"

const struct msg msg_drawdb[] = {
    {"draw_active", "该检查机关本专项的此类抽取已有有效结果（抽取编号 %s），如有错误请先作废",
     "an active draw of this kind exists for this authority and campaign (draw %s); void it "
     "first if it was a mistake"},
    {"draw_commit_open", "已公布过尚未使用的种子承诺（%s），不能重复公布",
     "a seed commitment (%s) is already published and not used yet"},
    {"draw_not_active", "抽取 %s 已作废", "draw %s is void"},
    {"draw_assigned", "抽取 %s 已分配检查人员；如需调整请办理回避",
     "inspectors of draw %s are assigned already; use a recusal to change a team"},
    {"draw_not_assigned", "抽取 %s 尚未分配检查人员", "no inspectors are assigned in draw %s yet"},
    {"draw_outside_campaign", "检查机关 %s 不属于本专项的组织机关或其下级",
     "authority %s is neither the campaign's organiser nor below it"},
    {"drawdb_usage",
     "msup draw commit --campaign 编号 --authority 代码 --kind units|authorities --seed-sm3 哈希"
     "\n  msup draw run --campaign 编号 --authority 代码 --kind 类型 --seed 种子"
     "\n  msup draw assign 抽取编号 --seed 种子 [--team-size 2]"
     "\n  msup draw roster 抽取编号 [-o 文件]"
     "\n  msup draw recuse 抽取编号 --inspection 检查编号 --inspector 检查人员编号 --reason 理由",
     "msup draw commit --campaign ID --authority CODE --kind units|authorities --seed-sm3 HEX"
     "\n  msup draw run --campaign ID --authority CODE --kind KIND --seed SEED"
     "\n  msup draw assign DRAW_ID --seed SEED [--team-size 2]"
     "\n  msup draw roster DRAW_ID [-o FILE]"
     "\n  msup draw recuse DRAW_ID --inspection ID --inspector ID --reason TEXT"},
    {"inspections_usage", "msup inspections list [--campaign 编号] [--authority 代码]",
     "msup inspections list [--campaign ID] [--authority CODE]"},
    {NULL, NULL, NULL},
};
