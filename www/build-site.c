/* build-site.c - writes the web pages from the core's tables at build time
 *
 * usage: build-site OUTDIR
 * Writes OUTDIR/index.html (every code, grouped by class, with a filter
 * box) and OUTDIR/codes/{code} for every code in the table.  The pages are
 * complete without JavaScript; www/app.js adds the filter, the copy
 * buttons and the Send button.  Nothing here is kept by hand: the table,
 * the inspector's notes and the fields each code needs are the only
 * sources, so a page can never disagree with the API.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buffer.h"
#include "field_rules.h"
#include "notes.h"
#include "status_table.h"

/* The largest page: a code page is about 20 KiB. */
#define PAGE_MAX_BYTES (256 * 1024)

/* A page being written into memory, then to its file: everything goes
 * through these helpers, and every string from the table goes through
 * put_escaped.  A page that does not fit is an error, not a cut page. */
struct page {
    struct buffer out;
    /* From this page to the site's root, "" or "../": every link is
     * relative, so the site works under any prefix (/~user/httpstatus/). */
    const char *root;
};

__attribute__((format(printf, 2, 3)))
static void put(struct page *page, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    buffer_vprintf(&page->out, format, args);
    va_end(args);
}

static void put_escaped(struct page *page, const char *text)
{
    buffer_html_escaped(&page->out, text);
}

static void page_start(struct page *page, const char *title_code,
                       const char *title)
{
    put(page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
              "<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, "
              "initial-scale=1\">\n<title>%s", title_code);
    put_escaped(page, title);
    put(page, " — httpstatus</title>\n"
              "<link rel=\"stylesheet\" href=\"%sstyle.css\">\n"
              "<script src=\"%sapp.js\" defer></script>\n</head>\n<body>\n"
              "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
              "<header><a href=\"%s\">httpstatus</a></header>\n"
              "<main id=\"main\">\n", page->root, page->root,
        *page->root ? page->root : "./");
}

static void page_end(struct page *page)
{
    put(page, "</main>\n<footer><a href=\"%sapi/openapi.json\">API "
              "(OpenAPI)</a> · <a href=\"%sapi/codes\">catalog as JSON</a>"
              "</footer>\n</body>\n</html>\n", page->root, page->root);
}

/* "unofficial · Cloudflare", "unused", ... or NULL for an assigned code. */
static void put_registry_badge(struct page *page,
                               const struct status_entry *e)
{
    if (e->registry == REGISTRY_ASSIGNED)
        return;
    put(page, " <span class=\"badge\">");
    put_escaped(page, status_registry_name(e->registry));
    if (e->origin) {
        put(page, " · ");
        put_escaped(page, e->origin);
    }
    put(page, "</span>");
}

static void put_code_link(struct page *page, const struct status_entry *e)
{
    put(page, "<li data-code=\"%d\"><a href=\"%scodes/%d\"><span "
              "class=\"code\">%d</span> ",
        e->code, page->root, e->code, e->code);
    put_escaped(page, e->reason);
    put(page, "</a>");
    put_registry_badge(page, e);
    put(page, "</li>\n");
}

