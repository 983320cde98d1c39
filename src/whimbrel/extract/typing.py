"""Turns a trigger kind and the actors around it into an ACLED sub-event type.

The rules restate ACLED's definitions: violence between two armed groups is a clash, against
civilians an attack; an "arrest" by a non-state group is an abduction; a protest met with
force is a protest with intervention, or excessive force when it turns lethal; a crowd that
attacks people is mob violence; territory taken by the state is regained, by others overtaken.
"""
from __future__ import annotations

from ..models import ActorRef

# Within the violence family, the most specific weapon decides.
VIOLENCE_PRIORITY = ("suicide", "chemical", "air", "remote", "exchange", "grenade", "shelling", "heavy_guns",
                     "battle", "explosion", "air_vehicle", "violence")
# Civilians named as a group that attacks someone are a mob (ACLED: mob violence by rioters).
CROWD_WORDS = {"locals", "residents", "villagers", "people", "crowd", "mob", "youths", "men",
               "inhabitants", "community", "members", "group", "groups", "citizens", "nationals",
               "farmers", "workers", "students", "supporters", "traders", "neighbours", "neighbors",
               "shopkeepers", "vendors", "merchants", "relatives", "passengers", "devotees",
               "voters", "fans", "pupils", "hawkers"}
# Words that show weapons in a fight: without them, a clash between civilians is a brawl.
WEAPON_WORDS = {"gun", "guns", "gunmen", "gunned", "armed", "shot", "shots", "shooting", "fire", "fired",
                "rifle", "rifles", "firearm", "firearms", "bullet", "bullets", "grenade", "ak-47"}
ARMED = {1, 2, 3, 4, 8}


def between_crowds(head) -> bool:
    """"a clash took place between two groups of villagers": the sides are crowds."""
    for tok in (head, head.head):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between" and any(
                    p.dep_ == "pobj" and p.lower_ in CROWD_WORDS for p in c.children):
                return True
    return False


def _head_word(ref: ActorRef) -> str:
    """The last word of how the text names an actor ("angry residents" -> "residents")."""
    return ref.surface.split()[-1].lower()


def _inters(refs: list[ActorRef | None]) -> list[int]:
    return [r.inter for r in refs if r is not None and r.inter]


def violence_kind(kinds: set[str]) -> str:
    # Aircraft named beside a bombing or an attack make it an air strike.
    if "air_vehicle" in kinds and kinds & {"remote", "violence"} and not kinds & {"battle", "shelling"}:
        return "air"
    # Heavy machine guns fired at an area, sniper fire or not: shelling (not an exchange of fire).
    if "heavy_guns" in kinds and not kinds & {"exchange", "air", "air_vehicle", "remote", "suicide"}:
        return "shelling"
    # Mortars fired together with small arms, or a clash "with heavy artillery": a clash.
    if "shelling" in kinds and "battle" in kinds:
        return "battle"
    for k in VIOLENCE_PRIORITY:
        if k in kinds:
            return k
    return "violence"


def sub_event_type(kind: str, actor1: ActorRef | None, actor2: ActorRef | None,
                   modifiers: set[str] = frozenset(), lethal: bool = False) -> str:
    """The sub-event type for one mention. `modifiers` are the other trigger kinds in its group."""
    a1 = actor1.inter if actor1 else 0
    a2 = actor2.inter if actor2 else 0
    if kind == "air" or kind == "air_vehicle":
        return "Air/drone strike"
    if kind == "shelling":
        return "Shelling/artillery/missile attack"
    if kind in {"remote", "explosion"}:
        return "Remote explosive/landmine/IED"
    if kind == "exchange":
        return "Armed clash"
    if kind == "suicide":
        return "Suicide bomb"
    if kind == "grenade":
        return "Grenade"
    if kind == "chemical":
        return "Chemical weapon"
    if kind in {"battle", "violence"}:
        if a1 in {5} or (actor1 and actor1.key == "rioters"):
            return "Mob violence"
        if kind == "battle" and a1 in {0, 7} and a2 in {0, 7} and (actor1 or actor2) and \
                "armed" not in modifiers:
            return "Mob violence"  # two groups of villagers fighting with sticks
        crowd = next((a for a in (actor1, actor2) if a is not None and a.inter == 7
                      and _head_word(a) in CROWD_WORDS), None)
        if kind == "battle" and crowd is not None and {a1, a2} & {1}:
            return "Mob violence"  # traders or residents fighting the police: a riot
        if actor1 is not None and a1 == 7 and _head_word(actor1) in CROWD_WORDS and not (
                _head_word(actor1) == "men" and "armed" in modifiers):
            return "Mob violence"  # (but "men in a car opened fire" are gunmen)
        if a1 in ARMED and a2 in ARMED:
            return "Armed clash"
        if 7 in (a1, a2) or (kind == "violence" and not (a1 in ARMED and a2 in ARMED)):
            return "Attack"
        return "Armed clash"
    if kind in {"protest", "riot", "mob"}:
        if kind == "mob" or "mob" in modifiers:
            return "Mob violence"
        if kind == "riot" or "riot" in modifiers or "looting" in modifiers:
            return "Violent demonstration"
        if lethal:
            return "Excessive force against protesters"
        if modifiers & {"arrest", "intervention", "violence", "battle"}:
            return "Protest with intervention"
        return "Peaceful protest"
    if kind == "abduction":
        return "Abduction/forced disappearance"
    if kind == "sexual":
        return "Sexual violence"
    if kind == "arrest":
        # Detention by a non-state group is an abduction, by the state an arrest.
        if a1 in {2, 3, 4} or (actor1 and actor1.kind == "named" and a1 != 1):
            return "Abduction/forced disappearance"
        return "Arrests"
    if kind == "agreement":
        return "Agreement"
    if kind == "change":
        return "Change to group/activity"
    if kind == "curfew":
        return "Other" if a1 in {2, 3, 4} else "Change to group/activity"
    if kind == "disrupted":
        return "Disrupted weapons use"
    if kind == "base":
        return "Headquarters or base established"
    if kind == "looting" and actor1 is not None and (
            a1 == 5 or a1 == 7 and _head_word(actor1) in CROWD_WORDS):
        return "Mob violence"  # residents or students burning a house or a school: a riot (ACLED)
    if kind in {"looting", "livestock", "seizure"}:  # livestock theft alone is typed by the event (assemble.py)
        return "Looting/property destruction"
    if kind == "territory":
        if a1 == 1 or "regain" in modifiers:
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if kind == "transfer":
        return "Non-violent transfer of territory"
    return "Other"
