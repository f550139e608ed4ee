/*
 * op_region.c: regions.list, each region's name beside its slug. Other
 * replies name a region by its slug ("north-east"); people read "North
 * East", and an operator may rename a region (staffroomctl region load),
 * so a client asks for the names rather than knowing them.
 */
#include "config.h"

#include "op.h"

static void
region_list_row(const struct store_region *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s,s:s}", "slug", r->slug,
	    "name", r->name));
}

static enum proto_error
regions_list(struct op_ctx *ctx)
{
	json_t	*list = json_array();

	if (store_region_list(server.store, region_list_row, list) !=
	    STORE_OK) {
		json_decref(list);
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the regions are unavailable; try again in a moment"));
	}
	json_object_set_new(ctx->reply, "regions", list);
	return (PROTO_OK);
}

static const struct op_entry region_ops[] = {
	{ "regions.list",	regions_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const region_owns[] = { "regions", NULL };

const struct op_file op_region_file = { region_owns, region_ops };
