/* json_body.c - JSON bodies built with yajl's generator */
#include "json_body.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "field_rules.h"
#include "log_record.h"
#include "redact.h"

/* Every yajl call is checked; the first failure abandons the body. */
#define Y(call) \
    do { \
        if ((call) != yajl_gen_status_ok) \
            goto fail; \
    } while (0)

#define KEY(g, literal) \
    yajl_gen_string((g), (const unsigned char *)(literal), sizeof(literal) - 1)

/* yajl hands over every token, separator and quote on its own, half of
 * them one byte long: those are stored without a call to memcpy. */
static void sink_write(void *ctx, const char *text, size_t len)
{
    struct buffer *b = ctx;
    if (len == 1 && !b->overflow && b->len < b->size)
        b->data[b->len++] = *text;
    else
        buffer_append(b, text, len);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 §4), or 0. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
    unsigned char lead = s[0];
    size_t need;
    unsigned char low = 0x80, high = 0xbf; /* range of the second byte */

    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        need = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        need = 3;
        if (lead == 0xe0)
            low = 0xa0;            /* no overlong forms */
        else if (lead == 0xed)
            high = 0x9f;           /* no surrogates */
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 4;
        if (lead == 0xf0)
            low = 0x90;
        else if (lead == 0xf4)
            high = 0x8f;           /* nothing above U+10FFFF */
    } else
        return 0;

    if (avail < need || s[1] < low || s[1] > high)
        return 0;
    for (size_t i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return need;
}

size_t json_utf8_sanitize(const char *src, size_t len, char *out,
                          size_t out_size)
{
    static const char replacement[] = "\xef\xbf\xbd";
    const unsigned char *s = (const unsigned char *)src;
    size_t in = 0, used = 0;

    while (in < len) {
        size_t seq = utf8_sequence_length(s + in, len - in);
        const char *piece = seq ? src + in : replacement;
        size_t piece_len = seq ? seq : sizeof(replacement) - 1;
        if (piece_len > out_size - used)
            break;
        memcpy(out + used, piece, piece_len);
        used += piece_len;
        in += seq ? seq : 1;
    }
    return used;
}

/* Whether text can go between quotes as it is: no quote, backslash or
 * control character (the generator leaves other bytes, and '/', alone).
 * Eight bytes at a time: (w - 0x01..) & ~w has a byte's top bit set
 * exactly when some byte of w is below the subtracted value, and
 * w ^ (c in every byte) has a zero byte where w holds c. */
static int is_plain_json(const char *text, size_t len)
{
    const uint64_t ones = UINT64_C(0x0101010101010101);
    const uint64_t tops = UINT64_C(0x8080808080808080);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w, quote, backslash;
        memcpy(&w, text + i, 8);
        quote = w ^ (ones * '"');
        backslash = w ^ (ones * '\\');
        if ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
             ((backslash - ones) & ~backslash)) & tops)
            return 0;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == '"' || c == '\\')
            return 0;
    }
    return 1;
}

/* Emits a string value that needs no escaping.  yajl_gen_number writes its
 * text verbatim after the separator the generator owes, so a quoted plain
 * string goes out without yajl's byte-by-byte escaping pass, which was a
 * fifth of the worker's instructions.  Only for values: yajl refuses it
 * where a key is due, and keys keep using yajl_gen_string. */
static yajl_gen_status string_value(yajl_gen g, const char *text, size_t len)
{
    char quoted[1024];
    if (len + 2 > sizeof(quoted) || !is_plain_json(text, len))
        return yajl_gen_string(g, (const unsigned char *)text, len);
    quoted[0] = '"';
    memcpy(quoted + 1, text, len);
    quoted[len + 1] = '"';
    return yajl_gen_number(g, quoted, len + 2);
}

/* An integer without yajl_gen_integer's sprintf. */
static yajl_gen_status integer_value(yajl_gen g, long long value)
{
    char digits[24];
    size_t at = sizeof(digits);
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value
                                             : (unsigned long long)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        digits[--at] = '-';
    return yajl_gen_number(g, digits + at, sizeof(digits) - at);
}

/* A string taken from the request, cut to JSON_ECHO_STRING_MAX bytes and
 * made valid UTF-8 so that yajl never refuses it: text itself when it is
 * plain ASCII (by far the usual case), else a cleaned copy in clean. */
static const char *echo_text(const char *text,
                             char clean[3 * JSON_ECHO_STRING_MAX],
                             size_t *len)
{
    int ascii = 1;
    *len = 0;
    while (text[*len] && *len < JSON_ECHO_STRING_MAX)
        ascii &= (unsigned char)text[(*len)++] < 0x80;
    if (ascii)
        return text;
    *len = json_utf8_sanitize(text, *len, clean, 3 * JSON_ECHO_STRING_MAX);
    return clean;
}

