/* msg_audit.c - messages of the audit trail (全程留痕). The break reasons of
 * `msup audit verify` take the broken seq as %s. */
#include "core/msg.h"

const struct msg msg_audit[] = {
    {"audit_no_tx", "内部错误：审计记录必须在事务内写入（%s）",
     "internal error: an audit row must be written inside a transaction (%s)"},
    {"audit_no_head", "审计链头缺失或已被改动",
     "the head of the audit chain is missing or was changed"},
    {"audit_bad_json", "变更内容不是有效的 JSON", "the change is not valid JSON"},
    {"audit_bad_time", "时间格式无效：%s（应为 RFC 3339 时间或其前缀，如 2026-11-27）",
     "invalid time: %s (expected an RFC 3339 time or a prefix of one, e.g. 2026-11-27)"},
    {"audit_row_invalid", "审计链在 seq %s 处断裂：该条记录无法还原为规范形式（记录被改动）",
     "audit chain broken at seq %s: the row cannot be put in canonical form (it was changed)"},
    {"audit_seq_gap", "审计链在 seq %s 处断裂：该条记录缺失或序号被改动",
     "audit chain broken at seq %s: the row is missing or its seq was changed"},
    {"audit_prev_mismatch", "审计链在 seq %s 处断裂：前一条哈希不符（记录被删除、调换或改动）",
     "audit chain broken at seq %s: prev_hash does not match (a row was removed, swapped or "
     "changed)"},
    {"audit_hash_mismatch", "审计链在 seq %s 处断裂：内容与哈希不符（记录被改动）",
     "audit chain broken at seq %s: the content does not match the hash (the row was changed)"},
    {"audit_tail_missing", "审计链在 seq %s 处断裂：链头记录的末尾数条已被删除",
     "audit chain broken at seq %s: rows at the end that the head records were removed"},
    {"audit_head_behind", "审计链在 seq %s 处断裂：存在链头之外的记录（记录被追加伪造）",
     "audit chain broken at seq %s: there are rows beyond the head (rows were forged)"},
    {"audit_head_mismatch", "审计链在 seq %s 处断裂：最后一条记录与链头哈希不符",
     "audit chain broken at seq %s: the last row does not match the head's hash"},
    {NULL, NULL, NULL},
};
