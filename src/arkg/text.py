"""Text folding shared by search and entity resolution (no RDF library needed)."""

import unicodedata


def search_key(text: str) -> str:
    """Case- and accent-insensitive form of a label: 'Tiranë' and 'TIRANE' give 'tirane'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("\u2013", "-").replace("\u2014", "-").split())
