/*
 * itest_authz.c: the authorization matrix as data (issue 24). authz.matrix
 * names each op with the request it sends and says, for every role and
 * target kind, what the answer must be: ok or its documented refusal. The
 * driver builds one world, expands every op x role x target the op applies
 * to, finds the row that says what must happen (the last matching row wins,
 * so a file of defaults and exceptions covers every combination, and a
 * combination no row covers fails), and checks the real daemon's answer.
 *
 * Two properties hold for every refusal and every read: a refused request
 * for a thing that exists gets the same code and message (its id aside) as
 * the same request for one that does not; and the pseudo-ops (see, seepost,
 * seeperson, seementions: itest_authz_see.c) read one thing through every
 * path a person has and require the paths to agree. Every op of the
 * daemon's tables must have its rows (test_ops checks the file).
 *
 * Every mismatch is listed before the test fails, so one run shows them all.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"

const char *const role_names[ROLES] = {
	"member", "mod-here", "mod-other", "admin", "join", "disabled",
};
const char *const role_handles[ROLES] = {
	"amy", "mo", "lon", "ada", "nobody", "dis",
};
const char *const target_names[TARGETS] = {
	"national", "region-own", "region-other", "trust-own", "trust-other",
	"buddy-in", "buddy-out", "buddy-removed", "dm-party", "dm-other",
	"dm-blocked", "mine", "hidden", "deleted", "before-join",
	"board-national", "board-region-own", "board-region-other",
	"board-trust-own", "board-trust-other", "post-mine", "post-hidden",
	"series-chair", "series-member", "series-observer", "series-trust",
	"series-invited", "series-out",
	"person-other", "person-self", "person-blocked", "person-blocker",
	"person-disabled",
};

struct authz authz;

void
mismatch(const char *fmt, ...)
{
	va_list	ap;

	if (authz.nmismatch == MISMATCH_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(authz.mismatch[authz.nmismatch++], LINE_MAX_LEN, fmt, ap);
	va_end(ap);
}

/* --- the data file ----------------------------------------------------------- */

static void
matrix_load(void)
{
	const char *dir = getenv("top_srcdir");
	char path[1024], line[LINE_MAX_LEN], *p = NULL;
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/tests/integration/authz.matrix",
	    dir != NULL ? dir : ".");
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		if (strncmp(line, "op ", 3) == 0) {
			struct op_row *o = &authz.ops[authz.nops++];

			assert_true(authz.nops <= MATRIX_OPS);
			if (sscanf(line + 3, "%47s", o->name) != 1 ||
			    (p = strchr(line + 3 + strlen(o->name) + 1, '{')) == NULL)
				fail_msg("%s:%d: op NAME {request} [fresh]", path, n);
			snprintf(o->tmpl, sizeof o->tmpl, "%s", p);
			if ((p = strrchr(o->tmpl, '}')) == NULL)
				fail_msg("%s:%d: the request has no end", path, n);
			o->fresh = strstr(p, "fresh") != NULL;
			p[1] = '\0';
			continue;
		}
		struct rule *r = &authz.rules[authz.nrules++];

		assert_true(authz.nrules <= MATRIX_ROWS);
		if (sscanf(line, "%47s %15s %23s %31s", r->op, r->role, r->target,
		    r->expect) != 4)
			fail_msg("%s:%d: OP ROLE TARGET EXPECT", path, n);
		r->line = n;
	}
	fclose(f);
	if (authz.nops == 0 || authz.nrules == 0)
		fail_msg("%s has no ops or no rows", path);
}

static bool
matches(const char *pattern, const char *name)
{
	return (strcmp(pattern, "*") == 0 || strcmp(pattern, name) == 0);
}

/* The last row that matches; NULL when none does. */
static const struct rule *
rule_for(const char *op, const char *role, const char *target)
{
	const struct rule *found = NULL;

	for (size_t i = 0; i < authz.nrules; i++)
		if (matches(authz.rules[i].op, op) &&
		    matches(authz.rules[i].role, role) &&
		    matches(authz.rules[i].target, target))
			found = &authz.rules[i];
	return (found);
}

/* --- the world ----------------------------------------------------------------- */

json_int_t
post(struct target_state *t, const char *body)
{
	json_int_t id = itest_get_int(itest_post(t->owner, t->room, body), "id");

	if (t->hider != NULL)
		itest_call_ok(t->hider, "msg.delete", json_pack("{s:I}", "msg", id));
	return (id);
}

