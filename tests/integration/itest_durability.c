/*
 * itest_durability.c: an acknowledged message is a committed message. The
 * daemon is killed with SIGKILL right after acknowledgements and restarted on
 * the same state directory; what was acknowledged must be in history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define ROOM		"region:north-east"
#define BURST		30
/* Writers pipelining around a registration that fails in the same turns. */
#define WRITERS		3
#define WRITER_BURST	60
#define INVITE_MAX	64

struct durability_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;
};

static struct durability_world world;

static int
durability_setup(void **state)
{
	world.srv = itest_server_new(itest_posting_unlimited);
	world.asha = itest_user_add(world.srv, "asha", "north-east", NULL);
	*state = &world;
	return 0;
}

static int
durability_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* Each test starts with a running daemon, though the previous one stopped it. */
static int
daemon_running(void **state)
{
	if (!itest_server_started(world.srv))
		itest_server_start(world.srv);
	return 0;
}

static void
crash_and_restart(struct itest_server *srv)
{
	itest_server_kill(srv);
	itest_server_start(srv);
}

/* Asserts the newest history page of ROOM ends with these message ids. */
static void
assert_history_ends_with(struct itest_client *c, const json_int_t *ids, size_t count)
{
	const json_t *msgs = itest_get(itest_history(c, ROOM, 0, 200), "msgs");
	size_t total = json_array_size(msgs);

	assert_true(total >= count);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(itest_get_int(json_array_get(msgs, total - count + i), "id"),
		    ids[i]);
}

/* Stops and starts the daemon; id must be the newest message of ROOM. */
static void
assert_last_after_restart(struct durability_world *w, json_int_t id)
{
	struct itest_client *c;

	itest_server_stop(w->srv);
	itest_server_start(w->srv);
	c = itest_login_user(w->srv, w->asha);
	assert_history_ends_with(c, &id, 1);
	itest_close(c);
}

static void
a_message_acknowledged_just_before_a_kill_9_is_in_history_after_restart(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *before = itest_login_user(w->srv, w->asha);
	const json_t *sent = itest_post(before, ROOM, "written before the crash");
	struct itest_client *after;
	const json_t *msgs;

	crash_and_restart(w->srv);
	after = itest_login_user(w->srv, w->asha);
	msgs = itest_get(itest_history(after, ROOM, 0, 1), "msgs");
	assert_int_equal(json_array_size(msgs), 1);
	itest_assert_json_equal(json_array_get(msgs, 0), sent);
	itest_close(after);
	itest_close(before);
}

static void
every_acknowledged_message_of_a_pipelined_burst_survives_a_kill_9(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->asha);
	json_int_t requests[BURST], ids[BURST];

	for (size_t i = 0; i < BURST; i++)
		requests[i] = itest_send(c, "room.send", json_pack("{s:s, s:s}",
		    "room", ROOM, "body", "one of a burst"));
	for (size_t i = 0; i < BURST; i++) {
		const json_t *reply = itest_wait_reply(c, requests[i]);

		itest_assert_ok(reply);
		ids[i] = itest_get_int(reply, "msg.id");
	}
	crash_and_restart(w->srv);
	itest_close(c);
	c = itest_login_user(w->srv, w->asha);
	assert_history_ends_with(c, ids, BURST);
	itest_close(c);
}

static void
message_ids_keep_increasing_across_a_restart(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->asha);
	json_int_t before = itest_get_int(itest_post(c, ROOM, "before the restart"), "id");

	crash_and_restart(w->srv);
	itest_close(c);
	c = itest_login_user(w->srv, w->asha);
	assert_true(itest_get_int(itest_post(c, ROOM, "after the restart"), "id") > before);
	itest_close(c);
}

static void
sigterm_says_bye_shutdown_to_connected_sessions_and_exits_cleanly(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->asha);

	itest_assert_alive(c);
	itest_server_stop(w->srv);
	itest_wait_closed(c);
	assert_string_equal(itest_get_str(itest_wait_event(c, "bye"), "reason"), "shutdown");
	itest_close(c);
}

static void
a_clean_restart_keeps_accounts_and_messages(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->asha);
	json_int_t id = itest_get_int(itest_post(c, ROOM, "before a clean stop"), "id");

	itest_close(c);
	assert_last_after_restart(w, id);
}

