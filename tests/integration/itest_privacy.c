/*
 * itest_privacy.c: a subject access request answered with one command on a
 * running daemon's state: staffroomctl export person writes what is held
 * about the person, as JSON and Markdown, and nothing of anyone else's but
 * what was said to them privately; it stays small in memory for a person
 * with 100,000 messages, and is an audit row.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "harness.h"

#define EXPORT_MEMORY_MAX_KB	(48 * 1024)	/* a 100,000-message export */

static struct itest_server *srv;
static const struct itest_user *dana, *erin;

static int
privacy_setup(void **state)
{
	srv = itest_server_new(itest_posting_unlimited);
	dana = itest_user_add(srv, "dana", "london", NULL);
	erin = itest_user_add(srv, "erin", "london", NULL);
	itest_user_add(srv, "cara", "london", NULL);
	itest_server_start(srv);
	*state = srv;
	return 0;
}

static int
privacy_teardown(void **state)
{
	itest_server_free(srv);
	return 0;
}

/* Runs export person HANDLE into the state directory's DIR; the JSON read back. */
static json_t *
export_person(const char *handle, const char *dir, char *md_path, size_t size)
{
	char path[3072], out[8192];
	json_error_t error;
	json_t *doc;

	snprintf(path, sizeof path, "%s/%s", itest_server_state_dir(srv), dir);
	itest_ctl_ok(srv, NULL, out, sizeof out, "export", "person", handle,
	    path, NULL);
	snprintf(md_path, size, "%s/%s.md", path, handle);
	snprintf(path + strlen(path), sizeof path - strlen(path), "/%s.json",
	    handle);
	assert_non_null(strstr(out, path));
	if ((doc = json_load_file(path, 0, &error)) == NULL)
		fail_msg("%s: not JSON: %s (line %d)", path, error.text,
		    error.line);
	return doc;
}

/* Whether any row of a section has field equal to text. */
static bool
section_has(const json_t *doc, const char *section, const char *field,
    const char *text)
{
	const json_t *row, *v;
	size_t i;

	json_array_foreach(itest_get(doc, section), i, row) {
		if ((v = json_object_get(row, field)) != NULL &&
		    json_is_string(v) && strcmp(json_string_value(v), text) == 0)
			return true;
	}
	return false;
}

static bool
file_contains(const char *path, const char *text)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

