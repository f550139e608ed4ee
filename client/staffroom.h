/*
 * staffroom.h: the client's one header. The client is one event loop
 * (loop.c) over the terminal, the protocol connection and a signal pipe.
 * net.c carries protocol lines over SSH (or, when spawned by the daemon,
 * over file descriptor 3); rpc.c matches replies to requests; session.c
 * keeps the rooms and messages and survives reconnects; a frontend (ui.c
 * for the full screen, plain.c for line-oriented use) shows it all, with
 * its boards and people halves (struct boards_frontend, struct
 * people_frontend), so no code asks which frontend runs. On the full
 * screen each screen is a struct ui_mode in its own file, like tmux's
 * window modes; ui.c draws the current one and hands it the keys. The
 * allocators, clocks, UTF-8 decoder and tag table are proto's, shared with
 * the daemon; tests/layering.sh keeps libssh, curses and error codes in
 * their places.
 */
#ifndef STAFFROOM_CLIENT_H
#define STAFFROOM_CLIENT_H

#include <sys/queue.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <curses.h>
#include <jansson.h>
#include <libssh/libssh.h>

#include "staffroom/proto.h"
#include "staffroom/common.h"

struct client;
struct post;
struct thread;
struct names_list;

/* A limit from proto.h as a string literal, for messages fixed at compile time. */
#define CLIENT_STR(x)	#x
#define CLIENT_XSTR(x)	CLIENT_STR(x)

/* text.c: neutralising and measuring text from the network */
#define TEXT_BODY	0x1	/* keep newlines, expand tabs (message bodies) */
size_t	 text_decode(const char *, size_t, wchar_t *);
wchar_t	*text_neutralise(const char *, size_t, int, size_t *);
int	 text_cwidth(wchar_t);
int	 text_width(const wchar_t *, size_t);
size_t	 text_fit(const wchar_t *, size_t, int, int *);
char	*text_to_utf8(const wchar_t *, size_t);
char	*text_safe_utf8(const char *, int);

/* wrap.c */
struct wrap_line {
	size_t	off;	/* first character */
	size_t	len;	/* characters, trailing break spaces dropped */
	int	cols;	/* columns the line takes */
};
size_t	wrap_text(const wchar_t *, size_t, int, struct wrap_line *, size_t);

/* input.c: the line editor */
enum input_key {
	INPUT_LEFT,
	INPUT_RIGHT,
	INPUT_HOME,		/* Home, Ctrl-A */
	INPUT_END,		/* End, Ctrl-E */
	INPUT_WORD_LEFT,	/* Alt-b, Ctrl-Left */
	INPUT_WORD_RIGHT,	/* Alt-f, Ctrl-Right */
	INPUT_BACKSPACE,
	INPUT_DELETE,		/* Delete, Ctrl-D */
	INPUT_KILL_WORD_LEFT,	/* Ctrl-W */
	INPUT_KILL_WORD_RIGHT,	/* Alt-d */
	INPUT_KILL_TO_START,	/* Ctrl-U */
	INPUT_KILL_TO_END,	/* Ctrl-K */
	INPUT_YANK,		/* Ctrl-Y */
	INPUT_HISTORY_UP,	/* Up */
	INPUT_HISTORY_DOWN,	/* Down */
	INPUT_NEWLINE,		/* Alt-Enter */
};

struct input {
	wchar_t	 *buf;
	size_t	  len;
	size_t	  cap;
	size_t	  cur;		/* cursor, 0..len */
	size_t	  first;	/* first character shown (horizontal scroll) */
	wchar_t	 *kill;		/* last cut text, for Ctrl-Y */
	size_t	  killlen;
	wchar_t	**hist;		/* oldest first */
	size_t	  nhist;
	size_t	  hpos;		/* nhist while editing a new line */
	wchar_t	 *saved;	/* the new line while browsing history */
	size_t	  savedlen;
	int	  masked;	/* a password: drawn as stars, no history */
};

void	 input_init(struct input *, int);
void	 input_free(struct input *);
void	 input_insert(struct input *, wchar_t);
void	 input_key(struct input *, enum input_key);
void	 input_set(struct input *, const char *);
void	 input_complete(struct input *, size_t, const char *);
void	 input_clear(struct input *);
char	*input_take(struct input *);
size_t	 input_scroll(const struct input *, int, size_t);

/* keys.c: terminal keys as ints: characters, control codes, or these */
#define KEYC_ALT	0x40000000	/* or'd with a key: Alt (ESC prefix) */
enum {
	KEYC_LEFT = 0x200000,		/* above every Unicode code point */
	KEYC_RIGHT,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_HOME,
	KEYC_END,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_BACKSPACE,
	KEYC_DELETE,
	KEYC_WORD_LEFT,
	KEYC_WORD_RIGHT,
	KEYC_BTAB,
	KEYC_ESC,
	KEYC_F1,
	KEYC_PASTE_START,
	KEYC_PASTE_END,
	KEYC_F4,
	KEYC_F3,		/* the boards */
	KEYC_F5,		/* the moderators' console */
};
void	keys_init(void);
int	keys_read(void);
int	keys_edit(int, enum input_key *);

