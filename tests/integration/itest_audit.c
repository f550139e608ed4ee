/*
 * itest_audit.c: the audit log over real SSH and the real staffroomctl
 * (issue 14). A moderator's acts become rows written by the dispatcher,
 * with their targets; a person's own acts and refused acts do not; an act
 * whose row cannot be written is undone; the operator's changes are rows
 * of the operator; audit.head follows the last row; and `audit verify`
 * names the row after each kind of tampering done with the sqlite3 CLI,
 * and passes again once the rows are put back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* asha and ben are London members; lena moderates London. */
struct audit_world {
	struct itest_server	*srv;
	const struct itest_user	*asha, *ben, *lena;
};

static struct audit_world world;

static int
audit_setup(void **state)
{
	struct audit_world *w = &world;

	w->srv = itest_server_new(NULL);
	w->asha = itest_user_add(w->srv, "asha", "london", NULL);
	w->ben = itest_user_add(w->srv, "ben", "london", NULL);
	w->lena = itest_user_add(w->srv, "lena", "london", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "lena", "--role",
	    "moderator", NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
audit_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static json_t *
id_field(const char *key, json_int_t id)
{
	return json_pack("{s:I}", key, id);
}

static json_int_t
london_board(struct itest_client *c)
{
	const json_t *b;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "boards.list", NULL), "boards"),
	    i, b) {
		if (strcmp(itest_get_str(b, "scope"), "region:london") == 0)
			return itest_get_int(b, "id");
	}
	fail_msg("no London board");
	return 0;
}

/* staffroomctl audit ARGS --json: the rows (the caller frees them). */
static json_t *
audit_rows(const char *a1, const char *a2, const char *a3)
{
	static char out[256 * 1024];
	json_error_t err;
	json_t *rows;

	itest_ctl_ok(world.srv, NULL, out, sizeof out, "audit", a1, "--json", a2, a3,
	    NULL);
	if ((rows = json_loads(out, 0, &err)) == NULL || !json_is_array(rows))
		fail_msg("audit %s: not a JSON array: %s", a1, out);
	return rows;
}

static json_t *
audit_search(const char *opt, const char *value)
{
	return audit_rows("search", opt, value);
}

static void
assert_row(const json_t *row, const char *actor, const char *act,
    const char *kind, json_int_t target)
{
	assert_string_equal(itest_get_str(row, "actor"), actor);
	assert_string_equal(itest_get_str(row, "act"), act);
	assert_string_equal(itest_get_str(row, "target_kind"), kind);
	assert_int_equal(itest_get_int(row, "target_id"), target);
	assert_int_equal(strlen(itest_get_str(row, "hash")), 64);
}

static void
a_moderators_acts_are_rows_and_a_persons_own_are_not(void **state)
{
	struct audit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t board = london_board(asha);
	json_int_t thread, post, own;
	json_t *rows;
	char target[64];

	thread = itest_get_int(itest_call_ok(asha, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", board, "title", "Annual reviews",
	    "body", "opening words")), "thread.id");
	post = itest_get_int(itest_call_ok(ben, "post.reply", json_pack("{s:I, s:s}",
	    "thread", thread, "body", "a reply to hide")), "post.id");
	own = itest_get_int(itest_call_ok(asha, "post.reply", json_pack("{s:I, s:s}",
	    "thread", thread, "body", "my own, deleted by me")), "post.id");

	itest_call_ok(lena, "thread.lock", id_field("thread", thread));
	itest_call_ok(lena, "thread.unlock", id_field("thread", thread));
	itest_call_ok(lena, "thread.pin", id_field("thread", thread));
	itest_call_ok(lena, "post.delete", id_field("post", post));
	itest_call_ok(lena, "post.restore", id_field("post", post));
	/* The author's own delete, and refused acts: no rows. */
	itest_call_ok(asha, "post.delete", id_field("post", own));
	itest_call_error(ben, "thread.lock", id_field("thread", thread), "forbidden");
	itest_call_error(asha, "post.restore", id_field("post", post), "forbidden");

	rows = audit_search("--actor", "lena");
	assert_int_equal(json_array_size(rows), 5);
	assert_row(json_array_get(rows, 0), "lena", "thread.lock", "thread", thread);
	assert_row(json_array_get(rows, 1), "lena", "thread.unlock", "thread", thread);
	assert_row(json_array_get(rows, 2), "lena", "thread.pin", "thread", thread);
	assert_row(json_array_get(rows, 3), "lena", "post.delete", "post", post);
	assert_row(json_array_get(rows, 4), "lena", "post.restore", "post", post);
	/* Ids and authors only: never the hidden post's words. */
	assert_null(strstr(itest_get_str(json_array_get(rows, 3), "detail"), "hide"));
	json_decref(rows);
	rows = audit_search("--actor", "asha");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	rows = audit_search("--actor", "ben");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	snprintf(target, sizeof target, "post:%lld", (long long)post);
	rows = audit_search("--target", target);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	/* The head went to the daemon's log as each act was committed. */
	assert_true(itest_server_log_count(w->srv, "audit: head is row") >= 5);
	itest_close(asha);
	itest_close(ben);
	itest_close(lena);
}

