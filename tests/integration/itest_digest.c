/*
 * itest_digest.c: staffroomctl digest send, run beside a live daemon, with
 * a fake sendmail that keeps what it is given. A SENCO away for a day gets
 * one email of what waits (counts and titles, each with its command), with
 * no DM text, no request note and no title the guard would flag; a rerun
 * sends nothing twice; a mail sendmail refuses is sent by the next run;
 * nobody unverified or with digests off gets one; --dry-run sends nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define HOST	"staffroom.example.org:2022"

static struct itest_mailbox *mailbox;
static struct itest_server *srv;

static int
setup(void **state)
{
	mailbox = itest_mailbox_new();
	srv = itest_server_new(itest_posting_unlimited);
	/* A flagged thread title can then be stored, confirmed. */
	itest_ctl_ok(srv, NULL, NULL, 0, "guard", "set", "board", "confirm", NULL);
	itest_server_start(srv);
	return 0;
}

static int
teardown(void **state)
{
	itest_server_free(srv);
	itest_mailbox_free(mailbox);
	return 0;
}

/* The person's address, as email.set and email.verify would leave it. */
static void
address(const char *handle, const char *addr, bool verified, const char *every)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO emails (user_id, address, "
	    "verified_ms, digest) SELECT id, '%s', %s, '%s' FROM users "
	    "WHERE handle = '%s'", addr, verified ? "1" : "NULL", every, handle);
	itest_sql(srv, sql);
}

/* A DM from c to handle; returns its room's id (caller's buffer). */
static const char *
dm(struct itest_client *c, const char *handle, const char *text)
{
	const json_t *r = itest_call_ok(c, "dm.open", json_pack("{s:s}", "with",
	    handle));

	itest_post(c, itest_get_str(r, "room.id"), text);
	return itest_get_str(r, "room.id");
}

/* digest send with the fake sendmail and more arguments; its exit status. */
static int
digest_send(char *out, size_t size, const char *more)
{
	return itest_ctl(srv, NULL, out, size, "digest", "send", "--sendmail",
	    itest_mailbox_sendmail(mailbox), "--from", "digest@staffroom.example.org",
	    "--host", HOST, more, NULL);
}

static void
contains(const char *mail, const char *text)
{
	if (strstr(mail, text) == NULL)
		fail_msg("the mail lacks \"%s\":\n%s", text, mail);
}

static void
lacks(const char *mail, const char *text)
{
	if (strstr(mail, text) != NULL)
		fail_msg("the mail has \"%s\":\n%s", text, mail);
}

/* The mails kept from number first on that go to addr. */
static int
mails_to(int first, const char *addr)
{
	char to[300], *mail;
	int i, n = 0;

	snprintf(to, sizeof to, "\nTo: %s\n", addr);
	for (i = first; i < itest_mailbox_count(mailbox); i++) {
		mail = itest_mailbox_wait(mailbox, i);
		n += strstr(mail, to) != NULL;
		free(mail);
	}
	return n;
}

/* "YYYY-MM-DD 16:00" a day or two from now: within the digest's fortnight. */
static void
tomorrow(char *buf, size_t size)
{
	time_t t = time(NULL) + 2 * 24 * 60 * 60;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d 16:00", &tm);
}

