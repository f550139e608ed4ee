/*
 * fsync_delay.c: an LD_PRELOAD shim for the bench. Each fsync and fdatasync
 * of the process sleeps first (STAFFROOM_FSYNC_DELAY_MS, 50 by default), as
 * on a busy or networked disk, then syncs for real: what the daemon does
 * while its commits wait on the disk is what the slowdisk scenario
 * measures. With STAFFROOM_FSYNC_LOG set, each call also appends when it
 * began and how long it took (microseconds, CLOCK_MONOTONIC) to that file:
 * the fanout scenario sets the delay to 0 and reads the disk's share of
 * each message's latency from it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int	fsync(int);
int	fdatasync(int);

static uint64_t
fsync_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

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

/* One line per call; one write(2), so lines of two threads never mix. */
static void
fsync_log(uint64_t start_us)
{
	static int	 fd = -2;
	const char	*path;
	char		 line[64];
	int		 n, saved = errno;

	if (fd == -2)
		fd = (path = getenv("STAFFROOM_FSYNC_LOG")) != NULL ?
		    open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	n = snprintf(line, sizeof line, "%llu %llu\n",
	    (unsigned long long)start_us,
	    (unsigned long long)(fsync_now_us() - start_us));
	if (fd >= 0 && write(fd, line, (size_t)n) != n)
		fd = -1;
	errno = saved;
}

int
fsync(int fd)
{
	static int	(*real)(int);
	uint64_t	start = fsync_now_us();
	int		rc;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	fsync_delay_sleep();
	rc = real(fd);
	fsync_log(start);
	return (rc);
}

int
fdatasync(int fd)
{
	static int	(*real)(int);
	uint64_t	start = fsync_now_us();
	int		rc;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	fsync_delay_sleep();
	rc = real(fd);
	fsync_log(start);
	return (rc);
}
