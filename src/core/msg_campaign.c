/* msg_campaign.c - messages of campaigns, checklists and self-inspection. */
#include "core/msg.h"

const struct msg msg_campaign[] = {
    /* checklists */
    {"checklist_invalid", "检查表数据无效：%s", "invalid checklist data: %s"},
    {"checklist_unknown", "检查表不存在：%s", "no such checklist: %s"},
    {"checklist_version_unknown", "检查表没有此版本：%s", "no such checklist version: %s"},
    {"checklist_version_exists", "检查表版本已存在或不是最新：%s",
     "the checklist version exists already or is not the newest: %s"},
    {"checklist_unknown_item", "检查表中没有第 %s 项", "the checklist has no item %s"},
    {"checklist_duplicate_item", "第 %s 项重复作答", "item %s is answered twice"},
    {"checklist_verdict",
     "第 %s 项的结论无效（应为 符合 conform、不符合 nonconform、缺陷 defect、"
     "不适用 na）",
     "invalid verdict of item %s (expected conform, nonconform, defect or na)"},
    {"checklist_unanswered", "第 %s 项尚未作答", "item %s is not answered"},
    {"checklist_mismatch", "检查表与本次专项监督检查规定的不一致（应为 %s）",
     "not the checklist of this campaign (expected %s)"},
    /* campaigns */
    {"campaign_rate", "抽查比例应大于 0 且不超过 1：%s",
     "the sampling rate must be above 0 and at most 1: %s"},
    {"campaign_year", "年度无效：%s（应为 2000-2100）", "invalid year: %s (expected 2000-2100)"},
    {"campaign_window_order",
     "时间安排顺序有误：应为 自查截止 ≤ 现场检查开始 ≤ 现场检查结束 < 整改开始 ≤ 整改结束 < "
     "总结开始 ≤ 总结结束（与 %s 冲突）",
     "the stage windows are out of order (self-check due <= on-site from <= on-site to < "
     "rectify from <= rectify to < summary from <= summary to); conflicts with %s"},
    {"campaign_closed", "本次专项监督检查已结束，不能再填报", "the campaign is closed"},
    {"campaign_own_authority", "只能为本部门组织专项监督检查",
     "you can organise campaigns for your own authority only"},
    /* self-inspection */
    {"selfcheck_submitted", "自查报告已于 %s 提交，不能再修改",
     "the self-inspection report was submitted on %s and cannot be changed"},
    {"selfcheck_no_draft", "尚未保存自查报告，无法提交", "there is no saved report to submit"},
    {"selfcheck_unknown_standard", "不是本单位在用的计量标准：%s",
     "not an active standard of this unit: %s"},
    {"selfcheck_duplicate_standard", "同一计量标准重复填报：%s", "standard %s is reported twice"},
    {"selfcheck_missing_standard", "计量标准 %s 尚未自查",
     "standard %s has no self-inspection answers"},
    {"selfcheck_text_required", "存在不符合项或缺陷项时必须填写此项",
     "required when an item is nonconform or a defect"},
    {"selfcheck_late", "已逾期提交（自查截止日期 %s）", "submitted late (self-check was due %s)"},
    {NULL, NULL, NULL},
};
