/*
 * itest_authz_see.c: the matrix's pseudo-ops, each reading one thing
 * through every path a person has and requiring the paths to agree with
 * the row: a message (see), a post (seepost), a person (seeperson), a
 * mention of the asker (seementions), a post quoted (seequote), what is
 * sent live (seeevents: messages, edits, presence), a buddy chat's
 * membership told (seemembers) and a report told (seereports).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"

static bool
has_id(const json_t *array, json_int_t id)
{
	return (array != NULL && itest_with_id(array, id) != NULL);
}

/* Whether search finds the word only the target's message or post holds. */
static bool
search_finds(struct itest_client *c, const char *word)
{
	const json_t *hits = itest_find(itest_call(c, "search", json_pack("{s:s}",
	    "q", word)), "hits");
	char *dump = hits != NULL ? json_dumps(hits, JSON_COMPACT) : NULL;
	bool found = dump != NULL && strstr(dump, word) != NULL;

	free(dump);
	return (found);
}

/* Whether the message is read through each path; every path must agree. */
void
check_see(const char *who, struct itest_client *c, struct target_state *t,
    const char *tname, const char *expect)
{
	const json_t *r;
	bool want = strcmp(expect, "seen") == 0, got[4];
	static const char *const paths[4] = {
		"room.history", "sync", "search", "msg.history",
	};

	r = itest_call(c, "room.history", json_pack("{s:s, s:i}", "room", t->room,
	    "limit", 200));
	got[0] = has_id(itest_find(r, "msgs"), t->msg);
	r = itest_call(c, "sync", json_pack("{s:I, s:i}", "since", t->msg - 1,
	    "limit", 1));
	got[1] = has_id(itest_find(r, "msgs"), t->msg);
	got[2] = search_finds(c, t->word);
	r = itest_call(c, "msg.history", json_pack("{s:I}", "msg", t->msg));
	got[3] = itest_find(r, "error") == NULL;
	for (int i = 0; i < 4; i++)
		if (got[i] != want)
			mismatch("see %s %s: %s through %s", who, tname,
			    got[i] ? "seen" : "unseen", paths[i]);
}

/*
 * The same for a post: thread.posts, search and post.history. "moderated":
 * a hidden post its moderators read in its thread (marked) and its history,
 * and search leaves out.
 */
void
check_see_post(const char *who, struct itest_client *c, struct target_state *t,
    const char *tname, const char *expect)
{
	static const char *const paths[3] = { "thread.posts", "search", "post.history" };
	bool seen = strcmp(expect, "seen") == 0, moderated = strcmp(expect,
	    "moderated") == 0, got[3];
	bool want[3] = { seen || moderated, seen, seen || moderated };
	const json_t *r;

	r = itest_call(c, "thread.posts", json_pack("{s:I, s:i}", "thread",
	    t->thread, "limit", 200));
	got[0] = has_id(itest_find(r, "posts"), t->post);
	got[1] = search_finds(c, t->word);
	r = itest_call(c, "post.history", json_pack("{s:I}", "post", t->post));
	got[2] = itest_find(r, "error") == NULL;
	for (int i = 0; i < 3; i++)
		if (got[i] != want[i])
			mismatch("seepost %s %s: %s through %s", who, tname,
			    got[i] ? "seen" : "unseen", paths[i]);
}

/*
 * Whether a person is shown through profile.get, presence.get and
 * people.search: "seen" (all three), "unseen" (none), or those named,
 * joined by "+" ("profile": one blocks them, and they stay out of presence
 * and the directory).
 */
void
check_see_person(const char *who, struct itest_client *c,
    struct target_state *t, const char *tname, const char *expect)
{
	static const char *const paths[3] = {
		"profile.get", "presence.get", "people.search",
	};
	bool seen = strcmp(expect, "seen") == 0, got[3];
	bool want[3] = { seen || strstr(expect, "profile") != NULL,
	    seen || strstr(expect, "presence") != NULL,
	    seen || strstr(expect, "search") != NULL };
	const json_t *r, *people;

