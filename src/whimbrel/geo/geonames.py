"""GeoNames dump files: recognising, checking and reading them.

The formats are those of the GeoNames download service (readme.txt there):

- geoname table (allCountries.txt, per-country XX.txt, cities500.txt, or their .zip): 19
  tab-separated columns -- geonameid, name, asciiname, alternatenames (comma-separated),
  latitude, longitude, feature class, feature code, country code, cc2, admin1 code,
  admin2 code, admin3 code, admin4 code, population, elevation, dem, timezone, modification date
- alternateNamesV2.txt: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName,
  isShortName, isColloquial, isHistoric, from, to (10 columns; the older alternateNames.txt
  has the first 8)
- admin1CodesASCII.txt: code ("SY.08"), name, asciiname, geonameid
- admin2Codes.txt: code ("SY.08.1234"), name, asciiname, geonameid

Every row of a file is checked before anything is kept, so a truncated or corrupt file is
refused whole (GazetteerError naming the file and line) and changes nothing.
"""
from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from ..errors import GazetteerError
from .variants import is_latin

GEONAMES, ALTERNATE_NAMES, ADMIN1_CODES, ADMIN2_CODES = "geonames", "alternate-names", "admin1", "admin2"
_COLUMNS = {GEONAMES: (19,), ALTERNATE_NAMES: (8, 10), ADMIN1_CODES: (4,), ADMIN2_CODES: (4,)}
# Feature codes of class S (spots) that conflict reports name as places.
SPOT_CODES = frozenset({"CMP", "CMPRF", "CMPMN", "CMPQ", "AIRP", "AIRB", "AIRF", "AIRH", "INSM",
                        "MILB", "PRN", "BDG", "DAM", "PS", "MKT", "HSP", "SCH", "UNIV", "CSTL",
                        "FT", "CHKP", "RSTN", "BUSTN"})
# Alternate-name "languages" that are codes and links, not names.
NOT_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr",
                           "fr_1793", "phon", "piny", "uncl"})


def kind_of(path: Path) -> str:
    """Which GeoNames table a file holds, from its name (as the download service names them,
    or as `gazetteer import` stores them: "alternate-names-SY.txt", "geonames-SY.txt")."""
    stem = path.name.lower().split(".")[0]
    for kind in (ALTERNATE_NAMES, ADMIN1_CODES, ADMIN2_CODES, GEONAMES):
        if stem.startswith(kind + "-"):
            return kind
    if stem.startswith("alternatenames"):
        return ALTERNATE_NAMES
    if stem.startswith("admin1codes"):
        return ADMIN1_CODES
    if stem.startswith("admin2codes"):
        return ADMIN2_CODES
    return GEONAMES


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """The text of a dump, from a .txt file or from the .txt of the same name inside a .zip."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no such file; give the path of a GeoNames dump "
                             "(allCountries.txt, SY.txt or SY.zip, alternateNamesV2.txt, ...)")
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8", newline="\n") as f:
            yield f
        return
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.namelist() if m.lower().endswith(".txt")
                       and not m.lower().startswith("readme")]
            if not members:
                raise GazetteerError(f"{path}: the archive holds no .txt dump; download the "
                                     "file again from GeoNames")
            wanted = path.stem + ".txt"
            member = wanted if wanted in members else members[0]
            with z.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise GazetteerError(f"{path}: not a readable zip archive ({exc}); the download is "
                             "probably truncated or corrupt: download it again") from None


def rows(path: Path, kind: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of every data row, checked: a row with the wrong number of columns,
    bytes that are not UTF-8, or a file that does not end in a newline (cut short) raise
    GazetteerError."""
    kind = kind or kind_of(path)
    expected = _COLUMNS[kind]
    lineno = 0
    try:
        with open_text(path) as f:
            for lineno, line in enumerate(f, 1):
                if not line.endswith("\n"):
                    raise _bad(path, lineno, "the last line is incomplete: the file was cut short")
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) not in expected:
                    raise _bad(path, lineno, f"{len(cols)} columns where a {kind} dump has "
                                             f"{' or '.join(map(str, expected))}")
                yield lineno, cols
    except UnicodeDecodeError as exc:
        raise _bad(path, lineno + 1, f"bytes that are not UTF-8 ({exc.reason})") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise GazetteerError(f"{path}: could not be read ({exc}); the download is probably "
                             "truncated or corrupt: download it again") from None
    if lineno == 0:
        raise GazetteerError(f"{path}: the file is empty; download it again from GeoNames")