static void
an_export_holds_what_they_wrote_and_what_was_said_to_them_privately(
    void **state)
{
	struct itest_client *d = itest_login_user(srv, dana);
	struct itest_client *e = itest_login_user(srv, erin);
	json_int_t msg, board = 0;
	const json_t *b;
	const char *dm;
	char md[4096], before[256];
	json_t *doc;
	size_t i;

	(void)state;
	msg = itest_get_int(itest_post(d, "region:london",
	    "Our Year 9 review template is on the portal"), "id");
	itest_call_ok(d, "msg.edit", json_pack("{s:I, s:s}", "msg", msg,
	    "body", "Our Year 9 review template is on the LA portal"));
	dm = itest_get_str(itest_call_ok(d, "dm.open", json_pack("{s:s}",
	    "with", "erin")), "room.id");
	snprintf(before, sizeof before, "%s", dm);
	itest_post(d, before, "Thanks Erin,\nsee you Friday");
	itest_post(e, before, "Friday at 4 suits me");
	itest_post(e, "region:london", "Erin's own region message");
	itest_call_ok(e, "msg.report", json_pack("{s:I, s:s}", "msg", msg,
	    "reason", "a test report of the template"));
	json_array_foreach(itest_get(itest_call_ok(d, "boards.list", NULL),
	    "boards"), i, b) {
		if (strcmp(itest_get_str(b, "scope"), "region:london") == 0)
			board = itest_get_int(b, "id");
	}
	itest_call_ok(d, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", board, "title", "Annual review templates", "body",
	    "Which template does your LA use?"));

	/* The daemon runs on while the export reads. */
	doc = export_person("dana", "sar-dana", md, sizeof md);
	assert_string_equal(itest_get_str(doc, "person"), "dana");
	assert_true(section_has(doc, "account", "handle", "dana"));
	assert_true(section_has(doc, "messages", "body",
	    "Our Year 9 review template is on the LA portal"));
	assert_true(section_has(doc, "message_versions", "body",
	    "Our Year 9 review template is on the portal"));
	assert_true(section_has(doc, "messages", "body",
	    "Thanks Erin,\nsee you Friday"));
	assert_true(section_has(doc, "received", "body", "Friday at 4 suits me"));
	assert_true(section_has(doc, "received", "sender", "erin"));
	assert_true(section_has(doc, "threads", "title",
	    "Annual review templates"));
	assert_true(section_has(doc, "posts", "body",
	    "Which template does your LA use?"));
	assert_true(section_has(doc, "reports_about", "reason",
	    "a test report of the template"));
	assert_true(section_has(doc, "rooms", "room", before));
	assert_true(json_array_size(itest_get(doc, "keys")) >= 1);
	/* Nothing of anyone else's beyond what they said to dana privately. */
	assert_false(section_has(doc, "messages", "body",
	    "Erin's own region message"));
	assert_false(section_has(doc, "received", "body",
	    "Erin's own region message"));
	assert_null(itest_find(itest_get(doc, "reports_about"), "0.reporter"));
	json_decref(doc);

	/* The Markdown says the same in words, the text quoted line by line. */
	assert_true(file_contains(md, "# What staffroom holds about dana"));
	assert_true(file_contains(md, "## Messages they wrote"));
	assert_true(file_contains(md, "  > Thanks Erin,\n  > see you Friday\n"));
	assert_true(file_contains(md, "Friday at 4 suits me"));
	assert_false(file_contains(md, "Erin's own region message"));

	/* An export is never overwritten, and is itself an audit row. */
	*strrchr(md, '/') = '\0';
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "export", "person",
	    "dana", md, NULL), 1);
	assert_int_equal(itest_ctl_log_count(srv, "is never overwritten"), 1);
	itest_ctl_ok(srv, NULL, md, sizeof md, "audit", "tail", "3", NULL);
	assert_non_null(strstr(md, "export person"));
	assert_int_equal(itest_ctl(srv, NULL, NULL, 0, "export", "person",
	    "nobody", "/tmp", NULL), 1);
	itest_close(d);
	itest_close(e);
}

static void
a_person_with_100000_messages_is_exported_in_bounded_memory(void **state)
{
	struct rusage ru;
	char md[4096];
	json_t *doc;

	(void)state;
	itest_sql(srv, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	    " FROM n WHERE i < 100000) INSERT INTO messages (room_id, user_id,"
	    " body, ts) SELECT r.id, u.id, 'bulk message number ' || n.i ||"
	    " ' about the spring term review cycle', n.i FROM n,"
	    " rooms r, users u WHERE r.ref = 'region:london'"
	    " AND u.handle = 'cara'");
	doc = export_person("cara", "sar-cara", md, sizeof md);
	assert_int_equal(json_array_size(itest_get(doc, "messages")), 100000);
	assert_true(section_has(doc, "messages", "body", "bulk message number "
	    "100000 about the spring term review cycle"));
	json_decref(doc);
	/* The largest child waited for: staffroomctl's export. */
	assert_int_equal(getrusage(RUSAGE_CHILDREN, &ru), 0);
	print_message("largest child's peak RSS: %ld KiB\n", ru.ru_maxrss);
	assert_true(ru.ru_maxrss < EXPORT_MEMORY_MAX_KB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_export_holds_what_they_wrote_and_what_was_said_to_them_privately),
		cmocka_unit_test(a_person_with_100000_messages_is_exported_in_bounded_memory),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, privacy_setup,
	    privacy_teardown));
}
