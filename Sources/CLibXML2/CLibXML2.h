#pragma once
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its types clash with Foundation's copy of ICU in Swift modules. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a mutable global function pointer, which Swift 6 refuses to read; call it through this.
static inline void cxml_free(void *pointer) { xmlFree(pointer); }
