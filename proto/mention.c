/*
 * mention.c: finding "@handle" words in a message or post body.
 */
#include <ctype.h>
#include <string.h>

#include "staffroom/proto.h"

static bool
mention_handle_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	    ch == '.' || ch == '_' || ch == '-';
}

bool
proto_mention_next(const char *body, const char **p,
    char handle[PROTO_HANDLE_MAX + 1])
{
	const char	*at, *start;
	size_t		 len;

	for (at = *p; (at = strchr(at, '@')) != NULL; at++) {
		if (at > body && (mention_handle_char(at[-1]) ||
		    isalpha((unsigned char)at[-1])))
			continue;
		start = at + 1;
		for (len = 0; mention_handle_char(start[len]); len++)
			;
		*p = start + len;
		while (len > 0 && start[len - 1] == '.')
			len--;
		if (len < PROTO_HANDLE_MIN || len > PROTO_HANDLE_MAX)
			continue;
		memcpy(handle, start, len);
		handle[len] = '\0';
		if (proto_handle_valid(handle))
			return true;
	}
	*p = body + strlen(body);
	return false;
}
