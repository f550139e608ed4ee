/*
 * bench.h: staffroom-bench, the load generator. One process, one libevent
 * loop, thousands of non-blocking libssh client sessions. Every module of
 * the bench shares this header: the user layout (layout.c), sessions
 * (sess.c), figures and process usage (stats.c), the scenarios (scen_*.c),
 * the SQL-side helpers (sqlgen.c) and the report (report.c).
 *
 * The bench measures; it never decides whether a figure is good enough to
 * pass a test. Only --smoke asserts, and only correctness.
 */
#ifndef STAFFROOM_BENCH_H
#define STAFFROOM_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>
#include <libssh/libssh.h>

struct event_base;
struct event;

#define BENCH_SUBSYSTEM		"staffroom"
#define BENCH_LINE_MAX		(1024 * 1024)	/* a sanity bound; pages are 256 KiB */
#define BENCH_TICK_US		1000		/* pacing and wait granularity */
#define BENCH_CONNECT_PARALLEL	16		/* handshakes in flight when filling */

/* --- layout.c: who the bench users are --------------------------------------- */

/*
 * Users are "b00000", "b00001", ... Each group of users lives in its own
 * region, so a group's region room has exactly the group's members.
 */
enum bench_group {
	GROUP_F10,		/* fanout 10; smoke; ingest; reads */
	GROUP_F50,
	GROUP_F100,
	GROUP_F200,
	GROUP_F1000,		/* fanout 1,000 */
	GROUP_T,		/* throughput: rooms of BENCH_T_ROOM members */
	GROUP_IDLE,		/* extra people so --large can hold 10,000 */
	GROUP_COUNT
};

#define BENCH_T_ROOM	50

enum bench_size { SIZE_SMOKE, SIZE_QUICK, SIZE_STANDARD, SIZE_LARGE };

struct bench_layout {
	int	first[GROUP_COUNT];	/* index of each group's first user */
	int	count[GROUP_COUNT];
	int	t_rooms;		/* throughput rooms (regions bench-t0 ...) */
	int	total;
};

void		 layout_make(enum bench_size, struct bench_layout *);
/* The region slug of user i ("bench-f100", "bench-t3"). */
void		 layout_region(const struct bench_layout *, int user, char *buf, size_t size);
void		 layout_handle(int user, char *buf, size_t size);
/* Makes missing keys in dir; writes regions.csv and users.csv into out. */
int		 layout_setup(const char *keydir, const char *outdir, enum bench_size);
/* The private key of user i from dir, loaded once per process. */
ssh_key		 layout_key(const char *keydir, int user);

/* --- sess.c: one client session on the loop ---------------------------------- */

enum bsess_state {
	BSESS_CONNECTING,
	BSESS_AUTH,
	BSESS_CHANNEL,
	BSESS_SUBSYSTEM,
	BSESS_HELLO,		/* waiting for the first line */
	BSESS_READY,
	BSESS_DEAD,
};

struct bsess;

struct bsess_ops {
	void	(*ready)(struct bsess *, void *arg);
	void	(*line)(struct bsess *, char *line, size_t len, void *arg);
	/* Failed or closed by the peer; the session is freed right after. */
	void	(*gone)(struct bsess *, const char *why, void *arg);
};

/* Where to log in: staffroomd (hello line), or sshd running cat (echo). */
struct bsess_target {
	int		 port;
	const char	*login;		/* NULL: the user's own handle */
	bool		 echo;		/* no hello: send a line, wait for its echo */
};

struct bsess {
	struct bench		*b;
	int			 user;
	enum bsess_state	 state;
	ssh_session		 s;
	ssh_channel		 ch;
	struct event		*rev;
	struct event		*wev;
	char			*in;
	size_t			 in_len;
	size_t			 in_cap;
	const struct bsess_ops	*ops;
	void			*arg;
	bool			 echo;
	bool			 in_handler;
	bool			 doomed;	/* free when the handler returns */
	void			*data;		/* the scenario's own */
	struct bsess		**slot;		/* bench_fill's array entry */
	struct ssh_counter_struct received;	/* SSH packets and their payload */
};

struct bsess	*bsess_open(struct bench *, const struct bsess_target *, int user,
		    const struct bsess_ops *, void *arg);
