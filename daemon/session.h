/*
 * session.h: who a conn is (session.c): the person it speaks for (or a join
 * session that may only register), the hello, the rooms it follows and its
 * part in the person's presence. Above the transport (transport.h), below
 * the ops.
 */
#ifndef SESSION_H
#define SESSION_H

#include "transport.h"

struct event_base;
/*
 * Who watches what (hub.c), the presence ticks (presence.c) and the search
 * workers (search.c), on the state directory dir. False if they cannot start.
 */
bool		 session_init(struct event_base *, const char *dir);
void		 session_shutdown(void);
/* The conn_upper hooks of a session (server.c wires them). */
void		 session_open(struct conn *, enum conn_mode,
		    const struct store_user *);
void		 session_request(struct conn *, struct proto_request *);
/* Whether a request line waits for the commit in flight (op_must_wait). */
bool		 session_must_wait(struct conn *, const char *line, size_t len);
void		 session_close(struct conn *);
const char	*session_name(const struct conn *);
/*
 * Who the conn speaks for (a join session's is empty until it registers),
 * and what the person's sessions share (NULL in a join session).
 */
const struct store_user *session_user(const struct conn *);
bool		 session_is_join(const struct conn *);
struct person	*session_person(const struct conn *);
/* The rooms it follows, and per room the id after which it sees messages. */
const int64_t	*session_rooms(const struct conn *, const int64_t **floors,
		    uint32_t *n);
/* A join session registered user: after the reply it goes on as them or closes. */
void		 session_registered(struct conn *, const struct store_user *);
/*
 * fn runs once the current op's reply is delivered, after the turn's
 * commit (stage.c takes it when the op ends; a failed turn drops it).
 */
typedef void	 session_then_fn(struct conn *);
void		 session_after_reply(struct conn *, session_then_fn *fn);
session_then_fn	*session_take_after_reply(struct conn *);
/* The op running off the loop for the conn (NULL: none; requests wait meanwhile). */
struct op_async;
void		 session_set_async(struct conn *, struct op_async *);
/* A request arrived: the session is active again (presence). */
void		 session_activity(struct conn *);
/* No request for idle_ms by now (monotonic): the session goes idle (presence.c's tick). */
void		 session_idle_check(struct conn *, uint64_t now, uint64_t idle_ms);
bool		 session_is_idle(const struct conn *);
/* The person took a new name: every session of theirs holds it. */
void		 session_rename_user(int64_t user_id, const char *name);
/* Becomes the given person (join form in a spawned client): new hello, new rooms. */
void		 session_become_user(struct conn *, const struct store_user *);
/* Reads the person's rooms again and watches exactly those (membership changed). */
void		 session_subscribe_rooms(struct conn *);
/* The same for every session of a person. */
void		 session_resubscribe_user(int64_t user_id);
/*
 * staffroomctl committed (or the daemon starts): what the ops read of its
 * settings (the guard's rules) is read again.
 */
void		 session_ctl_committed(void);
/* A session as staffroomctl who shows it; false for a conn without one. */
struct session_info {
	const char	*handle;	/* PROTO_JOIN_HANDLE in a join session */
	bool		 join;
	int64_t		 opened_ms;	/* wall clock */
	uint64_t	 idle_ms;	/* since its last request */
};
bool		 session_describe(const struct conn *, struct session_info *);
/* How many sessions the person has open. */
size_t		 session_count(int64_t user_id);
/*
 * staffroomctl changed the person's record or rooms: every session takes the
 * new record and its rooms, and is told what came or went.
 */
void		 session_follow_user(int64_t user_id);

#endif
