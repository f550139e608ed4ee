/*
 * test_client_people.c: the pure parts of the client's people code. How a
 * profile reads (only the fields the server sent, labelled, in order), the
 * directory filters typed after /people, /profile FIELD VALUE, /buddy NAME
 * HANDLE..., buddy invitations and requests waiting for an answer, presence
 * marks, and the lines of the "while you were away" summary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../client/staffroom.h"

static json_t *
J(const char *text)
{
	json_t	*j = json_loads(text, JSON_DECODE_ANY, NULL);

	assert_non_null(j);
	return j;
}

static void
assert_value_text(const char *json, const char *want)
{
	json_t	*v = J(json);
	char	*s = people_value_text(v);

	assert_string_equal(s, want);
	free(s);
	json_decref(v);
}

static void
values_read_as_words(void **state)
{
	assert_value_text("\"Hill Primary\"", "Hill Primary");
	assert_value_text("3", "3");
	assert_value_text("true", "yes");
	assert_value_text("false", "no");
	assert_value_text("[\"primary\",\"secondary\"]", "primary, secondary");
	assert_value_text("{\"name\":\"Hill Primary\",\"urn\":\"123456\"}",
	    "Hill Primary (URN 123456)");
	assert_value_text("{\"name\":\"Hill Primary\"}", "Hill Primary");
	assert_value_text("[]", "");
	assert_value_text("null", "");
}

static const char *
field(struct people_field *f, size_t n, const char *label)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].label, label) == 0)
			return f[i].value;
	}
	return NULL;
}

static void
profile_shows_only_what_was_sent_in_order(void **state)
{
	json_t			*p = J("{\"bio\":\"Ask me about PECS\","
				    "\"handle\":\"asha\",\"role_title\":"
				    "\"assistant_senco\",\"years_in_role\":7,"
				    "\"npq_senco\":true,\"expertise\":[\"ASD\","
				    "\"communication_and_interaction\"],"
				    "\"tier\":\"region\"}");
	struct people_field	*f;
	size_t			 n;

	n = people_profile_fields(p, 0, &f);
	assert_int_equal(n, 7);
	assert_string_equal(f[0].label, "Handle");
	assert_string_equal(f[0].value, "asha");
	assert_string_equal(f[1].label, "Role");
	assert_string_equal(f[1].value, "Assistant SENCO");
	assert_string_equal(field(f, n, "Years in role"), "7");
	assert_string_equal(field(f, n, "NPQ SENCO"), "yes");
	assert_string_equal(field(f, n, "Expertise"),
	    "ASD: autistic spectrum; Communication and interaction");
	assert_string_equal(f[n - 1].label, "Where");
	assert_string_equal(f[n - 1].value, "your region");
	assert_null(field(f, n, "School"));
	assert_null(field(f, n, "NASENCO"));
	people_fields_free(f, n);
	json_decref(p);
}

static void
visibility_shows_on_ones_own_profile_only(void **state)
{
	json_t			*p = J("{\"handle\":\"asha\",\"visible\":"
				    "[\"name\",\"years_in_role\"],"
				    "\"buddy_available\":true}");
	struct people_field	*f;
	size_t			 n;

	n = people_profile_fields(p, 1, &f);
	assert_string_equal(field(f, n, "Shown to others"),
	    "name, years in role");
	assert_string_equal(field(f, n, "Open to buddying"), "yes");
	people_fields_free(f, n);
	n = people_profile_fields(p, 0, &f);
	assert_null(field(f, n, "Shown to others"));
	people_fields_free(f, n);
	json_decref(p);
}

static void
unknown_fields_still_show_with_a_readable_label(void **state)
{
	json_t			*p = J("{\"handle\":\"asha\",\"local_offer\":"
				    "\"Sunderland\",\"id\":4}");
	struct people_field	*f;
	size_t			 n;

	n = people_profile_fields(p, 0, &f);
	assert_int_equal(n, 2);
	assert_string_equal(field(f, n, "Local offer"), "Sunderland");
	people_fields_free(f, n);
	json_decref(p);
}

static void
a_result_line_sums_a_person_up(void **state)
{
	json_t	*p = J("{\"handle\":\"ben\",\"name\":\"Ben Okafor\","
		    "\"role_title\":\"senco\",\"region\":\"north-east\","
		    "\"years_in_role\":1,\"expertise\":[\"ASD\"]}");
	char	*s = people_summary_line(p);

	assert_string_equal(s, "ben (Ben Okafor), SENCO, north-east, 1 year "
	    "in role, ASD: autistic spectrum");
	free(s);
	json_decref(p);
}

static void
filters_split_into_fields_and_words(void **state)
{
	json_t	*req = json_object();

	assert_int_equal(people_filter_parse("need:ASD hill region:north-east "
	    "primary school", req), 0);
	assert_string_equal(json_string_value(json_object_get(req, "need")),
	    "ASD");
	assert_string_equal(json_string_value(json_object_get(req, "region")),
	    "north-east");
	assert_string_equal(json_string_value(json_object_get(req, "q")),
	    "hill primary school");
	assert_null(json_object_get(req, "phase"));
	json_decref(req);

	/* A school by URN; a trust's name of several words in quotes. */
	req = json_object();
	assert_int_equal(people_filter_parse("school:100001 trust:\"River "
	    "Learning Trust\" autism", req), 0);
	assert_string_equal(json_string_value(json_object_get(req, "school")),
	    "100001");
	assert_string_equal(json_string_value(json_object_get(req, "trust")),
	    "River Learning Trust");
	assert_string_equal(json_string_value(json_object_get(req, "q")),
	    "autism");
	json_decref(req);

	req = json_object();
	assert_int_equal(people_filter_parse("colour:blue", req), -1);
	json_decref(req);

	req = json_object();
	assert_int_equal(people_filter_parse("", req), 0);
	assert_int_equal(json_object_size(req), 0);
	json_decref(req);
}

