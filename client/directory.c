/*
 * directory.c: the full-screen people screens.
 *
 *	Find people (F4, /people)  filters at the top (words, region, need
 *	                           code, phase, role), the results below;
 *	                           Enter on a result opens the profile
 *	Profile (/whois, /profile) every field the server sent; m messages
 *	                           the person, b asks to be buddies, x blocks,
 *	                           e edits one's own profile in a form
 *	Report (/report)           the room's recent messages; Enter picks
 *	                           one, then a reason, then it is sent
 *
 * people.c does the asking; everything from the network is drawn through
 * ui_put, which neutralises it.
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

/* --- the screens' state ------------------------------------------------------ */

#define PROFILE_WRAP_ROWS	40	/* a value's rows at most (a bio: 500 characters) */

#define HINT_ROLE "senco, assistant_senco, mat_send_lead, " \
	"regional_send_lead, specialist_teacher, other"
#define HINT_PHASE "early_years, primary, middle, secondary, post_16, " \
	"all_through, special, alternative_provision"
#define HINT_NEED "SPLD MLD SLD PMLD SEMH SLCN HI VI MSI PD ASD OTH, or an " \
	"area: communication_and_interaction, cognition_and_learning, " \
	"social_emotional_and_mental_health, sensory_and_physical"

static const struct ff directory_filters[] = {
	{ "Words (name, school...)", "q", FF_TEXT,
	    "matches handle, name, school and bio", { 0 }, 0, 0 },
	{ "Region", "region", FF_TEXT, "a region slug, e.g. north-east, "
	    "london, south-west", { 0 }, 0, 0 },
	{ "Need code", "need", FF_TEXT, HINT_NEED, { 0 }, 0, 0 },
	{ "Phase", "phase", FF_TEXT, HINT_PHASE, { 0 }, 0, 0 },
	{ "Role", "role", FF_TEXT, HINT_ROLE, { 0 }, 0, 0 },
	{ "School URN", "school", FF_TEXT, "6 digits: people at that school",
	    { 0 }, 0, 0 },
	{ "Trust", "trust", FF_TEXT, "a trust's name or number", { 0 }, 0, 0 },
};
#define DIRECTORY_NFILTERS (sizeof directory_filters / sizeof directory_filters[0])

/* The profile form: what profile.set takes. Trust is the operators'. */
static const struct ff profile_form_fields[] = {
	{ "Name", "name", FF_TEXT, NULL, { 0 }, 0, 0 },
	{ "Role", "role_title", FF_CHOICE, "Space: choose from the list",
	    { 0 }, 0, 0 },
	{ "Job title", "job_title", FF_TEXT, "your own words, e.g. SENCO and "
	    "Assistant Head (at most 100 characters)", { 0 }, 0, 0 },
	{ "School", "school.name", FF_TEXT, NULL, { 0 }, 0, 0 },
	{ "School URN", "school.urn", FF_TEXT, "6 digits", { 0 }, 0, 0 },
	{ "Phases", "phases", FF_CHOICES, "Space: tick them in the list",
	    { 0 }, 0, 0 },
	{ "Years in role", "years_in_role", FF_INT, "0 to 60", { 0 }, 0, 0 },
	{ "NASENCO held", "nasenco", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "NPQ SENCO held", "npq_senco", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Expertise", "expertise", FF_CHOICES, "Space: tick them in the "
	    "list (areas of need, then need codes)", { 0 }, 0, 0 },
	{ "About you", "bio", FF_TEXT, "at most 500 characters", { 0 }, 0, 0 },
	{ "Open to buddying", "buddy_available", FF_BOOL, "people looking "
	    "for a buddy may be offered you (/suggest)", { 0 }, 0, 0 },
	{ "Hide my presence", "presence.hidden", FF_BOOL, "nobody sees when "
	    "you are online", { 0 }, 0, 0 },
	{ "Show name", "visible.name", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show role, job title", "visible.role_title", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show school", "visible.school", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show trust", "visible.trust", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show region", "visible.region", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show phases", "visible.phases", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show years in role", "visible.years_in_role", FF_BOOL, NULL, { 0 },
	    0, 0 },
	{ "Show NASENCO/NPQ", "visible.qualifications", FF_BOOL, NULL, { 0 },
	    0, 0 },
	{ "Show expertise", "visible.expertise", FF_BOOL, NULL, { 0 }, 0, 0 },
	{ "Show about you", "visible.bio", FF_BOOL, NULL, { 0 }, 0, 0 },
};
#define PROFILE_NFIELDS (sizeof profile_form_fields / sizeof profile_form_fields[0])

