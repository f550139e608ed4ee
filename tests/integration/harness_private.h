/*
 * harness_private.h: what the harness's files (harness.c: processes, the
 * daemon, staffroomctl and people; harness_ssh.c: SSH logins and
 * terminals; harness_lines.c: reading, sending and JSON) share. Tests
 * include harness.h only.
 */
#ifndef HARNESS_PRIVATE_H
#define HARNESS_PRIVATE_H

#include <sys/types.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <libssh/callbacks.h>

#include "staffroom/proto.h"
#include "harness.h"

#define ITEST_MAX_ARGS		32
#define ITEST_LOG_TAIL_LINES	400
#define ITEST_MAX_LINE_BYTES	(16 * 1024 * 1024)	/* a sanity bound, not the protocol's */
#define ITEST_POLL_STEP_MS	20
#define ITEST_KBDINT_ROUNDS	8

struct itest_server {
	struct itest_server	 *next;
	int			  number;
	char			  dir[PATH_MAX];	/* everything of this server */
	char			  state[PATH_MAX];	/* staffroomctl -d / staffroomd -d */
	char			  log[PATH_MAX];	/* staffroomd's stderr, every run */
	char			  ctl_log[PATH_MAX];	/* staffroomctl's and sqlite3's stderr */
	char			 *args[ITEST_MAX_ARGS];	/* extra staffroomd flags */
	int			  nargs;
	pid_t			  pid;			/* 0 while not running */
	int			  file_limit;		/* RLIMIT_NOFILE at exec, or 0 */
	char			  death[96];		/* how it died unasked, or "" */
	int			  port;
	off_t			  run_offset;		/* where this run's log begins */
	int			  runs;
	struct itest_key	**keys;
	size_t			  nkeys;
	struct itest_user	**users;
	size_t			  nusers;
	struct itest_client	**clients;
	size_t			  nclients;
};

struct itest_client {
	struct itest_server	*srv;
	char			 login[64];
	ssh_session		 session;
	ssh_channel		 channel;
	ssh_event		 event;		/* drives the session while we wait */
	struct ssh_channel_callbacks_struct callbacks;
	char			*received;	/* bytes not yet fed to lines */
	size_t			 received_len;
	size_t			 received_cap;
	bool			 overflow;	/* received passed ITEST_MAX_LINE_BYTES */
	struct linebuf		 lines;		/* proto's splitter: the partial line */
	bool			 peer_done;	/* the server sent EOF or closed */
	json_t			*queue;		/* lines received, not yet claimed */
	json_t			*kept;		/* lines handed out, freed at close */
	const json_t		*hello;
	json_int_t		 next_id;
	bool			 closed;
	bool			 reset;		/* itest_reset: dropped without a word */
	bool			 terminal;	/* ssh -t: raw terminal bytes, no lines */
};

struct log_record;

/* The process's harness: its temporary root, timeout and servers. */
struct itest_state {
	bool			 ready;
	char			 root[PATH_MAX];
	int			 timeout_ms;
	bool			 as_root;	/* daemons run as ITEST_RUN_AS */
	uid_t			 run_uid;
	gid_t			 run_gid;
	struct itest_server	*servers;
	int			 nservers;
	struct log_record	**logs;
	size_t			 nlogs;
};
extern struct itest_state itest;

enum read_result {
	READ_MORE,	/* new lines, or woke early: look again */
	READ_CLOSED,	/* the server closed the channel or the connection */
	READ_TIMEOUT,
};

uint64_t	 harness_mono_ms(void);
uint64_t	 harness_deadline(void);
void		 harness_path_format(char *buf, size_t size, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		*harness_alloc(size_t size);
void		 harness_push(void ***array, size_t *count, void *item);
char		*harness_file_read_from(const char *path, off_t offset);
void		 harness_client_free(struct itest_client *c);
void		 harness_client_read_hello(struct itest_client *c);
enum read_result harness_client_read(struct itest_client *c, uint64_t deadline);

#endif
