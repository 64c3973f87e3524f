/* msg_stats.c - messages of technical checks: the calculators (core/stats)
 * and the stored checks (service/check). */
#include "core/msg.h"

const struct msg msg_stats[] = {
    /* core/stats */
    {"stats_too_few", "数据太少：至少需要 %s 个", "too few values: at least %s needed"},
    {"stats_too_many", "数据太多：最多 %s 个", "too many values: at most %s"},
    {"stats_not_finite", "必须是有限的数值（不能为空、NaN 或无穷大）",
     "must be a finite number (not empty, NaN or infinite)"},
    {"stats_not_positive", "必须是大于 0 的数值", "must be a number above 0"},
    {"stats_zero_uncertainty", "不确定度不能为 0（分母为 0）",
     "the uncertainty must not be 0 (the denominator is 0)"},
    {"stats_en_wref",
     "参考值为加权平均且包含本实验室时，本实验室的不确定度必须大于参考值的不确定度",
     "when the lab is part of the weighted-mean reference its uncertainty must exceed the "
     "reference's"},
    {"stats_no_variation", "数据全部相同，没有变化，无法计算",
     "all values are identical: there is no variation to compute with"},
    {"stats_alga_not_computable", "稳健统计算法 A 无法计算：一半以上的数据相同，初始 s* 为 0",
     "Algorithm A is not computable: more than half of the values are equal, so s* starts at 0"},
    {"stats_subgroup_size", "子组大小应为 %s", "the subgroup size must be %s"},
    {"stats_subgroup_ragged", "各子组的大小必须相同", "every subgroup must have the same size"},
    /* calculators and stored checks */
    {"calc_unknown", "没有此计算：%s", "no such calculation: %s"},
    {"calc_object", "必须是 JSON 对象", "must be a JSON object"},
    {"calc_choice", "取值无效，应为 %s", "invalid value, expected %s"},
    {"calc_index", "序号超出范围：%s", "index out of range: %s"},
    {"check_kind", "核查类型无效，应为 %s", "invalid kind of check, expected %s"},
    {"check_method", "此核查类型不能使用该方法，应为 %s",
     "this method is not allowed for this kind of check, expected %s"},
    {"calc_usage",
     "msup calc en|zeta|zscore|algorithm-a|repeatability|stability|control-chart|grubbs|"
     "verification [文件] < 数据.json（JSON 对象，字段见 docs/openapi.yaml）",
     "msup calc en|zeta|zscore|algorithm-a|repeatability|stability|control-chart|grubbs|"
     "verification [FILE] < data.json (a JSON object, members in docs/openapi.yaml)"},
    {NULL, NULL, NULL},
};
