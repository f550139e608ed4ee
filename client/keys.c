/*
 * keys.c: reading keys from the terminal. ncurses decodes what terminfo
 * knows; the few sequences it may not (Ctrl-Left/Right, the bracketed paste
 * markers, Home/End variants) are taught to it with define_key, and Alt
 * arrives as ESC followed by the key. Everything becomes one int: a
 * character, a control code (Ctrl-A is 1), KEYC_ALT|char, or one of the
 * KEYC_* values. Which of these edit the input line is a pure table
 * (keys_edit), so it can be tested without a terminal.
 */
#include <curses.h>

#include "staffroom.h"

/* Codes we give define_key: ncurses wants them just above its own. */
enum {
	KEYS_DEF_WORD_LEFT = KEY_MAX + 1,
	KEYS_DEF_WORD_RIGHT,
	KEYS_DEF_PASTE_START,
	KEYS_DEF_PASTE_END,
	KEYS_DEF_HOME,
	KEYS_DEF_END,
};

/* Sequences some terminals send that terminfo entries often lack. */
static const struct {
	const char	*seq;
	int		 key;
} keys_extra[] = {
	{ "\033[1;5D", KEYS_DEF_WORD_LEFT },	/* xterm, tmux: Ctrl-Left */
	{ "\033[1;5C", KEYS_DEF_WORD_RIGHT },
	{ "\033Od", KEYS_DEF_WORD_LEFT },		/* rxvt */
	{ "\033Oc", KEYS_DEF_WORD_RIGHT },
	{ "\033[5D", KEYS_DEF_WORD_LEFT },	/* older xterm */
	{ "\033[5C", KEYS_DEF_WORD_RIGHT },
	{ "\033[200~", KEYS_DEF_PASTE_START },	/* bracketed paste */
	{ "\033[201~", KEYS_DEF_PASTE_END },
	{ "\033[1~", KEYS_DEF_HOME },		/* screen, Linux console */
	{ "\033[4~", KEYS_DEF_END },
	{ "\033[7~", KEYS_DEF_HOME },		/* rxvt */
	{ "\033[8~", KEYS_DEF_END },
	{ "\033[H", KEYS_DEF_HOME },		/* xterm in normal mode */
	{ "\033[F", KEYS_DEF_END },
	{ "\033OH", KEYS_DEF_HOME },		/* xterm in application mode */
	{ "\033OF", KEYS_DEF_END },
};

void
keys_init(void)
{
	size_t	i;

	for (i = 0; i < sizeof keys_extra / sizeof keys_extra[0]; i++) {
		if (key_defined(keys_extra[i].seq) == 0)
			define_key(keys_extra[i].seq, keys_extra[i].key);
	}
}

/* ncurses' own codes, mapped to ours so the rest never sees KEY_*. */
static int
keys_function(wint_t k)
{
	switch (k) {
	case KEY_LEFT:
		return (KEYC_LEFT);
	case KEY_RIGHT:
		return (KEYC_RIGHT);
	case KEY_UP:
		return (KEYC_UP);
	case KEY_DOWN:
		return (KEYC_DOWN);
	case KEY_HOME:
	case KEYS_DEF_HOME:
		return (KEYC_HOME);
	case KEY_END:
	case KEYS_DEF_END:
		return (KEYC_END);
	case KEY_PPAGE:
		return (KEYC_PGUP);
	case KEY_NPAGE:
		return (KEYC_PGDN);
	case KEY_BACKSPACE:
		return (KEYC_BACKSPACE);
	case KEY_DC:
		return (KEYC_DELETE);
	case KEY_ENTER:
		return ('\r');
	case KEY_BTAB:
		return (KEYC_BTAB);
	case KEYS_DEF_WORD_LEFT:
		return (KEYC_WORD_LEFT);
	case KEYS_DEF_WORD_RIGHT:
		return (KEYC_WORD_RIGHT);
	case KEYS_DEF_PASTE_START:
		return (KEYC_PASTE_START);
	case KEYS_DEF_PASTE_END:
		return (KEYC_PASTE_END);
	}
	if (k == KEY_F(1))
		return (KEYC_F1);
	if (k == KEY_F(4))
		return (KEYC_F4);
	if (k == KEY_F(3))
		return (KEYC_F3);
	if (k == KEY_F(5))
		return (KEYC_F5);
	return (-1);
}