def _bad(path: Path, lineno: int, what: str) -> GazetteerError:
    return GazetteerError(f"{path} line {lineno}: {what}. This is not a complete GeoNames dump "
                          "(truncated or corrupt?); nothing was imported -- download it again")


class GeonameRow(tuple):
    """The columns of a geoname row the index uses, checked."""

    __slots__ = ()

    gid = property(lambda self: self[0])
    name = property(lambda self: self[1])
    names = property(lambda self: self[2])  # name, asciiname, alternate names (Latin script)
    lat = property(lambda self: self[3])
    lon = property(lambda self: self[4])
    feature_class = property(lambda self: self[5])
    feature_code = property(lambda self: self[6])
    iso2 = property(lambda self: self[7])
    admin1_code = property(lambda self: self[8])
    admin2_code = property(lambda self: self[9])
    population = property(lambda self: self[10])


def geoname(path: Path, lineno: int, cols: list[str]) -> GeonameRow:
    try:
        gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
        pop = int(cols[14] or 0)
    except ValueError:
        raise _bad(path, lineno, "an id, coordinate or population that is not a number") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _bad(path, lineno, f"coordinates out of range ({lat}, {lon})")
    if len(cols[8]) not in (0, 2) or len(cols[6]) > 1:
        raise _bad(path, lineno, f"country code {cols[8]!r} / feature class {cols[6]!r} are not "
                                 "GeoNames codes")
    alternates = [a for a in cols[3].split(",") if a and is_latin(a)] if cols[3] else []
    return GeonameRow((gid, cols[1], [cols[1], cols[2], *alternates], lat, lon, cols[6], cols[7],
                       cols[8].upper(), cols[10], cols[11], pop))


def wanted(row: GeonameRow) -> bool:
    """Populated places, and the spots (camps, airports, bases) reports name as places."""
    return row.feature_class == "P" or (row.feature_class == "S" and row.feature_code in SPOT_CODES)


def geonames(path: Path) -> Iterator[GeonameRow]:
    """The checked rows of a geoname-table dump that the index keeps."""
    for lineno, cols in rows(path, GEONAMES):
        row = geoname(path, lineno, cols)
        if wanted(row):
            yield row


def alternate_name(path: Path, lineno: int, cols: list[str]) -> tuple[int, str] | None:
    """(geonameid, name) of an alternate-names row, or None for a historic name, a code, a
    link or a name in another script."""
    try:
        gid = int(cols[1])
    except ValueError:
        raise _bad(path, lineno, "a geonameid that is not a number") from None
    name = cols[3]
    if cols[2] in NOT_LANGUAGES or cols[7] == "1" or not name or len(name) > 80 \
            or not is_latin(name):
        return None
    return gid, name


def alternate_names(path: Path) -> Iterator[tuple[int, str]]:
    for lineno, cols in rows(path, ALTERNATE_NAMES):
        found = alternate_name(path, lineno, cols)
        if found is not None:
            yield found


def first_row_columns(path: Path) -> int:
    """The number of columns of the first data row (0 for an empty file)."""
    try:
        with open_text(path) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    return len(line.rstrip("\r\n").split("\t"))
    except (UnicodeDecodeError, OSError):
        pass  # rows() says what is wrong when the file is read in full
    return 0


def admin_codes(path: Path) -> Iterator[tuple[str, str, str]]:
    """(code, name, ascii name) of an admin1CodesASCII or admin2Codes file."""
    kind = kind_of(path)
    parts = 2 if kind == ADMIN1_CODES else 3
    for lineno, cols in rows(path, kind):
        if len(cols[0].split(".")) != parts or not cols[1]:
            raise _bad(path, lineno, f"{cols[0]!r} is not a {kind} code such as "
                                     f"{'SY.08' if parts == 2 else 'SY.08.1234'}")
        yield cols[0], cols[1], cols[2]