static void
a_senco_away_for_a_day_gets_one_email_of_what_waits(void **state)
{
	struct itest_client *asha = itest_person_online(srv, "asha", "north-east");
	struct itest_client *ben = itest_person_online(srv, "ben", "north-east");
	struct itest_client *cara = itest_person_online(srv, "cara", "north-east");
	const json_t *r;
	json_int_t board, national, thread, flagged, series, later, live, action;
	char buddy[64], when[32], line[256], room[40], *mail;
	int before = itest_mailbox_count(mailbox);

	address("asha", "asha@school.org.uk", true, "daily");
	/* Two DMs from ben and one from cara, one of them naming asha. */
	itest_post(ben, dm(ben, "asha", "Zebrafinch: the taxi contract is in the "
	    "drawer"), "@asha Zebrafinch again, call me");
	dm(cara, "asha", "Quagga: a private word");
	/* A mention in the region's room. */
	itest_post(ben, "region:north-east", "@asha have you got the LA's template?");
	/* A buddy request with a note, and an invitation to a buddy chat. */
	itest_call_ok(cara, "buddy.request", json_pack("{s:s, s:s}", "handle",
	    "asha", "note", "Okapi note: I am new to Year 9 transfers"));
	r = itest_call_ok(ben, "buddy.create", json_pack("{s:s, s:[s]}", "name",
	    "Year 9 transitions", "members", "asha"));
	snprintf(buddy, sizeof buddy, "%s", itest_get_str(r, "room.id"));
	/* Two watched threads with replies; one title the guard flags. */
	board = itest_board_of(asha, "region:north-east");
	thread = itest_get_int(itest_call_ok(asha, "thread.create", json_pack(
	    "{s:I, s:s, s:s}", "board", board, "title", "Annual review templates",
	    "body", "Which do you use?")), "thread.id");
	flagged = itest_get_int(itest_call_ok(asha, "thread.create", json_pack(
	    "{s:I, s:s, s:s, s:b}", "board", board, "title",
	    "Review of 943 476 5919 plan", "body", "Draft attached",
	    "confirm_personal_data", 1)), "thread.id");
	itest_call_ok(ben, "post.reply", json_pack("{s:I, s:s}", "thread", thread,
	    "body", "Ours is on the portal"));
	itest_call_ok(cara, "post.reply", json_pack("{s:I, s:s}", "thread", thread,
	    "body", "Same here"));
	itest_call_ok(ben, "post.reply", json_pack("{s:I, s:s}", "thread", flagged,
	    "body", "Looks fine"));
	/* A mention on the national board; news on the region's board, watched. */
	national = itest_board_of(cara, "national");
	itest_call_ok(cara, "thread.create", json_pack("{s:I, s:s, s:s}", "board",
	    national, "title", "Sensory circuits", "body", "@asha do you run "
	    "these before lunch?"));
	itest_call_ok(asha, "watch", json_pack("{s:I}", "board", board));
	itest_call_ok(ben, "thread.create", json_pack("{s:I, s:s, s:s}", "board",
	    board, "title", "Transport forms", "body", "Where is the new one?"));
	/* A meeting in two days, and a live one where asha took an action. */
	series = itest_get_int(itest_call_ok(ben, "series.create", json_pack(
	    "{s:s}", "name", "North East SENCO network")), "series.id");
	itest_call_ok(ben, "series.invite", json_pack("{s:I, s:s}", "series",
	    series, "handle", "asha"));
	itest_call_ok(asha, "series.accept", json_pack("{s:I}", "series", series));
	tomorrow(when, sizeof when);
	later = itest_get_int(itest_call_ok(ben, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:i}", "series", series, "title", "Spring network",
	    "start", when, "minutes", 60)), "meeting.id");
	live = itest_get_int(itest_call_ok(ben, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:i}", "series", series, "title", "Panel catch-up",
	    "start", when, "minutes", 30)), "meeting.id");
	itest_call_ok(ben, "meeting.start", json_pack("{s:I}", "meeting", live));
	snprintf(room, sizeof room, "meeting:%lld", (long long)live);
	itest_post(ben, room, "#action @asha Send the transfer checklist due 2027-01-15");
	action = itest_get_int(itest_call_ok(asha, "actions.list", NULL),
	    "actions.0.id");
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);

	assert_int_equal(digest_send(NULL, 0, NULL), 0);
	assert_int_equal(itest_mailbox_count(mailbox), before + 1);
	mail = itest_mailbox_wait(mailbox, before);
	contains(mail, "ARGS: -oi -t\n");
	contains(mail, "\nTo: asha@school.org.uk\n");
	contains(mail, "From: staffroom <digest@staffroom.example.org>\n");
	contains(mail, "Content-Type: text/plain; charset=UTF-8\n");
	contains(mail, "Subject: staffroom: 3 unread direct messages, 3 mentions and more\n");
	contains(mail, "  2 unread from ben (mentioning you): /dm ben\n");
	contains(mail, "  1 unread from cara: /dm cara\n");
	contains(mail, "  1 in North East: /join region:north-east\n");
	snprintf(line, sizeof line, "  1 on the board National: /threads %lld\n",
	    (long long)national);
	contains(mail, line);
	/* Replies in its watched threads count too; asha's own posts do not. */
	snprintf(line, sizeof line, "  4 new posts on the board North East: "
	    "/threads %lld\n", (long long)board);
	contains(mail, line);
	snprintf(line, sizeof line, "  1 in Panel catch-up: /join %s\n", room);
	contains(mail, line);
	contains(mail, "  cara asks you to be buddies: /accept cara\n");
	snprintf(line, sizeof line, "  ben invites you to the buddy chat Year 9 "
	    "transitions: /accept %s\n", buddy);
	contains(mail, line);
	snprintf(line, sizeof line, "  2 new replies in Annual review templates: "
	    "/thread %lld\n", (long long)thread);
	contains(mail, line);
	snprintf(line, sizeof line, "  1 new reply in (a title withheld: it may "
	    "contain pupil data): /thread %lld\n", (long long)flagged);
	contains(mail, line);
	/* UK time: GMT or BST, as the date falls. */
	snprintf(line, sizeof line, " 16:00 %s: Spring network (North East SENCO "
	    "network): /meeting %lld\n", strstr(mail, " 16:00 BST") != NULL ?
	    "BST" : "GMT", (long long)later);
	contains(mail, line);
	snprintf(line, sizeof line, "  live now: Panel catch-up (North East SENCO "
	    "network): /meeting %lld\n", (long long)live);
	contains(mail, line);
	snprintf(line, sizeof line, "  action %lld: Send the transfer checklist, "
	    "due 2027-01-15 (from Panel catch-up)\n", (long long)action);
	contains(mail, line);
	contains(mail, "  staffroom asha@staffroom.example.org:2022\n");
	contains(mail, "  ssh -t -p 2022 asha@staffroom.example.org\n");
	contains(mail, "\nUnsubscribe: type /digest off in staffroom.\n");
	/* Nothing private: no DM text, no request note, no flagged title. */
	lacks(mail, "Zebrafinch");
	lacks(mail, "Quagga");
	lacks(mail, "Okapi");
	lacks(mail, "5919");
	lacks(mail, "portal");
	free(mail);

	/* Run again in the same day: nothing twice. */
	assert_int_equal(digest_send(NULL, 0, NULL), 0);
	assert_int_equal(itest_mailbox_count(mailbox), before + 1);
	assert_int_equal(itest_ctl_log_count(srv, "digest send: 0 sent"), 1);
}

