/*
 * fsync_delay.c: an LD_PRELOAD shim for the bench's slowdisk scenario. Each
 * fsync and fdatasync of the process sleeps first (STAFFROOM_FSYNC_DELAY_MS,
 * 50 by default), as on a busy or networked disk, then syncs for real: what
 * the daemon does while its commits wait on the disk is what is measured.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

int	fsync(int);
int	fdatasync(int);

static void
fsync_delay_sleep(void)
{
	const char	*s = getenv("STAFFROOM_FSYNC_DELAY_MS");
	long		 ms = s != NULL ? strtol(s, NULL, 10) : 50;
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };
	int		 saved = errno;

	while (ms > 0 && nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	errno = saved;
}

int
fsync(int fd)
{
	static int	(*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	fsync_delay_sleep();
	return (real(fd));
}

int
fdatasync(int fd)
{
	static int	(*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	fsync_delay_sleep();
	return (real(fd));
}
