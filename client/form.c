/*
 * form.c: a small form of labelled fields, for the profile and the
 * directory's filters: input lines, yes/no toggles, and values picked from
 * a list (choices.c) with their labels, one (the role) or any (phases,
 * expertise). Space on a list field opens its list over the form.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

void
form_init(struct form *fm, const struct ff *tmpl, size_t n)
{
	size_t	i;

	fm->f = xcalloc(n, sizeof *fm->f);
	fm->n = n;
	fm->focus = 0;
	for (i = 0; i < n; i++) {
		fm->f[i] = tmpl[i];
		input_init(&fm->f[i].in, 0);
	}
}

void
form_free(struct form *fm)
{
	size_t	i;

	for (i = 0; i < fm->n; i++)
		input_free(&fm->f[i].in);
	free(fm->f);
	memset(fm, 0, sizeof *fm);
}

static char *
form_text(struct ff *f)
{
	return (text_to_utf8(f->in.buf, f->in.len));
}

/* What a list field holds, as labels ("Primary; Secondary"). */
static char *
form_picked_text(const struct ff *f)
{
	const struct choice	*list = choices_for(f->key);
	size_t			 i;
	char			*out = NULL, *tmp;

	for (i = 0; list[i].value != NULL; i++) {
		if ((f->picked & (1u << i)) == 0)
			continue;
		if (out == NULL)
			out = xstrdup(list[i].label);
		else {
			xasprintf(&tmp, "%s; %s", out, list[i].label);
			free(out);
			out = tmp;
		}
	}
	return (out);
}

static bool
form_is_list(const struct ff *f)
{
	return (f->type == FF_CHOICE || f->type == FF_CHOICES);
}

/*
 * The open list of the focused field, from row y: each choice ticked or
 * not, the selected one in reverse.
 */
static int
form_draw_picker(struct form *fm, int y)
{
	struct ff		*f = &fm->f[fm->focus];
	const struct choice	*list = choices_for(f->key);
	size_t			 n = choices_count(list), i, first = 0;
	int			 avail = LINES - 4 - y;
	char			*line;

	ui_put(y++, 1, f->label, COLS - 1, A_BOLD);
	if (avail > 0 && fm->pick >= (size_t)avail)
		first = fm->pick - (size_t)avail + 1;
	for (i = first; i < n && y < LINES - 3; i++, y++) {
		xasprintf(&line, "%s %s", f->type == FF_CHOICE ?
		    (f->picked & (1u << i) ? "(*)" : "( )") :
		    (f->picked & (1u << i) ? "[x]" : "[ ]"), list[i].label);
		ui_put(y, 3, line, COLS - 3, i == fm->pick ? A_REVERSE : 0);
		if (i == fm->pick) {
			ui.cursor_y = y;
			ui.cursor_x = 4;
		}
		free(line);
	}
	ui_put(LINES - 3, 1, f->type == FF_CHOICE ? "Up/Down move, Space or "
	    "Enter picks, Esc keeps it as it was" : "Up/Down move, Space ticks "
	    "or unticks, Enter or Esc: done", COLS - 1, A_DIM);
	return (y);
}

/* Draws the fields from row y; the focused one gets the cursor. */
int
form_draw(struct form *fm, int y, int active)
{
	size_t	 i, first;
	char	*label, *v;
	int	 lw = COLS >= 60 ? 26 : COLS / 3, cy = ui.cursor_y, cx = ui.cursor_x;
	int	 avail, focused;

	if (active && fm->picking)
		return (form_draw_picker(fm, y));
	/* A form taller than the screen scrolls with the focus. */
	avail = LINES - 3 - y;
	first = avail > 0 && active && fm->focus >= (size_t)avail ?
	    fm->focus - (size_t)avail + 1 : 0;
	for (i = first; i < fm->n && y < LINES - 3; i++, y++) {
		focused = active && i == fm->focus;
		xasprintf(&label, "%s%s: ", focused ? ">" : " ",
		    fm->f[i].label);
		ui_put(y, 1, label, lw, focused ? A_BOLD : 0);
		if (fm->f[i].type == FF_BOOL || form_is_list(&fm->f[i])) {
			if (fm->f[i].type == FF_BOOL)
				v = xstrdup(fm->f[i].on ? "[x] yes" : "[ ] no");
			else if ((v = form_picked_text(&fm->f[i])) == NULL)
				v = xstrdup("(none)");
			ui_put(y, 1 + lw, v, COLS - 1 - lw, focused ?
			    A_REVERSE : 0);
			free(v);
			if (focused) {
				ui.cursor_y = y;
				ui.cursor_x = 1 + lw;
			}
		} else {
			/* Only the focused field keeps the cursor. */
			cy = ui.cursor_y;
			cx = ui.cursor_x;
			ui_draw_input(y, 1 + lw, COLS - 1 - lw, "",
			    &fm->f[i].in);
			if (!focused) {
				ui.cursor_y = cy;
				ui.cursor_x = cx;
			}
		}
		free(label);
	}
	if (active && fm->focus < fm->n && fm->f[fm->focus].hint != NULL)
		ui_put(LINES - 3, 1, fm->f[fm->focus].hint, COLS - 1, A_DIM);
	return (y);
}