static void
profile_values_typed_become_json(void **state)
{
	json_t	*v;

	v = people_field_value("expertise", "ASD, SLCN ,");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 1)), "SLCN");
	json_decref(v);
	v = people_field_value("nasenco", "yes");
	assert_true(json_is_true(v));
	v = people_field_value("buddy_available", "off");
	assert_true(json_is_false(v));
	v = people_field_value("years_in_role", "12");
	assert_int_equal(json_integer_value(v), 12);
	json_decref(v);
	v = people_field_value("bio", "-");
	assert_true(json_is_null(v));
	v = people_field_value("bio", "Autism lead, 12 years");
	assert_string_equal(json_string_value(v), "Autism lead, 12 years");
	json_decref(v);
	/* Listed values by their labels or codes, in any case. */
	v = people_field_value("role_title", "assistant SENCO");
	assert_string_equal(json_string_value(v), "assistant_senco");
	json_decref(v);
	v = people_field_value("phases", "Post-16, special school");
	assert_string_equal(json_string_value(json_array_get(v, 0)), "post_16");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "special");
	json_decref(v);
	v = people_field_value("expertise", "asd");
	assert_string_equal(json_string_value(json_array_get(v, 0)), "ASD");
	json_decref(v);
	/* Free text stays text. */
	v = people_field_value("job_title", "2");
	assert_string_equal(json_string_value(v), "2");
	json_decref(v);
}

static void
buddy_names_and_members_parse(void **state)
{
	json_t	*m;
	char	*name;

	assert_int_equal(buddy_parse_create("newsencos @ben cara", &name, &m),
	    0);
	assert_string_equal(name, "newsencos");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_array_get(m, 1)), "cara");
	free(name);
	json_decref(m);

	assert_int_equal(buddy_parse_create("\"New SENCOs\" ben,cara", &name,
	    &m), 0);
	assert_string_equal(name, "New SENCOs");
	assert_int_equal(json_array_size(m), 2);
	free(name);
	json_decref(m);

	/* Without quotes, the words before the first @handle. */
	assert_int_equal(buddy_parse_create("ASD leads @ben, @cara", &name,
	    &m), 0);
	assert_string_equal(name, "ASD leads");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_array_get(m, 0)), "ben");
	assert_string_equal(json_string_value(json_array_get(m, 1)), "cara");
	free(name);
	json_decref(m);
	assert_int_equal(buddy_parse_create("New SENCOs 2026 @ben cara",
	    &name, &m), 0);
	assert_string_equal(name, "New SENCOs 2026");
	assert_int_equal(json_array_size(m), 2);
	free(name);
	json_decref(m);
	/* An address is no handle: a@b stays in the name's word. */
	assert_int_equal(buddy_parse_create("leads@school @ben", &name,
	    &m), 0);
	assert_string_equal(name, "leads@school");
	free(name);
	json_decref(m);
	assert_int_equal(buddy_parse_create("@ben @cara", &name, &m), -1);
	assert_int_equal(buddy_parse_create("ASD leads", &name, &m), 0);
	assert_string_equal(name, "ASD");
	free(name);
	json_decref(m);

	assert_int_equal(buddy_parse_create("lonely", &name, &m), -1);
	assert_null(name);
	assert_int_equal(buddy_parse_create("\"unclosed ben", &name, &m), -1);
	assert_int_equal(buddy_parse_create("", &name, &m), -1);
}

static void
waiting_items_are_kept_once_and_found_by_name(void **state)
{
	json_t		*inv = J("{\"room\":{\"id\":\"buddy:3\",\"name\":"
			    "\"New SENCOs\",\"kind\":\"buddy\"},\"from\":"
			    "\"asha\",\"ts\":1}");
	json_t		*req = J("{\"from\":\"ben\",\"to\":\"cara\",\"note\":"
			    "\"hi\",\"ts\":2}");
	struct pending	*p;
	char		*s;

	assert_non_null(buddy_invite_json(inv));
	assert_null(buddy_invite_json(inv));	/* the same one again */
	p = buddy_pending_find("");
	assert_non_null(p);
	assert_string_equal(p->room, "buddy:3");
	s = buddy_pending_text(p);
	assert_string_equal(s, "asha invites you to New SENCOs");
	free(s);

	assert_non_null(buddy_request_json(req));
	assert_null(buddy_pending_find(""));	/* two: which? */
	p = buddy_pending_find("@ben");
	assert_non_null(p);
	assert_int_equal(p->kind, PENDING_REQUEST);
	s = buddy_pending_text(p);
	assert_string_equal(s, "ben asks to be buddies: hi");
	free(s);
	assert_non_null(buddy_pending_find("new sencos"));
	assert_null(buddy_pending_find("dana"));
	buddy_free();
	json_decref(inv);
	json_decref(req);
}

