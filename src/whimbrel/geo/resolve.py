"""Toponym -> Place: picks one gazetteer entry for the place a sentence ties an event to.

Order of evidence: the admin area written beside the name ("Nihm (Sanaa)") must contain the
place; the report's country; the kind of place the text asks for (a town unless it says
province/district); closeness to the other places the report names; then population. A name
that cannot be placed gives (None, note), never a guess.
"""
from __future__ import annotations

import dataclasses
import math
import re
from functools import lru_cache
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz

from ..models import Place, Toponym
from .countries import country_table
from .distance import km, km_to_line
from .gazetteer import VARIANT_MIN_SIMILARITY, Candidate, Gazetteer
from .hints import (ADMINS, DIRECTION, HINT_TOWN_POPULATION, MISPLACED_TOWN_POPULATION, SETTLEMENTS, AreaHints,
                    bare, hint_parts, inside, inside_hint, rank_population, with_bracket_hint)
from .fallbacks import fallbacks, other_end
from .variants import kind_feature, name_key, split_kind_word

_NEAR_SUFFIX = re.compile(r"\s+(?:countryside|outskirts|suburbs|environs|area|surroundings|front|frontline|axis)$", re.I)
CONTEXT_KM = 60.0  # another place the report names within this distance supports a candidate
ABROAD_MIN_POPULATION = 100_000  # a town outside the report's country must be this large
NO_COUNTRY_POPULATION = 5000
NEIGHBOUR_KM = 1500.0  # capitals this close: countries whose reports name each other's towns
KM_SAME_SPOT = 25.0  # entries of one name this close are one place (a district and its seat)
FRONT_KM = 20.0  # a namesake this close to a theatre's line of contact is preferred
FRONT_REACH_KM = 60.0  # fighting on a theatre's line of contact is never placed farther from it
# An alias this far (a spelling variant: CONTEXT_KM) from every other place the mention names is
# a namesake.
FAR_KM = 200.0  # with no country known, smaller towns are too likely namesakes
MISPLACED_MIN_POPULATION = 5000  # a town this large is itself, though written in the wrong area
MISSPELT_DISTRICT_SIMILARITY = 85  # rapidfuzz ratio: "Gujiba" for Gujba
KNOWN_TOWN_POPULATION = 20_000  # a town this large is a place even where the model sees an organisation
MAX_CONTEXT = 10  # other names of the report looked at, at most
MIN_COUNTRY_VOTE = 0.9  # the names must point to one country at least this strongly ...
STRONG_COUNTRY = 2.0  # ... and this strongly to be tried against the report's own country
# What a name found in a country says for that country (towns: 0.5-1.5 by population).
_COUNTRY_VOTE = {"country": 4.0, "admin1": 2.5, "admin2": 1.8, "other": 1.5}