/* The body of the message with this id in a history list (NULL if absent). */
static const char *
history_body(const json_t *all, json_int_t id)
{
	size_t i;

	for (i = 0; i < json_array_size(all); i++) {
		const json_t *m = json_array_get(all, i);

		if (itest_get_int(m, "id") == id)
			return itest_get_str(m, "body");
	}
	return NULL;
}

/* Every message of ROOM, oldest first, page by page. */
static json_t *
history_all(struct itest_client *c)
{
	json_t *all = json_array();
	json_int_t before = 0;
	int pages;

	for (pages = 0; pages < 100; pages++) {
		const json_t *msgs = itest_get(itest_history(c, ROOM, before, 200), "msgs");

		if (json_array_size(msgs) == 0)
			break;
		json_array_extend(all, (json_t *)msgs);
		before = itest_get_int(json_array_get(msgs, 0), "id");
	}
	return all;
}

/*
 * Registering with a key someone already has (public keys are public) fails
 * half-way through its writes. Other people's messages written in the same
 * loop turns must stay: each acknowledged message is in history after a
 * restart with the id its reply carried, no id is handed out twice, the
 * registration alone gets an error, key_exists, and its invite still works.
 */
static void
a_registration_failing_on_a_taken_key_loses_nobody_elses_acknowledged_messages(void **state)
{
	struct durability_world *w = *state;
	struct itest_client *writers[WRITERS], *join, *c;
	json_int_t requests[WRITERS][2 * WRITER_BURST], ids[WRITERS][2 * WRITER_BURST];
	json_int_t reg = 0;
	const struct itest_key *fresh;
	char code[INVITE_MAX], handle[16], body[64];
	json_t *all;
	size_t i, j, k, n = 2 * WRITER_BURST;

	itest_ctl_ok(w->srv, NULL, code, sizeof code, "invite", "create",
	    "--region", "north-east", NULL);
	code[strcspn(code, "\n")] = '\0';
	for (i = 0; i < WRITERS; i++) {
		snprintf(handle, sizeof handle, "writer%zu", i);
		writers[i] = itest_person_online(w->srv, handle, "north-east");
	}
	join = itest_login(w->srv, "join", itest_by_password("anything"));

	for (k = 0; k < n; k++) {
		for (i = 0; i < WRITERS; i++) {
			snprintf(body, sizeof body, "writer %zu, message %zu", i, k);
			requests[i][k] = itest_send(writers[i], "room.send",
			    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
		}
		if (k == WRITER_BURST)
			reg = itest_send(join, "account.register", json_pack(
			    "{s:s, s:s, s:s, s:s}", "code", code, "handle", "newcomer",
			    "name", "New Comer", "pubkey", w->asha->key->line));
	}
	itest_wait_reply(join, reg);
	for (i = 0; i < WRITERS; i++)
		for (k = 0; k < n; k++) {
			const json_t *reply = itest_wait_reply(writers[i], requests[i][k]);

			itest_assert_ok(reply);
			ids[i][k] = itest_get_int(reply, "msg.id");
		}
	itest_assert_alive(join);
	assert_int_equal(itest_unclaimed_events(join, "bye"), 0);
	for (i = 0; i < WRITERS; i++)
		itest_close(writers[i]);

	itest_server_stop(w->srv);
	itest_server_start(w->srv);
	c = itest_login_user(w->srv, w->asha);
	all = history_all(c);
	for (i = 0; i < WRITERS; i++)
		for (k = 0; k < n; k++) {
			const char *got = history_body(all, ids[i][k]);

			snprintf(body, sizeof body, "writer %zu, message %zu", i, k);
			if (got == NULL || strcmp(got, body) != 0)
				fail_msg("message %lld (\"%s\") was acknowledged; history "
				    "has %s%s%s", (long long)ids[i][k], body,
				    got != NULL ? "\"" : "nothing", got != NULL ? got : "",
				    got != NULL ? "\"" : "");
			for (j = 0; j < WRITERS * n; j++)
				if (j != i * n + k)
					assert_true(ids[j / n][j % n] != ids[i][k]);
		}
	json_decref(all);
	itest_close(c);
	itest_close(join);

	join = itest_login(w->srv, "join", itest_by_password("anything"));
	fresh = itest_key_new(w->srv, "newcomer");
	itest_call_ok(join, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
	    "code", code, "handle", "newcomer", "name", "New Comer", "pubkey",
	    fresh->line));
	itest_close(join);
}

