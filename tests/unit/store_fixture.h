/*
 * store_fixture.h: what the store's unit tests share: a fresh state
 * directory per test holding two regions, the national room and one member
 * in each region, removed afterwards, and collectors for store callbacks.
 */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#define T0	1700000000000LL		/* a fixed "now", UTC ms */
#define DAY	(24 * 60 * 60 * 1000LL)

struct fixture {
	char		 dir[64];
	char		 path[128];	/* dir/staffroom.db */
	struct store	*st;
	int64_t		 north_east;	/* region ids */
	int64_t		 london;
	int64_t		 national;	/* room ids */
	int64_t		 ne_room;
	int64_t		 london_room;
	int64_t		 asha;		/* user in north-east */
	int64_t		 ben;		/* user in london */
};

/* Collects delivered messages' ids and bodies. */
struct seen {
	int64_t	ids[32];
	char	bodies[32][32];
	char	rooms[32][80];
	char	from[32][PROTO_HANDLE_MAX + 1];
	size_t	n;
};

int	 store_fixture_setup(void **);
int	 store_fixture_teardown(void **);
int	 remove_dir(const char *);
void	 reopen(struct fixture *);
int64_t	 room_id(struct store *, const char *);
int64_t	 add_user(struct store *, const char *, int64_t);
void	 add_member(struct fixture *, int64_t, int64_t);
int64_t	 post(struct fixture *, int64_t, const char *);
void	 seen_msg(const struct store_msg *, void *);
void	 seen_room(const struct store_room *, void *);
void	 seen_id(int64_t, void *);

#endif
