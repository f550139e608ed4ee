/*
 * fuzz_request.c: libFuzzer target for request decoding. Any line must
 * decode or fail with a protocol error without crashing or leaking, and an
 * accepted request must survive an encode/decode round trip unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Handlers read fields this way; none of it may misbehave on any input. */
static void
fuzz_read_fields(json_t *root)
{
	const char	*s;
	int64_t		 n;
	bool		 b;

	proto_get_string(root, "code", false, &s);
	proto_get_text(root, "body", false, PROTO_MAX_BODY, &s);
	proto_get_text(root, "name", true, PROTO_MAX_NAME, &s);
	proto_get_int(root, "limit", false, 1, PROTO_MAX_PAGE, &n);
	proto_get_bool(root, "all", &b);
}

static void
fuzz_round_trip(json_t *root)
{
	struct proto_request	 again;
	char			*line;
	size_t			 len;

	if ((line = proto_encode_line(root, &len)) == NULL)
		abort();
	if (memchr(line, '\n', len) != line + len - 1)
		abort();
	if (proto_request_decode(line, len - 1, &again) != PROTO_OK ||
	    !json_equal(again.root, root))
		abort();
	proto_request_free(&again);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_request	req;
	enum proto_error	err;

	err = proto_request_decode((const char *)data, size, &req);
	if (err == PROTO_OK) {
		if (req.op == NULL || req.op[0] == '\0')
			abort();
		fuzz_read_fields(req.root);
		fuzz_round_trip(req.root);
	} else if (proto_error_code(err) == NULL)
		abort();
	proto_request_free(&req);
	return 0;
}
