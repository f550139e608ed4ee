/*
 * people.c: profiles and the directory, for the ops of op_profile.c,
 * op_people.c, op_buddy.c and op_session.c. A profile shows others only the
 * fields its owner chose to show.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "op.h"

#define PEOPLE_MAX_REQUESTS	100	/* listed at once, each way */
#define PEOPLE_MAX_YEARS	60
#define NELEM(a)		(sizeof (a) / sizeof (a)[0])

/* Names of the fields a person may show or hide (store.h numbers them). */
static const char *const people_fields[] = {
	[STORE_FIELD_NAME] = "name",
	[STORE_FIELD_ROLE_TITLE] = "role_title",
	[STORE_FIELD_SCHOOL] = "school",
	[STORE_FIELD_TRUST] = "trust",
	[STORE_FIELD_REGION] = "region",
	[STORE_FIELD_PHASES] = "phases",
	[STORE_FIELD_YEARS] = "years_in_role",
	[STORE_FIELD_QUALIFICATIONS] = "qualifications",
	[STORE_FIELD_EXPERTISE] = "expertise",
	[STORE_FIELD_BIO] = "bio",
};
_Static_assert(sizeof people_fields / sizeof people_fields[0] ==
    STORE_FIELD_COUNT, "a name for every field");
_Static_assert(STORE_PROFILE_VISIBLE_ALL == (1 << STORE_FIELD_COUNT) - 1,
    "the schema's default shows every field");

static const char *const people_roles[] = {
	"senco", "assistant_senco", "mat_send_lead", "regional_send_lead",
	"specialist_teacher", "other",
};

static const char *const people_phases[] = {
	"early_years", "primary", "middle", "secondary", "post_16",
	"all_through", "special", "alternative_provision",
};

/* The four broad areas of need, then the school census need codes. */
static const char *const people_expertise[] = {
	"communication_and_interaction", "cognition_and_learning",
	"social_emotional_and_mental_health", "sensory_and_physical",
	"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD",
	"ASD", "OTH",
};
#define PEOPLE_AREAS	4	/* the first four are areas */

/* The broad area of each need code (by index), -1 for none (OTH). */
static const int people_code_area[] = {
	-1, -1, -1, -1,
	1, 1, 1, 1,		/* SPLD MLD SLD PMLD: cognition and learning */
	2,			/* SEMH */
	0,			/* SLCN: communication and interaction */
	3, 3, 3, 3,		/* HI VI MSI PD: sensory and physical */
	0,			/* ASD */
	-1,			/* OTH */
};
_Static_assert(sizeof people_code_area / sizeof people_code_area[0] ==
    sizeof people_expertise / sizeof people_expertise[0], "an area per code");

static bool
people_shows(uint32_t shown, int field)
{
	return ((shown & (1u << field)) != 0);
}

static json_t *
people_names(uint32_t bits, const char *const *names, size_t n)
{
	json_t	*list = json_array();
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (bits & (1u << i))
			json_array_append_new(list, json_string(names[i]));
	}
	return (list);
}

/*
 * The profile as others see it: the handle, and each field its owner shows
 * and has filled in. Its owner (self) sees everything, and their settings.
 */
