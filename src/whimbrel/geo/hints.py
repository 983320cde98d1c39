"""The admin areas a writer puts beside a place name ("Nihm (Sanaa)", "X district, Balkh",
"Bankass, Mopti"): reading them from the text, finding the areas they stand for, and keeping
the candidates that lie inside them. The resolver (resolve.py) weighs what is left."""
from __future__ import annotations

import re
from typing import Callable

from rapidfuzz import fuzz, process

from ..models import Toponym
from .distance import km
from .gazetteer import Candidate, Gazetteer
from .variants import name_key, split_kind_word

SETTLEMENTS = ("city", "village", "other")
ADMINS = ("admin1", "admin2")
# "northern Helmand", "the outskirts of Aleppo": words around a name that are not part of it.
DIRECTION = re.compile(r"^(?:the\s+)?(?:(?:north|south|east|west|central|upper|lower)"
                       r"(?:ern)?(?:[- ](?:east|west)(?:ern)?)?|rural|greater|downtown)\s+", re.I)
BRACKET = re.compile(r"^(.*?)\s*\(([^()]+)\)?\s*$")  # the ")" may be outside the name
HINT_TOWN_KM = 40.0  # "X (Town)": X within this distance of the town
HINT_AREA_KM = 60.0  # of areas of one name in a hint, those this near its other parts
NEW_DISTRICT_KM = 75.0  # "X (District)": X in a district split off it, this close to its seat
HINT_TOWN_POPULATION = 5000  # smaller namesakes of an admin area are not taken as the hint
MISSPELT_MIN_SIMILARITY = 85  # a name this close to one inside the areas written beside it is that one
MISSPELT_MIN_LETTERS = 5  # shorter names are too close to too many others
_SPELLINGS_KEPT = 32  # provinces whose spellings are kept for the next misspelt name
_TWIN_WORDS = frozenset({"new", "old", "nuevo", "nueva", "viejo", "vieja"})
MISPLACED_TOWN_POPULATION = 100_000  # a town this large is itself even when the hint disagrees
SEAT_POPULATION = 10_000


def with_bracket_hint(top: Toponym) -> Toponym:
    """"Nameless Hills (Tartar Region)": the bracket is an admin hint when none was given."""
    m = BRACKET.match(top.name)
    if not m or not m.group(1):
        return top
    # "Srimantapur (Sepahijala district, Tripura)" taken up to the comma: both halves count.
    hint = ", ".join(filter(None, [m.group(2).strip(), top.admin_hint])) if not m.group(0).endswith(")") \
        else top.admin_hint or m.group(2).strip()
    return Toponym(m.group(1), top.relation, hint, top.start, top.end)


def area_options(hint: str) -> list[tuple[Toponym, str, bool]]:
    """The areas written beside a name as fallbacks, each with the wider ones after it as its
    own hint: "Malakhyano of Arghandab district, Zabul" falls back to the Arghandab in Zabul."""
    parts = hint_parts(hint)
    options = []
    for i, p in enumerate(parts):
        if parts[i + 1:]:
            options.append((Toponym(p, relation="region", admin_hint=", ".join(parts[i + 1:])),
                            f"placed in {p!r}", False))
        # ... and then outside them, if the name is found in one spot only: the writer may have
        # the wider area wrong ("Zhari district, Balkh": Zhari is in Kandahar).
        # The wider areas still say which country ("the Court in La Candelaria, Bogota" is not
        # the La Candelaria of Argentina).
        options.append((Toponym(p, relation="region", admin_hint=", ".join(parts[i + 1:])),
                        f"placed in {p!r}", bool(parts[i + 1:])))
    return options


def _beside_the_others(areas: list[Candidate], others: list[Candidate]) -> list[Candidate]:
    """Of the areas a hint part may stand for, those near what the other parts name: "Petare,
    Sucre municipality in Caracas" is the Sucre of Miranda, not one of nine others."""
    near = [a for a in areas if a.lat is not None
            and any(km(a.lat, a.lon, o.lat, o.lon) <= HINT_AREA_KM for o in others)]
    return near or areas


def hint_parts(hint: str) -> list[str]:
    """"Macomia, Cabo Delgado" -> ["Macomia", "Cabo Delgado"]: the most specific area first,
    as written; "coded as" and parts with figures are dropped."""
    parts = []
    for p in (hint or "").split(","):
        p = re.sub(r"^\s*(?:coded (?:as|in|at)|coordinates for)\s+", "", p, flags=re.I).strip(" .;:")
        if p and not re.search(r"\d", p) and len(p) <= 60:
            parts.append(p)
    return parts


def bare(name: str) -> str:
    """A name without direction and kind words: "eastern Kunar province" -> "Kunar"."""
    return split_kind_word(DIRECTION.sub("", name.strip()))[0]