/*
 * The next key, or -1 when none is waiting (the screen is in nodelay
 * mode). Keys ncurses does not know are skipped, and so is KEY_RESIZE:
 * resizeterm() queues one after loop.c's SIGWINCH has been handled, and
 * resizing again for it would queue another, for ever.
 */
int
keys_read(void)
{
	wint_t	wc, next;
	int	rc, key;

	for (;;) {
		if ((rc = get_wch(&wc)) == ERR)
			return (-1);
		if (rc == KEY_CODE_YES) {
			if ((key = keys_function(wc)) != -1)
				return (key);
			continue;
		}
		if (wc != 033)
			return (wc == 0x7f || wc == 0x08 ? KEYC_BACKSPACE :
			    (int)wc);
		/* ESC: alone it is Esc; with a key right behind it, Alt. */
		if ((rc = get_wch(&next)) == ERR)
			return (KEYC_ESC);
		if (rc != KEY_CODE_YES)
			return (KEYC_ALT | (next == 0x7f || next == 0x08 ?
			    KEYC_BACKSPACE : (int)next));
		/* Alt with a function key: the key alone will do. */
		if ((key = keys_function(next)) != -1)
			return (key);
	}
}

/*
 * The line-editing action for a key (readline's emacs bindings). Returns 0
 * and sets *action, or -1 when the key does not edit.
 */
int
keys_edit(int key, enum input_key *action)
{
	static const struct {
		int		key;
		enum input_key	action;
	} map[] = {
		{ KEYC_LEFT, INPUT_LEFT },
		{ 'B' - 64, INPUT_LEFT },		/* Ctrl-B */
		{ KEYC_RIGHT, INPUT_RIGHT },
		{ 'F' - 64, INPUT_RIGHT },		/* Ctrl-F */
		{ KEYC_HOME, INPUT_HOME },
		{ 'A' - 64, INPUT_HOME },		/* Ctrl-A */
		{ KEYC_END, INPUT_END },
		{ 'E' - 64, INPUT_END },		/* Ctrl-E */
		{ KEYC_ALT | 'b', INPUT_WORD_LEFT },
		{ KEYC_WORD_LEFT, INPUT_WORD_LEFT },
		{ KEYC_ALT | 'f', INPUT_WORD_RIGHT },
		{ KEYC_WORD_RIGHT, INPUT_WORD_RIGHT },
		{ KEYC_BACKSPACE, INPUT_BACKSPACE },
		{ KEYC_DELETE, INPUT_DELETE },
		{ 'D' - 64, INPUT_DELETE },		/* Ctrl-D */
		{ 'W' - 64, INPUT_KILL_WORD_LEFT },	/* Ctrl-W */
		{ KEYC_ALT | KEYC_BACKSPACE, INPUT_KILL_WORD_LEFT },
		{ KEYC_ALT | 'd', INPUT_KILL_WORD_RIGHT },
		{ 'U' - 64, INPUT_KILL_TO_START },	/* Ctrl-U */
		{ 'K' - 64, INPUT_KILL_TO_END },	/* Ctrl-K */
		{ 'Y' - 64, INPUT_YANK },		/* Ctrl-Y */
		{ KEYC_UP, INPUT_HISTORY_UP },
		{ KEYC_DOWN, INPUT_HISTORY_DOWN },
		{ KEYC_ALT | '\r', INPUT_NEWLINE },	/* Alt-Enter */
		{ KEYC_ALT | '\n', INPUT_NEWLINE },
	};
	size_t	i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].key == key) {
			*action = map[i].action;
			return (0);
		}
	}
	return (-1);
}
