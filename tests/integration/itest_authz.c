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
 * the same request for one that does not; and the pseudo-op "see" reads a
 * message through every path a person has (room history, sync, search,
 * msg.history, a report) and requires them to agree.
 *
 * Every mismatch is listed before the test fails, so one run shows them all.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MATRIX_ROWS	1024
#define MATRIX_OPS	96
#define LINE_MAX_LEN	512
#define MISMATCH_MAX	256

/* Who asks. "disabled" never gets a session: its rows say "refused". */
enum role { MEMBER, MOD_HERE, MOD_OTHER, ADMIN, JOIN, DISABLED, ROLES };
static const char *const role_names[ROLES] = {
	"member", "mod-here", "mod-other", "admin", "join", "disabled",
};

/*
 * What is asked about, seen from the member (amy, North East, in the Tyne
 * trust). Room targets serve $room and (their message) $msg; message-only
 * targets serve $msg alone; board targets serve $board, $thread (one of
 * the board's threads) and $post (a reply in it); post-only targets $post.
 */
enum target {
	T_NATIONAL, T_REGION_OWN, T_REGION_OTHER, T_TRUST_OWN, T_TRUST_OTHER,
	T_BUDDY_IN, T_BUDDY_OUT, T_BUDDY_REMOVED, T_DM_PARTY, T_DM_OTHER,
	T_DM_BLOCKED,
	T_ROOM_TARGETS,
	T_MINE = T_ROOM_TARGETS, T_HIDDEN, T_DELETED, T_BEFORE_JOIN,
	T_MSG_TARGETS,
	T_BOARD_NATIONAL = T_MSG_TARGETS, T_BOARD_REGION_OWN, T_BOARD_REGION_OTHER,
	T_BOARD_TRUST_OWN, T_BOARD_TRUST_OTHER,
	T_BOARD_TARGETS,
	T_POST_MINE = T_BOARD_TARGETS, T_POST_HIDDEN,
	T_POST_TARGETS,
	T_SERIES_CHAIR = T_POST_TARGETS, T_SERIES_MEMBER, T_SERIES_OBSERVER,
	T_SERIES_TRUST, T_SERIES_INVITED, T_SERIES_OUT,
	T_SERIES_TARGETS,
	T_PERSON_OTHER = T_SERIES_TARGETS, T_PERSON_SELF, T_PERSON_BLOCKED,
	T_PERSON_BLOCKER, T_PERSON_DISABLED,
	TARGETS
};
static const char *const target_names[TARGETS] = {
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

struct op_row {
	char	name[48];
	char	tmpl[LINE_MAX_LEN];	/* the request, with $room and $msg */
	bool	fresh;			/* changes its target: a new message each time */
};

struct rule {
	char	op[48], role[16], target[24], expect[32];
	int	line;
};

struct target_state {
	char			 room[80];	/* "region:north-east", "buddy:7" */
	char			 missing[80];	/* a room of the same kind that is not there */
	json_int_t		 msg;
	json_int_t		 board, thread, post;	/* board targets */
	json_int_t		 series, meeting, record, vote;	/* series targets */
	char			 handle[40];	/* person targets: who, */
	char			 fp[80];	/* and a key of theirs */
	struct itest_client	*owner;		/* posts its messages */
	struct itest_client	*hider;		/* hides them (hidden, deleted), or NULL */
	bool			 fixed;		/* no new message can be made there */
	char			 word[32];	/* the word only its message holds */
};

static struct {
	struct itest_server	*srv;
	struct itest_client	*as[ROLES];
	struct itest_client	*amy, *ben, *cal, *dee, *mo;
	struct target_state	 t[TARGETS];
	struct op_row		 ops[MATRIX_OPS];
	size_t			 nops;
	struct rule		 rules[MATRIX_ROWS];
	size_t			 nrules;
	char			 mismatch[MISMATCH_MAX][LINE_MAX_LEN];
	size_t			 nmismatch, checked;
} m;

static void
mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
mismatch(const char *fmt, ...)
{
	va_list	ap;

	if (m.nmismatch == MISMATCH_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(m.mismatch[m.nmismatch++], LINE_MAX_LEN, fmt, ap);
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
			struct op_row *o = &m.ops[m.nops++];

			assert_true(m.nops <= MATRIX_OPS);
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
		struct rule *r = &m.rules[m.nrules++];

		assert_true(m.nrules <= MATRIX_ROWS);
		if (sscanf(line, "%47s %15s %23s %31s", r->op, r->role, r->target,
		    r->expect) != 4)
			fail_msg("%s:%d: OP ROLE TARGET EXPECT", path, n);
		r->line = n;
	}
	fclose(f);
	if (m.nops == 0 || m.nrules == 0)
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

	for (size_t i = 0; i < m.nrules; i++)
		if (matches(m.rules[i].op, op) && matches(m.rules[i].role, role) &&
		    matches(m.rules[i].target, target))
			found = &m.rules[i];
	return (found);
}

/* --- the world ----------------------------------------------------------------- */

static json_int_t
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
	struct target_state *t = &m.t[k];
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

/*
 * A series of owner's with a live meeting, in its room a message, a record
 * and an open vote; amy is given role in it ("" for none, "trust" for her
 * trust's membership as a whole), "invited" to it without accepting.
 */
static void
series_target(enum target k, struct itest_client *owner, const char *role)
{
	struct target_state *t = &m.t[k];
	bool trust = strcmp(role, "trust") == 0;

	t->series = itest_get_int(itest_call_ok(owner, "series.create",
	    json_pack("{s:s, s:b}", "name", target_names[k], "trust", trust)),
	    "series.id");
	if (owner != m.amy && !trust && *role != '\0') {
		itest_call_ok(owner, "series.invite", json_pack("{s:I, s:s, s:s}",
		    "series", t->series, "handle", "amy", "role",
		    strcmp(role, "invited") == 0 ? "member" : role));
		if (strcmp(role, "invited") != 0)
			itest_call_ok(m.amy, "series.accept", json_pack("{s:I}",
			    "series", t->series));
	}
	t->meeting = itest_get_int(itest_call_ok(owner, "meeting.create",
	    json_pack("{s:I, s:s, s:s, s:[{s:s}]}", "series", t->series, "title",
	    "The matrix meets", "start", "2027-05-06 16:00", "agenda", "title",
	    "Transport")), "meeting.id");
	itest_call_ok(owner, "meeting.start", json_pack("{s:I}", "meeting",
	    t->meeting));
	itest_call_ok(owner, "agenda.next", json_pack("{s:I}", "meeting",
	    t->meeting));
	snprintf(t->room, sizeof t->room, "meeting:%lld", (long long)t->meeting);
	snprintf(t->missing, sizeof t->missing, "meeting:999999999");
	t->owner = owner;
	snprintf(t->word, sizeof t->word, "zq%dauthzword%c", (int)k,
	    'a' + (int)k % 26);
	t->msg = post(t, t->word);
	t->record = series_record(t, "the matrix takes a note");
	t->vote = series_vote(t);
}

/*
 * A person, and a key of theirs: their own, or for amy a second one (so
 * that removing it leaves her a way in).
 */
static void
person_target(enum target k, const struct itest_user *u)
{
	struct target_state *t = &m.t[k];
	const struct itest_key *key = u->key;

	snprintf(t->handle, sizeof t->handle, "%s", u->handle);
	if (k == T_PERSON_SELF) {
		key = itest_key_new(m.srv, "amy's second key");
		itest_call_ok(m.amy, "account.key_add", json_pack("{s:s}",
		    "pubkey", key->line));
	}
	snprintf(t->fp, sizeof t->fp, "%s", key->fingerprint);
}

/* The target's post: a reply in its thread, hidden when it has a hider. */
static json_int_t
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
	struct target_state *t = &m.t[k];

	t->board = itest_board_of(owner, scope);
	t->thread = itest_get_int(itest_call_ok(owner, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", t->board, "title",
	    "A thread for the matrix", "body", "its opening post")), "thread.id");
	t->owner = poster;
	t->hider = hider;
	snprintf(t->word, sizeof t->word, "zq%dauthzword%c", (int)k, 'a' + (int)k);
	t->post = board_post(t, t->word);
}