def inside(c: Candidate, area: Candidate) -> bool:
    """Whether candidate c lies in the area (or, for a town given as the hint, near it)."""
    if area.feature in SETTLEMENTS:
        return c.lat is not None and km(c.lat, c.lon, area.lat, area.lon) <= HINT_TOWN_KM
    if area.place_id in (c.admin1_id, c.admin2_id, c.place_id):
        return True
    # Towns with no district recorded (all of Syria's): same province and close to the
    # district's main town; towns of districts split off since (Tirupati, in Chittoor until
    # 2022): same province and a little farther.
    if area.feature != "admin2" or c.admin1_id != area.admin1_id or c.lat is None or area.lat is None:
        return False
    return km(c.lat, c.lon, area.lat, area.lon) <= (HINT_TOWN_KM if not c.admin2_id else NEW_DISTRICT_KM)


def inside_hint(cands: list[Candidate], levels: list[list[Candidate]], widen: bool) -> list[Candidate]:
    """The candidates inside the most specific hint area that holds any: "Bahawalpur city
    (Multan, Punjab)" is in Punjab though not in Multan. When none is inside any, a large
    town of exactly that name: "Mariupol, Zaporizhia" is the writer's slip, not a village."""
    for i, areas in enumerate(levels if widen else levels[:1]):
        # In a wider area than the one written first only the exact name is taken: "Rajganj
        # (Jalpaiguri district, West Bengal)" is not Raiganj elsewhere in the state.
        # Nor the wider area itself: "Sanaa (Nihm, Sanaa)" is not Sanaa governorate.
        held = [c for c in cands if any(inside(c, a) for a in areas) and (i == 0 or (
            c.match == "name" and all(c.place_id != a.place_id for a in areas)))]
        # A town recorded in the area beats one only near it (Navsari was split off Surat: its
        # Bilimora, also called Mora, is not the Mora of "Mora village (Surat, Gujarat)").
        recorded = [c for c in held if any(a.place_id in (c.admin1_id, c.admin2_id) and a.place_id != c.place_id
                                           for a in areas)]
        if recorded:
            return recorded
        if held:
            return held
    if not widen:
        return []
    exact = [c for c in cands if c.match == "name" and c.feature in SETTLEMENTS]
    big = [c for c in exact if c.population >= MISPLACED_TOWN_POPULATION]
    if len(big) == 1 and all(c is big[0] or 50 * rank_population(c) < big[0].population for c in exact):
        return big
    return []


def rank_population(c: Candidate) -> int:
    """Population for ranking. GeoNames often has none for district seats (Tall Abyad): a town
    named as its district is taken as a town of 10,000; a hand-entered place as 1,000."""
    if c.population:
        return c.population
    if c.feature in SETTLEMENTS and c.admin2 and name_key(c.admin2) == name_key(c.name):
        return SEAT_POPULATION
    return 1000 if c.source in ("supplement", "analyst") else 0