static yajl_gen_status echo_value(yajl_gen g, const char *text)
{
    char clean[3 * JSON_ECHO_STRING_MAX];
    size_t len;
    const char *shown = echo_text(text, clean, &len);
    return string_value(g, shown, len);
}

static yajl_gen_status echo_key(yajl_gen g, const char *text)
{
    char clean[3 * JSON_ECHO_STRING_MAX];
    size_t len;
    const char *shown = echo_text(text, clean, &len);
    return yajl_gen_string(g, (const unsigned char *)shown, len);
}

/* Emits a string value the simulator wrote itself. */
static yajl_gen_status own_string(yajl_gen g, const char *text)
{
    return string_value(g, text, strlen(text));
}

/* A key the simulator wrote itself. */
static yajl_gen_status own_key(yajl_gen g, const char *text)
{
    return yajl_gen_string(g, (const unsigned char *)text, strlen(text));
}

static yajl_gen open_generator(struct buffer *out)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    if (!g)
        return NULL;
    if (!yajl_gen_config(g, yajl_gen_print_callback, sink_write, out)) {
        yajl_gen_free(g);
        return NULL;
    }
    return g;
}

static yajl_gen_status emit_fields(yajl_gen g,
                                   const struct header_field *fields,
                                   size_t count)
{
    Y(yajl_gen_map_open(g));
    for (size_t i = 0; i < count; i++) {
        Y(own_key(g, fields[i].name));
        Y(own_string(g, fields[i].value));
    }
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* The keys that describe a code's row, into an open map. */
static yajl_gen_status emit_entry_keys(yajl_gen g,
                                       const struct status_entry *e,
                                       int code)
{
    char class_label[] = "0xx";
    char spec[96], url[128];
    struct buffer spec_text, url_text;

    class_label[0] = (char)('0' + code / 100);
    buffer_init(&spec_text, spec, sizeof(spec));
    buffer_init(&url_text, url, sizeof(url));
    if (*e->spec_doc &&
        (status_spec_title(e, &spec_text) || status_spec_url(e, &url_text)))
        goto fail;

    Y(KEY(g, "code"));
    Y(integer_value(g, code));
    Y(KEY(g, "reason"));
    Y(own_string(g, e->reason));
    Y(KEY(g, "class"));
    Y(own_string(g, class_label));
    Y(KEY(g, "class_name"));
    Y(own_string(g, status_class_name(code)));
    Y(KEY(g, "registered"));
    Y(yajl_gen_bool(g, status_is_registered(e)));
    Y(KEY(g, "registry"));
    Y(own_string(g, status_registry_name(e->registry)));
    Y(KEY(g, "origin"));
    Y(e->origin ? own_string(g, e->origin) : yajl_gen_null(g));
    Y(KEY(g, "spec"));
    Y(*e->spec_doc ? string_value(g, spec, spec_text.len) : yajl_gen_null(g));
    Y(KEY(g, "spec_url"));
    Y(*e->spec_doc ? string_value(g, url, url_text.len) : yajl_gen_null(g));
    Y(KEY(g, "description"));
    Y(own_string(g, e->description));
    Y(KEY(g, "body_allowed"));
    Y(yajl_gen_bool(g, e->content == CONTENT_ALLOWED));
    Y(KEY(g, "heuristically_cacheable"));
    Y(yajl_gen_bool(g, e->heuristically_cacheable));
    Y(KEY(g, "cache_may_store"));
    return yajl_gen_bool(g, !e->never_stored);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_entry_object(yajl_gen g, const void *ctx)
{
    const struct status_report *r = ctx;
    Y(yajl_gen_map_open(g));
    Y(emit_entry_keys(g, status_lookup(r->requested), r->requested));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* Values a request set are echoed: they passed the field checks, which
 * let only ASCII through, but echo_value costs nothing for ASCII. */
static yajl_gen_status emit_control_fields(yajl_gen g,
                                           const struct sim_controls *c)
{
    Y(yajl_gen_map_open(g));
    for (size_t i = 0; i < c->field_count; i++) {
        Y(echo_key(g, c->fields[i].name));
        Y(echo_value(g, c->fields[i].value));
    }
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* A request's place in its sequence; position 0 (a random pick after the
 * end) is null. */
static yajl_gen_status emit_sequence(yajl_gen g,
                                     const struct sequence_step *step)
{
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "key"));
    Y(yajl_gen_string(g, (const unsigned char *)step->key, step->key_len));
    Y(KEY(g, "request"));
    Y(integer_value(g, (long long)step->request));
    Y(KEY(g, "position"));
    Y(step->position ? integer_value(g, (long long)step->position)
                     : yajl_gen_null(g));
    Y(KEY(g, "length"));
    Y(integer_value(g, (long long)step->length));
    Y(KEY(g, "then"));
    Y(own_string(g, sequence_then_name(step->then)));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* A request's place in its rate-limit window. */
static yajl_gen_status emit_ratelimit(yajl_gen g,
                                      const struct ratelimit_window *w)
{
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "quota"));
    Y(integer_value(g, (long long)w->quota));
    Y(KEY(g, "window_ms"));
    Y(integer_value(g, (long long)w->window_ms));
    Y(KEY(g, "used"));
    Y(integer_value(g, (long long)w->used));
    Y(KEY(g, "limited"));
    Y(yajl_gen_bool(g, ratelimit_over(w)));
    Y(KEY(g, "reset_s"));
    Y(integer_value(g, (long long)ratelimit_reset_s(w)));
    Y(KEY(g, "fields"));
    Y(own_string(g, ratelimit_dialect_name(w->dialect)));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_choice(yajl_gen g, const struct status_report *r)
{
    long long candidates = 0;
    for (size_t i = 0; i < r->choice->count; i++)
        candidates += r->choice->items[i].high - r->choice->items[i].low + 1;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "code"));
    Y(integer_value(g, r->requested));
    Y(KEY(g, "by"));
    Y(own_string(g, r->by));
    Y(KEY(g, "candidates"));
    Y(integer_value(g, candidates));
    Y(KEY(g, "seed"));
    Y(r->controls->has_seed ? integer_value(g, (long long)r->controls->seed)
                            : yajl_gen_null(g));
    Y(KEY(g, "sequence"));
    Y(r->sequence ? emit_sequence(g, r->sequence) : yajl_gen_null(g));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_notes(yajl_gen g, const struct note *notes,
                                  size_t count)
{
    Y(yajl_gen_array_open(g));
    for (size_t i = 0; i < count; i++) {
        Y(yajl_gen_map_open(g));
        Y(KEY(g, "severity"));
        Y(own_string(g, notes_severity_name(notes[i].severity)));
        Y(KEY(g, "topic"));
        Y(own_string(g, notes_topic_name(notes[i].topic)));
        Y(KEY(g, "text"));
        Y(own_string(g, notes[i].text));
        Y(KEY(g, "spec"));
        Y(own_string(g, notes[i].spec));
        Y(KEY(g, "about"));
        Y(own_string(g, notes[i].about_response ? "response" : "code"));
        Y(yajl_gen_map_close(g));
    }
    return yajl_gen_array_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* The "response" object is written in three runs of keys: what was sent,
 * how its code was chosen, and how it was paced; only the middle one
 * changes from request to request of a sequence or a window. */
static yajl_gen_status emit_sent_keys(yajl_gen g,
                                      const struct status_report *r)
{
    Y(KEY(g, "status"));
    Y(integer_value(g, r->status));
    Y(KEY(g, "interim"));
    Y(yajl_gen_array_open(g));
    if (r->interim) {
        Y(yajl_gen_map_open(g));
        Y(KEY(g, "status"));
        Y(integer_value(g, r->interim));
        Y(KEY(g, "headers"));
        Y(emit_fields(g, r->interim_fields, r->interim_count));
        Y(yajl_gen_map_close(g));
    }
    Y(yajl_gen_array_close(g));
    Y(KEY(g, "headers"));
    Y(emit_fields(g, r->code_fields, r->code_count));
    Y(KEY(g, "custom_headers"));
    return emit_control_fields(g, r->controls);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_chosen_keys(yajl_gen g,
                                        const struct status_report *r)
{
    Y(KEY(g, "choice"));
    Y(emit_choice(g, r));
    Y(KEY(g, "ratelimit"));
    return r->ratelimit ? emit_ratelimit(g, r->ratelimit) : yajl_gen_null(g);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_paced_keys(yajl_gen g,
                                       const struct status_report *r)
{
    Y(KEY(g, "delay_ms"));
    Y(integer_value(g, (long long)r->pacing->delay_ms));
    Y(KEY(g, "sleep_after_headers_ms"));
    Y(integer_value(g, (long long)r->pacing->after_head_ms));
    Y(KEY(g, "dribble_ms"));
    Y(integer_value(g, (long long)r->pacing->dribble_ms));
    Y(KEY(g, "abort"));
    Y(own_string(g, response_abort_name(r->pacing->abort_at)));
    Y(KEY(g, "note"));
    return r->note ? own_string(g, r->note) : yajl_gen_null(g);
fail:
    return yajl_gen_in_error_state;
}

typedef yajl_gen_status emit_keys_fn(yajl_gen g,
                                     const struct status_report *r);

/* The runs of keys given, in one object. */
static yajl_gen_status emit_runs(yajl_gen g, const struct status_report *r,
                                 emit_keys_fn *const *runs, size_t count)
{
    Y(yajl_gen_map_open(g));
    for (size_t i = 0; i < count; i++)
        Y(runs[i](g, r));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_sent(yajl_gen g, const void *ctx)
{
    static emit_keys_fn *const runs[] = { emit_sent_keys, emit_chosen_keys,
                                          emit_paced_keys };
    return emit_runs(g, ctx, runs, 3);
}

static yajl_gen_status emit_sent_run(yajl_gen g, const void *ctx)
{
    return emit_runs(g, ctx, (emit_keys_fn *const[]){ emit_sent_keys }, 1);
}

static yajl_gen_status emit_chosen_run(yajl_gen g, const void *ctx)
{
    return emit_runs(g, ctx, (emit_keys_fn *const[]){ emit_chosen_keys },
                     1);
}

static yajl_gen_status emit_paced_run(yajl_gen g, const void *ctx)
{
    return emit_runs(g, ctx, (emit_keys_fn *const[]){ emit_paced_keys }, 1);
}

static yajl_gen_status emit_report_notes(yajl_gen g, const void *ctx)
{
    const struct status_report *r = ctx;
    return emit_notes(g, r->notes, r->note_count);
}

static int emit_header(void *g, const char *name, const char *value)
{
    return echo_key(g, name) != yajl_gen_status_ok ||
           echo_value(g, value) != yajl_gen_status_ok;
}

/* Hands each field of a source to each, as redact_each_header does. */
typedef int header_walk(const void *source,
                        int (*each)(void *ctx, const char *name,
                                    const char *value),
                        void *ctx);

/* "headers" with the fields walk finds in source, and "headers_truncated"
 * saying whether the rest were cut. */
static yajl_gen_status emit_headers(yajl_gen g, header_walk *walk,
                                    const void *source)
{
    Y(KEY(g, "headers"));
    Y(yajl_gen_map_open(g));
    int cut = walk(source, emit_header, g);
    if (cut < 0)
        goto fail;
    Y(yajl_gen_map_close(g));
    Y(KEY(g, "headers_truncated"));
    return yajl_gen_bool(g, cut);
fail:
    return yajl_gen_in_error_state;
}

/* A request's own fields, echoed until their names and values pass
 * JSON_HEADER_ECHO_BUDGET bytes. */
static int walk_request(const void *req,
                        int (*each)(void *ctx, const char *name,
                                    const char *value),
                        void *ctx)
{
    return redact_each_header(req, JSON_HEADER_ECHO_BUDGET, each, ctx);
}

/* The fields a log record kept. */
static int walk_entry(const void *entry,
                      int (*each)(void *ctx, const char *name,
                                  const char *value),
                      void *ctx)
{
    const struct log_entry *e = entry;
    for (const char *at = e->headers; at < e->headers_end;) {
        const char *name = at, *value = name + strlen(name) + 1;
        at = value + strlen(value) + 1;
        if (each(ctx, name, value))
            return -1;
    }
    return e->headers_truncated;
}

static yajl_gen_status emit_request(yajl_gen g, const struct sim_request *req)
{
    /* A HEAD response's Content-Length must equal GET's (RFC 9110 §8.6),
     * so the body it stands for is the one GET would have produced. */
    const char *method = strcmp(req->method, "HEAD") == 0 ? "GET"
                                                           : req->method;
    char query[JSON_ECHO_STRING_MAX + 1];
    redact_query(req->query, req->secret_names, query, sizeof(query));
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "method"));
    Y(echo_value(g, method));
    Y(KEY(g, "path"));
    Y(echo_value(g, req->path));
    Y(KEY(g, "query"));
    Y(echo_value(g, query));
    Y(emit_headers(g, walk_request, req));
    Y(KEY(g, "remote_addr"));
    Y(echo_value(g, req->remote_addr));
    Y(KEY(g, "body_bytes"));
    Y(integer_value(g, (long long)req->body_bytes));
    Y(KEY(g, "id"));
    Y(own_string(g, req->id));
    Y(KEY(g, "received"));
    Y(own_string(g, req->received));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

/* Runs emit over a fresh generator writing into out, from its start.
 * Returns 0 when the whole body landed there, -1 otherwise. */
static int generate(struct buffer *out,
                    yajl_gen_status (*emit)(yajl_gen g, const void *ctx),
                    const void *ctx)
{
    out->len = 0;
    out->overflow = 0;
    yajl_gen g = open_generator(out);
    if (!g)
        return -1;
    yajl_gen_status st = emit(g, ctx);
    yajl_gen_free(g);
    return st == yajl_gen_status_ok && !out->overflow ? 0 : -1;
}

/* Three parts of a diagnostic body depend on little: the "status" object
 * on the code alone; the "response" object and the "notes" array, for a
 * request without controls, on the code, the fields it needs and the
 * inspector's findings.  Writing their keys through yajl was over a third
 * of a request's instructions, so yajl writes each once per code and later
 * bodies splice that text in, the way string_value splices a plain string.
 * A kept part carries the inputs it was written from and goes only into a
 * body with the same inputs; any other body is written afresh.  One per
 * code and part for the life of the process, filled by the first request
 * that needs it (for "response", the first without controls). */
enum body_part {
    PART_STATUS, PART_RESPONSE, PART_NOTES,
    /* The runs of the "response" object around its choice, for a request
     * whose controls only choose its code (a sequence, a window). */
    PART_SENT_RUN, PART_PACED_RUN,
    BODY_PARTS
};

struct kept_part {
    size_t inputs_len, text_len;
    char bytes[];               /* the inputs, then the text */
};
static _Atomic(struct kept_part *) kept_parts[BODY_PARTS][600 - 100];

static int same_inputs(const struct kept_part *kept,
                       const struct buffer *inputs)
{
    return kept->inputs_len == inputs->len &&
           memcmp(kept->bytes, inputs->data, inputs->len) == 0;
}

static const char *kept_text(const struct kept_part *kept)
{
    return kept->bytes + kept->inputs_len;
}

static yajl_gen_status splice(yajl_gen g, const char *text, size_t len)
{
    return yajl_gen_number(g, text, len);
}

/* The part kept for r's code, written by emit and kept now if there is
 * none yet (and may_keep); NULL when the kept one is from other inputs or
 * none can be. */
static const struct kept_part *keep_part(enum body_part part,
                                         const struct status_report *r,
                                         const struct buffer *inputs,
                                         int may_keep,
                                         yajl_gen_status (*emit)(
                                             yajl_gen g, const void *ctx))
{
    if (r->requested < 100 || r->requested > 599 || inputs->overflow)
        return NULL;
    _Atomic(struct kept_part *) *slot = &kept_parts[part][r->requested - 100];
    struct kept_part *known = atomic_load_explicit(slot, memory_order_acquire);
    if (!known && may_keep) {
        char text[4096];
        struct buffer out;
        buffer_init(&out, text, sizeof(text));
        struct kept_part *made = generate(&out, emit, r) == 0
            ? malloc(sizeof(*made) + inputs->len + out.len) : NULL;
        if (!made)
            return NULL;
        made->inputs_len = inputs->len;
        made->text_len = out.len;
        memcpy(made->bytes, inputs->data, inputs->len);
        memcpy(made->bytes + inputs->len, text, out.len);
        /* Two threads may write the same part at once; the first to
         * publish wins and the other's copy goes. */
        if (atomic_compare_exchange_strong_explicit(slot, &known, made,
                                                    memory_order_acq_rel,
                                                    memory_order_acquire))
            return made;
        free(made);
    }
    return known && same_inputs(known, inputs) ? known : NULL;
}

static yajl_gen_status emit_part(yajl_gen g, enum body_part part,
                                 const struct status_report *r,
                                 const struct buffer *inputs, int may_keep,
                                 yajl_gen_status (*emit)(yajl_gen g,
                                                         const void *ctx))
{
    const struct kept_part *kept = keep_part(part, r, inputs, may_keep,
                                             emit);
    return kept ? splice(g, kept_text(kept), kept->text_len) : emit(g, r);
}

/* Whether the "response" object's runs around its choice show nothing of
 * the request's controls: no fields of its own, no pacing. */
static int sent_plainly(const struct status_report *r)
{
    const struct pacing *p = r->pacing;
    return r->controls->field_count == 0 && p->delay_ms == 0 &&
           p->after_head_ms == 0 && p->dribble_ms == 0 &&
           p->abort_at == ABORT_NONE;
}

/* Whether a request set no control that the "response" object shows. */
static int without_controls(const struct status_report *r)
{
    const struct sim_controls *c = r->controls;
    const struct choice *choice = r->choice;
    return sent_plainly(r) && !c->has_seed && choice->count == 1 &&
           choice->items[0].low == choice->items[0].high &&
           choice->kind == CHOICE_FIXED && !r->sequence && !r->ratelimit &&
           !c->has_fail && !c->sleep_high_ms;
}

static void add_input(struct buffer *inputs, const void *bytes, size_t len)
{
    buffer_append(inputs, bytes, len);
}

/* A string with its NUL, so that inputs side by side cannot run into one
 * another; NULL adds nothing. */
static void add_text_input(struct buffer *inputs, const char *text)
{
    if (text)
        buffer_append(inputs, text, strlen(text) + 1);
}

static void add_fields_input(struct buffer *inputs,
                             const struct header_field *fields, size_t count)
{
    add_input(inputs, &count, sizeof(count));
    for (size_t i = 0; i < count; i++) {
        add_text_input(inputs, fields[i].name);
        add_text_input(inputs, fields[i].value);
    }
}

static yajl_gen_status emit_entry_part(yajl_gen g,
                                       const struct status_report *r)
{
    char nothing[1];
    struct buffer none;
    buffer_init(&none, nothing, 0);
    return emit_part(g, PART_STATUS, r, &none, 1, emit_entry_object);
}

/* The "response" object from the runs kept around its choice, which is
 * written afresh; NULL kept runs (none can be) write it all afresh. */
static yajl_gen_status emit_around_choice(yajl_gen g,
                                          const struct status_report *r,
                                          const struct kept_part *sent,
                                          const struct kept_part *paced)
{
    char chosen[1024], whole[4096];
    struct buffer middle, text;
    buffer_init(&middle, chosen, sizeof(chosen));
    buffer_init(&text, whole, sizeof(whole));
    if (!sent || !paced || generate(&middle, emit_chosen_run, r) != 0)
        return emit_sent(g, r);
    /* Each run is an object of its own: "{a}", "{b}" and "{c}" make
     * "{a,b,c}". */
    buffer_append(&text, kept_text(sent), sent->text_len - 1);
    buffer_puts(&text, ",");
    buffer_append(&text, chosen + 1, middle.len - 2);
    buffer_puts(&text, ",");
    buffer_append(&text, kept_text(paced) + 1, paced->text_len - 1);
    return text.overflow ? emit_sent(g, r) : splice(g, whole, text.len);
}

static yajl_gen_status emit_sent_part(yajl_gen g,
                                      const struct status_report *r)
{
    if (!sent_plainly(r))
        return emit_sent(g, r);
    char bytes[2048];
    struct buffer inputs;
    buffer_init(&inputs, bytes, sizeof(bytes));
    add_input(&inputs, &r->status, sizeof(r->status));
    add_input(&inputs, &r->interim, sizeof(r->interim));
    add_fields_input(&inputs, r->interim_fields, r->interim_count);
    add_fields_input(&inputs, r->code_fields, r->code_count);
    if (!without_controls(r)) {
        const struct kept_part *sent = keep_part(PART_SENT_RUN, r, &inputs,
                                                 1, emit_sent_run);
        buffer_init(&inputs, bytes, sizeof(bytes));
        add_text_input(&inputs, r->note);
        return emit_around_choice(g, r, sent,
                                  keep_part(PART_PACED_RUN, r, &inputs, 1,
                                            emit_paced_run));
    }
    add_text_input(&inputs, r->note);
    return emit_part(g, PART_RESPONSE, r, &inputs, 1, emit_sent);
}

/* Notes hold static strings (notes.h), so their addresses stand for them. */
static yajl_gen_status emit_notes_part(yajl_gen g,
                                       const struct status_report *r)
{
    char bytes[NOTES_MAX * (2 * sizeof(void *) + 3 * sizeof(int))];
    struct buffer inputs;
    buffer_init(&inputs, bytes, sizeof(bytes));
    for (size_t i = 0; i < r->note_count; i++) {
        const struct note *n = &r->notes[i];
        int kinds[3] = { (int)n->severity, (int)n->topic, n->about_response };
        add_input(&inputs, kinds, sizeof(kinds));
        add_input(&inputs, &n->spec, sizeof(n->spec));
        add_input(&inputs, &n->text, sizeof(n->text));
    }
    /* The inputs determine the text whatever the request's controls, so
     * any request may fill the slot. */
    return emit_part(g, PART_NOTES, r, &inputs, 1, emit_report_notes);
}

static yajl_gen_status emit_status_body(yajl_gen g, const void *ctx)
{
    const struct status_report *r = ctx;
    Y(yajl_gen_map_open(g));
    /* httpstat.us's JSON body is {"code":404,"description":"Not Found"};
     * clients written against it find those two keys here as well. */
    Y(KEY(g, "code"));
    Y(integer_value(g, r->status));
    Y(KEY(g, "description"));
    Y(own_string(g, status_lookup(r->status)->reason));
    Y(KEY(g, "status"));
    Y(emit_entry_part(g, r));
    Y(KEY(g, "response"));
    Y(emit_sent_part(g, r));
    Y(KEY(g, "notes"));
    Y(emit_notes_part(g, r));
    Y(KEY(g, "request"));
    Y(emit_request(g, r->req));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_status_body(struct buffer *out, const struct status_report *report)
{
    return generate(out, emit_status_body, report);
}

struct problem_body {
    int status;
    const char *title, *detail, *accepted, *request_id;
};

static yajl_gen_status emit_problem_body(yajl_gen g, const void *ctx)
{
    const struct problem_body *p = ctx;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "type"));
    Y(own_string(g, "about:blank"));
    Y(KEY(g, "title"));
    Y(own_string(g, p->title));
    Y(KEY(g, "status"));
    Y(integer_value(g, p->status));
    Y(KEY(g, "detail"));
    Y(echo_value(g, p->detail));
    if (p->accepted) {
        Y(KEY(g, "accepted"));
        Y(own_string(g, p->accepted));
    }
    Y(KEY(g, "request_id"));
    Y(own_string(g, p->request_id));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_problem_body(struct buffer *out, int status, const char *detail,
                      const char *accepted, const char *request_id)
{
    struct problem_body body = { status, status_lookup(status)->reason,
                                 detail, accepted, request_id };
    return generate(out, emit_problem_body, &body);
}

static yajl_gen_status emit_health_body(yajl_gen g, const void *ctx)
{
    (void)ctx;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "status"));
    Y(own_string(g, "ok"));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_health_body(struct buffer *out)
{
    return generate(out, emit_health_body, NULL);
}

static yajl_gen_status emit_log_entry(yajl_gen g, const void *ctx)
{
    const struct log_entry *e = ctx;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "method"));
    Y(echo_value(g, e->method));
    if (e->whole) {
        Y(KEY(g, "path"));
        Y(echo_value(g, e->path));
        Y(KEY(g, "query"));
        Y(echo_value(g, e->query));
        Y(emit_headers(g, walk_entry, e));
    }
    Y(KEY(g, "body_bytes"));
    Y(integer_value(g, e->body_bytes));
    Y(KEY(g, "status"));
    Y(integer_value(g, e->status));
    Y(KEY(g, "id"));
    Y(echo_value(g, e->id));
    Y(KEY(g, "received"));
    Y(echo_value(g, e->received));
    Y(KEY(g, "received_ms"));
    Y(integer_value(g, e->received_ms));
    if (!e->whole) {
        Y(KEY(g, "truncated"));
        Y(yajl_gen_bool(g, 1));
    }
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

struct resource_body {
    const char *key;
    uint64_t version;
    const char *modified, *body;
    size_t body_len;
};

static yajl_gen_status emit_resource_body(yajl_gen g, const void *ctx)
{
    const struct resource_body *b = ctx;
    /* The whole of what a client stored, unlike the echo of a request's
     * strings: made valid UTF-8, never cut. */
    static _Thread_local char text[3 * STATE_DOCUMENT_MAX];
    size_t len = json_utf8_sanitize(b->body,
                                    b->body_len < STATE_DOCUMENT_MAX
                                        ? b->body_len : STATE_DOCUMENT_MAX,
                                    text, sizeof(text));
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "key"));
    Y(own_string(g, b->key));
    Y(KEY(g, "version"));
    Y(integer_value(g, (long long)b->version));
    Y(KEY(g, "modified"));
    Y(own_string(g, b->modified));
    Y(KEY(g, "body"));
    Y(string_value(g, text, len));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_resource_body(struct buffer *out, const char *key, uint64_t version,
                       const char *modified, const char *body,
                       size_t body_len)
{
    struct resource_body b = { key, version, modified, body, body_len };
    return generate(out, emit_resource_body, &b);
}