/* The scenarios with memory: the n-th request differs from the first. */
static void write_scenarios(struct page *page)
{
    put(page,
        "<section class=\"scenarios\" aria-labelledby=\"scenarios\">\n"
        "<h2 id=\"scenarios\">Scenarios with memory</h2>\n"
        "<p>A key names the caller's state, which the simulator keeps "
        "between requests (for an hour after the last), so that retries, "
        "rate limits, logins and caches can be tested.</p>\n<dl>\n"
        "<dt><a href=\"api/status/503,503,200?sequence=demo&amp;"
        "retry_after=1\"><code>api/status/503,503,200?sequence=KEY"
        "</code></a></dt>\n<dd>The codes in order, one per request with "
        "the key: a retry test. <code>then=last|cycle|random</code> says "
        "what follows the end; <code>X-HttpStatus-Sequence</code> says "
        "where a request stands.</dd>\n"
        "<dt><code>api/status/200?ratelimit=5/10s&amp;key=KEY</code></dt>\n"
        "<dd>A real window: past 5 requests in 10 s, <code>429</code> "
        "with <code>Retry-After</code> the seconds left, and quota fields "
        "(<code>ratelimit_fields=draft10|draft7|draft6|legacy|none"
        "</code>).</dd>\n"
        "<dt><code>api/requests?key=KEY</code></dt>\n"
        "<dd>What the client sent with the key, oldest first: method, "
        "fields (secrets redacted), body size, status, arrival.</dd>\n"
        "<dt><code>api/auth/basic/USER/PASSWD</code>, <code>api/auth/"
        "digest/auth/USER/PASSWD</code>, <code>api/auth/bearer</code>"
        "</dt>\n<dd>Logins that succeed with the right credentials "
        "(httpbin's <code>basic-auth</code>, <code>digest-auth</code>, "
        "<code>bearer</code> too); <code>proxy-</code> ones answer "
        "<code>407</code>.</dd>\n"
        "<dt><code>api/resource/KEY</code></dt>\n"
        "<dd>GET, PUT and DELETE with <code>ETag</code>, "
        "<code>Last-Modified</code>, <code>304</code> and <code>412</code>"
        "; <code>change_every=10s</code> for new versions by "
        "themselves.</dd>\n"
        "<dt><code>sleep=100-500</code>, <code>fail=0.2</code></dt>\n"
        "<dd>Jitter and chaos, reproducible with <code>seed=</code>.</dd>\n"
        "</dl>\n</section>\n");
}

static void write_index(struct page *page)
{
    page_start(page, "", "HTTP status codes");
    put(page, "<h1>HTTP status codes</h1>\n"
              "<p>Every status code HTTP registers, and the unofficial ones "
              "people meet in the wild: what each means, the fields it "
              "needs, the mistakes that hurt clients and caches, and a live "
              "simulator for each at <code>/api/status/{code}</code>.</p>\n"
              "<p><label for=\"filter\">Filter codes</label> "
              "<input id=\"filter\" type=\"search\" placeholder=\"511, "
              "redirect, cache…\" autocomplete=\"off\"></p>\n");
    for (int class = 1; class <= 5; class++) {
        put(page, "<section class=\"class\" aria-labelledby=\"class-%d\">\n"
                  "<h2 id=\"class-%d\">%dxx ", class, class, class);
        put_escaped(page, status_class_name(class * 100));
        put(page, "</h2>\n<ul class=\"codes\">\n");
        for (size_t i = 0; i < status_table_count(); i++) {
            const struct status_entry *e = status_table_at(i);
            if (e->code / 100 == class && status_is_registered(e))
                put_code_link(page, e);
        }
        put(page, "</ul>\n</section>\n");
    }
    put(page, "<section class=\"class\" aria-labelledby=\"unofficial\">\n"
              "<h2 id=\"unofficial\">Unofficial codes</h2>\n"
              "<p>Not in the IANA registry: one server or service gives "
              "each its meaning, and other clients treat it as the x00 code "
              "of its class.</p>\n<ul class=\"codes\">\n");
    for (size_t i = 0; i < status_table_count(); i++)
        if (status_table_at(i)->registry == REGISTRY_UNOFFICIAL)
            put_code_link(page, status_table_at(i));
    put(page, "</ul>\n</section>\n"
              "<p id=\"no-match\" hidden>No code matches.</p>\n");
    write_scenarios(page);
    page_end(page);
}

/* How a language writes a string literal. */
enum quoting {
    QUOTE_SINGLE,        /* JavaScript: 'it\'s' */
    QUOTE_DOUBLE,        /* Python, Java, C: "say \"hi\"" */
};

static void put_literal(struct page *page, const char *text,
                        enum quoting quoting)
{
    char quote = quoting == QUOTE_SINGLE ? '\'' : '"';
    char buffer[512];
    size_t used = 0;
    buffer[used++] = quote;
    for (; *text && used + 3 < sizeof(buffer); text++) {
        char c = *text;
        if (c == quote || c == '\\' || c == '\r' || c == '\n')
            buffer[used++] = '\\';
        buffer[used++] = c == '\r' ? 'r' : c == '\n' ? 'n' : c;
    }
    buffer[used++] = quote;
    buffer[used] = '\0';
    put_escaped(page, buffer);
}