json_t *
people_profile_json(const struct store_profile *p, bool self)
{
	json_t		*obj = json_pack("{s:s}", "handle", p->handle);
	uint32_t	 shown = self ? STORE_PROFILE_VISIBLE_ALL : p->visible;

	if (people_shows(shown, STORE_FIELD_NAME))
		json_object_set_new(obj, "name", json_string(p->name));
	if (people_shows(shown, STORE_FIELD_ROLE_TITLE) && p->role_title[0] != '\0')
		json_object_set_new(obj, "role_title", json_string(p->role_title));
	if (people_shows(shown, STORE_FIELD_ROLE_TITLE) && p->job_title[0] != '\0')
		json_object_set_new(obj, "job_title", json_string(p->job_title));
	if (people_shows(shown, STORE_FIELD_SCHOOL) && (p->school_name[0] != '\0' ||
	    p->school_urn[0] != '\0'))
		json_object_set_new(obj, "school", json_pack("{s:s, s:s}",
		    "name", p->school_name, "urn", p->school_urn));
	if (people_shows(shown, STORE_FIELD_TRUST) && p->trust[0] != '\0')
		json_object_set_new(obj, "trust", json_string(p->trust));
	if (people_shows(shown, STORE_FIELD_REGION))
		json_object_set_new(obj, "region", json_string(p->region));
	if (people_shows(shown, STORE_FIELD_PHASES) && p->phases != 0)
		json_object_set_new(obj, "phases", people_names(p->phases,
		    people_phases, NELEM(people_phases)));
	if (people_shows(shown, STORE_FIELD_YEARS) && p->years_in_role >= 0)
		json_object_set_new(obj, "years_in_role",
		    json_integer(p->years_in_role));
	if (people_shows(shown, STORE_FIELD_QUALIFICATIONS)) {
		json_object_set_new(obj, "nasenco", json_boolean(p->nasenco));
		json_object_set_new(obj, "npq_senco", json_boolean(p->npq_senco));
	}
	if (people_shows(shown, STORE_FIELD_EXPERTISE) && p->expertise != 0)
		json_object_set_new(obj, "expertise", people_names(p->expertise,
		    people_expertise, NELEM(people_expertise)));
	if (people_shows(shown, STORE_FIELD_BIO) && p->bio[0] != '\0')
		json_object_set_new(obj, "bio", json_string(p->bio));
	if (self) {
		json_object_set_new(obj, "visible", people_names(p->visible,
		    people_fields, STORE_FIELD_COUNT));
		json_object_set_new(obj, "buddy_available",
		    json_boolean(p->buddy_available));
		json_object_set_new(obj, "presence_hidden",
		    json_boolean(p->presence_hidden));
	}
	return (obj);
}

/* A room's member as others see them: the handle, and the name if shown. */
json_t *
people_member_json(const struct store_member *m, bool self)
{
	json_t	*obj = json_pack("{s:s}", "handle", m->handle);

	if (self || people_shows(m->visible, STORE_FIELD_NAME))
		json_object_set_new(obj, "name", json_string(m->name));
	return (obj);
}

/* Index of name in names, or -1. */
static int
people_lookup(const char *name, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; name != NULL && i < n; i++) {
		if (strcmp(name, names[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

/* A list of names from a closed set, as bits; null is the empty set. */
static enum proto_error
people_bits_arg(struct op_ctx *ctx, json_t *value, const char *key,
    const char *const *names, size_t n, uint32_t *bits)
{
	json_t	*item;
	size_t	 i;
	int	 k;

	*bits = 0;
	if (json_is_null(value))
		return (PROTO_OK);
	if (!json_is_array(value) || json_array_size(value) > n)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be a list of at most %zu names", key, n));
	json_array_foreach(value, i, item) {
		if ((k = people_lookup(json_string_value(item), names, n)) < 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"%s\" has a value it does not know", key));
		*bits |= 1u << k;
	}
	return (PROTO_OK);
}

/* What people type for the census need codes. */
static const struct {
	const char	*words;
	const char	*code;
} people_need_names[] = {
	{ "autism", "ASD" }, { "autistic", "ASD" }, { "ASC", "ASD" },
	{ "dyslexia", "SPLD" }, { "dyscalculia", "SPLD" },
	{ "speech and language", "SLCN" }, { "hearing", "HI" },
	{ "visual", "VI" }, { "mental health", "SEMH" }, { "anxiety", "SEMH" },
};

/* An expertise by its name or code in any case, or a common name for a code. */
static int
people_need_index(const char *name)
{
	size_t	i;

	for (i = 0; i < NELEM(people_expertise); i++) {
		if (strcasecmp(name, people_expertise[i]) == 0)
			return ((int)i);
	}
	for (i = 0; i < NELEM(people_need_names); i++) {
		if (strcasecmp(name, people_need_names[i].words) == 0)
			return (people_lookup(people_need_names[i].code,
			    people_expertise, NELEM(people_expertise)));
	}
	return (-1);
}

/* words occur in text (any case) as whole words. */
static bool
people_has_words(const char *text, const char *words)
{
	size_t		 len = strlen(words);
	const char	*p;

	for (p = text; *p != '\0'; p++) {
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    strncasecmp(p, words, len) == 0 &&
		    !isalnum((unsigned char)p[len]))
			return (true);
	}
	return (false);
}

/*
 * The need codes a search's words name ("autism", "asd", "speech and
 * language"): q matches people with that expertise too.
 */
uint32_t
people_need_words(const char *q)
{
	uint32_t	bits = 0;
	size_t		i;
	int		k;

	for (i = PEOPLE_AREAS; q != NULL && i < NELEM(people_expertise); i++) {
		if (people_has_words(q, people_expertise[i]))
			bits |= 1u << i;
	}
	for (i = 0; q != NULL && i < NELEM(people_need_names); i++) {
		if (people_has_words(q, people_need_names[i].words) &&
		    (k = people_lookup(people_need_names[i].code,
		    people_expertise, NELEM(people_expertise))) >= 0)
			bits |= 1u << k;
	}
	return (bits);
}

/*
 * The expertise bits a "need" matches: an area and its codes, or a code and
 * its area. *exact is the one named, ranked first.
 */
enum proto_error
people_need_arg(struct op_ctx *ctx, uint32_t *need, uint32_t *exact)
{
	const char		*name = NULL;
	enum proto_error	 err;
	size_t			 i;
	int			 k;

	*need = *exact = 0;
	if ((err = proto_get_string(ctx->req, "need", false, &name)) != PROTO_OK)
		return (op_fail(ctx, err, "\"need\" must be an expertise name"));
	if (name == NULL)
		return (PROTO_OK);
	if ((k = people_need_index(name)) < 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"need\" is an area of need or a census code such as ASD"));
	*exact = 1u << k;
	for (i = 0; i < NELEM(people_expertise); i++) {
		if ((int)i == k || people_code_area[i] == k ||
		    (k >= PEOPLE_AREAS && people_code_area[k] == (int)i))
			*need |= 1u << i;
	}
	return (PROTO_OK);
}

enum proto_error
people_phase_arg(struct op_ctx *ctx, uint32_t *phases)
{
	const char		*name = NULL;
	enum proto_error	 err;
	int			 k;

	*phases = 0;
	if ((err = proto_get_string(ctx->req, "phase", false, &name)) != PROTO_OK)
		return (op_fail(ctx, err, "\"phase\" must be a phase name"));
	if (name == NULL)
		return (PROTO_OK);
	if ((k = people_lookup(name, people_phases, NELEM(people_phases))) < 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"phase\" is a phase such as primary or secondary"));
	*phases = 1u << k;
	return (PROTO_OK);
}

