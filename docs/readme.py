"""Regenerate the README's generated blocks: ``python docs/readme.py`` (``--check`` fails on drift).

Every sample output, table and figure in the README sits between cog markers and is printed by
the code below: sample outputs by running the CLI in process, tables from the library's own
registries (canned queries, exit codes, environment variables), statistics from ``arkg stats``,
and benchmark figures from the measurement files that ``bench/run.py --record`` and
``bench/scale.py --record`` write in ``docs/measurements/``. ``tests/test_readme.py`` runs the
check.
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
    (["query", "who-broke-relations"], None),
    (["query", "timeline", "a=Albania", "b=Soviet Union", "from=1924", "to=1924"], None),
    (["query", "visits", "visitor=Enver Hoxha"], None),
    (["query", "memberships", "member=Albania"], None),
    (["query", "events-of", "agent=Mikhail Suslov"], None),
    (["query", "sources", "event=arkr:1961-12-soviet-break-of-relations"], None),
    (["query", "search", "text=Firybin"], None),
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


def environment_table() -> str:
    from arkg.environment import VARIABLES

    return "\n".join(["| variable | read by | meaning |", "| --- | --- | --- |",
                      *(f"| `{v.name}` | {v.scope} | {v.meaning} |" for v in VARIABLES)])


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
    """A recorded benchmark report, verbatim (``bench/run.py --record`` writes ``bench.txt``)."""
    path = MEASUREMENTS / name
    return "```\n" + path.read_text(encoding="utf-8").rstrip("\n") + "\n```"


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