/* The fields a handler for the code sends, body framing aside. */
struct snippet {
    const struct status_entry *entry;
    struct header_field fields[FIELD_RULES_MAX];
    size_t count;
    int body;            /* sends a JSON body */
    int zero_length;     /* 205: Content-Length: 0 and nothing else */
};

/* One call per field: before, "Name", ", ", "value", after. */
static void put_field_calls(struct page *page, const struct snippet *s,
                            const char *before, const char *after,
                            enum quoting quoting)
{
    for (size_t i = 0; i < s->count; i++) {
        put(page, "%s", before);
        put_literal(page, s->fields[i].name, quoting);
        put(page, ", ");
        put_literal(page, s->fields[i].value, quoting);
        put(page, "%s", after);
    }
}

static void put_snippet_express(struct page *page, const struct snippet *s)
{
    int code = s->entry->code;
    put(page, "app.post('/resource', (req, res) => {\n");
    if (code == 103) {
        put(page, "  res.writeEarlyHints({ link: ");
        put_literal(page, s->fields[0].value, QUOTE_SINGLE);
        put(page, " });\n  res.json({ ok: true });  // the final response "
                  "follows\n});\n");
        return;
    }
    if (code < 200) {
        put(page, "  // Node sends interim responses itself (100 Continue "
                  "through the\n  // 'checkContinue' event); a handler "
                  "never ends with a 1xx.\n  res.json({ ok: true });\n});\n");
        return;
    }
    put(page, "  res.status(%d)", code);
    put_field_calls(page, s, "\n    .set(", ")", QUOTE_SINGLE);
    if (s->zero_length)
        put(page, "\n    .set('Content-Length', '0')\n    .end();\n");
    else if (s->body) {
        put(page, "\n    .json({ error: ");
        put_literal(page, s->entry->reason, QUOTE_SINGLE);
        put(page, " });\n");
    } else
        put(page, "\n    .end();\n");
    put(page, "});\n");
}

static void put_snippet_fastapi(struct page *page, const struct snippet *s)
{
    int code = s->entry->code;
    put(page, "from fastapi import FastAPI\n"
              "from fastapi.responses import JSONResponse, Response\n\n"
              "app = FastAPI()\n\n@app.post(\"/resource\")\n"
              "def resource():\n");
    if (code < 200) {
        put(page, "    # ASGI servers send interim responses themselves "
                  "(uvicorn answers\n    # Expect: 100-continue); a handler "
                  "cannot return a 1xx.\n    return {\"ok\": True}\n");
        return;
    }
    if (s->count) {
        put(page, "    headers = {");
        for (size_t i = 0; i < s->count; i++) {
            put(page, "%s", i ? ", " : "");
            put_literal(page, s->fields[i].name, QUOTE_DOUBLE);
            put(page, ": ");
            put_literal(page, s->fields[i].value, QUOTE_DOUBLE);
        }
        put(page, "}\n");
    }
    const char *headers = s->count ? ", headers=headers" : "";
    if (s->body) {
        put(page, "    return JSONResponse({\"error\": ");
        put_literal(page, s->entry->reason, QUOTE_DOUBLE);
        put(page, "},\n                        status_code=%d%s)\n", code,
            headers);
    } else
        put(page, "    return Response(status_code=%d%s)%s\n", code, headers,
            s->zero_length ? "  # Content-Length: 0" : "");
}

static void put_snippet_spring(struct page *page, const struct snippet *s)
{
    int code = s->entry->code;
    put(page, "@PostMapping(\"/resource\")\n"
              "ResponseEntity<Map<String, String>> resource() {\n");
    if (code < 200) {
        put(page, "    // The servlet container sends interim responses "
                  "(100 Continue)\n    // itself; a handler cannot return "
                  "a 1xx.\n    return ResponseEntity.ok(Map.of(\"ok\", "
                  "\"true\"));\n}\n");
        return;
    }
    put(page, "    return ResponseEntity.status(%d)", code);
    put_field_calls(page, s, "\n        .header(", ")", QUOTE_DOUBLE);
    if (s->body) {
        put(page, "\n        .body(Map.of(\"error\", ");
        put_literal(page, s->entry->reason, QUOTE_DOUBLE);
        put(page, "));\n}\n");
    } else
        put(page, "\n        .build();%s\n}\n",
            s->zero_length ? "  // Content-Length: 0" : "");
}