static const char *const people_tiers[] = { "region", "neighbour", "national" };

static void
people_found(const struct store_profile *p, int tier, void *arg)
{
	json_t	*person = people_profile_json(p, false);

	json_object_set_new(person, "tier", json_string(people_tiers[
	    tier >= 0 && tier < (int)NELEM(people_tiers) ? tier : 2]));
	json_array_append_new(arg, person);
}

enum proto_error
people_find(struct op_ctx *ctx, const struct store_people_query *query)
{
	json_t	*people = json_array();

	if (store_people_find(server.store, query, people_found, people) !=
	    STORE_OK) {
		json_decref(people);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the directory is unavailable"));
	}
	json_object_set_new(ctx->reply, "people", people);
	return (PROTO_OK);
}

json_t *
people_request_json(const struct store_buddy_request *r)
{
	return (json_pack("{s:s, s:s, s:s, s:I}", "from", r->from, "to", r->to,
	    "note", r->note, "ts", (json_int_t)r->ts));
}

static void
people_request_add(const struct store_buddy_request *r, void *arg)
{
	json_array_append_new(arg, people_request_json(r));
}

/* Pending requests to the person (incoming) or from them; NULL on failure. */
json_t *
people_requests_json(const struct store_user *u, bool incoming)
{
	json_t	*list = json_array();

	if (store_buddy_requests(server.store, u->id, incoming,
	    PEOPLE_MAX_REQUESTS, people_request_add, list) != STORE_OK) {
		json_decref(list);
		return (NULL);
	}
	return (list);
}

bool
people_can_contact(const struct store_user *from, const struct store_user *to)
{
	bool	blocked = true;

	if (store_blocked_between(server.store, from->id, to->id, &blocked) !=
	    STORE_OK)
		return (false);
	return (policy_can_contact(from, to, blocked));
}

/*
 * Someone who blocks the caller reads as nobody, as their profile does, so
 * a refusal cannot tell the caller of the block; one the caller blocks (or
 * the policy keeps apart) is refused openly: "you cannot VERB HANDLE".
 */