static void
an_act_whose_row_cannot_be_written_is_not_done(void **state)
{
	struct audit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t thread;
	json_t *rows;
	size_t before;

	thread = itest_get_int(itest_call_ok(asha, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", london_board(asha), "title",
	    "Unlockable", "body", "words")), "thread.id");
	rows = audit_rows("tail", "1000", NULL);
	before = json_array_size(rows);
	json_decref(rows);
	itest_sql(w->srv, "CREATE TRIGGER audit_refuse BEFORE INSERT ON audit"
	    " WHEN NEW.act = 'thread.lock' BEGIN SELECT RAISE(ABORT, 'refused'); END");
	itest_call_error(lena, "thread.lock", id_field("thread", thread), "internal");
	itest_sql(w->srv, "DROP TRIGGER audit_refuse");
	assert_false(itest_get_bool(itest_call_ok(asha, "thread.posts",
	    id_field("thread", thread)), "thread.locked"));
	rows = audit_rows("tail", "1000", NULL);
	assert_int_equal(json_array_size(rows), before);
	json_decref(rows);
	/* And once it can be, it is. */
	itest_call_ok(lena, "thread.lock", id_field("thread", thread));
	rows = audit_rows("tail", "1", NULL);
	assert_row(json_array_get(rows, 0), "lena", "thread.lock", "thread", thread);
	json_decref(rows);
	itest_close(asha);
	itest_close(lena);
}

static void
the_operators_changes_are_rows_of_the_operator(void **state)
{
	struct audit_world *w = *state;
	char out[256];
	json_t *rows;
	const json_t *row;
	size_t i, users = 0, roles = 0;

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "board", "add", "Audit board",
	    "--scope", "national", NULL);
	rows = audit_search("--actor", "operator");
	json_array_foreach(rows, i, row) {
		assert_int_equal(itest_get_int(row, "actor_id"), 0);
		if (strcmp(itest_get_str(row, "act"), "user add") == 0)
			users++;
		if (strcmp(itest_get_str(row, "act"), "user set") == 0) {
			assert_string_equal(itest_get_str(row, "detail"),
			    "lena --role moderator");
			roles++;
		}
	}
	assert_string_equal(itest_get_str(json_array_get(rows, 0), "act"), "init");
	assert_int_equal(users, 3);
	assert_int_equal(roles, 1);
	row = json_array_get(rows, json_array_size(rows) - 1);
	assert_row(row, "operator", "board add", "board", atoll(out));
	json_decref(rows);
	rows = audit_search("--target", "lena");
	assert_true(json_array_size(rows) >= 2);
	json_decref(rows);
}

