/*
 * fuzz_fts.c: libFuzzer target for turning what people type into an FTS5
 * query. The expression fits its buffer (any size, chosen by the first
 * byte), keeps at most PROTO_FTS_MAX_TERMS terms, and SQLite's FTS5 always
 * accepts it: a search can never be a syntax error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3_stmt	*fuzz_match;

/*
 * SQLite's own heap, straight from glibc. SQLite is not instrumented and
 * nothing instrumented touches its memory, so ASan's allocator (filling,
 * poisoning and quarantining each of the dozens of blocks a MATCH takes)
 * only made every run several times slower. Each block starts with its size.
 */
void	*__libc_malloc(size_t);
void	*__libc_realloc(void *, size_t);
void	 __libc_free(void *);

#define FUZZ_HEAP_HEADER	8

static void *
fuzz_heap_malloc(int n)
{
	char	*p = __libc_malloc((size_t)n + FUZZ_HEAP_HEADER);

	if (p == NULL)
		return (NULL);
	*(int64_t *)p = n;
	return (p + FUZZ_HEAP_HEADER);
}

static void
fuzz_heap_free(void *p)
{
	if (p != NULL)
		__libc_free((char *)p - FUZZ_HEAP_HEADER);
}

static void *
fuzz_heap_realloc(void *p, int n)
{
	char	*q = __libc_realloc((char *)p - FUZZ_HEAP_HEADER,
	    (size_t)n + FUZZ_HEAP_HEADER);

	if (q == NULL)
		return (NULL);
	*(int64_t *)q = n;
	return (q + FUZZ_HEAP_HEADER);
}

static int
fuzz_heap_size(void *p)
{
	return ((int)*(int64_t *)((char *)p - FUZZ_HEAP_HEADER));
}

static int
fuzz_heap_roundup(int n)
{
	return ((n + 7) & ~7);
}

static int
fuzz_heap_init(void *arg)
{
	return (SQLITE_OK);
}

static void
fuzz_heap_shutdown(void *arg)
{
}

static const sqlite3_mem_methods fuzz_heap = {
	fuzz_heap_malloc, fuzz_heap_free, fuzz_heap_realloc, fuzz_heap_size,
	fuzz_heap_roundup, fuzz_heap_init, fuzz_heap_shutdown, NULL
};

static void
fuzz_open(void)
{
	sqlite3	*db;

	/* The tokenizer the store's messages_fts uses. */
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &fuzz_heap) != SQLITE_OK ||
	    sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, "
	    "tokenize = 'unicode61 remove_diacritics 2');"
	    "INSERT INTO t VALUES ('ofsted report for year 6 maths');",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?",
	    -1, &fuzz_match, NULL) != SQLITE_OK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 out[PROTO_FTS_QUERY_SIZE], *text;
	size_t	 outsize, quotes = 0, i;
	int	 terms, rc;

	if (size == 0 || size > PROTO_MAX_QUERY * 4)
		return 0;
	if (fuzz_match == NULL)
		fuzz_open();
	outsize = data[0] == 0 ? sizeof out : data[0] % sizeof out;
	if ((text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(out, 'x', sizeof out);
	terms = proto_fts_query(text, out, outsize);
	if (terms < 0 || terms > PROTO_FTS_MAX_TERMS)
		abort();
	if (outsize == 0) {
		free(text);
		return 0;
	}
	if (strlen(out) >= outsize || (terms == 0 && out[0] != '\0'))
		abort();
	for (i = 0; out[i] != '\0'; i++)
		quotes += out[i] == '"';
	if (quotes % 2 != 0)
		abort();
	if (terms > 0) {
		sqlite3_bind_text(fuzz_match, 1, out, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(fuzz_match)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE)
			abort();
		sqlite3_reset(fuzz_match);
	}
	free(text);
	return 0;
}
