/* evidence.c - evidence files: sniffed, stored content-addressed by SM3,
 * read back by those allowed to see them (see inspwork.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/checklist.h"
#include "core/sm3.h"
#include "core/sniff.h"
#include "service/audit.h"
#include "service/inspwork_int.h"

static int is_role(const ms_actor *who, const char *role)
{
    return who->role && strcmp(who->role, role) == 0;
}

const char *evidence_dir_default(void)
{
    const char *env = getenv("MSUP_EVIDENCE_DIR");

    return env && *env ? env : EVIDENCE_DEFAULT_DIR;
}

/* 1 when S is an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
static int rfc3339_ok(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t i, n = strlen(s);

    if (n < 20 || n > 40)
        return 0;
    for (i = 0; i < 19; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9')
                            : (s[i] != shape[i] && !(i == 10 && s[i] == 't')))
            return 0;
    if (s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
    }
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n)
        return 1;
    return (s[i] == '+' || s[i] == '-') && n - i == 6 && s[i + 1] >= '0' && s[i + 1] <= '2' &&
           s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] == ':' && s[i + 4] >= '0' &&
           s[i + 4] <= '5' && s[i + 5] >= '0' && s[i + 5] <= '9';
}

/* ------------------------------------------------------------ the files */

static void path_of(const char *dir, const char *sm3, char *out, size_t size)
{
    snprintf(out, size, "%s/%.2s/%s", dir, sm3, sm3);
}

/* Write DATA as DIR/xx/SM3 unless it exists. *CREATED = 1 when this call
 * made the file. */
static int file_store(const char *dir, const char *sm3, const void *data, size_t len, int *created,
                      ms_err *err)
{
    char sub[4096], final[4096], tmp[4096];
    const char *p = data;
    size_t left = len;
    int fd;

    *created = 0;
    snprintf(sub, sizeof sub, "%s/%.2s", dir, sm3);
    path_of(dir, sm3, final, sizeof final);
    if (access(final, F_OK) == 0)
        return MS_OK;
    for (char *s = sub + 1; *s; s++) { /* mkdir -p */
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(sub, 0750) != 0 && errno != EEXIST) {
            *s = '/';
            return ms_fail(err, MS_EINTERNAL, "file", "io_error", sub);
        }
        *s = '/';
    }
    if (mkdir(sub, 0750) != 0 && errno != EEXIST)
        return ms_fail(err, MS_EINTERNAL, "file", "io_error", sub);
    snprintf(tmp, sizeof tmp, "%s/.tmp-%s-%ld-XXXXXX", sub, sm3, (long)getpid());
    if ((fd = mkstemp(tmp)) < 0)
        return ms_fail(err, MS_EINTERNAL, "file", "io_error", tmp);
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        left -= (size_t)w;
    }
    if (left || fsync(fd) != 0 || close(fd) != 0) {
        if (left)
            close(fd);
        unlink(tmp);
        return ms_fail(err, MS_EINTERNAL, "file", "io_error", final);
    }
    if (rename(tmp, final) != 0) {
        unlink(tmp);
        return ms_fail(err, MS_EINTERNAL, "file", "io_error", final);
    }
    if ((fd = open(sub, O_RDONLY | O_DIRECTORY)) >= 0) {
        fsync(fd);
        close(fd);
    }
    *created = 1;
    return MS_OK;
}

/* ---------------------------------------------------------------- upload */

struct up_ctx {
    const ms_actor *who;
    const char *dir;
    const struct evidence_upload *in;
    const char *type, *filename;
    char sm3[SM3_HEX_LEN + 1], now[32];
    int created;
    arena *ar;
    struct ms_evidence *out;
};

