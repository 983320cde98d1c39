"""The extraction flow for a stream of reports: nlp -> mentions -> places -> events.

Pipeline holds the loaded resources (spaCy pipeline, lexicons, gazetteer) so a run loads each
once; they can be injected, so tests pass small real ones in.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .errors import SettingsError
from .extract.actor_dictionary import ActorDictionary
from .extract.actors import ActorFinder, load_roles
from .extract.assemble import Draft, PlacedMention, assemble
from .extract.defaults import NEEDS_PERPETRATOR, TARGET_IS_CIVILIANS, theatre_pair
from .extract.fatalities import FatalityReader
from .extract.mentions import MentionExtractor
from .extract.places import country_as_party
from .extract.tokenview import token_view
from .extract.triggers import load_trigger_lexicon
from .geo.countries import CountryIndex
from .models import ActorRef, Event, Mention, Place, Problem, Report
from .nlp import load_pipeline
from .settings import Settings
from .taxonomy import event_type_of, interaction_code


@dataclass(frozen=True)
class NamedActor:
    name: str
    inter: int
    assoc: str = ""  # an associated actor: the party whose members were the civilians attacked


_ARMED_INTERS = {1, 2, 3, 4, 8}  # state forces, rebels, militias, external forces


class Pipeline:
    """Turns reports into events. Create once; call `run` or `extract_report` many times."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None,
                 geocoder=None, dictionary: ActorDictionary | None = None, countries: CountryIndex | None = None):
        self.settings = settings or Settings()
        self.nlp = nlp or load_pipeline(self.settings)
        self.countries = countries or CountryIndex.load()
        self.dictionary = dictionary or ActorDictionary.load()
        self.default_country = self._known_country(self.settings.default_country)
        if geocoder is None:
            from .geo.gazetteer import Gazetteer
            from .geo.resolve import Geocoder
            geocoder = Geocoder(Gazetteer.open(self.settings), self.countries)
        self.geocoder = geocoder
        self.roles = load_roles()
        self.mentions = MentionExtractor(load_trigger_lexicon(),
                                         ActorFinder(self.dictionary, self.countries, self.roles,
                                                     known_place=self.geocoder.known_town),
                                         FatalityReader(self.settings.unnumbered_fatalities))

    # -- public ----------------------------------------------------------------------------------
    def extract_report(self, report: Report) -> list[Event]:
        return self._events(report, self.nlp(report.text))

    def run(self, items: Iterable[Report | Problem]) -> Iterator[Event | Problem]:
        """Events for every report, in order; Problems pass through so that none is lost."""
        batch: list[Report] = []
        for item in items:
            if isinstance(item, Problem):
                yield from self._flush(batch)
                batch = []
                yield item
                continue
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, batch: list[Report]) -> Iterator[Event | Problem]:
        if not batch:
            return
        docs = self.nlp.pipe((r.text for r in batch), batch_size=self.settings.batch_size)
        for report, doc in zip(batch, docs):
            try:
                yield from self._events(report, doc)
            except Exception as exc:  # one report's failure must not lose the others
                yield Problem(report.origin or report.id,
                              f"extraction failed ({type(exc).__name__}: {exc}); the report was skipped, "
                              "please file it with the error")

    # -- stages ----------------------------------------------------------------------------------
    def _events(self, report: Report, doc: Doc) -> list[Event]:
        mentions = self.mentions.extract(doc, report)
        if not mentions:
            return []
        country_hint = self._report_country(doc) or self._actors_country(mentions) or self.default_country
        placed = self._place(mentions, country_hint, report.published)
        drafts = assemble(placed)
        events = [self._event(report, d, country_hint) for d in drafts]
        return events

    def _known_country(self, name: str) -> str:
        if not name.strip():
            return ""
        c = self.countries.find(name.strip())
        if c is None:
            raise SettingsError(f"default_country {name!r} is not a country Whimbrel knows; give its "
                                "name as ACLED writes it (e.g. 'Kenya') or its ISO code")
        return c.name

    def _report_country(self, doc: Doc) -> str:
        """The country the report names most as a place. Adjectives ("Turkish drones", "Peruvian
        citizens") say whose actors, not where, so they do not vote."""
        import re
        votes: Counter[str] = Counter()
        for ent in token_view(doc).ents:
            # "the US dollar", "a Syria-based group": a modifier of another noun is no place.
            if ent.label_ in {"GPE", "LOC"} and not (ent.root.dep_ in {"compound", "amod", "npadvmod"}
                                                    and ent.root.head.pos_ in {"NOUN", "ADJ", "VERB"}) \
                    and not country_as_party(ent):
                # "Northern Iraq", "eastern Ukraine": the country without its direction word
                c = self.countries.find(re.sub(r"^(?:the\s+)?(?:north|south|east|west|central)"
                                               r"(?:ern)?(?:[- ](?:east|west)(?:ern)?)?\s+", "",
                                               ent.text, flags=re.I))
                if c is not None:
                    votes[c.name] += 1
        if not votes:  # a mission with a one-country mandate ("the OSCE SMM observed ...")
            from .geo.clues import country_clue
            return country_clue(doc.text)
        return votes.most_common(1)[0][0]

    def _actors_country(self, mentions: list[Mention]) -> str:
        """With no country named as a place: the one country its named actors operate in
        (the Taliban, a state's forces), else the country its adjectives name."""
        votes: Counter[str] = Counter()
        for m in mentions:
            for ref in (m.actor1, m.actor2):
                if ref is None:
                    continue
                if ref.country and ref.inter != 7:  # "a German tourist was killed": whose, not where
                    votes[ref.country] += 1
                elif ref.kind == "named":
                    entry = self.dictionary.by_name(ref.key)
                    if entry is not None and len(entry.countries) == 1:
                        votes[entry.countries[0]] += 1
        return votes.most_common(1)[0][0] if votes else ""

    def _place(self, mentions: list[Mention], country_hint: str, published: dt.date | None = None
               ) -> list[PlacedMention]:
        out: list[PlacedMention] = []
        cache: dict[tuple, tuple[Place | None, str]] = {}
        # Every place the report names is context for each mention's own (country, nearness).
        nearby = tuple(dict.fromkeys(t.name for m in mentions for t in m.toponyms))
        # "the road from Esperanza, Puebla ... the former mayor of Esperanza": a name written
        # once with its areas has them wherever the report repeats it.
        areas_of: dict[str, str] = {}
        for m in mentions:
            for t in m.toponyms:
                if t.admin_hint:
                    areas_of.setdefault(t.name, t.admin_hint)
        for m in mentions:
            country = country_hint or self._actor_country(m)
            place, note = None, ""
            if m.toponyms:
                tops = [t if t.admin_hint or t.name not in areas_of
                        else dataclasses.replace(t, admin_hint=areas_of[t.name]) for t in m.toponyms]
                # Fighting in a theatre with a line of contact is placed on that line.
                on = m.date.date if m.date is not None and m.date.date is not None else published
                front = bool(country) and theatre_pair(country, "", m.sub_event_type, on) is not None
                key = (tuple(tops), country, front)
                if key not in cache:
                    own = {t.name for t in m.toponyms}
                    firm = bool(country) and country == self.default_country
                    cache[key] = self.geocoder.resolve(tops, country_hint=country or None, firm=firm,
                                                       nearby=[n for n in nearby if n not in own], front=front)
                place, note = cache[key]
                if place is not None and not place.location and note and note not in m.notes:
                    m.notes.append(note)  # only the country is known: say which name failed
            out.append(PlacedMention(m, place, note))
        # A mention with no place of its own stands where the sentence before it set the scene.
        last: Place | None = None
        for pm in out:
            if pm.place is not None:
                last = pm.place
            elif last is not None and not pm.mention.toponyms:
                pm.place = last
        return out

    def _actor_country(self, m: Mention) -> str:
        for a in (m.actor1, m.actor2):
            if a is not None and a.country:
                return a.country
        return ""

    # -- final records ---------------------------------------------------------------------------
    def _actor(self, ref: ActorRef | None, country: str, on: dt.date | None) -> NamedActor | None:
        if ref is None:
            return None
        if ref.kind == "named":
            entry = self.dictionary.by_name(ref.key)
            if entry is not None:
                name, inter = self.dictionary.canonical(entry, country or None, on)
                if entry.associate:  # party members, union members: civilians, with the party beside
                    c = self.countries.by_name(country) if country else None
                    return NamedActor(f"Civilians ({c.name})" if c else "Civilians", 7, assoc=name)
                return NamedActor(name, inter)
            return NamedActor(ref.key, ref.inter)
        if ref.kind == "capital":
            c = self.countries.by_name(ref.key)
            return NamedActor(c.state_force("Government", on) if c else f"Government of {ref.key}", 1)
        if ref.kind == "role":
            own = ref.country or country
            inter = ref.inter
            c = self.countries.by_name(own) if own else None
            template = self.roles.template_for(ref.key, c.name if c else "", ref.surface)
            if ref.key in {"military", "police", "government"}:
                kind = {"military": "Military", "police": "Police", "government": "Government"}[ref.key]
                if c is None:
                    return NamedActor(f"{kind} Forces" if kind != "Government" else "Government", inter)
                if country and own != country and ref.key == "military":
                    inter = 8  # a foreign state's forces
                return NamedActor(c.state_force(kind, on), inter)
            if c is None:
                return NamedActor(template.split(" ({")[0].replace(" ({country})", ""), inter)
            return NamedActor(template.format(country=c.name, regime=c.regime_label(on)), inter)
        return NamedActor(ref.key, ref.inter or 3)

    def _event(self, report: Report, draft: Draft, country_hint: str) -> Event:
        sub = draft.sub_event_type
        date = draft.date
        notes: list[str] = []
        if date is None:
            if report.published is not None:
                day, precision = report.published, 2
                notes.append("no date in the text; coded to the publication date, week precision")
            else:
                day, precision = None, 1
                notes.append("no date in the text and no publication date: date left empty")
        else:
            day, precision = date.date, date.precision
        place = draft.place
        country = place.country if place and place.country else country_hint
        a1 = self._actor(draft.actor("actor1"), country, day)
        a2 = self._actor(draft.actor("actor2"), country, day)
        if a2 is not None and a1 is not None and a2.name == a1.name and sub not in {"Armed clash"}:
            a2 = None
        if sub == "Attack" and a2 is not None and a2.inter in _ARMED_INTERS and (a1 is None or a1.inter != 7):
            # ACLED's "Attack" is one-sided violence against civilians; on police, soldiers or
            # a group's fighters it is a clash ("gunman shoots a police officer").
            sub = "Armed clash"
        if sub in NEEDS_PERPETRATOR and a1 is not None and a1.inter == 7 and (a2 is None or a2.inter == 7):
            # "1 priest dragged from his car and killed": the civilian the report names was the
            # victim; who did it is unknown.
            a1, a2 = None, a2 or a1
        a1, a2, filled = self._default_actors(sub, a1, a2, country, place.admin1 if place else "", day)
        if filled:
            notes.append(filled)
        fatal = draft.fatalities
        for m in draft.all_mentions():
            notes.extend(n for n in m.notes if n not in notes)
        place_notes = [pm.place_note for pm in draft.members if pm.place_note]
        if place is None:
            notes.append(place_notes[0] if place_notes else "no place named; location left empty")
        sources = []
        for m in draft.all_mentions():
            sources += [s for s in m.sources if s not in sources]
        if report.outlet and report.outlet not in sources:
            sources.append(report.outlet)
        evidence = []
        for m in draft.all_mentions():
            evidence += [e for e in m.evidence if e not in evidence]
        event_date = day.isoformat() if day else None
        eid = hashlib.sha1("|".join([report.id, sub, event_date or "", place.location if place else "",
                                     a1.name if a1 else "", str(draft.first.sentence_index)]).encode()).hexdigest()[:16]
        summary = self._summary(event_date, sub, a1, a2, place, fatal.count if fatal else 0)
        return Event(
            article_id=report.id, event_id=eid, event_date=event_date, time_precision=precision,
            event_type=event_type_of(sub),
            sub_event_type=sub,
            actor1=a1.name if a1 else "", inter1=a1.inter if a1 else None,
            assoc_actor_1=a1.assoc if a1 else "", assoc_actor_2=a2.assoc if a2 else "",
            actor2=a2.name if a2 else "", inter2=a2.inter if a2 else None,
            interaction=interaction_code(a1.inter if a1 else None, a2.inter if a2 else None),
            civilian_targeting="Civilian targeting" if a2 is not None and a2.inter == 7 else "",
            country=country, iso3=place.iso3 if place else self._iso3(country),
            admin1=place.admin1 if place else "", admin2=place.admin2 if place else "",
            location=place.location if place else "",
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            geo_precision=place.geo_precision if place else None,
            fatalities=fatal.count if fatal else 0,
            source="; ".join(sources),
            notes=" ".join([summary] + notes),
            confidence=round(min(0.95, max(m.confidence for m in draft.mentions())), 2),
            evidence=evidence,
        )

    def _default_actors(self, sub, a1, a2, country, admin1, day):
        """Actors the report leaves unnamed, by ACLED's conventions (extract/defaults.py)."""
        pair = theatre_pair(country, admin1, sub, day)
        if pair is not None and (a1 is None or a2 is None):
            named = [self._spec_actor(spec, country, day) for spec in pair]
            known = [a for a in (a1, a2) if a is not None]
            missing = [n for n in named if n is not None and all(n.name != k.name for k in known)]
            if a1 is None and missing:
                a1 = missing.pop(0)
            if a2 is None and missing and (a1 is None or missing[0].name != a1.name):
                a2 = missing.pop(0)
            return a1, a2, "actors not named in the report: coded as the theatre's belligerents"
        c = self.countries.by_name(country) if country else None
        notes = []
        if sub in NEEDS_PERPETRATOR and (a1 is None or (sub == "Armed clash" and a2 is None)):
            unknown = NamedActor(f"Unidentified Armed Group ({c.name})" if c else "Unidentified Armed Group", 3)
            if a1 is None:
                a1, a2 = (unknown, a2) if a2 is None or a2.inter == 7 or sub != "Armed clash" else (a2, unknown)
                if sub == "Armed clash" and a2 is None:
                    a2 = unknown  # "a shoot-out took place": neither side is known
            else:
                a2 = unknown
            notes.append("perpetrator not named: coded as an unidentified armed group")
        if sub in TARGET_IS_CIVILIANS and a1 is not None and a2 is None:
            a2 = NamedActor(f"Civilians ({c.name})" if c else "Civilians", 7)
            notes.append("target not named: coded as civilians")
        return a1, a2, "; ".join(notes)

    def _spec_actor(self, spec, country, day) -> NamedActor | None:
        if isinstance(spec, dict) and "state" in spec:
            c = self.countries.by_name(country)
            return NamedActor(c.state_force(spec["state"], day), 1) if c else None
        entry = self.dictionary.by_name(str(spec))
        if entry is None:
            return NamedActor(str(spec), 2)
        name, inter = self.dictionary.canonical(entry, country or None, day)
        return NamedActor(name, inter)

    def _iso3(self, country: str) -> str:
        c = self.countries.by_name(country) if country else None
        return c.iso3 if c else ""

    @staticmethod
    def _summary(date, sub, a1, a2, place, fatalities) -> str:
        who = a1.name if a1 else "unidentified actors"
        against = f" against {a2.name}" if a2 else ""
        where = f" in {place.location}" if place else ""
        return (f"On {date or 'an unknown date'}, {sub.lower()} by {who}{against}{where}; "
                f"{fatalities} reported fatalities.")