/* The target's message, with a word that search finds in it alone. */
static void
target(enum target k, const char *room, struct itest_client *owner,
    struct itest_client *hider)
{
	struct target_state *t = &authz.t[k];
	const char *colon = strchr(room, ':');

	snprintf(t->room, sizeof t->room, "%s", room);
	/* A room of the same kind that is not there. */
	if (strncmp(room, "region:", 7) == 0 || strcmp(room, "national") == 0)
		snprintf(t->missing, sizeof t->missing, "region:atlantis");
	else
		snprintf(t->missing, sizeof t->missing, "%.*s999999",
		    (int)(colon - room + 1), room);
	t->owner = owner;
	t->hider = hider;
	snprintf(t->word, sizeof t->word, "zq%dauthzword%c", (int)k, 'a' + (int)k);
	t->msg = post(t, t->word);
}

/* A record (a note) in the target's live meeting, by its chair. */
static json_int_t
series_record(struct target_state *t, const char *body)
{
	char line[128];

	snprintf(line, sizeof line, "#info %s", body);
	return (itest_get_int(itest_call_ok(t->owner, "record.add",
	    json_pack("{s:I, s:s}", "meeting", t->meeting, "body", line)),
	    "record.id"));
}

/* A named vote in the target's live meeting, opened by its chair. */
static json_int_t
series_vote(struct target_state *t)
{
	const json_t *votes;

	itest_call_ok(t->owner, "room.send", json_pack("{s:s, s:s}", "room",
	    t->room, "body", "#vote Does the matrix hold? | yes | no"));
	votes = itest_get(itest_call_ok(t->owner, "meeting.get",
	    json_pack("{s:I}", "meeting", t->meeting)), "votes");
	return (itest_get_int(json_array_get(votes, json_array_size(votes) - 1),
	    "id"));
}

/* A meeting of the target's series with two items, not started. */
static json_int_t
series_meeting(struct target_state *t)
{
	return (itest_get_int(itest_call_ok(t->owner, "meeting.create",
	    json_pack("{s:I, s:s, s:s, s:[{s:s}, {s:s}]}", "series", t->series,
	    "title", "The matrix meets", "start", "2027-05-06 16:00", "agenda",
	    "title", "Transport", "title", "Budget")), "meeting.id"));
}

/*
 * A series of owner's with a live meeting, in its room a message, a record,
 * an action of the owner's (of fay's in amy's series: fay is a member there)
 * and an open vote; amy is given role in it ("" for none, "trust" for her
 * trust's membership as a whole), "invited" to it without accepting.
 */
static void
series_target(enum target k, struct itest_client *owner, const char *role,
    const char *assignee)
{
	struct target_state *t = &authz.t[k];
	bool trust = strcmp(role, "trust") == 0;
	char line[128];

	t->series = itest_get_int(itest_call_ok(owner, "series.create",
	    json_pack("{s:s, s:b}", "name", target_names[k], "trust", trust)),
	    "series.id");
	if (owner != authz.amy && !trust && *role != '\0') {
		itest_call_ok(owner, "series.invite", json_pack("{s:I, s:s, s:s}",
		    "series", t->series, "handle", "amy", "role",
		    strcmp(role, "invited") == 0 ? "member" : role));
		if (strcmp(role, "invited") != 0)
			itest_call_ok(authz.amy, "series.accept", json_pack("{s:I}",
			    "series", t->series));
	}
	if (owner == authz.amy) {
		itest_call_ok(owner, "series.invite", json_pack("{s:I, s:s}",
		    "series", t->series, "handle", "fay"));
		itest_call_ok(authz.fay, "series.accept", json_pack("{s:I}",
		    "series", t->series));
	}
	t->owner = owner;
	t->meeting = series_meeting(t);
	itest_call_ok(owner, "meeting.start", json_pack("{s:I}", "meeting",
	    t->meeting));
	itest_call_ok(owner, "agenda.next", json_pack("{s:I}", "meeting",
	    t->meeting));
	snprintf(t->room, sizeof t->room, "meeting:%lld", (long long)t->meeting);
	snprintf(t->missing, sizeof t->missing, "meeting:999999999");
	snprintf(t->word, sizeof t->word, "zq%dauthzword%c", (int)k,
	    'a' + (int)k % 26);
	t->msg = post(t, t->word);
	t->record = series_record(t, "the matrix takes a note");
	snprintf(line, sizeof line, "#action @%s check the matrix", assignee);
	t->action = itest_get_int(itest_call_ok(owner, "record.add",
	    json_pack("{s:I, s:s}", "meeting", t->meeting, "body", line)),
	    "record.id");
	t->vote = series_vote(t);
}