enum proto_error
people_reach(struct op_ctx *ctx, const struct store_user *who,
    const char *verb)
{
	bool	blocks = false;

	if (who->id != ctx->me->id && store_blocks(server.store, who->id,
	    ctx->me->id, &blocks) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the server could not check who blocks whom"));
	if (blocks)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "nobody has the handle %s", who->handle));
	if (!people_can_contact(ctx->me, who))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN, "you cannot %s %s",
		    verb, who->handle));
	return (PROTO_OK);
}

/*
 * Whether the caller may be told of who at all: someone who blocks the
 * caller reads as nobody (as in people_reach), unless the caller blocks
 * them too and so knows of them. For the acts that name a person but are
 * not a contact (blocking, a moderator's look at them), whose refusals and
 * answers would otherwise tell of the block.
 */
enum proto_error
people_known(struct op_ctx *ctx, const struct store_user *who)
{
	bool	theirs = false, mine = false;

	if (who->id == ctx->me->id)
		return (PROTO_OK);
	if (store_blocks(server.store, who->id, ctx->me->id, &theirs) !=
	    STORE_OK || store_blocks(server.store, ctx->me->id, who->id,
	    &mine) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the server could not check who blocks whom"));
	if (theirs && !mine)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "nobody has the handle %s", who->handle));
	return (PROTO_OK);
}

bool
people_urn_valid(const char *urn)
{
	size_t	i;

	for (i = 0; urn[i] != '\0'; i++) {
		if (urn[i] < '0' || urn[i] > '9')
			return (false);
	}
	return (i == 6);
}

/*
 * A URN against the schools register: STORE_OK with its region and name,
 * STORE_NOT_FOUND when the register does not hold it. Before any register
 * (no GIAS import) every URN is taken as typed: region 0, no name.
 */
enum store_result
people_school_lookup(int64_t urn, int64_t *region_id, char *name,
    size_t size)
{
	enum store_result	res;
	bool			any;

	*region_id = 0;
	res = store_school_place(server.store, urn, region_id, name, size, NULL);
	if (res == STORE_NOT_FOUND && (res = store_schools_any(server.store,
	    &any)) == STORE_OK && any)
		return (STORE_NOT_FOUND);
	return (res);
}

/*
 * A URN the schools register knows gives the school's name as the register
 * has it; one it does not know is refused, unless there is no register yet.
 */
static enum proto_error
people_school_known(struct op_ctx *ctx, const char *urn,
    struct store_profile *p)
{
	enum store_result	res;
	int64_t			region_id;

	res = people_school_lookup(strtoll(urn, NULL, 10), &region_id,
	    p->school_name, sizeof p->school_name);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_UNKNOWN_SCHOOL, "no school has "
		    "URN %s in this server's register; check the number (GIAS "
		    "shows it), or give the school's name alone", urn));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the schools register is unavailable"));
	return (PROTO_OK);
}

/* school: {name?, urn?}, each replacing what was there; null clears both. */
static enum proto_error
people_school_arg(struct op_ctx *ctx, json_t *school, struct store_profile *p)
{
	const char		*name, *urn;
	enum proto_error	 err;

	if (json_is_null(school)) {
		p->school_name[0] = p->school_urn[0] = '\0';
		return (PROTO_OK);
	}
	if (!json_is_object(school))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"school\" must be {\"name\", \"urn\"}"));
	if (json_object_get(school, "name") != NULL) {
		ctx->field = "school.name";
		if ((err = op_line_field(ctx, school, "name", PROTO_MAX_NAME,
		    &name)) != PROTO_OK)
			return (err);
		snprintf(p->school_name, sizeof p->school_name, "%s", name);
	}
	if (json_object_get(school, "urn") != NULL) {
		ctx->field = "school.urn";
		urn = json_string_value(json_object_get(school, "urn"));
		if (urn == NULL || !people_urn_valid(urn))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "a school URN is 6 digits"));
		if ((err = people_school_known(ctx, urn, p)) != PROTO_OK)
			return (err);
		snprintf(p->school_urn, sizeof p->school_urn, "%s", urn);
	}
	return (PROTO_OK);
}

