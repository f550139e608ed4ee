/*
 * people.h: people's part of staffroom.h: profiles, the directory, DMs and
 * blocks, moderation and the console, buddy chats, the summary, email.
 * Included by staffroom.h, at its place there.
 */
#ifndef STAFFROOM_CLIENT_PEOPLE_H
#define STAFFROOM_CLIENT_PEOPLE_H

/* people.c: profiles, the directory, DMs, blocks, reports */
struct people_field {
	char	*key;
	char	*label;
	char	*value;
};
char			*people_presence_text(const char *);
bool			 people_event(struct client *, const char *, json_t *);
enum proto_error	 people_failed(struct client *, json_t *, const char *);
char			*people_value_text(json_t *);
size_t			 people_profile_fields(json_t *, int,
			    struct people_field **);
void			 people_fields_free(struct people_field *, size_t);
char			*people_summary_line(json_t *);
void			 people_summary_rows(json_t *, char **, char **);
int			 people_filter_parse(const char *, json_t *);
/* What people_filter_parse takes, for the help and its refusals. */
#define PEOPLE_FILTERS_HELP	"filters are words and region:, school:URN, " \
	"trust:NAME (\"in quotes\" with spaces), need:, phase:, role:"
const char		*people_reply_room(json_t *);
json_t			*people_last_profile(void);
json_t			*people_last_results(void);
void			 people_whois(struct client *, const char *);
void			 people_profile_print(struct client *, json_t *);
void			 people_print_results(struct client *, bool);
void			 people_report_list(struct client *);
void			 people_directory_search(struct client *, const char *);
void			 people_profile_set(struct client *, json_t *);
void			 people_search(struct client *, json_t *);
void			 people_suggest(struct client *, json_t *);
void			 people_dm(struct client *, const char *);
void			 people_msg(struct client *, const char *);
void			 people_block(struct client *, const char *, int);
void			 people_blocks(struct client *, const char *);
void			 people_set_away(struct client *, int);
void			 people_hide_presence(struct client *, int);
void			 people_report(struct client *, int64_t, const char *);
void			 people_report_command(struct client *, const char *);
/* moderation.c: sanctions, report outcomes, goodbyes in words, /queue, /resolve, /lift */
bool			 mod_event(struct client *, const char *, json_t *);
/* The reply to a room.send a watched word held: said in words. */
void			 mod_held_notice(struct client *, json_t *held);
/* Says why the server closed the connection; true: do not come back. */
bool			 mod_bye_words(struct client *);
/* A report kind as the first word of *reason (moved past it), or NULL. */
const char		*mod_report_kind(const char **reason);
void			 mod_queue_command(struct client *, const char *);
void			 mod_resolve_command(struct client *, const char *);
void			 mod_lift_command(struct client *, const char *);
/* The lines of a queue entry, each with what it is (the screen marks them). */
enum mod_line {
	MOD_LINE_HEAD,		/* "entry 3 [room], scope ...:" */
	MOD_LINE_CONTEXT,	/* a message or post around the reported one */
	MOD_LINE_ITEM,		/* the reported one */
	MOD_LINE_REPORT,	/* who reported it, and why */
	MOD_LINE_HISTORY,	/* the author's earlier sanctions */
};
typedef void (*mod_line_fn)(void *, enum mod_line, const char *);
void			 mod_entry_text(json_t *, mod_line_fn, void *);
/* The next word of *s, copied; *s moves past it and the blanks after. */
char			*mod_word(const char **);
/* A mod_line_fn: each line as a notice (arg: the client). */
void			 mod_notice_line(void *, enum mod_line, const char *);
struct mod_resolution {
	int64_t		 entry;
	const char	*action;	/* dismiss, hide, warn, mute, suspend, ban */
	int64_t		 minutes;	/* mute and suspend */
	bool		 hide;		/* a sanction that hides the item too */
	const char	*reason;
};
void			 mod_resolve_send(struct client *,
			    const struct mod_resolution *, rpc_cb, void *);

