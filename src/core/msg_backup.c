/* msg_backup.c - messages of `msup backup` / `msup restore` (issue 9). */
#include "core/msg.h"

const struct msg msg_backup[] = {
    {"backup_usage", "msup [--db 地址] backup 输出文件", "msup [--db URL] backup OUTPUT_FILE"},
    {"restore_usage", "msup [--db 地址] restore [--force] 备份文件",
     "msup [--db URL] restore [--force] BACKUP_FILE"},
    {"backup_no_file", "文件不存在或不是普通文件：%s", "no such regular file: %s"},
    {"backup_not_db", "不是有效的备份文件：%s", "not a valid backup file: %s"},
    {"backup_corrupt", "备份文件已损坏（完整性检查失败）：%s",
     "the backup file is damaged (integrity check failed): %s"},
    {"backup_not_msup", "不是 msup 数据库的备份（没有数据库结构版本）：%s",
     "not a backup of an msup database (no schema version): %s"},
    {"backup_schema_newer", "备份的数据库结构版本 %s 比本程序所知的更新，请先升级 msup",
     "the backup's schema version %s is newer than this program knows; upgrade msup first"},
    {"backup_tool_failed", "外部程序 %s 执行失败（错误信息见上）",
     "the external program %s failed (see the messages above)"},
    {"restore_exists", "目标数据库文件已存在：%s（确认覆盖请加 --force，并先停止服务）",
     "the target database file exists: %s (add --force to replace it, after stopping the "
     "servers)"},
    {"restore_not_empty",
     "目标数据库不是空库（已有 %s 张表）；请恢复到新建的空数据库（createdb），不会合并数据",
     "the target database is not empty (%s tables); restore into a new empty database "
     "(createdb): data is never merged"},
    {NULL, NULL, NULL},
};
