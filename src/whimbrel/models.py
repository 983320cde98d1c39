"""Typed records passed between the stages of the flow.

report -> (nlp) -> Mention per sentence -> Event per report. Each stage takes and returns these
records; none passes dicts between stages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, asdict
from typing import Optional


@dataclass(slots=True)
class Report:
    """One news report, after ingest: boilerplate removed, metadata known where it was given."""

    id: str
    text: str
    published: Optional[dt.date] = None
    url: str = ""
    title: str = ""
    outlet: str = ""
    origin: str = ""  # the file (or "stdin", "line 12 of x.jsonl") it came from, for messages


@dataclass(slots=True, frozen=True)
class Evidence:
    """A character span of the report text that supports a field of an event."""

    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(slots=True, frozen=True)
class Actor:
    """A canonical ACLED-style actor. `surface` is how the text named it."""

    name: str
    inter: int
    surface: str = ""
    country: str = ""

    @property
    def is_civilian(self) -> bool:
        return self.inter == 7


@dataclass(slots=True, frozen=True)
class ActorRef:
    """An actor as a sentence names it, before the event's country is known.

    kind: "named" (an entry of the actor dictionary, `key` its canonical name), "role" (a generic
    role from actor_roles.yaml, `key` the role: military, civilians, ...), "capital" (a capital
    city standing for its government), or "unlisted" (a group named in the text that the
    dictionary does not know; kept as written).
    """

    surface: str
    kind: str
    key: str
    inter: int = 0
    country: str = ""  # a country named with it ("Syrian soldiers"), ACLED spelling
    start: int = -1
    end: int = -1
    community: str = ""  # "Borana herders": civilians of a communal group (its dictionary key)


@dataclass(slots=True, frozen=True)
class Place:
    """A resolved location. geo_precision: 1 the named town, 2 near a town / small area, 3 region."""

    location: str
    country: str = ""
    iso3: str = ""
    admin1: str = ""
    admin2: str = ""
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: int = 1
    feature: str = "city"  # city | admin1 | admin2 | country | village | other


@dataclass(slots=True, frozen=True)
class Toponym:
    """A place as the text names it, before geocoding.

    `relation` records how the sentence ties the event to it: "in", "near" (near, outside,
    outskirts, N km from, countryside), or "region" (the name is only a province or region).
    `admin_hint` is an admin area named beside it ("Nihm (Sanaa)", "X district, Balkh").
    """

    name: str
    relation: str = "in"
    admin_hint: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class FatalityCount:
    """A number of people killed as a sentence states it."""

    count: int
    is_total: bool = False  # a running total over several days/events: never added on top
    explicit: bool = False  # stated as a coded figure ("2 fatalities"): overrides counts from verbs
    vague: bool = False  # "several", "some": no number given; the figure comes from Settings
    claimed: bool = False  # a side's claim ("Al Shabaab claims 15 killed"): used only if nothing else is
    anchor: int = -1  # token index of the death word it was read from
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass(slots=True)
class DateRef:
    """A date as resolved from the text. precision: 1 day, 2 week, 3 month."""

    date: Optional[dt.date]
    precision: int = 1
    text: str = ""
    resolved: bool = True  # False when a relative date had no publication date to anchor it


@dataclass(slots=True)
class Mention:
    """One event as one sentence describes it."""

    sentence_index: int
    event_type: str
    sub_event_type: str
    trigger: str
    trigger_start: int
    kind: str = ""  # the trigger kind from triggers.yaml (violence, air, protest, ...)
    family: str = ""
    actor1: Optional[ActorRef] = None
    actor2: Optional[ActorRef] = None
    assoc_actor_1: Optional[ActorRef] = None
    assoc_actor_2: Optional[ActorRef] = None
    toponyms: list[Toponym] = field(default_factory=list)
    date: Optional[DateRef] = None
    fatalities: Optional[FatalityCount] = None
    sources: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    background: bool = False  # an earlier event cited as cause or context, not a new event
    confidence: float = 0.5
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """One ACLED-style event: one day, one place, one pair of actors, one sub-event type."""

    article_id: str
    event_id: str
    event_date: Optional[str]
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: Optional[int] = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: Optional[int] = None
    interaction: Optional[int] = None
    civilian_targeting: str = ""
    country: str = ""
    iso3: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities: int = 0
    source: str = ""
    notes: str = ""
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict:
        row = asdict(self)
        row["evidence"] = [e.to_dict() for e in self.evidence]
        return row


#: Output columns in the order DESIGN.md's output contract gives them.
EVENT_COLUMNS: tuple[str, ...] = (
    "article_id", "event_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "iso3", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "fatalities", "source", "notes", "confidence", "evidence",
)


@dataclass(slots=True)
class Problem:
    """A report that could not be read or extracted, with a message a person can act on."""

    origin: str
    message: str


@dataclass(slots=True)
class ExtractionResult:
    """What a run produced: events, plus the problems met on the way (nothing is lost silently)."""

    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reports_read: int = 0
