"""Cross-report merging: which events from different reports describe the same real-world event,
and what the merged (canonical) event says.

Pure functions over `Event` records — no database — so the rules can be read and tested alone.
The store (whimbrel.store) finds candidates through its indexes and calls `best_match`, then
`reconcile` to recompute a canonical event from its member events.

Two events are the same event when all of these hold (ACLED: one day, one place, one actor
pair, one sub-event type):

- sub-event type: the same, or a compatible one (`COMPATIBLE_SUB_TYPES`: outlets disagree on
  shelling vs air strike, clash vs territory taken, IED vs suicide bomb, attack vs abduction);
- date: both known, apart by no more than the looser precision allows (day 0, week 6, month 30
  days);
- place: within `MAX_DISTANCE_KM` (25 km), or the same admin2 of the same country; when one
  report only names the region (geo_precision 3), the same admin1 of the same country; without
  coordinates, the same location name in the same country;
- actors: no contradiction when the two actor pairs are lined up (either order — ACLED's actor1
  and actor2 carry no direction); an unidentified armed group or a missing actor contradicts
  nothing. When the actors the two have in common are only catch-alls (civilians, protesters,
  rioters, an unidentified group), both must name as many actors: one catch-all in common, the
  other actor missing on one side, cannot tell one killing from another the same day nearby.

Fatalities follow ACLED's conservative rule: the canonical figure is the lowest figure any
source reports, and the reported range is kept (`fatalities_low`, `fatalities_high`). A source
that gives no figure (0) does not pull the figure down to 0 when another source reports deaths.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Sequence

from .days import as_day
from .geo.distance import km_or_none as haversine_km
from .models import Event

MAX_DISTANCE_KM = 25.0

#: How many days apart two dates may be for each time_precision (1 day, 2 week, 3 month).
DATE_WINDOW_DAYS = {1: 0, 2: 6, 3: 30}
#: The widest window: candidate searches look this far either side of an event's date.
MAX_WINDOW_DAYS = max(DATE_WINDOW_DAYS.values())

#: Groups of sub-event types that different outlets use for the same event.
COMPATIBLE_SUB_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
    frozenset({"Violent demonstration", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Government regains territory", "Non-violent transfer of territory"}),
    frozenset({"Non-state actor overtakes territory", "Non-violent transfer of territory"}),
)

_GENERIC_ACTORS = ("unidentified ",)  # stands in for any armed group
_CATCH_ALL = ("unidentified ", "civilians", "protesters", "rioters")  # say little about which event
_PERIOD = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")


@dataclass(frozen=True, slots=True)
class MergeReason:
    """Why two events were taken for one: the evidence a merge can be explained by."""

    distance_km: Optional[float]
    date_gap_days: int
    place_basis: str  # "12.3 km apart", "same admin2 (Gwoza)", ...
    sub_event_basis: str  # "same" or "compatible (Armed clash ~ Government regains territory)"
    actors_matched: tuple[str, ...] = ()
    score: float = 0.0

    def to_dict(self) -> dict:
        return {"distance_km": self.distance_km, "date_gap_days": self.date_gap_days,
                "place_basis": self.place_basis, "sub_event_basis": self.sub_event_basis,
                "actors_matched": list(self.actors_matched), "score": self.score}

    @classmethod
    def from_dict(cls, d: dict) -> "MergeReason":
        return cls(distance_km=d.get("distance_km"), date_gap_days=int(d.get("date_gap_days", 0)),
                   place_basis=d.get("place_basis", ""), sub_event_basis=d.get("sub_event_basis", ""),
                   actors_matched=tuple(d.get("actors_matched") or ()), score=float(d.get("score", 0.0)))

    def describe(self) -> str:
        actors = ", ".join(self.actors_matched) if self.actors_matched else "no actor contradicts"
        gap = "same day" if self.date_gap_days == 0 else f"{self.date_gap_days} days apart"
        return f"{self.place_basis}; {gap}; sub-event type {self.sub_event_basis}; actors: {actors}"


@dataclass(frozen=True, slots=True)
class Match:
    candidate: Event
    reason: MergeReason


@dataclass(slots=True)
class Reconciliation:
    """A canonical event recomputed from its members."""

    event: Event
    fatalities_low: int
    fatalities_high: int
    n_sources: int
    fatality_rule: str
    representative: int = 0  # index of the member the place, date and actors were taken from
    sources: list[str] = field(default_factory=list)


# -- small pieces ----------------------------------------------------------------------------------
def actor_key(name: str) -> str:
    """An actor name for comparison: case, spacing and the regime period ("(2000-)") dropped."""
    return " ".join(_PERIOD.sub(" ", name or "").lower().split())


def is_generic_actor(name: str) -> bool:
    key = actor_key(name)
    return not key or key.startswith(_GENERIC_ACTORS)


def is_catch_all(name: str) -> bool:
    return actor_key(name).startswith(_CATCH_ALL)


def sub_types_compatible(a: str, b: str) -> Optional[str]:
    """'same', 'compatible (a ~ b)', or None when the two sub-event types cannot be one event."""
    if a == b:
        return "same"
    if any(a in g and b in g for g in COMPATIBLE_SUB_TYPES):
        return f"compatible ({a} ~ {b})"
    return None


def date_gap(a: Event, b: Event) -> Optional[int]:
    """Days between the two dates when they fall within their precision, else None."""
    da, db = as_day(a.event_date), as_day(b.event_date)
    if da is None or db is None:
        return None
    gap = abs((da - db).days)
    window = max(DATE_WINDOW_DAYS.get(a.time_precision or 1, 0), DATE_WINDOW_DAYS.get(b.time_precision or 1, 0))
    return gap if gap <= window else None


def place_basis(a: Event, b: Event, max_km: float = MAX_DISTANCE_KM) -> Optional[tuple[Optional[float], str]]:
    """(distance in km or None, how the places agree) or None when they are different places."""
    same_country = bool(a.country) and a.country == b.country
    km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if km is not None and km <= max_km:
        return round(km, 2), f"{km:.1f} km apart"
    if same_country and a.admin2 and a.admin2 == b.admin2:
        return (round(km, 2) if km is not None else None), f"same admin2 ({a.admin2})"
    if same_country and a.admin1 and a.admin1 == b.admin1 and 3 in (a.geo_precision, b.geo_precision):
        return (round(km, 2) if km is not None else None), f"same admin1 ({a.admin1}), one source names only the region"
    if km is None and same_country and a.location and a.location.lower() == b.location.lower():
        return None, f"same location ({a.location})"
    return None


def actors_compatible(a: Event, b: Event) -> Optional[tuple[str, ...]]:
    """The actors both events name, when the pairs line up without contradiction; else None."""
    pa, pb = (a.actor1, a.actor2), (b.actor1, b.actor2)
    best: Optional[tuple[str, ...]] = None
    for other in (pb, pb[::-1]):
        matched: list[str] = []
        ok = True
        for x, y in zip(pa, other):
            kx, ky = actor_key(x), actor_key(y)
            if kx and ky and kx == ky:
                matched.append(x)
            elif kx and ky and not (is_generic_actor(x) or is_generic_actor(y)):
                ok = False
                break
        if ok and (best is None or len(matched) > len(best)):
            best = tuple(matched)
    if best is not None and all(is_catch_all(m) for m in best):
        # only catch-alls in common: both must name as many actors (an unidentified group may stand
        # for a named one), so "civilians killed" alone does not join "gunmen killed civilians"
        if sum(1 for x in pa if actor_key(x)) != sum(1 for y in pb if actor_key(y)):
            return None
    return best


# -- matching --------------------------------------------------------------------------------------
def match(new: Event, candidate: Event, max_km: float = MAX_DISTANCE_KM) -> Optional[MergeReason]:
    """Why `new` and `candidate` are one event, or None when they are not."""
    sub = sub_types_compatible(new.sub_event_type, candidate.sub_event_type)
    if sub is None:
        return None
    gap = date_gap(new, candidate)
    if gap is None:
        return None
    place = place_basis(new, candidate, max_km)
    if place is None:
        return None
    actors = actors_compatible(new, candidate)
    if actors is None:
        return None
    km, basis = place
    score = (km if km is not None else max_km / 2) + 10 * gap - 5 * len(actors) + (0 if sub == "same" else 5)
    return MergeReason(distance_km=km, date_gap_days=gap, place_basis=basis, sub_event_basis=sub,
                       actors_matched=actors, score=round(score, 3))


def best_match(new: Event, candidates: Iterable[Event], max_km: float = MAX_DISTANCE_KM) -> Optional[Match]:
    """The candidate that `new` describes best (lowest score), or None."""
    best: Optional[Match] = None
    for c in candidates:
        reason = match(new, c, max_km)
        if reason is not None and (best is None or reason.score < best.reason.score):
            best = Match(c, reason)
    return best


def pair_events(old: Sequence[Event], new: Sequence[Event]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair a report's stored events with a re-extraction's: by event_id, then by `match`.

    Returns (pairs of (old index, new index), old indexes left over, new indexes left over).
    """
    pairs: list[tuple[int, int]] = []
    free_old = list(range(len(old)))
    free_new = list(range(len(new)))
    by_id = {e.event_id: i for i, e in enumerate(old)}
    for j in list(free_new):
        i = by_id.get(new[j].event_id)
        if i is not None and i in free_old:
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    for j in list(free_new):
        scored = [(r.score, i) for i in free_old if (r := match(new[j], old[i])) is not None]
        if scored:
            _, i = min(scored)
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    return pairs, free_old, free_new


