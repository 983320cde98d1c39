"""Ingest: inputs (text, HTML, JSONL, CSV, RSS/Atom, stdin) -> Report records.

Every input that cannot be read becomes a Problem that says what was wrong and what to do;
the good inputs around it are still read.
"""
from .files import read_inputs
from .html import report_from_html
from .language import guess_language
from .text import report_from_text

__all__ = ["read_inputs", "report_from_text", "report_from_html", "guess_language"]
