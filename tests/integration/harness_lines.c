/*
 * harness_lines.c: the harness's protocol side: reading a client's lines,
 * waiting for replies and events, sending requests, and JSON lookups.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
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

/* --- reading lines ------------------------------------------------------------------ */

static void
client_take_line(struct itest_client *c, const char *line, size_t len)
{
	json_error_t error;
	json_t *obj = json_loadb(line, len, 0, &error);

	if (obj == NULL || !json_is_object(obj)) {
		json_decref(obj);
		fail_msg("%s: the server sent a line that is not a JSON object (%s): %.300s",
		    c->login, error.text, line);
	}
	json_array_append_new(c->queue, obj);
}

/*
 * Moves every complete received line to the queue through proto's line
 * splitter (the one the daemon reads requests with); true when there was one.
 */
static bool
client_split_lines(struct itest_client *c)
{
	size_t off = 0;
	const char *line;
	size_t len;
	bool took = false;

	if (c->overflow)
		fail_msg("%s: the server sent over %d bytes without a newline", c->login,
		    ITEST_MAX_LINE_BYTES);
	while (off < c->received_len) {
		off += linebuf_feed(&c->lines, c->received + off, c->received_len - off);
		while (linebuf_next(&c->lines, &line, &len) != LINEBUF_NONE) {
			if (line == NULL)
				fail_msg("%s: the server sent over %d bytes without a newline",
				    c->login, ITEST_MAX_LINE_BYTES);
			client_take_line(c, line, len);
			took = true;
		}
	}
	c->received_len = 0;
	return took;
}

enum read_result
harness_client_read(struct itest_client *c, uint64_t deadline)
{
	uint64_t now = harness_mono_ms();
	int rc;

	/* Bytes may have come in while libssh waited to write. */
	if (!c->terminal && c->received_len > 0 && client_split_lines(c))
		return READ_MORE;
	if (c->closed)
		return READ_CLOSED;
	if (now >= deadline)
		return READ_TIMEOUT;
	rc = ssh_event_dopoll(c->event, (int)(deadline - now));
	if (rc == SSH_ERROR || c->peer_done)
		c->closed = true;
	/* Lines that came with the close are still read before it counts. */
	if (!c->terminal && c->received_len > 0 && client_split_lines(c))
		return READ_MORE;
	if (c->closed)
		return READ_CLOSED;
	return harness_mono_ms() >= deadline ? READ_TIMEOUT : READ_MORE;
}

typedef bool (*line_match_fn)(const json_t *line, const void *arg);

static bool
match_reply_to(const json_t *line, const void *arg)
{
	const json_t *re = json_object_get(line, "re");

	return json_is_integer(re) && json_integer_value(re) == *(const json_int_t *)arg;
}

static bool
match_any_reply(const json_t *line, const void *arg)
{
	return json_object_get(line, "re") != NULL;
}

static bool
match_event(const json_t *line, const void *arg)
{
	const json_t *ev = json_object_get(line, "ev");

	return json_is_string(ev) && strcmp(json_string_value(ev), arg) == 0;
}

static bool
match_msg_from(const json_t *line, const void *arg)
{
	const json_t *from = itest_find(line, "msg.from");

	return match_event(line, "msg") && json_is_string(from) &&
	    strcmp(json_string_value(from), arg) == 0;
}

static bool
match_first(const json_t *line, const void *arg)
{
	return true;
}

/* A short text of the lines nobody has claimed, for failure messages. */
static char *
client_unclaimed(const struct itest_client *c)
{
	char *text = json_dumps(c->queue, JSON_COMPACT);

	if (text != NULL && strlen(text) > 600)
		strcpy(text + 590, " ...]");
	return text;
}

static void
client_fail_waiting(struct itest_client *c, enum read_result why, const char *what)
{
	char message[1024];
	char *unclaimed = client_unclaimed(c);

	snprintf(message, sizeof message, "%s: %s while waiting for %s; unclaimed lines: %s",
	    c->login, why == READ_CLOSED ? "the channel closed" : "timed out",
	    what, unclaimed != NULL ? unclaimed : "?");
	free(unclaimed);
	fail_msg("%s", message);
}

