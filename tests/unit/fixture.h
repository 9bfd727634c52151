/* fixture.h - requests built from a few environment entries, dispatched,
 * and the response read back: shared by the unit tests of the core */
#ifndef HTTPSTATUS_FIXTURE_H
#define HTTPSTATUS_FIXTURE_H

#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "dispatch.h"
#include "notes.h"
#include "request.h"
#include "response.h"

/* max_query_bytes 64, max_body_bytes 1000, max_sleep_ms 5000. */
extern const struct request_limits fixture_limits;
/* The response the last build() decided, and the request it answered. */
extern struct response resp;
extern struct sim_request fixture_request;
/* Whether a delayed response can be held; build() passes it on. */
extern int sleep_room;

/* Dispatches method + path (as SCRIPT_NAME) + one extra env entry (NULL:
 * none), from HTTP/1.1 through lighttpd, 127.0.0.1, Host localhost, with
 * the id 00000000000000aa, into resp. */
void build(const char *method, const char *path, const char *extra);

/* Dispatches a request made of exactly the entries of env into resp,
 * under fixture_limits or limits. */
void build_env(char **env);
void build_env_limits(char **env, const struct request_limits *limits);

/* The value of the first field named name (exact case), or NULL; how many
 * fields have that name. */
const char *field(const struct header_block *block, const char *name);
size_t field_count(const struct header_block *block, const char *name);

/* The body as a NUL-terminated string. */
const char *body_text(void);

/* The JSON body, parsed; the caller frees it with yajl_tree_free. */
yajl_val parse_body(void);

/* A string, integer or true at a path of up to three keys (NULL ends it);
 * NULL, -1 or 0 when it is not there. */
const char *json_string(yajl_val root, const char *a, const char *b,
                        const char *c);
long long json_integer(yajl_val root, const char *a, const char *b);
int json_is_true(yajl_val root, const char *a, const char *b);

/* 0 when resp is a problem response of status whose detail holds
 * detail_part; else prints why and returns 1. */
int expect_problem(int status, const char *detail_part);

/* Whether notes hold one whose text contains part, with that severity. */
int has_note(const struct note *notes, size_t count,
             enum note_severity severity, const char *part);

/* A JSON file of the source tree (path relative to its top), parsed; NULL
 * when unreadable.  The caller frees it with yajl_tree_free. */
yajl_val read_source_json(const char *path);

/* The contents of a file of the source tree (path relative to its top),
 * NUL-terminated, in a buffer the caller frees; NULL when unreadable. */
char *read_source_file(const char *path);

#endif