static int tx_upload(store *db, void *ctx, ms_err *err)
{
    struct up_ctx *w = ctx;
    const struct evidence_upload *in = w->in;
    struct ms_evidence e = {0};
    json_t *change;
    int rc, created = 0;

    if (in->inspection_id) {
        struct ms_inspection i;
        const struct checklist *cl;
        if ((rc = iw_load(db, w->who, in->inspection_id, w->ar, &i, err)) != MS_OK ||
            (rc = iw_may_work(db, w->who, &i, err)) != MS_OK || (rc = iw_open(&i, err)) != MS_OK)
            return rc;
        if (in->item_no) {
            if (!(cl = checklist_find(i.checklist_code, i.checklist_version, err)))
                return MS_EINTERNAL;
            if (in->item_no < 0 || in->item_no > 10000 || !checklist_item(cl, (int)in->item_no))
                return ms_failf(err, MS_EINVAL, "item_no", "insp_unknown_item", "%lld",
                                (long long)in->item_no);
        }
        e.inspection_id = i.id;
        e.item_no = (int)in->item_no;
        e.unit_id = i.unit_id;
        e.authority_id = i.authority_id;
    } else {
        struct ms_finding f;
        if ((rc = fw_submittable(db, w->who, in->finding_id, w->now, w->ar, &f, err)) != MS_OK)
            return rc;
        if (in->item_no)
            return ms_fail(err, MS_EINVAL, "item_no", "unknown_field", "item_no");
        e.finding_id = f.id;
        e.unit_id = f.unit_id;
        e.authority_id = f.authority_id;
    }
    e.sm3 = w->sm3;
    e.size = (int64_t)in->len;
    e.media_type = w->type;
    e.filename = w->filename;
    e.captured_at = in->captured_at && *in->captured_at ? in->captured_at : NULL;
    e.received_at = w->now;
    e.uploaded_by = w->who->name;
    /* The bytes exist before the row that names them commits. */
    if ((rc = file_store(w->dir, w->sm3, in->data, in->len, &created, err)) != MS_OK)
        return rc;
    w->created |= created;
    if ((rc = resdb_evidence_insert(db, &e, err)) != MS_OK)
        return rc;
    change =
        json_pack("{sIsIsIsssIssss}", "inspection_id", (json_int_t)e.inspection_id, "finding_id",
                  (json_int_t)e.finding_id, "item_no", (json_int_t)e.item_no, "sm3", e.sm3, "size",
                  (json_int_t)e.size, "media_type", e.media_type, "filename", e.filename);
    if ((rc = iw_audit(db, w->who, "evidence.upload", "evidence", e.id, change, err)) != MS_OK)
        return rc;
    if (w->out)
        rc = resdb_evidence_get(db, e.id, w->ar, w->out, err);
    return rc;
}