/* knownhosts.c: deciding whether to trust the server's host key */
enum kh_verdict {
	KH_ACCEPT,		/* known and matching */
	KH_ASK,			/* never seen: show the fingerprint, ask */
	KH_REFUSE_CHANGED,	/* a different key than before: refuse */
	KH_REFUSE_OTHER,	/* known under another key type: refuse */
	KH_ERROR,		/* could not read the files */
};
enum kh_verdict	 kh_decide(enum ssh_known_hosts_e);
int		 kh_rsa_bits(const unsigned char *, size_t);
char		*kh_describe(ssh_key, const char *);
int		 kh_check(ssh_session, const char *, const char *);

/* target.c: [handle@]host[:port] and the files under the person's home */
struct target {
	char	*user;
	char	*host;
	int	 port;
};
int	 target_parse(const char *, int, struct target *);
void	 target_free(struct target *);
char	*target_display(const struct target *);
char	*path_config_dir(void);
char	*path_config_mkdir(void);
char	*path_home_file(const char *);

/* tty.c: questions asked on the terminal before the screen starts */
char	*tty_prompt(const char *, int);
int	 tty_confirm(const char *);

/* auth.c: keys, passwords and the order they are tried in */
enum auth_method {
	AUTH_NONE,
	AUTH_KEY,
	AUTH_AGENT,
	AUTH_PASSWORD,
};
struct auth {
	enum auth_method	 method;	/* what worked, for reconnects */
	ssh_key			 key;
	char			*secret;	/* password (sodium_malloc'd) */
	int			 kbdint;	/* it went by keyboard-interactive */
	const char		*identity;	/* -i KEYFILE, tried first */
	const char		*password;	/* fixed answer (the join login) */
};
int	 auth_interactive(ssh_session, struct auth *, const char *,
	    const char *);
int	 auth_again(ssh_session, struct auth *);
void	 auth_free(struct auth *);
char	**auth_key_paths(const char *, size_t *);
char	*auth_find_pubkey(const char *);
char	*auth_make_key(void);

/* net.c: the protocol connection */
enum net_state {
	NET_OFFLINE,
	NET_CONNECTING,
	NET_READY,
};
struct net {
	enum net_state	 state;
	bool		 spawned;	/* fd 3 from the daemon, no SSH */
	int		 fd;
	ssh_session	 session;
	ssh_channel	 channel;
	int		 stage;		/* progress while connecting */
	uint64_t	 deadline;	/* give up connecting then */
	struct target	*target;
	struct auth	 auth;
	ssh_key		 hostkey;	/* the key accepted at first contact */
	bool		 fatal;		/* do not try again (host key changed) */
	char		*out;
	size_t		 outlen;
	size_t		 outcap;
	struct linebuf	 in;
	char		*error;		/* why the last attempt failed */
};
bool	 net_library_init(void);
void	 net_library_free(void);
int	 net_open(struct net *, struct target *);
int	 net_open_fd(struct net *, int);
void	 net_reconnect_start(struct net *);
int	 net_reconnect_step(struct net *);
void	 net_close(struct net *);
void	 net_free(struct net *);
short	 net_events(struct net *);
void	 net_send(struct net *, const char *, size_t);
int	 net_service(struct net *, struct client *);
int	 net_flush(struct net *);
void	 net_set_error(struct net *, const char *);

/* rpc.c: requests out, replies and events in */
typedef void (*rpc_cb)(struct client *, json_t *, void *);
struct rpc_pending {
	int64_t				 id;
	rpc_cb				 cb;
	void				*arg;
	TAILQ_ENTRY(rpc_pending)	 entry;
};
TAILQ_HEAD(rpc_list, rpc_pending);
int64_t		 rpc_send(struct client *, json_t *, rpc_cb, void *);
void		 rpc_line(struct client *, const char *, size_t);
void		 rpc_fail_all(struct client *);
enum proto_error rpc_error(json_t *, const char **, const char **);
bool		 rpc_failed(struct client *, json_t *);
char		*rpc_id_text(json_t *);
/*
 * A personal_data_suspected refusal in plain words ("it looks like a UPN,
 * a pupil's number, so it was not sent"), naming what was found and never
 * the text; *confirmable says whether the author may send it anyway.
 */
char		*rpc_guard_text(json_t *reply, bool *confirmable);

/* session.c: rooms, messages, sync and the outbox */
struct msg {
	int64_t	 id;
	int64_t	 ts;		/* UTC milliseconds */
	char	*from;
	char	*body;		/* as received */
	wchar_t	*text;		/* body, neutralised for drawing */
	size_t	 textlen;
	bool	 mention;
	bool	 edited;	/* text ends in "(edited)" */
	bool	 personal_data;	/* confirmed past the pupil-data guard */
	bool	 action;	/* "/me waves": text is "waves", shown "* handle waves" */
};
/* What everyone sees before a message its author confirmed past the guard. */
#define MSG_PERSONAL_DATA_TAG	"[confirmed: personal data]"
/* A message body starting so is an action, as in IRC. */
#define MSG_ACTION	"/me "