static void put_snippet_go(struct page *page, const struct snippet *s)
{
    int code = s->entry->code;
    put(page, "// http.HandleFunc(\"POST /resource\", resource)\n"
              "func resource(w http.ResponseWriter, r *http.Request) {\n");
    if (code < 200 && code != 103) {
        put(page, "\t// net/http sends 100 Continue itself when the handler "
                  "reads the body;\n\t// a handler never ends with a 1xx.\n"
                  "\tw.WriteHeader(http.StatusOK)\n}\n");
        return;
    }
    put_field_calls(page, s, "\tw.Header().Set(", ")\n", QUOTE_DOUBLE);
    if (code == 103) {
        put(page, "\tw.WriteHeader(103) // sent at once; the final response "
                  "follows\n\tw.WriteHeader(http.StatusOK)\n}\n");
        return;
    }
    if (s->zero_length)
        put(page, "\tw.Header().Set(\"Content-Length\", \"0\")\n");
    if (s->body)
        put(page, "\tw.Header().Set(\"Content-Type\", \"application/json\")"
                  "\n");
    put(page, "\tw.WriteHeader(%d)\n", code);
    if (s->body) {
        put(page, "\tjson.NewEncoder(w).Encode(map[string]string{\"error\": ");
        put_literal(page, s->entry->reason, QUOTE_DOUBLE);
        put(page, "})\n");
    }
    put(page, "}\n");
}

/* One header line of the C snippet, as a string literal. */
static void put_c_line(struct page *page, const char *name, const char *value)
{
    char line[600];
    snprintf(line, sizeof(line), "%s: %s\r\n", name, value);
    put(page, "    ");
    put_literal(page, line, QUOTE_DOUBLE);
    put(page, "\n");
}

static void put_snippet_c(struct page *page, const struct snippet *s)
{
    char status[80], body[160];
    int code = s->entry->code;
    snprintf(status, sizeof(status), "%d %s", code, s->entry->reason);
    snprintf(body, sizeof(body), "{\"error\":\"%s\"}", s->entry->reason);
    put(page, "/* libfcgi, answering a POST: the head goes out as CGI "
              "header lines. */\nFCGX_PutS(\n");
    put_c_line(page, "Status", status);
    for (size_t i = 0; i < s->count; i++)
        put_c_line(page, s->fields[i].name, s->fields[i].value);
    if (code < 200)
        put(page, "    \"\\r\\n\"  /* the interim head ends; then the "
                  "final one */\n    \"Status: 200 OK\\r\\n\"\n");
    if (s->zero_length)
        put_c_line(page, "Content-Length", "0");
    if (s->body || code < 200) {
        put_c_line(page, "Content-Type", "application/json");
        put(page, "    \"\\r\\n\"\n    ");
        put_literal(page, code < 200 ? "{\"ok\":true}" : body, QUOTE_DOUBLE);
        put(page, ",\n    request.out);\n");
    } else
        put(page, "    \"\\r\\n\", request.out);\n");
}

static const struct {
    const char *id, *name;
    void (*write)(struct page *page, const struct snippet *s);
} frameworks[] = {
    { "express", "Express (Node.js)", put_snippet_express },
    { "fastapi", "FastAPI (Python)", put_snippet_fastapi },
    { "spring", "Spring (Java)", put_snippet_spring },
    { "go", "Go (net/http)", put_snippet_go },
    { "c", "C (libfcgi)", put_snippet_c },
};

/* What a browser does with the real response, which decides how the Send
 * button shows it (www/app.js reads data-hidden). */
static const char *hidden_by_browsers(const struct status_entry *e)
{
    if (e->code < 200)
        return "interim";
    if (e->code == 301 || e->code == 302 || e->code == 303 ||
        e->code == 307 || e->code == 308)
        return "redirect";
    if (e->code == 401 || e->code == 407)
        return "challenge";
    return "";
}