/* Moves the first queued line that matches to the kept lines and returns it. */
static const json_t *
client_wait(struct itest_client *c, line_match_fn match, const void *arg, const char *what)
{
	uint64_t deadline = harness_deadline();

	for (;;) {
		for (size_t i = 0; i < json_array_size(c->queue); i++) {
			json_t *line = json_array_get(c->queue, i);

			if (match(line, arg)) {
				json_array_append(c->kept, line);
				json_array_remove(c->queue, i);
				return line;
			}
		}
		enum read_result r = harness_client_read(c, deadline);

		if (r != READ_MORE)
			client_fail_waiting(c, r, what);
	}
}

void
harness_client_read_hello(struct itest_client *c)
{
	const json_t *first = client_wait(c, match_first, NULL, "the hello event");

	if (!match_event(first, "hello")) {
		char *text = json_dumps(first, JSON_COMPACT);

		print_message("# first line: %s\n", text);
		free(text);
		fail_msg("%s: the first line is not a hello event", c->login);
	}
	c->hello = first;
}

const json_t *
itest_hello(const struct itest_client *c)
{
	return c->hello;
}

const json_t *
itest_wait_reply(struct itest_client *c, json_int_t id)
{
	char what[64];

	snprintf(what, sizeof what, "the reply to request %" JSON_INTEGER_FORMAT, id);
	return client_wait(c, match_reply_to, &id, what);
}

const json_t *
itest_next_reply(struct itest_client *c)
{
	return client_wait(c, match_any_reply, NULL, "a reply");
}

const json_t *
itest_wait_event(struct itest_client *c, const char *ev)
{
	char what[64];

	snprintf(what, sizeof what, "a \"%s\" event", ev);
	return client_wait(c, match_event, ev, what);
}

const json_t *
itest_wait_msg_from(struct itest_client *c, const char *handle)
{
	char what[80];

	snprintf(what, sizeof what, "a \"msg\" event from %s", handle);
	return itest_get(client_wait(c, match_msg_from, handle, what), "msg");
}

size_t
itest_unclaimed_events(const struct itest_client *c, const char *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(c->queue); i++)
		if (match_event(json_array_get(c->queue, i), ev))
			n++;
	return n;
}

size_t
itest_unclaimed_replies(const struct itest_client *c)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(c->queue); i++)
		if (match_any_reply(json_array_get(c->queue, i), NULL))
			n++;
	return n;
}

void
itest_wait_closed(struct itest_client *c)
{
	uint64_t deadline = harness_deadline();

	while (!c->closed)
		if (harness_client_read(c, deadline) == READ_TIMEOUT)
			client_fail_waiting(c, READ_TIMEOUT, "the channel to close");
}

/* --- sending ---------------------------------------------------------------------- */

void
itest_send_raw(struct itest_client *c, const void *bytes, size_t len)
{
	const char *p = bytes;

	while (len > 0) {
		int n = ssh_channel_write(c->channel, p, (uint32_t)len);

		if (n <= 0)
			fail_msg("%s: writing to the channel failed: %s", c->login,
			    ssh_get_error(c->session));
		p += n;
		len -= (size_t)n;
	}
}

void
itest_send_eof(struct itest_client *c)
{
	if (ssh_channel_send_eof(c->channel) != SSH_OK)
		fail_msg("%s: sending EOF failed: %s", c->login,
		    ssh_get_error(c->session));
}

json_int_t
itest_send(struct itest_client *c, const char *op, json_t *fields)
{
	json_t *request = fields != NULL ? fields : json_object();
	json_int_t id = ++c->next_id;
	char *line;

	if (!json_is_object(request))
		fail_msg("itest_send: fields must be an object");
	json_object_set_new(request, "id", json_integer(id));
	json_object_set_new(request, "op", json_string(op));
	line = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	if (line == NULL)
		fail_msg("cannot encode a request");
	itest_send_raw(c, line, strlen(line));
	itest_send_raw(c, "\n", 1);
	free(line);
	return id;
}

const json_t *
itest_call(struct itest_client *c, const char *op, json_t *fields)
{
	return itest_wait_reply(c, itest_send(c, op, fields));
}

