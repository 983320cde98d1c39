"""One exception tree. Every message says what was wrong and what to do about it."""
from __future__ import annotations


class WhimbrelError(Exception):
    """Base of every error Whimbrel raises on purpose."""


class InputError(WhimbrelError):
    """A report could not be read: unreadable, empty, binary, too large, not an article."""

    def __init__(self, origin: str, problem: str, remedy: str):
        self.origin, self.problem, self.remedy = origin, problem, remedy
        super().__init__(f"{origin}: {problem}. {remedy}")


class UnsupportedLanguageError(InputError):
    """The report is not in English, the only language the pipeline reads."""


class DateError(WhimbrelError):
    """A publication date that cannot be parsed."""


class ModelNotInstalledError(WhimbrelError):
    """No English spaCy pipeline is installed."""


class SettingsError(WhimbrelError):
    """The user's settings file or environment holds a value that cannot be used."""


class GazetteerError(WhimbrelError):
    """The gazetteer index is missing or cannot be built."""


class StoreError(WhimbrelError):
    """The event database cannot be opened, reached or written (locked, unreachable, broken)."""