static struct room *
mkroom(const char *id, const char *name, enum room_kind kind, int unread,
    int mentions)
{
	struct room	*r = xcalloc(1, sizeof *r);

	r->id = xstrdup(id);
	r->name = xstrdup(name);
	r->kind = kind;
	r->unread = unread;
	r->mentions = mentions;
	return r;
}

static void
freeroom(struct room *r)
{
	free(r->id);
	free(r->name);
	free(r);
}

static void
presence_marks_follow_dm_partners(void **state)
{
	struct client	 c;
	struct room	*dm = mkroom("dm:4", "Ben Okafor", ROOM_DM, 0, 0);
	struct room	*nat = mkroom("national", "National", ROOM_NATIONAL, 0, 0);
	json_t		*obj = J("{\"id\":\"dm:4\",\"kind\":\"dm\",\"with\":"
			    "\"ben\"}");

	memset(&c, 0, sizeof c);
	c.handle = "asha";
	people_room_json(&c, dm, obj);
	people_room_json(&c, nat, obj);
	assert_int_equal(people_room_presence(&c, dm), PRESENCE_UNKNOWN);
	people_presence_set("ben", presence_parse("away"), 0);
	assert_int_equal(people_room_presence(&c, dm), PRESENCE_AWAY);
	people_presence_set("ben", presence_parse("hidden"), 0);
	assert_int_equal(people_room_presence(&c, dm), PRESENCE_OFFLINE);
	assert_int_equal(people_room_presence(&c, nat), PRESENCE_UNKNOWN);
	assert_string_equal(presence_mark(PRESENCE_UNKNOWN), "");
	assert_string_not_equal(presence_mark(PRESENCE_ONLINE),
	    presence_mark(PRESENCE_OFFLINE));
	people_free();
	json_decref(obj);
	freeroom(dm);
	freeroom(nat);
}

static void
summary_lists_what_waits_in_order(void **state)
{
	struct room		*rooms[4];
	struct away_line	*l;
	struct pending		*p;
	json_t			*inv = J("{\"room\":{\"id\":\"buddy:3\","
				    "\"name\":\"New SENCOs\"},\"from\":"
				    "\"asha\"}");
	size_t			 n, np;

	rooms[0] = mkroom("national", "National", ROOM_NATIONAL, 0, 0);
	rooms[1] = mkroom("region:north-east", "North East", ROOM_REGION, 4, 1);
	rooms[2] = mkroom("dm:7", "Ben Okafor", ROOM_DM, 2, 0);
	rooms[3] = mkroom("buddy:2", "Autism leads", ROOM_BUDDY, 0, 0);
	buddy_invite_json(inv);
	np = buddy_pending(&p);
	n = away_lines(rooms, 4, p, np, NULL, &l);
	assert_int_equal(n, 8);
	assert_int_equal(l[0].kind, AWAY_TITLE);
	assert_int_equal(l[1].kind, AWAY_PENDING);
	assert_string_equal(l[1].room, "buddy:3");
	assert_int_equal(l[3].kind, AWAY_DM);
	assert_string_equal(l[3].text, "Ben Okafor: 2 unread");
	assert_int_equal(l[5].kind, AWAY_MENTION);
	assert_string_equal(l[5].room, "region:north-east");
	assert_string_equal(l[5].text, "North East: mentioned you 1 time");
	assert_int_equal(l[7].kind, AWAY_ROOM);
	assert_string_equal(l[7].text, "North East: 4 unread");
	away_lines_free(l, n);

	/* Nothing waits: no lines at all. */
	buddy_free();
	rooms[1]->unread = rooms[1]->mentions = rooms[2]->unread = 0;
	n = away_lines(rooms, 4, NULL, 0, NULL, &l);
	assert_int_equal(n, 0);
	away_lines_free(l, n);
	for (n = 0; n < 4; n++)
		freeroom(rooms[n]);
	json_decref(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_read_as_words),
		cmocka_unit_test(profile_shows_only_what_was_sent_in_order),
		cmocka_unit_test(visibility_shows_on_ones_own_profile_only),
		cmocka_unit_test(unknown_fields_still_show_with_a_readable_label),
		cmocka_unit_test(a_result_line_sums_a_person_up),
		cmocka_unit_test(filters_split_into_fields_and_words),
		cmocka_unit_test(profile_values_typed_become_json),
		cmocka_unit_test(buddy_names_and_members_parse),
		cmocka_unit_test(waiting_items_are_kept_once_and_found_by_name),
		cmocka_unit_test(presence_marks_follow_dm_partners),
		cmocka_unit_test(summary_lists_what_waits_in_order),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("client people", tests, NULL, NULL);
}