	r = itest_call(c, "profile.get", json_pack("{s:s}", "handle", t->handle));
	got[0] = itest_find(r, "error") == NULL;
	r = itest_call(c, "presence.get", json_pack("{s:[s]}", "handles",
	    t->handle));
	got[1] = json_array_size(itest_find(r, "presence")) > 0;
	r = itest_call(c, "people.search", json_pack("{s:s, s:i}", "q",
	    t->handle, "limit", 50));
	got[2] = false;
	people = itest_find(r, "people");
	for (size_t i = 0; i < json_array_size(people); i++)
		if (strcmp(itest_get_str(json_array_get(people, i), "handle"),
		    t->handle) == 0)
			got[2] = true;
	for (int i = 0; i < 3; i++)
		if (got[i] != want[i])
			mismatch("seeperson %s %s: %s through %s", who, tname,
			    got[i] ? "seen" : "unseen", paths[i]);
}

/*
 * The mentions counted for c: the summary's total (chat) and the boards'
 * (posts). Nothing else happens meanwhile, so a new mention adds one.
 */
static json_int_t
mentions_of(struct itest_client *c)
{
	const json_t *boards = itest_find(itest_call(c, "boards.list",
	    json_object()), "boards"), *n;
	json_int_t total = 0;

	n = itest_find(itest_call(c, "summary", json_object()), "mentions");
	total += n != NULL ? json_integer_value(n) : 0;
	for (size_t i = 0; i < json_array_size(boards); i++)
		if ((n = itest_find(json_array_get(boards, i), "mentions")) != NULL)
			total += json_integer_value(n);
	return (total);
}

/* The unread messages counted for c: rooms.list's, over all its rooms. */
static json_int_t
unread_of(struct itest_client *c)
{
	const json_t *rooms = itest_find(itest_call(c, "rooms.list",
	    json_object()), "rooms"), *n;
	json_int_t total = 0;

	for (size_t i = 0; i < json_array_size(rooms); i++)
		if ((n = itest_find(json_array_get(rooms, i), "unread")) != NULL)
			total += json_integer_value(n);
	return (total);
}

/* Whether the summary names the room (its lists of rooms with unread). */
static bool
summary_names(struct itest_client *c, const char *room)
{
	char *dump = json_dumps(itest_call(c, "summary", json_object()),
	    JSON_COMPACT), quoted[96];
	bool found;

	snprintf(quoted, sizeof quoted, "\"%s\"", room);
	found = dump != NULL && strstr(dump, quoted) != NULL;
	free(dump);
	return (found);
}

/*
 * c has read the room to its end (as posting there does), so that its
 * own post clears no mention the count had before.
 */
static void
read_to_end(struct itest_client *c, const char *room)
{
	const json_t *msgs = itest_find(itest_call(c, "room.history",
	    json_pack("{s:s, s:i}", "room", room, "limit", 1)), "msgs");

	if (json_array_size(msgs) > 0)
		itest_call_ok(c, "room.read", json_pack("{s:s, s:I}", "room", room,
		    "upto", itest_get_int(json_array_get(msgs, 0), "id")));
}

/* The person of a person target, online; NULL for the disabled one. */
static struct itest_client *
person_client(enum target k)
{
	switch (k) {
	case T_PERSON_OTHER:	return (authz.ben);
	case T_PERSON_SELF:	return (authz.amy);
	case T_PERSON_BLOCKED:	return (authz.dee);
	case T_PERSON_BLOCKER:	return (authz.eve_c);
	default:		return (NULL);
	}
}

/*
 * Whether a mention of the asker reaches them (the summary's count, the
 * boards' counts, for a message the unread counts of rooms.list, and for
 * a room its place in the summary): a new message naming them in the
 * target's room (hidden at once for hidden and deleted), a reply in the
 * target's thread, or one in the national room by the target person; for
 * before-join, a message in a new buddy chat said before they accept it. A room target that cannot take a new message (the
 * blocked DM) is checked for its place in the summary alone.
 */
