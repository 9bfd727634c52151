/* openapi.h - the OpenAPI document of the whole API, built from
 * openapi.json into the binary (so no file is read at run time) */
#ifndef HTTPSTATUS_OPENAPI_H
#define HTTPSTATUS_OPENAPI_H

#include <stddef.h>

extern const char openapi_document[];
extern const size_t openapi_document_size;

#endif
