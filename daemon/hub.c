/*
 * hub.c: who is listening. Two small hash tables of conn sets: by room (for
 * fanout) and by person (their sessions, for mentions and kicks). An event is
 * encoded once by the caller; the hub only adds references to the same blob.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "staffroomd.h"

struct hub_set {
	int64_t		 key;
	struct person	*person;	/* by person: what their sessions share */
	struct conn	**conns;
	uint32_t	 n;
	uint32_t	 cap;
	struct hub_set	*next;
};

struct hub_table {
	struct hub_set	**buckets;
	size_t		  nbuckets;	/* a power of two */
	size_t		  nsets;
};

static struct hub_table hub_rooms;
static struct hub_table hub_users;

static void
hub_table_init(struct hub_table *t)
{
	t->nbuckets = 64;
	t->buckets = xcalloc(t->nbuckets, sizeof *t->buckets);
	t->nsets = 0;
}

void
hub_init(void)
{
	hub_table_init(&hub_rooms);
	hub_table_init(&hub_users);
}

static size_t
hub_slot(const struct hub_table *t, int64_t key)
{
	uint64_t	h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;

	return ((size_t)(h >> 32) & (t->nbuckets - 1));
}

static void
hub_table_grow(struct hub_table *t)
{
	struct hub_set	**old = t->buckets, *s, *next;
	size_t		  oldn = t->nbuckets, i, slot;

	t->nbuckets *= 2;
	t->buckets = xcalloc(t->nbuckets, sizeof *t->buckets);
	for (i = 0; i < oldn; i++) {
		for (s = old[i]; s != NULL; s = next) {
			next = s->next;
			slot = hub_slot(t, s->key);
			s->next = t->buckets[slot];
			t->buckets[slot] = s;
		}
	}
	free(old);
}

static struct hub_set *
hub_find(const struct hub_table *t, int64_t key)
{
	struct hub_set	*s;

	for (s = t->buckets[hub_slot(t, key)]; s != NULL; s = s->next) {
		if (s->key == key)
			return (s);
	}
	return (NULL);
}

static struct hub_set *
hub_add(struct hub_table *t, int64_t key, struct conn *c)
{
	struct hub_set	*s;
	size_t		 slot;

	if ((s = hub_find(t, key)) == NULL) {
		if (t->nsets >= t->nbuckets)
			hub_table_grow(t);
		s = xcalloc(1, sizeof *s);
		s->key = key;
		slot = hub_slot(t, key);
		s->next = t->buckets[slot];
		t->buckets[slot] = s;
		t->nsets++;
	}
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 4 : s->cap * 2;
		s->conns = xrealloc(s->conns, s->cap * sizeof *s->conns);
	}
	s->conns[s->n++] = c;
	return (s);
}

static void
hub_remove(struct hub_table *t, int64_t key, struct conn *c)
{
	struct hub_set	**sp, *s;
	uint32_t	  i;

	for (sp = &t->buckets[hub_slot(t, key)]; (s = *sp) != NULL;
	    sp = &s->next) {
		if (s->key == key)
			break;
	}
	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		if (s->conns[i] == c) {
			s->conns[i] = s->conns[--s->n];
			break;
		}
	}
	if (s->n == 0) {
		*sp = s->next;
		if (s->person != NULL)
			person_free(s->person);
		free(s->conns);
		free(s);
		t->nsets--;
	}
}

void
hub_subscribe(struct conn *c, int64_t room_id)
{
	hub_add(&hub_rooms, room_id, c);
}

void
hub_unsubscribe(struct conn *c, const int64_t *room_ids, uint32_t n)
{
	uint32_t	i;

	for (i = 0; i < n; i++)
		hub_remove(&hub_rooms, room_ids[i], c);
}

static void
hub_publish(const struct hub_table *t, int64_t key, struct blob *b,
    struct conn *except)
{
	struct hub_set	*s;
	uint32_t	 i;

	if ((s = hub_find(t, key)) == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		if (s->conns[i] != except)
			conn_send_blob(s->conns[i], b, true);
	}
}

void
hub_publish_room(int64_t room_id, struct blob *b, struct conn *except)
{
	hub_publish(&hub_rooms, room_id, b, except);
}

bool
hub_room_watched(int64_t room_id, const struct conn *except)
{
	struct hub_set	*s = hub_find(&hub_rooms, room_id);

	return (s != NULL && (s->n > 1 || s->conns[0] != except));
}

/* The person's first session brings their shared state, the last takes it. */
struct person *
hub_add_user_conn(struct conn *c, int64_t user_id)
{
	struct hub_set	*s = hub_add(&hub_users, user_id, c);

	if (s->person == NULL)
		s->person = person_new(user_id);
	return (s->person);
}

void
hub_remove_user_conn(struct conn *c, int64_t user_id)
{
	hub_remove(&hub_users, user_id, c);
}

void
hub_publish_user(int64_t user_id, struct blob *b)
{
	hub_publish(&hub_users, user_id, b, NULL);
}

/* Every session of the person but except (the one that caused the event). */
void
hub_publish_user_except(int64_t user_id, struct blob *b, struct conn *except)
{
	hub_publish(&hub_users, user_id, b, except);
}

void
hub_foreach_user_conn(int64_t user_id, void (*fn)(struct conn *, void *),
    void *arg)
{
	struct hub_set	*s;
	uint32_t	 i;

	if ((s = hub_find(&hub_users, user_id)) == NULL)
		return;
	/* fn may close conns but never frees them here, so the set is stable. */
	for (i = 0; i < s->n; i++)
		fn(s->conns[i], arg);
}

size_t
hub_user_conn_count(int64_t user_id)
{
	struct hub_set	*s = hub_find(&hub_users, user_id);

	return (s == NULL ? 0 : s->n);
}

/* Encodes the event once for every session of the person. */
void
hub_publish_user_json(int64_t user_id, json_t *ev)
{
	struct blob	*b = blob_encode(ev);

	hub_publish_user(user_id, b);
	blob_unref(b);
}