/* Runs a shell command; true when it exits 0. */
static bool
shell(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd) == 0;
}

#define DISK_POSTS	400
#define DISK_BODY	7000

/*
 * Posts large messages until the disk refuses one; returns that reply (the
 * posts before it were acknowledged as usual).
 */
static const json_t *
post_until_refused(struct itest_client *c, const char *body)
{
	for (int i = 0; i < DISK_POSTS; i++) {
		const json_t *reply = itest_call(c, "room.send",
		    json_pack("{s:s, s:s}", "room", ROOM, "body", body));

		if (itest_find(reply, "error") != NULL)
			return reply;
	}
	fail_msg("%d large posts on a full disk were all accepted", DISK_POSTS);
	return NULL;
}

/* Posts until the daemon writes again, waiting as each refusal says. */
static json_int_t
post_until_accepted(struct itest_client *c)
{
	for (int i = 0; i < 20; i++) {
		const json_t *reply = itest_call(c, "room.send",
		    json_pack("{s:s, s:s}", "room", ROOM, "body", "the disk is back"));

		if (itest_find(reply, "error") == NULL)
			return itest_get_int(reply, "msg.id");
		itest_assert_error(reply, "unavailable");
		usleep((useconds_t)itest_get_int(reply, "retry_after_ms") * 1000);
	}
	fail_msg("the daemon did not take writes again once the disk had room");
	return 0;
}

/*
 * Stops the daemon and moves its state directory onto a filesystem of its
 * own, mounted on it by the shell command mount; starts it again there.
 * False (nothing changed) when mount fails here.
 */
static bool
state_on_own_disk(struct durability_world *w, const char *mount)
{
	const char *dir = itest_server_state_dir(w->srv);

	if (geteuid() != 0)
		skip();
	itest_server_stop(w->srv);
	if (!shell("cp -a '%s' '%s.saved' && %s 2>/dev/null", dir, dir, mount))
		return false;
	/* On disk, as a server's state long is, before a test's disk error. */
	assert_true(shell("cp -a '%s.saved'/. '%s'/ && chown --reference='%s.saved' "
	    "'%s' && chmod 0700 '%s' && sync", dir, dir, dir, dir, dir));
	itest_server_start(w->srv);
	return true;
}

/* Writes are refused with unavailable and a wait; reads and the connection go on. */
static void
assert_writes_refused(struct durability_world *w, struct itest_client *c,
    const char *body)
{
	const json_t *reply = post_until_refused(c, body);

	itest_assert_error(reply, "unavailable");
	assert_true(itest_get_int(reply, "retry_after_ms") > 0);
	itest_history(c, ROOM, 0, 10);
	itest_assert_alive(c);
	itest_server_assert_running(w->srv);
}

/*
 * The state directory on a small tmpfs that fills up: writes are refused
 * with unavailable (and retry_after_ms), reads go on, and writes resume by
 * themselves once the disk takes them, without a restart.
 */
static void
a_full_disk_refuses_writes_with_unavailable_and_recovers_by_itself(void **state)
{
	struct durability_world *w = *state;
	const char *dir = itest_server_state_dir(w->srv);
	static char body[DISK_BODY + 1];
	char mount[PATH_MAX + 64];
	struct itest_client *c;
	json_int_t id;

	snprintf(mount, sizeof mount, "mount -t tmpfs -o size=4m tmpfs '%s'", dir);
	if (!state_on_own_disk(w, mount)) {
		print_message("# SKIP: cannot mount a tmpfs here\n");
		skip();
	}
	c = itest_login_user(w->srv, w->asha);
	itest_post(c, ROOM, "before the disk filled up");

	shell("dd if=/dev/zero of='%s/filler' bs=64k 2>/dev/null", dir);
	memset(body, 'z', DISK_BODY);
	assert_writes_refused(w, c, body);

	/* Room again: writes resume by themselves, and the log says so. */
	assert_true(shell("rm -f '%s/filler'", dir));
	id = post_until_accepted(c);
	assert_int_equal(itest_server_log_count(w->srv, "the disk takes writes again"), 1);
	itest_close(c);
	assert_last_after_restart(w, id);
	itest_server_stop(w->srv);
}

