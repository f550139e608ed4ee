/*
 * oparg.c: request fields that several op modules read the same way — a
 * name (proto_name_check), a handle naming a person who may be found, and
 * a moderated scope.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"

enum proto_error
op_line_arg(struct op_ctx *ctx, const char *key, size_t max, const char **out)
{
	return (op_line_field(ctx, ctx->req, key, max, out));
}

enum proto_error
op_line_field(struct op_ctx *ctx, json_t *obj, const char *key, size_t max,
    const char **out)
{
	enum proto_error	err;
	size_t			chars;

	if ((err = proto_get_string(obj, key, true, out)) != PROTO_OK)
		return (op_fail(ctx, err, "\"%s\" must be a string", key));
	if (proto_name_check(*out, strlen(*out), &chars) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_TEXT,
		    "\"%s\" is " PROTO_NAME_RULE, key));
	if (chars == 0 || (*out)[0] == ' ')
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" is empty",
		    key));
	if (chars > max)
		return (op_fail(ctx, PROTO_ERR_TOO_LONG,
		    "\"%s\" is at most %zu characters", key, max));
	return (PROTO_OK);
}

enum proto_error
op_handle_arg(struct op_ctx *ctx, json_t *value, struct store_user *user)
{
	const char	*handle = json_string_value(value);

	if (handle == NULL || !proto_handle_valid(handle))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "a handle is 2-32 of a-z 0-9 . _ -, starting with a letter"));
	if (store_user_by_handle(server.store, handle, user) != STORE_OK ||
	    !policy_is_somebody(user))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "nobody has the handle %s", handle));
	return (PROTO_OK);
}

enum proto_error
op_user_arg(struct op_ctx *ctx, const char *key, struct store_user *user)
{
	json_t	*value = json_object_get(ctx->req, key);

	if (!json_is_string(value))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be a handle", key));
	return (op_handle_arg(ctx, value, user));
}

/*
 * A moderated scope: national, region:SLUG or trust:ID. Unknown regions
 * and trusts are not_found; whether the person may act on it is the op's.
 */
enum proto_error
op_scope_arg(struct op_ctx *ctx, const char *key, struct store_mod_scope *scope)
{
	const char	*text = NULL;
	char		*end;
	long long	 id;

	memset(scope, 0, sizeof *scope);
	if (proto_get_string(ctx->req, key, true, &text) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" is "
		    "national, region:SLUG or trust:ID", key));
	if (strcmp(text, "national") == 0)
		scope->scope = BOARD_NATIONAL;
	else if (strncmp(text, "region:", 7) == 0) {
		scope->scope = BOARD_REGION;
		if (store_region_by_slug(server.store, text + 7,
		    &scope->region_id) != STORE_OK)
			return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
			    "no region \"%.*s\"", proto_text_cut(text + 7, 64),
			    text + 7));
	} else if (strncmp(text, "trust:", 6) == 0) {
		scope->scope = BOARD_TRUST;
		id = strtoll(text + 6, &end, 10);
		if (text[6] < '1' || text[6] > '9' || *end != '\0' || id <= 0)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "a trust's scope is trust:ID"));
		scope->trust_id = id;
		if (store_trust_region(server.store, id, &scope->region_id) !=
		    STORE_OK)
			return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no trust %lld",
			    id));
	} else
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "\"%s\" is "
		    "national, region:SLUG or trust:ID", key));
	return (PROTO_OK);
}
