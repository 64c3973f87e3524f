/* msg_draw.c - messages of the draw (双随机): roster checks, verification
 * against a published result, the seed commitment, inspector assignment.
 * ms_err.field names the JSON path ("units[3].standards[0].field"). */
#include "core/msg.h"

const struct msg msg_draw[] = {
    {"draw_bad_json", "JSON 格式错误：%s", "invalid JSON: %s"},
    {"draw_wrong_type", "类型错误：应为 %s", "wrong type: expected %s"},
    {"draw_unknown_key", "未知字段：%s", "unknown key: %s"},
    {"draw_bad_algorithm", "不支持的抽取算法：%s（应为 msup-draw-1）",
     "unsupported draw algorithm: %s (expected msup-draw-1)"},
    {"draw_duplicate", "重复：%s", "duplicate: %s"},
    {"draw_bad_count", "应为非负整数：%s", "must be an integer >= 0: %s"},
    {"draw_not_normal", "不是规范写法，应写作 %s", "not in normal form, write it as %s"},
    {"draw_cert_space", "证书编号不能包含空格：%s",
     "a certificate number must not contain blanks: %s"},
    {"draw_bad_field", "专业领域代码无效：%s（应为 JJF 1022 一级代码，如 01）",
     "invalid field code: %s (expected a JJF 1022 level-1 code such as 01)"},
    {"draw_bad_sector",
     "重点领域无效：%s（应为 food_safety、production_safety、environment、medical_health）",
     "invalid focus sector: %s (expected food_safety, production_safety, environment or "
     "medical_health)"},
    {"draw_bad_credit", "信用风险分类无效：%s（应为 A、B、C、D 或 null）",
     "invalid credit risk class: %s (expected A, B, C, D or null)"},
    {"draw_no_standards", "单位至少应有一项计量标准", "a unit must hold at least one standard"},
    {"draw_bad_rate", "抽查比例无效：%s（应大于 0 且不大于 1）",
     "invalid rate: %s (must be above 0 and at most 1)"},
    {"draw_result_differs", "与发布的结果不一致（发布值 / 重算值）：%s",
     "differs from the published result (published / recomputed): %s"},
    {"draw_bad_commit", "种子承诺值无效：%s（应为 64 位十六进制 SM3 哈希）",
     "invalid seed commitment: %s (expected a 64-digit hex SM3 hash)"},
    {"draw_seed_mismatch", "种子与事先公布的承诺哈希不符，拒绝抽取（该种子的 SM3 为 %s）",
     "the seed does not match the published commitment; the draw is refused (its SM3 is %s)"},
    {"draw_team_size", "检查组人数无效：%s（至少 2 人）",
     "invalid team size: %s (at least 2 people)"},
    {"draw_not_in_team", "该检查人员不在本次检查的检查组中：%s",
     "this inspector is not in the team of the inspection: %s"},
    {"draw_usage",
     "msup draw verify --roster 文件 --seed 种子 [--result 文件] [--commit 哈希] [--json]",
     "msup draw verify --roster FILE --seed SEED [--result FILE] [--commit HASH] [--json]"},
    {"draw_not_available", "msup draw %s 尚未提供：目前只有 msup draw verify（离线复核）",
     "msup draw %s is not available yet: only msup draw verify (offline check) is"},
    {NULL, NULL, NULL},
};
