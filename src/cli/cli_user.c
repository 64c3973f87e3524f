/* cli_user.c - `msup user add|passwd|lock|unlock|list`: accounts for the
 * operator (the first administrators), acting as the system actor. New and
 * reset passwords must be changed at the next login. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/auth.h"

#define PW_BUF (PASSWORD_MAX_BYTES + 8)

/* Read one line of stdin into BUF without its line end; a longer line is
 * cut after PASSWORD_MAX_BYTES + 1 bytes (so the policy reports it). */
static int read_line(char *buf, size_t size)
{
    size_t n;

    if (!fgets(buf, (int)size, stdin))
        return -1;
    n = strcspn(buf, "\r\n");
    if (buf[n] == '\0' && n == size - 1) {
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ;
    }
    buf[n] = '\0';
    return 0;
}

/* Prompt PROMPT on stderr and read a line with echo off (a terminal). */
static int read_hidden(const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    int rc, restore = 0;

    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    rc = read_line(buf, size);
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fprintf(stderr, "\n");
    return rc;
}

/* The new password: --password, else twice from a terminal, else one line
 * of standard input. MS_OK or MS_EINVAL (field "password"). */
static int get_password(const char *given, char buf[PW_BUF], ms_err *err)
{
    char again[PW_BUF];
    int rc = MS_OK;

    if (given) {
        snprintf(buf, PW_BUF, "%s", given);
        return MS_OK;
    }
    if (!isatty(STDIN_FILENO)) {
        if (read_line(buf, PW_BUF) != 0)
            return ms_fail(err, MS_EINVAL, "password", "required", NULL);
        return MS_OK;
    }
    if (read_hidden(T("新密码：", "new password: "), buf, PW_BUF) != 0 ||
        read_hidden(T("再次输入：", "again: "), again, sizeof again) != 0)
        rc = ms_fail(err, MS_EINVAL, "password", "required", NULL);
    else if (strcmp(buf, again) != 0)
        rc = ms_fail(err, MS_EINVAL, "password", "password_mismatch", NULL);
    memset(again, 0, sizeof again);
    return rc;
}

/* msup user add USERNAME --role R [--authority CODE] [--unit USCC]
 *                [--inspector ID] [--name TEXT] [--password P] */
static int add(int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {"authority", required_argument, NULL, 'a'},
                                         {"unit", required_argument, NULL, 'u'},
                                         {"inspector", required_argument, NULL, 'i'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"password", required_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    struct auth_user_input in = {0};
    const char *password = NULL;
    char pw[PW_BUF] = "", *end;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct authdb_user u;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': in.role = optarg; break;
        case 'a': in.authority_code = optarg; break;
        case 'u': in.unit_uscc = optarg; break;
        case 'n': in.display_name = optarg; break;
        case 'p': password = optarg; break;
        case 'i':
            in.inspector_id = strtoll(optarg, &end, 10);
            if (*end || in.inspector_id <= 0)
                goto usage;
            break;
        default: goto usage;
        }
    }
    if (optind != argc - 1 || !in.role)
        goto usage;
    in.username = argv[optind];
    svc_actor_system(&who, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (rc = get_password(password, pw, &err)) != MS_OK)
        goto fail;
    in.password = pw;
    if ((rc = auth_user_create(db, &who, &in, time(NULL), &ar, &u, &err)) != MS_OK)
        goto fail;
    printf(T("已创建账户 %s（角色 %s%s%s）；首次登录须修改密码。\n",
             "account %s created (role %s%s%s); the password must be changed at first login.\n"),
           u.username, u.role, u.authority_code || u.unit_uscc ? ", " : "",
           u.unit_uscc        ? u.unit_uscc
           : u.authority_code ? u.authority_code
                              : "");
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    memset(pw, 0, sizeof pw);
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr,
            "%s: msup user add USERNAME --role sysadmin|secadmin|auditor|authority|inspector|unit\n"
            "         [--authority CODE] [--unit USCC] [--inspector ID] [--name TEXT]\n"
            "         [--password P]   (%s)\n",
            T("用法", "usage"),
            T("未给出 --password 时从标准输入读取", "without --password it is read from stdin"));
    return CLI_USAGE;
}

