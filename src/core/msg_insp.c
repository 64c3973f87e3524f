/* msg_insp.c - messages of inspection work: results, completion, not
 * performed and its follow-up, evidence files, findings and
 * rectifications, and the usage of `msup inspections` and `msup findings`. */
#include "core/msg.h"

const struct msg msg_insp[] = {
    {"insp_not_in_team", "只有本次检查的检查组成员（未回避）或检查机关人员可以办理",
     "only a current member of this inspection's team or an authority user may do this"},
    {"insp_closed", "检查已%s，不能再修改", "the inspection is %s and cannot change any more"},
    {"insp_not_started", "检查尚未开始（状态：%s），请先录入检查结果",
     "the inspection has not started (status %s): record results first"},
    {"insp_not_planned", "只有计划中的检查可以登记为未实施（当前状态：%s）",
     "only a planned inspection can be recorded as not performed (status %s)"},
    {"insp_unanswered", "检查表尚有未填写的项目：%s", "checklist items not answered: %s"},
    {"insp_team_too_small", "检查组有效成员不足 2 人（现有 %s 人）",
     "the team has fewer than two current members (%s)"},
    {"insp_conclusion_differs", "结论与检查结果不符，按检查表应为：%s",
     "the conclusion does not follow from the results; the checklist gives: %s"},
    {"insp_duplicate_item", "检查项 %s 在本次提交中重复出现",
     "checklist item %s appears twice in this request"},
    {"insp_unknown_item", "检查表中没有第 %s 项", "the checklist has no item %s"},
    {"insp_no_tracking", "该检查不在未实施跟踪清单上",
     "the inspection is not on the tracking list"},
    {"insp_no_deadline", "专项未设置整改截止日期（rectify_to）",
     "the campaign has no rectification deadline (rectify_to)"},
    {"evidence_too_large", "文件超过 %s 字节的上限",
     "the file is larger than the limit of %s bytes"},
    {"evidence_disguised", "文件内容与名称或声明的类型不符（%s），已拒收",
     "the file's content does not match its name or declared type (%s); refused"},
    {"evidence_type_unsupported",
     "不支持的文件类型：仅接受 JPEG、PNG、WebP、HEIC 图片，PDF 与 Office 文档",
     "unsupported file type: only JPEG, PNG, WebP and HEIC images, PDF and office documents"},
    {"evidence_bad_time", "时间格式应为 RFC 3339（如 2021-06-15T09:30:00+08:00）：%s",
     "expected an RFC 3339 time (e.g. 2021-06-15T09:30:00+08:00): %s"},
    {"evidence_missing_file", "证据文件 %s 在存储目录中缺失",
     "evidence file %s is missing from the store"},
    {"evidence_not_attachable", "证据 %s 不是本问题待提交的整改证据",
     "evidence %s is not evidence of this finding waiting to be submitted"},
    {"multipart_invalid", "multipart/form-data 请求格式错误（%s）",
     "malformed multipart/form-data request (%s)"},
    {"deadline_passed", "已过整改期限（%s 24:00），该问题已判定为整改不合格",
     "the rectification deadline (%s 24:00) has passed: the finding is 整改不合格 (failed)"},
    {"finding_closed", "该问题已整改合格并关闭", "the finding has been accepted and closed"},
    {"finding_pending", "已有待审核的整改报告，请等待审核结果",
     "a submitted rectification is waiting for a decision"},
    {"rect_decided", "该整改报告已审核（%s）", "this rectification has been decided (%s)"},
    {"rect_not_latest", "只能审核该问题最近一次提交的整改报告",
     "only the latest submission of a finding can be decided"},
    {"four_eyes", "提交人不能审核自己提交的整改报告（四眼原则）",
     "the submitter cannot decide their own rectification (four-eyes rule)"},
    {"findings_usage",
     "msup findings list [--campaign 编号] [--status 状态] [--overdue]"
     "\n  msup findings show 编号"
     "\n  msup findings sweep [--as-of 日期或时间]",
     "msup findings list [--campaign ID] [--status STATUS] [--overdue]"
     "\n  msup findings show ID"
     "\n  msup findings sweep [--as-of DATE|TIME]"},
    {"inspwork_usage",
     "msup inspections list [--campaign 编号] [--authority 代码] [--tracking open|closed]"
     "\n  msup inspections show 编号"
     "\n  msup inspections results 编号 --item 项号=结果[:备注] ..."
     "\n  msup inspections complete 编号 [--conclusion pass|rectify|fail]"
     "\n  msup inspections not-performed 编号 --reason 理由 --follow-up 日期"
     "\n  msup inspections close-tracking 编号 --reason 理由",
     "msup inspections list [--campaign ID] [--authority CODE] [--tracking open|closed]"
     "\n  msup inspections show ID"
     "\n  msup inspections results ID --item NO=VERDICT[:NOTE] ..."
     "\n  msup inspections complete ID [--conclusion pass|rectify|fail]"
     "\n  msup inspections not-performed ID --reason TEXT --follow-up DATE"
     "\n  msup inspections close-tracking ID --reason TEXT"},
    {NULL, NULL, NULL},
};
