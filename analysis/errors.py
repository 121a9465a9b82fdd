"""Every error the package raises on purpose, in one place.

All derive from :class:`AnalysisError`, which the command line catches and prints as one
line; anything else (a bare ``ValueError`` from deep inside a library, a ``KeyError``) is a
bug and is allowed to crash with its traceback. The subclasses also derive from the builtin
that describes them (``ValueError`` for bad input, ``RuntimeError`` for a missing resource),
so ``except ValueError`` in a caller's code keeps working.
"""
from __future__ import annotations


class AnalysisError(Exception):
    """Base of the package's own errors. The message says what happened and what to do."""


class InputError(AnalysisError, ValueError):
    """An argument, option or table the caller gave is invalid (labels, target, examples, ...)."""


class ArticleError(InputError):
    """A file cannot be read as an article, or its sidecar is malformed."""


class ExamplesError(InputError):
    """Labelled stance examples are unusable: one class only, unknown labels, duplicates, ..."""


class ModelNotAvailableError(AnalysisError, RuntimeError):
    """A model is missing or unreadable; the message names the command that fixes it."""


class ModelVerificationError(AnalysisError, RuntimeError):
    """A model file's size or sha256 differs from the pinned one."""


class ParserUnavailableError(AnalysisError, RuntimeError):
    """The spaCy pipeline cannot be loaded."""


class BackendError(AnalysisError, RuntimeError):
    """A scoring backend returned something that is not a valid score (a bug in the backend)."""


class CacheError(AnalysisError, RuntimeError):
    """The score cache cannot be opened as needed (a read-only or network file system)."""


class NotebookError(AnalysisError, RuntimeError):
    """A notebook cell failed. Carries the notebook, the cell and the error it raised."""

    def __init__(self, notebook: str, message: str, executed: object = None,
                 cell: int | None = None, ename: str = "", evalue: str = "") -> None:
        self.notebook, self.executed, self.cell, self.ename, self.evalue = notebook, executed, cell, ename, evalue
        where = f" (executed copy: {executed})" if executed else ""
        super().__init__(f"{notebook}: {message}{where}")


class CorpusError(InputError):
    """A corpus input or output directory is unusable as a whole (no articles, unknown format,
    missing columns, a scheduler that cannot be reached); single bad articles are recorded, not raised."""


class MisencodingWarning(UserWarning):
    """The text decoded, but what it decoded to says the encoding was probably wrong (C1 controls)."""