static enum proto_error
people_bool_arg(struct op_ctx *ctx, json_t *value, const char *key, bool *out)
{
	if (!json_is_boolean(value) && !json_is_null(value))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be true or false", key));
	*out = json_is_true(value);
	return (PROTO_OK);
}

/* job_title: one line of free text; null or "" clears it. */
static enum proto_error
people_job_title_arg(struct op_ctx *ctx, json_t *v, struct store_profile *p)
{
	const char		*text = "";
	enum proto_error	 err;

	if (!json_is_null(v) && !(json_is_string(v) &&
	    json_string_length(v) == 0) && (err = op_line_arg(ctx,
	    "job_title", PROTO_MAX_JOB_TITLE, &text)) != PROTO_OK)
		return (err);
	snprintf(p->job_title, sizeof p->job_title, "%s", text);
	return (PROTO_OK);
}

/* The request's value for key; ctx->field names it while it is checked. */
static json_t *
people_field(struct op_ctx *ctx, const char *key)
{
	ctx->field = key;
	return (json_object_get(ctx->req, key));
}

/*
 * Applies each field the request gives to p; refuses the first bad one,
 * naming it in ctx->field (a form puts the cursor there).
 */
enum proto_error
people_profile_apply(struct op_ctx *ctx, struct store_profile *p,
    const char **name)
{
	json_t			*v;
	const char		*text;
	enum proto_error	 err;
	int64_t			 years;

	if (people_field(ctx, "trust") != NULL ||
	    people_field(ctx, "region") != NULL)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "region and trust are set by the operators"));
	if (people_field(ctx, "name") != NULL &&
	    (err = op_line_arg(ctx, "name", PROTO_MAX_NAME, name)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "role_title")) != NULL) {
		text = json_string_value(v);
		if (!json_is_null(v) && people_lookup(text, people_roles,
		    NELEM(people_roles)) < 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"role_title\" "
			    "is senco, assistant_senco, mat_send_lead, "
			    "regional_send_lead, specialist_teacher or other; "
			    "job_title is for your own words"));
		snprintf(p->role_title, sizeof p->role_title, "%s",
		    text != NULL ? text : "");
	}
	if ((v = people_field(ctx, "job_title")) != NULL &&
	    (err = people_job_title_arg(ctx, v, p)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "school")) != NULL &&
	    (err = people_school_arg(ctx, v, p)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "phases")) != NULL &&
	    (err = people_bits_arg(ctx, v, "phases", people_phases,
	    NELEM(people_phases), &p->phases)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "years_in_role")) != NULL) {
		years = -1;
		if (!json_is_null(v) && (err = proto_get_int(ctx->req,
		    "years_in_role", true, 0, PEOPLE_MAX_YEARS, &years)) !=
		    PROTO_OK)
			return (op_fail(ctx, err, "\"years_in_role\" is 0 to %d",
			    PEOPLE_MAX_YEARS));
		p->years_in_role = (int)years;
	}
	if ((v = people_field(ctx, "nasenco")) != NULL &&
	    (err = people_bool_arg(ctx, v, "nasenco", &p->nasenco)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "npq_senco")) != NULL &&
	    (err = people_bool_arg(ctx, v, "npq_senco", &p->npq_senco)) !=
	    PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "buddy_available")) != NULL &&
	    (err = people_bool_arg(ctx, v, "buddy_available",
	    &p->buddy_available)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "expertise")) != NULL &&
	    (err = people_bits_arg(ctx, v, "expertise", people_expertise,
	    NELEM(people_expertise), &p->expertise)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "visible")) != NULL &&
	    (err = people_bits_arg(ctx, v, "visible", people_fields,
	    STORE_FIELD_COUNT, &p->visible)) != PROTO_OK)
		return (err);
	if ((v = people_field(ctx, "bio")) != NULL) {
		text = "";
		if (!json_is_null(v) && (err = proto_get_text(ctx->req, "bio",
		    true, STORE_BIO_MAX, &text)) != PROTO_OK)
			return (op_fail(ctx, err, "\"bio\" is text of at most %d "
			    "characters", STORE_BIO_MAX));
		snprintf(p->bio, sizeof p->bio, "%s", text);
	}
	ctx->field = NULL;
	return (PROTO_OK);
}

bool
people_role_known(const char *title)
{
	return (people_lookup(title, people_roles, NELEM(people_roles)) >= 0);
}
