/* msg_http.c - messages of the HTTP transport. */
#include "core/msg.h"

const struct msg msg_http[] = {
    {"unauthenticated", "请先登录", "please log in"},
    {"password_change_required", "首次登录须先修改密码", "change your password first"},
    {"csrf", "缺少或错误的 X-CSRF-Token 请求头", "missing or wrong X-CSRF-Token header"},
    {"malformed_json", "JSON 格式错误（第 %s 处：行:列）", "malformed JSON at line:column %s"},
    {"json_not_object", "请求体应为 JSON 对象", "the body must be a JSON object"},
    {"unsupported_media_type", "不支持的内容类型：%s（应为 application/json）",
     "unsupported content type: %s (expected application/json)"},
    {"body_too_large", "请求体过大（上限 %s 字节）", "request body too large (limit %s bytes)"},
    {"unexpected_body", "此请求不接受请求体", "this request takes no body"},
    {"method_not_allowed", "不支持的请求方法：%s", "method not allowed: %s"},
    {"invalid_type", "类型错误，应为 %s", "wrong type, expected %s"},
    {"invalid_id", "编号无效：%s（应为正整数）", "invalid id: %s (expected a positive integer)"},
    {"unknown_field", "未知字段：%s", "unknown field: %s"},
    {"ui_not_built", "网页界面尚未构建", "the web UI is not built"},
    {"invalid_listen", "监听地址无效：%s（应为 地址:端口）",
     "invalid listen address: %s (expected HOST:PORT)"},
    {"tls_pair", "--tls-cert 与 --tls-key 须同时提供", "--tls-cert and --tls-key go together"},
    {"listen_failed", "无法监听 %s（端口被占用？）", "cannot listen on %s (port in use?)"},
    /* reverse proxy (issue 9, ops) */
    {"invalid_proxy", "受信任代理地址无效：%s（应为以逗号分隔的 IP 地址）",
     "invalid trusted proxy address: %s (expected comma-separated IP addresses)"},
    /* limits (issue 9, hard) */
    {"db_pool_timeout", "服务器繁忙（数据库连接已用尽），请稍后重试",
     "the server is busy (every database connection is in use), try again"},
    {"serve_limit_invalid", "取值无效：%s", "invalid value: %s"},
    {NULL, NULL, NULL},
};
