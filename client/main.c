/*
 * main.c: staffroom, the client. Parses the command line, makes the first
 * connection (asking on the terminal what needs asking), then hands over to
 * a frontend and the event loop.
 *
 *	staffroom [-p PORT] [-i KEYFILE] [--plain] [handle@]host[:port]
 *	staffroom --join CODE [--plain] host[:port]
 *	staffroom --spawned		(run by staffroomd for plain ssh users)
 */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "staffroom.h"
#include "config.h"

#define MAIN_DEFAULT_PORT	2222
#define MAIN_SPAWN_FD		3	/* where staffroomd puts the connection */

static void
main_usage(FILE *f)
{
	fprintf(f,
	    "usage: staffroom [-p port] [-i keyfile] [--plain] "
	    "[--bell | --no-bell] [handle@]host[:port]\n"
	    "       staffroom --join CODE [-p port] [--plain] host[:port]\n"
	    "       staffroom --help | --version\n");
}

/* Wide characters need a UTF-8 locale; fall back to C.UTF-8 if unset. */
static void
main_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plain", no_argument, NULL, 'P' },
		{ "bell", no_argument, NULL, 'B' },
		{ "no-bell", no_argument, NULL, 'N' },
		{ "join", required_argument, NULL, 'J' },
		{ "spawned", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct client	 c;
	const char	*join = NULL;
	int		 ch, port = MAIN_DEFAULT_PORT, rc, bell = -1;

	memset(&c, 0, sizeof c);
	TAILQ_INIT(&c.pending);
	TAILQ_INIT(&c.outbox);
	c.net.fd = -1;
	while ((ch = getopt_long(argc, argv, "hi:p:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			c.net.auth.identity = optarg;
			break;
		case 'p':
			if ((port = atoi(optarg)) < 1 || port > 65535) {
				fprintf(stderr, "staffroom: bad port %s\n", optarg);
				return (2);
			}
			break;
		case 'P':
			c.plain = 1;
			break;
		case 'B':
		case 'N':
			bell = ch == 'B';
			break;
		case 'J':
			join = optarg;
			break;
		case 'S':
			c.spawned = 1;
			break;
		case 'h':
			main_usage(stdout);
			return (0);
		case 'V':
			printf("staffroom %s\n", PACKAGE_VERSION);
			return (0);
		default:
			main_usage(stderr);
			return (2);
		}
	}
	argc -= optind;
	argv += optind;

	main_locale();
	if (sodium_init() == -1 || !net_library_init()) {
		fputs("staffroom: cannot start the crypto libraries\n", stderr);
		return (1);
	}
	c.fe = c.plain ? &plain_frontend : &ui_frontend;
	/* The full screen rings by default, plain mode only when asked. */
	c.bell = bell == -1 ? !c.plain : bell == 1;

	if (c.spawned) {
		/* Keys, known_hosts and the command line are not ours here. */
		if (argc != 0 || join != NULL) {
			main_usage(stderr);
			return (2);
		}
		if (net_open_fd(&c.net, MAIN_SPAWN_FD) != 0)
			return (1);
	} else {
		if (argc != 1) {
			main_usage(stderr);
			return (2);
		}
		if (target_parse(argv[0], port, &c.target) != 0) {
			fprintf(stderr, "staffroom: %s is not [handle@]host[:port]\n",
			    argv[0]);
			return (2);
		}
	}

	/* From here every way out frees what the connection left behind. */
	rc = 1;
	if (!c.spawned && ((join != NULL && join_command_line(&c, join) != 0) ||
	    net_open(&c.net, &c.target) != 0))
		goto out;
	if (c.fe->init(&c) != 0)
		goto out;
	rc = loop_run(&c);
	c.fe->done(&c);

out:
	rpc_fail_all(&c);
	session_free(&c);
	meeting_free();
	floor_free();
	net_free(&c.net);
	json_decref(c.keys);
	target_free(&c.target);
	net_library_free();
	return (rc);
}