/*
 * A read-only remount is refused while the daemon holds its database open
 * for writing (EBUSY), so the read-only case a server meets is a disk error
 * on ext4 mounted errors=remount-ro: the kernel turns the filesystem
 * read-only under the running daemon. ext4's trigger_fs_error takes that
 * same path. Writes are refused with unavailable and reads go on; the
 * kernel will not make it writable again (emergency_ro), so the operator
 * stops the daemon, checks the filesystem and starts it again: nothing
 * acknowledged is lost and writes are taken.
 */
static void
a_disk_error_that_turns_the_filesystem_read_only_refuses_writes_until_fsck_and_restart(void **state)
{
	struct durability_world *w = *state;
	const char *dir = itest_server_state_dir(w->srv);
	char mount[4 * PATH_MAX];
	struct itest_client *c;
	json_int_t id;

	snprintf(mount, sizeof mount, "truncate -s 64M '%s.img' && mkfs.ext4 -q -F "
	    "'%s.img' >/dev/null && mount -o loop,errors=remount-ro '%s.img' '%s' "
	    "&& test -w /sys/fs/ext4/$(basename $(findmnt -n -o SOURCE '%s'))/"
	    "trigger_fs_error", dir, dir, dir, dir, dir);
	if (!state_on_own_disk(w, mount)) {
		print_message("# SKIP: no ext4 on a loop device with "
		    "trigger_fs_error here\n");
		skip();
	}
	c = itest_login_user(w->srv, w->asha);
	id = itest_get_int(itest_post(c, ROOM, "before the disk error"), "id");

	assert_true(shell("echo 'itest_durability: a disk error' > "
	    "/sys/fs/ext4/$(basename $(findmnt -n -o SOURCE '%s'))/trigger_fs_error",
	    dir));
	assert_writes_refused(w, c, "on a read-only disk");
	/* The kernel keeps it read-only until it is checked. */
	assert_false(shell("mount -o remount,rw '%s' 2>/dev/null", dir));
	itest_close(c);

	itest_server_kill(w->srv);
	assert_true(shell("umount '%s' && e2fsck -fy '%s.img' >/dev/null 2>&1; "
	    "mount -o loop '%s.img' '%s'", dir, dir, dir, dir));
	itest_server_start(w->srv);
	c = itest_login_user(w->srv, w->asha);
	assert_history_ends_with(c, &id, 1);
	itest_post(c, ROOM, "the disk is back");
	itest_close(c);
	itest_server_stop(w->srv);
}

/* The tmpfs goes whatever happened, or the state directory could not be removed. */
static int
disk_unmounted(void **state)
{
	struct durability_world *w = *state;
	const char *dir = itest_server_state_dir(w->srv);

	if (itest_server_started(w->srv))
		itest_server_kill(w->srv);
	shell("mountpoint -q '%s' && umount '%s'; rm -rf '%s.saved' '%s.img'", dir,
	    dir, dir, dir);
	return 0;
}

#define WITH_DAEMON(test)	cmocka_unit_test_setup(test, daemon_running)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_DAEMON(a_message_acknowledged_just_before_a_kill_9_is_in_history_after_restart),
		WITH_DAEMON(every_acknowledged_message_of_a_pipelined_burst_survives_a_kill_9),
		WITH_DAEMON(message_ids_keep_increasing_across_a_restart),
		WITH_DAEMON(sigterm_says_bye_shutdown_to_connected_sessions_and_exits_cleanly),
		WITH_DAEMON(a_clean_restart_keeps_accounts_and_messages),
		WITH_DAEMON(a_registration_failing_on_a_taken_key_loses_nobody_elses_acknowledged_messages),
		cmocka_unit_test_setup_teardown(
		    a_full_disk_refuses_writes_with_unavailable_and_recovers_by_itself,
		    daemon_running, disk_unmounted),
		cmocka_unit_test_setup_teardown(
		    a_disk_error_that_turns_the_filesystem_read_only_refuses_writes_until_fsck_and_restart,
		    daemon_running, disk_unmounted),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("durability", tests,
	    durability_setup, durability_teardown));
}
