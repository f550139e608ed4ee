/*
 * fuzz_mention.c: libFuzzer target for finding "@handle" mentions. Every
 * handle found is valid and appears in the body after an @, the cursor only
 * moves forward inside the body, and the walk ends.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 handle[PROTO_HANDLE_MAX + 1];
	const char	*p, *last, *at;
	char		*body;
	size_t		 found = 0;

	if ((body = malloc(size + 1)) == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	p = last = body;
	while (proto_mention_next(body, &p, handle)) {
		if (p <= last || p > body + strlen(body) ||
		    !proto_handle_valid(handle))
			abort();
		at = p - 1;
		while (at > last && *at != '@')
			at--;
		if (*at != '@' || strncmp(at + 1, handle, strlen(handle)) != 0)
			abort();
		last = p;
		/* Each mention takes at least "@" and two characters. */
		if (++found > size / 3)
			abort();
	}
	if (p != body + strlen(body))
		abort();
	free(body);
	return 0;
}
