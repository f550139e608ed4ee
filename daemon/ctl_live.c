/*
 * ctl_live.c: staffroomctl who, stats and kick, which ask the running
 * daemon through its control socket (control.c): one JSON request line,
 * one JSON reply line.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

#define CTL_LIVE_TIMEOUT_MS	10000
#define CTL_LIVE_REPLY_MAX	(16 * 1024 * 1024)

/* Sends the whole request, or false. */
static bool
ctl_live_write(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (false);
		}
		buf += n;
		len -= (size_t)n;
	}
	return (true);
}

/* Reads to EOF, each wait bounded; NULL after ctl_fail. */
static char *
ctl_live_read(struct ctl *ctl, int fd)
{
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	char		*buf = NULL;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 rc;

	for (;;) {
		if ((rc = poll(&pfd, 1, CTL_LIVE_TIMEOUT_MS)) == 0) {
			free(buf);
			ctl_fail(ctl, "staffroomd did not answer in %d seconds",
			    CTL_LIVE_TIMEOUT_MS / 1000);
			return (NULL);
		}
		if (rc == -1 && errno == EINTR)
			continue;
		if (len + 4096 + 1 > cap) {
			cap = cap == 0 ? 8192 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		if (rc == -1 || (n = read(fd, buf + len, cap - len - 1)) == -1) {
			if (rc != -1 && errno == EINTR)
				continue;
			free(buf);
			ctl_fail(ctl, "reading staffroomd's answer: %s",
			    strerror(errno));
			return (NULL);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > CTL_LIVE_REPLY_MAX) {
			free(buf);
			ctl_fail(ctl, "staffroomd's answer passed %d MiB",
			    CTL_LIVE_REPLY_MAX / (1024 * 1024));
			return (NULL);
		}
	}
	if (buf == NULL)
		buf = xmalloc(1);
	buf[len] = '\0';
	return (buf);
}

/*
 * Asks the daemon: the reply object (ok), or NULL after ctl_fail naming
 * what went wrong (not running, or the daemon's error and its message).
 */
static json_t *
ctl_live_ask(struct ctl *ctl, json_t *req)
{
	struct sockaddr_un	 sun;
	json_error_t		 jerr;
	json_t			*reply = NULL, *err;
	char			*text, *answer;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (!path_join(sun.sun_path, sizeof sun.sun_path, ctl->dir,
	    STATE_CONTROL_SOCKET)) {
		json_decref(req);
		ctl_fail(ctl, "%s: path too long for the control socket",
		    ctl->dir);
		return (NULL);
	}
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			ctl_fail(ctl, "staffroomd is not running on %s (no one "
			    "answers at %s)", ctl->dir, sun.sun_path);
		else
			ctl_fail(ctl, "%s: %s", sun.sun_path, strerror(errno));
		if (fd != -1)
			close(fd);
		free(text);
		return (NULL);
	}
	if (!ctl_live_write(fd, text, strlen(text)) ||
	    !ctl_live_write(fd, "\n", 1)) {
		ctl_fail(ctl, "asking staffroomd: %s", strerror(errno));
		answer = NULL;
	} else
		answer = ctl_live_read(ctl, fd);
	close(fd);
	free(text);
	if (answer == NULL)
		return (NULL);
	if ((reply = json_loads(answer, 0, &jerr)) == NULL ||
	    !json_is_object(reply))
		ctl_fail(ctl, "staffroomd's answer is not JSON: %.80s", answer);
	else if ((err = json_object_get(reply, "error")) != NULL) {
		ctl_fail(ctl, "%s (%s)",
		    json_string_value(json_object_get(err, "message")),
		    json_string_value(json_object_get(err, "code")));
		json_decref(reply);
		reply = NULL;
	}
	free(answer);
	return (reply);
}