class Geocoder:
    """Resolves a sentence's toponyms against a Gazetteer. Stateless apart from what it is given."""

    def __init__(self, gazetteer: Gazetteer, countries: Any = None,
                 theatres: Iterable[tuple[str, str]] | None = None):
        self.gaz = gazetteer
        self.hints = AreaHints(gazetteer, self._neighbours)
        if countries is None:
            from .countries import CountryIndex
            countries = CountryIndex.load()
        self.country_of = country_table(countries)
        self._countries = countries
        self._capitals: dict[str, tuple[float, float] | None] = {}
        # The points a context name stands for, asked for again and again across a corpus.
        self._name_points = lru_cache(maxsize=8192)(self._name_points_uncached)
        # (iso2, admin1 key) of the provinces where armed conflict is under way: of two
        # namesakes in a country, the one there is the likelier place of a conflict event.
        # iso2 -> points of a theatre's line of contact: of namesakes, the one near it.
        self._front_lines: dict[str, list[tuple[float, float]]] = {}
        if theatres is None:
            theatres, self._front_lines = self._load_theatres()
        self._theatres = frozenset(theatres)

    def _load_theatres(self) -> tuple[list[tuple[str, str]], dict[str, list[tuple[float, float]]]]:
        """The provinces and lines of contact of data/theatres.yaml (the conflict theatres the
        extraction knows)."""
        from ..resources import data_yaml
        provinces: list[tuple[str, str]] = []
        lines: dict[str, list[tuple[float, float]]] = {}
        for t in (data_yaml("theatres.yaml") or {}).get("theatres", []):
            iso = self.country_iso2(str(t.get("country", ""))) if t.get("country") else None
            if not iso:
                continue
            provinces += [(iso, name_key(str(a))) for a in t.get("admin1") or []]
            if t.get("front_line"):
                lines[iso] = [(float(a), float(b)) for a, b in t["front_line"]]
        return provinces, lines

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, toponyms: Sequence[Toponym], country_hint: str | None = None,
                nearby: Iterable[str] = (), firm: bool = False, front: bool = False
                ) -> tuple[Place | None, str]:
        """The Place of the first toponym (the one the event is tied to); the rest and `nearby`
        (other places the report names) are context. Falls back to the admin areas written
        beside it, then to the next toponym, saying so in the note. With no country hint, or one
        that nothing named here fits, the country is inferred from the names themselves ("Tieba
        (Bankass, Mopti)" is in Mali). When nothing can be placed the result is (None, note), or
        a Place with only the country filled when the country is known. A `firm` hint (the
        feed's configured country) is never traded for the country the names point to when
        nothing is found in it. With `front` (fighting in a theatre with a line of contact), a
        town far from that line is a namesake, not the place fought over."""
        if not toponyms:
            return None, "no place named"
        tops = [self._split_run(with_bracket_hint(t)) for t in toponyms]
        nearby = [n for n in nearby if n][:MAX_CONTEXT]
        hinted = self.country_iso2(country_hint) if country_hint else None
        inferred, strength = self.infer_country(tops, nearby)
        isos: list[str | None] = [hinted] if hinted else []
        if inferred and inferred != hinted and (not hinted or strength >= STRONG_COUNTRY):
            isos.append(inferred)  # tried after the report's own country, kept if it does better
        best: tuple[int, Place | None, str] | None = None
        for iso in isos or [None]:
            rank, place, note = self._resolve_in(tops, iso, nearby, front)
            if best is None or rank < best[0]:
                best = (rank, place, note)
            if rank == 0:
                break
        assert best is not None
        unplaced = best[0] == 3 or best[0] == 2 and best[2].startswith("could not place")
        if unplaced and hinted and not firm and not front and not re.search(r"\d", tops[0].name):
            # "arrested in Mogilev" in a report that names Russia more: nothing named here is in
            # the hinted country, and the names themselves point to another, however weakly:
            # a neighbour, or one where the name is written exactly so ("Tarinkot district" in a
            # report on US airstrikes), not a faraway alias ("Hamas" is no Hamm) nor a numbered
            # landmark ("Mine 6/7").
            # Countries named beside it were tried already ("rallied in Souda against refugees
            # from the war in Libya being sent to Crete"): the other names decide.
            own, _ = self.infer_country([t for t in tops if not self._is_country(t.name)] or tops[:1],
                                        (), min_vote=0.0)
            if own is None:
                # Known only by a spelling variant ("Qalqiliyah" for Qalqilyah), in one country.
                spelled = {c.country_iso2 for c in self.gaz.lookup(tops[0].name, None)}
                own = spelled.pop() if len(spelled) == 1 else None
            if own and own not in isos and (self._neighbours(own, hinted) or any(
                    c.match == "name" and c.population >= NO_COUNTRY_POPULATION
                    for c in self.hints.lookup_written(tops[0].name, own))):
                rank, place, note = self._resolve_in(tops, own, nearby, front)
                if rank < 3:
                    best = (rank, place, note)
        return best[1], best[2]

    def known_town(self, name: str) -> bool:
        """Whether a name is written exactly so for a province, district or sizeable town
        somewhere: a name the text uses as an organisation's may still be that place."""
        return any(c.match == "name" and (c.feature in ADMINS or c.feature in SETTLEMENTS
                                          and c.population >= KNOWN_TOWN_POPULATION)
                   for c in self.gaz.lookup(name, fuzzy=False))

    def _is_country(self, name: str) -> bool:
        return any(c.feature == "country" for c in self.gaz.lookup(bare(name), fuzzy=False))

    def _neighbours(self, a: str, b: str) -> bool:
        """Whether two countries' capitals lie within NEIGHBOUR_KM: a report about one often
        names the other's towns (Belarus and Russia, Syria and Turkey), a far one's seldom."""
        pa, pb = self._capital_point(a), self._capital_point(b)
        return pa is not None and pb is not None and km(*pa, *pb) <= NEIGHBOUR_KM

    def _capital_point(self, iso: str) -> tuple[float, float] | None:
        if iso not in self._capitals:
            country = self._countries.by_iso2(iso)
            towns = [c for c in self.gaz.lookup(country.capital, iso, fuzzy=False)
                     if c.lat is not None and c.feature in SETTLEMENTS] if country and country.capital else []
            self._capitals[iso] = (towns[0].lat, towns[0].lon) if towns else None
        return self._capitals[iso]

    def _split_run(self, top: Toponym) -> Toponym:
        """"Tijuana Baja California": a run of words the parser took as one name, that is a
        name followed by its province or country, becomes the name with that as its hint; so
        do "X, Y" and, when the whole is unknown, "X of Y"."""
        head, comma, rest = top.name.partition(",")
        if comma and head.strip() and rest.strip():  # "Contulmo, Biobio" taken as one name
            return Toponym(head.strip(), top.relation, ", ".join(filter(None, [rest.strip(), top.admin_hint])),
                           top.start, top.end)
        words = top.name.split()
        if len(words) < 2 or self.gaz.lookup(top.name, fuzzy=False, limit=1) or self.gaz.lookup(
                split_kind_word(top.name)[0], fuzzy=False, limit=1):
            return top  # a known name, maybe with its kind word: "Port of Spain city"
        quarter, of, town = top.name.partition(" of ")
        if of and quarter[:1].isupper() and town[:1].isupper():
            # "Zandakai of Arghandab district": a hamlet of the district written after it.
            return Toponym(quarter, top.relation, ", ".join(filter(None, [town, top.admin_hint])),
                           top.start, top.end)
        for k in range(1, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if any(c.feature in ("admin1", "country") for c in self.gaz.lookup(tail, fuzzy=False)):
                hint = ", ".join(filter(None, [tail, top.admin_hint]))
                return Toponym(head, top.relation, hint, top.start, top.end)
        return top

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

    def infer_country(self, toponyms: Sequence[Toponym], nearby: Sequence[str] = (),
                      min_vote: float = MIN_COUNTRY_VOTE) -> tuple[str | None, float]:
        """The country the names point to, and how strongly. Each name votes for the countries
        it exists in, divided among them (a name found in one country only is good evidence);
        country and admin-area names weigh more than towns, the event's own place and the
        areas beside it more than the report's other places."""
        votes: dict[str, float] = {}
        names: list[tuple[str, float]] = []
        for i, t in enumerate(toponyms[:MAX_CONTEXT]):
            weight = 1.0 if i == 0 else 0.6
            names.append((t.name, weight))
            names += [(part, weight) for part in hint_parts(t.admin_hint)]
        names += [(n, 0.3) for n in nearby]
        for name, weight in names:
            per: dict[str, float] = {}
            for c in self.hints.lookup_written(name, None, limit=200):
                w = _COUNTRY_VOTE.get(c.feature) or (0.5 + min(math.log10(c.population + 1), 7) / 7)
                if w > per.get(c.country_iso2, 0.0):
                    per[c.country_iso2] = w
            for iso, w in per.items():
                votes[iso] = votes.get(iso, 0.0) + weight * w / math.sqrt(len(per))
        if not votes:
            return None, 0.0
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        (iso, top), runner = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        if top < min_vote or top < 1.5 * runner:
            return None, 0.0
        return iso, top

    # -- all toponyms of a mention, in one country -------------------------------------------------
    def _resolve_in(self, tops: list[Toponym], iso: str | None, nearby: list[str], front: bool = False
                    ) -> tuple[int, Place | None, str]:
        """(rank, place, note): rank 0 when the first toponym was placed, 1 for a fallback to
        a town or area, 2 to a country named in the mention, 3 when only the country hint (or
        nothing) is known."""
        first, first_key = tops[0], name_key(tops[0].name)
        road_end = other_end(first.name)  # "the Tripoli-Beirut highway": Beirut is context
        context = [t.name for t in tops[1:]] + road_end + nearby
        # The name itself, written again, says nothing of which of its namesakes it is ("in
        # Bate village ... between Bate village and").
        points = self._points([n for n in context if name_key(n) != first_key], iso)
        # The places this mention itself names beside the first: a spelling variant or alias
        # far from all of them is a namesake ("Vodyane, Donetsk" is not the one in Lviv).
        anchors = self._points([t.name for t in tops[1:] if name_key(t.name) != first_key]
                               + road_end + hint_parts(first.admin_hint), iso)
        place = self._resolve_one(first, iso, points, anchors, front=front)
        if place is not None and place.feature in ("admin1", "admin2"):
            # "in Istria, near Kanfanar": a town the mention names inside the area is nearer.
            place = self._town_inside(place, tops[1:], iso, points) or place
        if place is not None and place.feature != "country":
            return 0, place, ""
        # A country named first ("forces of Armenia fired at ... Goyali, Gadabay") is the place
        # only when the mention names nothing more precise.
        named_country = place
        if place is None and self._hint_may_be_wrong(first, iso, points):
            # Writers misplace towns and districts ("Puerto Natales (Los Lagos)", "Darqad
            # district, Nangarhar"): a name found exactly, in one spot of the country, outside
            # the areas written beside it is that place if it is a district or a sizeable town.
            elsewhere = self._resolve_one(first, iso, points, (), unique=True, front=front,
                                          min_population=MISPLACED_MIN_POPULATION) \
                or self._filed_under_written_district(first, iso)
            if elsewhere is not None:
                return 0, elsewhere, ""
        note = f"could not place {first.name!r}" if place is None else ""
        narrowest = (self.hints.admin_hint(first.admin_hint, iso)[1] or [[]])[0]
        road_points = self._points(road_end, iso)
        country_level: tuple[Place, str] | None = None
        points_without: dict[str, list[tuple[float, float]]] = {}
        for option in fallbacks(first, tops[1:], hint_known=bool(narrowest)):
            top = option.toponym
            # A fallback name is no context for itself: every Ramgarh is near a Ramgarh.
            key = name_key(top.name)
            if key not in points_without:
                own = [n for n in context if name_key(n) != key]
                points_without[key] = points if len(own) == len(context) else self._points(own, iso)
            own_points = points_without[key]
            place = self._resolve_one(top, iso, own_points, anchors if top.relation == "near" else (),
                                      option.unique, front=front)
            if place is None or (option.near and place.feature not in SETTLEMENTS):
                continue
            if option.unique and place.feature in SETTLEMENTS and not any(
                    c.population >= MISPLACED_MIN_POPULATION
                    for c in self.gaz.lookup(top.name, iso, fuzzy=False)):
                continue  # "Ermita, Manila": a quarter of the town, not the small Ermita of Iloilo
            if option.shortened and narrowest and not any(
                    name_key(getattr(place, a.feature)) == name_key(a.name)
                    for a in narrowest if a.feature in ADMINS):
                continue
            if option.near and anchors and place.latitude is not None and min(
                    km(place.latitude, place.longitude, la, lo) for la, lo in anchors) > 2 * CONTEXT_KM \
                    and not any(km(place.latitude, place.longitude, la, lo) <= 2 * FAR_KM
                                for la, lo in road_points):
                # "Alaudia-Saray village ... Nalanda district": not an Alaudia elsewhere; but
                # the towns a road joins ("Lamu-Malindi road") may lie far apart.
                continue
            if place.feature == "country":
                country_level = country_level or (place, option.note)
                continue
            if named_country is not None:  # the mention's own, more precise place
                return 1, place, ""
            # The event is near that place at best, not at it.
            return 1, _at_least(place, 2), f"{note}; {option.note}"
        if named_country is not None:
            return 2, named_country, ""
        if country_level is not None:  # worse than a town or area found in another country
            return 2, country_level[0], f"{note}; {country_level[1]}"
        info = self.country_of(iso) if iso else None
        if info is None:
            return 3, None, note
        # The country is known though the place is not: say so, with no point.
        return 3, Place(location="", country=info.name, iso3=info.iso3, geo_precision=3,
                        feature="country"), f"{note}; location left empty"

    def _hint_may_be_wrong(self, top: Toponym, iso: str | None, points: list[tuple[float, float]]) -> bool:
        """Whether the areas written beside a name that is not found in them may be the writer's
        slip. Not when the hint is a town ("Palanpur area of Surat city", "San Cristobal,
        Bogota": a quarter the gazetteer lacks), nor when its parts agree with each other
        ("Qalat area of Kushki Kuhna district, Herat": a hamlet of a district rightly named)."""
        parts = hint_parts(top.admin_hint)
        if not parts or _QUARTER.search(top.name):
            return False
        written = self.hints.lookup_written(parts[0], iso)
        areas = [c for c in written if c.feature in ADMINS]
        towns = [c for c in written if c.feature in SETTLEMENTS and c.population >= HINT_TOWN_POPULATION]
        if towns and (not areas or any(inside(t, a) for t in towns for a in areas)):
            return False  # a town, or a city's own province ("Misrata", "Bogota")
        if len(parts) > 1:
            inner = Toponym(parts[0], "region", ", ".join(parts[1:]))
            return self._resolve_one(inner, iso, points) is None
        return True

    def _town_inside(self, area: Place, others: list[Toponym], iso: str | None,
                     points: list[tuple[float, float]]) -> Place | None:
        """The first town among the mention's other names that lies inside the area."""
        for other in others:
            town = self._resolve_one(other, iso, points)
            if town is not None and town.feature in SETTLEMENTS and town.admin1 == area.admin1 \
                    and (area.feature == "admin1" or town.admin2 == area.admin2):
                return town
        return None

    def _filed_under_written_district(self, top: Toponym, iso: str | None) -> Place | None:
        """A town of exactly the name, in one spot of the country, filed under a district that
        the hint spells nearly alike: "Buni Yadi (Gujiba LGA, Borno)" is Buni Yadi of Gujba LGA,
        Yobe, however small; the province is the writer's slip."""
        districts = [name_key(bare(p)) for p in hint_parts(top.admin_hint)]
        name, _, relation = self._parse(top)
        towns = [c for c in self.gaz.lookup(name, iso, fuzzy=False) if c.match == "name"
                 and c.feature in SETTLEMENTS and c.lat is not None]
        if len(towns) != 1 or not towns[0].admin2:
            return None
        own = name_key(towns[0].admin2)
        if any(fuzz.ratio(own, d) >= MISSPELT_DISTRICT_SIMILARITY for d in districts if d):
            return self._place(towns[0], relation)
        return None

    # -- one toponym -------------------------------------------------------------------------------
    def _resolve_one(self, top: Toponym, iso: str | None, points: list[tuple[float, float]],
                     anchors: Sequence[tuple[float, float]] = (), unique: bool = False,
                     front: bool = False, min_population: int = 0) -> Place | None:
        """The place a toponym stands for; with `unique`, only a name that is written exactly so
        in one spot of the country."""
        name, wanted, relation = self._parse(top)
        written = split_kind_word(top.name.strip())[0]
        if written != name and DIRECTION.match(written) and self.gaz.lookup(written, iso, fuzzy=False, limit=1):
            name = written  # "Eastern Cape", "North Darfur": the direction is part of the name
        if not name_key(name) or name_key(name) in _NOT_NAMES:
            return None
        hint_iso, levels = self.hints.admin_hint(top.admin_hint, iso)
        areas = levels[0] if levels else []
        whole = DIRECTION.sub("", top.name.strip())
        if whole != name and name_key(whole) not in _NOT_NAMES and any(
                not areas or any(inside(c, a) for a in areas)
                for c in self.gaz.lookup(whole, hint_iso or iso, fuzzy=False)):
            name = whole  # a kind word that is part of the name: "Green Zone", "Gaza Strip"
        country = [c for c in self.gaz.lookup(name, fuzzy=False) if c.feature == "country"]
        if country and not wanted:
            if iso is None or country[0].country_iso2 == iso:
                return self._place(country[0], relation)
            return None  # "Armenia" in a report on Azerbaijan is the country, not a namesake town
        iso = hint_iso or iso
        cands = [c for c in self.gaz.lookup(name, iso) if c.feature != "country"]
        line = self._front_lines.get(iso or "") if front else None
        if line:  # "near Kruta Balka" on the line of contact is not the Kruta Balka of Poltava
            cands = [c for c in cands if c.feature in ADMINS or c.lat is not None
                     and km_to_line(c.lat, c.lon, line) <= FRONT_REACH_KM]
        if levels and unique:
            # Outside the areas written beside it, but in their country.
            cands = [c for c in cands if c.country_iso2 in {a.country_iso2 for lvl in levels for a in lvl}]
        elif levels:  # a hint the gazetteer does not know is ignored, not trusted
            # A quarter ("Palanpur area of Surat city") lies in the town written after it, or
            # nowhere the gazetteer knows: it is not looked for across the wider province.
            cands = inside_hint(cands, levels, widen=not _QUARTER.search(top.name))
            if not cands and not unique:  # a slip of the pen inside the areas written beside it
                cands = self.hints.misspelt_inside(name, levels[0])
        if iso is None and not areas:
            # Nothing says where: only names unlikely to be namesakes, and never a spelling
            # variant ("Masnaa" is no Masina, Kinshasa: a confident point in the wrong country).
            cands = [c for c in cands if c.feature in ADMINS or c.source in ("supplement", "analyst")
                     or rank_population(c) >= NO_COUNTRY_POPULATION and c.match != "variant"]
        elif not areas and all(c.match != "name" for c in cands) and not (
                top.admin_hint and self._points(hint_parts(top.admin_hint), iso)):
            # "Kabul" in a report that also names the US: a town of exactly that name abroad,
            # far bigger than any at home, beats an alias or spelling variant (Cabool, Missouri).
            # Not a name written beside a town at home ("Zap (Amadiya)"): that is at home too.
            home = max((rank_population(c) for c in cands), default=0)
            cands = cands + [c for c in self._abroad(name, iso, points)
                             if not cands or rank_population(c) >= 10 * max(home, 1000)]
            if wanted == "admin" and iso:
                # "Tovuz" as an area in a report hinted to Armenia: the Azerbaijani district of
                # exactly that name, not Berd, once called Tovuz.
                cands += [c for c in self.gaz.lookup(name, fuzzy=False) if c.match == "name"
                          and c.feature in ADMINS and c.country_iso2 != iso
                          and self._neighbours(c.country_iso2, iso)]
        if anchors and not areas:  # see _resolve_in
            cands = [c for c in cands if _near_anchors(c, anchors, known_country=iso is not None)]
        if unique:
            cands = [c for c in cands if c.lat is not None and _as_written_elsewhere(c, wanted, min_population)]
            if min_population:  # an area only when the text says it is one ("Darqad district")
                cands = [c for c in cands if (c.feature in ADMINS and wanted == "admin")
                         or (c.feature in SETTLEMENTS and rank_population(c) >= min_population)]
            if any(km(c.lat, c.lon, cands[0].lat, cands[0].lon) > KM_SAME_SPOT for c in cands):
                return None
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
            # Another spelling of the city's own name only for a city ten times that size:
            # "Odessa" is Odesa, not Odessa, Texas; but "Tana" is no Antananarivo.
            spelling = c.match == "alias" and fuzz.ratio(name_key(name), name_key(c.name)) >= VARIANT_MIN_SIMILARITY
            big = ABROAD_MIN_POPULATION * (1 if c.match == "name" else 10)
            if near or ((c.match == "name" or spelling) and c.feature in SETTLEMENTS and c.population >= big):
                out.append(c)
        return out

    @staticmethod
    def _parse(top: Toponym) -> tuple[str, str, str]:
        """Name without kind/direction words; the feature the text asks for; the relation."""
        name, relation = top.name.strip(), top.relation or "in"
        name = DIRECTION.sub("", name)
        stripped = _NEAR_SUFFIX.sub("", name)
        if stripped != name:
            name, relation = stripped, "near"
        name, word = split_kind_word(name)
        wanted = kind_feature(word)
        if not wanted and relation == "region":
            wanted = "admin"
        return name, wanted, relation

    def _score(self, c: Candidate, wanted: str, points: list[tuple[float, float]]) -> float:
        score = 0.0
        if wanted == "admin":
            score += 10 if c.feature in ADMINS else 0
        elif wanted:
            score += 10 if c.feature == wanted or (wanted == "city" and c.feature in SETTLEMENTS) else 0
        else:  # a bare name: a town beats an admin area of that name
            score += 10 if c.feature in SETTLEMENTS else 5
        if c.feature == "admin1" and wanted == "admin":
            score += 0.5  # "Balkh province" over "Balkh district" when the text only says region
        score += {"name": 0.0, "alias": -0.5, "variant": -2.0}[c.match]
        score += math.log10(rank_population(c) + 1)
        if c.source == "analyst":
            score += 4  # an analyst's own place is consulted before the packaged data
        if self._theatres and (c.country_iso2, name_key(c.admin1)) in self._theatres:
            score += 2.5
        line = self._front_lines.get(c.country_iso2)
        if line and c.lat is not None:
            # Of namesakes in a country at war, the village by the front is the likelier one.
            d = km_to_line(c.lat, c.lon, line)
            score += 4 * max(0.0, 1 - d / (2 * FRONT_KM))
        if points and c.lat is not None:
            d = min(km(c.lat, c.lon, la, lo) for la, lo in points)
            score += 6 if d <= KM_SAME_SPOT else 5 if d <= CONTEXT_KM else 3 if d <= 2 * CONTEXT_KM else 0
        return score

    def _points(self, names: list[str], iso: str | None) -> list[tuple[float, float]]:
        return [pt for n in names[:MAX_CONTEXT] for pt in self._name_points(n, iso)]

    def _name_points_uncached(self, name: str, iso: str | None) -> tuple[tuple[float, float], ...]:
        found = [c for c in self.gaz.lookup(bare(name), iso, fuzzy=False)[:5]
                 if c.lat is not None and c.feature != "country"]
        # A name that is a province's stands for the province ("between Chihuahua and Sonora
        # states"), not for hamlets of that name elsewhere.
        areas = [c for c in found if c.feature == "admin1" and c.match == "name"]
        return tuple((c.lat, c.lon) for c in (areas or found))

    # -- output -----------------------------------------------------------------------------------
    def _place(self, c: Candidate, relation: str) -> Place | None:
        """The Place for a chosen entry: admin areas and countries are placed at their main town."""
        near = relation == "near"
        if c.feature in SETTLEMENTS:
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


_QUARTER = re.compile(r"\b(?:area|neighbou?rhood|locality|quarter|colony|ward|sector|mohalla|district of)$", re.I)


def _as_written_elsewhere(c: Candidate, wanted: str, min_population: int) -> bool:
    """Whether an entry found outside the areas written beside a name is the name as written:
    exactly that name; or, for a town written in the wrong area, the short form of a large
    town's name ("Apodaca, Jalisco" is Ciudad Apodaca, Nuevo Leon); or, for what the text calls
    an area, its other spelling ("Ali Abad district, Balkh" is Aliabad district, Kunduz)."""
    if c.match == "name":
        return True
    if c.match != "alias":
        return False
    if min_population:
        return c.feature in SETTLEMENTS and c.population >= MISPLACED_TOWN_POPULATION
    return c.feature in ADMINS and wanted.startswith("admin")


def _near_anchors(c: Candidate, anchors: Sequence[tuple[float, float]], known_country: bool = True) -> bool:
    """Whether a candidate may be the place beside the others a mention names: a spelling
    variant or alias only close to them; an exact name anywhere, unless it is a small town far
    from all of them (a namesake). With no country known, only a city is too large for that ("the
    Mile mall ... in Minsk" is not Mile, Ethiopia; "Sidon" beside two squares is Sidon)."""
    if c.lat is None:  # an area without a point: only by its own name ("Sarmat" is no Sarama)
        return c.match != "variant"
    d = min(km(c.lat, c.lon, la, lo) for la, lo in anchors)
    if d <= (FAR_KM if c.match == "alias" else CONTEXT_KM):
        return True
    if not known_country:  # an area too ("Sinjar area ... in Hama countryside" is no Sinjar, Iraq)
        return c.match == "name" and (rank_population(c) >= ABROAD_MIN_POPULATION or d <= 2 * FAR_KM)
    large = rank_population(c) >= KNOWN_TOWN_POPULATION
    return c.match == "name" and (c.feature not in SETTLEMENTS or large or d <= 2 * FAR_KM)


# Keys that are only a kind or direction word once the name is taken apart: never a place.
_NOT_NAMES = frozenset({"zone", "district", "province", "area", "region", "city", "town",
                        "village", "state", "county", "north", "south", "east", "west",
                        "central", "airport", "camp", "border", "capital"})


def _at_least(place: Place, precision: int) -> Place:
    """A fallback place is never more precise than `precision`."""
    if place.geo_precision >= precision:
        return place
    return dataclasses.replace(place, geo_precision=precision)
