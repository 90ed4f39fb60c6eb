"""The ``arkg`` command: a thin layer over the library (:mod:`arkg.api`).

Exit codes: 0 success (also for zero rows) · 1 validation found violations · 2 usage or input
error · 3 query failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__, api
from .atomic import atomic_path
from .errors import ArkgError
from .results import FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Group(click.Group):
    """Turns library errors into a one-line message and the documented exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ArkgError as exc:
            click.echo(f"arkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except FileNotFoundError as exc:
            click.echo(f"arkg: error: {exc}", err=True)
            ctx.exit(2)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"  {message}", err=True)


def _parse_params(items: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"parameter {item!r} is not NAME=VALUE")
        if name in params:
            raise click.UsageError(f"parameter {name!r} given twice")
        params[name] = value
    return params


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="arkg")
def main():
    """ARKG, the Albania–Russia Knowledge Graph: canned and ad-hoc SPARQL over an OWL 2 RL
    reasoned graph whose every fact cites its source.

    \b
    Example:
      arkg query who-broke-relations
    """


@main.command("queries")
def queries_cmd():
    """List the canned queries with their titles and parameters.

    \b
    Example:
      arkg queries
    """
    for q in api.queries().values():
        click.echo(f"{q.name}  —  {q.title}")
        for p in q.params:
            need = "required" if p.required else "optional"
            click.echo(f"    {p.name}=<{p.kind}> ({need}): {p.help}")
        click.echo(f"    columns: {' '.join(q.columns)}")


@main.command("query", context_settings={"ignore_unknown_options": False})
@click.argument("name")
@click.argument("params", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--no-inference", is_flag=True, help="Query the asserted graph, without the OWL RL closure.")
def query_cmd(name, params, fmt, no_inference):
    """Run the canned query NAME with PARAM=VALUE parameters over the reasoned graph.

    Entity parameters take a label in English, Albanian or Russian (any case, accents optional),
    a prefixed name (arkr:albania), an IRI, or a Wikidata ID (Q222).

    \b
    Examples:
      arkg query who-broke-relations
      arkg query timeline a=Albania b="Soviet Union" from=1924 to=1924
      arkg query visits visitor="Enver Hoxha" --format json
    """
    result = api.query(name, inferred=not no_inference, **_parse_params(params))
    click.echo(result.render(fmt), nl=False)


@main.command("sparql")
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "turtle", "nt"]), default="table", show_default=True,
              help="Results format (turtle or nt for CONSTRUCT/DESCRIBE).")
@click.option("--no-inference", is_flag=True, help="Query the asserted graph, without the OWL RL closure.")
def sparql_cmd(text, file, fmt, no_inference):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE query (TEXT, -f FILE, or - for stdin).
    Updates and SERVICE are refused (exit 2).

    \b
    Examples:
      arkg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      arkg sparql -f my-query.rq --format csv
      echo 'ASK { ?s ?p ?o }' | arkg sparql -
    """
    if file is not None and text is not None:
        raise click.UsageError("give the query as TEXT or with -f FILE, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.UsageError(f"cannot read {file}: {exc.strerror}")
    elif text == "-":
        text = sys.stdin.read()
    if not text:
        raise click.UsageError("no query given (TEXT, -f FILE or -)")
    answer = api.sparql(text, inferred=not no_inference)
    if isinstance(answer, bool):
        click.echo(json.dumps({"head": {}, "boolean": answer}) if fmt == "json" else ("true" if answer else "false"))
    elif isinstance(answer, list):
        from .sparql import triples_text
        click.echo(triples_text(answer, "nt" if fmt == "nt" else "turtle"), nl=False)
    else:
        if fmt in ("turtle", "nt"):
            raise click.UsageError("--format turtle/nt is for CONSTRUCT and DESCRIBE")
        click.echo(answer.render(fmt), nl=False)


@main.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def validate_cmd(files):
    """SHACL-validate the shipped graph, with extra Turtle FILES if given.

    Exit 0 conforms, 1 violations (each with file, focus node, property, message and rule),
    2 input error (a syntax error names file, line and column).

    \b
    Examples:
      arkg validate
      arkg validate my-new-facts.ttl
    """
    report = api.validate(files)
    click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(1)


@main.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the cache is up to date.")
def build_cmd(force):
    """Materialise the reasoned graph into the cache (ARKG_CACHE_DIR or the user cache directory).

    \b
    Example:
      arkg build --force
    """
    info = api.build(force=force, progress=_progress)
    state = "built" if info.rebuilt else "up to date (cached)"
    click.echo(f"{state}: {info.key}")
    click.echo(f"asserted triples: {info.asserted}")
    click.echo(f"inferred triples: {info.inferred}")
    click.echo(f"total triples:    {info.total}")
    for step, seconds in info.timings.items():
        click.echo(f"{step:<8} {seconds:8.2f} s")
    click.echo(f"cache: {info.reasoned_path}")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld", "nt"]), default="turtle", show_default=True)
@click.option("--inferred", is_flag=True, help="Include the OWL RL closure.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically).")
def export_cmd(fmt, inferred, output):
    """Export the graph as Turtle, JSON-LD or N-Triples.

    \b
    Examples:
      arkg export --format turtle -o arkg.ttl
      arkg export --format nt --inferred > arkg-reasoned.nt
    """
    text = api.export(fmt, inferred=inferred, destination=output)
    if text is not None:
        click.echo(text, nl=False)


@main.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats_cmd(fmt):
    """Print triples, entities by class, events by decade and facts per source.

    \b
    Example:
      arkg stats
    """
    from .stats import render
    figures = api.stats()
    click.echo(json.dumps(figures, indent=1) if fmt == "json" else render(figures), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