/*
 * A person, and a key of theirs: their own, or for amy a second one (so
 * that removing it leaves her a way in).
 */
static void
person_target(enum target k, const struct itest_user *u)
{
	struct target_state *t = &authz.t[k];
	const struct itest_key *key = u->key;

	snprintf(t->handle, sizeof t->handle, "%s", u->handle);
	if (k == T_PERSON_SELF) {
		key = itest_key_new(authz.srv, "amy's second key");
		itest_call_ok(authz.amy, "account.key_add", json_pack("{s:s}",
		    "pubkey", key->line));
	}
	snprintf(t->fp, sizeof t->fp, "%s", key->fingerprint);
}

/* The target's post: a reply in its thread, hidden when it has a hider. */
json_int_t
board_post(struct target_state *t, const char *body)
{
	json_int_t id = itest_get_int(itest_call_ok(t->owner, "post.reply",
	    json_pack("{s:I, s:s}", "thread", t->thread, "body", body)), "post.id");

	if (t->hider != NULL)
		itest_call_ok(t->hider, "post.delete", json_pack("{s:I}", "post", id));
	return (id);
}

/* A thread on the board of scope, and in it the target's post. */
static void
board_target(enum target k, const char *scope, struct itest_client *owner,
    struct itest_client *poster, struct itest_client *hider)
{
	struct target_state *t = &authz.t[k];

	t->board = itest_board_of(owner, scope);
	t->thread = itest_get_int(itest_call_ok(owner, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", t->board, "title",
	    "A thread for the matrix", "body", "its opening post")), "thread.id");
	t->owner = poster;
	t->hider = hider;
	snprintf(t->word, sizeof t->word, "zq%dauthzword%c", (int)k, 'a' + (int)k);
	t->post = board_post(t, t->word);
}

const char *
buddy_create(struct itest_client *owner, const char *name, json_t *members)
{
	static char id[64];

	snprintf(id, sizeof id, "%s", itest_get_str(itest_call_ok(owner,
	    "buddy.create", json_pack("{s:s, s:o}", "name", name, "members",
	    members)), "room.id"));
	return (id);
}

void
buddy_accept(struct itest_client *c, const char *room)
{
	itest_call_ok(c, "buddy.accept", json_pack("{s:s}", "room", room));
}

static const char *
dm_open(struct itest_client *c, const char *with)
{
	return (itest_get_str(itest_call_ok(c, "dm.open", json_pack("{s:s}",
	    "with", with)), "room.id"));
}

static void
world_trust(struct itest_server *srv, const char *name, const char *region,
    char *ref, size_t refsize, const char *const *members)
{
	char id[32];

	itest_trust_add(srv, name, region, id, sizeof id);
	for (; *members != NULL; members++)
		itest_ctl_ok(srv, NULL, NULL, 0, "trust", "member", *members, id, NULL);
	snprintf(ref, refsize, "trust:%s", id);
}

