"""Errors the CLI turns into messages and exit codes (documented in the README).

0 success · 1 validation found violations (or a link check found mismatches) · 2 usage or input
error · 3 query failed (endpoint unreachable, runtime error) or internal error
"""


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