/* Queues one line (a newline is added); false when the channel is gone. */
bool		 bsess_send(struct bsess *, const char *line);
bool		 bsess_sendf(struct bsess *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 bsess_close(struct bsess *);

/* --- the bench: options and the loop ------------------------------------------ */

struct bench {
	struct event_base	*base;
	struct event		*tick;
	void			(*on_tick)(struct bench *, void *);
	void			*tick_arg;
	enum bench_size		 size;
	const char		*keydir;
	int			 port;
	pid_t			 pid;		/* staffroomd, for its CPU and RSS */
	int			 sshd_port;	/* 0: no sshd baseline */
	pid_t			 sshd_pid;
	const char		*raw_db;	/* copy of the db for raw SQLite ingest */
	const char		*fsync_log;	/* the daemon's syncs (fsync_delay.c), or NULL */
	struct bench_layout	 layout;
	size_t			 failed;	/* sessions that failed to set up */
	char			 last_error[256];
};

uint64_t	 bench_now_us(void);
void		 bench_init(struct bench *);
void		 bench_free(struct bench *);
/* Runs the loop until done(arg) or timeout; false on timeout. */
bool		 bench_wait(struct bench *, bool (*done)(void *), void *arg, int timeout_ms);
void		 bench_sleep(struct bench *, int ms);
/* A staffroomd target for the bench's port. */
struct bsess_target bench_target(const struct bench *);

/*
 * Sessions opened together for users first..first+n-1, with at most
 * parallel handshakes in flight. The fill is their callback argument, so
 * it lives until bench_fill_close closes them all.
 */
struct bench_fill {
	struct bench		 *b;
	struct bsess		**v;		/* NULL where one failed or went */
	int			  first;
	int			  n;
	int			  ready;	/* sessions that said hello */
	int			  next;		/* next to open */
	int			  pending;	/* handshakes in flight */
	int			  parallel;
	const struct bsess_ops	 *ops;		/* the caller's */
	void			 *arg;
	struct bsess_ops	  fill_ops;
};

/* Returns once all are ready or timeout_ms passed; ops->ready is not called. */
struct bench_fill *bench_fill(struct bench *, int first, int n, int parallel,
		    const struct bsess_ops *, void *arg, int timeout_ms);
void		 bench_fill_close(struct bench_fill *);
/* SSH packets the fill's open sessions have received so far. */
uint64_t	 bench_fill_packets_in(const struct bench_fill *);

/* --- stats.c: latencies, process usage ----------------------------------------- */

struct lat {
	uint32_t	*us;
	size_t		 n;
	size_t		 cap;
};

void		 lat_add(struct lat *, uint64_t us);
void		 lat_free(struct lat *);
/* Sorts and returns the q quantile (0..1) in milliseconds; 0 when empty. */
double		 lat_ms(struct lat *, double q);
/* {"n", "p50_ms", "p99_ms", "max_ms"} */
json_t		*lat_json(struct lat *);

struct usage {
	uint64_t	wall_us;
	double		daemon_cpu_s;	/* utime + stime (+ reaped children for sshd) */
	long		daemon_rss_kib;
	double		gen_cpu_s;
	long		gen_rss_kib;
};

/* Snapshot of pid (and this process); children counts reaped children's CPU. */
void		 usage_take(pid_t pid, bool children, struct usage *);
long		 usage_rss_kib(pid_t pid);
/* {"wall_s", "daemon_cpu_s", "daemon_cpu_pct", "daemon_rss_kib", "gen_cpu_s", ...} */
json_t		*usage_json(const struct usage *from, const struct usage *to);
double		 usage_daemon_cpu(const struct usage *from, const struct usage *to);

/*
 * Bench messages carry their own send time: the body is "bench SEQ US".
 * Reads it from a msg event or from the sender's ok reply (its copy of the
 * message); false for any other line.
 */
bool		 bench_parse_msg(const char *line, uint64_t *seq, uint64_t *sent_us);
bool		 bench_is_ok_reply(const char *line);

/* --- scenarios: each fills its JSON object; 0 when it ran -------------------- */

int		 scen_logins(struct bench *, json_t *out);
int		 scen_idle(struct bench *, json_t *out);
int		 scen_fanout(struct bench *, json_t *out);
int		 scen_throughput(struct bench *, json_t *out);
int		 scen_ingest(struct bench *, json_t *out);
int		 scen_reads(struct bench *, json_t *out);
int		 scen_slowdisk(struct bench *, json_t *out);
int		 scen_smoke(struct bench *, json_t *out);

/* --- sqlgen.c: test tooling that writes SQL directly ---------------------------- */

/*
 * Inserts n messages like the daemon's into db, batch rows a transaction,
 * round robin over (rooms[i], handles[i]); rows per second, 0 on failure.
 */
double		 sqlgen_raw_ingest(const char *db, const char *const *rooms,
		    const char *const *handles, size_t npairs, size_t body_len,
		    long n, int batch);
/* Fills db with n messages over every region room and national. */
int		 sqlgen_messages(const char *db, long n);
int		 sqlgen_posts(const char *db, long n);

/* --- report.c ---------------------------------------------------------------- */

/* Merges DIR/scen-*.json into one document, prints the table, writes json_path. */
int		 report_run(const char *dir, const char *json_path);

#endif
