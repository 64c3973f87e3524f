/* demo_names.c - name pools and unit profiles of the demo generator. */
#include <stdio.h>
#include <string.h>

#include "core/demo_names.h"
#include "core/ms.h"

/* ------------------------------------------------------------------------ */
/* Profiles                                                                 */
/* ------------------------------------------------------------------------ */

/* Sector order: food_safety, production_safety, environment, medical_health.
 * Columns: name pattern, naming, kind, USCC positions 1-2, where, weight,
 * standards lo..hi, JJF 1022 fields with weights, sector chances (%). */
/* clang-format off */
static const struct demo_profile profiles[] = {
    /* Enterprises: place + brand + industry. */
    {"精密机械有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 10, 1, 12,
     {{"01", 6}, {"12", 3}, {"04", 1}}, {0, 10, 0, 0}},
    {"机械制造有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 10, 1, 12,
     {{"01", 5}, {"12", 4}, {"04", 1}}, {0, 15, 0, 0}},
    {"汽车零部件有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 7, 1, 12,
     {{"01", 5}, {"12", 3}, {"15", 1}}, {0, 10, 0, 0}},
    {"电气有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 7, 1, 12,
     {{"15", 6}, {"04", 2}, {"12", 1}}, {0, 20, 0, 0}},
    {"电力设备有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 5, 1, 12,
     {{"15", 6}, {"23", 1}, {"12", 1}}, {0, 20, 0, 0}},
    {"电缆有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 10,
     {{"15", 5}, {"01", 2}, {"04", 1}}, {0, 10, 0, 0}},
    {"电子科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 6, 1, 10,
     {{"15", 4}, {"23", 4}, {"25", 2}}, {0, 0, 0, 0}},
    {"通信技术有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 10,
     {{"23", 4}, {"59", 4}, {"25", 2}}, {0, 0, 0, 0}},
    {"化工有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 6, 1, 14,
     {{"46", 5}, {"12", 4}, {"04", 3}}, {0, 60, 35, 0}},
    {"石油化工有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 2, 16,
     {{"46", 4}, {"12", 5}, {"04", 3}}, {0, 70, 30, 0}},
    {"钢铁有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 2, 16,
     {{"12", 5}, {"04", 4}, {"01", 2}, {"46", 1}}, {0, 50, 20, 0}},
    {"食品有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 7, 1, 10,
     {{"12", 6}, {"04", 3}, {"46", 2}}, {90, 5, 0, 0}},
    {"乳业有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 10,
     {{"12", 5}, {"04", 3}, {"46", 3}}, {95, 0, 0, 0}},
    {"粮油有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 8,
     {{"12", 6}, {"65", 3}, {"46", 1}}, {90, 0, 0, 0}},
    {"酒业有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"12", 5}, {"46", 4}, {"04", 2}}, {90, 0, 0, 0}},
    {"制药有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 4, 1, 14,
     {{"12", 5}, {"46", 4}, {"04", 3}}, {20, 0, 0, 70}},
    {"医疗器械有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 10,
     {{"15", 3}, {"12", 3}, {"37", 2}, {"33", 1}, {"28", 1}}, {0, 0, 0, 85}},
    {"燃气有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"12", 7}, {"46", 3}}, {0, 85, 0, 0}},
    {"热电有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 2, 12,
     {{"04", 5}, {"12", 4}, {"15", 3}}, {0, 60, 40, 0}},
    {"环保科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 8,
     {{"46", 6}, {"33", 2}, {"28", 1}}, {0, 0, 90, 0}},
    {"水务有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"12", 4}, {"46", 5}}, {30, 0, 50, 0}},
    {"建材有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 4, 1, 8,
     {{"63", 6}, {"12", 3}}, {0, 20, 0, 0}},
    {"水泥有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 10,
     {{"63", 6}, {"12", 3}, {"04", 1}}, {0, 20, 20, 0}},
    {"纺织有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 4, 1, 8,
     {{"51", 7}, {"12", 2}}, {0, 0, 10, 0}},
    {"印染有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"51", 5}, {"28", 3}, {"46", 1}}, {0, 0, 30, 0}},
    {"交通工程有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"61", 5}, {"12", 3}, {"63", 2}}, {0, 40, 0, 0}},
    {"物流有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 6,
     {{"61", 4}, {"12", 5}}, {0, 20, 0, 0}},
    {"农业科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 8,
     {{"65", 6}, {"46", 2}, {"12", 2}}, {60, 0, 0, 0}},
    {"饲料有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 6,
     {{"65", 5}, {"12", 3}}, {50, 0, 0, 0}},
    {"检测技术有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 4, 2, 20,
     {{"01", 2}, {"04", 2}, {"12", 3}, {"15", 2}, {"46", 2}, {"28", 1}, {"33", 1}, {"37", 1}},
     {20, 20, 20, 10}},
    {"光电科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 8,
     {{"28", 6}, {"15", 2}}, {0, 0, 0, 0}},
    {"仪器仪表有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 3, 1, 12,
     {{"12", 4}, {"04", 3}, {"15", 3}, {"46", 1}}, {0, 10, 0, 0}},
    {"声学科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 1, 6,
     {{"33", 7}, {"23", 1}}, {0, 0, 20, 0}},
    {"核技术应用有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 1, 6,
     {{"37", 7}}, {0, 0, 30, 30}},
    {"船舶重工有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 2, 12,
     {{"57", 3}, {"01", 3}, {"12", 3}}, {0, 40, 0, 0}},
    {"海洋科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 1, 6,
     {{"57", 6}, {"55", 1}}, {0, 0, 40, 0}},
    {"气象仪器有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 1, 6,
     {{"55", 7}}, {0, 0, 20, 0}},
    {"轨道交通装备有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 2, 12,
     {{"53", 6}, {"01", 2}, {"12", 2}}, {0, 40, 0, 0}},
    {"时频科技有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 1, 1, 6,
     {{"25", 7}, {"23", 1}}, {0, 0, 0, 0}},
    {"照明电器有限公司", DEMO_NAME_BRAND, DEMO_ENT, "91", DEMO_AT_ANY, 2, 1, 6,
     {{"28", 5}, {"15", 3}}, {0, 0, 0, 0}},
    /* Enterprises one per city. */
    {"国网%s供电公司", DEMO_NAME_CITY, DEMO_ENT, "91", DEMO_AT_PREFECTURE, 6, 4, 16,
     {{"15", 9}, {"04", 1}}, {0, 50, 0, 0}},
    {"%s水务集团有限公司", DEMO_NAME_CITY, DEMO_ENT, "91", DEMO_AT_PREFECTURE, 4, 2, 10,
     {{"12", 4}, {"46", 5}}, {60, 0, 50, 0}},
    {"%s燃气集团有限公司", DEMO_NAME_CITY, DEMO_ENT, "91", DEMO_AT_PREFECTURE, 4, 2, 10,
     {{"12", 7}, {"46", 3}}, {0, 90, 0, 0}},
    {"中国石化销售股份有限公司%s%s石油分公司", DEMO_NAME_CITY2, DEMO_ENT, "91",
     DEMO_AT_PREFECTURE, 4, 2, 8, {{"12", 8}, {"46", 1}}, {0, 60, 30, 0}},
    {"%s公共交通集团有限公司", DEMO_NAME_CITY, DEMO_ENT, "91", DEMO_AT_PREFECTURE, 2, 1, 6,
     {{"61", 6}, {"12", 2}}, {0, 50, 0, 0}},
    /* Institutions. */
    {"%s人民医院", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_PREFECTURE | DEMO_AT_COUNTY, 10, 2, 9,
     {{"12", 4}, {"04", 2}, {"15", 2}, {"28", 1}, {"33", 1}, {"37", 2}, {"46", 2}}, {0, 0, 0, 100}},
    {"%s第%s人民医院", DEMO_NAME_NUMBERED, DEMO_INST, "12", DEMO_AT_PREFECTURE, 8, 2, 9,
     {{"12", 4}, {"04", 2}, {"15", 2}, {"28", 1}, {"33", 1}, {"37", 2}, {"46", 2}}, {0, 0, 0, 100}},
    {"%s中医医院", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_PREFECTURE | DEMO_AT_COUNTY, 6, 2, 6,
     {{"12", 4}, {"04", 2}, {"15", 2}, {"37", 1}, {"46", 1}}, {0, 0, 0, 100}},
    {"%s妇幼保健院", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_PREFECTURE | DEMO_AT_COUNTY, 5, 2, 6,
     {{"12", 4}, {"04", 2}, {"15", 1}, {"33", 2}, {"37", 1}}, {0, 0, 0, 100}},
    {"%s中心医院", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_PREFECTURE, 3, 3, 9,
     {{"12", 4}, {"04", 2}, {"15", 2}, {"28", 1}, {"33", 1}, {"37", 2}, {"46", 2}}, {0, 0, 0, 100}},
    {"%s疾病预防控制中心", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_ANY, 6, 2, 8,
     {{"46", 5}, {"28", 2}, {"12", 3}, {"04", 2}, {"37", 1}}, {70, 0, 0, 100}},
    {"%s生态环境监测中心", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_ANY, 6, 2, 8,
     {{"46", 6}, {"33", 3}, {"28", 2}, {"55", 1}, {"12", 1}}, {0, 0, 100, 0}},
    {"%s食品药品检验所", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE,
     4, 2, 10, {{"46", 6}, {"12", 3}, {"04", 2}, {"28", 2}}, {100, 0, 0, 50}},
    {"%s产品质量监督检验所", DEMO_NAME_PLACE, DEMO_INST, "12", DEMO_AT_ANY, 5, 2, 10,
     {{"12", 4}, {"15", 3}, {"04", 2}, {"01", 2}, {"46", 2}}, {30, 30, 0, 0}},
    {"%s特种设备安全监督检验所", DEMO_NAME_PLACE, DEMO_INST, "12",
     DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE, 4, 2, 8, {{"12", 6}, {"04", 2}, {"15", 1}},
     {0, 100, 0, 0}},
    {"医院", DEMO_NAME_BRAND, DEMO_INST, "52", DEMO_AT_PREFECTURE | DEMO_AT_COUNTY, 8, 1, 5,
     {{"12", 4}, {"04", 2}, {"15", 2}, {"37", 1}}, {0, 0, 0, 100}},
    {"口腔医院", DEMO_NAME_BRAND, DEMO_INST, "52", DEMO_AT_PREFECTURE | DEMO_AT_COUNTY, 3, 1, 3,
     {{"12", 3}, {"37", 3}, {"04", 1}}, {0, 0, 0, 100}},
    /* Departments (部门最高计量标准). */
    {"%s气象局", DEMO_NAME_PLACE, DEMO_DEPT, "11", DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE, 4, 2, 8,
     {{"55", 8}, {"04", 1}, {"12", 1}}, {0, 0, 50, 0}},
    {"%s水文水资源勘测局", DEMO_NAME_PLACE, DEMO_DEPT, "12", DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE,
     3, 2, 8, {{"46", 4}, {"12", 3}, {"55", 2}}, {0, 0, 70, 0}},
    {"%s交通工程质量监督站", DEMO_NAME_PLACE, DEMO_DEPT, "12",
     DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE, 3, 2, 8, {{"61", 5}, {"63", 3}, {"12", 2}},
     {0, 50, 0, 0}},
    {"%s农产品质量安全检测中心", DEMO_NAME_PLACE, DEMO_DEPT, "12", DEMO_AT_ANY, 3, 2, 8,
     {{"46", 5}, {"65", 4}, {"12", 2}}, {100, 0, 0, 0}},
    {"%s烟草专卖局", DEMO_NAME_PLACE, DEMO_DEPT, "11", DEMO_AT_ANY, 3, 2, 8,
     {{"12", 6}, {"04", 2}, {"46", 2}}, {0, 0, 0, 0}},
    {"%s公安局交通警察支队", DEMO_NAME_PLACE, DEMO_DEPT, "11", DEMO_AT_PREFECTURE, 2, 2, 6,
     {{"25", 5}, {"46", 4}, {"61", 2}}, {0, 80, 0, 0}},
    {"%s建设工程质量检测中心", DEMO_NAME_PLACE, DEMO_DEPT, "12", DEMO_AT_ANY, 3, 2, 8,
     {{"63", 5}, {"12", 4}, {"01", 1}}, {0, 60, 0, 0}},
    {"%s海洋环境监测中心", DEMO_NAME_PLACE, DEMO_DEPT, "12", DEMO_AT_PROVINCE | DEMO_AT_PREFECTURE,
     1, 2, 6, {{"57", 6}, {"46", 3}}, {0, 0, 100, 0}},
    {"%s通信管理局", DEMO_NAME_PLACE, DEMO_DEPT, "11", DEMO_AT_PROVINCE, 1, 2, 6,
     {{"59", 6}, {"23", 3}}, {0, 0, 0, 0}},
};
/* clang-format on */

const struct demo_profile *demo_profiles(size_t *n)
{
    if (n)
        *n = MS_ARRAY_LEN(profiles);
    return profiles;
}

/* ------------------------------------------------------------------------ */
/* Pools                                                                    */
/* ------------------------------------------------------------------------ */

/* Common surnames, most frequent first (repeated ones are drawn more often). */
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
    "莫", "孔", "向", "汤", "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
};

static const char *const given_m[] = {
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "建", "文",
    "力", "斌", "波", "鹏", "飞", "浩", "宇", "博", "俊", "凯", "亮", "健", "峰", "海", "云",
    "东", "志", "国", "永", "春", "德", "立", "新", "天", "子", "睿", "泽", "瑞", "轩", "昊",
    "然", "航", "旭", "阳", "帆", "毅", "钢", "荣", "庆", "忠", "成", "兵", "林", "松", "岩",
    "清", "彬", "锋", "坤", "伦", "剑", "鑫", "晨", "华", "宁", "学", "宏", "振", "光", "民",
};

static const char *const given_f[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "秀", "霞", "桂", "英", "玉", "萍", "红", "琳",
    "颖", "慧", "欣", "雪", "婷", "晨", "燕", "晓", "佳", "梓", "晗", "涵", "怡", "琪", "蕾",
    "倩", "婧", "薇", "悦", "璐", "楠", "洁", "莉", "蓉", "雯", "琦", "玮", "晶", "丹", "月",
    "兰", "梅", "华", "宁", "思", "嘉", "雨", "文", "春", "小", "美", "凤", "亚", "欢", "青",
};

static const char *const brand_chars[] = {
    "恒", "华", "瑞", "通", "达", "鑫", "盛", "宏", "泰", "隆", "天", "海", "金", "新", "佳",
    "永", "信", "德", "富", "明", "安", "康", "中", "宇", "博", "凯", "源", "润", "丰", "星",
    "嘉", "腾", "辉", "昌", "益", "诚", "正", "众", "远", "航", "创", "科", "联", "合", "汇",
    "力", "威", "峰", "晨", "翔", "瀚", "锦", "元", "和", "光", "弘", "成", "顺", "旭", "东",
};

static const char *const roads[] = {
    "中山路",   "人民路",   "解放路",           "建设路",         "长江路",         "黄河路",
    "新华路",   "和平路",   "胜利路",           "文化路",         "光明路",         "东风路",
    "健康路",   "青年路",   "迎宾大道",         "工业大道",       "科技路",         "创新路",
    "发展大道", "学府路",   "环城东路",         "环城西路",       "滨江大道",       "振兴路",
    "团结路",   "朝阳路",   "北京路",           "上海路",         "中华路",         "人民南路",
    "人民北路", "开发大道", "经济开发区兴业路", "高新区科技园路", "工业园区创业路", "民主路",
    "友谊路",   "府前路",   "车站路",           "园林路",
};

void demo_person_name(demo_rng *r, char *buf, size_t size)
{
    const char *s = surnames[demo_rng_below(r, MS_ARRAY_LEN(surnames))];
    int female = demo_rng_chance(r, 0.45);
    const char *const *pool = female ? given_f : given_m;
    uint32_t n = female ? MS_ARRAY_LEN(given_f) : MS_ARRAY_LEN(given_m);
    uint32_t a = demo_rng_below(r, n), b;

    if (demo_rng_chance(r, 0.3)) {
        snprintf(buf, size, "%s%s", s, pool[a]);
        return;
    }
    b = demo_rng_below(r, n);
    if (b == a && demo_rng_chance(r, 0.8))
        b = (b + 1) % n; /* 婷婷 and 欢欢 exist, but rarely */
    snprintf(buf, size, "%s%s%s", s, pool[a], pool[b]);
}

void demo_brand(demo_rng *r, char *buf, size_t size)
{
    uint32_t n = MS_ARRAY_LEN(brand_chars);
    uint32_t a = demo_rng_below(r, n);
    uint32_t b = (a + 1 + demo_rng_below(r, n - 1)) % n; /* b != a */

    snprintf(buf, size, "%s%s", brand_chars[a], brand_chars[b]);
}

void demo_street(demo_rng *r, char *buf, size_t size)
{
    int num = demo_rng_chance(r, 0.7) ? demo_rng_range(r, 1, 299) : demo_rng_range(r, 300, 1888);

    snprintf(buf, size, "%s%d号", roads[demo_rng_below(r, MS_ARRAY_LEN(roads))], num);
}

void demo_phone(demo_rng *r, char *buf, size_t size)
{
    static const char *const prefixes[] = {"133", "135", "136", "137", "138", "139",
                                           "150", "151", "152", "158", "159", "177",
                                           "180", "181", "186", "187", "188", "189"};

    snprintf(buf, size, "%s%08u", prefixes[demo_rng_below(r, MS_ARRAY_LEN(prefixes))],
             (unsigned)demo_rng_below(r, 100000000u));
}

/* ------------------------------------------------------------------------ */
/* UTF-8 and place names                                                    */
/* ------------------------------------------------------------------------ */

static size_t char_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    if ((c & 0xf8) == 0xf0)
        return 4;
    return 1;
}

size_t demo_utf8_len(const char *s)
{
    size_t n = 0;

    while (*s) {
        size_t k = char_len((unsigned char)*s);
        for (size_t i = 0; i < k && *s; i++)
            s++;
        n++;
    }
    return n;
}

size_t demo_utf8_prefix(const char *s, size_t nchars, char *buf, size_t size)
{
    size_t out = 0;

    if (!size)
        return 0;
    while (*s && nchars) {
        size_t k = char_len((unsigned char)*s);
        if (strnlen(s, k) < k || out + k + 1 > size)
            break;
        memcpy(buf + out, s, k);
        out += k;
        s += k;
        nchars--;
    }
    buf[out] = '\0';
    return out;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Peoples named in autonomous divisions ("延边朝鲜族自治州"). */
static const char *const peoples[] = {
    "蒙古", "回",     "藏",   "维吾尔", "苗",   "彝",   "壮",     "布依",   "朝鲜",
    "满",   "侗",     "瑶",   "白",     "土家", "哈尼", "哈萨克", "傣",     "黎",
    "傈僳", "佤",     "畲",   "拉祜",   "水",   "东乡", "纳西",   "景颇",   "柯尔克孜",
    "土",   "达斡尔", "仫佬", "羌",     "布朗", "撒拉", "毛南",   "仡佬",   "锡伯",
    "普米", "塔吉克", "怒",   "鄂温克", "保安", "裕固", "独龙",   "鄂伦春", "各",
};

/* Byte offset of the first people's name at character 2 or later that is
 * followed by 族 or 自治, or 0 if there is none. */
static size_t people_at(const char *name)
{
    size_t nchar = 0;

    for (const char *p = name; *p; p += char_len((unsigned char)*p), nchar++) {
        if (nchar < 2)
            continue;
        for (size_t i = 0; i < MS_ARRAY_LEN(peoples); i++) {
            size_t k = strlen(peoples[i]);
            if (strncmp(p, peoples[i], k) == 0 && (strncmp(p + k, "族", strlen("族")) == 0 ||
                                                   strncmp(p + k, "自治", strlen("自治")) == 0))
                return (size_t)(p - name);
        }
    }
    return 0;
}

void demo_place_stem(const char *name, char *buf, size_t size)
{
    static const char *const suffixes[] = {"特别行政区", "自治区", "自治州", "自治县", "自治旗",
                                           "林区",       "地区",   "新区",   "省",     "市",
                                           "区",         "县",     "旗",     "盟"};
    const char *autonomy = strstr(name, "自治");
    size_t len = strlen(name);

    if (!size)
        return;
    if (autonomy) {
        /* "延边朝鲜族自治州" -> "延边"; "西藏自治区" -> "西藏";
         * "鄂伦春自治旗" -> "鄂伦春"; "东乡族自治县" -> "东乡". */
        size_t at = people_at(name);
        if (!at) {
            at = (size_t)(autonomy - name);
            if (at >= strlen("族") && memcmp(name + at - strlen("族"), "族", strlen("族")) == 0)
                at -= strlen("族");
        }
        len = at;
    } else {
        for (size_t i = 0; i < MS_ARRAY_LEN(suffixes); i++) {
            if (ends_with(name, suffixes[i]) && len > strlen(suffixes[i])) {
                len -= strlen(suffixes[i]);
                break;
            }
        }
    }
    if (len >= size)
        len = size - 1;
    memcpy(buf, name, len);
    buf[len] = '\0';
    if (demo_utf8_len(buf) < 2)
        snprintf(buf, size, "%s", name); /* "沛县" stays "沛县" */
}

const char *demo_numeral(int n)
{
    static const char *const nums[] = {"",   "一", "二", "三", "四", "五",
                                       "六", "七", "八", "九", "十"};
    return n >= 1 && n <= 10 ? nums[n] : "";
}
