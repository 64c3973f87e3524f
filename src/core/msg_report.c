/* msg_report.c - messages of reports and publication. */
#include "core/msg.h"

const struct msg msg_report[] = {
    {"report_format", "输出格式无效：%s（可用 json、csv、xlsx、pdf、atom，视报表而定）",
     "invalid output format: %s (json, csv, xlsx, pdf or atom, depending on the report)"},
    {"pdf_error", "生成 PDF 失败", "the PDF could not be produced"},
    {"report_usage",
     "msup report summary --campaign 编号 [--authority 代码] [--format json|xlsx|pdf] [-o 文件]"
     "\n  msup report inspections --campaign 编号 [--authority 代码] [--format csv|xlsx] [-o 文件]"
     "\n  msup report form 检查编号 [--authority 代码] [-o 文件]（PDF）"
     "\n  msup report public [--campaign 编号] [--format json|csv|atom] [-o 文件]",
     "msup report summary --campaign ID [--authority CODE] [--format json|xlsx|pdf] [-o FILE]"
     "\n  msup report inspections --campaign ID [--authority CODE] [--format csv|xlsx] [-o FILE]"
     "\n  msup report form INSPECTION_ID [--authority CODE] [-o FILE] (PDF)"
     "\n  msup report public [--campaign ID] [--format json|csv|atom] [-o FILE]"},
    {NULL, NULL, NULL},
};