void
check_see_mentions(const char *who, enum role role, enum target k,
    const char *expect)
{
	struct itest_client *c = authz.as[role], *author;
	struct target_state *t = &authz.t[k];
	bool want = strcmp(expect, "seen") == 0, posted = true;
	char body[128], room[64];
	json_int_t before, after, unread;

	if (k == T_MINE || k == T_PERSON_SELF)
		read_to_end(c, k == T_MINE ? t->room : "national");
	before = mentions_of(c);
	unread = unread_of(c);
	snprintf(body, sizeof body, "@%s the matrix mentions you",
	    role_handles[role]);
	if (k == T_BEFORE_JOIN && role != JOIN) {
		snprintf(room, sizeof room, "%s", buddy_create(authz.ben,
		    "Said before", json_pack("[s]", role_handles[role])));
		itest_post(authz.ben, room, body);
		buddy_accept(c, room);
	} else if (k >= T_SERIES_TARGETS) {
		if ((author = person_client(k)) != NULL)
			itest_post(author, "national", body);
		else
			posted = false;
	} else if (k >= T_MSG_TARGETS)
		board_post(t, body);
	else if (!t->fixed)
		post(t, body);
	else
		posted = false;
	after = mentions_of(c);
	if (posted && after != before + want)
		mismatch("seementions %s %s: %lld mentions more, not %d", who,
		    target_names[k], (long long)(after - before), want);
	/* A message counts as unread where it counts as a mention. */
	if (posted && k < T_MSG_TARGETS &&
	    (unread = unread_of(c) - unread) != want)
		mismatch("seementions %s %s: %lld unread more, not %d", who,
		    target_names[k], (long long)unread, want);
	if (k < T_ROOM_TARGETS && summary_names(c, t->room) != want)
		mismatch("seementions %s %s: the summary %s the room", who,
		    target_names[k], want ? "leaves out" : "names");
}

/* The reply's "code: message", with the post asked about written as <it>. */
static void
refusal_text(const json_t *reply, json_int_t id, char *out, size_t size)
{
	const json_t *code = itest_find(reply, "error.code"),
	    *message = itest_find(reply, "error.message");
	const char *s = message != NULL ? json_string_value(message) : "";
	char mine[24], none[24];
	size_t n;

	snprintf(mine, sizeof mine, "%lld", (long long)id);
	snprintf(none, sizeof none, "%d", 999999999);
	n = (size_t)snprintf(out, size, "%s: ", code != NULL ?
	    json_string_value(code) : "ok");
	while (*s != '\0' && n + 5 < size) {
		if (strncmp(s, none, strlen(none)) == 0) {
			s += strlen(none);
			n += (size_t)snprintf(out + n, size - n, "<it>");
		} else if (strncmp(s, mine, strlen(mine)) == 0) {
			s += strlen(mine);
			n += (size_t)snprintf(out + n, size - n, "<it>");
		} else
			out[n++] = *s++;
	}
	out[n] = '\0';
}

/*
 * Whether the asker may quote the target's post in a reply in its thread:
 * "seen", the reply is made; "unseen", it is refused, and the refusal reads
 * the same for the post's own words, for words it does not hold and for a
 * post that is not there, so that nobody learns what a post they cannot
 * read says by trying words on it.
 */
void
check_see_quote(const char *who, struct itest_client *c,
    struct target_state *t, const char *tname, const char *expect)
{
	static const char *const tries[3] = {
		"its own words", "words it does not hold", "a post not there",
	};
	char said[3][LINE_MAX_LEN];
	const json_t *r;

	for (int i = 0; i < 3; i++) {
		r = itest_call(c, "post.reply", json_pack("{s:I, s:s, s:{s:I, s:s}}",
		    "thread", t->thread, "body", "the matrix quotes", "quote",
		    "post", i == 2 ? 999999999 : t->post, "text",
		    i == 1 ? "zqwordsnobodysaid" : t->word));
		refusal_text(r, t->post, said[i], sizeof said[i]);
		if (i == 0 && (itest_find(r, "error") == NULL) !=
		    (strcmp(expect, "seen") == 0)) {
			mismatch("seequote %s %s: %s, the matrix says %s", who,
			    tname, said[0], expect);
			return;
		}
		if (i == 0 && itest_find(r, "error") == NULL)
			return;
		if (i > 0 && strcmp(said[i], said[0]) != 0)
			mismatch("seequote %s %s: \"%s\" for %s, \"%s\" for %s",
			    who, tname, said[0], tries[0], said[i], tries[i]);
	}
}