struct room {
	char		 *id;
	char		 *name;
	enum room_kind	  kind;
	int		  unread;
	int		  mentions;
	int64_t		  last_id;
	int64_t		  read_upto;	/* the server's read marker */
	int64_t		  read_sent;	/* room.read asked up to here */
	int64_t		  marker;	/* "new messages" line for this visit */
	struct msg	**msgs;		/* by id, contiguous up to the newest */
	size_t		  nmsgs;
	size_t		  capmsgs;
	int		  loaded;	/* the newest page has been fetched */
	int		  more;		/* older messages exist on the server */
	int		  loading;	/* a history request is out */
	int		  scroll;	/* UI: lines scrolled up from the bottom */
	int64_t		  shown_from;	/* plain: oldest message printed (0: none) */
	int		  listed;	/* in the last rooms.list */
	int		  caught_up;	/* a meeting room: meeting.get asked */
	char		 *pinned;	/* its moderators' pinned announcement, or NULL */
};

struct outmsg {
	char			*room;
	char			*body;
	wchar_t			*text;		/* body, neutralised for drawing */
	size_t			 textlen;
	bool			 inflight;	/* sent, no reply yet */
	bool			 uncertain;	/* connection lost while in flight */
	bool			 confirm;	/* confirm_personal_data (/confirm) */
	int64_t			 floor;		/* newest id seen when sent */
	uint64_t		 not_before;	/* rate limited until then */
	TAILQ_ENTRY(outmsg)	 entry;
};
TAILQ_HEAD(outbox, outmsg);

/* Why a message reached the frontend. */
enum msg_origin {
	MSG_LIVE,	/* an event, as it happened */
	MSG_SYNC,	/* missed while away, caught up by sync */
	MSG_HISTORY,	/* an older page asked for */
	MSG_OWN,	/* the reply to our own room.send */
	MSG_EDITED,	/* its author changed it (msgedit.c) */
	MSG_DELETED,	/* its author deleted it: gone from the room */
	MSG_REMOVED,	/* a moderator hid it: gone from the room */
	MSG_MENTION,	/* one already shown turned out to mention you */
};

void		 session_hello(struct client *, json_t *);
void		 session_event(struct client *, const char *, json_t *);
void		 session_lost(struct client *);
struct room	*session_room(struct client *, const char *);
struct room	*session_current(struct client *);
int		 session_find(struct client *, const char *);
void		 session_switch(struct client *, size_t);
void		 session_send(struct client *, const char *);
/* /confirm: sends the last text the guard refused, confirmed, where it was. */
bool		 session_confirm(struct client *, const char *);
bool		 session_mentions_me(struct client *, const char *);
size_t		 session_history_take(struct client *, struct room *, json_t *,
		    struct msg ***);
void		 session_bell(struct client *, struct room *);
void		 session_send_to(struct client *, const char *, const char *);
void		 session_history(struct client *, struct room *, int);
void		 session_mark_read(struct client *, struct room *);
void		 session_outbox_flush(struct client *);
uint64_t	 session_outbox_due(struct client *);
bool		 session_idle(struct client *);
void		 session_free(struct client *);
void		 session_goto(struct client *, const char *);
/* room.c */
bool		 room_insert(struct room *, struct msg *);
void		 room_free(struct room *);
struct msg	*msg_from_json(json_t *);
void		 msg_free(struct msg *);
int		 room_kind_order(enum room_kind);
const char	*room_kind_title(enum room_kind);

/* What a post being written is (compose.c). */
enum compose_kind {
	COMPOSE_THREAD,		/* a new thread: title, tags, body */
	COMPOSE_REPLY,
	COMPOSE_EDIT,
};

/*
 * How a frontend shows the boards: boards_screen.c's modes on the full
 * screen, boards_plain.c's lines in plain mode. The boards' state,
 * requests and commands call these instead of asking which one runs.
 */
struct boards_frontend {
	/* Something shown changed. */
	void	(*changed)(struct client *);
	/* /boards: the board list. */
	void	(*boards)(struct client *);
	/* A board's threads or a thread were asked for by command. */
	void	(*opened)(struct client *);
	/* Answers: the board list, a board's threads, a page of posts. */
	void	(*listed)(struct client *);
	void	(*threads)(struct client *);
	void	(*posts)(struct client *, struct post **, size_t);
	/* A post came live (takes it); here: in the open thread. */
	void	(*live)(struct client *, struct post *, struct thread *,
		    bool here, bool edit, bool mine);
	void	(*deleted)(struct client *, int64_t);
	/* One's own post as the server stored it (takes it). */
	void	(*posted)(struct client *, struct post *,
		    enum compose_kind kind);
	/* A moderator's or watcher's write went through. */
	void	(*done)(struct client *);
	/* A post's versions came (bd.history). */
	void	(*history)(struct client *);
	/* The composer, or NULL: the text must come on the command line. */
	void	(*compose)(struct client *, enum compose_kind kind,
		    const char *board, int64_t target, const struct post *quote,
		    const char *text);
};

