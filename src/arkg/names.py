"""Names as people type them: one folding key for every spelling of a name, the name index the
build writes beside the cache, and the one ranking of entities by name: entity resolution and its
suggestions, the ``search`` query, and the pages' search and autocomplete.

The folding key (:func:`fold`) turns any script into Latin letters (anyascii), drops case and
accents, and collapses the usual romanisation variants, so that Andrei/Andrey, Yevgeny/Evgeny,
Khrushchev/Khruschev/Hrushov/Хрущёв and Tiranë/Tirana give the same or a near key. Small typos are
caught by edit distance between keys (rapidfuzz). Nothing here is written per person.

A name is first looked up as typed, case and accents aside (:func:`plain`: 'Tiranë' is 'tirane'),
then by its folding key, then within a small typo.

The index is an SQLite file (one row per label or alternative label: entity, label, plain form,
key, kind)
with a trigram full-text table over the keys, so that a search is an index lookup and not a scan
over every label of the graph.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .namespaces import ARKG, LABEL_PROPERTIES

# Romanisation variants, applied in this order to lower-case ASCII text. Each maps the variants of
# one sound to one spelling: Russian щ (shch, sch), х (kh, h), ч (ch, tch, Albanian ç), ш (sh, š),
# ж (zh, ž), soft vowels (ye/e, yo/o, yu/iu), й/y/j/i, x/ks.
_RULES = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
    ("zh", "z"), ("xh", "x"), ("x", "ks"), ("w", "v"), ("ye", "e"), ("yo", "o"), ("ey", "ei"),
    ("y", "i"), ("j", "i"),
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_REPEAT = re.compile(r"(.)\1+")

# Kinds of named things, in the order search and suggestions list them.
AGENT, PLACE, OTHER = 0, 1, 2
KIND_NAMES = {AGENT: "person, state or organization", PLACE: "place", OTHER: "event or other"}


def plain(text: str) -> str:
    """A name with case and accents dropped and spaces and dashes made regular: 'Tiranë' and
    'TIRANE' give 'tirane' (a name as typed, before any transliteration; see :func:`fold`)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("\u2013", "-").replace("\u2014", "-").split())


def fold(text: str) -> str:
    """The folding key of a name: 'Andrey Grechko', 'Andrei Gretchko' and 'Андрей Гречко' agree."""
    ascii_text = anyascii(text or "").lower()
    words = []
    for word in _NON_WORD.sub(" ", ascii_text).split():
        for old, new in _RULES:
            word = word.replace(old, new)
        words.append(_REPEAT.sub(r"\1", word))
    return " ".join(words)


def typo_budget(key: str) -> int:
    """How many edits a key of this length may differ by and still count as the same name."""
    n = len(key.replace(" ", ""))
    return 0 if n < 5 else 1 if n < 9 else 2


@dataclass(frozen=True)
class Hit:
    entity: str
    label: str
    rank: int  # 0 exact, 1 a word starts with the text, 2 inside a word, 3 near spelling (typo)
    kind: int
    score: float = 100.0


_SCHEMA = """
CREATE TABLE names (id INTEGER PRIMARY KEY, entity TEXT NOT NULL, label TEXT NOT NULL,
                    plain TEXT NOT NULL, key TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE INDEX names_plain ON names(plain);
CREATE INDEX names_key ON names(key);
CREATE INDEX names_entity ON names(entity);
CREATE VIRTUAL TABLE grams USING fts5(key, content='names', content_rowid='id', tokenize='trigram');
"""


def _fill(conn: sqlite3.Connection, rows) -> int:
    """Fill an empty name index: ``rows`` are (entity IRI, label, kind), each name once. Returns
    how many names."""
    conn.executescript(_SCHEMA)
    seen = set()
    batch = []
    for entity, label, kind in rows:
        key = fold(label)
        if key and (entity, label) not in seen:
            seen.add((entity, label))
            batch.append((entity, label, plain(label), key, kind))
    conn.executemany("INSERT INTO names(entity, label, plain, key, kind) VALUES (?, ?, ?, ?, ?)", batch)
    conn.execute("INSERT INTO grams(grams) VALUES ('rebuild')")
    conn.commit()
    return len(batch)