static void write_notes(struct page *page, int code)
{
    struct note notes[NOTES_MAX];
    size_t count = notes_for_code(code, notes, NOTES_MAX);
    put(page, "<section aria-labelledby=\"notes\">\n<h2 id=\"notes\">"
              "Inspector notes</h2>\n<ul class=\"notes\">\n");
    for (size_t i = 0; i < count; i++) {
        put(page, "<li class=\"note %s\"><span class=\"severity\">%s</span> "
                  "<span class=\"topic\">%s</span> ",
            notes_severity_name(notes[i].severity),
            notes_severity_name(notes[i].severity),
            notes_topic_name(notes[i].topic));
        put_escaped(page, notes[i].text);
        put(page, " <cite>");
        put_escaped(page, notes[i].spec);
        put(page, "</cite></li>\n");
    }
    put(page, "</ul>\n</section>\n");
}

static void write_fields(struct page *page, const struct snippet *s)
{
    put(page, "<section aria-labelledby=\"fields\">\n<h2 id=\"fields\">"
              "Response fields</h2>\n");
    if (s->count == 0)
        put(page, "<p>No field of its own beyond the usual Content-Type, "
                  "Content-Length and Cache-Control.</p>\n");
    else {
        put(page, "<p>The simulator sends, besides the usual "
                  "ones:</p>\n<dl class=\"fields\">\n");
        for (size_t i = 0; i < s->count; i++) {
            put(page, "<dt>");
            put_escaped(page, s->fields[i].name);
            put(page, "</dt><dd><code>");
            put_escaped(page, s->fields[i].value);
            put(page, "</code></dd>\n");
        }
        put(page, "</dl>\n");
    }
    if (s->entry->content == CONTENT_NONE)
        put(page, "<p>No body, Content-Length or Content-Type: HTTP "
                  "forbids content here.</p>\n");
    else if (s->entry->content == CONTENT_ZERO)
        put(page, "<p>No body; <code>Content-Length: 0</code> frames the "
                  "empty response.</p>\n");
    put(page, "</section>\n");
}

static void write_simulator(struct page *page, const struct status_entry *e)
{
    put(page, "<section aria-labelledby=\"try\">\n<h2 id=\"try\">Try it"
              "</h2>\n<p>Simulator URL: <code id=\"sim-url\">/api/status/%d"
              "</code> <button type=\"button\" class=\"copy\" "
              "data-copy=\"sim-url\">Copy URL</button></p>\n"
              "<pre><code id=\"curl\">curl -i "
              "http://127.0.0.1:8080/api/status/%d</code></pre>\n"
              "<p><button type=\"button\" class=\"copy\" data-copy=\"curl\">"
              "Copy curl command</button></p>\n", e->code, e->code);
    put(page, "<form id=\"send\" data-code=\"%d\" data-hidden=\"%s\">\n"
              "<fieldset>\n<legend>Controls</legend>\n"
              "<p><label for=\"sleep\">Delay (ms)</label> <input id=\"sleep\" "
              "name=\"sleep\" type=\"number\" min=\"0\" max=\"30000\" "
              "step=\"100\" value=\"0\"></p>\n"
              "<p><label for=\"header-name\">Custom header name</label> "
              "<input id=\"header-name\" name=\"header-name\" "
              "placeholder=\"X-RateLimit-Remaining\"></p>\n"
              "<p><label for=\"header-value\">Custom header value</label> "
              "<input id=\"header-value\" name=\"header-value\" "
              "placeholder=\"0\"></p>\n"
              "<p><label for=\"cache\">Cache-Control</label> <input "
              "id=\"cache\" name=\"cache\" placeholder=\"no-store\"></p>\n"
              "</fieldset>\n<p><button type=\"submit\" id=\"send-button\">"
              "Send</button></p>\n</form>\n",
        e->code, hidden_by_browsers(e));
    put(page, "<div id=\"result\" aria-live=\"polite\" hidden>\n"
              "<h3>Response</h3>\n<p id=\"result-note\"></p>\n"
              "<p><strong id=\"result-status\"></strong></p>\n"
              "<table id=\"result-headers\"><caption>Header fields"
              "</caption><thead><tr><th scope=\"col\">Name</th>"
              "<th scope=\"col\">Value</th></tr></thead><tbody></tbody>"
              "</table>\n<pre id=\"result-body\"></pre>\n</div>\n"
              "</section>\n");
}

