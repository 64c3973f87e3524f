/* test_rowcache.c - the server's rendered-row cache (src/http/rowcache.c):
 * a text is given back only for the (id, rev) it was kept under, slots are
 * overwritten cleanly, and threads never see a torn or foreign text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "core/alloc.h"
#include "http/rowcache.h"

/* The text rowcache_write adds to an empty array, "" on a miss. */
static char *written(int64_t id, int64_t rev, int *hit)
{
    static char out[256];
    jw w;
    size_t len;
    char *s;

    jw_init(&w, 64);
    jw_arr_begin(&w);
    *hit = rowcache_write(&w, id, rev);
    jw_arr_end(&w);
    s = jw_finish(&w, &len);
    assert_non_null(s);
    assert_true(len >= 2 && len - 2 < sizeof out);
    memcpy(out, s + 1, len - 2);
    out[len - 2] = '\0';
    ms_free(s);
    return out;
}

static void test_off(void **state)
{
    int hit;
    (void)state;
    assert_int_equal(rowcache_init(0), 0);
    rowcache_put(1, 0, "{\"id\":1}", 8);
    assert_string_equal(written(1, 0, &hit), "");
    assert_false(hit);
}

static void test_id_and_rev(void **state)
{
    uint64_t h, m;
    size_t n, bytes;
    int hit;
    (void)state;
    assert_int_equal(rowcache_init(16), 0);
    rowcache_put(5, 1, "{\"id\":5,\"v\":\"a\"}", 16);
    assert_string_equal(written(5, 1, &hit), "{\"id\":5,\"v\":\"a\"}");
    assert_true(hit);
    /* another version of the row, or another row: a miss */
    assert_string_equal(written(5, 2, &hit), "");
    assert_false(hit);
    assert_string_equal(written(6, 1, &hit), "");
    /* a new version replaces the old one */
    rowcache_put(5, 2, "{\"id\":5,\"v\":\"bb\"}", 17);
    assert_string_equal(written(5, 2, &hit), "{\"id\":5,\"v\":\"bb\"}");
    assert_string_equal(written(5, 1, &hit), "");
    /* a row of the same slot (21 mod 16 = 5) takes it over */
    rowcache_put(21, 0, "{\"id\":21}", 9);
    assert_string_equal(written(21, 0, &hit), "{\"id\":21}");
    assert_string_equal(written(5, 2, &hit), "");
    /* ids that are no row's are never held; nor is a text over 64 KiB */
    rowcache_put(0, 0, "{}", 2);
    assert_string_equal(written(0, 0, &hit), "");
    {
        size_t big = 64 * 1024 + 1;
        char *t = ms_malloc(big);
        memset(t, ' ', big);
        t[0] = '{', t[big - 1] = '}';
        rowcache_put(7, 0, t, big);
        ms_free(t);
        assert_string_equal(written(7, 0, &hit), "");
    }
    rowcache_stats(&h, &m, &n, &bytes);
    assert_int_equal(n, 16);
    assert_int_equal(h, 3);
    assert_int_equal(m, 5);
    assert_int_equal(bytes, 128); /* one slot in use, its text rounded up */
}

static void test_commas(void **state)
{
    jw w;
    size_t len;
    char *s;
    (void)state;
    assert_int_equal(rowcache_init(8), 0);
    rowcache_put(1, 3, "{\"id\":1}", 8);
    rowcache_put(2, 0, "{\"id\":2}", 8);
    jw_init(&w, 64);
    jw_obj_begin(&w);
    jw_key(&w, "items");
    jw_arr_begin(&w);
    assert_true(rowcache_write(&w, 1, 3));
    assert_false(rowcache_write(&w, 3, 0));
    jw_obj_begin(&w);
    jw_kint(&w, "id", 3);
    jw_obj_end(&w);
    assert_true(rowcache_write(&w, 2, 0));
    jw_arr_end(&w);
    jw_kint(&w, "total", 3);
    jw_obj_end(&w);
    s = jw_finish(&w, &len);
    assert_string_equal(s, "{\"items\":[{\"id\":1},{\"id\":3},{\"id\":2}],\"total\":3}");
    ms_free(s);
}

/* The recent hit ratio that decides whether a list reads ids and revs first. */
static void test_mostly_hits(void **state)
{
    int hit;
    (void)state;
    assert_int_equal(rowcache_init(64), 0);
    assert_false(rowcache_mostly_hits());
    rowcache_put(1, 0, "{}", 2);
    for (int i = 0; i < 63; i++)
        written(1, 0, &hit);
    assert_false(rowcache_mostly_hits()); /* too few to judge */
    written(1, 0, &hit);
    assert_true(rowcache_mostly_hits());
    for (int i = 0; i < 22; i++)
        written(2, 0, &hit);
    assert_false(rowcache_mostly_hits()); /* 64 of 86: under 3 in 4 */
    /* a long run of misses is forgotten by halves once hits come back */
    for (int i = 0; i < 10000; i++)
        written(3, 0, &hit);
    for (int i = 0; i < 10000; i++)
        written(1, 0, &hit);
    assert_true(rowcache_mostly_hits());
    assert_int_equal(rowcache_init(0), 0);
    assert_false(rowcache_mostly_hits());
}

/* Threads write and read the same few slots; every hit must be exactly the
 * text of the (id, rev) asked for. */
#define ROUNDS 20000
static void text_of(int64_t id, int64_t rev, char *buf, size_t size)
{
    int n =
        snprintf(buf, size, "{\"id\":%lld,\"rev\":%lld,\"pad\":\"", (long long)id, (long long)rev);
    /* lengths differ by rev, so a torn copy would show */
    for (int64_t i = 0; i < rev % 97 && n < (int)size - 3; i++)
        buf[n++] = (char)('a' + (id + i) % 26);
    buf[n++] = '"', buf[n++] = '}', buf[n] = '\0';
}

static void *hammer(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    char want[256];
    long bad = 0;

    for (int i = 0; i < ROUNDS; i++) {
        int64_t id = 1 + rand_r(&seed) % 40, rev = rand_r(&seed) % 300;
        jw w;
        size_t len;
        char *s;
        text_of(id, rev, want, sizeof want);
        if (rand_r(&seed) % 2) {
            rowcache_put(id, rev, want, strlen(want));
            continue;
        }
        jw_init(&w, 64);
        jw_arr_begin(&w);
        if (rowcache_write(&w, id, rev)) {
            jw_arr_end(&w);
            s = jw_finish(&w, &len);
            bad += !s || len != strlen(want) + 2 || memcmp(s + 1, want, len - 2) != 0;
            ms_free(s);
        } else {
            jw_free(&w);
        }
    }
    return (void *)bad;
}

static void test_threads(void **state)
{
    pthread_t t[4];
    uint64_t h, m;
    size_t n, bytes;
    (void)state;
    assert_int_equal(rowcache_init(16), 0); /* 40 ids over 16 slots: constant eviction */
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        assert_int_equal((long)bad, 0);
    }
    rowcache_stats(&h, &m, &n, &bytes);
    assert_true(h > 0); /* the check above saw hits */
    rowcache_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off),     cmocka_unit_test(test_id_and_rev),
        cmocka_unit_test(test_commas),  cmocka_unit_test(test_mostly_hits),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