def write_index(target: Path | str, rows) -> int:
    """Write the name index file: ``rows`` are (entity IRI, label, kind). Returns how many names."""
    conn = sqlite3.connect(str(target))
    try:
        return _fill(conn, rows)
    finally:
        conn.close()


class NameIndex:
    """Lookups in a name index (a file written by the build, or an in-memory one)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def open(cls, path: Path | str) -> "NameIndex":
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        return cls(sqlite3.connect(uri, uri=True, check_same_thread=False))

    @classmethod
    def from_rows(cls, rows) -> "NameIndex":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(conn, rows)
        return cls(conn)

    # -- lookups ---------------------------------------------------------------------------

    def as_typed(self, text: str) -> list[str]:
        """Entities with a name equal to the text, case and accents aside (:func:`plain`)."""
        rows = self.conn.execute("SELECT DISTINCT entity FROM names WHERE plain = ? ORDER BY entity", (plain(text),))
        return [r[0] for r in rows]

    def resolve(self, text: str) -> list[str]:
        """The entities a name given as a parameter means: those named as typed (case and accents
        aside), else those with the same folding key, else those within a small typo."""
        return self.as_typed(text) or self.exact(text) or self.near(text)

    def exact(self, text: str) -> list[str]:
        """Entities with a name whose folding key equals the text's."""
        rows = self.conn.execute("SELECT DISTINCT entity FROM names WHERE key = ? ORDER BY entity", (fold(text),))
        return [r[0] for r in rows]

    def _keys(self) -> list[str]:
        if not hasattr(self, "_key_list"):
            self._key_list = [r[0] for r in self.conn.execute("SELECT DISTINCT key FROM names")]
        return self._key_list

    def near(self, text: str) -> list[str]:
        """Entities whose name is within a small typo of the text, the closest only."""
        key = fold(text)
        budget = typo_budget(key)
        if not budget:
            return []
        found = process.extract(key, self._keys(), scorer=Levenshtein.distance, score_cutoff=budget, limit=50)
        if not found:
            return []
        best = min(d for _, d, _ in found)
        keys = [k for k, d, _ in found if d == best]
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(f"SELECT DISTINCT entity FROM names WHERE key IN ({marks}) ORDER BY entity", keys)
        return [r[0] for r in rows]

    def search(self, text: str, limit: int = 100) -> list[Hit]:
        """Entities with a name containing the text (any spelling), best first: exact names, then
        names with a word starting with it, then the text inside a word, then near spellings;
        within each, people, states and organizations before places before events."""
        key = fold(text)
        if not key:
            return []
        if len(key) >= 3:
            quoted = '"' + key.replace('"', '""') + '"'
            rows = self.conn.execute(
                "SELECT n.entity, n.label, n.key, n.kind FROM grams JOIN names n ON n.id = grams.rowid "
                "WHERE grams MATCH ?", (quoted,))
        else:
            rows = self.conn.execute(
                "SELECT entity, label, key, kind FROM names WHERE key = ? OR key LIKE ? OR key LIKE ?",
                (key, key + "%", "% " + key + "%"))
        best: dict[str, Hit] = {}
        for entity, label, k, kind in rows:
            rank = 0 if k == key else 1 if (" " + k).find(" " + key) >= 0 else 2
            hit = Hit(entity, label, rank, kind)
            if entity not in best or _order(hit) < _order(best[entity]):
                best[entity] = hit
        # near spellings only when the text itself is rare (a misspelt name), not as noise
        if len(best) < 5 and typo_budget(key):
            for entity in self._near_words(key):
                if entity[0] not in best:
                    best[entity[0]] = Hit(entity[0], entity[1], 3, entity[2])
        hits = sorted(best.values(), key=_order)
        return hits[:limit]

    def _near_words(self, key: str):
        """Names each of whose words in turn is near one word of the text (a typo per word)."""
        words = key.split()
        matches = None
        for word in words:
            budget = typo_budget(word)
            if not budget:
                like = self.conn.execute("SELECT id FROM names WHERE (' ' || key) LIKE ?", ("% " + word + "%",))
                ids = {r[0] for r in like}
            else:
                near = process.extract(word, self._words(), scorer=Levenshtein.distance,
                                       score_cutoff=budget, limit=50)
                ids = set()
                for w, _, _ in near:
                    quoted = '"' + w + '"'
                    ids |= {r[0] for r in self.conn.execute("SELECT rowid FROM grams WHERE grams MATCH ?", (quoted,))}
            matches = ids if matches is None else matches & ids
            if not matches:
                return []
        marks = ",".join("?" * len(matches))
        return list(self.conn.execute(
            f"SELECT entity, label, kind FROM names WHERE id IN ({marks}) ORDER BY kind, length(label)",
            sorted(matches)))

    def _words(self) -> list[str]:
        if not hasattr(self, "_word_list"):
            self._word_list = sorted({w for k in self._keys() for w in k.split() if len(w) >= 3})
        return self._word_list

    def suggest(self, text: str, limit: int = 5) -> list[tuple[str, str]]:
        """The nearest names to an unknown text, as (entity, label): people, states and
        organizations first, then places, then events, each by similarity."""
        key = fold(text)
        if not key:
            return []
        found = process.extract(key, self._keys(), scorer=fuzz.token_set_ratio, score_cutoff=60, limit=40)
        if not found:
            return []
        score_of = {k: s for k, s, _ in found}
        marks = ",".join("?" * len(score_of))
        rows = self.conn.execute(f"SELECT entity, label, key, kind FROM names WHERE key IN ({marks})", list(score_of))
        best: dict[str, tuple] = {}
        for entity, label, k, kind in rows:
            order = (kind, -score_of[k], len(label), label)
            if entity not in best or order < best[entity][0]:
                best[entity] = (order, label)
        ranked = sorted(best.items(), key=lambda item: item[1][0])
        return [(entity, label) for entity, (_, label) in ranked[:limit]]


