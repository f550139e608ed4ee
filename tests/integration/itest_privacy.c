/*
 * itest_privacy.c: a subject access request answered with one command on a
 * running daemon's state: staffroomctl export person writes what is held
 * about the person, as JSON and Markdown, and nothing of anyone else's but
 * what was said to them privately; it stays small in memory for a person
 * with 100,000 messages, and is an audit row. An erasure request too:
 * staffroomctl erase person, with the person connected, leaves nothing of
 * their handle, name or words in any table, index or the database's bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "harness.h"

#ifdef __SANITIZE_ADDRESS__
/*
 * Under ASan the export's peak RSS is mostly the allocator's: freed memory
 * waits in a quarantine (256 MB by default; the test shrinks it for the
 * export) and every block has redzones and shadow. 45 MB was measured for
 * what the plain build does in 12 MB; a whole export kept in memory is
 * several times that.
 */
#define EXPORT_MEMORY_MAX_KB	(96 * 1024)
#define EXPORT_ASAN_QUARANTINE	"quarantine_size_mb=8"
#else
#define EXPORT_MEMORY_MAX_KB	(48 * 1024)	/* a 100,000-message export */
#endif

static struct itest_server *srv;
static const struct itest_user *dana, *erin, *zed;

static int
privacy_setup(void **state)
{
	srv = itest_server_new(itest_posting_unlimited);
	dana = itest_user_add(srv, "dana", "london", NULL);
	erin = itest_user_add(srv, "erin", "london", NULL);
	itest_user_add(srv, "cara", "london", NULL);
	zed = itest_user_add(srv, "zanzibar", "london", NULL);
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
	json_int_t msg;
	const char *dm;
	char md[4096], before[256];
	json_t *doc;

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
	itest_call_ok(d, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", itest_board_of(d, "region:london"), "title", "Annual review templates", "body",
	    "Which template does your LA use?"));

	/* Her own address, verified, with a weekly digest once sent. */
	itest_sql(srv, "INSERT INTO emails (user_id, address, verified_ms,"
	    " digest) SELECT id, 'dana.lee@school.example.org', 1, 'weekly'"
	    " FROM users WHERE handle = 'dana';"
	    "INSERT INTO digests_sent (user_id, period, sent_ms)"
	    " SELECT id, '2026-W48', 2 FROM users WHERE handle = 'dana'");

	/* The daemon runs on while the export reads. */
	doc = export_person("dana", "sar-dana", md, sizeof md);
	assert_true(section_has(doc, "email", "address",
	    "dana.lee@school.example.org"));
	assert_true(section_has(doc, "email", "digest", "weekly"));
	assert_true(section_has(doc, "digests", "period", "2026-W48"));
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
	assert_true(file_contains(md, "dana.lee@school.example.org"));
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
#ifdef EXPORT_ASAN_QUARANTINE
	{
		const char *asan = getenv("ASAN_OPTIONS");
		char opts[512];

		snprintf(opts, sizeof opts, "%s%s" EXPORT_ASAN_QUARANTINE,
		    asan != NULL ? asan : "", asan != NULL && *asan != '\0' ?
		    ":" : "");
		assert_int_equal(setenv("ASAN_OPTIONS", opts, 1), 0);
	}
#endif
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

/*
 * What erasing zanzibar must leave nowhere (FTS keeps words lower case).
 * The handle comes first: the audit rows staffroomctl wrote when the account
 * was made hold it (hash-chained, never edited), so the database's bytes
 * are searched from the second word on.
 */
static const char *const erased_words[] = {
	"zanzibar", "Zanzibar", "Quill", "xylophonic", "quixotic",
	"Xylophonic", "Quixotic", "bassoonist",
};
#define WORDS_BUT_HANDLE	1

/* Whether len bytes hold an erased word, from the first'th on. */
static const char *
holds_erased_from(size_t first, const void *bytes, size_t len)
{
	size_t i;

	for (i = first; i < sizeof erased_words / sizeof erased_words[0];
	    i++) {
		if (bytes != NULL && memmem(bytes, len, erased_words[i],
		    strlen(erased_words[i])) != NULL)
			return erased_words[i];
	}
	return NULL;
}

