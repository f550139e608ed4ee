/*
 * cmd.c: the slash commands, one table for both frontends (like tmux's
 * cmd_table). /help is generated from it, and a command may be shortened to
 * any unambiguous start of its name ("/hist" is /history).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffroom.h"

static void
cmd_help(struct client *c, const char *arg)
{
	c->fe->help(c);
}

static void
cmd_quit(struct client *c, const char *arg)
{
	c->quit = 1;
}

static void
cmd_join(struct client *c, const char *arg)
{
	int	i;

	if ((i = session_find(c, arg)) == -1) {
		c->fe->error(c, "no_room", "no room of yours matches that; "
		    "/rooms lists the rooms you belong to");
		return;
	}
	session_switch(c, (size_t)i);
}

static void
cmd_rooms(struct client *c, const char *arg)
{
	struct room	*r;
	size_t		 i;

	for (i = 0; i < c->nrooms; i++) {
		r = c->rooms[i];
		fe_notice(c, "%zu. [%s]: %d unread%s%s", i + 1, r->name,
		    r->unread, r->mentions > 0 ? ", mentioned" : "",
		    i == c->current ? " (current)" : "");
	}
	if (c->nrooms == 0)
		fe_notice(c, "you belong to no rooms yet");
}

/* The room on screen, for a command about it; NULL after saying there is none. */
struct room *
cmd_room(struct client *c)
{
	struct room	*r = session_current(c);

	if (r == NULL)
		c->fe->error(c, "no_room", "you are in no room; /join one first");
	return (r);
}

/* In a meeting room, the next agenda item; elsewhere the next room. */
static void
cmd_next(struct client *c, const char *arg)
{
	if (meeting_room_is_open(c)) {
		meeting_next(c);
		return;
	}
	if (c->nrooms > 0)
		session_switch(c, (c->current + 1) % c->nrooms);
}

static void
cmd_prev(struct client *c, const char *arg)
{
	if (c->nrooms > 0)
		session_switch(c, (c->current + c->nrooms - 1) % c->nrooms);
}

static void
cmd_history(struct client *c, const char *arg)
{
	struct room	*r = session_current(c);
	size_t		 i;

	if (*arg != '\0') {
		cmd_post_history(c, arg);	/* /history POST: its versions */
		return;
	}
	if (r == NULL)
		return;
	/* Loaded but not shown (plain mode showed only the new): those first. */
	for (i = 0; i < r->nmsgs && r->msgs[i]->id < r->shown_from; i++)
		;
	if (i > 0) {
		c->fe->history(c, r, r->msgs, i);
		return;
	}
	if (r->loaded && !r->more)
		fe_notice(c, "no older messages in [%s]", r->name);
	else
		session_history(c, r, r->loaded);
}

static void
cmd_confirm(struct client *c, const char *arg)
{
	session_confirm(c, NULL);
}

static void
cmd_read(struct client *c, const char *arg)
{
	struct room	*r = session_current(c);

	if (r != NULL)
		session_mark_read(c, r);
}

/* /me ACTION: "* asha waves" (the body starts with MSG_ACTION). */
static void
cmd_me(struct client *c, const char *arg)
{
	char	*body;

	xasprintf(&body, "%s%s", MSG_ACTION, arg);
	session_send(c, body);
	free(body);
}

static void
cmd_whoami(struct client *c, const char *arg)
{
	fe_notice(c, "you are %s (%s), %s, %s, on %s", c->handle, c->name,
	    c->region != NULL ? region_name(c->region) : "no region",
	    c->role != NULL ? c->role : "member",
	    c->server != NULL ? c->server : "staffroom");
}

/* /account and /keys: the full screen shows keys on its account screen. */
static void
cmd_account(struct client *c, const char *arg)
{
	c->fe->account(c);
}

static void
cmd_key_add(struct client *c, const char *arg)
{
	account_key_add(c, arg);
}

static void
cmd_key_remove(struct client *c, const char *arg)
{
	account_key_remove(c, arg);
}

static void
cmd_passwd(struct client *c, const char *arg)
{
	c->fe->passwd(c);
}

