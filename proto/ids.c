/*
 * ids.c: the identifier grammars of PROTOCOL.md (handles, region slugs, room
 * ids). Room ids have exactly one spelling each, so parse and format round
 * trip and the daemon can compare them as strings.
 */
#include <stdio.h>
#include <string.h>

#include "staffroom/proto.h"

#define ROOM_SLUG_MAX	64

static const char *room_kind_names[] = {
	[ROOM_NATIONAL] = "national",
	[ROOM_REGION] = "region",
	[ROOM_TRUST] = "trust",
	[ROOM_BUDDY] = "buddy",
	[ROOM_DM] = "dm",
	[ROOM_MEETING] = "meeting",
};
#define ROOM_KIND_COUNT	(sizeof room_kind_names / sizeof room_kind_names[0])

/* Locale-independent on purpose: isalpha() and friends are not. */
static bool
ids_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
ids_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
proto_handle_char(char c)
{
	return ids_is_lower(c) || ids_is_digit(c) ||
	    (c != '\0' && strchr("._-", c) != NULL);
}

bool
proto_handle_valid(const char *handle)
{
	size_t	i;

	if (handle == NULL || !ids_is_lower(handle[0]))
		return false;
	for (i = 1; handle[i] != '\0'; i++) {
		if (i == PROTO_HANDLE_MAX || !proto_handle_char(handle[i]))
			return false;
	}
	return i >= PROTO_HANDLE_MIN;
}

bool
proto_slug_valid(const char *slug)
{
	size_t	i;

	if (slug == NULL || slug[0] == '\0' || slug[0] == '-')
		return false;
	for (i = 0; slug[i] != '\0'; i++) {
		if (i == ROOM_SLUG_MAX)
			return false;
		if (!ids_is_lower(slug[i]) && !ids_is_digit(slug[i]) &&
		    slug[i] != '-')
			return false;
	}
	return slug[i - 1] != '-';
}

/* A positive decimal without leading zeros that fits an int64_t. */
static bool
ids_parse_number(const char *s, int64_t *out)
{
	int64_t	n = 0;
	int	digit;

	if (s[0] < '1' || s[0] > '9')
		return false;
	for (; *s != '\0'; s++) {
		if (!ids_is_digit(*s))
			return false;
		digit = *s - '0';
		if (n > (INT64_MAX - digit) / 10)
			return false;
		n = n * 10 + digit;
	}
	*out = n;
	return true;
}

bool
proto_room_parse(const char *id, struct room_ref *out)
{
	const char	*colon, *rest;
	size_t		 prefix;
	unsigned int	 kind;

	if (id == NULL)
		return false;
	memset(out, 0, sizeof *out);
	if (strcmp(id, room_kind_names[ROOM_NATIONAL]) == 0) {
		out->kind = ROOM_NATIONAL;
		return true;
	}
	if ((colon = strchr(id, ':')) == NULL)
		return false;
	prefix = colon - id;
	rest = colon + 1;
	for (kind = ROOM_REGION; kind < ROOM_KIND_COUNT; kind++) {
		if (strlen(room_kind_names[kind]) == prefix &&
		    strncmp(id, room_kind_names[kind], prefix) == 0)
			break;
	}
	if (kind == ROOM_KIND_COUNT)
		return false;
	out->kind = kind;
	if (kind == ROOM_REGION) {
		if (!proto_slug_valid(rest))
			return false;
		/* Valid slugs fit: the memset left the terminator. */
		memcpy(out->slug, rest, strlen(rest));
		return true;
	}
	return ids_parse_number(rest, &out->number);
}

char *
proto_room_format(const struct room_ref *ref, char *buf, size_t size)
{
	const char	*name = proto_room_kind_name(ref->kind);

	if (size == 0)
		return buf;
	if (name == NULL)
		buf[0] = '\0';
	else if (ref->kind == ROOM_NATIONAL)
		snprintf(buf, size, "%s", name);
	else if (ref->kind == ROOM_REGION)
		snprintf(buf, size, "%s:%.*s", name, ROOM_SLUG_MAX, ref->slug);
	else
		snprintf(buf, size, "%s:%lld", name, (long long)ref->number);
	return buf;
}

const char *
proto_room_kind_name(enum room_kind kind)
{
	if ((unsigned int)kind >= ROOM_KIND_COUNT)
		return NULL;
	return room_kind_names[kind];
}
