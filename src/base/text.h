/*
 * text.h -- text from AWS on its way out: UTF-8 repair and escaping
 *
 * Names, tags and messages in AWS answers are whatever someone typed. On
 * the way in, invalid UTF-8 becomes U+FFFD (text_utf8_repair), so every
 * output format stays valid UTF-8; on the way to a terminal, control
 * characters become visible \xNN (text_escape_terminal), so a name cannot
 * move the cursor, retitle the window or clear the screen.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at 's' (of 'n' bytes), 0 if none. */
size_t text_utf8_seq(const unsigned char *s, size_t n);
/* 1 when the 'n' bytes at 's' are valid UTF-8 (no NUL check). */
int text_utf8_valid(const char *s, size_t n);
/*
 * A copy of 'n' bytes at 's' with every invalid sequence replaced by
 * U+FFFD, NUL-terminated; '*out_len' (may be NULL) gets its length.
 * Caller frees.
 */
char *text_utf8_repair(const char *s, size_t n, size_t *out_len);
/*
 * Write 's' to 'f' for a terminal: C0 controls (but '\n' and '\t' when
 * 'keep_nl')
 * and DEL as \xNN, C1 controls (U+0080..U+009F) as \u00NN, invalid UTF-8
 * bytes as \xNN; everything else as is.
 */
void text_fputs_terminal(const char *s, FILE *f, int keep_nl);
/* 1 when 's' holds anything text_fputs_terminal() would escape. */
int text_needs_escape(const char *s);

#endif