static void
fail_with_json(const char *what, const json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT);
	char message[1024];

	snprintf(message, sizeof message, "%s: %.900s", what, text != NULL ? text : "?");
	free(text);
	fail_msg("%s", message);
}

void
itest_assert_json_equal(const json_t *got, const json_t *want)
{
	char *got_text, *want_text;
	char message[1024];

	if (json_equal((json_t *)got, (json_t *)want))
		return;
	got_text = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
	want_text = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(message, sizeof message, "got %.480s, wanted %.480s",
	    got_text != NULL ? got_text : "nothing", want_text != NULL ? want_text : "nothing");
	free(got_text);
	free(want_text);
	fail_msg("%s", message);
}

void
itest_assert_ok(const json_t *reply)
{
	if (!json_is_true(json_object_get(reply, "ok")))
		fail_with_json("expected an \"ok\":true reply, got", reply);
}

void
itest_assert_error(const json_t *reply, const char *code)
{
	const json_t *got = itest_find(reply, "error.code");
	char what[128];

	if (!json_is_string(got) || strcmp(json_string_value(got), code) != 0) {
		snprintf(what, sizeof what, "expected error \"%s\", got", code);
		fail_with_json(what, reply);
	}
	if (!json_is_string(itest_find(reply, "error.message")))
		fail_with_json("an error reply without a \"message\" string", reply);
}

const json_t *
itest_call_ok(struct itest_client *c, const char *op, json_t *fields)
{
	const json_t *reply = itest_call(c, op, fields);

	itest_assert_ok(reply);
	return reply;
}

const json_t *
itest_call_error(struct itest_client *c, const char *op, json_t *fields, const char *code)
{
	const json_t *reply = itest_call(c, op, fields);

	itest_assert_error(reply, code);
	return reply;
}

void
itest_assert_alive(struct itest_client *c)
{
	itest_call_ok(c, "ping", NULL);
}

const json_t *
itest_post(struct itest_client *c, const char *room, const char *body)
{
	const json_t *reply = itest_call_ok(c, "room.send",
	    json_pack("{s:s, s:s}", "room", room, "body", body));

	return itest_get(reply, "msg");
}

const json_t *
itest_history(struct itest_client *c, const char *room, json_int_t before, int limit)
{
	json_t *fields = json_pack("{s:s}", "room", room);

	if (before > 0)
		json_object_set_new(fields, "before", json_integer(before));
	if (limit > 0)
		json_object_set_new(fields, "limit", json_integer(limit));
	return itest_call_ok(c, "room.history", fields);
}

/* --- JSON lookups ----------------------------------------------------------------- */

/* Every message of room newer than since, newest first, page by page (at most 100). */
json_t *
itest_history_since(struct itest_client *c, const char *room, json_int_t since)
{
	json_t *all = json_array();
	json_int_t before = 0;

	for (int pages = 0; pages < 100; pages++) {
		const json_t *msgs = itest_get(itest_history(c, room, before, 200), "msgs");
		size_t n = json_array_size(msgs);

		for (size_t i = 0; i < n; i++)
			if (itest_get_int(json_array_get(msgs, i), "id") > since)
				json_array_append(all, json_array_get(msgs, i));
		if (n == 0 || itest_get_int(json_array_get(msgs, 0), "id") <= since)
			break;
		before = itest_get_int(json_array_get(msgs, 0), "id");
	}
	return all;
}

const json_t *
itest_find(const json_t *obj, const char *path)
{
	char copy[256], *token, *rest;
	const json_t *at = obj;

	snprintf(copy, sizeof copy, "%s", path);
	for (token = strtok_r(copy, ".", &rest); token != NULL && at != NULL;
	    token = strtok_r(NULL, ".", &rest)) {
		char *end;
		long index;

		if (json_is_object(at)) {
			at = json_object_get(at, token);
			continue;
		}
		index = strtol(token, &end, 10);
		at = json_is_array(at) && *end == '\0' && index >= 0 ?
		    json_array_get(at, (size_t)index) : NULL;
	}
	return at;
}

const json_t *
itest_get(const json_t *obj, const char *path)
{
	const json_t *found = itest_find(obj, path);
	char what[128];

	if (found == NULL) {
		snprintf(what, sizeof what, "no \"%s\" in", path);
		fail_with_json(what, obj);
	}
	return found;
}

