/*
 * store_fixture.c: the store unit tests' shared fixture (store_fixture.h).
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "staffroomd.h"
#include "store_fixture.h"

int64_t
room_id(struct store *st, const char *ref)
{
	struct store_room	room;

	assert_int_equal(store_room_by_ref(st, ref, &room), STORE_OK);
	return (room.id);
}

int64_t
add_user(struct store *st, const char *handle, int64_t region)
{
	int64_t	id;

	assert_int_equal(store_user_add(st, handle, "Some One", region,
	    ROLE_MEMBER, NULL, T0, &id), STORE_OK);
	return (id);
}

int
store_fixture_setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, STORE_DB_FILE);
	assert_int_equal(store_open(f->dir, true, 1000, &f->st), STORE_OK);

	assert_int_equal(store_region_add(f->st, "north-east", "North-East",
	    "yorkshire"), STORE_OK);
	assert_int_equal(store_region_add(f->st, "london", "London", ""),
	    STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "north-east",
	    &f->north_east), STORE_OK);
	assert_int_equal(store_region_by_slug(f->st, "london", &f->london),
	    STORE_OK);
	assert_int_equal(store_room_add(f->st, "national", ROOM_NATIONAL,
	    "National", 0, T0, &f->national), STORE_OK);
	f->ne_room = room_id(f->st, "region:north-east");
	f->london_room = room_id(f->st, "region:london");
	f->asha = add_user(f->st, "asha", f->north_east);
	f->ben = add_user(f->st, "ben", f->london);
	assert_int_equal(store_commit(f->st), STORE_OK);
	*state = f;
	return (0);
}

static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return (remove(path));
}

/* Removes a test's directory and everything in it. */
int
remove_dir(const char *dir)
{
	return (nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS));
}

int
store_fixture_teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	remove_dir(f->dir);
	free(f);
	return (0);
}

void
reopen(struct fixture *f)
{
	store_close(f->st);
	assert_int_equal(store_open(f->dir, false, 1000, &f->st), STORE_OK);
}

void
add_member(struct fixture *f, int64_t room, int64_t user)
{
	assert_int_equal(store_member_add(f->st, room, user, 0, 0), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
}

int64_t
post(struct fixture *f, int64_t room, const char *body)
{
	int64_t	id;

	assert_int_equal(store_msg_append(f->st, room, f->asha, body, T0, false,
	    &id), STORE_OK);
	return (id);
}


void
seen_msg(const struct store_msg *m, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n] = m->id;
	snprintf(s->bodies[s->n], sizeof s->bodies[0], "%s", m->body);
	snprintf(s->rooms[s->n], sizeof s->rooms[0], "%s", m->room);
	snprintf(s->from[s->n], sizeof s->from[0], "%s", m->from);
	s->n++;
}

void
seen_room(const struct store_room *r, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n] = r->id;
	snprintf(s->rooms[s->n], sizeof s->rooms[0], "%s", r->ref);
	s->n++;
}

void
seen_id(int64_t id, void *arg)
{
	struct seen	*s = arg;

	assert_true(s->n < 32);
	s->ids[s->n++] = id;
}
