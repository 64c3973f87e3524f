/* sniff.h - what an uploaded file really is, from its bytes, and a file
 * name made safe to show. Pure functions, no I/O.
 *
 * The type of evidence is decided by magic bytes only, never by the name
 * or the type the client declares: JPEG, PNG, WebP, HEIC/HEIF, PDF, OOXML
 * (a zip holding [Content_Types].xml: docx, xlsx, pptx) and legacy OLE2
 * office files (doc, xls, ppt). Executables, scripts and markup are
 * refused by name (sniff_is_dangerous). */
#ifndef MS_SNIFF_H
#define MS_SNIFF_H

#include <stddef.h>

#define SNIFF_NAME_MAX 180 /* bytes of a sanitised file name */

/* The media type of DATA[0..LEN) ("image/jpeg" ...), or NULL when it is
 * none of the accepted kinds. NAME (may be NULL) only chooses among the
 * OLE2 flavours (.xls, .ppt, else .doc), which share one container. */
const char *sniff_media_type(const void *data, size_t len, const char *name);

/* 1 when DATA starts like an executable (PE "MZ", ELF, Mach-O), a script
 * ("#!") or markup (HTML, SVG, XML): content that must never be served
 * back as evidence. */
int sniff_is_dangerous(const void *data, size_t len);

/* 1 when the extension of NAME (case-insensitive) names a type other than
 * TYPE ("photo.png" for image/jpeg). Names without an extension, or with
 * one this module does not know, are not a mismatch. */
int sniff_name_mismatch(const char *name, const char *type);

/* 1 when the DECLARED media type (a part's Content-Type; parameters
 * ignored) contradicts TYPE. NULL, "" and application/octet-stream
 * declare nothing. image/jpg and image/pjpeg count as image/jpeg. */
int sniff_declared_mismatch(const char *declared, const char *type);

/* Write a display name made from NAME into OUT (SIZE bytes, at least 8):
 * the last path component only (after '/' or '\'), control characters and
 * invalid UTF-8 dropped, leading dots and spaces removed, cut to
 * SNIFF_NAME_MAX bytes on a character boundary keeping the extension;
 * "file" when nothing is left. Returns OUT. */
char *sniff_filename(const char *name, char *out, size_t size);

#endif