/* A key while a field's list is open: 0, it is always the list's. */
static int
form_pick_key(struct form *fm, int key)
{
	struct ff	*f = &fm->f[fm->focus];
	size_t		 n = choices_count(choices_for(f->key));
	uint32_t	 bit = 1u << fm->pick;

	switch (key) {
	case KEYC_UP:
		if (fm->pick > 0)
			fm->pick--;
		break;
	case KEYC_DOWN:
		if (fm->pick + 1 < n)
			fm->pick++;
		break;
	case ' ':
		f->picked = f->type == FF_CHOICE ? (f->picked & bit) ^ bit :
		    f->picked ^ bit;
		if (f->type == FF_CHOICE)
			fm->picking = false;
		break;
	case '\r':
	case '\n':
		if (f->type == FF_CHOICE)
			f->picked = bit;
		fm->picking = false;
		break;
	case KEYC_ESC:
		if (f->type == FF_CHOICE)
			f->picked = fm->was;
		fm->picking = false;
		break;
	}
	return (0);
}

/* Space on a list field: its list opens on the first picked choice. */
static void
form_pick_open(struct form *fm)
{
	struct ff	*f = &fm->f[fm->focus];

	fm->picking = true;
	fm->was = f->picked;
	for (fm->pick = 0; fm->pick < 31 && f->picked != 0 &&
	    (f->picked & (1u << fm->pick)) == 0; fm->pick++)
		;
	if (f->picked == 0)
		fm->pick = 0;
}

/*
 * A key for the form: 0 used, 1 Enter (submit), -1 not a form key.
 * Up and Tab move between fields; Space toggles a yes/no field and opens
 * a list field's list, which takes every key until it closes.
 */
int
form_key(struct form *fm, int key)
{
	struct ff	*f = &fm->f[fm->focus];
	enum input_key	 action;

	if (fm->picking)
		return (form_pick_key(fm, key));
	switch (key) {
	case '\r':
	case '\n':
		return (1);
	case '\t':
	case KEYC_DOWN:
		if (fm->focus + 1 < fm->n) {
			fm->focus++;
			return (0);
		}
		return (-1);
	case KEYC_BTAB:
	case KEYC_UP:
		if (fm->focus > 0) {
			fm->focus--;
			return (0);
		}
		return (-1);
	}
	if (form_is_list(f)) {
		if (key != ' ')
			return (-1);
		form_pick_open(fm);
		return (0);
	}
	if (f->type == FF_BOOL) {
		if (key == ' ' || key == 'y' || key == 'n') {
			f->on = key == ' ' ? !f->on : key == 'y';
			return (0);
		}
		return (-1);
	}
	if (keys_edit(key, &action) == 0) {
		if (action == INPUT_HISTORY_UP || action == INPUT_HISTORY_DOWN)
			return (-1);
		input_key(&f->in, action);
		return (0);
	}
	return (ui_key_insert(&f->in, key) == 0 ? 0 : -1);
}

/* Focuses the field whose key is key; false when the form has none. */
bool
form_focus(struct form *fm, const char *key)
{
	size_t	i;

	for (i = 0; i < fm->n; i++) {
		if (strcmp(fm->f[i].key, key) == 0) {
			fm->focus = i;
			fm->picking = false;
			return (true);
		}
	}
	return (false);
}