static int
authz_setup(void **state)
{
	struct itest_server *srv = itest_server_new(itest_posting_unlimited);
	const struct itest_user *amy, *ben, *dee, *cal, *mo, *lon, *ada, *dis,
	    *eve, *fay;
	char tyne[48], thames[48], room[64];

	matrix_load();
	authz.srv = srv;
	amy = itest_user_add(srv, "amy", "north-east", NULL);
	ben = itest_user_add(srv, "ben", "north-east", NULL);
	dee = itest_user_add(srv, "dee", "north-east", NULL);
	cal = itest_user_add(srv, "cal", "london", NULL);
	mo = itest_user_with_role(srv, "mo", "north-east", "moderator");
	lon = itest_user_with_role(srv, "lon", "london", "moderator");
	ada = itest_user_with_role(srv, "ada", "london", "admin");
	dis = itest_user_add(srv, "dis", "north-east", NULL);
	authz.eve = eve = itest_user_add(srv, "eve", "north-east", NULL);
	fay = itest_user_add(srv, "fay", "north-east", NULL);
	world_trust(srv, "Tyne MAT", "north-east", tyne, sizeof tyne,
	    (const char *const[]){ "amy", "ben", NULL });
	world_trust(srv, "Thames MAT", "london", thames, sizeof thames,
	    (const char *const[]){ "cal", NULL });
	authz.thames = strtoll(thames + strlen("trust:"), NULL, 10);
	itest_ctl_ok(srv, NULL, NULL, 0, "user", "disable", "dis", NULL);
	itest_server_start(srv);
	itest_assert_refused(srv, "dis", itest_by_key(dis->key));

	authz.as[MEMBER] = authz.amy = itest_login_user(srv, amy);
	authz.ben = itest_login_user(srv, ben);
	authz.cal = itest_login_user(srv, cal);
	authz.dee = itest_login_user(srv, dee);
	authz.fay = itest_login_user(srv, fay);
	authz.as[MOD_HERE] = authz.mo = itest_login_user(srv, mo);
	authz.as[MOD_OTHER] = itest_login_user(srv, lon);
	authz.as[ADMIN] = itest_login_user(srv, ada);
	authz.as[JOIN] = itest_login(srv, "join", itest_by_password("anything"));

	/* What the held-message ops act on: ben's messages with this word. */
	itest_call_ok(authz.mo, "words.add", json_pack("{s:s, s:s, s:s}", "scope",
	    "region:north-east", "word", "zqholdme", "action", "hold"));
	target(T_NATIONAL, "national", authz.ben, NULL);
	target(T_REGION_OWN, "region:north-east", authz.ben, NULL);
	target(T_REGION_OTHER, "region:london", authz.cal, NULL);
	target(T_TRUST_OWN, tyne, authz.ben, NULL);
	target(T_TRUST_OTHER, thames, authz.cal, NULL);
	target(T_MINE, "region:north-east", authz.amy, NULL);
	target(T_HIDDEN, "region:north-east", authz.ben, authz.mo);
	target(T_DELETED, "region:north-east", authz.ben, authz.ben);

	/* Said in amy's buddy chat before she joined it. */
	snprintf(room, sizeof room, "%s", buddy_create(authz.ben, "Tyne pair",
	    json_pack("[s]", "amy")));
	target(T_BEFORE_JOIN, room, authz.ben, NULL);
	authz.t[T_BEFORE_JOIN].fixed = true;
	buddy_accept(authz.amy, room);
	target(T_BUDDY_IN, room, authz.ben, NULL);

	snprintf(room, sizeof room, "%s", buddy_create(authz.cal, "Thames pair",
	    json_pack("[s]", "ben")));
	buddy_accept(authz.ben, room);
	target(T_BUDDY_OUT, room, authz.cal, NULL);

	snprintf(room, sizeof room, "%s", buddy_create(authz.ben, "Was three",
	    json_pack("[s, s]", "amy", "dee")));
	buddy_accept(authz.amy, room);
	buddy_accept(authz.dee, room);
	itest_call_ok(authz.ben, "room.remove", json_pack("{s:s, s:s}", "room",
	    room, "handle", "amy"));
	target(T_BUDDY_REMOVED, room, authz.ben, NULL);

	target(T_DM_PARTY, dm_open(authz.amy, "ben"), authz.ben, NULL);
	target(T_DM_OTHER, dm_open(authz.ben, "cal"), authz.cal, NULL);
	/* Said before amy blocked dee; nothing more can be said there. */
	target(T_DM_BLOCKED, dm_open(authz.dee, "amy"), authz.dee, NULL);
	authz.t[T_DM_BLOCKED].fixed = true;
	itest_call_ok(authz.amy, "user.block", json_pack("{s:s}", "handle", "dee"));
	/* eve blocks amy. */
	authz.eve_c = itest_login_user(srv, eve);
	itest_call_ok(authz.eve_c, "user.block", json_pack("{s:s}", "handle",
	    "amy"));

	board_target(T_BOARD_NATIONAL, "national", authz.ben, authz.ben, NULL);
	board_target(T_BOARD_REGION_OWN, "region:north-east", authz.ben, authz.ben,
	    NULL);
	board_target(T_BOARD_REGION_OTHER, "region:london", authz.cal, authz.cal,
	    NULL);
	board_target(T_BOARD_TRUST_OWN, tyne, authz.ben, authz.ben, NULL);
	board_target(T_BOARD_TRUST_OTHER, thames, authz.cal, authz.cal, NULL);
	board_target(T_POST_MINE, "region:north-east", authz.ben, authz.amy, NULL);
	board_target(T_POST_HIDDEN, "region:north-east", authz.ben, authz.ben,
	    authz.mo);
	series_target(T_SERIES_CHAIR, authz.amy, "chair", "fay");
	series_target(T_SERIES_MEMBER, authz.ben, "member", "ben");
	series_target(T_SERIES_OBSERVER, authz.ben, "observer", "ben");
	series_target(T_SERIES_TRUST, authz.ben, "trust", "ben");
	series_target(T_SERIES_INVITED, authz.cal, "invited", "cal");
	series_target(T_SERIES_OUT, authz.cal, "", "cal");
	person_target(T_PERSON_OTHER, ben);
	person_target(T_PERSON_SELF, amy);
	person_target(T_PERSON_BLOCKED, dee);
	person_target(T_PERSON_BLOCKER, eve);
	person_target(T_PERSON_DISABLED, dis);
	*state = &authz;
	return (0);
}

