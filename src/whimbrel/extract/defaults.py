"""Fills actors that a report leaves unnamed, following ACLED's conventions.

1. In a conflict theatre (data/theatres.yaml), fighting with no named belligerents gets the
   theatre's standing pair.
2. Otherwise violence with no known perpetrator, or a clash with no named other side, gets
   "Unidentified Armed Group (<country>)" (ACLED's catch-all for unknown armed actors).
3. Violence against civilians, and mob violence, with no named target was done to civilians:
   "Civilians (<country>)" (ACLED codes every attack, abduction and sexual assault on them; the
   man lynched, the suspected thief beaten, the vehicle torched by a mob).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..days import as_day
from ..resources import data_yaml

# Sub-event types whose perpetrator ACLED always codes, as unidentified when unknown.
NEEDS_PERPETRATOR = {"Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack",
                     "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Chemical weapon",
                     "Abduction/forced disappearance", "Sexual violence"}

# Sub-event types whose unnamed target ACLED codes as civilians.
TARGET_IS_CIVILIANS = {"Attack", "Abduction/forced disappearance", "Sexual violence", "Mob violence"}


@dataclass(frozen=True)
class Theatre:
    name: str
    country: str
    admin1: frozenset[str]
    since: dt.date | None
    until: dt.date | None
    sub_event_types: frozenset[str]
    actors: tuple  # (spec, spec): a dictionary name, or {"state": "Military"}

    def covers(self, country: str, admin1: str, sub: str, on: dt.date | None) -> bool:
        if country != self.country or sub not in self.sub_event_types:
            return False
        # An unknown admin1 (a front-line village the gazetteer lacks) does not rule the theatre out.
        if self.admin1 and admin1 and not any(a.lower() in admin1.lower() for a in self.admin1):
            return False
        if on is not None and ((self.since and on < self.since) or (self.until and on > self.until)):
            return False
        return True


@lru_cache(maxsize=1)
def load_theatres() -> tuple[Theatre, ...]:
    return tuple(Theatre(t["name"], t["country"], frozenset(t.get("admin1") or ()),
                         as_day(t.get("since"), strict=True), as_day(t.get("until"), strict=True), frozenset(t["sub_event_types"]), tuple(t["actors"]))
                 for t in data_yaml("theatres.yaml")["theatres"])


def theatre_pair(country: str, admin1: str, sub: str, on: dt.date | None) -> tuple | None:
    """The standing belligerents of the theatre this event falls in, if any."""
    for t in load_theatres():
        if t.covers(country, admin1, sub, on):
            return t.actors
    return None
