/*
 * log.h: one line per event on stderr, with a level (log.c). Its own header
 * so the store and other leaf files need not include staffroomd.h.
 */
#ifndef STAFFROOM_LOG_H
#define STAFFROOM_LOG_H

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };
void		 log_set_level(enum log_level);
/* From now on to syslog (facility daemon) instead of stderr. */
void		 log_use_syslog(void);
void		 log_msg(enum log_level, const char *, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...)	log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