struct login_body {
    const char *name, *value;
};

static yajl_gen_status emit_login_body(yajl_gen g, const void *ctx)
{
    const struct login_body *b = ctx;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "authenticated"));
    Y(yajl_gen_bool(g, 1));
    Y(own_key(g, b->name));
    Y(echo_value(g, b->value));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_login_body(struct buffer *out, const char *name, const char *value)
{
    struct login_body body = { name, value };
    return generate(out, emit_login_body, &body);
}

int json_log_record(struct buffer *out, const char *record, size_t len)
{
    struct log_entry entry;
    if (log_record_unpack(record, len, &entry) != 0)
        return -1;
    if (generate(out, emit_log_entry, &entry) == 0)
        return 0;
    entry.whole = 0;
    return generate(out, emit_log_entry, &entry);
}

/* A catalog entry: the row, the fields the code needs, its page. */
static yajl_gen_status emit_catalog_entry(yajl_gen g,
                                          const struct status_entry *e,
                                          int with_notes)
{
    struct header_field fields[FIELD_RULES_MAX];
    size_t field_count = field_rules_examples(e, fields, FIELD_RULES_MAX);
    char page[16], simulator[24];

    snprintf(page, sizeof(page), "/codes/%d", e->code);
    snprintf(simulator, sizeof(simulator), "/api/status/%d", e->code);
    Y(yajl_gen_map_open(g));
    Y(emit_entry_keys(g, e, e->code));
    Y(KEY(g, "headers"));
    Y(yajl_gen_array_open(g));
    for (size_t i = 0; i < field_count; i++)
        Y(own_string(g, fields[i].name));
    Y(yajl_gen_array_close(g));
    Y(KEY(g, "simulator"));
    Y(own_string(g, simulator));
    Y(KEY(g, "page"));
    Y(own_string(g, page));
    if (with_notes) {
        struct note notes[NOTES_MAX];
        size_t count = notes_for_code(e->code, notes, NOTES_MAX);
        Y(KEY(g, "notes"));
        Y(emit_notes(g, notes, count));
    }
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

static yajl_gen_status emit_catalog_body(yajl_gen g, const void *ctx)
{
    (void)ctx;
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "codes"));
    Y(yajl_gen_array_open(g));
    for (size_t i = 0; i < status_table_count(); i++)
        Y(emit_catalog_entry(g, status_table_at(i), 0));
    Y(yajl_gen_array_close(g));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_catalog_body(struct buffer *out)
{
    return generate(out, emit_catalog_body, NULL);
}