const struct cmd_entry cmd_table[] = {
	{ "help", "?", NULL, "show every key and command", 0, cmd_help, NULL,
	    0 },
	{ "quit", "q", NULL, "leave staffroom", 0, cmd_quit, NULL, 0 },
	{ "join", "j", "ROOM", "go to one of your rooms (id, name or number)",
	    CMD_ARG, cmd_join, NULL, 0 },
	{ "rooms", NULL, NULL, "list your rooms with unread counts", 0,
	    cmd_rooms, NULL, 0 },
	{ "next", NULL, NULL, "go to the next room; in a meeting room, chairs: "
	    "the next agenda item", 0, cmd_next, NULL, 0 },
	{ "prev", NULL, NULL, "go to the previous room", 0, cmd_prev, NULL, 0 },
	{ "history", NULL, "[POST]", "show older messages of this room; with "
	    "a post number, every version of that post", CMD_ONLINE,
	    cmd_history, NULL, 0 },
	{ "edits", NULL, NULL, "every version of the newest edited message "
	    "in this room", CMD_ONLINE, msgedit_versions, NULL, 0 },
	{ "confirm", NULL, NULL, "send the message the pupil-data check "
	    "just stopped, as it was (DMs, buddy chats and meetings only; "
	    "it is marked for everyone)", 0, cmd_confirm, NULL, 0 },
	{ "read", NULL, NULL, "mark this room read", CMD_ONLINE, cmd_read, NULL,
	    0 },
	{ "names", "who", NULL, "who may read this room, online first, with "
	    "their presence (the full screen: a panel beside the messages "
	    "until /names again)", CMD_ONLINE, names_command, NULL, 0 },
	{ "find", NULL, "TEXT", "find TEXT in this room's messages, in any "
	    "case (the full screen: the newest match, highlighted; Ctrl-R "
	    "older, Ctrl-S newer, Esc ends; plain mode: every match)",
	    CMD_ONLINE | CMD_ARG, find_command, NULL, 0 },
	{ "unread", NULL, NULL, "back to the first message that was new when "
	    "you came to this room (Alt-u)", CMD_ONLINE, unread_command, NULL,
	    0 },
	{ "me", NULL, "ACTION", "say what you are doing (shown as "
	    "\"* you ACTION\")", CMD_ARG, cmd_me, NULL, 0 },
	{ "whoami", NULL, NULL, "who you are signed in as", 0, cmd_whoami,
	    NULL, 0 },
	{ "account", NULL, NULL, "your keys and password", CMD_ONLINE,
	    cmd_account, NULL, 0 },
	{ "keys", NULL, NULL, "list the keys you log in with", CMD_ONLINE,
	    cmd_account, NULL, 0 },
	{ "key-add", NULL, "PUBLIC-KEY", "add a key (paste an ssh public key "
	    "line)", CMD_ONLINE | CMD_ARG, cmd_key_add, NULL, 0 },
	{ "key-remove", NULL, "FINGERPRINT", "remove a key (SHA256:...)",
	    CMD_ONLINE | CMD_ARG, cmd_key_remove, NULL, 0 },
	{ "passwd", NULL, NULL, "set or change your password", CMD_ONLINE,
	    cmd_passwd, NULL, 0 },
	/* people, buddy chats and DMs: people_cmd.c */
	{ "people", NULL, "[FILTERS]", "find people (F4); " PEOPLE_FILTERS_HELP,
	    CMD_ONLINE, cmd_people_people,
	    NULL, 0 },
	{ "whois", NULL, "HANDLE", "show someone's profile", CMD_ONLINE |
	    CMD_ARG, people_whois, NULL, 0 },
	{ "profile", NULL, "[FIELD VALUE]", "your profile (e edits it), or "
	    "set one field of it: name, role_title, job_title, school, "
	    "phases, years_in_role, nasenco, npq_senco, expertise (or needs), "
	    "bio, visible, buddy_available; lists by label or code (Assistant "
	    "SENCO); - clears one", CMD_ONLINE, cmd_people_profile, NULL, 0 },
	{ "dm", NULL, "HANDLE", "direct messages with someone", CMD_ONLINE |
	    CMD_ARG, people_dm, NULL, 0 },
	{ "msg", NULL, "HANDLE TEXT", "send someone a direct message (and go "
	    "there)", CMD_ONLINE | CMD_ARG, people_msg, NULL, 0 },
	{ "suggest", NULL, "[need:CODE phase:PHASE]", "people who could be "
	    "your buddy", CMD_ONLINE, cmd_people_suggest, NULL, 0 },
	{ "ask", NULL, "HANDLE", "ask someone to be buddies", CMD_ONLINE |
	    CMD_ARG, buddy_request, NULL, 0 },
	{ "buddy", NULL, "NAME HANDLE...", "make a buddy chat and invite "
	    "people to it; a name of several words goes in quotes or before "
	    "@handles (/buddy ASD leads @ben @cara)", CMD_ONLINE | CMD_ARG,
	    buddy_create, NULL, 0 },
	{ "accept", NULL, "[HANDLE|ROOM]", "accept a buddy request or an "
	    "invitation to a buddy chat", CMD_ONLINE, NULL, buddy_answer_named,
	    1 },
	{ "decline", NULL, "[HANDLE|ROOM]", "decline a buddy request or an "
	    "invitation", CMD_ONLINE, NULL, buddy_answer_named, 0 },
	{ "leave", NULL, NULL, "leave this buddy chat", CMD_ONLINE, NULL,
	    buddy_room_op, BUDDY_LEAVE },
	{ "add", NULL, "HANDLE", "invite someone to this buddy chat",
	    CMD_ONLINE | CMD_ARG, NULL, buddy_room_op, BUDDY_ADD },
	{ "remove", NULL, "HANDLE", "take someone out of this buddy chat "
	    "(its creator)", CMD_ONLINE | CMD_ARG, NULL, buddy_room_op,
	    BUDDY_REMOVE },
	{ "rename", NULL, "NAME", "rename this buddy chat (its creator)",
	    CMD_ONLINE | CMD_ARG, NULL, buddy_room_op, BUDDY_RENAME },
	{ "block", NULL, "HANDLE", "no DMs, invitations or mentions from "
	    "someone", CMD_ONLINE | CMD_ARG, NULL, people_block, 1 },
	{ "unblock", NULL, "HANDLE", "stop blocking someone", CMD_ONLINE |
	    CMD_ARG, NULL, people_block, 0 },
	{ "blocks", NULL, NULL, "list the people you block", CMD_ONLINE,
	    people_blocks, NULL, 0 },
	{ "report", NULL, "[ID [KIND] [REASON]]", "report a message to the "
	    "moderators (pick it, or give its id; KIND: pupil_information, "
	    "safeguarding, abusive, spam or other)", CMD_ONLINE,
	    people_report_command, NULL, 0 },
	/* Moderators (moderation.c, console.c). */
	{ "mod", NULL, "[TAB]", "moderators and admins: the console (F5): "
	    "reports to handle", CMD_ONLINE, console_command, NULL, 0 },
	{ "queue", NULL, "[AFTER]", "moderators: the reports waiting in your "
	    "scopes", CMD_ONLINE, mod_queue_command, NULL, 0 },
	{ "online", NULL, NULL, "moderators: who is online in your regions "
	    "(admins: everyone)", CMD_ONLINE, console_online_command, NULL, 0 },
	{ "person", NULL, "HANDLE", "moderators: someone's sessions and "
	    "sanctions", CMD_ONLINE | CMD_ARG, console_person_command, NULL, 0 },
	{ "lockroom", NULL, "[off]", "moderators: lock this room: nobody "
	    "writes in it (off: open it again)", CMD_ONLINE, NULL,
	    console_room_toggle_command, 0 },
	{ "slow", NULL, "SECONDS|off", "moderators: slow mode here, one "
	    "message per person every SECONDS", CMD_ONLINE | CMD_ARG,
	    console_slow_command, NULL, 0 },
	{ "announceonly", NULL, "[off]", "moderators: only the moderators "
	    "post in this room (off: everyone again)", CMD_ONLINE, NULL,
	    console_room_toggle_command, 1 },
	{ "announce", NULL, "TEXT|off", "moderators: pin an announcement in "
	    "this room's header (off: take it down)", CMD_ONLINE | CMD_ARG,
	    console_announce_command, NULL, 0 },
	{ "audit", NULL, "[actor:HANDLE] [target:HANDLE] [since:YYYY-MM-DD] "
	    "| verify", "admins: the audit log, who did what, filtered; or "
	    "whether its chain is sound", CMD_ONLINE,
	    console_audit_command, NULL, 0 },
	{ "invite", NULL, "REGION|URN [COUNT] [ROLE] [days:N]", "moderators: "
	    "invite codes for a region you moderate, or a school's (each shown "
	    "once; 1 member for 7 days unless said)", CMD_ONLINE | CMD_ARG,
	    console_invite_command, NULL, 0 },
	{ "invites", NULL, NULL, "moderators: the invites of your regions, "
	    "newest first", CMD_ONLINE, console_invites_command, NULL, 0 },
	{ "revoke", NULL, "ID", "moderators: revoke an invite, so its code no "
	    "longer works", CMD_ONLINE | CMD_ARG, console_revoke_command, NULL,
	    0 },
	{ "words", NULL, "[SCOPE]", "moderators: the watched words of a scope "
	    "(national, region:SLUG or trust:ID; default: this room's)",
	    CMD_ONLINE, console_words_command, NULL, 0 },
	{ "watchword", NULL, "[SCOPE] block|hold|flag WORD", "moderators: watch a "
	    "word or phrase in a scope (default: this room's); a message with "
	    "it is refused, held for a moderator or flagged",
	    CMD_ONLINE | CMD_ARG, console_watchword_command, NULL, 0 },
	{ "unwatchword", NULL, "ID", "moderators: stop watching a word (its "
	    "number in /words)", CMD_ONLINE | CMD_ARG,
	    console_unwatchword_command, NULL, 0 },
	{ "moderators", NULL, "[SCOPE]", "moderators: who moderates a scope "
	    "(default: this room's)", CMD_ONLINE, console_moderators_command,
	    NULL, 0 },
	{ "role", NULL, "HANDLE member|moderator|admin", "admins: give someone "
	    "a role (a moderator without scopes gets the national one and "
	    "their region)", CMD_ONLINE | CMD_ARG, console_role_command, NULL,
	    0 },
	{ "scope", NULL, "HANDLE add|remove SCOPE", "admins: let someone "
	    "moderate a scope, or no longer (national, region:SLUG or "
	    "trust:ID)", CMD_ONLINE | CMD_ARG, console_scope_command, NULL,
	    0 },
	{ "kick", NULL, "HANDLE [REASON]", "moderators: end someone's sessions "
	    "(they may come back; the reason is shown to them)",
	    CMD_ONLINE | CMD_ARG, console_kick_command, NULL, 0 },
	{ "resolve", NULL, "ENTRY ACTION [MINUTES] REASON", "moderators: "
	    "dismiss, hide, warn, mute MINUTES, suspend MINUTES or ban "
	    "(ACTION+hide hides the message too)", CMD_ONLINE | CMD_ARG,
	    mod_resolve_command, NULL, 0 },
	{ "lift", NULL, "SANCTION", "moderators: end a mute, suspension or "
	    "ban early", CMD_ONLINE | CMD_ARG, mod_lift_command, NULL, 0 },
	{ "approve", NULL, "ENTRY", "moderators: send a message or post a "
	    "watched word held (its queue entry) to its room or thread",
	    CMD_ONLINE | CMD_ARG, console_approve_command, NULL, 0 },
	{ "reject", NULL, "ENTRY REASON", "moderators: drop a message or post "
	    "a watched word held; its author reads the reason",
	    CMD_ONLINE | CMD_ARG, console_reject_command, NULL, 0 },
	{ "away", NULL, NULL, "show as away", CMD_ONLINE, NULL,
	    cmd_people_away, 1 },
	{ "back", NULL, NULL, "show as online again", CMD_ONLINE, NULL,
	    cmd_people_away, 0 },
	{ "summary", NULL, NULL, "what happened while you were away",
	    CMD_ONLINE, cmd_people_summary, NULL, 0 },
	{ "email", NULL, "[ADDRESS|verify CODE|off]", "your email address "
	    "(only you see it): set it, prove it with the code mailed to it, "
	    "or remove it", CMD_ONLINE, email_command, NULL, 0 },
	{ "digest", NULL, "daily|weekly|off", "an email of what waits for "
	    "you (counts and titles, never message text)",
	    CMD_ONLINE | CMD_ARG, email_digest_command, NULL, 0 },
	/* The boards (boards.c, search.c). */
	{ "boards", "b", NULL, "the discussion boards with unread counts (F3)",
	    CMD_ONLINE, cmd_boards, NULL, 0 },
	{ "threads", NULL, "BOARD [TAG]", "the threads of a board, newest "
	    "first (only those tagged TAG)", CMD_ONLINE | CMD_ARG,
	    cmd_threads, NULL, 0 },
	{ "thread", "t", "ID [POST]", "read a thread (at post POST)",
	    CMD_ONLINE | CMD_ARG, cmd_thread, NULL, 0 },
	{ "new", NULL, "BOARD [#TAG ...] TITLE", "start a thread; its text "
	    "goes on the next lines (end each line with \\ in plain mode)",
	    CMD_ONLINE, cmd_new, NULL, 0 },
	{ "post", NULL, "THREAD TEXT", "reply to a thread by number",
	    CMD_ONLINE | CMD_ARG, cmd_post, NULL, 0 },
	{ "reply", "r", "[TEXT]", "reply to the open thread", CMD_ONLINE,
	    cmd_reply, NULL, 0 },
	{ "quote", NULL, "POST [TEXT]", "reply to the open thread quoting "
	    "post POST", CMD_ONLINE | CMD_ARG, cmd_quote, NULL, 0 },
	{ "edit", NULL, "[POST] TEXT", "replace the text of your post, or "
	    "without a post number of your newest message in this room "
	    "(every version is kept)", CMD_ONLINE | CMD_ARG, cmd_edit, NULL,
	    0 },
	{ "delete", NULL, "[POST]", "delete (hide) your post, or without a "
	    "post number your newest message in this room", CMD_ONLINE,
	    cmd_delete, NULL, 0 },
	{ "restore", NULL, "POST", "moderators: show a deleted post again",
	    CMD_ONLINE | CMD_ARG, cmd_restore, NULL, 0 },
	{ "catchup", NULL, NULL, "mark every thread of the open board read",
	    CMD_ONLINE, cmd_catchup, NULL, 0 },
	{ "watch", NULL, "[THREAD]", "be told of new posts in a thread",
	    CMD_ONLINE, cmd_watch, NULL, 0 },
	{ "unwatch", NULL, "[THREAD]", "stop watching a thread", CMD_ONLINE,
	    cmd_unwatch, NULL, 0 },
	{ "pin", NULL, "[THREAD] [off]", "moderators: pin a thread to the top "
	    "(off: unpin)", CMD_ONLINE, cmd_pin, NULL, 0 },
	{ "lock", NULL, "[THREAD] [off]", "moderators: lock a thread against "
	    "replies (off: unlock)", CMD_ONLINE, cmd_lock, NULL, 0 },
	{ "move", NULL, "THREAD BOARD", "moderators: move a thread to another "
	    "board", CMD_ONLINE | CMD_ARG, cmd_move, NULL, 0 },
	{ "search", "s", "WORDS", "search posts and messages (filters: "
	    "board:ID room:ID author:HANDLE tag:TAG)", CMD_ONLINE | CMD_ARG,
	    cmd_search, NULL, 0 },
	{ "series", NULL, "[N|create|accept|decline|invite|role ...]",
	    "meeting series: list, show, create [trust] NAME, accept N, invite N "
	    "HANDLE [ROLE|trust], role N HANDLE ROLE", CMD_ONLINE,
	    meeting_series, NULL, 0 },
	{ "meetings", NULL, NULL, "upcoming and live meetings of your series",
	    CMD_ONLINE, meeting_meetings, NULL, 0 },
	{ "meeting", NULL, "[N] | edit [N] title|start|minutes ...", "a "
	    "meeting: its agenda, the records so far and the actions from last "
	    "time; chairs: edit its title, start (UK time) or length",
	    CMD_ONLINE, meeting_meeting, NULL, 0 },
	{ "schedule", NULL, "SERIES DATE TIME MINUTES TITLE", "chairs: schedule "
	    "a meeting (UK time: 2027-03-04 16:00)", CMD_ONLINE | CMD_ARG,
	    meeting_schedule, NULL, 0 },
	{ "agenda", NULL, "[N|add|move|drop ...]", "a meeting's agenda; chairs: "
	    "add [@OWNER] [MINUTES] TITLE, move N TO, drop N", CMD_ONLINE,
	    meeting_agenda, NULL, 0 },
	{ "startmeeting", NULL, "[N]", "chairs: start the meeting and open its "
	    "room", CMD_ONLINE, meeting_startmeeting, NULL, 0 },
	{ "endmeeting", NULL, "[N]", "chairs: end the meeting; the minutes go "
	    "on the series' board", CMD_ONLINE, meeting_endmeeting, NULL, 0 },
	{ "item", NULL, "N", "chairs: go to agenda item N", CMD_ONLINE | CMD_ARG,
	    meeting_item, NULL, 0 },
	{ "topic", NULL, "TEXT", "chairs: what is being discussed now",
	    CMD_ONLINE | CMD_ARG, meeting_topic, NULL, 0 },
	{ "actions", NULL, NULL, "your open actions in every series, overdue "
	    "first", CMD_ONLINE, meeting_actions, NULL, 0 },
	{ "done", NULL, "ACTION [NOTE]", "close an action (its owner or a chair)",
	    CMD_ONLINE | CMD_ARG, meeting_done, NULL, 0 },
	{ "minutes", NULL, "[N] [save FILE]", "a meeting's minutes, shown, or "
	    "saved to a file", CMD_ONLINE, meeting_minutes, NULL, 0 },
	{ "ics", NULL, "[N | series N] FILE", "save a meeting, or its whole "
	    "series, as an iCalendar file to import into your calendar",
	    CMD_ONLINE | CMD_ARG, calendar_ics, NULL, 0 },
	{ "ack", NULL, "[HANDLE]", "chairs, in a meeting room: give the floor "
	    "to the first in the queue (q+, q-, q?), or to HANDLE", CMD_ONLINE,
	    floor_ack, NULL, 0 },
	{ "vote", NULL, "[VOTE] N", "vote for option N of the newest open vote "
	    "in this meeting room, or of VOTE", CMD_ONLINE | CMD_ARG, floor_vote,
	    NULL, 0 },
	{ "closevote", NULL, "[VOTE]", "chairs: close the newest open vote in "
	    "this meeting room, or VOTE; the results go in the minutes",
	    CMD_ONLINE, floor_closevote, NULL, 0 },
	{ "tags", NULL, NULL, "the thread tags and what they mean", 0,
	    cmd_tags, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, 0 }
};

