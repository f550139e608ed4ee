#!/bin/sh
# layering.sh: which code may call what. Each rule names a pattern and the
# only files allowed to contain it; a match anywhere else is a failure that
# names the file and line. Comments are not skipped: a rule's pattern is
# chosen so that prose does not match it.
#
# Daemon rules belong in the first section; the client's in the second.
top=${top_srcdir:-$(dirname "$0")/..}
cd "$top" || exit 99

n=0
failed=0

# rule DESCRIPTION PATTERN FILES-GLOB ALLOWED-FILE...
rule() {
	desc=$1 pattern=$2 files=$3
	shift 3
	n=$((n + 1))
	out=$(for f in $files; do
		allowed=no
		for a in "$@"; do
			[ "$f" = "$a" ] && allowed=yes
		done
		[ $allowed = yes ] || grep -nHE -- "$pattern" "$f"
	done)
	if [ -z "$out" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "$out" | sed 's/^/# /'
		failed=1
	fi
}

# --- the daemon ------------------------------------------------------------------

# The store sees store.h and the small log/util headers, never the daemon's
# umbrella header: it is shared with staffroomctl and knows no connections.
rule "daemon: store*.c do not include staffroomd.h" \
    '#include "staffroomd.h"' 'daemon/store*.c'

# SQL is the store's business: sqlite3 only in daemon/store*.
rule "daemon: sqlite3 only in daemon/store*" \
    'sqlite3' 'daemon/*.c daemon/*.h proto/*.c client/*.c client/*.h' \
    daemon/store*.c daemon/store*.h

# libssh is the SSH server's business: ssh*.c (with ssh_private.h) and sshkey.c.
rule "daemon: libssh only in ssh*.c and sshkey.c" \
    '#include <libssh/' 'daemon/*.c daemon/*.h' \
    daemon/ssh*.c daemon/ssh_private.h daemon/sshkey.c

# "Now" comes from now_ms and mono_ms (proto/common.c), so a test can move
# the clock (clock_set_offset_ms) and every module sees it.
rule "daemon: the clocks are read only in proto/common.c" \
    '\btime\((NULL|&)|\bclock_gettime\(|\bgettimeofday\(' 'daemon/*.c proto/*.c' \
    proto/common.c

# --- the client ------------------------------------------------------------------

# libssh is the connection's business: net.c, auth.c and knownhosts.c.
rule "client: libssh calls only in net.c, auth.c and knownhosts.c" \
    '\bssh_[a-z_]+\(' 'client/*.c' \
    client/net.c client/auth.c client/knownhosts.c

# Drawing is the screens' business; the model, requests, commands and plain
# mode go through struct frontend and struct ui_mode.
rule "client: curses calls only in the screen files" \
    '\b(mvhline|mvaddn?w?str|addn?w?str|attro(n|ff)|attrset|move|clrtoeol|clrtobot|erase|refresh|newterm|endwin|keypad|nodelay|start_color|init_pair|COLOR_PAIR|clearok|resizeterm|getch|wget_wch|get_wch|curs_set)\(|\b(LINES|COLS|stdscr|curscr|A_BOLD|A_DIM|A_REVERSE|A_UNDERLINE)\b' \
    'client/*.c' \
    client/ui.c client/keys.c client/help.c client/account.c client/join.c \
    client/directory.c client/away.c client/boards_screen.c \
    client/boards_keys.c client/compose.c client/search.c \
    client/tags_screen.c

# Plain mode is a frontend (plain.c, boards_plain.c): code asks the frontend
# (c->fe), never which one runs; main.c alone chooses it.
rule "client: no c->plain branches (plain mode goes through struct frontend)" \
    '(->|\.)plain\b[^.]' 'client/*.c' client/main.c

# Error codes are enum proto_error (rpc_error, proto_error_from_code), never
# strings compared in place.
codes=$(sed -n 's/^.*\[PROTO_[A-Z_]*\] = { "\([a-z_]*\)".*$/\1/p' proto/errors.c |
    tr '\n' '|' | sed 's/|$//')
rule "client: no strcmp against an error code" \
    "str(n?case|n)?cmp\([^;]*\"($codes)\"|str(n?case|n)?cmp\((code|err|error)\b" \
    'client/*.c'

echo "1..$n"
exit $failed