static const json_t *
get_typed(const json_t *obj, const char *path, json_type type, const char *type_name)
{
	const json_t *found = itest_get(obj, path);
	char what[128];

	if (json_typeof(found) != type &&
	    !(type == JSON_TRUE && json_is_boolean(found))) {
		snprintf(what, sizeof what, "\"%s\" is not %s in", path, type_name);
		fail_with_json(what, obj);
	}
	return found;
}

json_int_t
itest_get_int(const json_t *obj, const char *path)
{
	return json_integer_value(get_typed(obj, path, JSON_INTEGER, "an integer"));
}

const char *
itest_get_str(const json_t *obj, const char *path)
{
	return json_string_value(get_typed(obj, path, JSON_STRING, "a string"));
}

bool
itest_get_bool(const json_t *obj, const char *path)
{
	return json_is_true(get_typed(obj, path, JSON_TRUE, "a boolean"));
}

json_int_t
itest_board_of(struct itest_client *c, const char *scope)
{
	const json_t *b;
	json_int_t board = 0;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "boards.list", NULL),
	    "boards"), i, b) {
		if (strcmp(itest_get_str(b, "scope"), scope) == 0)
			board = itest_get_int(b, "id");
	}
	if (board == 0)
		fail_msg("no board of %s in boards.list", scope);
	return board;
}

const json_t *
itest_room_in(const json_t *rooms_reply, const char *room_id)
{
	const json_t *rooms = get_typed(rooms_reply, "rooms", JSON_ARRAY, "an array");
	size_t i;
	json_t *room;

	json_array_foreach((json_t *)rooms, i, room) {
		const json_t *id = json_object_get(room, "id");

		if (json_is_string(id) && strcmp(json_string_value(id), room_id) == 0)
			return room;
	}
	return NULL;
}

const json_t *
itest_find_room(const json_t *rooms_reply, const char *room_id)
{
	const json_t *room = itest_room_in(rooms_reply, room_id);
	char what[128];

	if (room == NULL) {
		snprintf(what, sizeof what, "no room \"%s\" in", room_id);
		fail_with_json(what, rooms_reply);
	}
	return room;
}

const json_t *
itest_with_id(const json_t *array, json_int_t id)
{
	const json_t *v, *vid;
	size_t i;

	json_array_foreach(array, i, v) {
		vid = json_object_get(v, "id");
		if (json_is_integer(vid) && json_integer_value(vid) == id)
			return v;
	}
	return NULL;
}

const json_t *
itest_queue_entry(struct itest_client *c, const char *field, json_int_t id)
{
	const json_t *e;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "mod.queue",
	    json_pack("{s:i}", "limit", 50)), "entries"), i, e) {
		if (itest_find(e, field) != NULL &&
		    itest_get_int(e, field) == id)
			return e;
	}
	return NULL;
}

json_t *
itest_export_json(struct itest_server *srv, const char *handle,
    const char *dir)
{
	char path[3072], out[8192];
	json_error_t error;
	json_t *doc;

	snprintf(path, sizeof path, "%s/%s", itest_server_state_dir(srv), dir);
	itest_ctl_ok(srv, NULL, out, sizeof out, "export", "person", handle,
	    path, NULL);
	snprintf(path + strlen(path), sizeof path - strlen(path), "/%s.json",
	    handle);
	if ((doc = json_load_file(path, 0, &error)) == NULL)
		fail_msg("%s: not JSON: %s", path, error.text);
	return doc;
}

/* --- shared suites ------------------------------------------------------------ */

const char *const itest_posting_unlimited[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

struct itest_server *itest_shared;

int
itest_shared_setup(void **state)
{
	itest_shared = itest_server_new(itest_posting_unlimited);
	itest_server_start(itest_shared);
	*state = itest_shared;
	return 0;
}

int
itest_shared_teardown(void **state)
{
	itest_server_free(itest_shared);
	itest_shared = NULL;
	return 0;
}

struct itest_client *
itest_person_online(struct itest_server *srv, const char *handle, const char *region)
{
	return itest_login_user(srv, itest_user_add(srv, handle, region, NULL));
}

