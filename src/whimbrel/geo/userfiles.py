"""The user's own place data in <data_dir>/gazetteer/: analysts' places and imported GeoNames dumps.

Analysts' places are kept in places.tsv, in the format of data/gazetteer_supplement.tsv, and are
consulted before the packaged data. Imported dumps are checked row by row, cut down to the rows
the index uses, and kept in geonames/; the index is then rebuilt beside the old one and swapped
in only when the build succeeded, so a bad file changes nothing.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import GazetteerError
from ..settings import Settings
from . import geonames as gn
from .build import (ANALYST_FILE, IMPORT_DIR, compile_aside, extra_files, fingerprint,
                    set_fingerprint)
from .gazetteer import gazetteer_dir, index_path
from .variants import name_key

COLUMNS = ("name", "variants", "feature", "population", "iso2", "admin1", "admin2", "lat", "lon",
           "source")
_HEADER = ("# Analysts' own places for Whimbrel's gazetteer, written by `whimbrel places add`.\n"
           "# Same columns as the packaged data/gazetteer_supplement.tsv; variants are "
           "|-separated.\n" + "\t".join(COLUMNS) + "\n")
FEATURES = ("village", "city", "other", "admin1", "admin2")


@dataclass(frozen=True)
class AnalystPlace:
    name: str
    lat: float
    lon: float
    iso2: str
    admin1: str
    admin2: str = ""
    aliases: tuple[str, ...] = ()
    feature: str = "village"
    population: int = 0
    source: str = ""

    def row(self) -> str:
        cells = [self.name, "|".join(self.aliases), self.feature,
                 str(self.population) if self.population else "", self.iso2, self.admin1,
                 self.admin2, f"{self.lat:.6f}", f"{self.lon:.6f}", self.source]
        return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n"


def places_file(settings: Settings) -> Path:
    return gazetteer_dir(settings) / ANALYST_FILE


def list_places(settings: Settings) -> list[AnalystPlace]:
    path = places_file(settings)
    if not path.is_file():
        return []
    out = []
    header: list[str] | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        try:
            out.append(AnalystPlace(rec["name"], float(rec["lat"]), float(rec["lon"]), rec["iso2"],
                                    rec["admin1"], rec["admin2"],
                                    tuple(v for v in rec["variants"].split("|") if v),
                                    rec["feature"] or "village", int(rec["population"] or 0),
                                    rec["source"]))
        except (KeyError, ValueError) as exc:
            raise GazetteerError(f"{path} line {lineno}: {exc!r}; fix or remove that line") from None
    return out


def check(place: AnalystPlace) -> None:
    """Refuse a place that cannot be right, saying why."""
    if not place.name.strip():
        raise GazetteerError("a place needs a name")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise GazetteerError(f"--lat {place.lat} / --lon {place.lon} are not coordinates "
                             "(latitude -90..90, longitude -180..180, decimal degrees)")
    if len(place.iso2) != 2 or not place.iso2.isalpha():
        raise GazetteerError(f"country {place.iso2!r} is unknown; give its name or ISO code")
    if place.feature not in FEATURES:
        raise GazetteerError(f"feature {place.feature!r} is not one of {', '.join(FEATURES)}")


def add_place(settings: Settings, place: AnalystPlace) -> Path:
    """Add (or, for the same name in the same country, replace) an analyst's place."""
    check(place)
    kept = [p for p in list_places(settings)
            if not (name_key(p.name) == name_key(place.name) and p.iso2 == place.iso2)]
    return _write(settings, [*kept, place])


def remove_place(settings: Settings, name: str, iso2: str | None = None) -> int:
    """Remove the analyst's places of that name (in that country); returns how many."""
    places = list_places(settings)
    kept = [p for p in places if not (name_key(p.name) == name_key(name)
                                      and (iso2 is None or p.iso2 == iso2))]
    if len(kept) != len(places):
        _write(settings, kept)
    return len(places) - len(kept)


def _write(settings: Settings, places: Iterable[AnalystPlace]) -> Path:
    path = places_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".places.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_HEADER)
        f.writelines(p.row() for p in places)
    os.replace(tmp, path)
    return path


# -- importing GeoNames dumps -----------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    source: Path
    kind: str
    rows: int  # rows kept for the index
    stored: Path


def stored_name(path: Path, kind: str) -> str:
    """The name a dump is kept under: one file per table and origin ("geonames-SY.txt")."""
    stem = path.name.split(".")[0]
    return f"{kind}-{stem}.txt"


def import_dumps(settings: Settings, paths: list[Path], *, packages: bool = True) -> list[Imported]:
    """Check every file, keep what the index uses, rebuild the index aside and swap it in.
    Any bad file raises GazetteerError before anything is changed. packages=False builds
    without the packaged data (small indexes for tests)."""
    home = gazetteer_dir(settings)
    target = home / IMPORT_DIR
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=home))
    try:
        done: list[Imported] = []
        for path in paths:
            kind = _sniff(path)
            out = staging / stored_name(path, kind)
            done.append(Imported(path, kind, _stage(path, kind, out), target / out.name))
        staged = {i.stored.name: staging / i.stored.name for i in done}
        files = [f for f in extra_files(home) if f.name not in staged or f.parent != target]
        index = index_path(settings)
        tmp = compile_aside(index, files + list(staged.values()), packages=packages)
        try:
            for name, f in staged.items():
                os.replace(f, target / name)
            set_fingerprint(tmp, fingerprint(extra_files(home)))
            os.replace(tmp, index)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return done
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sniff(path: Path) -> str:
    """The table a file holds: by its name, or (a per-country alternate-names XX.zip) by the
    number of columns of its first row."""
    kind = gn.kind_of(path)
    if kind == gn.GEONAMES and gn.first_row_columns(path) in (8, 10):
        return gn.ALTERNATE_NAMES
    return kind


def _stage(path: Path, kind: str, out: Path) -> int:
    """Write the rows of `path` the index uses to `out` (verbatim), checking every row."""
    kept = 0
    with out.open("w", encoding="utf-8", newline="\n") as f:
        if kind in (gn.ADMIN1_CODES, gn.ADMIN2_CODES):
            for code, name, ascii_name in gn.admin_codes(path):
                f.write(f"{code}\t{name}\t{ascii_name}\t0\n")
                kept += 1
            return kept
        for lineno, cols in gn.rows(path, kind):
            if kind == gn.GEONAMES and not gn.wanted(gn.geoname(path, lineno, cols)):
                continue
            if kind == gn.ALTERNATE_NAMES and gn.alternate_name(path, lineno, cols) is None:
                continue
            f.write("\t".join(cols) + "\n")
            kept += 1
    return kept