static int
authz_teardown(void **state)
{
	itest_server_free(authz.srv);
	return (0);
}

/* --- asking ---------------------------------------------------------------------- */

/*
 * What a template's $names stand for in one check: the target's things
 * (msg to action), things of the world (dest, the national board; trust,
 * the other trust), a number new to each check (seq), and things made anew
 * for each check that consumes them (entry to invite; see fresh_world).
 */
struct filled {
	json_int_t	 msg, board, thread, post, series, meeting, record, vote;
	json_int_t	 action, dest, trust, seq, entry, held, sanction, word;
	const char	*room, *handle, *fp, *online, *pubkey, *invite;
};

/* The target's own ids: those a request for nothing there changes. */
#define TARGET_FIELDS	9

static const struct {
	const char	*name;
	size_t		 offset;
} fields[] = {
	{ "$msg", offsetof(struct filled, msg) },
	{ "$board", offsetof(struct filled, board) },
	{ "$thread", offsetof(struct filled, thread) },
	{ "$post", offsetof(struct filled, post) },
	{ "$series", offsetof(struct filled, series) },
	{ "$meeting", offsetof(struct filled, meeting) },
	{ "$record", offsetof(struct filled, record) },
	{ "$vote", offsetof(struct filled, vote) },
	{ "$action", offsetof(struct filled, action) },
	{ "$dest", offsetof(struct filled, dest) },
	{ "$trust", offsetof(struct filled, trust) },
	{ "$seq", offsetof(struct filled, seq) },
	{ "$entry", offsetof(struct filled, entry) },
	{ "$held", offsetof(struct filled, held) },
	{ "$sanction", offsetof(struct filled, sanction) },
	{ "$word", offsetof(struct filled, word) },
}, strings[] = {
	{ "$room", offsetof(struct filled, room) },
	{ "$handle", offsetof(struct filled, handle) },
	{ "$fp", offsetof(struct filled, fp) },
	{ "$online", offsetof(struct filled, online) },
	{ "$pubkey", offsetof(struct filled, pubkey) },
	{ "$invite", offsetof(struct filled, invite) },
};

#define NFIELDS		(sizeof fields / sizeof fields[0])
#define NSTRINGS	(sizeof strings / sizeof strings[0])

static json_int_t
field_of(const struct filled *f, size_t i)
{
	return (*(const json_int_t *)((const char *)f + fields[i].offset));
}

static const char *
string_of(const struct filled *f, size_t i)
{
	const char *v = *(const char *const *)((const char *)f +
	    strings[i].offset);

	return (v != NULL ? v : "");
}

/* The template with its $names put in. */
static json_t *
request(const char *tmpl, const struct filled *f)
{
	char out[LINE_MAX_LEN * 2], *o = out;
	const char *p;
	json_t *j;
	size_t i;

	for (p = tmpl; *p != '\0' && o < out + sizeof out - 200; p++) {
		for (i = 0; i < NSTRINGS; i++)
			if (strncmp(p, strings[i].name, strlen(strings[i].name)) == 0)
				break;
		if (i < NSTRINGS) {
			o += snprintf(o, 190, "%s", string_of(f, i));
			p += strlen(strings[i].name) - 1;
			continue;
		}
		for (i = 0; i < NFIELDS; i++)
			if (strncmp(p, fields[i].name, strlen(fields[i].name)) == 0)
				break;
		if (i < NFIELDS) {
			o += snprintf(o, 90, "%lld", (long long)field_of(f, i));
			p += strlen(fields[i].name) - 1;
		} else
			*o++ = *p;
	}
	*o = '\0';
	if ((j = json_loads(out, 0, NULL)) == NULL)
		fail_msg("not JSON once filled in: %s", out);
	return (j);
}

