/*
 * store_audit.c: the audit log, a hash chain in one table (migration 11).
 *
 * The canonical encoding of a row (version 1), the bytes its hash covers:
 *
 *	enc  = str("staffroom-audit-1")
 *	       || i64(id) || i64(ts) || i64(actor_id)
 *	       || str(target_kind) || i64(target_id)
 *	       || str(act) || str(reason) || str(detail)
 *	i64(v) = v as 8 bytes, two's complement, big-endian
 *	str(s) = the byte length of s as 4 bytes, big-endian, then its UTF-8
 *	         bytes (no terminator; "" is four zero bytes)
 *	hash = BLAKE2b with a 32-byte output and no key (libsodium
 *	       crypto_generichash) over prev || enc
 *	prev = the hash of the row with the next lower id; 32 zero bytes for
 *	       the first row
 *
 * Lengths before strings make the encoding unambiguous (no two rows encode
 * alike), and the id inside it makes a row moved to another id fail. Ids
 * go up by one from 1, so a gap is a deleted row; rows deleted from the
 * end leave a gap too once the next row is appended (after audit.head's).
 *
 * The head (last id and hash) is also kept outside the database, in
 * audit.head ("<id> <64 hex digits>\n") and as a log line, written after
 * each commit that appended a row: rows deleted from the end of the table
 * leave the head pointing past the last row.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "util.h"
#include "store_private.h"

_Static_assert(STORE_AUDIT_HASH_BYTES == STORE_INVITE_HASH_BYTES,
    "store_run's 'h' binds STORE_INVITE_HASH_BYTES");

enum store_audit_stmt {
	STMT_AUDIT_APPEND = STORE_STMT_FIRST(STORE_MODULE_AUDIT),
	STMT_AUDIT_HEAD,
	STMT_AUDIT_TAIL,
	STMT_AUDIT_SEARCH,
	STMT_AUDIT_END
};

#define STMT_AUDIT_FIRST	STORE_STMT_FIRST(STORE_MODULE_AUDIT)
#define SQL(id)			[(id) - STMT_AUDIT_FIRST]
#define AUDIT_COLUMNS \
	"id, ts, actor_id, target_kind, target_id, act, reason, detail, prev, hash"

static const char *const store_audit_sql[STMT_AUDIT_END - STMT_AUDIT_FIRST] = {
	SQL(STMT_AUDIT_APPEND) =
	    "INSERT INTO audit (" AUDIT_COLUMNS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	SQL(STMT_AUDIT_HEAD) =
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	SQL(STMT_AUDIT_TAIL) =
	    "SELECT * FROM (SELECT " AUDIT_COLUMNS " FROM audit"
	    " ORDER BY id DESC LIMIT ?1) ORDER BY id",
	/* Walks the primary key from after_id: each page is one bounded read. */
	SQL(STMT_AUDIT_SEARCH) =
	    "SELECT " AUDIT_COLUMNS " FROM audit WHERE id > ?1"
	    " AND (?2 < 0 OR actor_id = ?2)"
	    " AND (?3 IS NULL OR target_kind = ?3)"
	    " AND (?4 = 0 OR target_id = ?4)"
	    " AND ts >= ?5 ORDER BY id LIMIT ?6",
};

const struct store_module store_audit_module = {
	store_audit_sql, STMT_AUDIT_END - STMT_AUDIT_FIRST
};

#define AUDIT_TAG	"staffroom-audit-1"
#define AUDIT_PAGE	500	/* rows a verify page reads */

static void
store_audit_i64(crypto_generichash_state *h, int64_t v)
{
	uint8_t		b[8];
	uint64_t	u = (uint64_t)v;
	int		i;

	for (i = 7; i >= 0; i--, u >>= 8)
		b[i] = (uint8_t)(u & 0xff);
	crypto_generichash_update(h, b, sizeof b);
}

static void
store_audit_str(crypto_generichash_state *h, const char *s)
{
	size_t		len = s != NULL ? strlen(s) : 0;
	uint8_t		b[4];

	b[0] = (uint8_t)(len >> 24);
	b[1] = (uint8_t)(len >> 16);
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	crypto_generichash_update(h, b, sizeof b);
	if (len > 0)
		crypto_generichash_update(h, (const uint8_t *)s, len);
}

