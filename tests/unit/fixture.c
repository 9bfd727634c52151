/* fixture.c - building requests and reading responses for the unit tests */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status_table.h"
#include "test.h"

const struct request_limits fixture_limits = {
    .max_query_bytes = 64, .max_body_bytes = 1000, .max_sleep_ms = 5000,
};
struct response resp;
struct sim_request fixture_request;
int sleep_room = 1;

static struct response spare;

void build_env(char **env)
{
    build_env_limits(env, &fixture_limits);
}

void build_env_limits(char **env, const struct request_limits *limits)
{
    uint64_t length;
    request_from_env(&fixture_request, env);
    request_set_id(&fixture_request, 0xaa);
    strcpy(fixture_request.received, "2026-11-28T12:00:00.000Z");
    fixture_request.body = request_body_verdict(&fixture_request, limits,
                                                &length);
    fixture_request.sleep_room = sleep_room;
    fixture_request.secret_names = limits->secret_names;
    dispatch(&resp, &spare, &fixture_request, limits);
}

void build(const char *method, const char *path, const char *extra)
{
    static char method_env[64], path_env[256];
    snprintf(method_env, sizeof(method_env), "REQUEST_METHOD=%s", method);
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=%s", path);
    char *env[] = {
        method_env, path_env, "SERVER_PROTOCOL=HTTP/1.1",
        "SERVER_SOFTWARE=lighttpd/1.4.69", "REMOTE_ADDR=127.0.0.1",
        "HTTP_HOST=localhost",
        (char *)extra, NULL,
    };
    build_env(env);
}

const char *field(const struct header_block *block, const char *name)
{
    for (size_t i = 0; i < block->count; i++)
        if (strcmp(block->fields[i].name, name) == 0)
            return block->fields[i].value;
    return NULL;
}

size_t field_count(const struct header_block *block, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < block->count; i++)
        n += strcmp(block->fields[i].name, name) == 0;
    return n;
}

const char *body_text(void)
{
    static char text[RESPONSE_BODY_SIZE + 1];
    memcpy(text, resp.body, resp.body_len);
    text[resp.body_len] = '\0';
    return text;
}

yajl_val parse_body(void)
{
    char error[128];
    return yajl_tree_parse(body_text(), error, sizeof(error));
}

const char *json_string(yajl_val root, const char *a, const char *b,
                        const char *c)
{
    const char *path[] = { a, b, c, NULL };
    yajl_val v = yajl_tree_get(root, path, yajl_t_string);
    return v ? YAJL_GET_STRING(v) : NULL;
}

long long json_integer(yajl_val root, const char *a, const char *b)
{
    const char *path[] = { a, b, NULL };
    yajl_val v = yajl_tree_get(root, path, yajl_t_number);
    return v && YAJL_IS_INTEGER(v) ? YAJL_GET_INTEGER(v) : -1;
}

int json_is_true(yajl_val root, const char *a, const char *b)
{
    const char *path[] = { a, b, NULL };
    return YAJL_IS_TRUE(yajl_tree_get(root, path, yajl_t_true));
}

int expect_problem(int status, const char *detail_part)
{
    ASSERT_INT_EQ(resp.status, status);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "application/problem+json");
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "no-store");
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", NULL), status);
    ASSERT_STR_EQ(json_string(root, "type", NULL, NULL), "about:blank");
    ASSERT_STR_EQ(json_string(root, "title", NULL, NULL),
                  status_table_find(status)->reason);
    const char *detail = json_string(root, "detail", NULL, NULL);
    int found = detail && strstr(detail, detail_part) != NULL;
    /* Said before the tree, which holds the detail, is freed. */
    if (!found)
        printf("# detail \"%s\" lacks \"%s\"\n", detail ? detail : "",
               detail_part);
    yajl_tree_free(root);
    return found ? 0 : 1;
}

char *read_source_file(const char *path)
{
    char full[4096];
    snprintf(full, sizeof(full), "%s/%s", SOURCE_DIR, path);
    FILE *in = fopen(full, "rb");
    if (!in)
        return NULL;
    char *text = NULL;
    long size;
    if (fseek(in, 0, SEEK_END) == 0 && (size = ftell(in)) >= 0 &&
        fseek(in, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1)) &&
        fread(text, 1, (size_t)size, in) == (size_t)size)
        text[size] = '\0';
    else {
        free(text);
        text = NULL;
    }
    fclose(in);
    return text;
}

yajl_val read_source_json(const char *path)
{
    char error[128];
    char *text = read_source_file(path);
    yajl_val root = text ? yajl_tree_parse(text, error, sizeof(error)) : NULL;
    free(text);
    return root;
}

int has_note(const struct note *notes, size_t count,
             enum note_severity severity, const char *part)
{
    for (size_t i = 0; i < count; i++)
        if (notes[i].severity == severity && strstr(notes[i].text, part))
            return 1;
    return 0;
}