int evidence_upload(store *db, const ms_actor *who, const char *dir,
                    const struct evidence_upload *in, arena *ar, struct ms_evidence *out,
                    ms_err *err)
{
    struct up_ctx w = {
        .who = who, .dir = dir ? dir : evidence_dir_default(), .in = in, .ar = ar, .out = out};
    char name[1024];
    int rc;

    if (!is_role(who, "system") && !is_role(who, "authority") && !is_role(who, "inspector") &&
        !is_role(who, "unit"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!in->inspection_id == !in->finding_id)
        return ms_fail(err, MS_EINVAL, "id", "required", NULL);
    if (in->inspection_id && is_role(who, "unit"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!in->data || !in->len)
        return ms_fail(err, MS_EINVAL, "file", "required", NULL);
    if (in->len > (in->max_len ? in->max_len : EVIDENCE_MAX_BYTES))
        return ms_failf(err, MS_ETOOBIG, "file", "evidence_too_large", "%zu",
                        in->max_len ? in->max_len : (size_t)EVIDENCE_MAX_BYTES);
    if (in->captured_at && *in->captured_at && !rfc3339_ok(in->captured_at))
        return ms_fail(err, MS_EINVAL, "captured_at", "evidence_bad_time", in->captured_at);
    if (sniff_is_dangerous(in->data, in->len))
        return ms_fail(err, MS_EINVAL, "file", "evidence_disguised", "content");
    if (!(w.type = sniff_media_type(in->data, in->len, in->filename)))
        return ms_fail(err, MS_EINVAL, "file", "evidence_type_unsupported", NULL);
    if (in->filename && sniff_name_mismatch(in->filename, w.type))
        return ms_fail(err, MS_EINVAL, "file", "evidence_disguised", "filename");
    if (sniff_declared_mismatch(in->declared, w.type))
        return ms_fail(err, MS_EINVAL, "file", "evidence_disguised", "Content-Type");
    w.filename = sniff_filename(in->filename, name, sizeof name);
    if (sm3_hex(in->data, in->len, w.sm3) != MS_OK)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    svc_now(w.now);
    rc = store_tx(db, tx_upload, &w, err);
    if (rc != MS_OK && w.created && !resdb_evidence_sm3_used(db, w.sm3, NULL)) {
        char path[4096];
        path_of(w.dir, w.sm3, path, sizeof path);
        unlink(path); /* made by this call for a row that never committed */
    }
    return rc;
}

/* ------------------------------------------------------------------ read */

/* MS_OK when WHO may see E, else MS_ENOTFOUND. */
static int may_see(store *db, const ms_actor *who, const struct ms_evidence *e, arena *ar,
                   ms_err *err)
{
    struct store_scope sc;
    int64_t insp = e->inspection_id;
    int yes = 0, rc;

    if (is_role(who, "system"))
        return MS_OK;
    if (is_role(who, "authority")) {
        svc_scope(who, &sc);
        if (!sc.authority_path ||
            strncmp(e->authority_path, sc.authority_path, strlen(sc.authority_path)) == 0)
            return MS_OK;
    } else if (is_role(who, "unit")) {
        if (who->unit_id > 0 && e->unit_id == who->unit_id)
            return MS_OK;
    } else if (is_role(who, "inspector")) {
        if (!insp && e->finding_id) {
            struct ms_finding f;
            if ((rc = resdb_finding_get(db, NULL, 0, "0000-00-00", e->finding_id, ar, &f, err)) !=
                MS_OK)
                return rc;
            insp = f.inspection_id;
        }
        if (insp && (rc = resdb_team_has_user(db, insp, who->user_id, &yes, err)) != MS_OK)
            return rc;
        if (yes)
            return MS_OK;
    }
    return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)e->id);
}

int evidence_read(store *db, const ms_actor *who, const char *dir, int64_t id, arena *ar,
                  struct ms_evidence *meta, void **data, size_t *len, ms_err *err)
{
    char path[4096];
    struct stat st;
    FILE *f = NULL;
    char *buf = NULL;
    int rc;

    *data = NULL;
    *len = 0;
    if (!is_role(who, "system") && !is_role(who, "authority") && !is_role(who, "inspector") &&
        !is_role(who, "unit"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = resdb_evidence_get(db, id, ar, meta, err)) != MS_OK ||
        (rc = may_see(db, who, meta, ar, err)) != MS_OK)
        return rc;
    path_of(dir ? dir : evidence_dir_default(), meta->sm3, path, sizeof path);
    if (stat(path, &st) != 0 || (int64_t)st.st_size != meta->size || !(f = fopen(path, "rb")) ||
        !(buf = ms_malloc((size_t)meta->size + 1)) ||
        fread(buf, 1, (size_t)meta->size, f) != (size_t)meta->size) {
        if (f)
            fclose(f);
        ms_free(buf);
        return ms_fail(err, MS_EINTERNAL, "", "evidence_missing_file", meta->sm3);
    }
    fclose(f);
    if (is_role(who, "authority")) {
        /* Photos and documents may show people: authority reads are audited. */
        json_t *what = json_pack("{ssss}", "sm3", meta->sm3, "filename", meta->filename);
        rc = audit_read(db, who, "evidence", id, what, err);
        json_decref(what);
        if (rc != MS_OK) {
            ms_free(buf);
            return rc;
        }
    }
    *data = buf;
    *len = (size_t)meta->size;
    return MS_OK;
}