void
store_audit_hash(const struct store_audit *a,
    uint8_t out[STORE_AUDIT_HASH_BYTES])
{
	crypto_generichash_state	h;

	crypto_generichash_init(&h, NULL, 0, STORE_AUDIT_HASH_BYTES);
	crypto_generichash_update(&h, a->prev, STORE_AUDIT_HASH_BYTES);
	store_audit_str(&h, AUDIT_TAG);
	store_audit_i64(&h, a->id);
	store_audit_i64(&h, a->ts);
	store_audit_i64(&h, a->actor_id);
	store_audit_str(&h, a->target_kind);
	store_audit_i64(&h, a->target_id);
	store_audit_str(&h, a->act);
	store_audit_str(&h, a->reason);
	store_audit_str(&h, a->detail);
	crypto_generichash_final(&h, out, STORE_AUDIT_HASH_BYTES);
}

static void
store_audit_blob(sqlite3_stmt *stmt, int col, uint8_t out[STORE_AUDIT_HASH_BYTES])
{
	const void	*b = sqlite3_column_blob(stmt, col);
	int		 n = sqlite3_column_bytes(stmt, col);

	/* A blob of another size was tampered with: it cannot match. */
	memset(out, 0, STORE_AUDIT_HASH_BYTES);
	if (b != NULL)
		memcpy(out, b, n < STORE_AUDIT_HASH_BYTES ? (size_t)n :
		    STORE_AUDIT_HASH_BYTES);
}

struct store_audit_head_row {
	int64_t		id;
	uint8_t		hash[STORE_AUDIT_HASH_BYTES];
};

static void
store_audit_head_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_audit_head_row	*h = arg;

	h->id = sqlite3_column_int64(stmt, 0);
	store_audit_blob(stmt, 1, h->hash);
}

enum store_result
store_audit_head(struct store *st, int64_t *id,
    uint8_t hash[STORE_AUDIT_HASH_BYTES])
{
	struct store_audit_head_row	h;
	enum store_result		res;

	memset(&h, 0, sizeof h);
	res = store_run(st, STMT_AUDIT_HEAD, 0, store_audit_head_fill, &h, "");
	*id = h.id;
	memcpy(hash, h.hash, STORE_AUDIT_HASH_BYTES);
	return (res);
}

/* audit.head: STORE_NOT_FOUND when there is none. */
static enum store_result
store_audit_head_read(struct store *st, int64_t *id,
    uint8_t hash[STORE_AUDIT_HASH_BYTES])
{
	char		 path[PATH_MAX], line[128], hex[STORE_AUDIT_HASH_BYTES * 2 + 1];
	long long	 n;
	size_t		 bin = 0;
	FILE		*f;
	bool		 ok;

	if (!path_join(path, sizeof path, st->dir, STORE_AUDIT_HEAD_FILE))
		return (STORE_ERROR);
	if ((f = fopen(path, "r")) == NULL)
		return (errno == ENOENT ? STORE_NOT_FOUND : STORE_ERROR);
	ok = fgets(line, sizeof line, f) != NULL &&
	    sscanf(line, "%lld %64s", &n, hex) == 2 && n > 0 &&
	    sodium_hex2bin(hash, STORE_AUDIT_HASH_BYTES, hex, strlen(hex),
	    NULL, &bin, NULL) == 0 && bin == STORE_AUDIT_HASH_BYTES;
	fclose(f);
	*id = ok ? (int64_t)n : 0;
	return (ok ? STORE_OK : STORE_ERROR);
}

/* Text cut to the bound at a character boundary, into buf. */
static const char *
store_audit_cut(const char *s, char *buf, size_t size)
{
	int	n;

	if (s == NULL)
		return ("");
	n = proto_text_cut(s, size - 1);
	memcpy(buf, s, (size_t)n);
	buf[n] = '\0';
	return (buf);
}