static const char *
buddy_create(struct itest_client *owner, const char *name, json_t *members)
{
	static char id[64];

	snprintf(id, sizeof id, "%s", itest_get_str(itest_call_ok(owner,
	    "buddy.create", json_pack("{s:s, s:o}", "name", name, "members",
	    members)), "room.id"));
	return (id);
}

static void
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

	itest_ctl_ok(srv, NULL, id, sizeof id, "trust", "add", name, "--region",
	    region, NULL);
	id[strcspn(id, "\n")] = '\0';
	for (; *members != NULL; members++)
		itest_ctl_ok(srv, NULL, NULL, 0, "trust", "member", *members, id, NULL);
	snprintf(ref, refsize, "trust:%s", id);
}

static int
authz_setup(void **state)
{
	struct itest_server *srv = itest_server_new(itest_posting_unlimited);
	const struct itest_user *amy, *ben, *dee, *cal, *mo, *lon, *ada, *dis,
	    *eve;
	char tyne[48], thames[48], room[64];

	matrix_load();
	m.srv = srv;
	amy = itest_user_add(srv, "amy", "north-east", NULL);
	ben = itest_user_add(srv, "ben", "north-east", NULL);
	dee = itest_user_add(srv, "dee", "north-east", NULL);
	cal = itest_user_add(srv, "cal", "london", NULL);
	mo = itest_user_with_role(srv, "mo", "north-east", "moderator");
	lon = itest_user_with_role(srv, "lon", "london", "moderator");
	ada = itest_user_with_role(srv, "ada", "london", "admin");
	dis = itest_user_add(srv, "dis", "north-east", NULL);
	eve = itest_user_add(srv, "eve", "north-east", NULL);
	world_trust(srv, "Tyne MAT", "north-east", tyne, sizeof tyne,
	    (const char *const[]){ "amy", "ben", NULL });
	world_trust(srv, "Thames MAT", "london", thames, sizeof thames,
	    (const char *const[]){ "cal", NULL });
	itest_ctl_ok(srv, NULL, NULL, 0, "user", "disable", "dis", NULL);
	itest_server_start(srv);
	itest_assert_refused(srv, "dis", itest_by_key(dis->key));

	m.as[MEMBER] = m.amy = itest_login_user(srv, amy);
	m.ben = itest_login_user(srv, ben);
	m.cal = itest_login_user(srv, cal);
	m.dee = itest_login_user(srv, dee);
	m.as[MOD_HERE] = m.mo = itest_login_user(srv, mo);
	m.as[MOD_OTHER] = itest_login_user(srv, lon);
	m.as[ADMIN] = itest_login_user(srv, ada);
	m.as[JOIN] = itest_login(srv, "join", itest_by_password("anything"));

	target(T_NATIONAL, "national", m.ben, NULL);
	target(T_REGION_OWN, "region:north-east", m.ben, NULL);
	target(T_REGION_OTHER, "region:london", m.cal, NULL);
	target(T_TRUST_OWN, tyne, m.ben, NULL);
	target(T_TRUST_OTHER, thames, m.cal, NULL);
	target(T_MINE, "region:north-east", m.amy, NULL);
	target(T_HIDDEN, "region:north-east", m.ben, m.mo);
	target(T_DELETED, "region:north-east", m.ben, m.ben);

	/* Said in amy's buddy chat before she joined it. */
	snprintf(room, sizeof room, "%s", buddy_create(m.ben, "Tyne pair",
	    json_pack("[s]", "amy")));
	target(T_BEFORE_JOIN, room, m.ben, NULL);
	m.t[T_BEFORE_JOIN].fixed = true;
	buddy_accept(m.amy, room);
	target(T_BUDDY_IN, room, m.ben, NULL);

	snprintf(room, sizeof room, "%s", buddy_create(m.cal, "Thames pair",
	    json_pack("[s]", "ben")));
	buddy_accept(m.ben, room);
	target(T_BUDDY_OUT, room, m.cal, NULL);

	snprintf(room, sizeof room, "%s", buddy_create(m.ben, "Was three",
	    json_pack("[s, s]", "amy", "dee")));
	buddy_accept(m.amy, room);
	buddy_accept(m.dee, room);
	itest_call_ok(m.ben, "room.remove", json_pack("{s:s, s:s}", "room", room,
	    "handle", "amy"));
	target(T_BUDDY_REMOVED, room, m.ben, NULL);

	target(T_DM_PARTY, dm_open(m.amy, "ben"), m.ben, NULL);
	target(T_DM_OTHER, dm_open(m.ben, "cal"), m.cal, NULL);
	/* Said before amy blocked dee; nothing more can be said there. */
	target(T_DM_BLOCKED, dm_open(m.dee, "amy"), m.dee, NULL);
	m.t[T_DM_BLOCKED].fixed = true;
	itest_call_ok(m.amy, "user.block", json_pack("{s:s}", "handle", "dee"));
	/* eve blocks amy. */
	itest_call_ok(itest_login_user(srv, eve), "user.block", json_pack("{s:s}",
	    "handle", "amy"));

	board_target(T_BOARD_NATIONAL, "national", m.ben, m.ben, NULL);
	board_target(T_BOARD_REGION_OWN, "region:north-east", m.ben, m.ben, NULL);
	board_target(T_BOARD_REGION_OTHER, "region:london", m.cal, m.cal, NULL);
	board_target(T_BOARD_TRUST_OWN, tyne, m.ben, m.ben, NULL);
	board_target(T_BOARD_TRUST_OTHER, thames, m.cal, m.cal, NULL);
	board_target(T_POST_MINE, "region:north-east", m.ben, m.amy, NULL);
	board_target(T_POST_HIDDEN, "region:north-east", m.ben, m.ben, m.mo);
	series_target(T_SERIES_CHAIR, m.amy, "chair");
	series_target(T_SERIES_MEMBER, m.ben, "member");
	series_target(T_SERIES_OBSERVER, m.ben, "observer");
	series_target(T_SERIES_TRUST, m.ben, "trust");
	series_target(T_SERIES_INVITED, m.cal, "invited");
	series_target(T_SERIES_OUT, m.cal, "");
	person_target(T_PERSON_OTHER, ben);
	person_target(T_PERSON_SELF, amy);
	person_target(T_PERSON_BLOCKED, dee);
	person_target(T_PERSON_BLOCKER, eve);
	person_target(T_PERSON_DISABLED, dis);
	*state = &m;
	return (0);
}