static yajl_gen_status emit_code_body(yajl_gen g, const void *ctx)
{
    return emit_catalog_entry(g, ctx, 1);
}

int json_code_body(struct buffer *out, const struct status_entry *entry)
{
    return generate(out, emit_code_body, entry);
}

/* Fields in order, as [name, value] pairs (names may repeat). */
static yajl_gen_status emit_field_list(yajl_gen g,
                                       const struct header_field *fields,
                                       size_t count)
{
    Y(yajl_gen_array_open(g));
    for (size_t i = 0; i < count; i++) {
        Y(yajl_gen_array_open(g));
        Y(echo_value(g, fields[i].name));
        Y(echo_value(g, fields[i].value));
        Y(yajl_gen_array_close(g));
    }
    return yajl_gen_array_close(g);
fail:
    return yajl_gen_in_error_state;
}

struct inspect_body {
    const struct parsed_head *head;
    const struct note *notes;
    size_t note_count;
};

static yajl_gen_status emit_inspect_body(yajl_gen g, const void *ctx)
{
    const struct inspect_body *b = ctx;
    const struct status_entry *e = status_lookup(b->head->status);
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "status"));
    Y(integer_value(g, b->head->status));
    Y(KEY(g, "reason"));
    Y(own_string(g, e->reason));
    Y(KEY(g, "interim"));
    Y(yajl_gen_array_open(g));
    for (size_t i = 0; i < b->head->interim_count; i++)
        Y(integer_value(g, b->head->interim[i]));
    Y(yajl_gen_array_close(g));
    Y(KEY(g, "headers"));
    Y(emit_field_list(g, b->head->fields, b->head->count));
    Y(KEY(g, "notes"));
    Y(emit_notes(g, b->notes, b->note_count));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_inspect_body(struct buffer *out, const struct parsed_head *head,
                      const struct note *notes, size_t note_count)
{
    struct inspect_body body = { head, notes, note_count };
    return generate(out, emit_inspect_body, &body);
}

