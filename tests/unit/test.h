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

/* Every test, in the order run-tests.c runs them: file by file, as the
 * core is laid out.  A test missing here makes its definition lack a
 * prototype, which -Wmissing-prototypes reports. */
#define TEST_LIST(X) \
    X(buffer_never_writes_past_its_size) \
    X(buffer_escapes_html_and_writes_numbers) \
    X(buffer_keeps_strings) \
    X(http_negotiate_accept) \
    X(http_dates_etags_and_durations) \
    X(http_etag_comparison_is_weak) \
    X(http_tokens_numbers_and_escapes) \
    X(http_finds_fields_and_list_members) \
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
    X(field_rules_values_follow_the_request) \
    X(field_rules_examples_and_methods) \
    X(field_rules_upgrade_matches_the_lighttpd_configuration) \
    X(notes_for_every_registered_code) \
    X(notes_table_is_sorted_by_code) \
    X(inspector_finds_what_a_head_gets_wrong) \
    X(inspector_agrees_with_the_field_rules) \
    X(head_parser_reads_heads_as_curl_prints_them) \
    X(head_parser_reads_a_head_of_the_largest_size) \
    X(routes_match_every_url_form) \
    X(routes_know_where_a_route_starts) \
    X(routes_match_the_front_end_configurations) \
    X(routes_match_the_openapi_paths) \
    X(request_from_env_reads_cgi_variables) \
    X(request_route_offset_for_cgi_mount) \
    X(request_path_too_long) \
    X(request_body_verdicts) \
    X(request_header_names) \
    X(request_id_and_time_format) \
    X(request_id_from_client_when_sane) \
    X(redact_knows_secrets_by_name_and_pattern) \
    X(redact_bodies_show_no_secret) \
    X(controls_read_query_and_headers) \
    X(controls_location_stays_on_allowed_origins) \
    X(controls_refuse_bad_input) \
    X(controls_read_sleep_like_every_control) \
    X(controls_table_matches_readme) \
    X(controls_table_matches_openapi) \
    X(controls_own_origin_comes_from_configuration) \
    X(controls_refuse_fields_that_plant_state_or_redirect) \
    X(controls_refuse_too_many_headers) \
    X(choice_parses_codes_lists_ranges_and_weights) \
    X(choice_refuses_bad_lists) \
    X(choice_distribution_follows_the_weights) \
    X(response_head_format) \
    X(response_owns_its_strings) \
    X(problem_bodies_are_exact) \
    X(json_body_redacts_credentials) \
    X(json_body_sanitizes_invalid_utf8) \
    X(json_body_escapes_at_every_offset) \
    X(json_body_status_object_is_each_codes_own) \
    X(json_body_kept_parts_follow_their_inputs) \
    X(text_body_exact_and_bounded) \
    X(simulate_511_head_and_body) \
    X(simulate_every_code_has_its_headers) \
    X(simulate_head_has_no_body_fields) \
    X(simulate_bodiless_codes) \
    X(simulate_interim_codes) \
    X(simulate_101_withheld) \
    X(simulate_interim_not_sent_to_http10) \
    X(simulate_426_over_http2) \
    X(simulate_allow_omits_refused_method) \
    X(simulate_206_content_range_matches_body) \
    X(simulate_location_keeps_mount_prefix) \
    X(simulate_conditional_and_custom_fields) \
    X(simulate_fields_the_specifications_require) \
    X(endpoints_health) \
    X(endpoints_refusal_keeps_the_web_servers_status) \
    X(endpoints_inspect_reads_the_largest_head) \
    X(endpoints_catalog_is_cacheable) \
    X(front_end_names_and_detection) \
    X(front_end_interim_only_where_relayed) \
    X(front_end_abort_only_where_passed_on) \
    X(front_end_cut_announces_the_close) \
    X(cors_fields) \
    X(cors_preflight) \
    X(cors_fields_a_request_sets_are_sent_once) \
    X(dispatch_errors_are_problems) \
    X(dispatch_sleep_and_busy) \
    X(dispatch_url_forms_and_formats) \
    X(dispatch_response_outlives_its_request) \
    X(dispatch_reads_sleep_like_every_control) \
    X(dispatch_envelope_accounts_for_the_response) \
    X(dispatch_security_rows_name_real_tests) \
    X(exchange_reads_and_counts_the_body) \
    X(exchange_interim_goes_ahead_alone) \
    X(exchange_faults_cut_where_asked) \
    X(exchange_paces_the_head_and_the_body) \
    X(exchange_send_reports_a_vanished_client) \
    X(exchange_ids_are_distinct) \
    X(sleepers_pop_in_wake_order) \
    X(sleepers_zero_capacity_refuses) \
    X(sleepers_remove_anywhere_keeps_the_order) \
    X(cgi_places_bound_the_processes_that_sleep) \
    X(config_file_fills_what_the_environment_lacks) \
    X(config_file_refuses_what_it_cannot_use) \
    X(sequence_keys_are_short_safe_tokens) \
    X(sequence_answers_in_order_then_as_told) \
    X(sequence_requests_walk_the_list_and_say_where_they_stand) \
    X(sequence_refusals) \
    X(sequence_jitter_and_chaos_draw_reproducibly_per_request) \
    X(sequence_requests_with_a_key_are_logged) \
    X(sequence_a_lost_transaction_is_decided_again) \
    X(log_record_keeps_what_the_client_sent) \
    X(log_record_cuts_what_does_not_fit) \
    X(log_record_refuses_what_is_not_one) \
    X(state_lmdb_counts_across_threads_and_processes) \
    X(state_lmdb_says_why_it_cannot_open) \
    X(state_lmdb_keeps_a_session_whole_or_not_at_all) \
    X(ratelimit_parses_quota_and_period) \
    X(ratelimit_fields_in_each_dialect) \
    X(ratelimit_refuses_past_the_quota_with_the_time_left) \
    X(auth_hashes_and_base64) \
    X(auth_basic_for_origins_and_proxies) \
    X(auth_bearer_takes_any_token_or_the_one_named) \
    X(auth_digest_checks_response_and_nonce) \
    X(settings_options_and_help) \
    X(settings_the_man_page_and_help_agree) \
    X(settings_readme_has_one_table_of_them) \
    X(redact_takes_the_operators_names) \
    X(cors_origins_the_operator_allows)

#define DECLARE_TEST(name) TEST(name);
TEST_LIST(DECLARE_TEST)

#endif