/* The daemon's log holds the heads staffroomctl's commits made too. */
static void
the_daemon_logs_the_head_of_the_operators_changes(void **state)
{
	struct audit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	char line[160];
	json_t *rows;

	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "asha", "--name",
	    "Asha Patel", NULL);
	/* Her session hears of it in the same look at the database. */
	itest_wait_event(asha, "me");
	rows = audit_rows("tail", "1", NULL);
	assert_row(json_array_get(rows, 0), "operator", "user set", "user",
	    itest_get_int(json_array_get(rows, 0), "target_id"));
	snprintf(line, sizeof line, "audit: head is row %lld %s",
	    (long long)itest_get_int(json_array_get(rows, 0), "id"),
	    itest_get_str(json_array_get(rows, 0), "hash"));
	json_decref(rows);
	assert_int_equal(itest_server_log_count(w->srv, line), 1);
	itest_close(asha);
}

/* The head file holds the last row's id and hash. */
static void
audit_head_is_the_last_row(void **state)
{
	struct audit_world *w = *state;
	char path[PATH_MAX], line[128], want[128];
	json_t *rows;
	FILE *f;

	rows = audit_rows("tail", "1", NULL);
	snprintf(want, sizeof want, "%lld %s\n",
	    (long long)itest_get_int(json_array_get(rows, 0), "id"),
	    itest_get_str(json_array_get(rows, 0), "hash"));
	json_decref(rows);
	snprintf(path, sizeof path, "%s/audit.head", itest_server_state_dir(w->srv));
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("no %s", path);
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	assert_string_equal(line, want);
}

/* Runs audit verify; when it must fail, stderr must name the row so. */
static void
verify(struct audit_world *w, const char *naming)
{
	size_t before = naming != NULL ? itest_ctl_log_count(w->srv, naming) : 0;
	int status = itest_ctl(w->srv, NULL, NULL, 0, "audit", "verify", NULL);

	if (naming == NULL) {
		assert_int_equal(status, 0);
		return;
	}
	assert_int_equal(status, 1);
	assert_int_equal(itest_ctl_log_count(w->srv, naming), before + 1);
}

/* Keeps rows aside, to put them back after a tampering. */
static void
keep(struct audit_world *w, const char *where)
{
	char sql[256];

	snprintf(sql, sizeof sql, "CREATE TABLE kept AS SELECT * FROM audit WHERE %s",
	    where);
	itest_sql(w->srv, sql);
}

static void
put_back(struct audit_world *w, const char *where)
{
	char sql[256];

	snprintf(sql, sizeof sql, "DELETE FROM audit WHERE %s; INSERT INTO audit"
	    " SELECT * FROM kept; DROP TABLE kept", where);
	itest_sql(w->srv, sql);
}

/*
 * Issue 14's "done means": a report of a pupil's name handled by the
 * region's moderator is one row with the reason, the author as target and
 * the message by id; the message's words are in no row; the log verifies.
 */
static void
a_handled_report_is_a_row_without_the_messages_words(void **state)
{
	struct audit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *lena = itest_login_user(w->srv, w->lena);
	json_int_t msg = itest_get_int(itest_post(asha, "region:london",
	    "Jo Bloggs at Hill School has an EHCP now"), "id");
	const json_t *entries, *entry = NULL, *row;
	json_t *rows, *mine;
	char detail[128], *dump;
	size_t i;

	itest_call_ok(ben, "msg.report", json_pack("{s:I, s:s, s:s}", "msg", msg,
	    "kind", "pupil_information", "reason", "names a pupil"));
	entries = itest_get(itest_call_ok(lena, "mod.queue", json_pack("{s:i}",
	    "limit", 50)), "entries");
	json_array_foreach(entries, i, entry) {
		if (itest_get_int(entry, "msg.id") == msg)
			break;
	}
	assert_true(i < json_array_size(entries));
	itest_call_ok(lena, "mod.resolve", json_pack("{s:I, s:s, s:s, s:b}", "entry",
	    itest_get_int(entry, "id"), "action", "warn", "reason",
	    "Please never name pupils here", "hide", 1));

	rows = audit_rows("tail", "1", NULL);
	row = json_array_get(rows, 0);
	assert_row(row, "lena", "mod.resolve", "user", itest_get_int(row, "target_id"));
	assert_string_equal(itest_get_str(row, "reason"), "Please never name pupils here");
	snprintf(detail, sizeof detail, "warn and hide of msg %lld", (long long)msg);
	assert_non_null(strstr(itest_get_str(row, "detail"), detail));
	/* Its target is the author. */
	mine = audit_search("--target", "asha");
	assert_int_equal(itest_get_int(json_array_get(mine, json_array_size(mine) - 1),
	    "id"), itest_get_int(row, "id"));
	json_decref(mine);
	json_decref(rows);
	rows = audit_rows("tail", "1000", NULL);
	dump = json_dumps(rows, 0);
	assert_null(strstr(dump, "Bloggs"));
	free(dump);
	json_decref(rows);
	verify(w, NULL);
	itest_close(asha);
	itest_close(ben);
	itest_close(lena);
}

