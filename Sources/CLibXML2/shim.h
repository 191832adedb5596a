#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; Foundation on Linux carries its own ICU copy. Seeing both makes
// every target that imports Foundation fail with "'UErrorCode' has different definitions", so the
// ICU part is hidden before any other libxml2 header is read (see shared/notes/libxml2.md).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/HTMLtree.h>
#include <libxml/HTMLparser.h>

// xmlFree is a global variable; Swift 6 strict concurrency refuses to touch it directly.
static inline void clibxml2_free(void *p) { xmlFree(p); }

#endif
