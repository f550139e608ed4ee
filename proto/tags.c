/*
 * tags.c: the fixed thread tags. A tag's index here is its bit in a
 * thread's tag mask, stored in the database: append, never reorder.
 */
#include <string.h>

#include "staffroom/proto.h"

/* The ids go on the wire and in the database; the labels are what people read. */
static const struct {
	const char	*id;
	const char	*label;
} proto_tags[PROTO_TAG_COUNT] = {
	/* The four broad areas of need (SEND Code of Practice 6.28). */
	{ "ci", "Communication and interaction" },
	{ "cl", "Cognition and learning" },
	{ "semh", "Social, emotional and mental health" },
	{ "sp", "Sensory and/or physical" },
	/* The school census primary need codes. */
	{ "spld", "Specific learning difficulty" },
	{ "mld", "Moderate learning difficulty" },
	{ "sld", "Severe learning difficulty" },
	{ "pmld", "Profound and multiple learning difficulty" },
	{ "slcn", "Speech, language and communication needs" },
	{ "hi", "Hearing impairment" },
	{ "vi", "Vision impairment" },
	{ "msi", "Multi-sensory impairment" },
	{ "pd", "Physical disability" },
	{ "asd", "Autistic spectrum disorder" },
	{ "oth", "Other difficulty or disability" },
	/* Phases. */
	{ "early-years", "Early years" },
	{ "primary", "Primary" },
	{ "secondary", "Secondary" },
	{ "post-16", "Post-16" },
	{ "special", "Special school" },
	{ "ap", "Alternative provision" },
};

const char *
proto_tag_name(unsigned bit)
{
	return (bit < PROTO_TAG_COUNT ? proto_tags[bit].id : NULL);
}

const char *
proto_tag_label(unsigned bit)
{
	return (bit < PROTO_TAG_COUNT ? proto_tags[bit].label : NULL);
}

bool
proto_tag_parse(const char *name, unsigned *bit)
{
	unsigned	i;

	for (i = 0; i < PROTO_TAG_COUNT; i++) {
		if (strcmp(proto_tags[i].id, name) == 0) {
			*bit = i;
			return (true);
		}
	}
	return (false);
}
