"""The project's own errors. Each names the thing at fault so the CLI can print one line."""

from __future__ import annotations


class KnooppuntError(Exception):
    """Base of every error the CLI turns into one line and exit code 2."""


class SchemaError(KnooppuntError):
    """A record does not fit the schema (unknown type, property, endpoint type)."""


class ValidationError(KnooppuntError):
    """A value is malformed (a KvK number of 7 letters, a date of 31-02-2024)."""

    def __init__(self, message: str, *, field: str | None = None, value: object = None):
        super().__init__(message)
        self.field = field
        self.value = value


class NotFound(KnooppuntError):
    """A record id that the store does not hold (or the caller may not see)."""


class ProjectError(KnooppuntError):
    """A project file that is missing, not a Knooppunt project, or of a newer version."""


class PermissionDenied(KnooppuntError):
    """The acting member's role or clearance does not allow this."""
