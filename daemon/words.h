/*
 * words.h: the watched-words matcher. Text and rules are folded to one
 * spelling (lower case, Latin accents taken off, every run of spaces and
 * punctuation one space, invisible characters dropped); a rule matches when
 * its folded words occur in the folded text as whole words, in order.
 * Pure code: no I/O, no store.
 */
#ifndef WORDS_H
#define WORDS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * len bytes of text folded, with one space before and after the words
 * (so every word of it is between spaces): " cafe au lait ". Allocated;
 * the caller frees it. Invalid UTF-8 reads as a separator.
 */
char	*words_fold(const char *text, size_t len);
/*
 * A rule (a word or phrase) folded into key (size bytes): its words
 * without the outer spaces. False when it has no letter or digit, or does
 * not fit.
 */
bool	 words_fold_rule(const char *rule, char *key, size_t size);
/* Whether the folded rule key is in the folded text as whole words. */
bool	 words_match(const char *folded_text, const char *key);

#endif