static int
longest_first(const void *a, const void *b)
{
	size_t x = strlen(a), y = strlen(b);

	return ((y > x) - (y < x));
}

/* A reply's message with the things asked about written as <it>. */
static void
normalised(const json_t *reply, const struct filled *f, char *out, size_t size)
{
	const json_t *mj = itest_find(reply, "error.message");
	const char *s = mj != NULL ? json_string_value(mj) : "";
	char ids[NSTRINGS + NFIELDS][80], *o = out;
	size_t n = 0, i;

	for (i = 0; i < NSTRINGS; i++)
		snprintf(ids[n++], sizeof ids[0], "%s", string_of(f, i));
	for (i = 0; i < NFIELDS; i++)
		if (field_of(f, i) != 0)
			snprintf(ids[n++], sizeof ids[0], "%lld",
			    (long long)field_of(f, i));
	/* Longest first: post 45 is not board 4 followed by a 5. */
	qsort(ids, n, sizeof ids[0], longest_first);
	while (*s != '\0' && (size_t)(o - out) < size - 5) {
		for (i = 0; i < n; i++)
			if (ids[i][0] != '\0' && strncmp(s, ids[i], strlen(ids[i])) == 0)
				break;
		if (i < n) {
			o += snprintf(o, 5, "<it>");
			s += strlen(ids[i]);
		} else
			*o++ = *s++;
	}
	*o = '\0';
}

static const char *
answer(const json_t *reply)
{
	const json_t *code = itest_find(reply, "error.code");

	return (code == NULL ? "ok" : json_string_value(code));
}

/* "sync:hidden" is sync sent another way: the op is the name up to the colon. */
static const char *
op_sent(const struct op_row *o, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)strcspn(o->name, ":"), o->name);
	return (buf);
}

/* A new thread on the target's board, by its poster. */
static json_int_t
board_thread(struct target_state *t)
{
	return (itest_get_int(itest_call_ok(t->owner, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", t->board, "title",
	    "A fresh thread for the matrix", "body", "its opening post")),
	    "thread.id"));
}

/* The newest queue entry: the one the last report or held message opened. */
static json_int_t
newest_entry(void)
{
	return ((json_int_t)itest_db_int(authz.srv,
	    "SELECT max(id) FROM mod_queue"));
}

/* fay's report of a new message of author's in the North East: its entry. */
json_int_t
fresh_entry(struct itest_client *author)
{
	json_int_t msg = itest_get_int(itest_post(author, "region:north-east",
	    "a message the matrix reports"), "id");

	itest_call_ok(authz.fay, "msg.report", json_pack("{s:I, s:s}", "msg", msg,
	    "reason", "the matrix asks"));
	return (newest_entry());
}

/* A mute of dee's in the North East, the one before lifted (she posts). */
static json_int_t
fresh_sanction(void)
{
	static json_int_t last;

	if (last != 0)
		itest_call(authz.as[ADMIN], "mod.lift", json_pack("{s:I}",
		    "sanction", last));
	last = itest_get_int(itest_call_ok(authz.mo, "mod.resolve",
	    json_pack("{s:I, s:s, s:s, s:i, s:s}", "entry", fresh_entry(authz.dee),
	    "action", "mute", "reason", "the matrix mutes", "minutes", 1,
	    "where", "room")), "sanction");
	return (last);
}

/*
 * What the world's $names stand for in this check: the constants, and
 * for an op that consumes them, a queue entry of a report, one of a held
 * message, a mute of dee's in the North East, a watched word of its
 * moderators, an invite of theirs, eve online anew, a new public key.
 */
