"""The offline gazetteer: lookups over one SQLite file compiled once (see build.py).

The index lives in settings.cache_dir and is rebuilt only when what it was built from changes
(the packages' versions, the supplement, the user's files in <data_dir>/gazetteer/). Lookups are
indexed key matches, well under a millisecond.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import GazetteerError
from ..settings import Settings
from .build import BUILD_VERSION, build, extra_files, fingerprint
from .variants import name_key, skeleton

__all__ = ["BUILD_VERSION", "Candidate", "Gazetteer", "build", "extra_files", "index_path",
           "gazetteer_dir"]

# A skeleton match counts only when the spellings are this similar (rapidfuzz ratio, 0-100).
VARIANT_MIN_SIMILARITY = 80
LOOKUP_CACHE = 8192  # lookups kept per open index (a few MB; at most 40 entries each)


@dataclass(slots=True, frozen=True)
class Candidate:
    """One gazetteer entry that a looked-up name matched. `match`: name | alias | variant."""

    name: str
    feature: str  # city | village | admin1 | admin2 | country | other
    population: int
    country_iso2: str
    admin1: str
    admin2: str
    lat: float | None
    lon: float | None
    match: str = "name"
    place_id: int = 0
    admin1_id: int = 0  # the admin1 place row, 0 when unknown
    admin2_id: int = 0
    seat_id: int = 0  # for admin areas and countries: the main town (capital or largest city)
    source: str = ""
    gid: int = 0  # GeoNames id, 0 when unknown


_COLS = "p.id, p.name, p.feature, p.population, p.iso2, p.admin1, p.admin2, p.lat, p.lon, " \
        "p.admin1_id, p.admin2_id, p.seat_id, p.source, p.gid"
_NCOLS = 14


def gazetteer_dir(settings: Settings) -> Path:
    """Where the user's own place files live: analysts' places, imported GeoNames dumps."""
    return Path(settings.data_dir) / "gazetteer"


def index_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / f"gazetteer-v{BUILD_VERSION}.sqlite"


class Gazetteer:
    """Read-only lookups over the compiled index. Open with `Gazetteer.open(settings)`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        # One connection per thread: sqlite3 connections must not cross threads by default.
        self._local = threading.local()
        # A corpus names the same places again and again; the index is read-only, so answers
        # can be kept.
        self._lookup_cached = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup)

    # -- opening and building -------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None, *, path: str | Path | None = None,
             rebuild: bool = False) -> "Gazetteer":
        """Open the index in settings.cache_dir (or `path`), building it first when needed.
        Files in <settings.data_dir>/gazetteer/ (see `extra_files`) are compiled in as well."""
        default = path is None
        if path is None:
            settings = settings or Settings()
            path = index_path(settings)
        extra_dir = gazetteer_dir(settings) if settings is not None else None
        path = Path(path)
        if rebuild or stored_fingerprint(path) != fingerprint(extra_files(extra_dir)):
            build(path, extra_dir)
            if default:  # indexes of older versions are never read again: free the space
                for old in path.parent.glob("gazetteer-v*.sqlite"):
                    if old != path:
                        old.unlink(missing_ok=True)
        return cls(path)

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            except sqlite3.Error as exc:
                raise GazetteerError(f"cannot open the gazetteer index {self.path} ({exc}); "
                                     "delete it and run again to rebuild it") from None
            self._local.db = db
        return db

    # -- lookups ----------------------------------------------------------------------------
    def lookup(self, name: str, country_iso2: str | None = None, *, fuzzy: bool = True,
               limit: int = 40) -> list[Candidate]:
        """Entries a name may refer to, best first: exact name, then alias, then spelling
        variant (consonant skeleton plus a similarity check); within each, most populous first."""
        return list(self._lookup_cached(name, country_iso2, fuzzy, limit))

    def _lookup(self, name: str, country_iso2: str | None, fuzzy: bool, limit: int) -> tuple[Candidate, ...]:
        key = name_key(name)
        if not key:
            return ()
        iso = country_iso2.upper() if country_iso2 else None
        where, args = "n.key = ?", [key]
        if iso:
            where, args = where + " AND p.iso2 = ?", args + [iso]
        rows = self._db.execute(
            f"SELECT {_COLS}, n.kind, n.key FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE {where}", args).fetchall()
        found = [_candidate(r[:_NCOLS], "name" if r[_NCOLS] == 0 else "alias") for r in rows]
        if not found and fuzzy:
            found = self._variants(key, iso)
        return tuple(_rank(found)[:limit])

    def _variants(self, key: str, iso: str | None) -> list[Candidate]:
        from rapidfuzz import fuzz
        skel = skeleton(key, is_key=True)
        if len(skel.replace(" ", "")) < 3:  # two consonants match far too much
            return []
        where, args = "n.skel = ?", [skel]
        if iso:
            where, args = where + " AND p.iso2 = ?", args + [iso]
        rows = self._db.execute(
            f"SELECT {_COLS}, n.kind, n.key FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE {where} LIMIT 500", args).fetchall()
        # Unrelated names share skeletons ("Hama"/"Homa"/"Hamm"): keep close spellings only.
        return [_candidate(r[:_NCOLS], "variant") for r in rows
                if fuzz.ratio(key, r[_NCOLS + 1]) >= VARIANT_MIN_SIMILARITY]

    def places_in_admin1(self, admin1_id: int) -> list[Candidate]:
        """Every entry of one first-level area (its districts and towns), by main name."""
        rows = self._db.execute(f"SELECT {_COLS} FROM places p WHERE p.admin1_id = ?",
                                (admin1_id,)).fetchall()
        return [_candidate(r, "variant") for r in rows]

    def get(self, place_id: int) -> Candidate | None:
        row = self._db.execute(f"SELECT {_COLS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return _candidate(row, "name") if row else None

    def admin1_of_country(self, country_iso2: str) -> list[Candidate]:
        """The first-level administrative areas of a country, most populous first."""
        return self._by_feature("admin1", country_iso2)

    def admin2_of(self, admin1_id: int) -> list[Candidate]:
        rows = self._db.execute(f"SELECT {_COLS} FROM places p WHERE p.admin1_id = ? "
                                "AND p.feature = 'admin2' ORDER BY p.population DESC",
                                (admin1_id,)).fetchall()
        return [_candidate(r, "name") for r in rows]

    def countries(self) -> list[Candidate]:
        """One entry per country, located at its capital."""
        return self._by_feature("country", None)

    def _by_feature(self, feature: str, iso: str | None) -> list[Candidate]:
        sql, args = f"SELECT {_COLS} FROM places p WHERE p.feature = ?", [feature]
        if iso:
            sql, args = sql + " AND p.iso2 = ?", args + [iso.upper()]
        rows = self._db.execute(sql + " ORDER BY p.population DESC", args).fetchall()
        return [_candidate(r, "name") for r in rows]

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT k, v FROM meta").fetchall())


def _candidate(row: tuple, match: str) -> Candidate:
    (pid, name, feature, pop, iso2, a1, a2, lat, lon, a1id, a2id, seat, source, gid) = row
    return Candidate(name, feature, pop or 0, iso2 or "", a1 or "", a2 or "", lat, lon, match,
                     pid, a1id or 0, a2id or 0, seat or 0, source or "", gid or 0)


_MATCH_ORDER = {"name": 0, "alias": 1, "variant": 2}


def _rank(found: Iterable[Candidate]) -> list[Candidate]:
    best: dict[int, Candidate] = {}
    for c in found:  # a place matched through several names keeps its best match
        old = best.get(c.place_id)
        if old is None or _MATCH_ORDER[c.match] < _MATCH_ORDER[old.match]:
            best[c.place_id] = c
    # The analysts' own places come first: they know their area better than the packaged data.
    return sorted(best.values(), key=lambda c: (c.source != "analyst", _MATCH_ORDER[c.match],
                                                -c.population))


def stored_fingerprint(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT v FROM meta WHERE k = 'fingerprint'").fetchone()
        db.close()
        return row[0] if row else None
    except sqlite3.Error:
        return None  # unreadable or half-written: rebuild
