/* error.h — internal: filling a hub_error (the value every failing call returns). */
#ifndef ERROR_H
#define ERROR_H

#include <stddef.h>
#include "embedhub.h"

/* Fills `err` (if not NULL) with `code`, static `message` and the position of byte `offset` in
 * `text` (line and column computed from the text). */
void err_at(hub_error *err, hub_code code, const char *message,
            const char *text, size_t len, size_t offset);
/* Fills `err` (if not NULL) with `code` and static `message`, no position. */
void err_set(hub_error *err, hub_code code, const char *message);

#endif
