/*
 * op_people.c: people.search, the directory: people who show their
 * profile, nearest first (region, neighbouring regions, national).
 */
#include "config.h"

#include <string.h>

#include "op.h"

#define PEOPLE_SEARCH_PAGE	20
#define PEOPLE_SEARCH_MAX	50

/* "school": a URN; "trust": a trust's id, name or GIAS code. */
static enum proto_error
people_place_args(struct op_ctx *ctx, struct store_people_query *query)
{
	const char		*trust = NULL;
	enum proto_error	 err;
	enum store_result	 res;

	if ((err = proto_get_string(ctx->req, "school", false,
	    &query->school_urn)) != PROTO_OK || (query->school_urn != NULL &&
	    !people_urn_valid(query->school_urn))) {
		ctx->field = "school";
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"school\" is a school's URN, 6 digits"));
	}
	if ((err = proto_get_string(ctx->req, "trust", false, &trust)) !=
	    PROTO_OK || (trust != NULL && (res = store_trust_find(server.store,
	    trust, &query->trust_id)) != STORE_OK)) {
		ctx->field = "trust";
		if (err == PROTO_OK && res != STORE_NOT_FOUND)
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "trusts are unavailable"));
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"trust\" is a "
		    "trust's name, number or GIAS code; no trust is \"%s\"",
		    trust != NULL ? trust : ""));
	}
	return (PROTO_OK);
}

static enum proto_error
people_search(struct op_ctx *ctx)
{
	const struct store_user		*me = ctx->me;
	struct store_people_query	 query;
	const char			*region = NULL;
	enum proto_error		 err;
	int64_t				 limit = PEOPLE_SEARCH_PAGE;

	memset(&query, 0, sizeof query);
	query.asker_id = me->id;
	query.asker_region_id = me->region_id;
	query.min_years = query.max_years = -1;
	if (json_object_get(ctx->req, "q") != NULL &&
	    (err = op_line_arg(ctx, "q", PROTO_MAX_NAME, &query.q)) != PROTO_OK)
		return (err);
	query.q_need = people_need_words(query.q);
	if (json_object_get(ctx->req, "region") != NULL) {
		if ((err = op_line_arg(ctx, "region", PROTO_MAX_NAME, &region)) !=
		    PROTO_OK)
			return (err);
		if (store_region_find(server.store, region, &query.region_id) !=
		    STORE_OK)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "no region is "
			    "called \"%.*s\": give its name or slug (North "
			    "East, north-east)", proto_text_cut(region, 60),
			    region));
	}
	if ((err = proto_get_string(ctx->req, "role", false,
	    &query.role_title)) != PROTO_OK || (query.role_title != NULL &&
	    !people_role_known(query.role_title)))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"role\" must be a role title such as senco"));
	if ((err = people_place_args(ctx, &query)) != PROTO_OK)
		return (err);
	if ((err = people_need_arg(ctx, &query.need, &query.need_exact)) !=
	    PROTO_OK || (err = people_phase_arg(ctx, &query.phases)) != PROTO_OK)
		return (err);
	if ((err = proto_get_int(ctx->req, "limit", false, 1, PEOPLE_SEARCH_MAX,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" is 1 to %d",
		    PEOPLE_SEARCH_MAX));
	query.limit = (int)limit;
	return (people_find(ctx, &query));
}

static const struct op_entry people_ops[] = {
	{ "people.search",	people_search,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const people_owns[] = { "people", NULL };

const struct op_file op_people_file = { people_owns, people_ops };