class AreaHints:
    """Finds the areas a hint stands for in a gazetteer. `neighbours(a, b)` says whether two
    countries (iso2) are close enough for a report on one to name the other's areas."""

    def __init__(self, gazetteer: Gazetteer, neighbours: Callable[[str, str], bool]):
        self.gaz = gazetteer
        self.neighbours = neighbours
        self._spellings: dict[int, tuple[list[Candidate], list[str], list[str], list[str]]] = {}

    def admin_hint(self, hint: str, iso: str | None) -> tuple[str | None, list[list[Candidate]]]:
        """The country, or the areas, an admin hint stands for, most specific part first
        ("Bankass, Mopti": Bankass district if known, then Mopti). Areas with no known town in
        them (and so no way to tell what lies inside) are left out."""
        parts = hint_parts(hint)
        hint_iso = None
        for part in reversed(parts):  # a country, if named, is the last part
            found = [c for c in self.gaz.lookup(bare(part), fuzzy=False) if c.feature == "country"]
            if found and iso and found[0].country_iso2 != iso and any(
                    c.feature == "admin1" and c.match == "name"
                    for c in self.gaz.lookup(bare(part), iso, fuzzy=False)):
                break  # "Rafi LGA (Niger)" in a report on Nigeria: Niger State, not the country
            if found:
                hint_iso = found[0].country_iso2
                parts.remove(part)
                break
        iso = hint_iso or iso
        found = self.levels(parts, iso)
        # "Aghbulag, Tovuz" in a report the hint put in Armenia: Berd was once called Tovuz, but
        # an area of exactly that name in one neighbouring country is the likelier meaning (not
        # so Burkina Faso's Sud-Ouest for Cameroon's South-West).
        only_aliases = found and all(a.match != "name" for a in found[0])
        if (not found or only_aliases) and iso and not hint_iso:
            # "Pamplona, Norte de Santander" in a report the country hint put in Spain: areas
            # that exist in one other country only say the place is there.
            elsewhere = self.levels(parts, None)
            if only_aliases:
                elsewhere = [[a for a in level if a.match == "name" and a.country_iso2 != iso
                              and self.neighbours(a.country_iso2, iso)] for level in elsewhere[:1]]
            if elsewhere and elsewhere[0] and len({a.country_iso2 for a in elsewhere[0]}) == 1 \
                    and any(a.feature in ADMINS for a in elsewhere[0]):
                return elsewhere[0][0].country_iso2, elsewhere[:1]
        return hint_iso, found

    def misspelt_inside(self, name: str, areas: list[Candidate]) -> list[Candidate]:
        """Entries of the areas written beside a name whose own name is a near spelling of it,
        closest first: "Bato Kot district, Nangarhar" is Bati Kot, "Dadeiba, Antioquia" is
        Dabeiba. Searched only inside named districts and provinces, where few names compete;
        across a country a one-letter slip finds a namesake as often as the place."""
        key = name_key(name)
        if len(key.replace(" ", "")) < MISSPELT_MIN_LETTERS:
            return []
        scored: list[tuple[float, Candidate]] = []
        for area in areas:
            if area.feature not in ADMINS:
                continue
            entries, keys, glued, cores = self._spellings_in(area.admin1_id or area.place_id)
            # Spaces count for nothing ("Kotdiji" is Kot Diji), nor does the "New" or "Old"
            # that tells a town from its twin ("Badah town, Larkana" is New Badah).
            best: dict[int, float] = {}
            for query, choices in ((key, keys), (key.replace(" ", ""), glued), (key, cores)):
                for _, ratio, i in process.extract(query, choices, scorer=fuzz.ratio, limit=None,
                                                   score_cutoff=MISSPELT_MIN_SIMILARITY):
                    best[i] = max(best.get(i, 0.0), ratio)
            scored += [(ratio, entries[i]) for i, ratio in best.items()
                       if entries[i].place_id != area.place_id and inside(entries[i], area)]
        scored.sort(key=lambda rc: -rc[0])
        return [c for ratio, c in scored if ratio == scored[0][0]] if scored else []

    def _spellings_in(self, admin1_id: int) -> tuple[list[Candidate], list[str], list[str], list[str]]:
        """The entries of a province with their lookup keys, run-together keys and keys without
        "New"/"Old", kept for the provinces last searched."""
        if admin1_id not in self._spellings:
            entries = self.gaz.places_in_admin1(admin1_id)
            keys = [name_key(c.name) for c in entries]
            cores = [" ".join(w for w in k.split() if w not in _TWIN_WORDS) for k in keys]
            if len(self._spellings) >= _SPELLINGS_KEPT:
                self._spellings.pop(next(iter(self._spellings)))
            self._spellings[admin1_id] = (entries, keys, [k.replace(" ", "") for k in keys], cores)
        return self._spellings[admin1_id]

    def lookup_written(self, name: str, iso: str | None, limit: int = 40) -> list[Candidate]:
        """Exact entries for a name as written, without its kind word; without a direction word
        only when the whole is unknown ("Eastern Cape" is a province, "eastern Kunar" is Kunar)."""
        return (self.gaz.lookup(split_kind_word(name)[0], iso, fuzzy=False, limit=limit)
                or self.gaz.lookup(bare(name), iso, fuzzy=False, limit=limit))

    def levels(self, parts: list[str], iso: str | None) -> list[list[Candidate]]:
        """The areas each hint part stands for, most specific first; parts the gazetteer does not
        know as areas are left out."""
        # "Eastern Cape", "North Darfur": a direction word that is part of the area's name.
        found_parts = [self.lookup_written(part, iso) for part in parts]
        levels: list[list[Candidate]] = []
        slips: list[list[Candidate]] = []
        for i, found in enumerate(found_parts):
            areas = [c for c in found if c.feature in ADMINS and c.seat_id]
            # A town as the hint ("X (Kabul)") only when no area has the name, and a real town.
            areas = areas or [c for c in found if c.feature in SETTLEMENTS
                              and c.population >= HINT_TOWN_POPULATION]
            # "Lagunillas, Merida": the Lagunillas in Merida, when a later part is a province;
            # "East London (Buffalo City, Eastern Cape)": no Buffalo City in Eastern Cape is
            # known, so the part is passed over for the province rather than taken abroad.
            wider = {c.place_id for later in found_parts[i + 1:] for c in later if c.feature == "admin1"}
            if wider and any(a.admin1_id in wider for a in areas):
                areas = [a for a in areas if a.admin1_id in wider]
            elif wider:
                # "Buni Yadi (Gujba LGA, Borno)": Gujba is in Yobe; tried last, and only in the
                # report's country.
                slips += [areas] if areas and iso else []
                continue
            if len(areas) > 1:
                areas = _beside_the_others(areas, [c for j, other in enumerate(found_parts) if j != i
                                                   for c in other if c.lat is not None])
            if areas:
                levels.append(areas)
        return levels + slips
