/*
 * itest_invite.c: invites over the protocol, the console's twins of
 * staffroomctl invite create|list|revoke (issue 19), for a member, a
 * moderator of the region, one of another region, and an admin: codes
 * shown once and stored hashed, a made code joins its region, a revoked
 * one does not, and every act is an audit row naming ids, never a code.
 */
#include <ctype.h>
#include <string.h>

#include "harness.h"

struct invite_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *mo, *lon, *ada;
};

static struct invite_world world;

static int
invite_setup(void **state)
{
	struct invite_world *w = &world;

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
invite_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* Registers handle with code in a join session: ok, or the error expected. */
static void
join_with(struct itest_server *srv, const char *code, const char *handle,
    const char *error)
{
	struct itest_client *c = itest_login(srv, "join",
	    itest_by_password("anything at all"));
	const struct itest_key *key = itest_key_new(srv, handle);
	const json_t *reply = itest_call(c, "account.register", json_pack(
	    "{s:s, s:s, s:s, s:s}", "code", code, "handle", handle, "name",
	    "New Person", "pubkey", key->line));

	if (error == NULL)
		itest_assert_ok(reply);
	else
		itest_assert_error(reply, error);
	itest_close(c);
}

/* The status invite.list gives the invite with this id, or NULL. */
static const char *
listed_status(struct itest_client *c, const char *id)
{
	const json_t *inv;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "invite.list", NULL),
	    "invites"), i, inv) {
		if (strcmp(itest_get_str(inv, "id"), id) == 0)
			return itest_get_str(inv, "status");
	}
	return NULL;
}

static void
moderators_invite_to_their_regions_members_only(void **state)
{
	struct invite_world *w = *state;
	struct itest_client *amy = itest_login_user(w->srv, w->amy);
	struct itest_client *mo = itest_login_user(w->srv, w->mo);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	const json_t *reply, *inv;
	const char *codes[3], *table, *word;
	char out[8192];
	size_t i;

	itest_call_error(amy, "invite.create", json_pack("{s:s}", "region",
	    "north-east"), "forbidden");
	itest_call_error(amy, "invite.list", NULL, "forbidden");
	itest_call_error(mo, "invite.create", json_pack("{s:s}", "region",
	    "london"), "forbidden");
	itest_call_error(mo, "invite.create", json_pack("{s:s, s:s}", "region",
	    "north-east", "role", "moderator"), "forbidden");
	itest_call_error(mo, "invite.create", json_pack("{s:s}", "region",
	    "atlantis"), "not_found");
	itest_call_error(mo, "invite.create", json_pack("{s:s, s:i}", "region",
	    "north-east", "count", 51), "bad_request");
	itest_call_error(mo, "invite.create", NULL, "bad_request");

	reply = itest_call_ok(mo, "invite.create", json_pack("{s:s, s:i, s:i}",
	    "region", "north-east", "count", 3, "days", 2));
	assert_int_equal(json_array_size(itest_get(reply, "invites")), 3);
	json_array_foreach(itest_get(reply, "invites"), i, inv) {
		codes[i] = itest_get_str(inv, "code");
		assert_string_equal(itest_get_str(inv, "region"), "north-east");
		assert_string_equal(itest_get_str(inv, "role"), "member");
		assert_string_equal(itest_get_str(inv, "status"), "open");
	}
	assert_string_not_equal(codes[0], codes[1]);
	/* Codes are stored hashed: no table holds one. */
	table = itest_db_table_holding(w->srv, NULL, codes, 3, &word);
	assert_null(table);

	/* Each sees the invites of their regions; admins every region's. */
	assert_string_equal(listed_status(mo, itest_get_str(reply,
	    "invites.0.id")), "open");
	assert_null(listed_status(lon, itest_get_str(reply, "invites.0.id")));
	assert_string_equal(listed_status(ada, itest_get_str(reply,
	    "invites.2.id")), "open");
	assert_null(itest_find(itest_call_ok(mo, "invite.list", NULL),
	    "invites.0.code"));

	/* A code made here joins the region. */
	join_with(w->srv, codes[0], "dana", NULL);
	assert_string_equal(listed_status(mo, itest_get_str(reply,
	    "invites.0.id")), "used");

	/* Revoking: another region's is not found; a used one stays used. */
	itest_call_error(lon, "invite.revoke", json_pack("{s:s}", "invite",
	    itest_get_str(reply, "invites.1.id")), "not_found");
	itest_call_error(mo, "invite.revoke", json_pack("{s:s}", "invite",
	    itest_get_str(reply, "invites.0.id")), "invite_used");
	itest_call_error(mo, "invite.revoke", json_pack("{s:s}", "invite",
	    "NOSUCH"), "not_found");
	itest_call_ok(mo, "invite.revoke", json_pack("{s:s}", "invite",
	    itest_get_str(reply, "invites.1.id")));
	assert_string_equal(listed_status(mo, itest_get_str(reply,
	    "invites.1.id")), "revoked");
	join_with(w->srv, codes[1], "eve", "invite_expired");

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "search",
	    "--actor", "mo", NULL);
	assert_non_null(strstr(out, "invite.create"));
	assert_non_null(strstr(out, "invite.revoke"));
	assert_non_null(strstr(out, itest_get_str(reply, "invites.2.id")));
	for (i = 0; i < 3; i++)
		assert_null(strstr(out, codes[i]));
	itest_close(amy);
	itest_close(mo);
	itest_close(lon);
	itest_close(ada);
}

