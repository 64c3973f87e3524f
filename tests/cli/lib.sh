# lib.sh - sourced by the tests/cli/t*.sh scripts after they set tmp (their
# temp dir), fails=0 and count=0.
#   run WANT ARGS...   runs msup ARGS, output in $tmp/out and $tmp/err; counts
#                      a failure when the exit status is not WANT
#   runs WANT ARGS...  the same, and fails (status 1) then, for
#                      `if runs 0 ...; then out_has ...; fi`
#   bad MSG            counts a failure and shows the last output
#   check              counts one check
#   out_has / err_has TEXT, quiet_out / quiet_err: checks on the last output

bad() {
    echo "FAIL: $*" >&2
    echo "  stdout: $(head -c 2000 "$tmp/out")" >&2
    echo "  stderr: $(head -c 2000 "$tmp/err")" >&2
    fails=$((fails + 1))
}
runs() {
    local want=$1 rc=0
    shift
    count=$((count + 1))
    "$MSUP" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq "$want" ] && return 0
    bad "msup $* exited $rc, expected $want"
    return 1
}
run() { runs "$@" || true; }
check() { count=$((count + 1)); }
out_has() { check; grep -qF -- "$1" "$tmp/out" || bad "stdout lacks '$1'"; }
err_has() { check; grep -qF -- "$1" "$tmp/err" || bad "stderr lacks '$1'"; }
quiet_out() { check; [ ! -s "$tmp/out" ] || bad "stdout is not empty"; }
quiet_err() { check; [ ! -s "$tmp/err" ] || bad "stderr is not empty"; }
