/*
 * tags.c: the fixed thread tags. A tag's index here is its bit in a
 * thread's tag mask, stored in the database: append, never reorder.
 */
#include <string.h>

#include "staffroom/proto.h"

static const char *const proto_tags[PROTO_TAG_COUNT] = {
	/* The four broad areas of need (SEND Code of Practice 6.28). */
	"ci",		/* communication and interaction */
	"cl",		/* cognition and learning */
	"semh",		/* social, emotional and mental health */
	"sp",		/* sensory and/or physical */
	/* The school census primary need codes. */
	"spld", "mld", "sld", "pmld", "slcn", "hi", "vi", "msi", "pd", "asd",
	"oth",
	/* Phases. */
	"early-years", "primary", "secondary", "post-16", "special", "ap",
};

const char *
proto_tag_name(unsigned bit)
{
	return bit < PROTO_TAG_COUNT ? proto_tags[bit] : NULL;
}

bool
proto_tag_parse(const char *name, unsigned *bit)
{
	unsigned	i;

	for (i = 0; i < PROTO_TAG_COUNT; i++) {
		if (strcmp(proto_tags[i], name) == 0) {
			*bit = i;
			return true;
		}
	}
	return false;
}