enum dir_focus {
	DIR_FILTERS,
	DIR_RESULTS,
};

static struct {
	struct form	  filters;
	enum dir_focus	  focus;
	size_t		  sel;
	int		  searched;
	int		  suggested;	/* the results are buddy.suggest's */
	int		  searching;

	const struct ui_mode	 *back;		/* where Esc on the profile goes */
	int		  editing;
	int		  saving;	/* the form was sent; its answer awaited */
	int		  hidden;	/* presence hidden when the form opened */
	struct form	  edit;
	int		  profile_top;

	size_t		  report_sel;	/* index into the room's messages */
	int		  report_why;	/* asking the reason */
	struct input	  reason;
} dir;

/* --- the directory ------------------------------------------------------------ */

void
directory_open(struct client *c, const char *filters)
{
	json_t		*req;
	const char	*v;
	size_t		 i;

	if (dir.filters.f == NULL)
		form_init(&dir.filters, directory_filters, DIRECTORY_NFILTERS);
	ui.mode = &directory_mode;
	ui.dirty = 1;
	if (filters == NULL || *filters == '\0') {
		dir.focus = DIR_FILTERS;
		return;
	}
	req = json_object();
	if (people_filter_parse(filters, req) == -1) {
		json_decref(req);
		ui_notice_set(PEOPLE_FILTERS_HELP, 1);
		return;
	}
	for (i = 0; i < dir.filters.n; i++) {
		v = json_string_value(json_object_get(req, dir.filters.f[i].key));
		input_set(&dir.filters.f[i].in, v != NULL ? v : "");
	}
	dir.searching = 1;
	people_search(c, req);
}

static void
directory_search(struct client *c)
{
	json_t	*req = json_object();

	form_request(&dir.filters, req, 1);
	dir.searching = 1;
	people_search(c, req);
}

void
directory_results_shown(struct client *c, bool suggested)
{
	dir.suggested = suggested;
	dir.searched = 1;
	dir.searching = 0;
	dir.sel = 0;
	if (json_array_size(people_last_results()) > 0)
		dir.focus = DIR_RESULTS;
	if (ui.mode != &directory_mode)
		directory_open(c, NULL);
	ui.dirty = 1;
}

void
directory_search_failed(struct client *c)
{
	dir.searching = 0;
	ui.dirty = 1;
}

static void
directory_draw(struct client *c)
{
	json_t	*results = people_last_results();
	size_t	 n = json_array_size(results), i, first = 0;
	int	 y, h;
	bool	 on;
	char	*s, *who, *work;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, dir.focus == DIR_FILTERS ? "Find people: Tab/Up/Down "
	    "move, Enter searches, Esc goes back" : "Find people: Enter opens "
	    "the profile, m messages, b asks to be buddies, Tab filters, Esc "
	    "goes back", COLS - 1, A_REVERSE | A_BOLD);
	y = form_draw(&dir.filters, 2, dir.focus == DIR_FILTERS);
	y++;
	if (dir.searching)
		ui_put(y, 1, "searching...", COLS - 1, A_DIM);
	else if (dir.searched) {
		if (dir.suggested)
			xasprintf(&s, "%zu suggested %s (open to buddying)", n,
			    n == 1 ? "buddy" : "buddies");
		else
			xasprintf(&s, "%zu %s found", n,
			    n == 1 ? "person" : "people");
		ui_put(y, 1, s, COLS - 1, A_BOLD);
		free(s);
	} else
		ui_put(y, 1, "Fill in any filters and press Enter", COLS - 1,
		    A_DIM);
	y++;
	/* Two rows a person: who and how near, then what they do. */
	h = (LINES - 3 - y) / 2;
	if (dir.sel >= n)
		dir.sel = n > 0 ? n - 1 : 0;
	if (h > 0 && dir.sel >= (size_t)h)
		first = dir.sel - (size_t)h + 1;
	for (i = first; i < n && y + 1 < LINES - 3; i++, y += 2) {
		on = dir.focus == DIR_RESULTS && i == dir.sel;
		people_summary_rows(json_array_get(results, i), &who, &work);
		ui_put(y, 1, on ? ">" : " ", 1, 0);
		ui_put(y, 3, who, COLS - 3, on ? A_REVERSE : A_BOLD);
		ui_put(y + 1, 5, work, COLS - 5, on ? A_REVERSE : 0);
		free(who);
		free(work);
	}
	ui_draw_status(c, LINES - 2);
	if (dir.focus == DIR_RESULTS) {
		ui.cursor_y = LINES - 1;
		ui.cursor_x = 0;
	}
}

