/*
 * request.c: turns one request line into a JSON object with a known op and
 * id, gives handlers typed, validated access to its fields, and encodes
 * replies and events as lines.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

/*
 * Lines of this size or less (every event and most replies) are written
 * once, into a buffer on the stack, and copied; a longer one is measured by
 * that pass and written again straight into its own allocation.
 */
#define PROTO_DUMP_STACK	4096

/* Why jansson refused the line, as the protocol names it. */
static enum proto_error
request_load_error(const json_error_t *error)
{
	switch (json_error_code(error)) {
	case json_error_invalid_utf8:
	case json_error_null_character:
		return PROTO_ERR_BAD_TEXT;
	case json_error_out_of_memory:
		return PROTO_ERR_INTERNAL;
	default:
		return PROTO_ERR_BAD_JSON;
	}
}

/* jansson strings may hold NUL (from "\u0000"); C code would cut them short. */
static bool
request_string_has_nul(json_t *s)
{
	return strlen(json_string_value(s)) != json_string_length(s);
}

/* An id the reply can echo: an integer, or a string that is printable text. */
static bool
request_id_valid(json_t *id)
{
	if (json_is_integer(id))
		return true;
	return json_is_string(id) && !request_string_has_nul(id) &&
	    proto_line_check(json_string_value(id), json_string_length(id),
	    NULL) == PROTO_OK;
}

enum proto_error
proto_request_decode(const char *line, size_t len, struct proto_request *req)
{
	json_error_t	 error;
	json_t		*id, *op;

	memset(req, 0, sizeof *req);
	req->root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &error);
	if (req->root == NULL)
		return request_load_error(&error);
	if (!json_is_object(req->root))
		return PROTO_ERR_BAD_JSON;

	/* The id comes first so that every later error can echo it. */
	if ((id = json_object_get(req->root, "id")) != NULL) {
		if (!request_id_valid(id))
			return PROTO_ERR_BAD_REQUEST;
		req->id = id;
	}
	op = json_object_get(req->root, "op");
	if (!json_is_string(op) || json_string_length(op) == 0 ||
	    request_string_has_nul(op))
		return PROTO_ERR_BAD_REQUEST;
	req->op = json_string_value(op);
	return PROTO_OK;
}

void
proto_request_free(struct proto_request *req)
{
	json_decref(req->root);
	memset(req, 0, sizeof *req);
}

/*
 * Looks key up in obj. Absent and null are the same thing (missing), so
 * clients may send null for an optional field. *v is NULL when missing.
 */
static enum proto_error
request_field(json_t *obj, const char *key, bool required, json_t **v)
{
	*v = json_object_get(obj, key);
	if (json_is_null(*v))
		*v = NULL;
	if (*v == NULL && required)
		return PROTO_ERR_BAD_REQUEST;
	return PROTO_OK;
}

enum proto_error
proto_get_string(json_t *obj, const char *key, bool required,
    const char **out)
{
	enum proto_error	 err;
	json_t			*v;

	if ((err = request_field(obj, key, required, &v)) != PROTO_OK ||
	    v == NULL)
		return err;
	if (!json_is_string(v))
		return PROTO_ERR_BAD_REQUEST;
	if (request_string_has_nul(v))
		return PROTO_ERR_BAD_TEXT;
	*out = json_string_value(v);
	return PROTO_OK;
}

enum proto_error
proto_get_text(json_t *obj, const char *key, bool required, size_t max_chars,
    const char **out)
{
	enum proto_error	 err;
	const char		*s = NULL;
	size_t			 chars;

	if ((err = proto_get_string(obj, key, required, &s)) != PROTO_OK ||
	    s == NULL)
		return err;
	if ((err = proto_text_check(s, strlen(s), &chars)) != PROTO_OK)
		return err;
	if (chars > max_chars)
		return PROTO_ERR_TOO_LONG;
	*out = s;
	return PROTO_OK;
}

enum proto_error
proto_get_int(json_t *obj, const char *key, bool required, int64_t min,
    int64_t max, int64_t *out)
{
	enum proto_error	 err;
	json_t			*v;
	json_int_t		 n;

	if ((err = request_field(obj, key, required, &v)) != PROTO_OK ||
	    v == NULL)
		return err;
	if (!json_is_integer(v))
		return PROTO_ERR_BAD_REQUEST;
	n = json_integer_value(v);
	if (n < min || n > max)
		return PROTO_ERR_BAD_REQUEST;
	*out = n;
	return PROTO_OK;
}

enum proto_error
proto_get_bool(json_t *obj, const char *key, bool *out)
{
	enum proto_error	 err;
	json_t			*v;

	if ((err = request_field(obj, key, false, &v)) != PROTO_OK ||
	    v == NULL)
		return err;
	if (!json_is_boolean(v))
		return PROTO_ERR_BAD_REQUEST;
	*out = json_is_true(v);
	return PROTO_OK;
}

/*
 * obj's compact JSON in a new allocation of before + *len + after bytes,
 * starting at offset before. Compact output escapes every control
 * character, so the only newline of a line is the one its caller adds.
 */
static char *
proto_dump(json_t *obj, size_t before, size_t after, size_t *len)
{
	char	 stack[PROTO_DUMP_STACK], *p;
	size_t	 n;

	if ((n = json_dumpb(obj, stack, sizeof stack, JSON_COMPACT)) == 0 ||
	    (p = malloc(before + n + after)) == NULL)
		return NULL;
	if (n <= sizeof stack)
		memcpy(p + before, stack, n);
	else if (json_dumpb(obj, p + before, n, JSON_COMPACT) != n) {
		free(p);
		return NULL;
	}
	*len = n;
	return p;
}

char *
proto_encode_line(json_t *obj, size_t *len)
{
	size_t	 n;
	char	*buf;

	if ((buf = proto_dump(obj, 0, 2, &n)) == NULL)
		return NULL;
	buf[n] = '\n';
	buf[n + 1] = '\0';
	if (len != NULL)
		*len = n + 1;
	return buf;
}

struct blob *
blob_encode(json_t *obj)
{
	struct blob	*b;
	size_t		 n;

	if (obj == NULL)
		return NULL;
	b = (struct blob *)proto_dump(obj, offsetof(struct blob, data), 1, &n);
	json_decref(obj);
	if (b == NULL)
		return NULL;
	b->data[n] = '\n';
	b->refs = 1;
	b->len = n + 1;
	return b;
}

void
blob_ref(struct blob *b)
{
	b->refs++;
}

void
blob_unref(struct blob *b)
{
	if (b != NULL && --b->refs == 0)
		free(b);
}
