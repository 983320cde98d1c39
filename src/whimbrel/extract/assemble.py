"""Merges the mentions of one report into its events.

Mentions of one event (same sub-event type, or the same family where one is less specific;
dates and places that agree; actors that do not conflict) become one draft. A mention with no
date or place of its own joins the nearest compatible event, earlier sentences first. Running
totals and background references never start an event, and their counts are never added.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..models import ActorRef, DateRef, FatalityCount, Mention, Place
from ..geo.distance import km
from .actors import same_side
from .fatalities import most_credible
from .sides import UNNAMED_POLICE
from .typing import ARMED

# Sub-event types whose mentions can join an event of a more specific type of the same family.
_GENERIC = {"Attack", "Armed clash"}
_EXCHANGE = {"Armed clash", "Shelling/artillery/missile attack"}
_PROTEST_STRENGTH = ["Peaceful protest", "Protest with intervention", "Violent demonstration",
                     "Mob violence", "Excessive force against protesters"]
_DEMONSTRATION_SUBS = {"Peaceful protest", "Protest with intervention", "Violent demonstration"}
_FEATURE_RANK = {"village": 0, "other": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}


@dataclass
class PlacedMention:
    mention: Mention
    place: Place | None
    place_note: str = ""
    absorbed: bool = False  # a detail of another event (arrests at a protest): evidence, not type


# Report-level absorption: an event of the key family takes in compatible mentions of these
# families as details of itself. Territory changes are left out: across a report, the fighting
# around a town is its own event; only the fighting of the same sentence is part of the takeover.
# Keys are the host's trigger family; values the coded sub-event types it takes in (an "arrest"
# by an armed group is an abduction, an event of its own, so it is not taken in).
ABSORBS = {
    "violence": {"Arrests", "Looting/property destruction", "Change to group/activity"},
    "protest": {"Arrests", "Attack", "Armed clash", "Change to group/activity", "Looting/property destruction"},
    "sexual": {"Attack", "Abduction/forced disappearance"},
    "abduction": {"Looting/property destruction", "Arrests"},
}
# Families whose events, told after another event of the report, are its consequences or
# context ("the police chief was dismissed over the incident", "prisoners were released after
# the protests"): ACLED codes the lead event, not these. Told first, or with who did it
# ("Damascus dismissed the security chiefs"), they are events of their own.
CONSEQUENCE_FAMILIES = {"other"}
# Absorbed details that show force used on a protest.
_INTERVENTION_FAMILIES = {"arrest", "violence"}
_SINGULAR_TARGETS = {"he", "she", "him", "her"}
# Protests and riots whose other side is the forces that met them.
_MET_BY_FORCE = {"Protest with intervention", "Excessive force against protesters", "Violent demonstration"}
# Events in which the capture of an armed side is part of the fighting.
_FIGHTS = {"Armed clash", "Violent demonstration", "Mob violence"}
_LENT_PLACE_KM = 25.0
_REFERRING_DETERMINERS = {"the", "this", "that", "these", "those"}


@dataclass
class Draft:
    members: list[PlacedMention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.members[0].mention

    def mentions(self) -> list[Mention]:
        """The mentions that describe this event itself (not absorbed details)."""
        return [pm.mention for pm in self.members if not pm.absorbed]

    def all_mentions(self) -> list[Mention]:
        return [pm.mention for pm in self.members]

    @property
    def sub_event_type(self) -> str:
        sub = self.sub_event_type_as_detail
        if sub == "Looting/property destruction" and any(m.kind == "livestock" for m in self.mentions()):
            return "Attack"  # livestock driven off, as an event of its own, is a raid on its herders
        return sub

    @property
    def sub_event_type_as_detail(self) -> str:
        """The type of this draft as a detail of another event: livestock stolen during an
        abduction is part of it, like any other looting."""
        subs = [m.sub_event_type for m in self.mentions()]
        if all(s in _PROTEST_STRENGTH for s in subs):
            strongest = max(subs, key=_PROTEST_STRENGTH.index)
            absorbed = [pm.mention for pm in self.members if pm.absorbed]
            if strongest == "Mob violence" and any(s in _DEMONSTRATION_SUBS for s in subs) and all(
                    m.kind == "riot" for m in self.mentions() if m.sub_event_type == "Mob violence"):
                return "Violent demonstration"  # stones thrown at a demonstration told beside them
            if strongest in {"Peaceful protest", "Protest with intervention"} and any(
                    m.sub_event_type == "Looting/property destruction" for m in absorbed):
                return "Violent demonstration"  # the crowd burned or wrecked property
            if strongest == "Peaceful protest" and any(
                    pm.absorbed and pm.mention.family in _INTERVENTION_FAMILIES and not _singular_target(pm.mention)
                    for pm in self.members):
                return "Protest with intervention"
            return strongest
        if _EXCHANGE <= set(subs):
            # Remote violence is one-sided; shelling answered by the same foe's fire the same
            # day is a clash.
            return "Armed clash"
        specific = [s for s in subs if s not in _GENERIC]
        if specific:
            return specific[0]
        # Armed clash wins over Attack only when a mention saw both sides armed.
        return "Armed clash" if "Armed clash" in subs else subs[0]

    @property
    def date(self) -> DateRef | None:
        dated = [m.date for m in self.mentions() if m.date is not None and m.date.date is not None]
        return min(dated, key=lambda d: d.precision) if dated else None

    @property
    def place(self) -> Place | None:
        own = [pm for pm in self.members if pm.place is not None and not pm.absorbed]
        # A place lent by the sentences around a mention counts only where it agrees with one
        # a mention's own sentence names ("The area is part of the Golden Triangle" is no place).
        named = [pm.place for pm in own if _names_its_place(pm.mention)]
        lent = [pm.place for pm in own if not _names_its_place(pm.mention)]
        placed = named + [p for p in lent if not named or any(
            p.country == n.country and _places_agree(p, n, _LENT_PLACE_KM) for n in named)]
        if not placed:
            # Placed only by its details ("raided a home in Freetown ... a riot broke out"):
            # the event happened where they did.
            placed = [pm.place for pm in self.members if pm.place is not None]
        if not placed:
            return None
        return min(placed, key=lambda p: (p.geo_precision, _FEATURE_RANK.get(p.feature, 1)))

    def actor(self, which: str) -> ActorRef | None:
        named = [getattr(m, which) for m in self.mentions() if getattr(m, which) is not None]
        found = named[0] if named else None
        if which == "actor2" and (found is None or found.inter == 7) and self.sub_event_type in _MET_BY_FORCE:
            # the forces that met a protest or riot are its other side before the people it harmed
            return next((a for a in named if a.inter in {1, 8}), None) or self._intervening_force() or found
        return found

    def _intervening_force(self) -> ActorRef | None:
        """The forces that met a protest, told only in its details ("Police made arrests.",
        "31 teachers were arrested at the protest"): those the detail names, or the police,
        who make arrests at protests."""
        for pm in self.members:
            m = pm.mention
            if not pm.absorbed or m.family not in _INTERVENTION_FAMILIES:
                continue
            if m.actor1 is not None and m.actor1.inter in {1, 8}:
                return m.actor1
            if m.family == "arrest" and m.actor1 is None:
                return UNNAMED_POLICE
        return None

    @property
    def fatalities(self) -> FatalityCount | None:
        # The dead of a detail told with the event count too ("raped a woman, killed 6 civilians").
        return most_credible([m.fatalities for m in self.all_mentions() if m.fatalities is not None and not m.background])


def _singular_target(m: Mention) -> bool:
    """"He was arrested": one person held, not a protest broken up."""
    if m.actor2 is not None and m.actor2.surface.lower() in _SINGULAR_TARGETS:
        return True
    first_word = m.evidence[0].sentence.split(maxsplit=1)[0].lower() if m.evidence else ""
    return first_word in _SINGULAR_TARGETS


def _km(a: Place, b: Place) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return 0.0 if a.location == b.location else math.inf
    return km(a.latitude, a.longitude, b.latitude, b.longitude)


def _same_type(m: Mention, d: Draft) -> bool:
    if m.family != d.first.family:
        return False
    if m.sub_event_type == d.sub_event_type or m.family == "protest":
        return True
    if {m.sub_event_type, d.sub_event_type} == _EXCHANGE and _same_pair(m, d):
        return True  # one side shelled, the other fired back: one clash (see sub_event_type_as_detail)
    # A bare killing ("10 soldiers died", "one person was killed in the clash") can join any
    # violent event and take its type.
    if m.family == "violence":
        bare = m.kind in {"violence", "battle", "explosion"} and m.actor1 is None
        return m.kind == "violence" or bare or all(x.kind == "violence" for x in d.mentions())
    return False


def _same_pair(m: Mention, d: Draft) -> bool:
    """No side of the mention is a third party to the draft's sides (either order; a side not
    named is no conflict: "monitors recorded 23 explosions near X" after "rebels shelled X")."""
    theirs = [a for a in (d.actor("actor1"), d.actor("actor2")) if a is not None]
    return not theirs or all(any(same_side(a, b) for b in theirs) for a in (m.actor1, m.actor2) if a is not None)


def _dates_agree(a: DateRef | None, b: DateRef | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return True
    window = {1: 0, 2: 6, 3: 31}[max(a.precision, b.precision)]
    if a.precision == 1 and b.precision == 1:
        window = 0
    return abs((a.date - b.date).days) <= window


def _actors_agree(m: Mention, d: Draft) -> bool:
    if m.family == "protest":
        return True  # protesters and the rioters they became are one crowd
    a1, b1 = m.actor1, d.actor("actor1")
    if a1 is None or b1 is None:
        return True
    if same_side(a1, b1):
        return True
    b2 = d.actor("actor2")
    return b2 is not None and same_side(b2, a1)


def _places_agree(a: Place | None, b: Place | None, km_limit: float) -> bool:
    if a is None or b is None:
        return True
    # A country or province named alone contains the towns of the same report.
    for wide, other in ((a, b), (b, a)):
        if wide.feature == "country" and wide.country == other.country:
            return True
        if wide.feature == "admin1" and wide.admin1 and wide.admin1 == other.admin1:
            return True
    return _km(a, b) <= km_limit


def _names_its_place(m: Mention) -> bool:
    """Whether the mention's own sentence names its place (else it was lent by the sentences
    around it: "The area is part of the Golden Triangle. One suspect was injured.")."""
    spans = [(e.start, e.end) for e in m.evidence[:1]]
    return not spans or any(lo <= t.start < hi for t in m.toponyms for lo, hi in spans)


def _nothing_of_its_own(m: Mention) -> bool:
    """A mention with no attacker, date or place of its own ("One officer died.", "The attack
    caused damage."): it tells more of an event the report has already told."""
    return m.actor1 is None and m.date is None and not _names_its_place(m)


def _compatible(pm: PlacedMention, d: Draft, km_limit: float) -> bool:
    if not _same_type(pm.mention, d) or not _actors_agree(pm.mention, d):
        return False
    if not _dates_agree(pm.mention.date, d.date):
        return False
    if _nothing_of_its_own(pm.mention):
        return True  # a bare toll with no date or place of its own belongs to the event before it
    return _places_agree(pm.place, d.place, km_limit)


def _absorb(drafts: list[Draft], km_limit: float) -> list[Draft]:
    """Fold drafts that are details of another event (ABSORBS) into it."""
    kept: list[Draft] = []
    for d in drafts:
        sub = d.sub_event_type_as_detail
        # A draft already folded into another is no host (and has no type of its own left).
        hosts = [h for h in drafts if h is not d and not any(pm.absorbed for pm in h.members if pm.mention is h.first)
                 and not (_refers_back(h) and _told_at(h) > _told_at(d))]
        host = next((h for h in hosts if (sub in ABSORBS.get(h.first.family, ())
                                          or _part_of_host(d, h) or _seized_in_fight(d, h))
                     and _dates_agree(d.date, h.date) and _places_agree(d.place, h.place, km_limit)), None)
        if host is None and (d.first.family in CONSEQUENCE_FAMILIES and d.actor("actor1") is None
                             or _refers_back(d)):
            host = _earlier_event(d, drafts)
        if host is None or _lethal(d) and host.first.family == "protest" and not _toll_of_mob(d, host) \
                and not _forces_met_riot(d, host):
            kept.append(d)  # a killing at a protest stays an event of its own unless read together
            continue
        for pm in d.members:
            pm.absorbed = True
            host.members.append(pm)
    return [d for d in kept if not all(pm.absorbed for pm in d.members)]


def _part_of_host(d: Draft, host: Draft) -> bool:
    """Whether abduction draft d is part of host: kidnapped and then killed ("was abducted and
    stabbed to death", "ten were taken hostage in the attack that killed 14 soldiers"), or an
    armed side captured in the report's fight. ACLED codes the killing or the fight; an abduction
    with no one killed stays an event of its own."""
    if d.sub_event_type_as_detail != "Abduction/forced disappearance":
        return False
    taken = d.actor("actor2")
    if taken is not None and taken.inter in ARMED and host.sub_event_type in _FIGHTS:
        # Fighters or police captured, or held hostage by rioters, in the report's fight: part of it.
        return True
    if host.first.family != "violence" or not _lethal(host):
        return False
    told = {m.sentence_index for m in d.mentions()}
    if any(m.sentence_index in told for m in host.mentions()):
        return True
    # "A man was kidnapped on Monday. His body was found the next day" (or the other way round).
    return host.sub_event_type == "Attack" and any(0 < abs(m.sentence_index - s) <= 2
                                                   for m in host.mentions() for s in told)


def _seized_in_fight(d: Draft, host: Draft) -> bool:
    """Weapons seized, attacks thwarted or a drone shot down in the report's armed clash or
    attack ("police said they recovered weapons from the rebels", "gunned down a suspect and
    recovered two grenades") are part of it; an IED found and defused on its own is an event
    of its own."""
    return d.sub_event_type_as_detail == "Disrupted weapons use" and host.first.family == "violence" \
        and host.sub_event_type != "Remote explosive/landmine/IED"  # a bomb found beside one that went off


def _told_at(x: Draft) -> tuple[int, int]:
    return min((m.sentence_index, m.trigger_start) for m in x.mentions())


def _earlier_event(d: Draft, drafts: list[Draft]) -> Draft | None:
    """The report's event told before d, of another family: the one d follows from."""
    start = _told_at(d)
    return next((h for h in drafts if h is not d and h.first.family != d.first.family
                 and not any(pm.absorbed for pm in h.members if pm.mention is h.first)
                 and _told_at(h) < start), None)


def _refers_back(d: Draft) -> bool:
    """"An arson attack on a factory ... The attack caused material damage.": a later sentence
    that names "the attack" with no side, date or place of its own tells the event before it."""
    for m in d.mentions():
        if not _nothing_of_its_own(m) or m.actor2 is not None or not m.evidence:
            return False
        ev = m.evidence[0]
        before = ev.sentence[:max(0, m.trigger_start - ev.start)].lower().split()
        if not before or before[-1] not in _REFERRING_DETERMINERS:
            return False
    return True


def _toll_of_mob(d: Draft, host: Draft) -> bool:
    """The dead a mob's report counts after it ("1 killed, 3 injured.", "One officer died.")
    are the mob's: a toll told with no attacker, date or place of its own."""
    return host.sub_event_type == "Mob violence" and all(_nothing_of_its_own(m) for m in d.mentions())


def _forces_met_riot(d: Draft, host: Draft) -> bool:
    """"Rioting broke out after the results. Police intervened, shooting dead 9.": the dead of
    the forces' response to a riot are the riot's (ACLED codes one violent demonstration with
    its toll); a killing at a peaceful protest stays an event of its own."""
    return host.sub_event_type == "Violent demonstration" and all(
        m.actor1 is not None and m.actor1.inter == 1 and (m.actor2 is None or m.actor2.inter in {5, 6, 7})
        and m.sentence_index > host.first.sentence_index  # told as the response, after the riot
        for m in d.mentions())


def _lethal(d: Draft) -> bool:
    f = d.fatalities
    return f is not None and f.count > 0


def assemble(placed: list[PlacedMention], km_limit: float = 25.0) -> list[Draft]:
    """Group a report's mentions into event drafts (see module docstring)."""
    drafts: list[Draft] = []
    dated = [pm for pm in placed if pm.mention.date is not None and pm.mention.date.date is not None]
    undated = [pm for pm in placed if pm not in dated]
    for pm in dated:
        if pm.mention.background:
            continue
        match = next((d for d in drafts if _compatible(pm, d, km_limit)), None)
        if match is None:
            drafts.append(Draft([pm]))
        else:
            match.members.append(pm)
    for pm in undated:
        if pm.mention.background:
            continue
        si = pm.mention.sentence_index
        candidates = [d for d in drafts if _compatible(pm, d, km_limit)]
        if candidates:
            # Nearest event in the text, earlier sentences first.
            def distance(d: Draft) -> tuple[int, int]:
                gaps = [si - m.sentence_index for m in d.mentions()]
                before = [g for g in gaps if g >= 0]
                return (0, min(before)) if before else (1, min(-g for g in gaps))
            min(candidates, key=distance).members.append(pm)
        else:
            drafts.append(Draft([pm]))
    # Running totals: their evidence supports the events they sum up, their counts do not.
    for pm in placed:
        if pm.mention.background:
            for d in drafts:
                if _same_type(pm.mention, d) and pm.place is not None and d.place is not None \
                        and _km(pm.place, d.place) <= km_limit * 3:
                    d.first.notes.extend(n for n in pm.mention.notes if n not in d.first.notes)
                    break
    drafts = _absorb(drafts, km_limit)
    for d in drafts:
        d.members.sort(key=lambda pm: pm.mention.sentence_index)
    drafts.sort(key=lambda d: min(m.sentence_index for m in d.mentions()))
    return drafts
