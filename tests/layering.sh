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
# $except, when set, allows single lines for this one rule: each line of it
# is "FILES|TEXT", and a match in FILES (a glob) whose line holds TEXT is
# allowed. An entry that matches nothing fails the rule, so the list only
# shrinks.
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
	done | awk -v except="${except:-}" '
		BEGIN {
			ne = split(except, e, "\n")
			for (i = 1; i <= ne; i++) {
				k = index(e[i], "|")
				ef[i] = substr(e[i], 1, k - 1)
				gsub(/\./, "\\.", ef[i])
				gsub(/\*/, "[^/]*", ef[i])
				ef[i] = "^" ef[i] "$"
				et[i] = substr(e[i], k + 1)
			}
		}
		{
			f = $0
			sub(/:.*/, "", f)
			for (i = 1; i <= ne; i++)
				if (f ~ ef[i] && index($0, et[i]) > 0) {
					used[i] = 1
					next
				}
			print
		}
		END {
			for (i = 1; i <= ne; i++)
				if (!used[i])
					print "stale exception, nothing matches it: " e[i]
		}')
	except=
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

# "Now" comes from now_ms and mono_ms (proto/common.c), so a test can move
# the clock (clock_set_offset_ms) and every module sees it.
rule "daemon: the clocks are read only in proto/common.c" \
    '\btime\((NULL|&)|\bclock_gettime\(|\bgettimeofday\(' 'daemon/*.c proto/*.c' \
    proto/common.c

# The daemon, staffroomctl and what they share with the client.
daemon='daemon/*.c daemon/*.h proto/*.c include/staffroom/*.h'

# SQL is the store's business: daemon/store*.c and the store's private
# headers (store.h, which everyone includes, names no sqlite3 type).
rule "sqlite3 only in daemon/store*.c" \
    '\bsqlite3(_[a-z0-9_]+)?\b' "$daemon client/*.c client/*.h" \
    daemon/store*.c daemon/store_*.h

# The SSH transport is ssh*.c's (with its private headers); sshkey.c reads
# and makes keys. Its own API (ssh_server_*) is free to call; libssh's
# header, types, calls and codes are not.
rule "daemon: libssh only in daemon/ssh*.c and daemon/sshkey.c" \
    '<libssh/|\bssh_(session|channel|bind|key|event|message|string|buffer|new|free|connect|disconnect|init|finalize|handle_key_exchange|blocking_flush|(pki|channel|bind|message|event|userauth|options|key|get|set)_[a-z_]+)\b|\bSSH_(OK|ERROR|AGAIN|EOF|AUTH_[A-Z_]+|KEYTYPE_[A-Z0-9_]+|OPTIONS_[A-Z_]+|BIND_OPTIONS_[A-Z_]+)\b' \
    "$daemon" daemon/ssh*.c daemon/ssh_*.h daemon/sshkey.c

# Which is why the store's and the transport's private headers are theirs
# (store.h includes its own parts, store_mod.h, store_meetings.h and
# store_records.h, at their places; everyone else includes store.h).
rule "daemon: store_*.h only in store*.c and store.h, ssh_*.h only in ssh*.c" \
    '#include "(store|ssh)_[a-z_]*\.h"' "$daemon client/*.c client/*.h" \
    daemon/store*.c daemon/store.h daemon/ssh*.c

# Who may do what is policy.c's: no other file compares a role (==, !=, <,
# >, a case label, strcmp). The exceptions below decide nothing: the store
# maps roles to names, and session.c notices a changed role to tell the
# person's sessions.
except='daemon/store*.c|(size_t)role >= sizeof store_role_names
daemon/store*.c|if (role >= 0 && (rname = role_name(
daemon/session.c|u.role != before.user.role'
rule "daemon: roles compared only in policy.c" \
    '([=!<>]=|[^-]>|<)[[:space:](]*(ROLE_[A-Z]+|[A-Za-z_.>-]*\brole\b)|(ROLE_[A-Z]+|\brole)[[:space:])]*([=!<>]=|<|>[^>])|\bcase[[:space:]]+ROLE_|str(n?case|n)?cmp\([^;]*\brole\b' \
    "$daemon" daemon/policy.c

# The transport (conn.c, ssh*.c, pty.c, auth.c, worker.c, server.c) sits
# below the ops: it sees transport.h (and session.h, above it, where a
# conn's owner is wired or counted), never op.h or staffroomd.h, so no
# include cycle joins the two; nor does it declare or call an op_ function.
rule "daemon: the transport includes no op header" \
    '#include "(op|staffroomd)\.h"|\bop_[a-z_]+\(' \
    'daemon/conn.c daemon/ssh.c daemon/ssh_auth.c daemon/ssh_channel.c daemon/ssh_private.h daemon/pty.c daemon/auth.c daemon/worker.c daemon/server.c daemon/transport.h'

# conn.c knows bytes, lines and queues: it calls up through struct
# conn_upper, and includes no session or op header.
rule "daemon: conn.c includes no session or op header" \
    '#include "(session|op|op_[a-z]+|staffroomd)\.h"' 'daemon/conn.c'

# A conn is conn.c's own: struct conn is defined there and nowhere else,
# and no other file reaches into one (the member names are read from that
# definition). Who the conn is lives in session.c; the rest goes through
# transport.h's conn_* calls.
conn_members=$(sed -n '/^struct conn {/,/^};/p' daemon/conn.c |
    sed -n 's/^[^/]*[[:space:]*]\([a-z_]*\)\(\[[^]]*\]\)\{0,1\};.*$/\1/p' |
    sort -u | tr '\n' '|' | sed 's/|$//')
[ -n "$conn_members" ] || conn_members='struct conn has no members in daemon/conn.c'
rule "daemon: struct conn is conn.c's own" \
    "^struct conn[[:space:]]*\{|(\bc|conn)->($conn_members)\b" "$daemon" daemon/conn.c

# The flood limiter is the dispatcher's: a handler that took a token itself
# would take it before or after checks the row cannot see (op.h, steps 5
# and 8), and a refused request would cost one.
rule "daemon: only the dispatcher asks the flood limiter" \
    '\bflood_(check|spend|take)\(' "$daemon" daemon/op.c daemon/flood.c \
    daemon/staffroomd.h

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
    client/ui.c client/ui_status.c client/ui_messages.c client/keys.c client/help.c client/account.c client/join.c \
    client/directory.c client/form.c client/away.c client/boards_screen.c \
    client/boards_keys.c client/compose.c client/search.c \
    client/tags_screen.c client/meeting_screen.c client/console_screen.c \
    client/console_invites_screen.c client/names_screen.c

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