enum store_result
store_audit_append(struct store *st, struct store_audit *a)
{
	struct store_audit_head_row	 last;
	struct store_audit		 row = *a;
	uint8_t				 head_hash[STORE_AUDIT_HASH_BYTES];
	int64_t				 head_id;
	char				 reason[STORE_AUDIT_TEXT_MAX + 1];
	char				 detail[STORE_AUDIT_TEXT_MAX + 1];
	enum store_result		 res;

	/*
	 * The last row is read inside the write transaction (RUN_WRITE opens
	 * it): staffroomctl and the daemon both append, and BEGIN IMMEDIATE
	 * makes them take turns, so no two rows share a predecessor.
	 */
	memset(&last, 0, sizeof last);
	if ((res = store_run(st, STMT_AUDIT_HEAD, RUN_WRITE,
	    store_audit_head_fill, &last, "")) != STORE_OK)
		return (res);
	row.id = last.id + 1;
	/*
	 * Rows deleted from the end leave audit.head past the last row. The
	 * next row does not take their ids: the gap stays, so verify still
	 * finds it after new rows, not only until the next append.
	 */
	if (store_audit_head_read(st, &head_id, head_hash) == STORE_OK &&
	    head_id > last.id) {
		log_error("audit: the log ends at row %lld but %s records row "
		    "%lld: rows were removed; the next row is %lld",
		    (long long)last.id, STORE_AUDIT_HEAD_FILE, (long long)head_id,
		    (long long)head_id + 1);
		row.id = head_id + 1;
	}
	memcpy(row.prev, last.hash, sizeof row.prev);
	row.target_kind = row.target_kind != NULL ? row.target_kind : "";
	row.act = row.act != NULL ? row.act : "";
	row.reason = store_audit_cut(a->reason, reason, sizeof reason);
	row.detail = store_audit_cut(a->detail, detail, sizeof detail);
	store_audit_hash(&row, row.hash);
	res = store_run(st, STMT_AUDIT_APPEND, RUN_WRITE, NULL, NULL,
	    "iiitittthh", row.id, row.ts, row.actor_id, row.target_kind,
	    row.target_id, row.act, row.reason, row.detail, row.prev, row.hash);
	if (res != STORE_OK)
		return (res);
	st->audit_appended = true;
	a->id = row.id;
	memcpy(a->prev, row.prev, sizeof a->prev);
	memcpy(a->hash, row.hash, sizeof a->hash);
	return (STORE_OK);
}

/* Rows to callbacks; the first limit of them when limit > 0. */
struct store_audit_cb {
	void	(*cb)(const struct store_audit *, void *);
	void	*arg;
	int	 limit;
	int	 n;
};

static void
store_audit_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_audit_cb	*c = arg;
	struct store_audit	 a;

	if (c->limit > 0 && c->n++ >= c->limit)
		return;
	a.id = sqlite3_column_int64(stmt, 0);
	a.ts = sqlite3_column_int64(stmt, 1);
	a.actor_id = sqlite3_column_int64(stmt, 2);
	a.target_kind = store_text(stmt, 3);
	a.target_id = sqlite3_column_int64(stmt, 4);
	a.act = store_text(stmt, 5);
	a.reason = store_text(stmt, 6);
	a.detail = store_text(stmt, 7);
	store_audit_blob(stmt, 8, a.prev);
	store_audit_blob(stmt, 9, a.hash);
	c->cb(&a, c->arg);
}

enum store_result
store_audit_tail(struct store *st, int limit,
    void (*cb)(const struct store_audit *, void *), void *arg)
{
	struct store_audit_cb	c = { cb, arg, 0, 0 };

	return (store_run(st, STMT_AUDIT_TAIL, 0, store_audit_row, &c, "i",
	    (int64_t)limit));
}

enum store_result
store_audit_search(struct store *st, const struct store_audit_query *q,
    void (*cb)(const struct store_audit *, void *), void *arg, bool *more)
{
	struct store_audit_cb	c = { cb, arg, q->limit, 0 };
	enum store_result	res;

	/* One row past the page says whether there is another. */
	res = store_run(st, STMT_AUDIT_SEARCH, 0, store_audit_row, &c,
	    "iitiii", q->after_id, q->actor_id, q->target_kind, q->target_id,
	    q->since_ms, (int64_t)q->limit + 1);
	*more = c.n > q->limit;
	return (res);
}

static void
store_audit_log(struct store *st, int64_t id,
    const uint8_t hash[STORE_AUDIT_HASH_BYTES],
    char hex[STORE_AUDIT_HASH_BYTES * 2 + 1])
{
	sodium_bin2hex(hex, STORE_AUDIT_HASH_BYTES * 2 + 1, hash,
	    STORE_AUDIT_HASH_BYTES);
	log_info("audit: head is row %lld %s", (long long)id, hex);
	st->audit_logged_id = id;
}

void
store_audit_log_head(struct store *st)
{
	uint8_t		hash[STORE_AUDIT_HASH_BYTES];
	char		hex[STORE_AUDIT_HASH_BYTES * 2 + 1];
	int64_t		id, head_id;

	if (store_audit_head(st, &id, hash) != STORE_OK)
		return;
	if (id != 0 && id != st->audit_logged_id)
		store_audit_log(st, id, hash, hex);
	/* Said at once, not only when the next act or a verify meets it. */
	if (store_audit_head_read(st, &head_id, hash) == STORE_OK && head_id > id)
		log_error("audit: the log ends at row %lld but %s records row "
		    "%lld: rows were removed", (long long)id,
		    STORE_AUDIT_HEAD_FILE, (long long)head_id);
}