static int
authz_teardown(void **state)
{
	itest_server_free(m.srv);
	return (0);
}

/* --- asking ---------------------------------------------------------------------- */

/* What a template's $names stand for in one check. */
struct filled {
	const char	*room;
	json_int_t	 msg, board, thread, post, series, meeting, record, vote;
	const char	*handle, *fp;
};

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
};

static json_int_t
field_of(const struct filled *f, size_t i)
{
	return (*(const json_int_t *)((const char *)f + fields[i].offset));
}

/* The template with its $names put in. */
static json_t *
request(const char *tmpl, const struct filled *f)
{
	char out[LINE_MAX_LEN * 2], *o = out;
	const char *p;
	json_t *j;
	size_t i;

	for (p = tmpl; *p != '\0' && o < out + sizeof out - 100; p++) {
		if (strncmp(p, "$room", 5) == 0) {
			o += snprintf(o, 90, "%s", f->room);
			p += 4;
			continue;
		}
		if (strncmp(p, "$handle", 7) == 0 || strncmp(p, "$fp", 3) == 0) {
			o += snprintf(o, 90, "%s", p[1] == 'h' ? f->handle : f->fp);
			p += p[1] == 'h' ? 6 : 2;
			continue;
		}
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
			if (strncmp(p, fields[i].name, strlen(fields[i].name)) == 0)
				break;
		if (i < sizeof fields / sizeof fields[0]) {
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
	char ids[3 + sizeof fields / sizeof fields[0]][80], *o = out;
	size_t n = 0, i;

	snprintf(ids[n++], sizeof ids[0], "%s", f->room);
	snprintf(ids[n++], sizeof ids[0], "%s", f->handle);
	snprintf(ids[n++], sizeof ids[0], "%s", f->fp);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
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

static bool
has_id(const json_t *array, json_int_t id)
{
	return (array != NULL && itest_with_id(array, id) != NULL);
}

/* Whether the message is read through each path; every path must agree. */
static void
check_see(const char *who, struct itest_client *c, struct target_state *t,
    const char *tname, const char *expect)
{
	const json_t *r;
	bool want = strcmp(expect, "seen") == 0, got[4];
	static const char *const paths[4] = {
		"room.history", "sync", "search", "msg.history",
	};
	char *dump;

	r = itest_call(c, "room.history", json_pack("{s:s, s:i}", "room", t->room,
	    "limit", 200));
	got[0] = has_id(itest_find(r, "msgs"), t->msg);
	r = itest_call(c, "sync", json_pack("{s:I, s:i}", "since", t->msg - 1,
	    "limit", 1));
	got[1] = has_id(itest_find(r, "msgs"), t->msg);
	r = itest_call(c, "search", json_pack("{s:s}", "q", t->word));
	dump = itest_find(r, "hits") != NULL ?
	    json_dumps(itest_find(r, "hits"), JSON_COMPACT) : NULL;
	got[2] = dump != NULL && strstr(dump, t->word) != NULL;
	free(dump);
	r = itest_call(c, "msg.history", json_pack("{s:I}", "msg", t->msg));
	got[3] = itest_find(r, "error") == NULL;
	for (int i = 0; i < 4; i++)
		if (got[i] != want)
			mismatch("see %s %s: %s through %s", who, tname,
			    got[i] ? "seen" : "unseen", paths[i]);
}

/* "sync:hidden" is sync sent another way: the op is the name up to the colon. */
static const char *
op_sent(const struct op_row *o, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)strcspn(o->name, ":"), o->name);
	return (buf);
}

/*
 * The same for a post: thread.posts, search and post.history. "moderated":
 * a hidden post its moderators read in its thread (marked) and its history,
 * and search leaves out.
 */
static void
check_see_post(const char *who, struct itest_client *c, struct target_state *t,
    const char *tname, const char *expect)
{
	static const char *const paths[3] = { "thread.posts", "search", "post.history" };
	bool seen = strcmp(expect, "seen") == 0, moderated = strcmp(expect,
	    "moderated") == 0, got[3];
	bool want[3] = { seen || moderated, seen, seen || moderated };
	const json_t *r;
	char *dump;

	r = itest_call(c, "thread.posts", json_pack("{s:I, s:i}", "thread",
	    t->thread, "limit", 200));
	got[0] = has_id(itest_find(r, "posts"), t->post);
	r = itest_call(c, "search", json_pack("{s:s}", "q", t->word));
	dump = itest_find(r, "hits") != NULL ?
	    json_dumps(itest_find(r, "hits"), JSON_COMPACT) : NULL;
	got[1] = dump != NULL && strstr(dump, t->word) != NULL;
	free(dump);
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
static void
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

static void
check(const struct op_row *o, enum role role, enum target k)
{
	const char *tname = k == TARGETS ? "-" : target_names[k];
	const struct rule *rule = rule_for(o->name, role_names[role], tname);
	struct target_state *t = k == TARGETS ? NULL : &m.t[k];
	struct itest_client *c = m.as[role];
	const json_t *reply, *other;
	char mine[LINE_MAX_LEN], theirs[LINE_MAX_LEN], sent[48];
	struct filled f = { .room = "", .handle = "", .fp = "" }, none;
	bool open;

	m.checked++;
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
	if (t != NULL) {
		f = (struct filled){ t->room, t->msg, t->board, t->thread, t->post,
		    t->series, t->meeting, t->record, t->vote, t->handle, t->fp };
		if (o->fresh && k >= T_POST_TARGETS && strstr(o->tmpl, "$vote"))
			f.vote = series_vote(t);
		else if (o->fresh && k >= T_POST_TARGETS &&
		    strstr(o->tmpl, "$record"))
			f.record = series_record(t, "a fresh note for the matrix");
		else if (o->fresh && !t->fixed && k >= T_MSG_TARGETS &&
		    k < T_POST_TARGETS)
			f.post = board_post(t, "a fresh post for the matrix");
		else if (o->fresh && !t->fixed)
			f.msg = post(t, "a fresh message for the matrix");
	}
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
	none = (struct filled){ t->missing, 999999999, 999999999, 999999999,
	    999999999, 999999999, 999999999, 999999999, 999999999, "zzgone",
	    "SHA256:nobodyhasthiskeynobodyhasthiskeynobodyhask" };
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
		"$series", "$meeting", "$record", "$vote",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strstr(o->tmpl, names[i]) != NULL)
			return (true);
	return (strstr(o->name, ":meeting") != NULL);
}

static void
every_op_by_every_role_on_every_target_gets_what_the_matrix_says(void **state)
{
	for (size_t i = 0; i < m.nops; i++) {
		const struct op_row *o = &m.ops[i];
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
	for (size_t i = 0; i < m.nmismatch; i++)
		print_message("# %s\n", m.mismatch[i]);
	print_message("# %zu combinations of %zu ops, %d roles and %d targets "
	    "checked; %zu mismatches\n", m.checked, m.nops, ROLES, TARGETS,
	    m.nmismatch);
	assert_int_equal(m.nmismatch, 0);
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
