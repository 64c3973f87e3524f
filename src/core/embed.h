/* embed.h - files compiled into the binary (schema migrations, data/ lists).
 *
 * The build turns every migration under src/store/schema and every .csv and
 * .json file under data into a byte array (cmake/embed.cmake), so one `msup` binary carries
 * everything it needs and never depends on the working directory. */
#ifndef MS_EMBED_H
#define MS_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *path; /* relative to the source root, e.g. "data/divisions.csv" */
    const char *data; /* NUL-terminated after size bytes */
    size_t size;
};

/* Terminated by an entry whose path is NULL; sorted by path. */
extern const struct embed_file embed_files[];

/* Return the embedded file at PATH, or NULL. */
const struct embed_file *embed_find(const char *path);

#endif