/*
 * audit.head is written by whoever committed last, the daemon or
 * staffroomctl, under an exclusive flock on the state directory; each
 * writer reads the committed head afresh inside the lock, so the file ends
 * at the newest head whatever order the two commits and writes came in.
 * It is a few dozen bytes, written to a temporary file, synced and renamed
 * over the old one, so a reader sees one whole head or the other. The
 * daemon does this on its loop, only after turns that appended a row
 * (moderators' acts: rare); the sync costs about what the commit's own
 * did, and nobody else holds the lock for longer than this.
 */
void
store_audit_committed(struct store *st)
{
	uint8_t		 hash[STORE_AUDIT_HASH_BYTES];
	char		 hex[STORE_AUDIT_HASH_BYTES * 2 + 1], line[128];
	int64_t		 id;
	int		 dirfd, fd = -1, len;
	bool		 ok = false;

	st->audit_appended = false;
	if ((dirfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    flock(dirfd, LOCK_EX) == -1) {
		log_warn("audit: %s: %s; audit.head not written", st->dir,
		    strerror(errno));
		goto out;
	}
	if (store_audit_head(st, &id, hash) != STORE_OK || id == 0)
		goto out;
	store_audit_log(st, id, hash, hex);
	len = snprintf(line, sizeof line, "%lld %s\n", (long long)id, hex);
	if ((fd = openat(dirfd, STORE_AUDIT_HEAD_FILE ".tmp", O_WRONLY |
	    O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) != -1 &&
	    write(fd, line, (size_t)len) == len && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		ok = renameat(dirfd, STORE_AUDIT_HEAD_FILE ".tmp", dirfd,
		    STORE_AUDIT_HEAD_FILE) == 0;
	}
	if (!ok)
		log_warn("audit: cannot write %s/%s: %s", st->dir,
		    STORE_AUDIT_HEAD_FILE, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (dirfd != -1)
		close(dirfd);
}

struct store_audit_walk {
	struct store_audit_check	*out;
	int64_t				 head_id;
	uint8_t				 head_hash[STORE_AUDIT_HASH_BYTES];
	uint8_t				 prev[STORE_AUDIT_HASH_BYTES];
	int64_t				 after;	/* the page's last id */
	int				 n;	/* rows in this page */
};

static void
store_audit_walk_row(const struct store_audit *a, void *arg)
{
	struct store_audit_walk		*w = arg;
	struct store_audit_check	*c = w->out;
	uint8_t				 hash[STORE_AUDIT_HASH_BYTES];

	w->n++;
	w->after = a->id;
	if (c->fault != STORE_AUDIT_SOUND)
		return;
	c->rows++;
	store_audit_hash(a, hash);
	if (a->id != c->last_id + 1) {
		c->fault = STORE_AUDIT_MISSING;
		c->expected_id = c->last_id + 1;
	} else if (sodium_memcmp(hash, a->hash, sizeof hash) != 0)
		c->fault = STORE_AUDIT_EDITED;
	else if (sodium_memcmp(a->prev, w->prev, sizeof w->prev) != 0)
		c->fault = STORE_AUDIT_UNLINKED;
	else if (a->id == w->head_id &&
	    sodium_memcmp(a->hash, w->head_hash, sizeof hash) != 0)
		c->fault = STORE_AUDIT_HEAD_DIFFERS;
	if (c->fault != STORE_AUDIT_SOUND) {
		c->bad_id = a->id;
		return;
	}
	c->last_id = a->id;
	memcpy(w->prev, a->hash, sizeof w->prev);
}

/* Reads up to pages pages of rows after w->after (pages 0: to the end). */
static enum store_result
store_audit_walk(struct store *st, struct store_audit_walk *w, int pages,
    bool *more)
{
	struct store_audit_query	q = { -1, NULL, 0, 0, 0, AUDIT_PAGE };
	enum store_result		res;
	int				read = 0;

	*more = true;
	while (*more && w->out->fault == STORE_AUDIT_SOUND &&
	    (pages == 0 || read++ < pages)) {
		w->n = 0;
		q.after_id = w->after;
		if ((res = store_audit_search(st, &q, store_audit_walk_row, w,
		    more)) != STORE_OK)
			return (res);
	}
	return (STORE_OK);
}

/* At the end of a sound chain: does it end where audit.head says? */
static void
store_audit_judge_head(struct store_audit_walk *w, enum store_result head)
{
	struct store_audit_check	*out = w->out;

	if (out->fault != STORE_AUDIT_SOUND)
		return;
	if (head == STORE_ERROR)
		out->fault = STORE_AUDIT_BAD_HEAD;
	else if (head == STORE_NOT_FOUND && out->rows > 0)
		out->fault = STORE_AUDIT_NO_HEAD;
	else if (w->head_id > out->last_id) {
		out->fault = STORE_AUDIT_HEAD_GONE;
		out->bad_id = out->last_id + 1;
	} else
		out->head_behind = w->head_id < out->last_id;
}

static void
store_audit_prev_row(const struct store_audit *a, void *arg)
{
	struct store_audit_walk	*w = arg;

	if (a->id == w->after)
		memcpy(w->prev, a->hash, sizeof w->prev);
}

enum store_result
store_audit_verify_page(struct store *st, int64_t after, int pages,
    struct store_audit_check *out, bool *more)
{
	struct store_audit_query	q = { -1, NULL, 0, 0, 0, 1 };
	struct store_audit_walk		w;
	enum store_result		res, head;
	bool				one_more;

	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	w.out = out;
	/*
	 * The head first: it only moves forward, so rows read after it may
	 * be newer than it (behind), never older.
	 */
	head = store_audit_head_read(st, &w.head_id, w.head_hash);
	out->head_id = w.head_id;
	/*
	 * Row after was judged by the page before: its stored hash links
	 * the next. Gone since, the next row is found unlinked.
	 */
	w.after = after;
	if (after > 0) {
		q.after_id = after - 1;
		if ((res = store_audit_search(st, &q, store_audit_prev_row, &w,
		    &one_more)) != STORE_OK)
			return (res);
	}
	out->last_id = after;
	if ((res = store_audit_walk(st, &w, pages, more)) != STORE_OK)
		return (res);
	if (!*more)
		store_audit_judge_head(&w, head);
	return (STORE_OK);
}

enum store_result
store_audit_verify(struct store *st, struct store_audit_check *out)
{
	bool	more;

	return (store_audit_verify_page(st, 0, 0, out, &more));
}

/* What a fault means, for the operator and the admins' console. */
void
store_audit_fault_text(const struct store_audit_check *c, char *buf,
    size_t size)
{
	long long	bad = (long long)c->bad_id, exp = (long long)c->expected_id;

	switch (c->fault) {
	case STORE_AUDIT_SOUND:
		snprintf(buf, size, "audit log sound: %lld rows, the last row "
		    "%lld", (long long)c->rows, (long long)c->last_id);
		break;
	case STORE_AUDIT_EDITED:
		snprintf(buf, size, "row %lld does not match its hash: it was "
		    "changed, or moved from another id", bad);
		break;
	case STORE_AUDIT_MISSING:
		if (exp == bad - 1)
			snprintf(buf, size, "row %lld is missing (deleted?): row "
			    "%lld follows row %lld", exp, bad, exp - 1);
		else
			snprintf(buf, size, "rows %lld to %lld are missing "
			    "(deleted?): row %lld follows row %lld", exp, bad - 1,
			    bad, exp - 1);
		break;
	case STORE_AUDIT_UNLINKED:
		snprintf(buf, size, "row %lld does not follow row %lld: row %lld "
		    "was changed and its hash made again, or rows were replaced",
		    bad, bad - 1, bad - 1);
		break;
	case STORE_AUDIT_HEAD_GONE:
		snprintf(buf, size, "row %lld is missing (deleted?): the log ends "
		    "at row %lld but %s records row %lld", bad,
		    (long long)c->last_id, STORE_AUDIT_HEAD_FILE,
		    (long long)c->head_id);
		break;
	case STORE_AUDIT_HEAD_DIFFERS:
		snprintf(buf, size, "row %lld is not the row %s records: the "
		    "chain up to it was made again", bad, STORE_AUDIT_HEAD_FILE);
		break;
	case STORE_AUDIT_NO_HEAD:
		snprintf(buf, size, "the log has %lld rows but %s is gone",
		    (long long)c->rows, STORE_AUDIT_HEAD_FILE);
		break;
	case STORE_AUDIT_BAD_HEAD:
		snprintf(buf, size, "%s cannot be read", STORE_AUDIT_HEAD_FILE);
		break;
	}
}