static const char *
directory_selected(void)
{
	return (json_string_value(json_object_get(json_array_get(
	    people_last_results(), dir.sel), "handle")));
}

static void
directory_key(struct client *c, int key)
{
	size_t		 n = json_array_size(people_last_results());
	const char	*h;
	int		 rc;

	if (key == KEYC_ESC) {
		ui.mode = &rooms_mode;
		return;
	}
	if (dir.focus == DIR_FILTERS) {
		rc = form_key(&dir.filters, key);
		if (rc == 1)
			directory_search(c);
		else if (rc == -1 && (key == KEYC_DOWN || key == '\t') && n > 0)
			dir.focus = DIR_RESULTS;
		return;
	}
	h = directory_selected();
	switch (key) {
	case KEYC_UP:
		if (dir.sel > 0)
			dir.sel--;
		else
			dir.focus = DIR_FILTERS;
		break;
	case KEYC_DOWN:
		if (dir.sel + 1 < n)
			dir.sel++;
		break;
	case '\t':
	case KEYC_BTAB:
	case '/':
		dir.focus = DIR_FILTERS;
		break;
	case '\r':
	case '\n':
		if (h != NULL) {
			dir.back = &directory_mode;
			people_whois(c, h);
		}
		break;
	case 'm':
		if (h != NULL)
			people_dm(c, h);
		break;
	case 'b':
		if (h != NULL)
			buddy_request(c, h);
		break;
	case 'q':
		ui.mode = &rooms_mode;
		break;
	}
}

/* --- the profile ----------------------------------------------------------------- */

static bool
profile_is_own(struct client *c)
{
	const char	*h = json_string_value(json_object_get(
			    people_last_profile(), "handle"));

	return (h != NULL && c->handle != NULL && strcmp(h, c->handle) == 0);
}

/* A buddy request from the person on show, waiting for our answer. */
static struct pending *
profile_request(struct client *c)
{
	const char	*h = json_string_value(json_object_get(
			    people_last_profile(), "handle"));
	struct pending	*p;

	if (h == NULL || (p = buddy_pending_find(h)) == NULL ||
	    p->kind != PENDING_REQUEST)
		return (NULL);
	return (p);
}

void
directory_profile_shown(struct client *c)
{
	if (ui.mode != &profile_mode) {
		if (ui.mode != &directory_mode)
			dir.back = &rooms_mode;
		ui.mode = &profile_mode;
	}
	dir.profile_top = 0;
	ui.dirty = 1;
}

/* Opens our own profile (/profile), straight into the form if edit. */
void
directory_own_profile(struct client *c)
{
	dir.back = ui.mode == &directory_mode ? &directory_mode : &rooms_mode;
	people_whois(c, NULL);
}

/* The value of a dotted key in the profile. */
static json_t *
profile_value(json_t *p, const char *key)
{
	const char	*dot = strchr(key, '.');
	char		*head;
	json_t		*v;

	if (dot == NULL)
		return (json_object_get(p, key));
	head = xstrndup(key, (size_t)(dot - key));
	v = json_object_get(json_object_get(p, head), dot + 1);
	free(head);
	return (v);
}

