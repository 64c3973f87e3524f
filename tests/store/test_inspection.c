/* test_inspection.c - inspection work over a real database (SQLite, then
 * PostgreSQL): the deadline instant and cut, findings read as failed once
 * their deadline passed even before the sweep, the sweep at 15:59:59Z and
 * 16:00:00Z, one audit row per failed finding and none for a second sweep,
 * jurisdiction of finding reads; and the pure pieces the uploads rest on
 * (magic-byte sniffing, safe file names, multipart parsing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/multipart.h"
#include "core/sniff.h"
#include "service/audit.h"
#include "service/finding.h"
#include "service/registry.h"
#include "store/results.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, js, zj;
    int64_t nation, a_js, a_zj;
};

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent)
{
    struct ms_authority a = {.code = code, .name = name, .level = level, .parent_id = parent};
    ms_err err = {0};
    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s %s", code, err.key, err.field, err.arg);
    return a.id;
}

static void authority_actor(struct fx *f, ms_actor *a, const char *name, int64_t id)
{
    struct ms_authority au;
    ms_err err = {0};

    memset(a, 0, sizeof *a);
    a->name = name;
    a->role = "authority";
    a->authority_id = id;
    a->client_addr = "test";
    assert_int_equal(registry_authority_get(f->db, &f->sys, id, &f->ar, &au, &err), MS_OK);
    snprintf(a->authority_path, sizeof a->authority_path, "%s", au.path);
}

static int setup(void **state)
{
    static struct fx f;

    memset(&f, 0, sizeof f);
    unsetenv("MSUP_TODAY");
    unsetenv("MSUP_NOW");
    f.db = testdb_open("inspection");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.a_js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.a_zj = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    authority_actor(&f, &f.js, "js1", f.a_js);
    authority_actor(&f, &f.zj, "zj1", f.a_zj);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->db);
    arena_free(&f->ar);
    unsetenv("MSUP_NOW");
    return 0;
}

static int64_t audit_count(struct fx *f)
{
    return store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL);
}

static void test_cut(void **state)
{
    char cut[11], inst[32];
    (void)state;
    resdb_cut("2021-08-31T15:59:59Z", cut);
    assert_string_equal(cut, "2021-08-30");
    resdb_cut("2021-08-31T16:00:00Z", cut);
    assert_string_equal(cut, "2021-08-31");
    resdb_cut("2021-03-01T00:00:00Z", cut);
    assert_string_equal(cut, "2021-02-28");
    resdb_deadline_instant("2021-08-31", inst);
    assert_string_equal(inst, "2021-08-31T16:00:00Z");
}

static void test_deadline_and_sweep(void **state)
{
    struct fx *f = *state;
    struct ms_finding fd = {.source = "inspection",
                            .authority_id = f->a_js,
                            .severity = "defect",
                            .description = "测试问题",
                            .deadline = "2021-08-31"};
    struct finding_detail d;
    struct ms_finding *items;
    int64_t total, before;
    int n, failed = -1;
    ms_err err = {0};

    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(resdb_finding_insert(f->db, &fd, "2021-07-01T00:00:00Z", &err), MS_OK);
    assert_int_equal(store_commit(f->db, &err), MS_OK);

    setenv("MSUP_NOW", "2021-08-31T15:59:59Z", 1);
    assert_int_equal(finding_get(f->db, &f->js, fd.id, &f->ar, &d, &err), MS_OK);
    assert_string_equal(d.f.status, "open");
    assert_null(d.f.failed_at);
    /* another province: missing */
    assert_int_equal(finding_get(f->db, &f->zj, fd.id, &f->ar, &d, &err), MS_ENOTFOUND);
    assert_int_equal(finding_list(f->db, &f->zj, NULL, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 0);

    /* past the deadline: reads say failed before any sweep */
    setenv("MSUP_NOW", "2021-08-31T16:00:00Z", 1);
    assert_int_equal(finding_get(f->db, &f->js, fd.id, &f->ar, &d, &err), MS_OK);
    assert_string_equal(d.f.status, "failed");
    assert_string_equal(d.f.failed_at, "2021-08-31T16:00:00Z");
    assert_int_equal(finding_rectify(f->db, &f->js, fd.id, "太晚了", NULL, 0, &f->ar, NULL, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "deadline_passed");

    /* the sweep writes it, once, only from the deadline instant on */
    before = audit_count(f);
    assert_int_equal(finding_sweep(f->db, &f->js, NULL, &failed, &err), MS_EFORBIDDEN);
    assert_int_equal(finding_sweep(f->db, &f->sys, "2021-08-31T15:59:59Z", &failed, &err), MS_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(audit_count(f), before);
    assert_int_equal(finding_sweep(f->db, &f->sys, "31/08/2021", &failed, &err), MS_EINVAL);
    assert_string_equal(err.field, "as_of");
    assert_int_equal(finding_sweep(f->db, &f->sys, "2021-08-31T16:00:00Z", &failed, &err), MS_OK);
    assert_int_equal(failed, 1);
    assert_int_equal(audit_count(f), before + 1);
    assert_int_equal(finding_sweep(f->db, &f->sys, "2021-09-30", &failed, &err), MS_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(audit_count(f), before + 1);
    assert_int_equal(
        store_query_int(f->db, "SELECT count(*) FROM findings WHERE status = 'failed'", -1, NULL),
        1);
    unsetenv("MSUP_NOW");
}

/* A submission made in time and decided after the deadline: accepted
 * counts; rejected fails at the decision. The submitter never decides. */
static void test_decided_after_deadline(void **state)
{
    struct fx *f = *state;
    struct ms_finding a = {.source = "inspection",
                           .authority_id = f->a_js,
                           .severity = "nonconform",
                           .description = "甲",
                           .deadline = "2021-08-31"};
    struct ms_finding b = a, out;
    struct ms_rectification ra, rb;
    ms_err err = {0};

    b.description = "乙";
    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(resdb_finding_insert(f->db, &a, "2021-07-01T00:00:00Z", &err), MS_OK);
    assert_int_equal(resdb_finding_insert(f->db, &b, "2021-07-01T00:00:00Z", &err), MS_OK);
    assert_int_equal(store_commit(f->db, &err), MS_OK);
    setenv("MSUP_NOW", "2021-08-31T15:59:59Z", 1);
    assert_int_equal(finding_rectify(f->db, &f->js, a.id, "已整改", NULL, 0, &f->ar, &ra, &err),
                     MS_OK);
    assert_int_equal(finding_rectify(f->db, &f->js, b.id, "已整改", NULL, 0, &f->ar, &rb, &err),
                     MS_OK);
    setenv("MSUP_NOW", "2021-09-02T01:00:00Z", 1);
    assert_int_equal(finding_decide(f->db, &f->js, ra.id, "accept", NULL, &f->ar, &out, &err),
                     MS_EFORBIDDEN);
    assert_string_equal(err.key, "four_eyes");
    assert_int_equal(finding_decide(f->db, &f->sys, ra.id, "accept", NULL, &f->ar, &out, &err),
                     MS_OK);
    assert_string_equal(out.status, "accepted");
    assert_int_equal(
        finding_decide(f->db, &f->sys, rb.id, "reject", "证据不足", &f->ar, &out, &err), MS_OK);
    assert_string_equal(out.status, "failed");
    assert_string_equal(out.failed_at, "2021-09-02T01:00:00Z");
    assert_int_equal(finding_rectify(f->db, &f->js, b.id, "再交", NULL, 0, &f->ar, NULL, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "deadline_passed");
    unsetenv("MSUP_NOW");
}

static void test_sniff(void **state)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
    static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0};
    static const char pe[] = "MZ\x90\x00 this program cannot be run in DOS mode";
    static const char html[] = "  <!DOCTYPE html><html></html>";
    static const char ooxml[] = "PK\x03\x04....[Content_Types].xml....word/document.xml";
    char name[64];
    (void)state;
    assert_string_equal(sniff_media_type(png, sizeof png, "a.png"), "image/png");
    assert_string_equal(sniff_media_type(jpg, sizeof jpg, NULL), "image/jpeg");
    assert_string_equal(sniff_media_type("%PDF-1.7", 8, "x"), "application/pdf");
    assert_string_equal(sniff_media_type(ooxml, sizeof ooxml - 1, "r.docx"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_null(sniff_media_type("PK\x03\x04 plain zip", 14, "a.zip"));
    assert_null(sniff_media_type(pe, sizeof pe - 1, "photo.jpg"));
    assert_true(sniff_is_dangerous(pe, sizeof pe - 1));
    assert_true(sniff_is_dangerous(html, sizeof html - 1));
    assert_false(sniff_is_dangerous(png, sizeof png));
    assert_true(sniff_name_mismatch("photo.jpg", "image/png"));
    assert_false(sniff_name_mismatch("photo.PNG", "image/png"));
    assert_false(sniff_name_mismatch("photo", "image/png"));
    assert_true(sniff_declared_mismatch("application/pdf", "image/png"));
    assert_false(sniff_declared_mismatch("image/jpg", "image/jpeg"));
    assert_false(sniff_declared_mismatch("application/octet-stream", "image/png"));
    assert_string_equal(sniff_filename("../../etc/passwd", name, sizeof name), "passwd");
    assert_string_equal(sniff_filename("a\\b.jpg", name, sizeof name), "b.jpg");
    assert_string_equal(sniff_filename("..\x01\x1f.hidden", name, sizeof name), "hidden");
    assert_string_equal(sniff_filename("", name, sizeof name), "file");
    assert_string_equal(sniff_filename("dir/", name, sizeof name), "file");
}

static void test_multipart(void **state)
{
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"item_no\"\r\n\r\n"
        "4\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n"
        "Content-Type: image/png\r\n\r\n"
        "\x89PNG\r\n--not\r\n"
        "--XyZ--\r\n";
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    const struct multipart_part *p;
    char b[80];
    arena ar = ARENA_INIT;
    ms_err err = {0};
    int n;
    (void)state;
    assert_int_equal(multipart_boundary("multipart/form-data; boundary=\"XyZ\"", b, sizeof b, &err),
                     MS_OK);
    assert_string_equal(b, "XyZ");
    assert_int_equal(multipart_boundary("application/json", b, sizeof b, &err), MS_EINVAL);
    assert_int_equal(multipart_parse(body, sizeof body - 1, "XyZ", &ar, parts, &n, &err), MS_OK);
    assert_int_equal(n, 2);
    p = multipart_get(parts, n, "file");
    assert_non_null(p);
    assert_string_equal(p->filename, "a \"b\".png");
    assert_string_equal(p->type, "image/png");
    assert_int_equal(p->len, 11);
    assert_memory_equal(p->data, "\x89PNG\r\n--not", 11);
    assert_int_equal(multipart_parse(body, 20, "XyZ", &ar, parts, &n, &err), MS_EINVAL);
    assert_int_equal(multipart_parse("garbage", 7, "XyZ", &ar, parts, &n, &err), MS_EINVAL);
    arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut),
        cmocka_unit_test(test_deadline_and_sweep),
        cmocka_unit_test(test_decided_after_deadline),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_multipart),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
