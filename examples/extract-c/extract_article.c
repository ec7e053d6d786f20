/* extract-article FILE [URL] — prints the article Gleaner finds in a saved HTML page as JSON.
 * An example of the C API in <gleaner/extract.h>; the exit status is 1 when extraction fails. */
#include <gleaner/extract.h>

#include <stdio.h>
#include <stdlib.h>

/* Reads a whole file into memory; NULL on failure. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    char *data = NULL;
    size_t size = 0, cap = 0, got;
    do {
        if (size == cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(data, cap);
            if (grown == NULL) break;
            data = grown;
        }
        got = fread(data + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed || data == NULL) {
        free(data);
        return NULL;
    }
    *len = size;
    return data;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FILE [URL]\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *html = read_file(argv[1], &len);
    if (html == NULL) {
        perror(argv[1]);
        return 1;
    }
    gleaner_extract_options opts = GLEANER_EXTRACT_OPTIONS_INIT;
    opts.url = argc == 3 ? argv[2] : NULL;
    gleaner_extract_result *r = gleaner_extract(html, len, &opts);
    free(html);
    if (r == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    int status = 0;
    if (gleaner_extract_error(r) != NULL) {
        fprintf(stderr, "%s: %s\n", argv[1], gleaner_extract_error(r));
        status = 1;
    } else {
        puts(gleaner_extract_json(r));
    }
    gleaner_extract_free(r);
    return status;
}
