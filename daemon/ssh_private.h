/*
 * ssh_private.h: what ssh.c (sessions), ssh_auth.c (authentication) and
 * ssh_channel.c (channels) share. Nothing else includes it.
 */
#ifndef SSH_PRIVATE_H
#define SSH_PRIVATE_H

#include <event2/event.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/callbacks.h>

#include "transport.h"

/*
 * libssh 0.10 marks the message accessors deprecated in favour of server
 * callbacks, but a callback must answer before it returns, and a password
 * check must not block the loop: the message API is the way to answer later.
 */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define SSH_MAX_CHANNELS	4
/* A client's writes between two flushes (one pump's worth), at most. */
#define SSH_FLUSH_BYTES		(32 * 1024)
#define SSH_AUTH_METHODS	(SSH_AUTH_METHOD_PUBLICKEY | \
				 SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)

struct ssh_client;

struct ssh_chan {
	struct ssh_client	*client;
	ssh_channel		 channel;
	struct ssh_channel_callbacks_struct cb;
	struct conn		*conn;
	/* Data and EOF that arrive in the same read as the subsystem request. */
	char			*early;
	size_t			 early_len;
	bool			 early_eof;
	bool			 pty;
	char			 term[64];
	int			 cols;
	int			 rows;
	struct spawn		*spawn;
	bool			 closed;	/* the peer closed it */
	bool			 done;		/* we finished it: free at the next pump */
};

struct ssh_password_job;

struct ssh_client {
	ssh_session		 session;
	ssh_event		 sevent;
	evutil_socket_t		 fd;		/* libssh's: it closes it when it finds the peer gone */
	evutil_socket_t		 evfd;		/* a dup of fd, ours: the events wait on it */
	struct event		*ev_read;
	struct event		*ev_write;
	struct event		*timer;
	char			 addr[64];
	bool			 kex_done;
	bool			 authed;
	bool			 is_join;
	bool			 holds_login;	/* an AUTH_HOLD_LOGIN of addr */
	bool			 holds_join;	/* an AUTH_HOLD_JOIN of addr */
	bool			 kicked;	/* refuse new channels; go once channels are done */
	bool			 leaving;	/* kicked and channels done: the timer ends it */
	bool			 dead;
	bool			 pumping;	/* in ssh_client_pump */
	bool			 out_dirty;	/* written since the last flush */
	bool			 out_blocked;	/* libssh held bytes at the last flush */
	bool			 out_more;	/* a write waited for the flush's bound */
	size_t			 out_unflushed;	/* bytes written since the last flush */
	const char		*end_reason;	/* why it ended, for the logout line */
	int64_t			 authed_at;	/* mono_ms of the login */
	/* A refused login, logged once when the connection ends unlogged. */
	char			 refused_handle[PROTO_HANDLE_MAX + 8];
	const char		*refused_why;
	int			 keys_refused;
	char			 kbdint_user[PROTO_HANDLE_MAX + 8];
	struct ssh_password_job	*password_job;	/* at most one check in flight */
	struct ssh_counter_struct counter;	/* bytes libssh has read and sent */
	uint64_t		 drained_at;	/* in_bytes when the requests were all taken */
	/*
	 * The account logged in (0 in a join session until it registers one):
	 * its record is read afresh at each channel request, which checks it.
	 */
	int64_t			 user_id;
	char			 handle[PROTO_HANDLE_MAX + 1];
	struct ssh_chan		*chans[SSH_MAX_CHANNELS];
	TAILQ_ENTRY(ssh_client)	 entry;
	TAILQ_ENTRY(ssh_client)	 pump_entry;	/* listed to pump at the next turn */
	bool			 pump_listed;
};
TAILQ_HEAD(ssh_client_list, ssh_client);
TAILQ_HEAD(ssh_client_pumps, ssh_client);

/* ssh.c */
/* Runs the pump at a safe point of this loop turn, outside every callback. */
void		 ssh_client_schedule(struct ssh_client *);
/* Pumps the client at the next turn of the loop, after its poll. */
void		 ssh_client_pump_next_turn(struct ssh_client *);
/* Gives back what the client held of its address's caps. */
void		 ssh_client_release(struct ssh_client *, bool login, bool join);
/* The session is u's from now on. */
void		 ssh_client_set_user(struct ssh_client *, const struct store_user *u);
/*
 * How many bytes may be written now: libssh keeps what the socket does not
 * take, so writes stop while it holds some, and at SSH_FLUSH_BYTES between
 * two flushes; the bounded conn queues keep the rest.
 */
size_t		 ssh_client_write_room(struct ssh_client *);
/* len bytes were written: a pump (this one, or the next turn's) sends them. */
void		 ssh_client_wrote(struct ssh_client *, size_t len);
/* libssh may hold bytes the socket has not taken. */
bool		 ssh_client_output_pending(const struct ssh_client *);
/* The port the server listens on, for the help text. */
int		 ssh_server_port(void);

/* ssh_channel.c */
bool		 ssh_handle_channel_open(struct ssh_client *, ssh_message);
bool		 ssh_handle_channel_request(struct ssh_client *, ssh_message);
/*
 * Each conn's turn (while connected); flushes the channels, frees finished
 * ones; a kicked client lingers.
 */
int		 ssh_client_channels(struct ssh_client *, bool connected);
/* What to read before the channels' next turns (conn_read_advice). */
enum conn_read	 ssh_client_read_advice(const struct ssh_client *);
/* Sends the exit status, EOF and close (unless the peer closed it); freed later. */
void		 ssh_chan_end(struct ssh_chan *, int status);
void		 ssh_chan_free(struct ssh_chan *);

/* ssh_auth.c */
/* The logout line of a client that had logged in, or its refused login. */
void		 ssh_auth_log_end(struct ssh_client *);
/* Answers an authentication request, now or when its password is checked. */
void		 ssh_handle_auth(struct ssh_client *, ssh_message);
/* The client goes: a password check in flight answers nobody. */
void		 ssh_auth_forget(struct ssh_client *);

#endif
