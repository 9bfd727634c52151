/* test.h - assertions and the test registry for the unit tests (TAP output) */
#ifndef HTTPSTATUS_TEST_H
#define HTTPSTATUS_TEST_H

#include <stdio.h>
#include <string.h>

/* Assertions print where and what failed, then fail the current test.
 * They are plain code, so NDEBUG cannot remove them. */
#define ASSERT(expr) \
    do { \
        if (!(expr)) { \
            printf("# %s:%d: assertion failed: %s\n", __FILE__, __LINE__, \
                   #expr); \
            return 1; \
        } \
    } while (0)

#define ASSERT_INT_EQ(actual, expected) \
    do { \
        long long a_ = (long long)(actual), e_ = (long long)(expected); \
        if (a_ != e_) { \
            printf("# %s:%d: %s is %lld, expected %lld\n", __FILE__, \
                   __LINE__, #actual, a_, e_); \
            return 1; \
        } \
    } while (0)

#define ASSERT_STR_EQ(actual, expected) \
    do { \
        const char *a_ = (actual), *e_ = (expected); \
        if (!a_ || strcmp(a_, e_) != 0) { \
            printf("# %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, \
                   __LINE__, #actual, a_ ? a_ : "(null)", e_); \
            return 1; \
        } \
    } while (0)

#define TEST(name) int test_##name(void)

/* Every test, in the order run-tests.c runs them. */
#define TEST_LIST(X) \
    X(status_table_sorted_and_unique) \
    X(status_table_has_every_registered_code) \
    X(status_table_unofficial_codes) \
    X(status_table_reason_phrases) \
    X(status_table_content_rules) \
    X(status_table_delivery_rules) \
    X(status_table_cache_rules) \
    X(status_table_header_rules) \
    X(status_lookup_unregistered_uses_class_row) \
    X(status_parse_code_accepts_100_to_599) \
    X(status_parse_code_rejects_malformed) \
    X(request_from_env_reads_cgi_variables) \
    X(request_route_offset_for_cgi_mount) \
    X(request_path_too_long) \
    X(request_body_verdicts) \
    X(request_header_names) \
    X(request_id_and_time_format) \
    X(request_query_values) \
    X(request_id_from_client_when_sane) \
    X(request_sleep_verdicts) \
    X(sleepers_pop_in_wake_order) \
    X(response_url_forms_and_formats) \
    X(response_conditional_and_custom_fields) \
    X(response_json_escapes_at_every_offset) \
    X(inspector_notes_for_every_registered_code) \
    X(inspector_finds_what_a_head_gets_wrong) \
    X(inspector_parses_heads_as_curl_prints_them) \
    X(choice_parses_codes_lists_ranges_and_weights) \
    X(choice_refuses_bad_lists) \
    X(choice_distribution_follows_the_weights) \
    X(controls_negotiate_accept) \
    X(controls_etag_comparison_is_weak) \
    X(controls_read_query_and_headers) \
    X(controls_location_stays_on_allowed_origins) \
    X(controls_refuse_bad_input) \
    X(exchange_reads_and_counts_the_body) \
    X(exchange_faults_cut_where_asked) \
    X(exchange_paces_the_head_and_the_body) \
    X(exchange_send_reports_a_vanished_client) \
    X(exchange_ids_are_distinct) \
    X(sleepers_zero_capacity_refuses) \
    X(response_511_head_and_body) \
    X(response_every_code_has_its_headers) \
    X(response_head_has_no_body_fields) \
    X(response_bodiless_codes) \
    X(response_interim_codes) \
    X(response_101_withheld) \
    X(response_interim_not_sent_to_http10) \
    X(response_allow_omits_refused_method) \
    X(response_206_content_range_matches_body) \
    X(response_location_keeps_mount_prefix) \
    X(response_errors_are_problems) \
    X(response_redacts_credentials) \
    X(response_sanitizes_invalid_utf8) \
    X(response_head_format) \
    X(response_sleep_and_busy) \
    X(response_cors_fields) \
    X(response_cors_preflight) \
    X(response_health)

#define DECLARE_TEST(name) TEST(name);
TEST_LIST(DECLARE_TEST)

#endif