/* Fills the form from our profile as the server sent it. */
static void
profile_edit_start(struct client *c)
{
	json_t		*p = people_last_profile(), *vis, *e;
	struct ff	*f;
	size_t		 i, j;

	form_free(&dir.edit);
	form_init(&dir.edit, profile_form_fields, PROFILE_NFIELDS);
	vis = json_object_get(p, "visible");
	for (i = 0; i < dir.edit.n; i++) {
		f = &dir.edit.f[i];
		if (strncmp(f->key, "visible.", 8) == 0) {
			/* New profiles show everything. */
			f->on = !json_is_array(vis);
			json_array_foreach(vis, j, e) {
				if (json_is_string(e) && strcmp(
				    json_string_value(e), f->key + 8) == 0)
					f->on = 1;
			}
			continue;
		}
		if (strcmp(f->key, "presence.hidden") == 0) {
			f->on = dir.hidden = json_is_true(json_object_get(p,
			    "presence_hidden"));
			continue;
		}
		form_set(f, profile_value(p, f->key));
	}
	dir.editing = 1;
	dir.saving = 0;
}

static void
profile_edit_save(struct client *c)
{
	json_t	*req = json_object(), *school, *presence;
	bool	 hidden;

	form_request(&dir.edit, req, 0);
	/* Hiding presence is presence.set's; a name cannot be cleared. */
	presence = json_object_get(req, "presence");
	hidden = json_is_true(json_object_get(presence, "hidden"));
	json_object_del(req, "presence");
	if (json_is_null(json_object_get(req, "name")))
		json_object_del(req, "name");
	school = json_object_get(req, "school");
	if (json_is_null(json_object_get(school, "name")) &&
	    json_is_null(json_object_get(school, "urn")))
		json_object_set_new(req, "school", json_null());
	else {
		if (json_is_null(json_object_get(school, "name")))
			json_object_del(school, "name");
		if (json_is_null(json_object_get(school, "urn")))
			json_object_del(school, "urn");
	}
	/* The form stays open until the server takes it, or says what to fix. */
	dir.saving = 1;
	people_profile_set(c, req);
	if (hidden != dir.hidden)
		people_hide_presence(c, hidden);
}

/*
 * profile.set's answer: saved, the form closes on the new profile; refused,
 * it stays as typed with the cursor on the field the server named.
 */
void
directory_profile_saved(struct client *c, const char *field)
{
	if (!dir.editing || !dir.saving)
		return;
	dir.saving = 0;
	if (field == NULL) {
		dir.editing = 0;
		form_free(&dir.edit);
	} else
		form_focus(&dir.edit, field);
	ui.dirty = 1;
}

/*
 * The profile's fields from row y, each value wrapped under itself (a bio
 * of 500 characters reads whole), skipping the first top rows. Returns how
 * many rows the fields take in all; draws nothing when draw is false.
 */
static int
profile_rows(struct people_field *f, size_t n, int y, int top, int lw,
    bool draw)
{
	struct wrap_line	 wl[PROFILE_WRAP_ROWS];
	wchar_t			*w;
	size_t			 i, j, len, nl;
	int			 row = 0, width = COLS - 1 - lw;

	for (i = 0; i < n; i++) {
		w = text_neutralise(f[i].value, strlen(f[i].value), TEXT_BODY,
		    &len);
		nl = width > 0 ? wrap_text(w, len, width, wl,
		    PROFILE_WRAP_ROWS) : 0;
		if (nl > PROFILE_WRAP_ROWS)
			nl = PROFILE_WRAP_ROWS;
		for (j = 0; j < (nl > 0 ? nl : 1); j++, row++) {
			if (!draw || row < top || y >= LINES - 3)
				continue;
			if (j == 0)
				ui_put(y, 1, f[i].label, lw - 2, A_BOLD);
			if (nl > 0)
				ui_put_w(y, 1 + lw, w + wl[j].off, wl[j].len,
				    width, 0);
			y++;
		}
		free(w);
	}
	return (row);
}

