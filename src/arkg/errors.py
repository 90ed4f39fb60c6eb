"""Errors the CLI turns into messages and exit codes. ``EXIT_CODES`` is the documentation: the
README's table and ``arkg --help`` are generated from it."""

EXIT_CODES = (
    (0, "success (also a query with zero rows; a conforming validation)"),
    (1, "`validate` found violations; `link --check` found mismatches"),
    (2, "usage or input error: unknown query or parameter, an entity that matches nothing or several "
        "things (the message lists the candidates), a bad date, a syntax error (file, line, column), "
        "an update or an unallowed SERVICE"),
    (3, "a query failed while running (an endpoint unreachable), or an internal error "
        "(`ARKG_DEBUG=1` shows the traceback)"),
)


class ArkgError(Exception):
    """Base class: an error with a message meant for a person, and an exit code."""

    exit_code = 2


class UsageError(ArkgError):
    """Unknown query or parameter, an entity that matches nothing or several things, bad option."""

    exit_code = 2


class InputError(ArkgError):
    """A file that cannot be read: syntax error (with file, line and column), bad date, missing file."""

    exit_code = 2


class QueryError(ArkgError):
    """A query that failed while running or was refused (update, SERVICE without permission)."""

    exit_code = 3