static void
fresh_world(const struct op_row *o, struct filled *f)
{
	static char invite[64];
	char word[32];
	const json_t *r;

	f->dest = authz.t[T_BOARD_NATIONAL].board;
	f->trust = authz.thames;
	f->seq = ++authz.seq;
	if (!o->fresh)
		return;
	if (strstr(o->tmpl, "$entry") != NULL)
		f->entry = fresh_entry(authz.ben);
	if (strstr(o->tmpl, "$held") != NULL) {
		itest_call_ok(authz.ben, "room.send", json_pack("{s:s, s:s}",
		    "room", "region:north-east", "body",
		    "zqholdme says the matrix"));
		f->held = newest_entry();
	}
	if (strstr(o->tmpl, "$sanction") != NULL)
		f->sanction = fresh_sanction();
	snprintf(word, sizeof word, "zqmatrixfresh%lld", (long long)f->seq);
	if (strstr(o->tmpl, "$word") != NULL)
		f->word = itest_get_int(itest_call_ok(authz.mo, "words.add",
		    json_pack("{s:s, s:s, s:s}", "scope", "region:north-east",
		    "word", word, "action", "flag")), "word.id");
	if (strstr(o->tmpl, "$invite") != NULL) {
		r = itest_call_ok(authz.mo, "invite.create", json_pack("{s:s}",
		    "region", "north-east"));
		snprintf(invite, sizeof invite, "%s", itest_get_str(
		    json_array_get(itest_get(r, "invites"), 0), "id"));
		f->invite = invite;
	}
	if (strstr(o->tmpl, "$online") != NULL) {
		itest_login_user(authz.srv, authz.eve);
		f->online = authz.eve->handle;
	}
	if (strstr(o->tmpl, "$pubkey") != NULL)
		f->pubkey = itest_key_new(authz.srv, "the matrix's key")->line;
}

static void
check(const struct op_row *o, enum role role, enum target k)
{
	const char *tname = k == TARGETS ? "-" : target_names[k];
	const struct rule *rule = rule_for(o->name, role_names[role], tname);
	struct target_state *t = k == TARGETS ? NULL : &authz.t[k];
	struct itest_client *c = authz.as[role];
	const json_t *reply, *other;
	char mine[LINE_MAX_LEN], theirs[LINE_MAX_LEN], sent[48];
	struct filled f = { 0 }, none;
	bool open;

	authz.checked++;
	if (rule == NULL) {
		mismatch("no row says what %s by %s on %s gets", o->name,
		    role_names[role], tname);
		return;
	}
	if (role == DISABLED) {
		/* Its login was refused in the setup: no request is ever read. */
		if (strcmp(rule->expect, "refused") != 0)
			mismatch("line %d: a disabled person never has a session: "
			    "refused, not %s", rule->line, rule->expect);
		return;
	}
	if (strcmp(op_sent(o, sent, sizeof sent), "see") == 0) {
		check_see(role_names[role], c, t, tname, rule->expect);
		return;
	}
	if (strcmp(o->name, "seepost") == 0) {
		check_see_post(role_names[role], c, t, tname, rule->expect);
		return;
	}
	if (strcmp(o->name, "seeperson") == 0) {
		check_see_person(role_names[role], c, t, tname, rule->expect);
		return;
	}
	if (strcmp(sent, "seementions") == 0) {
		check_see_mentions(role_names[role], role, k, rule->expect);
		return;
	}
	if (strcmp(sent, "seequote") == 0) {
		check_see_quote(role_names[role], c, t, tname, rule->expect);
		return;
	}
	if (strcmp(sent, "seereports") == 0) {
		check_see_reports(role_names[role], c, rule->expect);
		return;
	}
	if (strcmp(sent, "seemembers") == 0) {
		check_see_members(role_names[role], c, t, tname, rule->expect);
		return;
	}
	if (strcmp(sent, "seeevents") == 0) {
		check_see_events(role_names[role], c, k, rule->expect);
		return;
	}
	if (t != NULL) {
		f = (struct filled){ t->msg, t->board, t->thread, t->post,
		    t->series, t->meeting, t->record, t->vote, t->action,
		    .room = t->room, .handle = t->handle, .fp = t->fp };
		if (o->fresh && k >= T_POST_TARGETS && strstr(o->tmpl, "$vote"))
			f.vote = series_vote(t);
		else if (o->fresh && k == T_SERIES_INVITED &&
		    strstr(o->tmpl, "$series"))
			/* Invited anew (once declined, or still invited). */
			itest_call(t->owner, "series.invite", json_pack(
			    "{s:I, s:s}", "series", t->series, "handle", "amy"));
		else if (o->fresh && k >= T_POST_TARGETS &&
		    strstr(o->tmpl, "$meeting"))
			f.meeting = series_meeting(t);
		else if (o->fresh && strstr(o->tmpl, "$thread"))
			f.thread = board_thread(t);
		else if (o->fresh && k >= T_POST_TARGETS &&
		    strstr(o->tmpl, "$record"))
			f.record = series_record(t, "a fresh note for the matrix");
		else if (o->fresh && !t->fixed && k >= T_MSG_TARGETS &&
		    k < T_POST_TARGETS)
			f.post = board_post(t, "a fresh post for the matrix");
		else if (o->fresh && !t->fixed)
			f.msg = post(t, "a fresh message for the matrix");
	}
	fresh_world(o, &f);
	reply = itest_call(c, sent, request(o->tmpl, &f));
	open = strstr(rule->expect, ":open") != NULL;
	if (strncmp(answer(reply), rule->expect, strcspn(rule->expect, ":")) != 0 ||
	    strlen(answer(reply)) != strcspn(rule->expect, ":")) {
		char *dump = json_dumps(reply, JSON_COMPACT);

		mismatch("line %d: %s by %s on %s: %s, the matrix says %s (%s)",
		    rule->line, o->name, role_names[role], tname, answer(reply),
		    rule->expect, dump);
		free(dump);
		return;
	}
	if (t == NULL || open || strcmp(rule->expect, "ok") == 0)
		return;
	/* Not theirs: the same request for nothing there must read the same. */
	normalised(reply, &f, mine, sizeof mine);
	none = f;
	for (size_t i = 0; i < TARGET_FIELDS; i++)
		*(json_int_t *)((char *)&none + fields[i].offset) = 999999999;
	none.room = t->missing;
	none.handle = "zzgone";
	none.fp = "SHA256:nobodyhasthiskeynobodyhasthiskeynobodyhask";
	other = itest_call(c, sent, request(o->tmpl, &none));
	normalised(other, &none, theirs, sizeof theirs);
	if (strcmp(answer(reply), answer(other)) != 0 || strcmp(mine, theirs) != 0)
		mismatch("%s by %s on %s: \"%s: %s\" tells it from nothing there "
		    "(\"%s: %s\")", o->name, role_names[role], tname,
		    answer(reply), mine, answer(other), theirs);
}