static void
ctl_live_print_json(json_t *reply)
{
	json_object_del(reply, "ok");
	json_dumpf(reply, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

int
ctl_who(struct ctl *ctl, struct ctl_args *args)
{
	json_t		*reply, *s, *list;
	struct ctl_list	 l;
	char		 since[32], idle[32];
	size_t		 i;
	json_int_t	 more;

	if ((reply = ctl_live_ask(ctl, json_pack("{s:s}", "op", "who"))) ==
	    NULL)
		return (CTL_EXIT_FAIL);
	if (ctl_flag(ctl, args, "json")) {
		ctl_live_print_json(reply);
		json_decref(reply);
		return (CTL_EXIT_OK);
	}
	ctl_list_init(&l, false, 5, "HANDLE", "ADDRESS", "SINCE", "KIND",
	    "IDLE");
	list = json_object_get(reply, "sessions");
	json_array_foreach(list, i, s) {
		ctl_time(json_integer_value(json_object_get(s, "since")), since,
		    sizeof since);
		duration_text(json_integer_value(json_object_get(s, "idle_ms")),
		    idle, sizeof idle);
		ctl_table_add(l.table,
		    json_string_value(json_object_get(s, "handle")),
		    json_string_value(json_object_get(s, "address")), since,
		    json_string_value(json_object_get(s, "kind")), idle);
	}
	more = json_integer_value(json_object_get(reply, "more"));
	ctl_list_finish(ctl, &l, STORE_OK, "sessions");
	if (more > 0)
		printf("... and %lld more\n", (long long)more);
	json_decref(reply);
	return (CTL_EXIT_OK);
}

static json_int_t
ctl_live_int(json_t *o, const char *key)
{
	return (json_integer_value(json_object_get(o, key)));
}

int
ctl_stats(struct ctl *ctl, struct ctl_args *args)
{
	json_t		*r;
	char		 up[32];

	if ((r = ctl_live_ask(ctl, json_pack("{s:s}", "op", "stats"))) == NULL)
		return (CTL_EXIT_FAIL);
	if (ctl_flag(ctl, args, "json")) {
		ctl_live_print_json(r);
		json_decref(r);
		return (CTL_EXIT_OK);
	}
	duration_text(ctl_live_int(r, "uptime_ms"), up, sizeof up);
	printf("up            %s\n", up);
	printf("sessions      %lld signed in, %lld registering with an invite\n",
	    (long long)ctl_live_int(r, "sessions"),
	    (long long)ctl_live_int(r, "join_sessions"));
	printf("messages      %lld in the last minute, %lld since the start\n",
	    (long long)ctl_live_int(r, "messages_per_minute"),
	    (long long)ctl_live_int(r, "messages"));
	printf("logins        %lld in the last minute, %lld since the start\n",
	    (long long)ctl_live_int(r, "logins_per_minute"),
	    (long long)ctl_live_int(r, "logins"));
	printf("output queued %lld bytes, the longest queue %lld bytes, "
	    "%lld lagging\n", (long long)ctl_live_int(r, "queued_bytes"),
	    (long long)ctl_live_int(r, "queued_max_bytes"),
	    (long long)ctl_live_int(r, "lagging"));
	if (ctl_live_int(r, "commits_sampled") == 0)
		printf("commit time   none yet (nothing written since the start)\n");
	else
		printf("commit time   p50 %.2f ms, p99 %.2f ms (of the last %lld "
		    "commits; %lld since the start)\n",
		    json_real_value(json_object_get(r, "commit_p50_ms")),
		    json_real_value(json_object_get(r, "commit_p99_ms")),
		    (long long)ctl_live_int(r, "commits_sampled"),
		    (long long)ctl_live_int(r, "commits"));
	printf("commit waits  %lld (times every session waited for the "
	    "disk)\n", (long long)ctl_live_int(r, "commit_waits"));
	printf("database      %.1f MiB (with its write-ahead log)\n",
	    (double)ctl_live_int(r, "database_bytes") / (1024 * 1024));
	json_decref(r);
	return (CTL_EXIT_OK);
}

json_int_t
ctl_live_end_sessions(struct ctl *ctl, const char *handle)
{
	json_t		*r;
	json_int_t	 n;

	if ((r = ctl_live_ask(ctl, json_pack("{s:s, s:s}", "op", "kick",
	    "handle", handle))) == NULL)
		return (-1);
	n = ctl_live_int(r, "sessions");
	json_decref(r);
	return (n);
}

int
ctl_kick(struct ctl *ctl, struct ctl_args *args)
{
	struct store_user	 u;
	json_int_t		 n;

	if (!ctl_user(ctl, args->argv[0], &u))
		return (CTL_EXIT_FAIL);
	if ((n = ctl_live_end_sessions(ctl, u.handle)) < 0)
		return (CTL_EXIT_FAIL);
	if (n == 0)
		return (ctl_fail(ctl, "%s has no open session", u.handle));
	ctl_audit_target(ctl, "user", u.id);
	snprintf(ctl->audit_note, sizeof ctl->audit_note, "%lld session%s "
	    "ended", (long long)n, n == 1 ? "" : "s");
	printf("%s: %lld session%s ended\n", u.handle, (long long)n,
	    n == 1 ? "" : "s");
	return (CTL_EXIT_OK);
}
