/*
 * harness_ssh.c: the harness's SSH side: logins with keys, passwords and
 * invites through libssh, protocol clients, and terminals (ssh -t).
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "staffroom/proto.h"
#include "harness.h"
#include "harness_private.h"

/* --- SSH logins ------------------------------------------------------------------------ */

struct itest_auth
itest_by_key(const struct itest_key *key)
{
	return (struct itest_auth){ .method = ITEST_BY_KEY, .key = key };
}

struct itest_auth
itest_by_password(const char *password)
{
	return (struct itest_auth){ .method = ITEST_BY_PASSWORD, .password = password };
}

struct itest_auth
itest_by_kbdint(const char *password)
{
	return (struct itest_auth){ .method = ITEST_BY_KBDINT, .password = password };
}

static const char *
auth_describe(struct itest_auth auth)
{
	switch (auth.method) {
	case ITEST_BY_KEY:
		return "public key";
	case ITEST_BY_PASSWORD:
		return "password";
	case ITEST_BY_KBDINT:
		return "keyboard-interactive";
	}
	return "?";
}

static const char *
auth_result_name(int rc)
{
	switch (rc) {
	case SSH_AUTH_SUCCESS:
		return "success";
	case SSH_AUTH_DENIED:
		return "denied";
	case SSH_AUTH_PARTIAL:
		return "partial";
	case SSH_AUTH_INFO:
		return "more prompts";
	case SSH_AUTH_AGAIN:
		return "again";
	default:
		return "error";
	}
}

/* A connected session after key exchange; the host key is accepted unseen. */
static ssh_session
session_connect(struct itest_server *srv, const char *login)
{
	ssh_session s;
	long timeout_s = (itest.timeout_ms + 999) / 1000;
	unsigned int port = (unsigned int)srv->port;
	int no = 0, yes = 1;
	char error[256];

	/* A refused connection says less than how the daemon died. */
	itest_server_assert_running(srv);
	s = ssh_new();
	if (s == NULL)
		fail_msg("ssh_new failed");
	ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(s, SSH_OPTIONS_PORT, &port);
	ssh_options_set(s, SSH_OPTIONS_USER, login);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout_s);
	/* No ~/.ssh/config nor /etc/ssh/ssh_config: tests must not depend on the host. */
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	/* With Nagle, a request behind an unacknowledged packet waits ~40 ms. */
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes);
	if (ssh_connect(s) != SSH_OK) {
		snprintf(error, sizeof error, "%s", ssh_get_error(s));
		ssh_free(s);
		fail_msg("cannot connect to 127.0.0.1:%d as %s: %s", srv->port, login, error);
	}
	return s;
}

static int
session_authenticate(ssh_session s, struct itest_auth auth)
{
	int rc;

	switch (auth.method) {
	case ITEST_BY_KEY:
		return ssh_userauth_publickey(s, NULL, auth.key->key);
	case ITEST_BY_PASSWORD:
		return ssh_userauth_password(s, NULL, auth.password);
	case ITEST_BY_KBDINT:
		rc = ssh_userauth_kbdint(s, NULL, NULL);
		for (int round = 0; rc == SSH_AUTH_INFO && round < ITEST_KBDINT_ROUNDS; round++) {
			int prompts = ssh_userauth_kbdint_getnprompts(s);

			for (int i = 0; i < prompts; i++)
				ssh_userauth_kbdint_setanswer(s, (unsigned int)i, auth.password);
			rc = ssh_userauth_kbdint(s, NULL, NULL);
		}
		return rc;
	}
	return SSH_AUTH_ERROR;
}

static void
session_end(ssh_session s)
{
	ssh_disconnect(s);
	ssh_free(s);
}

int
itest_auth_result(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	ssh_session s = session_connect(srv, login);
	int rc = session_authenticate(s, auth);

	session_end(s);
	return rc;
}

struct auth_attempt {
	ssh_session		 session;
	struct itest_auth	 auth;
	pthread_barrier_t	*start;
	int			 result;
};

static void *
auth_attempt_run(void *arg)
{
	struct auth_attempt *a = arg;

	pthread_barrier_wait(a->start);
	a->result = session_authenticate(a->session, a->auth);
	return NULL;
}

void
itest_auth_burst(struct itest_server *srv, const char *const *logins,
    const struct itest_auth *auths, int *results, size_t n)
{
	struct auth_attempt *a = harness_alloc(n * sizeof *a);
	pthread_t *threads = harness_alloc(n * sizeof *threads);
	pthread_barrier_t start;

	for (size_t i = 0; i < n; i++)
		a[i].session = session_connect(srv, logins[i]);
	if (pthread_barrier_init(&start, NULL, (unsigned)n) != 0)
		fail_msg("pthread_barrier_init failed");
	for (size_t i = 0; i < n; i++) {
		a[i].auth = auths[i];
		a[i].start = &start;
		if (pthread_create(&threads[i], NULL, auth_attempt_run, &a[i]) != 0)
			fail_msg("pthread_create failed");
	}
	for (size_t i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		results[i] = a[i].result;
		session_end(a[i].session);
	}
	pthread_barrier_destroy(&start);
	free(threads);
	free(a);
}