static void
lower(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

static void
admins_invite_anywhere_with_any_role(void **state)
{
	struct invite_world *w = *state;
	struct itest_client *ada = itest_login_user(w->srv, w->ada);
	struct itest_client *lon = itest_login_user(w->srv, w->lon);
	const json_t *reply, *joined;
	char id[16];

	reply = itest_call_ok(ada, "invite.create", json_pack("{s:s, s:s, s:s}",
	    "region", "north-east", "role", "moderator", "school", "100000"));
	assert_string_equal(itest_get_str(reply, "invites.0.role"), "moderator");
	assert_string_equal(itest_get_str(reply, "invites.0.school"), "100000");
	/* Without a register a URN places nobody: the region must be given. */
	itest_call_error(ada, "invite.create", json_pack("{s:s}", "school",
	    "100000"), "bad_request");
	/* A moderator may not take back what an admin made for more than members. */
	itest_call_error(lon, "invite.revoke", json_pack("{s:s}", "invite",
	    itest_get_str(reply, "invites.0.id")), "not_found");
	reply = itest_call_ok(ada, "invite.create", json_pack("{s:s, s:i}",
	    "region", "london", "count", 2));
	join_with(w->srv, itest_get_str(reply, "invites.1.code"), "nia", NULL);
	/* Ids are typed in any case. */
	lower(itest_get_str(reply, "invites.0.id"), id, sizeof id);
	itest_call_ok(lon, "invite.revoke", json_pack("{s:s}", "invite", id));
	joined = itest_call_ok(ada, "invite.list", json_pack("{s:i}", "limit",
	    1));
	assert_string_equal(itest_get_str(joined, "invites.0.used_by"), "nia");
	assert_true(itest_get_bool(joined, "more"));
	/* The next page starts below the last one's number. */
	reply = itest_call_ok(ada, "invite.list", json_pack("{s:I}", "before",
	    itest_get_int(joined, "invites.0.n")));
	assert_true(itest_get_int(reply, "invites.0.n") <
	    itest_get_int(joined, "invites.0.n"));
	itest_close(ada);
	itest_close(lon);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(moderators_invite_to_their_regions_members_only),
		cmocka_unit_test(admins_invite_anywhere_with_any_role),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, invite_setup,
	    invite_teardown));
}
