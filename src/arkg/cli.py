"""The ``arkg`` command: a thin layer over the library (the functions of :mod:`arkg`). Exit codes are listed
in :data:`arkg.errors.EXIT_CODES` (shown by ``arkg --help`` and in the README)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

import arkg

from . import __version__
from .errors import EXIT_CODES, ArkgError
from .reasoning import REASONERS as REASONER_CHOICES
from .results import FORMATS
from .serialisers import GRAPH_FORMATS
from .dataset import ENV as DATA_ENV
from .exporter import FORMATS as EXPORT_FORMATS
from .validation import ENGINES

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
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader went away (e.g. `arkg … | head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:  # a bug: say so briefly; ARKG_DEBUG=1 shows the traceback
            if os.environ.get("ARKG_DEBUG"):
                raise
            click.echo(f"arkg: internal error ({type(exc).__name__}): {exc} (set ARKG_DEBUG=1 for details)", err=True)
            ctx.exit(3)


def _echo(text: str) -> None:
    """Print an answer, ending with one newline whatever the serialiser wrote."""
    click.echo(text if text.endswith("\n") else text + "\n", nl=False)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"  {message}", err=True)


DEFAULT_PAGE = 50  # rows a table shows unless --limit says otherwise

data_option = click.option(
    "--data", type=click.Path(file_okay=False, path_type=Path), envvar=DATA_ENV, default=None,
    help="A directory of your own Turtle files to use instead of the shipped facts (with the shipped "
         "ontology and shapes, or its own ontology/ beside them). Env: ARKG_DATA.")


def page_options(command):
    command = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
                           help="Skip this many rows.")(command)
    return click.option("--limit", type=click.IntRange(min=0), default=None,
                        help=f"Show at most this many rows (default: {DEFAULT_PAGE} in a table, all otherwise).")(command)


def _page_size(limit, fmt):
    return DEFAULT_PAGE if limit is None and fmt == "table" else limit


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


EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code}  {meaning.replace('`', '')}" for code, meaning in EXIT_CODES)


def _with_date_notation(command):
    """Put the date notation (:data:`arkg.dates.LEGEND`, one row per kind of date) in place of
    ``{date_notation}`` in the docstring of ``command``, before click reads it."""
    from .dates import LEGEND

    codes = [", ".join(examples) for examples, _ in LEGEND]
    width = max(map(len, codes))
    rows = [f"  {code:<{width}}  {meaning}" for code, (_, meaning) in zip(codes, LEGEND)]
    command.__doc__ = command.__doc__.replace("{date_notation}", "\n    ".join(rows))
    return command


@click.group(cls=Group, context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
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
    for q in arkg.queries().values():
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
@click.option("--endpoint", metavar="URL", help="Run against a SPARQL 1.1 endpoint holding the reasoned graph (see arkg push).")
@page_options
@data_option
@click.option("--iris", is_flag=True, help="In a table, show prefixed IRIs (arkr:soviet-union) instead of labels.")
@_with_date_notation
def query_cmd(name, params, fmt, no_inference, endpoint, limit, offset, data, iris):
    """Run the canned query NAME with PARAM=VALUE parameters over the reasoned graph.

    Entity parameters take a label in English, Albanian or Russian, in any script and as people
    spell it (case, accents, transliteration variants such as Andrei/Andrey or Hrushov/Khrushchev,
    small typos), a prefixed name (arkr:albania), an IRI, or a Wikidata ID (Q222). A state of the
    Russian lineage (Russian Empire, Soviet Union, Russian Federation) stands for all three where
    a query takes a party; exact=true restricts it to the one entity.

    Tables show labels (--iris for prefixed IRIs); csv, tsv and json keep full IRIs and add
    dateEarliest and dateLatest, the first and last day each date allows. Rows come in order of
    the earliest day. Dates keep the source's precision:

    \b
    {date_notation}

    \b
    Examples:
      arkg query who-broke-relations
      arkg query timeline a=Albania b="Soviet Union" from=1924 to=1924
      arkg query visits visitor="Enver Hoxha" --format json
      arkg query timeline --limit 20 --offset 40
      arkg query timeline --data big-graph
    """
    limit = _page_size(limit, fmt)
    if endpoint:
        from .remote import query_endpoint
        from .results import page_bounds
        start, end = page_bounds(limit, offset)
        result = query_endpoint(endpoint, name, _parse_params(params)).page(start, end)
    else:
        result = arkg.query(name, inferred=not no_inference, limit=limit, offset=offset, data=data,
                           **_parse_params(params))
    labels = None
    if fmt == "table" and not iris and not endpoint:
        from .results import labels_of
        labels = labels_of(arkg.store(not no_inference, data=data), result.iris())
    _echo(result.render(fmt, labels))


@main.command("sparql")
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, *GRAPH_FORMATS]), default="table", show_default=True,
              help=f"Results format for SELECT and ASK; {', '.join(GRAPH_FORMATS)} for CONSTRUCT and DESCRIBE "
                   "(default turtle).")
@click.option("--no-inference", is_flag=True, help="Query the asserted graph, without the OWL RL closure.")
@click.option("--endpoint", metavar="URL", help="Run against a SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--allow-service", "allow_service", metavar="URL", multiple=True,
              help="Allow SERVICE calls to this endpoint (repeatable); SERVICE is refused otherwise.")
@page_options
@data_option
def sparql_cmd(text, file, fmt, no_inference, endpoint, allow_service, limit, offset, data):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE query (TEXT, -f FILE, or - for stdin).
    Updates and SERVICE are refused (exit 2). A DESCRIBE answer leaves out the internal helpers
    (arkgi:) and the trivial statements of the closure (x owl:sameAs x, x a owl:Thing …), as
    exports do; SELECT, ASK and CONSTRUCT see the whole store.

    \b
    Examples:
      arkg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      arkg sparql -f my-query.rq --format csv
      arkg sparql 'DESCRIBE arkr:enver-hoxha' --format jsonld
      echo 'ASK { ?s ?p ?o }' | arkg sparql -
      arkg sparql 'SELECT ?s WHERE { ?s a arkg:Event }' --limit 10 --offset 10
      arkg sparql 'DESCRIBE arkr:albania' --format turtle
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
    if endpoint:
        from .remote import sparql_endpoint
        answer = sparql_endpoint(endpoint, text)
    else:
        answer = arkg.sparql(text, inferred=not no_inference, allow_service=allow_service,
                            limit=_page_size(limit, fmt), offset=offset, data=data)
    from .serialisers import serialize

    if isinstance(answer, list):
        _echo(serialize(answer, fmt if fmt in GRAPH_FORMATS else "turtle").decode("utf-8"))
    elif fmt in GRAPH_FORMATS:
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE")
    elif isinstance(answer, bool):
        _echo(("true" if answer else "false") if fmt == "table" else serialize(answer, fmt).decode("utf-8"))
    else:
        _echo(answer.render(fmt))


@main.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="pyshacl: the reference; sparql: the shapes compiled to SPARQL on Oxigraph, same report, "
                   "much faster; auto: sparql for large graphs and for contributions.")
@data_option
def validate_cmd(files, engine, data):
    """SHACL-validate the shipped graph (or --data), with extra Turtle FILES if given.

    Exit 0 conforms, 1 violations (each with file, focus node, property, message and rule),
    2 input error (a syntax error names file, line and column).

    \b
    Examples:
      arkg validate
      arkg validate my-new-facts.ttl
      arkg validate --data big-graph --engine pyshacl
    """
    report = arkg.validate(files, data=data, engine=engine)
    click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(1)


@main.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the cache is up to date.")
@click.option("--reasoner", type=click.Choice(REASONER_CHOICES), default=None,
              help="OWL 2 RL reasoner (default: the fastest correct one).")
@data_option
def build_cmd(force, reasoner, data):
    """Materialise the reasoned graph into the cache (ARKG_CACHE_DIR or the user cache directory).

    \b
    Example:
      arkg build --force
      arkg build --data big-graph
    """
    info = arkg.build(force=force, progress=_progress, data=data, **({"reasoner": reasoner} if reasoner else {}))
    state = "built" if info.rebuilt else "up to date (cached)"
    click.echo(f"{state}: {info.key}")
    click.echo(f"asserted triples: {info.asserted}")
    click.echo(f"inferred triples: {info.inferred}")
    click.echo(f"total triples:    {info.total}")
    for step, seconds in info.timings.items():
        click.echo(f"{step:<8} {seconds:8.2f} s")
    click.echo(f"cache: {info.reasoned_path}")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle",
              show_default=True)
@click.option("--inferred", is_flag=True, help="Include the OWL RL closure.")
@click.option("--with-internal", is_flag=True,
              help="Include the internal build-time helpers (arkgi: locators, citation texts, "
                   "most specific types, seed files), which the canned queries use.")
@click.option("--with-trivial", is_flag=True,
              help="Include the trivial statements of the closure (x owl:sameAs x, x a owl:Thing, "
                   "C rdfs:subClassOf C …).")
@click.option("--context", "show_context", is_flag=True, help="Print the published JSON-LD @context and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically).")
@data_option
def export_cmd(fmt, inferred, with_internal, with_trivial, show_context, output, data):
    """Export the graph as Turtle, JSON-LD, N-Triples, or Wikidata QuickStatements.

    The export holds the public model: internal helpers (arkgi:) and the trivial statements of
    the closure are left out unless asked for; --with-internal --with-trivial gives the store as
    built (for a SPARQL server that is to answer the canned queries).

    \b
    Examples:
      arkg export --format turtle -o arkg.ttl
      arkg export --format nt --inferred > arkg-reasoned.nt
      arkg export --format nt --inferred --with-internal --with-trivial > arkg-store.nt
      arkg export --format json-ld --context
      arkg export --format quickstatements -o arkg.qs
    """
    if show_context:
        from .jsonld import context_text
        click.echo(context_text(), nl=False)
        return
    text = arkg.export(fmt, inferred=inferred, destination=output, data=data, with_internal=with_internal,
                       with_trivial=with_trivial)
    if text is not None:
        click.echo(text, nl=False)


@main.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@data_option
def stats_cmd(fmt, data):
    """Print triples, entities by class, events by decade, facts per source, and statements by
    origin: which source document, outside evidence, inferred, ontology, build-time helpers, and
    the count of unknown origin (0 when every statement is sourced).

    \b
    Example:
      arkg stats
    """
    from .graph_stats import render
    figures = arkg.stats(data=data)
    click.echo(json.dumps(figures, indent=1) if fmt == "json" else render(figures), nl=False)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run before a 503.")
@click.option("--max-rows", default=10000, show_default=True, type=int,
              help="Most result rows (or triples); a longer result is refused with a 422.")
@click.option("--max-request-bytes", default=65536, show_default=True, type=int, help="Largest request accepted.")
@click.option("--max-memory", "max_memory", default=None, type=int, metavar="MIB",
              help="Memory per query worker (default 2048, or ARKG_SERVER_WORKER_MEMORY_MB).")
@data_option
def serve_cmd(host, port, timeout, max_rows, max_request_bytes, max_memory, data):
    """Serve a read-only SPARQL 1.1 endpoint at /sparql, a page per entity and the web UI.

    \b
    Example:
      arkg serve --port 8000
    """
    from .server import serve
    serve(host=host, port=port, timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes,
          max_memory_mb=max_memory, data=data)


@main.command("push")
@click.option("--endpoint", metavar="URL", required=True, help="Graph Store Protocol URL of the target store.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None, help="Named graph to replace (default graph if omitted).")
def push_cmd(endpoint, graph_iri):
    """Upload the reasoned graph to a SPARQL 1.1 Graph Store Protocol server.

    \b
    Example:
      arkg push --endpoint http://127.0.0.1:7878/store
    """
    from .remote import push
    click.echo(push(endpoint, graph_iri))


@main.command("link")
@click.option("--missing", is_flag=True, help="List entities with no verified Wikidata link, with the reason.")
@click.option("--check", is_flag=True, help="Ask a Wikidata-compatible endpoint whether each link holds.")
@click.option("--suggest", is_flag=True, help="Propose candidate items for unlinked entities by label.")
@click.option("--endpoint", metavar="URL", default="https://query.wikidata.org/sparql", show_default=True)
def link_cmd(missing, check, suggest, endpoint):
    """Wikidata links: with no option, list the linked entities; list the unlinked with the
    reason, check the linked on an endpoint (exit 1 on a mismatch), suggest candidates.

    \b
    Examples:
      arkg link
      arkg link --missing
      arkg link --check --endpoint http://127.0.0.1:7878/query
    """
    sys.exit(_link(missing, check, suggest, endpoint))


def _link(show_missing: bool, run_check: bool, run_suggest: bool, endpoint: str) -> int:
    """Print what ``arkg link`` asks of :mod:`arkg.wikidata`; 1 when the check found problems."""
    from . import wikidata
    from .namespaces import shorten
    from .stores import open_store

    store = open_store(True)
    status = 0
    if not (show_missing or run_check or run_suggest):
        rows = wikidata.linked(store)
        for link in rows:
            click.echo(f"{shorten(link['entity'])}\t{link['wikidata']}")
        click.echo(f"{len(rows)} linked, {len(wikidata.missing(store))} unlinked")
    if show_missing:
        for row in wikidata.missing(store):
            click.echo(f"{shorten(row['entity'])}\t{row['class']}\t{row['label']}\t{row['reason']}")
    if run_check:
        count, findings = wikidata.check(store, endpoint)
        for finding in findings:
            click.echo(f"MISMATCH {shorten(finding.entity)} -> {finding.wikidata}: {finding.problem}")
        click.echo(f"checked {count} links against {endpoint}: {len(findings)} problem(s)")
        status = 1 if findings else 0
    if run_suggest:
        for entity, items in wikidata.suggest(store, endpoint).items():
            click.echo(f"{shorten(entity)}\t{' '.join(items)}")
    return status


if __name__ == "__main__":  # pragma: no cover
    main()
