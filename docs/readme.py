"""Regenerate the README's generated blocks: ``python docs/readme.py`` (``--check`` fails on drift).

Every sample output, table and figure in the README sits between cog markers and is printed by
the code below: sample outputs by running the CLI in process, tables from the library's own
registries (canned queries, date notation, exit codes, environment variables) and from the ontology's files
(alignments, renamed terms), statistics from ``arkg stats``, and benchmark figures from the
measurement files that ``bench/run.py --record`` and ``bench/scale.py --record`` write in
``docs/measurements/``. ``tests/test_readme.py`` runs the check.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = ROOT / "README.md"
MEASUREMENTS = HERE / "measurements"

# (arguments, lines kept: None for all) — the tour's sample outputs, in order
SAMPLES = [
    (["query", "who-broke-relations"], 14),
    (["query", "who-broke-relations", "state=Russia", "from=2000"], None),
    (["query", "who-broke-relations", "kind=DiplomaticRupture", "--iris"], None),
    (["query", "who-established-relations", "state=Russia", "kind=Signing"], None),
    (["query", "relations", "a=Albania", "b=Russia"], None),
    (["query", "relations", "a=Albania", "b=Russia", "at=1975"], None),
    (["query", "timeline", "a=Albania", "b=Russia", "from=1961-11-20", "to=1961-12"], None),
    (["query", "visits", "visitor=Paskal Milo"], None),
    (["query", "visits", "visitor=Enver Hoxha"], None),
    (["query", "events-of", "agent=Andrei Grechko"], None),
    (["query", "search", "text=Khrushchev"], 7),
    (["query", "search", "text=PLA"], 5),
    (["query", "memberships", "member=Albania"], None),
    (["query", "sources", "event=arkr:1961-12-soviet-break-of-relations"], None),
    (["query", "conflicting-claims", "--format", "csv"], 6),
]


def _cog():
    import cog  # provided by cogapp while it runs this file's functions

    return cog


def _command_line(args: list[str]) -> str:
    parts = []
    for arg in args:
        name, sep, value = arg.partition("=")
        if sep and not arg.startswith("-") and (" " in value or "'" in value):
            parts.append(f'{name}="{value}"')
        else:
            parts.append(shlex.quote(arg))
    return "arkg " + " ".join(parts)


def run(args: list[str]) -> str:
    """What ``arkg ARGS`` prints, run in process."""
    from click.testing import CliRunner

    from arkg.cli import main

    result = CliRunner().invoke(main, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"{_command_line(args)} exited {result.exit_code}: {result.stderr}")
    return result.stdout


def sample_queries() -> str:
    blocks = []
    for args, keep in SAMPLES:
        lines = run(args).rstrip("\n").splitlines()
        if keep is not None and len(lines) > keep:
            lines = [*lines[:keep], "…"]
        blocks.append("```\n$ " + _command_line(args) + "\n" + "\n".join(lines) + "\n```")
    return "\n".join(blocks)


def queries_table() -> str:
    import arkg

    rows = ["| query | parameters | columns |", "| --- | --- | --- |"]
    for q in arkg.queries().values():
        if q.name.endswith("-violation"):
            continue
        params = " ".join(f"`{p.name}`" + ("" if not p.required else " (required)") for p in q.params)
        rows.append(f"| `{q.name}` | {params} | {' '.join(q.columns)} |")
    return "\n".join(rows)


def exit_codes_table() -> str:
    from arkg.errors import EXIT_CODES

    return "\n".join(["| code | meaning |", "| --- | --- |",
                      *(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES)])


def date_notation_table() -> str:
    """The date notation, one row per kind of date, from :data:`arkg.dates.LEGEND`."""
    from arkg.dates import LEGEND

    return "\n".join(["| notation | means |", "| --- | --- |",
                      *(f"| {', '.join(f'`{e}`' for e in examples)} | {meaning} |" for examples, meaning in LEGEND)])


def environment_table() -> str:
    from arkg.environment import VARIABLES

    return "\n".join(["| variable | read by | meaning |", "| --- | --- | --- |",
                      *(f"| `{v.name}` | {v.scope} | {v.meaning} |" for v in VARIABLES)])


def modules_table() -> str:
    """One row per module of the package: its path and the first sentence of its docstring, so
    the map of the code is as current as the code."""
    import ast
    import re

    package = HERE.parent / "src" / "arkg"
    rows = ["| module | what it does |", "| --- | --- |"]
    for path in sorted(package.rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = " ".join(doc.split("\n\n")[0].split())
        first = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", first).replace("``", "`")
        first = re.split(r"(?<=\.)\s+(?=[A-Z`])", first)[0]
        rows.append(f"| `{path.relative_to(package.parent).as_posix()}` | {first} |")
    return "\n".join(rows)


def alignments_table() -> str:
    """Our terms against the standard vocabularies, one row per term of ours, from the ontology
    modules themselves (arkg.alignment: the alignment module and the core's own links to PROV-O
    and SKOS)."""
    from collections import defaultdict

    from arkg.alignment import read
    from arkg.namespaces import shorten

    short = {"exact match": "exact", "close match": "close", "broader match": "broad", "narrower match": "narrow",
             "related, not the same": "related, not the same:"}
    rows = defaultdict(lambda: ([], []))
    for m in read():
        if m.logical:
            rows[shorten(m.term)][0].append(f"`{shorten(m.target)}`")
        else:
            rows[shorten(m.term)][1].append(f"{short[m.words]} `{shorten(m.target)}`")
    lines = ["| our term | sub-class or sub-property of (in the reasoned graph) | SKOS mapping (annotation only) |",
             "| --- | --- | --- |"]
    for term in sorted(rows, key=lambda name: (name[5].islower(), name.lower())):
        logical_links, skos_links = rows[term]
        lines.append(f"| `{term}` | {', '.join(sorted(logical_links))} | {'; '.join(sorted(skos_links))} |")
    return "\n".join(lines)


def renames_table() -> str:
    """Old and new names of renamed ontology terms, from ``ontology/renames.tsv`` (one row per
    rename: the version that made it, the old and new local names, and why)."""
    import csv

    from arkg import paths

    with (paths.ontology_dir() / "renames.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return "\n".join(["| old name | new name | since | why |", "| --- | --- | --- | --- |",
                      *(f"| `arkg:{r['old']}` | `arkg:{r['new']}` | {r['version']} | {r['why']} |" for r in rows)])


def stats() -> str:
    return "```\n$ arkg stats\n" + run(["stats"]).rstrip("\n") + "\n```"


def link_counts() -> str:
    import arkg
    from arkg import wikidata

    store = arkg.store()
    return (f"Today: {len(wikidata.linked(store))} entities linked, each with its evidence; "
            f"{len(wikidata.missing(store))} linkable entities unlinked, each with its reason "
            "(`arkg link --missing`).")


def measurement(name: str) -> str:
    """A recorded benchmark report, verbatim (``bench/run.py --record`` writes ``bench.txt``,
    ``bench/server_load.py --record`` writes ``server_load.txt``)."""
    path = MEASUREMENTS / name
    return "```\n" + path.read_text(encoding="utf-8").rstrip("\n") + "\n```"


def scale_table() -> str:
    """The scale table: ``render_table`` of ``bench/scale.py`` over the run kept in
    ``docs/measurements/scale.json`` (``python bench/scale.py --json docs/measurements/scale.json`` keeps a run there)."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("arkg_bench_scale", ROOT / "bench" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    return scale.render_table(json.loads((MEASUREMENTS / "scale.json").read_text(encoding="utf-8"))).rstrip("\n")


def out(text: str) -> None:
    """Write a block's text into the README (called from the cog markers)."""
    _cog().outl(text)


def main(argv: list[str]) -> int:
    from cogapp import Cog

    args = ["cog", "-I", str(HERE), "-p", "import readme", "-U"]
    if "--check" in argv:
        args += ["--check", "--diff", "--check-fail-msg=run: python docs/readme.py"]
    else:
        args += ["-r"]
    return Cog().main([*args, str(README)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
