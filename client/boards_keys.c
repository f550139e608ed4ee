/*
 * boards_keys.c: the keys of the four boards modes (boards_screen.c): the
 * ones they share (F1, F3, '/', ':' and the prompt at the bottom), then
 * each mode's own, tin/slrn-like.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "staffroom.h"
#include "boards.h"

/* --- keys --------------------------------------------------------------------- */

static void
boards_prompt(enum boards_prompt p)
{
	bd.prompt = p;
	input_free(&bd.line);
	input_init(&bd.line, 0);
}

static void
boards_prompt_submit(struct client *c)
{
	char		*text = input_take(&bd.line), *bad;
	char		**tags;
	size_t		 ntags;
	struct board	*b;
	enum boards_prompt p = bd.prompt;

	bd.prompt = BP_NONE;
	switch (p) {
	case BP_TAG:
		if (board_tags_parse(text, &tags, &ntags, &bad) == -1) {
			fe_notice(c, "%s is not a tag; /tags lists them", bad);
			free(bad);
			break;
		}
		b = boards_board(bd.board);
		if (b != NULL)
			boards_open_board(c, b, ntags > 0 ? tags[0] : NULL, 0);
		board_strv_free(tags, ntags);
		break;
	case BP_SEARCH:
		if (text[strspn(text, " ")] != '\0')
			search_run(c, text);
		break;
	case BP_MOVE:
		if ((b = boards_find(text)) == NULL)
			c->fe->error(c, "no_board", "no board matches that");
		else if (bd.thread != NULL && boards_view() == &thread_mode)
			boards_move(c, bd.thread->id, b);
		else if (bd.tsel < bd.nthreads)
			boards_move(c, bd.threads[bd.tsel]->id, b);
		break;
	default:
		break;
	}
	free(text);
}

/* The next (dir 1) or previous (-1) thread with unread posts after i. */
static int
boards_next_unread(size_t from, int dir)
{
	size_t	k, i;

	for (k = 1; k <= bd.nthreads; k++) {
		i = (from + bd.nthreads + (size_t)dir * k) % bd.nthreads;
		if (bd.threads[i]->unread > 0)
			return ((int)i);
	}
	return (-1);
}

static bool
boards_key_boards(struct client *c, int key)
{
	size_t	i;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.bsel > 0)
			bd.bsel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.bsel + 1 < bd.nboards)
			bd.bsel++;
		break;
	case KEYC_HOME:
		bd.bsel = 0;
		break;
	case KEYC_END:
		bd.bsel = bd.nboards > 0 ? bd.nboards - 1 : 0;
		break;
	case 'n':
		for (i = 1; i <= bd.nboards; i++) {
			if (bd.boards[(bd.bsel + i) % bd.nboards]->unread > 0) {
				bd.bsel = (bd.bsel + i) % bd.nboards;
				boards_open_board(c, bd.boards[bd.bsel], NULL, 0);
				return (true);
			}
		}
		fe_notice(c, "no unread posts on any board");
		break;
	case '\r':
	case '\n':
	case KEYC_RIGHT:
		if (bd.bsel < bd.nboards)
			boards_open_board(c, bd.boards[bd.bsel], NULL, 0);
		break;
	case 'w':
		if (bd.bsel < bd.nboards) {
			struct board	*b = bd.boards[bd.bsel];
			int		 on = !boards_watching_board(b->id);

			boards_watch_board_set(b->id, on);
			rpc_send(c, json_pack("{s:s, s:O}", "op", on ? "watch" :
			    "unwatch", "board", b->idv), boards_done_cb, on ?
			    "watching the board: new posts there will be shown" :
			    "no longer watching the board");
		}
		break;
	case 'g':
		boards_list(c, 0);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		ui.mode = &rooms_mode;
		break;
	default:
		return (false);
	}
	return (true);
}

