/*
 * fuzz_fts.c: libFuzzer target for turning what people type into an FTS5
 * query. The expression fits its buffer (any size, chosen by the first
 * byte), keeps at most PROTO_FTS_MAX_TERMS terms, and SQLite's FTS5 always
 * accepts it: a search can never be a syntax error.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3_stmt	*fuzz_match;

static void
fuzz_open(void)
{
	sqlite3	*db;

	/* The tokenizer the store's messages_fts uses. */
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
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