static const char *
holds_erased(const void *bytes, size_t len)
{
	return holds_erased_from(0, bytes, len);
}

/*
 * Every table, the FTS indexes' own tables included, read cell by cell.
 * The audit log is left out: its rows are hash-chained, and the rows
 * staffroomctl wrote before the erasure keep the words they were given.
 */
static void
assert_no_table_holds_erased(void)
{
	const char *table, *found;

	table = itest_db_table_holding(srv, "audit", erased_words,
	    sizeof erased_words / sizeof erased_words[0], &found);
	if (table != NULL)
		fail_msg("table %s still holds \"%s\"", table, found);
}

/* The database's and the WAL's bytes, free pages and old frames included. */
static void
assert_no_file_holds_erased(const char *name)
{
	char path[4096];
	const char *found;
	char *bytes;
	size_t len;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", itest_server_state_dir(srv), name);
	if ((f = fopen(path, "rb")) == NULL)
		return;		/* no WAL: nothing in it */
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	bytes = malloc(len + 1);
	assert_non_null(bytes);
	assert_int_equal(fread(bytes, 1, len, f), len);
	fclose(f);
	if ((found = holds_erased_from(WORDS_BUT_HANDLE, bytes, len)) != NULL)
		fail_msg("%s still holds \"%s\" (%zu bytes)", name, found, len);
	free(bytes);
}

/*
 * A meeting of erin's series that z attended and voted in by name: the
 * minutes and the vote's result name z. Returns the meeting.
 */
static json_int_t
meeting_attended_with_named_vote(struct itest_client *e,
    struct itest_client *z)
{
	json_int_t series, meeting;
	char room[40];

	series = itest_get_int(itest_call_ok(e, "series.create", json_pack(
	    "{s:s}", "name", "London SENCO network")), "series.id");
	itest_call_ok(e, "series.invite", json_pack("{s:I, s:s}", "series",
	    series, "handle", "zanzibar"));
	itest_call_ok(z, "series.accept", json_pack("{s:I}", "series", series));
	meeting = itest_get_int(itest_call_ok(e, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:[{s:s}]}", "series", series, "title", "Spring",
	    "start", "2027-05-06 16:00", "agenda", "title", "Transport")),
	    "meeting.id");
	itest_call_ok(e, "meeting.start", json_pack("{s:I}", "meeting",
	    meeting));
	itest_call_ok(e, "agenda.next", json_pack("{s:I}", "meeting", meeting));
	itest_call_ok(z, "meeting.join", json_pack("{s:I}", "meeting", meeting));
	snprintf(room, sizeof room, "meeting:%lld", (long long)meeting);
	itest_post(e, room, "#vote Which rota? | Ours | Theirs");
	itest_call_ok(z, "vote.cast", json_pack("{s:I, s:i}", "vote",
	    itest_get_int(itest_wait_event(z, "vote"), "vote.id"), "option", 1));
	itest_call_ok(e, "meeting.end", json_pack("{s:I}", "meeting", meeting));
	return meeting;
}