/*
 * How a frontend shows people, the directory, search and the login
 * summary: directory.c's for the full screen, plain.c's for plain mode.
 */
struct people_frontend {
	/* Something shown changed (presence, the summary's lists). */
	void	(*changed)(struct client *);
	/* A DM or buddy chat was opened for the person: show it. */
	void	(*room_opened)(struct client *);
	/* Someone's presence changed. */
	void	(*presence)(struct client *, const char *);
	/* A profile came; /profile with nothing after it. */
	void	(*profile)(struct client *, json_t *);
	void	(*own_profile)(struct client *);
	/*
	 * profile.set answered: field NULL when saved, else the field refused
	 * ("" when unnamed). NULL in a frontend with no profile form.
	 */
	void	(*profile_saved)(struct client *, const char *);
	/* /people FILTERS, /suggest, and what the directory answered. */
	void	(*directory)(struct client *, const char *);
	void	(*suggesting)(struct client *);
	void	(*results)(struct client *, bool suggested);
	void	(*search_failed)(struct client *);
	/* /report with nothing after it: pick a message. */
	void	(*report)(struct client *);
	/* "While you were away"; always: even when nothing is new. */
	void	(*summary)(struct client *, bool always);
	/* A search was asked; its hits came. */
	void	(*searching)(struct client *);
	void	(*hits)(struct client *);
};

/* Frontends: what the session tells the screen (or the plain output). */
struct frontend {
	int	(*init)(struct client *);
	void	(*done)(struct client *);
	void	(*ready)(struct client *);
	void	(*status)(struct client *);
	void	(*rooms)(struct client *);
	void	(*message)(struct client *, struct room *, struct msg *,
		    enum msg_origin);
	void	(*history)(struct client *, struct room *, struct msg **,
		    size_t);
	void	(*switched)(struct client *);
	void	(*notice)(struct client *, const char *);
	void	(*error)(struct client *, const char *, const char *);
	void	(*rejected)(struct client *, const char *, const char *,
		    const char *, const char *);
	/*
	 * The server shut the person out (code, and why in words): tell them,
	 * and end the client (c->quit) once they can have read it.
	 */
	void	(*shut_out)(struct client *, const char *, const char *);
	void	(*join_form)(struct client *);
	void	(*help)(struct client *);
	void	(*tags)(struct client *);	/* the thread tags */
	/* The moderators' console (/mod, F5), on the tab named if any. */
	void	(*console)(struct client *, const char *tab);
	/*
	 * A meeting or its minutes as lines ({"text", "current"?, "record"?}):
	 * a screen of its own, or notices. meeting: whose (0: the minutes),
	 * for the full screen's standing panel of the floor.
	 */
	void	(*meeting)(struct client *, json_int_t meeting, const char *title,
		    json_t *lines);
	const struct boards_frontend *boards;	/* how it shows the boards */
	const struct people_frontend *people;	/* ... people, search */
	void	(*account)(struct client *);
	void	(*keys)(struct client *);
	void	(*passwd)(struct client *);
	void	(*input)(struct client *);
	void	(*resize)(struct client *);
	void	(*tick)(struct client *);
	/*
	 * Who may read a room (names.c), or NULL: the panel closes.
	 * names_panel: the full screen's panel, which /names toggles.
	 */
	void	(*names)(struct client *, const struct names_list *);
	bool	  names_panel;
	/* /find's matches in r, oldest first (find.c). */
	void	(*found)(struct client *, struct room *, struct msg **, size_t);
	/* /unread: r->msgs[first] is the first new one (first == nmsgs: none). */
	void	(*unread)(struct client *, struct room *, size_t first);
	/* Something for you came: ring unless room r (NULL: none) shows. */
	void	(*bell)(struct client *, struct room *);
	/* How to send what the pupil-data check stopped, after its refusal. */
	const char	*confirm_hint;
};
extern const struct frontend ui_frontend;
extern const struct frontend plain_frontend;
extern const struct boards_frontend boards_screen_frontend;
extern const struct boards_frontend boards_plain_frontend;
extern const struct people_frontend people_screen_frontend;	/* directory.c */
extern const struct people_frontend people_plain_frontend;	/* plain.c */