/*
 * Whether a new message in the target's room, and its author's edit of it,
 * reach the asker live (msg and msg.edit events); for a person, whether
 * their going away and coming back does (presence events). A ping's reply
 * comes after every event the daemon queued for the asker before it read
 * the ping: one before counts what came earlier, one after what the act
 * sent. A room nothing more can be said in (the blocked DM) and a person
 * who cannot log in are left out.
 */
void
check_see_events(const char *who, struct itest_client *c, enum target k,
    const char *expect)
{
	struct target_state *t = &authz.t[k];
	struct itest_client *person = k >= T_SERIES_TARGETS ? person_client(k) :
	    NULL;
	const char *events[2] = { "msg", "msg.edit" };
	size_t before[2], got;
	json_int_t id;

	if (k >= T_SERIES_TARGETS ? person == NULL : t->fixed)
		return;
	if (person != NULL)
		events[0] = events[1] = "presence";
	itest_call(c, "ping", json_object());
	for (int i = 0; i < 2; i++)
		before[i] = itest_unclaimed_events(c, events[i]);
	if (person != NULL) {
		itest_call_ok(person, "presence.set", json_pack("{s:s}", "status",
		    "away"));
		itest_call_ok(person, "presence.set", json_pack("{s:s}", "status",
		    "online"));
	} else {
		id = post(t, "the matrix is live");
		itest_call_ok(t->owner, "msg.edit", json_pack("{s:I, s:s}", "msg",
		    id, "body", "the matrix is live, edited"));
	}
	itest_call(c, "ping", json_object());
	for (int i = 0; i < 2; i++) {
		got = itest_unclaimed_events(c, events[i]) - before[i];
		if (got != (strcmp(expect, "seen") == 0) * (person != NULL ? 2 : 1))
			mismatch("seeevents %s %s: %zu %s events, the matrix "
			    "says %s", who, target_names[k], got, events[i],
			    expect);
		if (person != NULL)
			break;
	}
}

/*
 * Whether the asker hears of a buddy chat's membership (member events):
 * its owner invites fay and takes her out again. Other rooms have no
 * membership to tell of and are left out.
 */
void
check_see_members(const char *who, struct itest_client *c,
    struct target_state *t, const char *tname, const char *expect)
{
	size_t before, got;

	if (strncmp(t->room, "buddy:", 6) != 0)
		return;
	itest_call(c, "ping", json_object());
	before = itest_unclaimed_events(c, "member");
	itest_call_ok(t->owner, "room.add", json_pack("{s:s, s:s}", "room",
	    t->room, "handle", "fay"));
	itest_call_ok(t->owner, "room.remove", json_pack("{s:s, s:s}", "room",
	    t->room, "handle", "fay"));
	itest_call(c, "ping", json_object());
	got = itest_unclaimed_events(c, "member") - before;
	if (got != 2 * (strcmp(expect, "seen") == 0))
		mismatch("seemembers %s %s: %zu member events, the matrix says %s",
		    who, tname, got, expect);
}

/*
 * Whether the asker is told of a report of a message in the North East
 * (a mod.entry event): its moderators and admins, nobody else.
 */
void
check_see_reports(const char *who, struct itest_client *c, const char *expect)
{
	size_t before, got;

	itest_call(c, "ping", json_object());
	before = itest_unclaimed_events(c, "mod.entry");
	fresh_entry(authz.ben);
	itest_call(c, "ping", json_object());
	got = itest_unclaimed_events(c, "mod.entry") - before;
	if (got != (strcmp(expect, "seen") == 0))
		mismatch("seereports %s: %zu mod.entry events, the matrix says %s",
		    who, got, expect);
}