static void
directory_profile_draw(struct client *c)
{
	struct people_field	*f;
	json_t			*p = people_last_profile();
	size_t			 n;
	int			 y = 2, own = profile_is_own(c), h, rows;
	int			 lw = COLS >= 60 ? 24 : COLS / 3;
	char			*s;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	if (dir.editing) {
		ui_put(0, 1, "Your profile: Tab/Up/Down move, Space toggles, "
		    "Enter saves, Esc cancels", COLS - 1, A_REVERSE | A_BOLD);
		form_draw(&dir.edit, 2, 1);
		ui_draw_status(c, LINES - 2);
		return;
	}
	if (own)
		s = xstrdup("Your profile: e edits, Esc goes back");
	else if (profile_request(c) != NULL)
		s = xstrdup("Profile: they ask to be buddies: a accepts, d "
		    "declines; m messages, Esc goes back");
	else
		s = xstrdup("Profile: m messages, b asks to be buddies, x "
		    "blocks, Esc goes back");
	ui_put(0, 1, s, COLS - 1, A_REVERSE | A_BOLD);
	free(s);
	n = people_profile_fields(p, own, &f);
	h = LINES - 3 - y;
	rows = profile_rows(f, n, y, 0, lw, false);
	if (dir.profile_top > rows - h)
		dir.profile_top = rows - h;
	if (dir.profile_top < 0)
		dir.profile_top = 0;
	rows = profile_rows(f, n, y, dir.profile_top, lw, true);
	y += rows - dir.profile_top < h ? rows - dir.profile_top : h;
	if (!own && n > 0 && y < LINES - 3 && (s = people_presence_text(
	    json_string_value(json_object_get(p, "handle")))) != NULL) {
		ui_put(y, 1, "Presence", lw - 2, A_BOLD);
		ui_put(y, 1 + lw, s, COLS - 1 - lw, 0);
		free(s);
	}
	if (n == 0)
		ui_put(y, 1, p == NULL ? "loading..." :
		    "this person shows nothing on their profile", COLS - 1,
		    A_DIM);
	people_fields_free(f, n);
	ui_draw_status(c, LINES - 2);
	ui.cursor_y = LINES - 1;
	ui.cursor_x = 0;
}

static void
directory_profile_key(struct client *c, int key)
{
	const char	*h = json_string_value(json_object_get(
			    people_last_profile(), "handle"));
	struct pending	*p;
	int		 rc;

	if (dir.editing) {
		/* Esc in an open list closes the list, not the form. */
		if (key == KEYC_ESC && !dir.edit.picking) {
			dir.editing = dir.saving = 0;
			return;
		}
		if ((rc = form_key(&dir.edit, key)) == 1)
			profile_edit_save(c);
		return;
	}
	switch (key) {
	case KEYC_ESC:
	case 'q':
		ui.mode = dir.back == &directory_mode ? &directory_mode : &rooms_mode;
		break;
	case KEYC_UP:
		dir.profile_top--;
		break;
	case KEYC_DOWN:
		dir.profile_top++;
		break;
	case 'e':
		if (profile_is_own(c))
			profile_edit_start(c);
		break;
	case 'm':
		if (h != NULL && !profile_is_own(c))
			people_dm(c, h);
		break;
	case 'b':
		if (h != NULL && !profile_is_own(c))
			buddy_request(c, h);
		break;
	case 'x':
		if (h != NULL && !profile_is_own(c))
			people_block(c, h, 1);
		break;
	case 'a':
	case 'd':
		if ((p = profile_request(c)) != NULL)
			buddy_answer(c, p, key == 'a');
		break;
	}
}

/* --- reporting a message ------------------------------------------------------------ */

void
directory_report_open(struct client *c)
{
	struct room	*r = session_current(c);

	if (r == NULL || r->nmsgs == 0) {
		ui_notice_set("no message here to report", 1);
		return;
	}
	dir.report_sel = r->nmsgs - 1;
	dir.report_why = 0;
	input_free(&dir.reason);
	input_init(&dir.reason, 0);
	ui.mode = &report_mode;
	ui.dirty = 1;
}