struct room	*cmd_room(struct client *);
void	fe_notice(struct client *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* ui.c and its screens (help.c, account.c, join.c), ui_status.c */
/*
 * A screen of the full-screen frontend, like tmux's window_mode: ui.c draws
 * the current mode and hands it the keys and events, and knows nothing of
 * what each screen shows. Each screen's file defines its mode.
 */
struct ui_mode {
	const char	*name;
	void		 (*draw)(struct client *);
	void		 (*key)(struct client *, int);
	/* An error reply while the screen shows; false: the status line. */
	bool		 (*error)(struct client *, enum proto_error,
			    const char *);
	/* Signed in while the screen shows. */
	void		 (*ready)(struct client *);
};
extern const struct ui_mode rooms_mode;		/* ui.c: the rooms and chat */
extern const struct ui_mode help_mode;		/* help.c */
extern const struct ui_mode account_mode;	/* account.c */
extern const struct ui_mode join_mode;		/* join.c: the join form */
extern const struct ui_mode directory_mode;	/* directory.c */
extern const struct ui_mode profile_mode;
extern const struct ui_mode report_mode;
extern const struct ui_mode away_mode;		/* away.c: the login summary */
extern const struct ui_mode boards_mode;	/* boards.c */
extern const struct ui_mode threads_mode;
extern const struct ui_mode thread_mode;
extern const struct ui_mode history_mode;	/* a post's versions */
extern const struct ui_mode compose_mode;	/* compose.c */
extern const struct ui_mode search_mode;	/* search.c */
extern const struct ui_mode tags_mode;		/* tags_screen.c */
extern const struct ui_mode console_mode;	/* console_screen.c */
void	console_screen_open(struct client *, const char *);
void	console_screen_free(void);
/* A tab of the console: files other than console_screen.c add theirs. */
struct console_tab {
	const char	*name;
	void		 (*open)(struct client *);
	void		 (*draw)(struct client *, int top, int height);
	void		 (*key)(struct client *, int);
	const char	*keys;		/* the line under the tabs */
};
typedef void	(*console_answer_fn)(struct client *, const char *);
/* Asks on the bottom line; Enter hands the answer to done, Esc drops it. */
void	console_screen_ask(const char *prompt, const char *initial,
	    console_answer_fn done);
/* console_invites_screen.c: the Invites tab */
extern const struct console_tab console_invites_tab;
void	tags_screen_open(struct client *);
extern const struct ui_mode meeting_mode;	/* meeting_screen.c */
void	meeting_screen_open(struct client *, json_int_t, const char *,
	    json_t *);
void	meeting_screen_free(void);
/* The sidebar's meetings ahead, below the rooms. */
void	meeting_sidebar(int top, int h, int w);

struct ui {
	const struct ui_mode	*mode;
	bool			 dirty;		/* draw at the end of this loop turn */
	bool			 colour;	/* colours on (not NO_COLOR) */
	bool			 paste;		/* inside a bracketed paste */
	bool			 shut_out;	/* the server shut the person out: a key ends */
	struct input		 input;		/* the message line */
	char			*notice;	/* shown on the status line */
	bool			 notice_error;
	int			 shown_secs;	/* the countdown as last drawn */
	int			 help_top;	/* help screen scroll */
	int			 cursor_y;	/* where the terminal cursor goes */
	int			 cursor_x;
};
extern struct ui ui;
#define UI_HANDLE_COLOURS	6
#define UI_PAIR_MARKER		(UI_HANDLE_COLOURS + 1)
int	ui_put(int, int, const char *, int, attr_t);
int	ui_put_w(int, int, const wchar_t *, size_t, int, attr_t);
int	ui_cols(const char *);
void	ui_fill(int, attr_t);
void	ui_messages_box(int *, int *, int *);
/* ui_messages.c */
void	ui_draw_messages(struct client *, struct room *, int, int, int, int);
int	ui_msg_rows(struct room *, size_t, int);
void	ui_show_msg(struct client *, struct room *, size_t, int);
/* ui_status.c */
void	ui_draw_status(struct client *, int);
/* Rows a notice too long for the status line takes above it (0: none). */
int	ui_notice_rows(struct client *);
int	ui_retry_secs(struct client *);
void	ui_draw_input(int, int, int, const char *, struct input *);
void	ui_notice_set(const char *, int);
int	ui_key_insert(struct input *, int);
/* complete.c: Tab in the message line */
void	complete_tab(struct client *, struct input *);
void	complete_done(void);
void	help_key(struct client *, int);
void	account_screen_open(struct client *, int);
void	account_screen_free(void);
void	join_form_open(struct client *);
void	join_form_free(void);

/* presence.c: presence marks and the members of private rooms */
enum presence_state {
	PRESENCE_UNKNOWN,	/* ordered: a buddy chat shows its liveliest */
	PRESENCE_OFFLINE,
	PRESENCE_AWAY,
	PRESENCE_ONLINE,
};

/* backfill.c: older pages of a room, quietly, until there is enough */
typedef bool	 (*backfill_done)(struct room *);
typedef void	 (*backfill_cb)(struct client *, struct room *);
void		 backfill(struct client *, struct room *, backfill_done,
		    backfill_cb);
void		 backfill_cancel(void);

/* find.c: searching the room on screen (/find, Ctrl-R, Ctrl-S) */
void		 find_command(struct client *, const char *);
struct msg	*find_step(struct room *, int, size_t *, size_t *);
bool		 find_active(const struct room *);
int64_t		 find_current(void);
const char	*find_text(void);
long		 find_next(const wchar_t *, size_t, size_t, size_t *);
void		 find_end(void);

/* unread.c: to the first message new on coming to the room (/unread, Alt-u) */
void		 unread_command(struct client *, const char *);

/* names.c: who may read a room (/names, /who) */
struct names_person {
	char			*handle;
	char			*name;		/* NULL: they do not show it */
	enum presence_state	 state;
	bool			 hidden;	/* they hide their presence */
	bool			 unseen;	/* no presence: a block between us */
	int64_t			 last_seen;
};
struct names_list {
	char			*room;
	char			*room_name;
	struct names_person	*people;	/* online, away, then the rest */
	size_t			 n;
	bool			 cut;		/* there are more than listed */
	bool			 loading;
};
void		 names_command(struct client *, const char *);
void		 names_follow(struct client *);
void		 names_presence(const char *);
char		*names_presence_words(const struct names_person *);
const struct names_list *names_of(const struct room *);
const struct names_list *names_panel(void);
int		 names_panel_width(int);		/* names_screen.c */
void		 names_panel_draw(int, int, int, int);
void		 names_free(void);

enum presence_state	 presence_parse(const char *);
const char		*presence_mark(enum presence_state);
const char		*presence_word(enum presence_state);
void			 people_presence_set(const char *, enum presence_state,
			    int64_t);
enum presence_state	 people_presence(const char *, int64_t *);
void			 people_presence_json(json_t *, const char *);
void			 people_presence_ask_one(struct client *, const char *);
void			 people_room_json(struct client *, struct room *,
			    json_t *);
size_t			 people_room_members(struct room *, char ***);
enum presence_state	 people_room_presence(struct client *, struct room *);
void			 people_rooms_listed(struct client *);
const char		*people_member_handle(json_t *);
void			 presence_member_event(struct client *, json_t *);
void			 presence_room_gone_event(struct client *, json_t *);
void			 presence_free(void);

/* region.c: regions by name (regions.list), the slug until known */
void		 region_names_ask(struct client *);
const char	*region_name(const char *);
void		 region_names_free(void);
char		*region_scope_words(const char *);

#include "people.h"

/* tags.c: reading proto's thread tags as people type them; pure text helpers */
bool		 board_tag_find(const char *, size_t, unsigned *);
int		 board_tags_parse(const char *, char ***, size_t *, char **);
char		*board_quote_excerpt(const char *, size_t);
int		 board_parse_new(const char *, char **, char ***, size_t *,
		    char **, char **);
void		 board_strv_free(char **, size_t);

/* A post laid out for drawing: header, quote block, body. */
enum post_line_kind {
	PL_HEAD,	/* author, time, "edited" */
	PL_QUOTE_HEAD,	/* "handle wrote:" over a quote */
	PL_QUOTE,	/* a line of quoted text, drawn behind a bar */
	PL_BODY,	/* a line of the post's own text */
	PL_GAP,		/* the blank line after a post */
};
struct post_line {
	enum post_line_kind	 kind;
	const wchar_t		*text;
	size_t			 off;
	size_t			 len;
};
struct post;
size_t		 post_layout(const struct post *, int, struct post_line *,
		    size_t);

/* boards.c: boards, threads and posts (both frontends) */
struct post {
	int64_t	 id;
	int64_t	 thread;
	int64_t	 ts;
	char	*author;
	char	*body;		/* as received */
	wchar_t	*text;		/* body, neutralised */
	size_t	 textlen;
	bool	 edited;
	bool	 personal_data;	/* confirmed past the pupil-data guard */
	int	 deleted;	/* hidden (a moderator may still see it) */
	int64_t	 quote_post;
	char	*quote_author;
	char	*quote_body;
	wchar_t	*quote;		/* quoted text, neutralised */
	size_t	 quotelen;
};
struct post	*post_from_json(json_t *);
void		 post_free(struct post *);
bool		 boards_event(struct client *, const char *, json_t *);
void		 boards_lost(struct client *);
void		 boards_open(struct client *);
void		 boards_sidebar(struct client *, int, int);
void		 boards_ask(struct client *);
bool		 boards_mention_at(size_t, const char **, const char **, int *);
void		 boards_free(void);
const struct ui_mode *boards_view(void);
void		 boards_open_thread(struct client *, int64_t, int64_t);
void		 boards_posted(struct client *, json_t *, int);
int64_t		 boards_current_thread(void);
const char	*boards_current_board(void);
json_t		*boards_board_idv(const char *);
const char	*boards_board_name(const char *);
/* The /commands for the boards, in cmd_table (cmd.c). */
void		 cmd_boards(struct client *, const char *);
void		 cmd_threads(struct client *, const char *);
void		 cmd_thread(struct client *, const char *);
void		 cmd_new(struct client *, const char *);
void		 cmd_post(struct client *, const char *);
void		 cmd_reply(struct client *, const char *);
void		 cmd_quote(struct client *, const char *);
void		 cmd_edit(struct client *, const char *);
void		 cmd_delete(struct client *, const char *);
void		 cmd_post_history(struct client *, const char *);
void		 cmd_restore(struct client *, const char *);
void		 cmd_catchup(struct client *, const char *);
void		 cmd_watch(struct client *, const char *);
void		 cmd_unwatch(struct client *, const char *);
void		 cmd_pin(struct client *, const char *);
void		 cmd_lock(struct client *, const char *);
void		 cmd_move(struct client *, const char *);
void		 cmd_search(struct client *, const char *);
void		 cmd_tags(struct client *, const char *);

/* compose.c: writing posts (in the screen, or in $VISUAL/$EDITOR) */
void	compose_open(struct client *, enum compose_kind, const char *,
	    int64_t, const struct post *, const char *);
void	compose_free(void);
int	compose_cursor_move(const wchar_t *, size_t, size_t, int, int);

/* search.c */
unsigned char	*search_marks(const char *, json_t *);
void	search_run(struct client *, const char *);
void	search_print(struct client *);
void	search_screen_open(struct client *);
void	search_free(void);

/* form.c: labelled fields on a screen (the profile, the directory's filters) */
enum ff_type {
	FF_TEXT,
	FF_INT,
	FF_LIST,	/* comma-separated, sent as an array of strings */
	FF_BOOL,
	FF_CHOICE,	/* one of choices_for(key), or none */
	FF_CHOICES,	/* any of choices_for(key) */
};
struct ff {
	const char	*label;
	const char	*key;		/* the request field ("a.b": in object a) */
	enum ff_type	 type;
	const char	*hint;		/* shown while the field has the focus */
	struct input	 in;
	int		 on;		/* FF_BOOL */
	uint32_t	 picked;	/* FF_CHOICE(S): bit i is choice i */
};
struct form {
	struct ff	*f;
	size_t		 n;
	size_t		 focus;
	bool		 picking;	/* the focused field's list is open */
	size_t		 pick;		/* the choice selected in it */
	uint32_t	 was;		/* what it held when it opened */
};
void	form_init(struct form *, const struct ff *, size_t);
void	form_free(struct form *);
int	form_draw(struct form *, int, int);
int	form_key(struct form *, int);
void	form_request(struct form *, json_t *, int);
bool	form_focus(struct form *, const char *);
void	form_set(struct ff *, json_t *);

/* choices.c: profile values picked from a list, with their labels */
struct choice {
	const char	*value;		/* as the protocol has it */
	const char	*label;		/* as people read it */
};
const struct choice	*choices_for(const char *);
size_t			 choices_count(const struct choice *);
const char		*choices_label(const struct choice *, const char *);
int			 choices_find(const struct choice *, const char *);
char			*choices_text(const char *, json_t *);

/* msgedit.c: editing and deleting chat messages */
void	msg_set_body(struct msg *, const char *, bool);
void	msgedit_apply(struct client *, json_t *);
void	msgedit_edit(struct client *, const char *);
void	msgedit_delete(struct client *, const char *);
void	msgedit_versions(struct client *, const char *);
bool	msgedit_line_active(void);
void	msgedit_line_begin(struct client *, struct input *);
void	msgedit_line_submit(struct client *, struct input *);
void	msgedit_line_cancel(struct input *);

/* meeting.c: meeting series and meetings, in both frontends */
bool	meeting_event(struct client *, const char *, json_t *);
/* The summary's meetings and open actions, as one notice. */
void	meeting_summary(struct client *, json_t *);
bool	meeting_room_is_open(struct client *);
bool	meeting_record_line(const char *room, const char *body);
/* The current item of a meeting room for the title; NULL when not known. */
char	*meeting_header(const char *);
char	*meeting_item_text(const json_t *);
/* Labels of the meetings not started yet, soonest first; caller frees. */
char	**meeting_upcoming(size_t *);
void	meeting_catch_up(struct client *, const char *);
/* The meeting named by arg, or of the meeting room open now; 0 (and said): none. */
json_int_t meeting_number(struct client *, const char *);
/* Sends a meeting op; done: what to say when it succeeds. */
void	meeting_send(struct client *, json_t *, const char *done);
/* Appends {"text", flag?: true} to a meeting view's lines. */
void	meeting_line(json_t *lines, const char *flag, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* meeting_floor.c: the speaker queue, votes and reminders */
bool	floor_event(struct client *, const char *, json_t *);
void	floor_reminder(struct client *, const json_t *meeting, const char *which);
void	floor_ack(struct client *, const char *);
void	floor_vote(struct client *, const char *);
void	floor_closevote(struct client *, const char *);
void	floor_free(void);
/* A meeting as now (meeting object), and meeting.get's reply: the floor kept. */
void	floor_meeting(const json_t *);
void	floor_catch_up(const json_t *reply);
/* The live meeting's queue and open votes as meeting_line lines; NULL: not live. */
json_t	*floor_panel(json_int_t meeting);
void	meeting_next(struct client *);
void	meeting_free(void);
void	meeting_series(struct client *, const char *);
void	meeting_meetings(struct client *, const char *);
void	meeting_meeting(struct client *, const char *);
void	meeting_schedule(struct client *, const char *);
void	meeting_agenda(struct client *, const char *);
void	meeting_startmeeting(struct client *, const char *);
void	meeting_endmeeting(struct client *, const char *);
void	meeting_item(struct client *, const char *);
void	meeting_topic(struct client *, const char *);
void	meeting_actions(struct client *, const char *);
void	meeting_done(struct client *, const char *);
void	meeting_minutes(struct client *, const char *);
/* Whether this client may write files (says why not); writes text to file, or says it failed. */
bool	meeting_can_save(struct client *, const char *instead);
bool	meeting_save(struct client *, const char *file, const char *text,
	    const char *what);
/* calendar.c: /ics */
void	calendar_ics(struct client *, const char *);

/* cmd.c: slash commands, shared by both frontends */
#define CMD_ONLINE	0x1	/* talks to the server */
#define CMD_ARG		0x2	/* needs an argument */
struct cmd_entry {
	const char	*name;
	const char	*alias;
	const char	*args;
	const char	*help;
	int		 flags;
	void		(*exec)(struct client *, const char *);
	/* Or one function for several entries, told which by value. */
	void		(*exec_value)(struct client *, const char *, int);
	int		 value;
};
extern const struct cmd_entry cmd_table[];
int		 cmd_run(struct client *, const char *);

/* help.c: the keys, for /help, F1 and the man page's list */
struct help_key {
	const char	*keys;
	const char	*what;
};
extern const struct help_key help_keys[];

/* account.c: keys and password on the server */
void	account_keys(struct client *);
void	account_key_add(struct client *, const char *);
void	account_key_remove(struct client *, const char *);
void	account_passwd(struct client *, const char *, const char *);

/* join.c: redeeming an invite */
struct join_form {
	char	*code;
	char	*handle;
	char	*name;
	char	*pubkey;	/* from the command line: a key line */
	char	*password;	/* spawned: a plain ssh user has no key */
};
int		 join_command_line(struct client *, const char *);
void		 join_register(struct client *, const struct join_form *,
		    rpc_cb, void *);
const char	*join_explain(enum proto_error);
bool		 join_retry_handle(enum proto_error);

/* clock.c: local-time formatting */
void		 clock_hm(int64_t, char *, size_t);
int		 clock_day(int64_t);
void		 clock_day_text(int64_t, char *, size_t);
void		 clock_short_text(int64_t, char *, size_t);

/* loop.c: the one event loop */
int		 loop_run(struct client *);
int		 loop_wait(struct client *, bool *);
void		 loop_schedule_reconnect(struct client *);
char		*loop_offline_text(struct client *);

/* The whole client: one per process. */
struct client {
	const struct frontend	*fe;
	struct target		 target;
	bool			 plain;
	bool			 spawned;
	int			 joining;	/* --join: register, then log in */
	bool			 newcomer;	/* just registered: land in the region's room */
	bool			 quit;
	bool			 bell;		/* BEL for DMs and mentions elsewhere */
	int			 exit_code;
	bool			 stdin_eof;
	bool			 input_on;	/* the frontend reads stdin */

	struct net		 net;
	int64_t			 next_id;
	struct rpc_list		 pending;

	/* Who we are (NULL before hello, and in a join session). */
	char			*handle;
	char			*name;
	char			*region;
	char			*role;
	json_t			*moderates;	/* the scopes one moderates (hello's me) */
	char			*server;
	bool			 join_session;	/* hello said mode "join" */
	int			 ready;		/* rooms listed at least once */
	int			 syncing;	/* catching up after a drop */
	bool			 sync_started;
	int64_t			 live_max;	/* newest live id while syncing */
	bool			 rooms_pending;	/* a rooms.list is out */
	json_t			*unlisted;	/* live messages for rooms not listed yet */
	char			*bye;		/* reason the server gave */
	char			*bye_message;	/* suspended, banned: the moderator's reason */
	int64_t			 bye_until;	/* and when it ends (0: when lifted) */

	struct room		**rooms;	/* in sidebar order */
	size_t			  nrooms;
	size_t			  current;
	int64_t			  last_seen;	/* newest message id seen */
	struct outbox		  outbox;
	/* The last text the guard refused where it may be confirmed (/confirm). */
	char			 *pd_room;
	char			 *pd_body;

	uint64_t		  retry_at;	/* next reconnect attempt */
	int			  backoff;	/* seconds */
	int64_t			  lost_at;	/* when the connection went (UTC ms) */
	int			  attempts;	/* reconnects tried since */
	json_t			 *keys;		/* last account.keys answer */
};

#endif