struct envelope_body {
    const struct response *inner;
    size_t body_len;
};

static yajl_gen_status emit_envelope_body(yajl_gen g, const void *ctx)
{
    const struct envelope_body *e = ctx;
    const struct response *b = e->inner;
    char sanitized[3 * 4096];
    size_t shown = e->body_len < 4096 ? e->body_len : 4096;
    size_t sanitized_len = json_utf8_sanitize(b->body, shown, sanitized,
                                              sizeof(sanitized));
    Y(yajl_gen_map_open(g));
    Y(KEY(g, "status"));
    Y(integer_value(g, b->status));
    Y(KEY(g, "reason"));
    Y(own_string(g, status_lookup(b->status)->reason));
    Y(KEY(g, "interim"));
    Y(yajl_gen_array_open(g));
    if (b->interim) {
        Y(yajl_gen_map_open(g));
        Y(KEY(g, "status"));
        Y(integer_value(g, b->interim));
        Y(KEY(g, "headers"));
        Y(emit_field_list(g, b->interim_head.fields,
                          b->interim_head.count));
        Y(yajl_gen_map_close(g));
    }
    Y(yajl_gen_array_close(g));
    Y(KEY(g, "headers"));
    Y(emit_field_list(g, b->head.fields, b->head.count));
    Y(KEY(g, "body"));
    Y(yajl_gen_string(g, (const unsigned char *)sanitized, sanitized_len));
    Y(KEY(g, "body_bytes"));
    Y(integer_value(g, (long long)e->body_len));
    return yajl_gen_map_close(g);
fail:
    return yajl_gen_in_error_state;
}

int json_envelope_body(struct buffer *out, const struct response *inner,
                       size_t body_len)
{
    struct envelope_body envelope = { inner, body_len };
    return generate(out, emit_envelope_body, &envelope);
}