static void
directory_report_draw(struct client *c)
{
	struct room	*r = session_current(c);
	struct msg	*m;
	size_t		 first = 0, i;
	int		 y = 2, h = LINES - 5;
	char		 hm[16];
	attr_t		 attr;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_put(0, 1, dir.report_why ? "Report: say why, Enter sends (only "
	    "this message is shared with the moderators), Esc cancels" :
	    "Report a message: Up/Down choose, Enter picks it, Esc goes back",
	    COLS - 1, A_REVERSE | A_BOLD);
	if (r == NULL || r->nmsgs == 0) {
		ui.mode = &rooms_mode;
		return;
	}
	if (dir.report_sel >= r->nmsgs)
		dir.report_sel = r->nmsgs - 1;
	if (h > 0 && r->nmsgs > (size_t)h)
		first = r->nmsgs - (size_t)h;
	if (dir.report_sel < first)
		first = dir.report_sel;
	for (i = first; i < r->nmsgs && y < LINES - 3; i++, y++) {
		m = r->msgs[i];
		attr = i == dir.report_sel ? A_REVERSE : 0;
		clock_hm(m->ts, hm, sizeof hm);
		ui_put(y, 1, i == dir.report_sel ? ">" : " ", 1, attr);
		ui_put(y, 3, hm, 6, attr);
		ui_put(y, 9, m->from, 16, attr | A_BOLD);
		ui_put_w(y, 26, m->text, m->textlen, COLS - 26, attr);
	}
	ui_draw_status(c, LINES - 2);
	if (dir.report_why)
		ui_draw_input(LINES - 1, 0, COLS, "Why? ", &dir.reason);
	else {
		ui.cursor_y = LINES - 1;
		ui.cursor_x = 0;
	}
}

static void
directory_report_key(struct client *c, int key)
{
	struct room	*r = session_current(c);
	enum input_key	 action;
	char		*why;

	if (r == NULL || r->nmsgs == 0) {
		ui.mode = &rooms_mode;
		return;
	}
	if (!dir.report_why) {
		switch (key) {
		case KEYC_UP:
			if (dir.report_sel > 0)
				dir.report_sel--;
			break;
		case KEYC_DOWN:
			if (dir.report_sel + 1 < r->nmsgs)
				dir.report_sel++;
			break;
		case '\r':
		case '\n':
			dir.report_why = 1;
			break;
		case KEYC_ESC:
		case 'q':
			ui.mode = &rooms_mode;
			break;
		}
		return;
	}
	if (key == KEYC_ESC)
		dir.report_why = 0;
	else if (key == '\r' || key == '\n') {
		if (dir.reason.len == 0) {
			ui_notice_set("say why you report it", 1);
			return;
		}
		why = input_take(&dir.reason);
		people_report(c, r->msgs[dir.report_sel]->id, why);
		free(why);
		ui.mode = &rooms_mode;
	} else if (keys_edit(key, &action) == 0)
		input_key(&dir.reason, action);
	else
		ui_key_insert(&dir.reason, key);
}

void
directory_free(void)
{
	form_free(&dir.filters);
	form_free(&dir.edit);
	input_free(&dir.reason);
}

const struct ui_mode directory_mode = {
	.name = "directory",
	.draw = directory_draw,
	.key = directory_key,
};

const struct ui_mode profile_mode = {
	.name = "profile",
	.draw = directory_profile_draw,
	.key = directory_profile_key,
};

const struct ui_mode report_mode = {
	.name = "report",
	.draw = directory_report_draw,
	.key = directory_report_key,
};

/* --- the people frontend of the full screen -------------------------------------- */

static void
people_screen_changed(struct client *c)
{
	ui.dirty = 1;
}

static void
people_screen_room_opened(struct client *c)
{
	ui.mode = &rooms_mode;
}

/* The sidebar's marks show presence; nothing to say. */
static void
people_screen_presence(struct client *c, const char *handle)
{
}

static void
people_screen_profile(struct client *c, json_t *profile)
{
	directory_profile_shown(c);
}

static void
people_screen_suggesting(struct client *c)
{
	directory_open(c, NULL);
}

const struct people_frontend people_screen_frontend = {
	.changed = people_screen_changed,
	.room_opened = people_screen_room_opened,
	.presence = people_screen_presence,
	.profile = people_screen_profile,
	.own_profile = directory_own_profile,
	.profile_saved = directory_profile_saved,
	.directory = directory_open,
	.suggesting = people_screen_suggesting,
	.results = directory_results_shown,
	.search_failed = directory_search_failed,
	.report = directory_report_open,
	.summary = away_screen_open,
	.searching = search_screen_open,
	.hits = people_screen_changed,
};
