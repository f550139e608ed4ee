/*
 * minutes.c: a meeting's minutes in both frontends (/minutes shows all
 * their parts on the meeting view, /minutes save FILE writes them), and
 * saving a meeting's text to a file, which /ics shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* The minutes, a line each, on the frontend's meeting view. */
static void
meeting_show_text(struct client *c, json_int_t meeting, const char *text)
{
	const char	*p = text, *nl;
	json_t		*lines = json_array();
	char		*title;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		meeting_line(lines, *p == '#' ? "heading" : NULL, "%.*s",
		    (int)(nl - p), p);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	xasprintf(&title, "Minutes of meeting %lld", (long long)meeting);
	c->fe->meeting(c, 0, title, lines);
	free(title);
	json_decref(lines);
}

/*
 * Saving files: not by the client the server runs for plain ssh, whose
 * files would be the server's. instead: what such a person can do.
 */
bool
meeting_can_save(struct client *c, const char *instead)
{
	char	*why;

	if (!c->spawned)
		return (true);
	xasprintf(&why, "this client runs on the server: it cannot save "
	    "files; %s", instead);
	c->fe->error(c, "bad_command", why);
	free(why);
	return (false);
}

bool
meeting_save(struct client *c, const char *file, const char *text,
    const char *what)
{
	FILE	*f;
	char	*why;
	bool	 ok;

	if ((f = fopen(file, "w")) != NULL) {
		ok = fputs(text, f) != EOF;
		if (fclose(f) == 0 && ok)
			return (true);
	}
	xasprintf(&why, "%s was not saved in %s", what, file);
	c->fe->error(c, "save_failed", why);
	free(why);
	return (false);
}

/* The minutes, all parts, shown or saved to a file (not by a spawned client). */
struct minutes_fetch {
	json_int_t	 meeting;
	char		*file;
	char		*text;
};

static void minutes_next(struct client *, struct minutes_fetch *, json_int_t);

static void
minutes_cb(struct client *c, json_t *reply, void *arg)
{
	struct minutes_fetch	*mf = arg;
	json_t			*p;
	size_t			 i;
	char			*t;

	if (rpc_failed(c, reply))
		goto done;
	json_array_foreach(json_object_get(reply, "parts"), i, p) {
		xasprintf(&t, "%s%s%s", mf->text, *mf->text != '\0' ? "\n" : "",
		    json_string_value(json_object_get(p, "text")));
		free(mf->text);
		mf->text = t;
	}
	if (json_is_true(json_object_get(reply, "more"))) {
		minutes_next(c, mf, json_integer_value(json_object_get(
		    json_array_get(json_object_get(reply, "parts"), i - 1), "n")));
		return;
	}
	if (mf->file == NULL) {
		meeting_show_text(c, mf->meeting, mf->text);
		goto done;
	}
	if (meeting_save(c, mf->file, mf->text, "the minutes"))
		fe_notice(c, "minutes saved in %s", mf->file);
done:
	free(mf->file);
	free(mf->text);
	free(mf);
}

static void
minutes_next(struct client *c, struct minutes_fetch *mf, json_int_t after)
{
	rpc_send(c, json_pack("{s:s, s:I, s:I}", "op", "meeting.minutes",
	    "meeting", mf->meeting, "after", after), minutes_cb, mf);
}

/* /minutes [N] [save FILE] */
void
meeting_minutes(struct client *c, const char *arg)
{
	struct minutes_fetch	*mf;
	const char		*save = strstr(arg, "save ");
	json_int_t		 n;

	n = meeting_number(c, save == arg ? "" : arg);
	if (n == 0)
		return;
	if (save != NULL && !meeting_can_save(c, "/minutes shows them"))
		return;
	mf = xcalloc(1, sizeof *mf);
	mf->meeting = n;
	mf->text = xstrdup("");
	if (save != NULL)
		mf->file = xstrdup(save + 5);
	minutes_next(c, mf, 0);
}
