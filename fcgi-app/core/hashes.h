/* hashes.h - MD5 and SHA-256 as HTTP Digest authentication (RFC 7616)
 * needs them: the hex digest of a whole message */
#ifndef HTTPSTATUS_HASHES_H
#define HTTPSTATUS_HASHES_H

#include <stddef.h>

enum hash_algorithm {
    HASH_MD5,
    HASH_SHA256,
};

/* The longest hex digest, with its NUL. */
#define HASH_HEX_MAX 65

/* Writes the lower-case hex digest of data[0..len) into hex. */
void hash_hex(enum hash_algorithm algorithm, const void *data, size_t len,
              char hex[HASH_HEX_MAX]);

#endif