/* A series op, or one on a meeting's room (NAME:meeting). */
static bool
names_series(const struct op_row *o)
{
	static const char *const names[] = {
		"$series", "$meeting", "$record", "$vote", "$action",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strstr(o->tmpl, names[i]) != NULL)
			return (true);
	return (strstr(o->name, ":meeting") != NULL);
}

static void
every_op_by_every_role_on_every_target_gets_what_the_matrix_says(void **state)
{
	for (size_t i = 0; i < authz.nops; i++) {
		const struct op_row *o = &authz.ops[i];
		int first = 0, last = 0;

		/*
		 * The targets the request names: series (and their meetings,
		 * records, votes and rooms), rooms, messages, boards or posts.
		 */
		if (strstr(o->tmpl, "$handle") != NULL ||
		    strstr(o->tmpl, "$fp") != NULL)
			first = T_SERIES_TARGETS, last = TARGETS;
		else if (names_series(o))
			first = T_POST_TARGETS, last = T_SERIES_TARGETS;
		else if (strstr(o->tmpl, "$room") != NULL)
			last = T_ROOM_TARGETS;
		else if (strstr(o->tmpl, "$msg") != NULL)
			last = T_MSG_TARGETS;
		else if (strstr(o->tmpl, "$board") != NULL ||
		    strstr(o->tmpl, "$thread") != NULL)
			first = T_MSG_TARGETS, last = T_BOARD_TARGETS;
		else if (strstr(o->tmpl, "$post") != NULL)
			first = T_MSG_TARGETS, last = T_POST_TARGETS;
		for (int role = 0; role < ROLES; role++) {
			if (last == 0)
				check(o, role, TARGETS);
			for (int k = first; k < last; k++)
				check(o, role, k);
		}
	}
	for (size_t i = 0; i < authz.nmismatch; i++)
		print_message("# %s\n", authz.mismatch[i]);
	print_message("# %zu combinations of %zu ops, %d roles and %d targets "
	    "checked; %zu mismatches\n", authz.checked, authz.nops, ROLES, TARGETS,
	    authz.nmismatch);
	assert_int_equal(authz.nmismatch, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_op_by_every_role_on_every_target_gets_what_the_matrix_says),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("authz", tests, authz_setup,
	    authz_teardown));
}