/* Fills a field from a profile's value (a string, a list, a number). */
void
form_set(struct ff *f, json_t *v)
{
	const struct choice	*list;
	json_t			*e;
	size_t			 i;
	int			 k;
	char			*s;

	if (v == NULL || json_is_null(v))
		return;
	if (f->type == FF_BOOL) {
		f->on = json_is_true(v);
		return;
	}
	if (form_is_list(f)) {
		list = choices_for(f->key);
		f->picked = 0;
		if (json_is_string(v) && (k = choices_find(list,
		    json_string_value(v))) >= 0)
			f->picked = 1u << k;
		json_array_foreach(v, i, e) {
			if (json_is_string(e) && (k = choices_find(list,
			    json_string_value(e))) >= 0)
				f->picked |= 1u << k;
		}
		return;
	}
	s = people_value_text(v);
	input_set(&f->in, s);
	free(s);
}

/* The object a dotted key ("school.urn") goes in, made when missing. */
static json_t *
form_target(json_t *req, const char *key, const char **leaf)
{
	const char	*dot = strchr(key, '.');
	json_t		*obj;
	char		*head;

	if (dot == NULL) {
		*leaf = key;
		return (req);
	}
	head = xstrndup(key, (size_t)(dot - key));
	if ((obj = json_object_get(req, head)) == NULL) {
		obj = json_object();
		json_object_set_new(req, head, obj);
	}
	free(head);
	*leaf = dot + 1;
	return (obj);
}

/* A list field: one value (null when none) or an array of them. */
static void
form_request_list(struct ff *f, json_t *obj, const char *leaf, int skip_empty)
{
	const struct choice	*list = choices_for(f->key);
	json_t			*v = f->type == FF_CHOICE ? json_null() :
				    json_array();
	size_t			 i;

	if (f->picked == 0 && skip_empty) {
		json_decref(v);
		return;
	}
	for (i = 0; list[i].value != NULL; i++) {
		if ((f->picked & (1u << i)) == 0)
			continue;
		if (f->type == FF_CHOICE) {
			json_decref(v);
			v = json_string(list[i].value);
		} else
			json_array_append_new(v, json_string(list[i].value));
	}
	json_object_set_new(obj, leaf, v);
}

/*
 * Sets the form's fields on req: text as strings, whole numbers, lists as
 * arrays of strings, yes/no as booleans; "visible.X" yes adds X to the list
 * "visible". An empty field is left out (skip_empty) or sent as null.
 */
void
form_request(struct form *fm, json_t *req, int skip_empty)
{
	struct ff	*f;
	json_t		*list, *obj, *v;
	const char	*leaf;
	size_t		 i;
	char		*s, *word, *save = NULL, *end;
	long		 n;

	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		if (strncmp(f->key, "visible.", 8) == 0) {
			if ((list = json_object_get(req, "visible")) == NULL) {
				list = json_array();
				json_object_set_new(req, "visible", list);
			}
			if (f->on)
				json_array_append_new(list,
				    json_string(f->key + 8));
			continue;
		}
		obj = form_target(req, f->key, &leaf);
		if (f->type == FF_BOOL) {
			json_object_set_new(obj, leaf, json_boolean(f->on));
			continue;
		}
		if (form_is_list(f)) {
			form_request_list(f, obj, leaf, skip_empty);
			continue;
		}
		s = form_text(f);
		if (*s == '\0') {
			if (!skip_empty && f->type != FF_LIST)
				json_object_set_new(obj, leaf, json_null());
			if (!skip_empty && f->type == FF_LIST)
				json_object_set_new(obj, leaf, json_array());
			free(s);
			continue;
		}
		switch (f->type) {
		case FF_INT:
			n = strtol(s, &end, 10);
			v = *end == '\0' ? json_integer(n) : json_string(s);
			json_object_set_new(obj, leaf, v);
			break;
		case FF_LIST:
			list = json_array();
			for (word = strtok_r(s, ",", &save); word != NULL;
			    word = strtok_r(NULL, ",", &save)) {
				word += strspn(word, " \t");
				end = word + strlen(word);
				while (end > word && (end[-1] == ' ' ||
				    end[-1] == '\t'))
					*--end = '\0';
				if (*word != '\0')
					json_array_append_new(list,
					    json_string(word));
			}
			json_object_set_new(obj, leaf, list);
			break;
		default:
			json_object_set_new(obj, leaf, json_string(s));
			break;
		}
		free(s);
	}
}

