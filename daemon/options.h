/*
 * options.h: staffroomd's settings, from the config file and the command
 * line (options.c). Only server.c and options.c include it.
 */
#ifndef STAFFROOM_OPTIONS_H
#define STAFFROOM_OPTIONS_H

#include <stdbool.h>

#include "log.h"
#include "transport.h"

struct server_settings {
	struct server_config	 cfg;
	const char		*listen;	/* ADDR:PORT */
	const char		*user;		/* --user: become NAME when root */
	const char		*config;	/* the file read, or NULL */
	const char		*metrics;	/* ADDR:PORT of /metrics, or NULL: none */
	enum log_level		 log_level;
	bool			 syslog;
};

/*
 * The defaults, then the config file (--config FILE, else the default file
 * when there is one), then the command line, which wins. Returns -1 to go
 * on, else the exit status, after saying why on stderr.
 */
int		 options_load(int argc, char **argv, struct server_settings *);
/*
 * SIGHUP: reads the config file and the command line again. The limits
 * that can change while running take their new values in s and the rest
 * are left (a line says which need a restart); false, with nothing
 * changed, when the file has an error (logged with its line).
 */
bool		 options_reload(struct server_settings *s);
/* At exit: the texts of the config file, which settings point into. */
void		 options_free(void);
/* "ADDR:PORT" or "[ADDR]:PORT"; false when malformed. */
bool		 options_listen(const char *text, char *addr, size_t size, int *port);

#endif
