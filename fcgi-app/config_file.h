/* config_file.h - settings from a file, for workers started where no
 * environment can be set (a CGI program under lighttpd's mod_cgi, shared
 * hosting) */
#ifndef HTTPSTATUS_CONFIG_FILE_H
#define HTTPSTATUS_CONFIG_FILE_H

/* Reads "NAME=value" lines (blank lines and lines starting with '#' are
 * skipped) from the file HTTPSTATUS_CONFIG names, else from default_path,
 * and puts each into the environment unless the environment already has
 * it: the environment overrides the file, and options override both.
 * Only the worker's own settings may appear.  A missing default_path is no
 * error; a missing HTTPSTATUS_CONFIG file, an unreadable line or an
 * unknown name is, said on stderr.  Returns 0 or -1. */
int config_file_load(const char *default_path);

#endif