def _order(hit: Hit) -> tuple:
    return (hit.rank, hit.kind, len(hit.label), hit.label.casefold(), hit.entity)


# -- which index belongs to which store ------------------------------------------------------

_ATTACHED: dict[int, tuple[object, NameIndex]] = {}


def attach(store, path: Path | str | None) -> None:
    """Use the index file at ``path`` for this store (done when the store is opened)."""
    if path is not None and id(store) not in _ATTACHED and Path(path).exists():
        _ATTACHED[id(store)] = (store, _open(str(path)))


@lru_cache(maxsize=8)
def _open(path: str) -> NameIndex:
    return NameIndex.open(path)


_LABELS = f"""
SELECT ?e ?l (MAX(?k) AS ?kind) WHERE {{
  VALUES ?p {{ {" ".join(f"<{p}>" for p in LABEL_PROPERTIES)} }}
  ?e ?p ?l . FILTER(isIRI(?e))
  OPTIONAL {{ ?e a ?t . VALUES (?t ?k) {{ (<{ARKG.Agent}> 3) (<{ARKG.Place}> 2) }} }}
}} GROUP BY ?e ?l"""


def index_for(store) -> NameIndex:
    """The name index of a store: the build's file if one is attached, else one made from the
    store's labels (small ad-hoc stores, such as in tests)."""
    entry = _ATTACHED.get(id(store))
    if entry is not None and entry[0] is store:
        return entry[1]
    index = NameIndex.from_rows(label_rows_from_store(store))
    _ATTACHED[id(store)] = (store, index)
    return index


def label_rows_from_store(store):
    """(entity, label, kind) for every name (:data:`~arkg.namespaces.LABEL_PROPERTIES`) of an IRI
    in a store: the build's reasoned store, or a small ad-hoc one."""
    for s in store.query(_LABELS):
        k = s["kind"]
        kind = {"3": AGENT, "2": PLACE}.get(k.value if k is not None else "", OTHER)
        yield s["e"].value, s["l"].value, kind