# -- reconciling -----------------------------------------------------------------------------------
def _split_sources(text: str) -> list[str]:
    return [s.strip() for s in (text or "").split(";") if s.strip()]


def _rank(e: Event) -> tuple:
    """Lower is better: a precise date, a precise place, coordinates, both actors, confidence."""
    return (as_day(e.event_date) is None, e.time_precision or 9, e.geo_precision or 9,
            e.latitude is None, not e.actor1, not e.actor2, -(e.confidence or 0.0))


def reconcile(members: Sequence[Event]) -> Reconciliation:
    """The canonical event of `members` (one or more events taken for the same real event)."""
    if not members:
        raise ValueError("reconcile needs at least one event")
    order = sorted(range(len(members)), key=lambda i: (_rank(members[i]), i))
    rep_i = order[0]
    rep = members[rep_i]
    # Sub-event type: the one most members give; ties go to the best-ranked member's.
    votes: dict[str, int] = {}
    for e in members:
        votes[e.sub_event_type] = votes.get(e.sub_event_type, 0) + 1
    top = max(votes.values())
    sub = rep.sub_event_type if votes[rep.sub_event_type] == top else next(
        members[i].sub_event_type for i in order if votes[members[i].sub_event_type] == top)
    event_type = rep.event_type if sub == rep.sub_event_type else next(
        e.event_type for e in members if e.sub_event_type == sub)
    # Fatalities: the most conservative credible figure, the range kept.
    figures = [e.fatalities for e in members if e.fatalities and e.fatalities > 0]
    if figures:
        low, high = min(figures), max(figures)
        if len(members) == 1:
            rule = f"{low} as reported"
        elif low == high:
            rule = f"{low}: every source that gives a figure says {low}"
        else:
            rule = (f"{low}: the lowest of the figures reported ({', '.join(str(f) for f in figures)}); "
                    f"range {low}-{high}")
        if len(figures) < len(members):
            rule += f"; {len(members) - len(figures)} source(s) give no figure"
    else:
        low = high = 0
        rule = "0: no source reports a death"
    sources: list[str] = []
    for i in order:
        for s in _split_sources(members[i].source):
            if s not in sources:
                sources.append(s)
    evidence = []
    for i in order:
        evidence += [ev for ev in members[i].evidence if ev not in evidence]
    notes = rep.notes
    if len(members) > 1:
        notes = (f"{notes} Reported by {len(members)} sources; "
                 + (f"fatalities reported {low}-{high}, coded {low} (the lowest)." if low != high
                    else f"fatalities coded {low}.")).strip()
    event = replace(rep, sub_event_type=sub, event_type=event_type, fatalities=low,
                    source="; ".join(sources), notes=notes,
                    confidence=max((e.confidence or 0.0) for e in members), evidence=evidence)
    return Reconciliation(event=event, fatalities_low=low, fatalities_high=high, n_sources=len(members),
                          fatality_rule=rule, representative=rep_i, sources=sources)
