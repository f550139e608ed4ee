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
void		 session_close(struct conn *);
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
/* How many sessions the person has open. */
size_t		 session_count(int64_t user_id);
/*
 * staffroomctl changed the person's record or rooms: every session takes the
 * new record and its rooms, and is told what came or went.
 */
void		 session_follow_user(int64_t user_id);

#endif