static void
an_erased_person_leaves_nothing_while_others_threads_hold(void **state)
{
	struct itest_client *z = itest_login_user(srv, zed);
	struct itest_client *e = itest_login_user(srv, erin);
	json_int_t msg, other, post, thread, reply, meeting;
	const json_t *r;
	const char *dm;
	char room[128], out[256];
	json_t *page;

	(void)state;
	itest_call_ok(z, "profile.set", json_pack("{s:s, s:s}", "name",
	    "Zanzibar Quill", "bio", "Xylophonic SENCO, bassoonist"));
	msg = itest_get_int(itest_post(z, "region:london",
	    "The xylophonic bassoonist visits on Friday"), "id");
	itest_call_ok(z, "msg.edit", json_pack("{s:I, s:s}", "msg", msg,
	    "body", "The xylophonic bassoonist visits on Thursday"));
	other = itest_get_int(itest_post(e, "region:london",
	    "Thanks, see you there"), "id");
	dm = itest_get_str(itest_call_ok(z, "dm.open", json_pack("{s:s}",
	    "with", "erin")), "room.id");
	snprintf(room, sizeof room, "%s", dm);
	itest_post(z, room, "A quixotic plan for the xylophonic choir");
	itest_call_ok(z, "msg.report", json_pack("{s:I, s:s}", "msg", other,
	    "reason", "reported by the xylophonic one"));
	r = itest_call_ok(z, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", itest_board_of(z, "region:london"), "title",
	    "Quixotic timetables", "body", "Xylophonic lessons on Tuesdays"));
	thread = itest_get_int(r, "thread.id");
	post = itest_get_int(r, "post.id");
	reply = itest_get_int(itest_call_ok(e, "post.reply", json_pack("{s:I, "
	    "s:s, s:{s:I, s:s}}", "thread", thread, "body", "We do the same",
	    "quote", "post", post, "text", "Xylophonic lessons")), "post.id");
	meeting = meeting_attended_with_named_vote(e, z);

	/* Erased while connected: the session ends. */
	itest_ctl_ok(srv, NULL, out, sizeof out, "erase", "person", "zanzibar",
	    NULL);
	itest_wait_closed(z);
	itest_close(z);

	/* Others' threads hold: the same ids, their words, a marker for hers. */
	page = json_deep_copy(itest_history(e, "region:london", 0, 0));
	r = itest_with_id(itest_get(page, "msgs"), msg);
	assert_non_null(r);
	assert_string_equal(itest_get_str(r, "body"), "[removed]");
	json_decref(page);
	page = json_deep_copy(itest_call_ok(e, "thread.posts",
	    json_pack("{s:I}", "thread", thread)));
	assert_string_equal(itest_get_str(page, "thread.title"), "[removed]");
	assert_string_equal(itest_get_str(page, "posts.0.body"), "[removed]");
	assert_int_equal(itest_get_int(page, "posts.1.id"), reply);
	assert_string_equal(itest_get_str(page, "posts.1.body"),
	    "We do the same");
	assert_string_equal(itest_get_str(page, "posts.1.quote.text"),
	    "[removed]");
	json_decref(page);
	/* The names the server wrote (the minutes, a vote's result) too. */
	r = itest_call_ok(e, "meeting.get", json_pack("{s:I}", "meeting",
	    meeting));
	assert_non_null(strstr(itest_get_str(r, "records.0.text"),
	    "Ours 1 (erased-"));
	assert_int_equal(json_array_size(itest_get(itest_call_ok(e, "search",
	    json_pack("{s:s}", "q", "xylophonic")), "hits")), 0);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(e, "search",
	    json_pack("{s:s}", "q", "quixotic")), "hits")), 0);

	/* Nowhere in the database, its indexes, its free pages or its WAL. */
	assert_no_table_holds_erased();
	assert_no_file_holds_erased("staffroom.db");
	assert_no_file_holds_erased("staffroom.db-wal");
	/* They cannot come back, and the audit chain still verifies. */
	itest_assert_refused(srv, "zanzibar", itest_by_key(zed->key));
	itest_ctl_ok(srv, NULL, NULL, 0, "audit", "verify", NULL);
	itest_ctl_ok(srv, NULL, out, sizeof out, "audit", "tail", "1", NULL);
	assert_non_null(strstr(out, "erase person"));
	assert_null(holds_erased(out, strlen(out)));
	itest_close(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_export_holds_what_they_wrote_and_what_was_said_to_them_privately),
		cmocka_unit_test(a_person_with_100000_messages_is_exported_in_bounded_memory),
		cmocka_unit_test(an_erased_person_leaves_nothing_while_others_threads_hold),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, privacy_setup,
	    privacy_teardown));
}
