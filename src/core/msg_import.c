/* msg_import.c - messages of tabular input (core/tabin.c), import and export. */
#include "core/msg.h"

const struct msg msg_import[] = {
    /* reading the file (core/tabin.c) */
    {"bad_encoding",
     "文件编码无法识别：既不是 UTF-8 也不是 GB18030（位置 %s）；请另存为 UTF-8 CSV 或 XLSX",
     "unknown file encoding: neither UTF-8 nor GB18030 (at %s); save it as UTF-8 CSV or XLSX"},
    {"unsupported_format", "不支持的文件格式：%s；请使用 CSV 或 XLSX（Excel 2007 及以后）",
     "unsupported file format: %s; use CSV or XLSX (Excel 2007 or later)"},
    {"csv_malformed", "CSV 格式错误：引号 %s 未正确配对或字段中有多余的引号",
     "malformed CSV: a quote %s is not closed or stands inside a field"},
    {"xlsx_malformed", "XLSX 文件无法读取：%s", "cannot read the XLSX file: %s"},
    {"too_many_columns", "列数过多（最多 %s 列）", "too many columns (at most %s)"},

    /* import (service/import.c) */
    {"import_kind", "导入类型无效：%s（应为 units、standards、apparatus 或 personnel）",
     "unknown import kind: %s (expected units, standards, apparatus or personnel)"},
    {"import_no_header", "文件为空：第一行应为表头",
     "the file is empty: the first row must be the "
     "header"},
    {"import_missing_column", "缺少必需的列：%s", "a required column is missing: %s"},
    {"import_duplicate_column", "列重复：%s", "the column appears twice: %s"},
    {"import_unknown_column", "未识别的列，已忽略：%s", "unknown column, ignored: %s"},
    {"import_duplicate_in_file", "与文件第 %s 行重复", "the same as row %s of the file"},
    {"import_unknown_standard", "计量标准不存在或不在管辖范围内（证书编号 %s）",
     "no such standard within your jurisdiction (certificate number %s)"},
    {"import_bad_bool", "应为“是”或“否”：%s", "expected yes or no: %s"},
    {"export_format", "导出格式无效：%s（应为 csv 或 xlsx）",
     "unknown export format: %s (expected csv or xlsx)"},
    {NULL, NULL, NULL},
};