static size_t
file_count(const char *path, const char *text)
{
	char *log = harness_file_read_from(path, 0);
	size_t n = 0;

	for (const char *p = log; (p = strstr(p, text)) != NULL; p += strlen(text))
		n++;
	free(log);
	return n;
}

size_t
itest_server_log_count(const struct itest_server *srv, const char *text)
{
	return file_count(srv->log, text);
}

size_t
itest_ctl_log_count(const struct itest_server *srv, const char *text)
{
	return file_count(srv->ctl_log, text);
}

void
itest_assert_refused(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	int rc = itest_auth_result(srv, login, auth);

	if (rc == SSH_AUTH_SUCCESS)
		fail_msg("login as %s by %s was accepted; it should be refused", login,
		    auth_describe(auth));
	itest_server_assert_running(srv);
}

/*
 * Channel data arrives through callbacks rather than ssh_channel_read: libssh
 * 0.10 refuses to read a channel once the peer's close has been processed,
 * even with data still buffered, which would lose a "bye" sent just before
 * the close. Callbacks run inside libssh, so they only store bytes; lines
 * are split and parsed after the poll returns.
 */
static int
client_on_data(ssh_session session, ssh_channel channel, void *data, uint32_t len,
    int is_stderr, void *userdata)
{
	struct itest_client *c = userdata;
	size_t need = c->received_len + len;

	if (is_stderr || c->overflow)
		return (int)len;
	if (need > ITEST_MAX_LINE_BYTES) {
		c->overflow = true;
		return (int)len;
	}
	if (need > c->received_cap) {
		size_t cap = c->received_cap ? c->received_cap : 16384;
		char *grown;

		while (cap < need)
			cap *= 2;
		grown = realloc(c->received, cap);
		if (grown == NULL) {
			c->overflow = true;
			return (int)len;
		}
		c->received = grown;
		c->received_cap = cap;
	}
	memcpy(c->received + c->received_len, data, len);
	c->received_len = need;
	return (int)len;
}

static void
client_on_eof(ssh_session session, ssh_channel channel, void *userdata)
{
	((struct itest_client *)userdata)->peer_done = true;
}

static void
client_on_close(ssh_session session, ssh_channel channel, void *userdata)
{
	((struct itest_client *)userdata)->peer_done = true;
}

/* Logs in and opens a session channel, its data caught by the callbacks. */
static struct itest_client *
client_connect(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	ssh_session s = session_connect(srv, login);
	int rc = session_authenticate(s, auth);
	struct itest_client *c;
	char error[256];

	if (rc != SSH_AUTH_SUCCESS) {
		snprintf(error, sizeof error, "%s", ssh_get_error(s));
		session_end(s);
		fail_msg("login as %s by %s: %s (%s)", login, auth_describe(auth),
		    auth_result_name(rc), error);
	}
	c = harness_alloc(sizeof *c);
	c->srv = srv;
	c->session = s;
	c->queue = json_array();
	c->kept = json_array();
	linebuf_init(&c->lines, ITEST_MAX_LINE_BYTES);
	snprintf(c->login, sizeof c->login, "%s", login);
	harness_push((void ***)&srv->clients, &srv->nclients, c);
	c->channel = ssh_channel_new(c->session);
	if (c->channel == NULL)
		fail_msg("%s: cannot make a channel", c->login);
	ssh_callbacks_init(&c->callbacks);
	c->callbacks.userdata = c;
	c->callbacks.channel_data_function = client_on_data;
	c->callbacks.channel_eof_function = client_on_eof;
	c->callbacks.channel_close_function = client_on_close;
	/* Before the request: the first output may come with its reply. */
	ssh_set_channel_callbacks(c->channel, &c->callbacks);
	if (ssh_channel_open_session(c->channel) != SSH_OK)
		fail_msg("%s: cannot open a session channel: %s", c->login,
		    ssh_get_error(c->session));
	c->event = ssh_event_new();
	if (c->event == NULL || ssh_event_add_session(c->event, c->session) != SSH_OK)
		fail_msg("%s: cannot make an ssh_event", c->login);
	return c;
}


struct itest_client *
itest_login(struct itest_server *srv, const char *login, struct itest_auth auth)
{
	struct itest_client *c = client_connect(srv, login, auth);

	if (ssh_channel_request_subsystem(c->channel, PROTO_SUBSYSTEM) != SSH_OK)
		fail_msg("%s: subsystem %s refused: %s", c->login, PROTO_SUBSYSTEM,
		    ssh_get_error(c->session));
	harness_client_read_hello(c);
	return c;
}