static void
verify_names_the_row_after_each_tampering(void **state)
{
	struct audit_world *w = *state;
	char msg[160], where[64];
	json_t *rows;
	long long last;
	size_t said;

	audit_head_is_the_last_row(state);
	rows = audit_rows("tail", "1", NULL);
	last = (long long)itest_get_int(json_array_get(rows, 0), "id");
	json_decref(rows);
	assert_true(last >= 8);
	verify(w, NULL);
	/* An intruder drops what keeps the program itself from editing. */
	itest_sql(w->srv, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete");

	keep(w, "id = 3");
	itest_sql(w->srv, "UPDATE audit SET detail = 'nothing happened' WHERE id = 3");
	verify(w, "row 3 does not match its hash");
	put_back(w, "id = 3");
	verify(w, NULL);

	keep(w, "id = 4");
	itest_sql(w->srv, "DELETE FROM audit WHERE id = 4");
	verify(w, "row 4 is missing (deleted?): row 5 follows row 3");
	put_back(w, "id = 4");
	verify(w, NULL);

	keep(w, "id IN (5, 6)");
	itest_sql(w->srv, "UPDATE audit SET id = -5 WHERE id = 5;"
	    " UPDATE audit SET id = 5 WHERE id = 6; UPDATE audit SET id = 6 WHERE id = -5");
	verify(w, "row 5 does not match its hash");
	put_back(w, "id IN (5, 6)");
	verify(w, NULL);

	snprintf(where, sizeof where, "id = %lld", last);
	keep(w, where);
	snprintf(msg, sizeof msg, "DELETE FROM audit WHERE %s", where);
	itest_sql(w->srv, msg);
	snprintf(msg, sizeof msg, "row %lld is missing (deleted?): the log ends at "
	    "row %lld but audit.head records row %lld", last, last - 1, last);
	verify(w, msg);
	/*
	 * The daemon says so when it notices the commit (within a second,
	 * perhaps not yet) and when it starts (always).
	 */
	snprintf(msg, sizeof msg, "audit: the log ends at row %lld but audit.head "
	    "records row %lld: rows were removed", last - 1, last);
	said = itest_server_log_count(w->srv, msg);
	itest_server_stop(w->srv);
	itest_server_start(w->srv);
	assert_true(itest_server_log_count(w->srv, msg) >= said + 1);
	put_back(w, where);
	verify(w, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_moderators_acts_are_rows_and_a_persons_own_are_not),
		cmocka_unit_test(an_act_whose_row_cannot_be_written_is_not_done),
		cmocka_unit_test(the_operators_changes_are_rows_of_the_operator),
		cmocka_unit_test(the_daemon_logs_the_head_of_the_operators_changes),
		cmocka_unit_test(a_handled_report_is_a_row_without_the_messages_words),
		cmocka_unit_test(verify_names_the_row_after_each_tampering),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("audit", tests, audit_setup,
	    audit_teardown));
}