/* The entry for a typed name: exact name or alias, else a unique start. */
static const struct cmd_entry *
cmd_lookup(const char *name, size_t len)
{
	const struct cmd_entry	*ce, *found = NULL;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if ((strlen(ce->name) == len && strncmp(ce->name, name, len) == 0) ||
		    (ce->alias != NULL && strlen(ce->alias) == len &&
		    strncmp(ce->alias, name, len) == 0))
			return (ce);
	}
	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (len > 0 && strncmp(ce->name, name, len) == 0) {
			if (found != NULL)
				return (NULL);
			found = ce;
		}
	}
	return (found);
}

/*
 * Runs a typed command line ("/join national"). Returns 0 when a command
 * ran, -1 when the line named none or lacked its argument (after saying so).
 */
int
cmd_run(struct client *c, const char *line)
{
	const struct cmd_entry	*ce;
	const char		*name = line + 1, *arg;
	size_t			 len;
	char			*trimmed;

	len = strcspn(name, " \t");
	arg = name + len;
	while (*arg == ' ' || *arg == '\t')
		arg++;
	if ((ce = cmd_lookup(name, len)) == NULL) {
		c->fe->error(c, "unknown_command", "no such command; /help "
		    "lists them");
		return (-1);
	}
	if ((ce->flags & CMD_ARG) && *arg == '\0') {
		c->fe->error(c, "bad_command", "that command needs an argument");
		return (-1);
	}
	if ((ce->flags & CMD_ONLINE) && c->net.state != NET_READY) {
		c->fe->error(c, "offline", "not connected; try again when back "
		    "online");
		return (-1);
	}
	trimmed = xstrdup(arg);
	len = strlen(trimmed);
	while (len > 0 && isspace((unsigned char)trimmed[len - 1]))
		trimmed[--len] = '\0';
	if (ce->exec_value != NULL)
		ce->exec_value(c, trimmed, ce->value);
	else
		ce->exec(c, trimmed);
	free(trimmed);
	return (0);
}

void
fe_notice(struct client *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	c->fe->notice(c, s);
	free(s);
}