struct itest_client *
itest_login_unread(struct itest_server *srv, const struct itest_user *user)
{
	struct itest_client *c = client_connect(srv, user->handle,
	    itest_by_key(user->key));

	if (ssh_channel_request_subsystem(c->channel, PROTO_SUBSYSTEM) != SSH_OK)
		fail_msg("%s: subsystem %s refused: %s", c->login, PROTO_SUBSYSTEM,
		    ssh_get_error(c->session));
	return c;
}

struct itest_client *
itest_login_user(struct itest_server *srv, const struct itest_user *user)
{
	return itest_login(srv, user->handle, itest_by_key(user->key));
}

void
harness_client_free(struct itest_client *c)
{
	struct itest_server *srv = c->srv;

	for (size_t i = 0; i < srv->nclients; i++)
		if (srv->clients[i] == c) {
			srv->clients[i] = srv->clients[--srv->nclients];
			break;
		}
	if (c->event != NULL) {
		ssh_event_remove_session(c->event, c->session);
		ssh_event_free(c->event);
	}
	if (c->reset) {
		/* ssh_free sends nothing: its close is the reset. */
		ssh_remove_channel_callbacks(c->channel, &c->callbacks);
		ssh_free(c->session);
	} else if (c->channel != NULL) {
		if (!c->closed && ssh_channel_is_open(c->channel)) {
			ssh_channel_send_eof(c->channel);
			ssh_channel_close(c->channel);
		}
		ssh_remove_channel_callbacks(c->channel, &c->callbacks);
		ssh_channel_free(c->channel);
	}
	if (!c->reset)
		session_end(c->session);
	json_decref(c->queue);
	json_decref(c->kept);
	free(c->received);
	linebuf_free(&c->lines);
	free(c);
}

void
itest_close(struct itest_client *c)
{
	if (c != NULL)
		harness_client_free(c);
}

void
itest_reset(struct itest_client *c)
{
	struct linger	hard = { 1, 0 };

	if (setsockopt(ssh_get_fd(c->session), SOL_SOCKET, SO_LINGER, &hard,
	    sizeof hard) == -1)
		fail_msg("%s: cannot set SO_LINGER: %s", c->login, strerror(errno));
	c->reset = true;
	harness_client_free(c);
}

/* --- terminals --------------------------------------------------------------------- */

/*
 * The relay answers "size" with the terminal's size and hands every other
 * line to the protocol connection on fd 3; what the daemon says comes back
 * to the terminal. The spawned client's environment has no PATH.
 */
static const char relay_script[] =
    "#!/bin/sh\n"
    "/bin/stty -echo\n"
    "/bin/cat <&3 &\n"
    "while IFS= read -r line; do\n"
    "\tcase $line in\n"
    "\tsize) echo \"size $(/bin/stty size)\" ;;\n"
    "\t*) printf '%s\\n' \"$line\" >&3 ;;\n"
    "\tesac\n"
    "done\n";

const char *
itest_relay_client(void)
{
	static char path[PATH_MAX];
	FILE *f;

	if (path[0] != '\0')
		return path;
	harness_path_format(path, sizeof path, "%s/relay-client", itest.root);
	f = fopen(path, "w");
	if (f == NULL || fputs(relay_script, f) == EOF || fclose(f) != 0 ||
	    chmod(path, 0755) != 0)
		fail_msg("cannot write %s", path);
	return path;
}

struct itest_client *
itest_terminal(struct itest_server *srv, const char *login, struct itest_auth auth,
    int cols, int rows)
{
	struct itest_client *c = client_connect(srv, login, auth);

	c->terminal = true;
	if (ssh_channel_request_pty_size(c->channel, "xterm", cols, rows) != SSH_OK ||
	    ssh_channel_request_shell(c->channel) != SSH_OK)
		fail_msg("%s: terminal or shell refused: %s", c->login,
		    ssh_get_error(c->session));
	return c;
}

void
itest_terminal_type(struct itest_client *c, const char *text)
{
	itest_send_raw(c, text, strlen(text));
}

void
itest_terminal_resize(struct itest_client *c, int cols, int rows)
{
	if (ssh_channel_change_pty_size(c->channel, cols, rows) != SSH_OK)
		fail_msg("%s: window change failed: %s", c->login, ssh_get_error(c->session));
}

void
itest_terminal_wait(struct itest_client *c, const char *text)
{
	uint64_t deadline = harness_deadline();
	char *found;
	enum read_result r = READ_MORE;

	for (;;) {
		found = c->received_len > 0 ? memmem(c->received, c->received_len,
		    text, strlen(text)) : NULL;
		if (found != NULL) {
			size_t used = (size_t)(found - c->received) + strlen(text);

			c->received_len -= used;
			memmove(c->received, c->received + used, c->received_len);
			return;
		}
		if (r != READ_MORE)
			break;
		r = harness_client_read(c, deadline);
	}
	fail_msg("%s: %s while waiting for \"%s\" on the terminal; it shows: %.*s",
	    c->login, r == READ_CLOSED ? "the channel closed" : "timed out", text,
	    (int)(c->received_len < 600 ? c->received_len : 600),
	    c->received != NULL ? c->received : "");
}