static void
nobody_unverified_or_with_digests_off_gets_one(void **state)
{
	struct itest_client *dev = itest_person_online(srv, "dev", "london");
	struct itest_client *eve = itest_person_online(srv, "eve", "london");
	struct itest_client *fay = itest_person_online(srv, "fay", "london");
	int before = itest_mailbox_count(mailbox);

	address("dev", "dev@school.org.uk", false, "daily");
	address("eve", "eve@school.org.uk", true, "off");
	address("fay", "fay@school.org.uk", true, "weekly");
	dm(fay, "dev", "for dev");
	dm(fay, "eve", "for eve");
	itest_close(dev);
	itest_close(eve);
	itest_close(fay);

	/* fay chose weekly and has nothing waiting: no mail either. */
	assert_int_equal(digest_send(NULL, 0, NULL), 0);
	assert_int_equal(mails_to(before, "dev@school.org.uk"), 0);
	assert_int_equal(mails_to(before, "eve@school.org.uk"), 0);
	assert_int_equal(mails_to(before, "fay@school.org.uk"), 0);
	assert_int_equal(itest_mailbox_count(mailbox), before);
}

static void
a_mail_sendmail_refuses_goes_with_the_next_run(void **state)
{
	struct itest_client *gus = itest_person_online(srv, "gus", "london");
	struct itest_client *hal = itest_person_online(srv, "hal", "london");
	char out[8192], *mail;
	int before = itest_mailbox_count(mailbox);

	address("gus", "gus@school.org.uk", true, "weekly");
	dm(hal, "gus", "Wombat: see you soon");
	itest_close(gus);
	itest_close(hal);

	/* A dry run prints the mail and neither sends nor records it. */
	assert_int_equal(digest_send(out, sizeof out, "--dry-run"), 0);
	contains(out, "\nTo: gus@school.org.uk\n");
	contains(out, "  1 unread from hal: /dm hal\n");
	assert_int_equal(itest_mailbox_count(mailbox), before);

	itest_mailbox_failing(mailbox, true);
	assert_int_not_equal(digest_send(NULL, 0, "--period=weekly"), 0);
	assert_int_equal(itest_ctl_log_count(srv, "the digest to gus was not sent"), 1);
	itest_mailbox_failing(mailbox, false);
	assert_int_equal(itest_mailbox_count(mailbox), before);

	/* Unclaimed: the next run of the week sends it, once. */
	assert_int_equal(digest_send(NULL, 0, "--period=weekly"), 0);
	assert_int_equal(itest_mailbox_count(mailbox), before + 1);
	mail = itest_mailbox_wait(mailbox, before);
	contains(mail, "\nTo: gus@school.org.uk\n");
	lacks(mail, "Wombat");
	free(mail);
	assert_int_equal(digest_send(NULL, 0, "--period=weekly"), 0);
	assert_int_equal(itest_mailbox_count(mailbox), before + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_senco_away_for_a_day_gets_one_email_of_what_waits),
		cmocka_unit_test(nobody_unverified_or_with_digests_off_gets_one),
		cmocka_unit_test(a_mail_sendmail_refuses_goes_with_the_next_run),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_digest", tests, setup,
	    teardown);
	return itest_finish(failures);
}