/* console.c: the moderators' and admins' console, for both frontends */
#define CONSOLE_QUEUE_PAGE	50	/* entries fetched at once (mod.queue's most) */
struct console {
	bool	 open;		/* the screen shows (it follows events) */
	json_t	*entries;	/* the queue as last fetched */
	bool	 more;		/* entries beyond these wait */
	bool	 loaded;
	bool	 loading;
	size_t	 sel;		/* the selected entry */
	json_t	*online;	/* admin.who's people */
	size_t	 online_sel;
	json_t	*person;	/* admin.person's, as last asked */
	json_t	*rooms;		/* national, region and trust rooms (rooms.list) */
	size_t	 room_sel;
	json_t	*audit;		/* admin.audit's rows, oldest first */
	bool	 audit_more;
	json_t	*invites;	/* invite.list's, newest first */
	size_t	 invite_sel;
	json_t	*invites_made;	/* the codes this console made: shown once */
	char	*verified;	/* the audit chain's last check, in words */
};
#define CONSOLE_AUDIT_PAGE	200	/* rows fetched at once (admin.audit's most) */
extern struct console console;
bool	 console_allowed(struct client *);
void	 console_command(struct client *, const char *);
void	 console_queue_load(struct client *);
json_t	*console_entry(size_t);
void	 console_resolve(struct client *, const struct mod_resolution *);
void	 console_heard(struct client *, const char *);
char	*console_online_line(json_t *);
void	 console_person_text(json_t *, mod_line_fn, void *);
void	 console_who_load(struct client *);
void	 console_person_load(struct client *, const char *);
void	 console_kick(struct client *, const char *, const char *);
void	 console_online_command(struct client *, const char *);
void	 console_person_command(struct client *, const char *);
void	 console_kick_command(struct client *, const char *);
void	 console_rooms_load(struct client *);
char	*console_room_line(json_t *);
void	 console_room_op(struct client *, const char *, const char *, json_t *);
void	 console_room_toggle_command(struct client *, const char *, int);
void	 console_slow_command(struct client *, const char *);
void	 console_announce_command(struct client *, const char *);
char	*console_audit_line(json_t *);
void	 console_audit_load(struct client *, const char *);
void	 console_audit_command(struct client *, const char *);
void	 console_audit_verify(struct client *, int64_t);
void	 console_free(void);
/* console_people.c: roles and scopes; R, + and - on People, /role, /scope */
void	 console_person_scopes_text(json_t *, mod_line_fn, void *);
void	 console_role_set(struct client *, const char *, const char *);
void	 console_scope_set(struct client *, const char *, const char *,
	    const char *);
void	 console_role_command(struct client *, const char *);
void	 console_scope_command(struct client *, const char *);
bool	 console_people_roles_key(struct client *, int);
/*
 * console_rooms.c: a scope's watched words and moderators; w, x and g on
 * Rooms, /words, /watchword, /unwatchword, /moderators
 */
char	*console_word_line(json_t *);
char	*console_moderators_line(json_t *);
void	 console_scope_load(struct client *, const char *);
void	 console_scope_follow(struct client *);
void	 console_rooms_scopes_add(struct client *);
void	 console_scope_text(mod_line_fn, void *);
void	 console_word_watch(struct client *, const char *, const char *,
	    const char *);
bool	 console_rooms_words_key(struct client *, int);
void	 console_rooms_words_free(void);
void	 console_words_command(struct client *, const char *);
void	 console_watchword_command(struct client *, const char *);
void	 console_unwatchword_command(struct client *, const char *);
void	 console_moderators_command(struct client *, const char *);
/* console_held.c: held messages in the queue; /approve, /reject */
bool	 console_held_entry(json_t *);
char	*console_held_summary(json_t *);
void	 console_held_text(json_t *, mod_line_fn, void *);
void	 console_held_approve(struct client *, int64_t);
void	 console_held_reject(struct client *, int64_t, const char *);
void	 console_approve_command(struct client *, const char *);
void	 console_reject_command(struct client *, const char *);
/* console_held_screen.c: the Reports tab's a (approve) and x (reject) */
bool	 console_held_key(struct client *, json_t *, int);
/* console_invites.c: invites for both frontends; /invite, /invites, /revoke */
char	*console_invite_line(json_t *);
const char *console_invite_region(struct client *);
void	 console_invites_load(struct client *);
void	 console_invite_create(struct client *, const char *);
void	 console_invite_revoke(struct client *, const char *);
void	 console_invite_command(struct client *, const char *);
void	 console_invites_command(struct client *, const char *);
void	 console_revoke_command(struct client *, const char *);
void	 console_invites_free(void);
void			 people_free(void);