static void write_code_page(struct page *page, const struct status_entry *e)
{
    struct snippet s = { e, { { NULL, NULL } }, 0,
                         e->content == CONTENT_ALLOWED,
                         e->content == CONTENT_ZERO };
    char title_code[8];

    s.count = field_rules_examples(e, s.fields, FIELD_RULES_MAX);
    snprintf(title_code, sizeof(title_code), "%d ", e->code);
    page_start(page, title_code, e->reason);
    put(page, "<h1><span class=\"code\">%d</span> ", e->code);
    put_escaped(page, e->reason);
    put(page, "</h1>\n<p class=\"meta\">%dxx ", e->code / 100);
    put_escaped(page, status_class_name(e->code));
    put_registry_badge(page, e);
    if (*e->spec_doc) {
        char url[160], title[96];
        struct buffer url_text, title_text;
        buffer_init(&url_text, url, sizeof(url) - 1);
        buffer_init(&title_text, title, sizeof(title) - 1);
        if (status_spec_url(e, &url_text) || status_spec_title(e, &title_text))
            page->out.overflow = 1;
        url[url_text.len] = '\0';
        title[title_text.len] = '\0';
        put(page, " · <a href=\"");
        put_escaped(page, url);
        put(page, "\">");
        put_escaped(page, title);
        put(page, "</a>");
    }
    put(page, "</p>\n<p class=\"description\">");
    put_escaped(page, e->description);
    put(page, "</p>\n");
    write_simulator(page, e);
    write_fields(page, &s);
    write_notes(page, e->code);
    put(page, "<section aria-labelledby=\"snippets\">\n<h2 id=\"snippets\">"
              "Handler snippets</h2>\n");
    for (size_t i = 0; i < sizeof(frameworks) / sizeof(frameworks[0]); i++) {
        put(page, "<details%s>\n<summary>", i == 0 ? " open" : "");
        put_escaped(page, frameworks[i].name);
        put(page, "</summary>\n<pre><code class=\"snippet-%s\">",
            frameworks[i].id);
        frameworks[i].write(page, &s);
        put(page, "</code></pre>\n</details>\n");
    }
    put(page, "</section>\n");
    page_end(page);
}

static int write_file(const char *path, struct page *page,
                      void (*write)(struct page *page, const void *ctx),
                      const void *ctx)
{
    page->out.len = 0;
    write(page, ctx);
    if (page->out.overflow) {
        fprintf(stderr, "build-site: %s is larger than %d bytes\n", path,
                PAGE_MAX_BYTES);
        return -1;
    }
    FILE *out = fopen(path, "w");
    int failed = !out;
    if (out) {
        failed = fwrite(page->out.data, 1, page->out.len, out) !=
                 page->out.len;
        failed |= fclose(out) != 0;
    }
    if (failed) {
        fprintf(stderr, "build-site: writing %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    return 0;
}

static void index_writer(struct page *page, const void *ctx)
{
    (void)ctx;
    write_index(page);
}

static void code_writer(struct page *page, const void *ctx)
{
    write_code_page(page, ctx);
}

int main(int argc, char **argv)
{
    char path[4096];
    if (argc != 2) {
        fprintf(stderr, "usage: build-site OUTDIR\n");
        return 2;
    }
    snprintf(path, sizeof(path), "%s/codes", argv[1]);
    if ((mkdir(argv[1], 0755) != 0 && errno != EEXIST) ||
        (mkdir(path, 0755) != 0 && errno != EEXIST)) {
        fprintf(stderr, "build-site: %s: %s\n", path, strerror(errno));
        return 1;
    }
    static char storage[PAGE_MAX_BYTES];
    struct page page;
    buffer_init(&page.out, storage, sizeof(storage));
    snprintf(path, sizeof(path), "%s/index.html", argv[1]);
    page.root = "";
    if (write_file(path, &page, index_writer, NULL) != 0)
        return 1;
    page.root = "../";
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        snprintf(path, sizeof(path), "%s/codes/%d", argv[1], e->code);
        if (write_file(path, &page, code_writer, e) != 0)
            return 1;
    }
    return 0;
}
