#!/bin/sh
# layering_test.sh: tests/layering.sh fails on a planted violation of each
# of its rules, and on an allowed exception that no longer matches. Each
# plant goes into its own copy of the sources.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
layering=$top/tests/layering.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layering.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/clean" &&
	(cd "$top" && find daemon proto include client -name '*.[ch]' | xargs tar -cf -) |
	tar -xf - -C "$tmp/clean" || exit 99

n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		sed 's/^/# /' "$tmp/out"
		failed=1
	fi
}

top_srcdir=$tmp/clean sh "$layering" >"$tmp/out" 2>&1 && r=ok || r=fail
result $r "the tree as it is passes"

# plant DESCRIPTION FILE RULE EXPECTED SED-SCRIPT: layering.sh on a copy
# whose FILE was edited by SED-SCRIPT must fail RULE (only), naming EXPECTED.
plant() {
	dir=$tmp/plant$n
	cp -R "$tmp/clean" "$dir"
	sed -i "$5" "$dir/$2"
	if top_srcdir=$dir sh "$layering" >"$tmp/out" 2>&1; then
		result fail "$1"
	elif [ "$(grep -c '^not ok' "$tmp/out")" -eq 1 ] &&
	    grep -q "^not ok [0-9]* - $3" "$tmp/out" && grep -q "^# $4" "$tmp/out"; then
		result ok "$1"
	else
		result fail "$1"
	fi
	rm -rf "$dir"
}

plant "sqlite3 in daemon/chat.c fails" daemon/chat.c "sqlite3 only" "daemon/chat.c:" \
    '$a static int planted(sqlite3 *db) { return (sqlite3_changes(db)); }'
plant "sqlite3 in the client fails" client/ui.c "sqlite3 only" "client/ui.c:" \
    '$a #include <sqlite3.h>'
plant "libssh's header in daemon/hub.c fails" daemon/hub.c "daemon: libssh" "daemon/hub.c:" \
    '$a #include <libssh/libssh.h>'
plant "a libssh call in daemon/conn.c fails" daemon/conn.c "daemon: libssh" "daemon/conn.c:" \
    '$a static void planted(ssh_channel ch) { ssh_channel_send_eof(ch); }'
plant "the store's private header in daemon/chat.c fails" daemon/chat.c "daemon: store_" \
    "daemon/chat.c:" '$a #include "store_private.h"'
plant "a role compared in daemon/boards.c fails" daemon/boards.c "daemon: roles" \
    "daemon/boards.c:" \
    '$a static bool planted(const struct store_user *u) { return (u->role == ROLE_ADMIN); }'
plant "a switch on roles in daemon/chat.c fails" daemon/chat.c "daemon: roles" "daemon/chat.c:" \
    '$a 	case ROLE_MODERATOR:'
plant "an exception that matches nothing fails" daemon/session.c "daemon: roles" \
    "stale exception, nothing matches it: daemon/session.c" \
    's/u\.role != before\.user\.role/u.role_changed/'
plant "the op header in daemon/pty.c fails" daemon/pty.c "daemon: the transport" \
    "daemon/pty.c:" '$a #include "op.h"'
plant "an op function declared in daemon/transport.h fails" daemon/transport.h \
    "daemon: the transport" "daemon/transport.h:" '$a void op_guard_load(struct store *);'
plant "the session header in daemon/conn.c fails" daemon/conn.c "daemon: conn.c" \
    "daemon/conn.c:" '$a #include "session.h"'
plant "a conn's member read in daemon/op_room.c fails" daemon/op_room.c \
    "daemon: struct conn" "daemon/op_room.c:" \
    '$a static bool planted(struct op_ctx *ctx) { return (ctx->conn->lagging); }'
plant "struct conn defined in daemon/transport.h fails" daemon/transport.h \
    "daemon: struct conn" "daemon/transport.h:" 's/^struct conn;$/struct conn { int fd; };/'
plant "a flood token taken in daemon/op_dm.c fails" daemon/op_dm.c \
    "daemon: only the dispatcher" "daemon/op_dm.c:" \
    '$a static enum proto_error planted(struct op_ctx *ctx) { return (flood_check(ctx, FLOOD_NOTIFY)); }'
plant "a libssh call in a client screen fails" client/ui.c "client: libssh" "client/ui.c:" \
    '$a static void planted(ssh_channel ch) { ssh_channel_send_eof(ch); }'

echo "1..$n"
exit $failed
