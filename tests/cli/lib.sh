# lib.sh - sourced by the tests/cli/t*.sh scripts after they set tmp (their
# temp dir), fails=0 and count=0. run WANT ARGS... runs msup ARGS with its
# output in $tmp/out and $tmp/err and counts a failure when the exit status
# is not WANT; bad MSG counts a failure and shows the last output.

bad() {
    echo "FAIL: $*" >&2
    echo "  stdout: $(head -c 600 "$tmp/out")" >&2
    echo "  stderr: $(head -c 600 "$tmp/err")" >&2
    fails=$((fails + 1))
}
run() {
    local want=$1 rc=0
    shift
    count=$((count + 1))
    "$MSUP" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq "$want" ] || bad "msup $* exited $rc, expected $want"
}