/* buddy.c: buddy chats, invitations and buddy requests */
enum pending_kind {
	PENDING_INVITE,		/* to a buddy chat: room, name, from */
	PENDING_REQUEST,	/* to be buddies: from, id */
};
struct pending {
	enum pending_kind	 kind;
	char			*room;
	char			*name;	/* the chat's name; a request's note */
	char			*from;
	char			*id;
};
size_t		 buddy_pending(struct pending **);
struct pending	*buddy_invite_json(json_t *);
struct pending	*buddy_request_json(json_t *);
void		 buddy_pending_json(json_t *, json_t *);
struct pending	*buddy_pending_find(const char *);
char		*buddy_pending_text(const struct pending *);
bool		 buddy_event(struct client *, const char *, json_t *);
void		 buddy_answer(struct client *, struct pending *, int);
void		 buddy_answer_named(struct client *, const char *, int);
int		 buddy_parse_create(const char *, char **, json_t **);
void		 buddy_create(struct client *, const char *);
void		 buddy_request(struct client *, const char *);
enum buddy_room_op {
	BUDDY_LEAVE,
	BUDDY_ADD,
	BUDDY_REMOVE,
	BUDDY_RENAME,
};
void		 buddy_room_op(struct client *, const char *, int);
void		 buddy_free(void);

/* away.c: the "while you were away" summary */
enum away_kind {
	AWAY_TITLE,
	AWAY_PENDING,
	AWAY_DM,
	AWAY_MENTION,
	AWAY_ROOM,
	AWAY_BOARD,	/* a board whose posts name you: room is its id */
};
struct away_line {
	enum away_kind	 kind;
	char		*room;
	char		*handle;
	char		*text;
	size_t		 pending;	/* AWAY_PENDING: index into buddy_pending */
};
size_t	away_lines(struct room **, size_t, struct pending *, size_t, json_t *,
	    struct away_line **);
void	away_lines_free(struct away_line *, size_t);
void	away_summary(struct client *, int);
void	away_login(struct client *);
void	away_changed(struct client *);
void	away_print(struct client *, bool);
void	away_screen_open(struct client *, bool);
void	away_free(void);

/* directory.c: the people screens (directory, profile, report) */
void	directory_open(struct client *, const char *);
void	directory_results_shown(struct client *, bool);
void	directory_search_failed(struct client *);
void	directory_profile_shown(struct client *);
void	directory_own_profile(struct client *);
void	directory_profile_saved(struct client *, const char *);
void	directory_report_open(struct client *);
void	directory_free(void);

/* people_cmd.c: the commands of people.c, buddy.c and away.c */
json_t	*people_field_value(const char *, const char *);
void	 cmd_people_profile(struct client *, const char *);
void	 cmd_people_people(struct client *, const char *);
void	 cmd_people_suggest(struct client *, const char *);
void	 cmd_people_away(struct client *, const char *, int);
void	 cmd_people_summary(struct client *, const char *);

/* email.c: the person's own email address and digest. */
void	 email_command(struct client *, const char *);
void	 email_digest_command(struct client *, const char *);
/* What a follow-up quotes of a post, in characters (at most PROTO_MAX_QUOTE). */
#define BOARDS_QUOTE_CHARS	600
_Static_assert(BOARDS_QUOTE_CHARS <= PROTO_MAX_QUOTE, "quotes the server keeps");

#endif