/* msup user passwd|lock|unlock USERNAME [--password P] */
static int change(int argc, char **argv)
{
    static const struct option opts[] = {{"password", required_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    const char *verb = argv[0], *password = NULL;
    int is_passwd = strcmp(verb, "passwd") == 0, c, rc;
    char pw[PW_BUF] = "";
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct authdb_user u;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'p' || !is_passwd)
            goto usage;
        password = optarg;
    }
    if (optind != argc - 1)
        goto usage;
    svc_actor_system(&who, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK ||
        (rc = auth_user_get_by_name(db, &who, argv[optind], &ar, &u, &err)) != MS_OK)
        goto fail;
    if (is_passwd) {
        if ((rc = get_password(password, pw, &err)) != MS_OK ||
            (rc = auth_password_change(db, &who, u.id, NULL, pw, time(NULL), &err)) != MS_OK)
            goto fail;
        printf(T("已重置账户 %s 的密码；下次登录须修改密码。\n",
                 "password of %s reset; it must be changed at the next login.\n"),
               u.username);
    } else {
        int lock = strcmp(verb, "lock") == 0;
        if ((rc = auth_user_lock(db, &who, u.id, lock, time(NULL), &err)) != MS_OK)
            goto fail;
        printf(lock ? T("已锁定账户 %s\n", "account %s locked\n")
                    : T("已解锁账户 %s\n", "account %s unlocked\n"),
               u.username);
    }
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    memset(pw, 0, sizeof pw);
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr, "%s: msup user %s USERNAME%s\n", T("用法", "usage"), verb,
            is_passwd ? " [--password P]" : "");
    return CLI_USAGE;
}

/* Print S left-aligned in WIDTH terminal columns (a CJK character takes
 * two), then a space. */
static void cell(const char *s, int width)
{
    int cols = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80)
            cols++;
        else if ((*p & 0xc0) != 0x80)
            cols += 2;
    printf("%s%*s ", s, width > cols ? width - cols : 0, "");
}

/* msup user list [--role R] */
static int list(int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    const char *role = NULL;
    store *db = NULL;
    arena ar = ARENA_INIT;
    ms_actor who;
    ms_err err = {0};
    struct store_page pg = {1, 500};
    struct authdb_user *items;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    int64_t total = 0, shown = 0;
    int c, n, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'r')
            goto usage;
        role = optarg;
    }
    if (optind != argc)
        goto usage;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    svc_actor_system(&who, cli_lang);
    if ((rc = svc_open(cli_db_url(), &db, &err)) != MS_OK)
        goto fail;
    cell(T("用户名", "username"), 20);
    cell(T("角色", "role"), 10);
    cell(T("所属部门/单位", "authority/unit"), 20);
    cell(T("锁定", "locked"), 26);
    printf("%s\n", T("须改密码", "must-change"));
    do {
        if ((rc = auth_user_list(db, &who, role, &pg, &ar, &items, &n, &total, &err)) != MS_OK)
            goto fail;
        for (int i = 0; i < n; i++) {
            const struct authdb_user *u = &items[i];
            char locked[48];
            if (u->disabled)
                snprintf(locked, sizeof locked, "%s", T("是（管理员锁定）", "yes (administrator)"));
            else if (u->locked_until && strcmp(now, u->locked_until) < 0)
                snprintf(locked, sizeof locked, "%s %s", T("至", "until"), u->locked_until);
            else
                snprintf(locked, sizeof locked, "%s", T("否", "no"));
            cell(u->username, 20);
            cell(u->role, 10);
            cell(u->unit_uscc ? u->unit_uscc : u->authority_code ? u->authority_code : "-", 20);
            cell(locked, 26);
            printf("%s\n", u->must_change ? T("是", "yes") : T("否", "no"));
        }
        shown += n;
        pg.page++;
        arena_free(&ar);
    } while (n > 0 && shown < total);
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_report(&err);
out:
    store_close(db);
    arena_free(&ar);
    return rc;
usage:
    fprintf(stderr, "%s: msup user list [--role ROLE]\n", T("用法", "usage"));
    return CLI_USAGE;
}

int cli_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return add(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "passwd") == 0 || strcmp(argv[1], "lock") == 0 ||
                      strcmp(argv[1], "unlock") == 0))
        return change(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return list(argc - 1, argv + 1);
    fprintf(stderr,
            "%s: msup user add USERNAME --role ROLE [--authority CODE] [--unit USCC] "
            "[--password P]\n"
            "       msup user passwd USERNAME [--password P]\n"
            "       msup user lock|unlock USERNAME\n"
            "       msup user list [--role ROLE]\n",
            T("用法", "usage"));
    return CLI_USAGE;
}
