/* msg_common.c - messages shared by every module. */
#include "core/msg.h"

const struct msg msg_common[] = {
    {"internal", "内部错误：%s", "internal error: %s"},
    {"out_of_memory", "内存不足", "out of memory"},
    {"db_error", "数据库错误：%s", "database error: %s"},
    {"db_url", "数据库地址无效：%s（应为 sqlite:路径 或 postgresql://…）",
     "invalid database URL: %s (expected sqlite:PATH or postgresql://...)"},
    {"db_fk", "引用的记录不存在或仍被引用：%s",
     "a referenced record is missing or still in use: %s"},
    {"db_check", "数据不符合约束：%s", "the data breaks a rule of the database: %s"},
    {"db_busy", "数据库繁忙，请稍后重试", "the database is busy, try again"},
    {"required", "必填项不能为空", "this field is required"},
    {"too_long", "内容过长（最多 %s 个字符）", "too long (at most %s characters)"},
    {"invalid_int", "应为整数：%s", "not an integer: %s"},
    {"invalid_enum", "取值无效：%s", "not an allowed value: %s"},
    {"invalid_utf8", "文本不是有效的 UTF-8 编码", "text is not valid UTF-8"},
    {"control_chars", "不能包含控制字符", "must not contain control characters"},
    {"forbidden", "无权执行此操作", "you are not allowed to do this"},
    {"not_found", "未找到：%s", "not found: %s"},
    {"duplicate", "已存在：%s", "already exists: %s"},
    {"usage", "用法：%s", "usage: %s"},
    {"io_error", "读写文件失败：%s", "cannot read or write a file: %s"},
    {NULL, NULL, NULL},
};