static bool
boards_key_threads(struct client *c, int key)
{
	int	i;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.tsel > 0)
			bd.tsel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.tsel + 1 < bd.nthreads)
			bd.tsel++;
		break;
	case KEYC_PGUP:
		bd.tsel = bd.tsel > (size_t)(LINES - 5) ? bd.tsel -
		    (size_t)(LINES - 5) : 0;
		break;
	case KEYC_PGDN:
		bd.tsel += (size_t)(LINES - 5);
		if (bd.tsel >= bd.nthreads)
			bd.tsel = bd.nthreads > 0 ? bd.nthreads - 1 : 0;
		break;
	case KEYC_HOME:
		bd.tsel = 0;
		break;
	case KEYC_END:
		bd.tsel = bd.nthreads > 0 ? bd.nthreads - 1 : 0;
		break;
	case '\r':
	case '\n':
	case KEYC_RIGHT:
		if (bd.tsel < bd.nthreads)
			boards_open_thread(c, bd.threads[bd.tsel]->id, 0);
		break;
	case 'n':
		if (bd.nthreads == 0 || (i = boards_next_unread(bd.tsel, 1)) ==
		    -1) {
			fe_notice(c, "no unread threads here");
			break;
		}
		bd.tsel = (size_t)i;
		boards_open_thread(c, bd.threads[bd.tsel]->id, 0);
		break;
	case 'p':
		if (bd.tsel > 0)
			bd.tsel--;
		break;
	case 'c':
		boards_catch_up(c);
		break;
	case 't':
		boards_prompt(BP_TAG);
		break;
	case 'w':
		if (bd.tsel < bd.nthreads)
			boards_watch(c, bd.threads[bd.tsel]->id,
			    !bd.threads[bd.tsel]->watched);
		break;
	case 'N':
		compose_open(c, COMPOSE_THREAD, bd.board, 0, NULL, NULL);
		break;
	case 'g':
		boards_threads(c, 0);
		break;
	case 'P':
		if (bd.tsel < bd.nthreads)
			boards_toggle(c, bd.threads[bd.tsel]->id, "pin",
			    !bd.threads[bd.tsel]->pinned);
		break;
	case 'L':
		if (bd.tsel < bd.nthreads)
			boards_toggle(c, bd.threads[bd.tsel]->id, "lock",
			    !bd.threads[bd.tsel]->locked);
		break;
	case 'M':
		if (bd.tsel < bd.nthreads)
			boards_prompt(BP_MOVE);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		boards_view_set(&boards_mode);
		boards_list(c, 0);
		break;
	default:
		return (false);
	}
	/* At the end of what is loaded: the next page. */
	if (boards_view() == &threads_mode && bd.tmore && bd.tsel + 1 >= bd.nthreads)
		boards_threads_page(c, 0, 1);
	return (true);
}

/* The thread before or after the open one in the list (n and p). */
static void
boards_step_thread(struct client *c, int dir)
{
	size_t	i;
	int	k;

	for (i = 0; i < bd.nthreads; i++) {
		if (bd.thread != NULL && bd.threads[i]->id == bd.thread->id)
			break;
	}
	if (dir > 0) {
		k = bd.nthreads > 0 ? boards_next_unread(i < bd.nthreads ? i :
		    0, 1) : -1;
		if (k == -1) {
			fe_notice(c, "no more unread threads here");
			return;
		}
	} else {
		if (i == 0 || i >= bd.nthreads) {
			fe_notice(c, "this is the first thread");
			return;
		}
		k = (int)i - 1;
	}
	bd.tsel = (size_t)k;
	boards_open_thread(c, bd.threads[k]->id, 0);
}

static struct post *
boards_selected(void)
{
	return (bd.psel < bd.nposts ? bd.posts[bd.psel] : NULL);
}

static bool
boards_key_thread(struct client *c, int key)
{
	struct post	*p = boards_selected();
	int		 page = LINES - 5 > 1 ? LINES - 5 : 1;

	switch (key) {
	case KEYC_UP:
	case 'k':
		if (bd.psel > 0)
			bd.psel--;
		break;
	case KEYC_DOWN:
	case 'j':
		if (bd.psel + 1 < bd.nposts)
			bd.psel++;
		break;
	case KEYC_HOME:
		bd.psel = 0;
		bd.ptop = 0;
		break;
	case KEYC_END:
		bd.psel = bd.nposts > 0 ? bd.nposts - 1 : 0;
		break;
	case KEYC_PGUP:
	case KEYC_PGDN:
	case ' ': {
		struct post_line	*lines;
		size_t			*starts, n, i;

		lines = boards_thread_lines(COLS - 3, &n, &starts);
		bd.ptop += key == KEYC_PGUP ? -page : page;
		if (bd.ptop > (int)n - 1)
			bd.ptop = (int)n - 1;
		if (bd.ptop < 0)
			bd.ptop = 0;
		/* Select the first post that starts in view. */
		for (i = 0; i < bd.nposts && (int)starts[i + 1] <= bd.ptop; i++)
			;
		if (i < bd.nposts && (int)starts[i] < bd.ptop &&
		    i + 1 < bd.nposts && (int)starts[i + 1] < bd.ptop + page)
			i++;
		bd.psel = i < bd.nposts ? i : bd.psel;
		free(lines);
		free(starts);
		break;
	}
	case 'r':
		if (bd.thread != NULL)
			compose_open(c, COMPOSE_REPLY, NULL, bd.thread->id,
			    NULL, NULL);
		break;
	case 'f':
		if (bd.thread != NULL && p != NULL)
			compose_open(c, COMPOSE_REPLY, NULL, bd.thread->id, p,
			    NULL);
		break;
	case 'e':
		if (p == NULL)
			break;
		if (!boards_is_me(c, p->author)) {
			fe_notice(c, "you can only edit your own posts");
			break;
		}
		compose_open(c, COMPOSE_EDIT, NULL, p->id, NULL, p->body);
		break;
	case 'd':
	case KEYC_DELETE:
		if (p == NULL)
			break;
		if (!boards_is_me(c, p->author) && !boards_moderating(c)) {
			fe_notice(c, "you can only delete your own posts");
			break;
		}
		bd.prompt = BP_DELETE;
		break;
	case 'h':
		if (p != NULL)
			boards_history(c, p->id);
		break;
	case 'u':
		if (p != NULL && p->deleted)
			boards_restore(c, p->id);
		break;
	case 'n':
		boards_step_thread(c, 1);
		break;
	case 'p':
		boards_step_thread(c, -1);
		break;
	case 'c':
		if (bd.nposts > 0 && bd.thread != NULL)
			boards_mark_read(c, bd.thread->id,
			    bd.posts[bd.nposts - 1]->id);
		boards_view_set(&threads_mode);
		boards_threads(c, 0);
		break;
	case 'w':
		if (bd.thread != NULL)
			boards_watch(c, bd.thread->id, !bd.thread->watched);
		break;
	case 'g':
		boards_posts(c, 0);
		break;
	case 'P':
		if (bd.thread != NULL)
			boards_toggle(c, bd.thread->id, "pin",
			    !bd.thread->pinned);
		break;
	case 'L':
		if (bd.thread != NULL)
			boards_toggle(c, bd.thread->id, "lock",
			    !bd.thread->locked);
		break;
	case 'M':
		if (bd.thread != NULL)
			boards_prompt(BP_MOVE);
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		if (bd.board != NULL) {
			boards_view_set(&threads_mode);
			boards_threads(c, 0);
		} else {
			boards_view_set(&boards_mode);
			boards_list(c, 0);
		}
		break;
	default:
		return (false);
	}
	return (true);
}

