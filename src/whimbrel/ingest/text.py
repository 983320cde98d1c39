"""Plain text: bytes -> str with honest errors, whitespace and page residue cleaned, -> Report."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources

from ..errors import DateError, InputError
from ..models import Report
from ..settings import Settings
from .language import check_english

#: How much of the start of a file the binary check looks at.
SNIFF_BYTES = 8192

_CONTROL = set(range(0, 32)) - {9, 10, 12, 13} | {127}
# Magic numbers of formats people drop into a folder of reports by mistake, with what to do.
_MAGIC = {
    b"%PDF": ("a PDF document", "Extract its text first, e.g. `pdftotext FILE`"),
    b"PK\x03\x04": ("a ZIP archive or a .docx/.odt document", "Unpack it, or save it as plain text"),
    b"\x1f\x8b": ("a gzip archive", "Unpack it first, e.g. `gunzip FILE`"),
    b"\xd0\xcf\x11\xe0": ("an old Microsoft Office document", "Save it as plain text or HTML"),
}


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode a report's bytes as UTF-8; refuse binary or other encodings instead of guessing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 BOM is unambiguous: decode it
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    check_not_binary(data[:SNIFF_BYTES], origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex().upper()
        raise InputError(
            origin, f"the file is not UTF-8 text (byte 0x{bad} at offset {exc.start} is not valid UTF-8)",
            "Convert it to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` "
            "(use the encoding the file was written in)") from None


def check_not_binary(head: bytes | str, origin: str) -> None:
    """Raise InputError when the start of an input holds NUL bytes or is mostly control bytes."""
    if isinstance(head, str):
        head = head[:SNIFF_BYTES].encode("utf-8", "replace")
    for magic, (what, remedy) in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(origin, f"the input is {what}, not text", remedy)
    controls = sum(1 for b in head if b in _CONTROL)
    if b"\x00" in head or (head and controls / len(head) > 0.1):
        raise InputError(origin, "the input is binary (NUL or control bytes), not text",
                         "Give Whimbrel text, HTML, JSONL, CSV or RSS/Atom files")


@lru_cache(maxsize=1)
def _residue() -> tuple[frozenset[str], frozenset[str]]:
    """(trailing lines, section headers) from data/page_residue.txt."""
    lines, sections = set(), set()
    raw = resources.files("whimbrel").joinpath("data/page_residue.txt").read_text(encoding="utf-8")
    for entry in raw.splitlines():
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.endswith(" ..."):
            sections.add(_residue_key(entry[:-4]))
        else:
            lines.add(_residue_key(entry))
    return frozenset(lines), frozenset(sections)


def _residue_key(line: str) -> str:
    key = re.sub(r"^\d+\s+|\s*\(\d+\)$", "", line.strip().lower())  # "3 Comments", "Comments (3)"
    return re.sub(r"\s+", " ", key).rstrip(":").strip()


def strip_residue(lines: list[str]) -> list[str]:
    """Drop a trailing page-residue section (comments, trackbacks...) and trailing residue lines."""
    trailing, sections = _residue()
    for i, line in enumerate(lines):
        if i > 0 and _residue_key(line) in sections:
            lines = lines[:i]
            break
    while lines and _residue_key(lines[-1]) in trailing | sections:
        lines = lines[:-1]
    return lines


_TERMINAL = tuple('.!?:;"\u201d\u2019)]')


def clean_text(text: str) -> str:
    """Normalise whitespace per line and keep one paragraph a line, without page residue.

    Blank lines separate paragraphs; a line inside a paragraph that carries on the sentence of
    the line before (hard-wrapped text) is joined to it, so sentences are not cut by newlines.
    """
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    joinable = False  # may the next line carry on the last paragraph?
    for raw in text.split("\n"):
        line = " ".join(raw.split())  # also folds tabs and no-break spaces
        if not line:
            joinable = False
            continue
        if joinable and paragraphs and not paragraphs[-1].endswith(_TERMINAL) and (
                line[0].islower() or line[0].isdigit() or paragraphs[-1].endswith(",")):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        joinable = True
    return "\n".join(strip_residue(paragraphs))


def parse_iso_date(value: object) -> dt.date:
    """An ISO date or datetime (YYYY-MM-DD, 2020-05-01T10:00:00Z) -> its date; else DateError."""
    if isinstance(value, str):
        value = value.strip()
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
            try:
                return parse(value)
            except ValueError:
                pass
    raise DateError(f"the date {value!r} is not in the form YYYY-MM-DD")


def report_from_text(text: str, id: str, published: dt.date | None = None, url: str = "",
                     title: str = "", outlet: str = "", origin: str = "", *,
                     settings: Settings | None = None) -> Report:
    """A Report from the text of one article; InputError when it is empty, binary or not English."""
    origin = origin or id
    settings = settings or Settings()
    check_not_binary(text[:SNIFF_BYTES], origin)
    cleaned = clean_text(text)
    if not cleaned:
        raise InputError(origin, "the report is empty (no text, or whitespace only)",
                         "Give a file that holds the text of an article, or leave it out")
    check_english(cleaned, origin, settings.min_english_share)
    return Report(id=str(id), text=cleaned, published=published, url=url or "", title=title or "",
                  outlet=outlet or "", origin=origin)