static bool
boards_key_history(struct client *c, int key)
{
	switch (key) {
	case KEYC_UP:
	case 'k':
		bd.htop--;
		break;
	case KEYC_DOWN:
	case 'j':
		bd.htop++;
		break;
	case KEYC_PGUP:
		bd.htop -= LINES - 5;
		break;
	case KEYC_PGDN:
	case ' ':
		bd.htop += LINES - 5;
		break;
	case 'q':
	case KEYC_ESC:
	case KEYC_LEFT:
		boards_view_set(&thread_mode);
		break;
	default:
		return (false);
	}
	return (true);
}

/*
 * A key no boards screen takes: Alt-1..9 picks a room, and a typed
 * character that is no command here starts a message on the rooms screen,
 * so a sentence typed on the boards lands on the input line.
 */
static void
boards_key_elsewhere(struct client *c, int key)
{
	bool	alt_digit = key >= (KEYC_ALT | '1') && key <= (KEYC_ALT | '9');

	if (!alt_digit && (key < ' ' || key >= KEYC_LEFT || key == 0x7f))
		return;
	ui.mode = &rooms_mode;
	rooms_mode.key(c, key);
	if (!alt_digit)
		fe_notice(c, "typing goes to the chat; F3 opens the boards again");
}

/* Keys every boards screen shares; false for the screen's own. */
static bool
boards_key(struct client *c, int key)
{
	enum input_key	action;
	struct post	*p;

	if (bd.prompt == BP_DELETE) {
		p = boards_selected();
		if ((key == 'y' || key == 'Y') && p != NULL)
			boards_delete(c, p->id);
		bd.prompt = BP_NONE;
		return (true);
	}
	if (bd.prompt != BP_NONE) {
		if (key == KEYC_ESC)
			bd.prompt = BP_NONE;
		else if (key == '\r' || key == '\n')
			boards_prompt_submit(c);
		else if (keys_edit(key, &action) == 0)
			input_key(&bd.line, action);
		else
			ui_key_insert(&bd.line, key);
		return (true);
	}
	switch (key) {
	case KEYC_F1:
		ui.mode = &help_mode;
		ui.help_top = 0;
		return (true);
	case KEYC_F3:
		ui.mode = &rooms_mode;
		return (true);
	case '/':
		boards_prompt(BP_SEARCH);
		return (true);
	case ':':
		/* A /command from the boards: the main screen's input line. */
		ui.mode = &rooms_mode;
		input_set(&ui.input, "/");
		return (true);
	}
	return (false);
}

void
boards_mode_key_boards(struct client *c, int key)
{
	if (!boards_key(c, key) && !boards_key_boards(c, key))
		boards_key_elsewhere(c, key);
}

void
boards_mode_key_threads(struct client *c, int key)
{
	if (!boards_key(c, key) && !boards_key_threads(c, key))
		boards_key_elsewhere(c, key);
}

void
boards_mode_key_thread(struct client *c, int key)
{
	if (!boards_key(c, key) && !boards_key_thread(c, key))
		boards_key_elsewhere(c, key);
}

void
boards_mode_key_history(struct client *c, int key)
{
	if (!boards_key(c, key) && !boards_key_history(c, key))
		boards_key_elsewhere(c, key);
}
