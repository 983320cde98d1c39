"""ACLED's conventions for who a side of an event is, applied to the actor references of a
mention: a capital standing for the state's forces, a crowd as rioters, the people of a
community or a member of the forces off duty as civilians, a suspect a mob caught as a civilian,
the people on each side of a fight between communities as their militias, an armed crowd as an
armed group, and the civilians a riot harmed. Each takes references and returns them, or the
references the convention makes of them.
"""
from __future__ import annotations

import re

from ..models import ActorRef
from .actors import CIVILIAN_TARGETS, arguments

# Words that make a community's name its fighters ("Turkana warriors"), not its people.
FIGHTER_WORDS = {"militia", "militias", "militiamen", "militiaman", "warriors", "warrior", "raiders",
                 "fighters", "gunmen", "bandits", "rustlers", "attackers", "youths", "men", "group",
                 "groups", "clan", "clans", "forces", "army"}
OFF_DUTY = re.compile(r"\boff[- ]duty\b", re.I)
# Sides a convention supplies where the text names none: the police who make arrests at a
# protest, the mob that lynches.
UNNAMED_POLICE = ActorRef("police", "role", "police", 1)
UNNAMED_MOB = ActorRef("mob", "role", "rioters", 5)
# A fight between communities: ethnic, tribal or clan clashes, rival clans, herders and farmers.
_HERDERS = r"(?:herders|herdsmen|pastoralists)"
COMMUNAL_FIGHT = re.compile(
    r"\b(?:inter-?)?(?:ethnic|tribal|clan|communal|inter-?communal)\s+(?:clash|skirmish|fight|violence|conflict|war|feud)"
    r"|\brival\s+(?:clans|tribes|ethnic groups)\b"
    r"|\bbetween\b[^.;]{0,50}\b(?:clans|tribes|ethnic groups|communities)\b"
    rf"|\bfarmers\b[^.]{{0,80}}\b{_HERDERS}\b|\b{_HERDERS}\b[^.]{{0,80}}\bfarmers\b", re.I)


def _civilian(ref: ActorRef, community: str = "") -> ActorRef:
    return ActorRef(ref.surface, "role", "civilians", 7, country=ref.country, start=ref.start, end=ref.end,
                    community=community)


def as_rioters(ref: ActorRef) -> ActorRef:
    """A crowd that attacks someone, or fights another, is coded as rioters."""
    return ActorRef(ref.surface, "role", "rioters", 5, country=ref.country, start=ref.start, end=ref.end)


def military_for_capital(ref: ActorRef | None) -> ActorRef | None:
    """In violence, a capital standing for the state means its armed forces ("Damascus bombed ...")."""
    if ref is None or ref.kind != "capital":
        return ref
    return ActorRef(ref.surface, "role", "military", 1, country=ref.key, start=ref.start, end=ref.end)


def people_of_community(ref: ActorRef | None) -> ActorRef | None:
    """"Pokot militia killed two Turkana": the people of a community that armed men attack
    are civilians of that community; its militia fights ("Turkana warriors", "Turkana militia")."""
    if ref is None or ref.kind != "named" or ref.inter != 4 or ref.start < 0:
        return ref
    if set(ref.surface.lower().split()) & FIGHTER_WORDS:
        return ref
    return _civilian(ref, community=ref.key)


def off_duty_as_civilian(ref: ActorRef | None, doc) -> ActorRef | None:
    """"An off-duty police officer was shot", "a soldier (off-duty)": ACLED codes a member of
    the forces harmed off duty as a civilian."""
    if ref is None or ref.inter != 1 or ref.start < 0:
        return ref
    if not OFF_DUTY.search(doc.text[max(0, ref.start - 25):ref.end + 30]):
        return ref
    return _civilian(ref)


def suspect_as_civilian(ref: ActorRef | None) -> ActorRef | None:
    """"A mob lynched a suspected robber": one suspect caught by a mob is a civilian, not a gang."""
    if ref is None or ref.kind != "role" or ref.key != "gang":
        return ref
    return _civilian(ref)


def community_fighters(ref: ActorRef | None) -> ActorRef | None:
    """"Turkana villagers clash with Karamojong": a community's people who fight an armed
    group are that community's militia."""
    if ref is None or ref.inter != 7 or not ref.community:
        return ref
    return ActorRef(ref.surface, "named", ref.community, 4, start=ref.start, end=ref.end)


def place_not_side(ref: ActorRef | None, target_nouns: set[str]) -> ActorRef | None:
    """"Rival groups clash at a farm": the farm or village where a clash happens is no side of it
    (in an attack it stands for the people there)."""
    if ref is None or ref.kind != "role" or ref.key != "civilians" or ref.community:
        return ref
    return None if ref.surface.split()[-1].lower() in target_nouns else ref


def clash_among_themselves(subject, actor1: ActorRef | None, actor2: ActorRef | None,
                           clash_word: bool = False) -> ActorRef | None:
    """"Rival Maasai groups clash", "clan militias clashed": a plural armed subject that fights
    no one else fights its own; ACLED codes the group on both sides. The people killed in
    communal clashes are their casualties, not a side."""
    if actor1 is None or actor1.inter not in {2, 3, 4}:
        return actor2
    if actor1.kind == "role" and actor1.key == "militia" and clash_word and (
            actor2 is None or actor2.kind == "role" and actor2.key == "civilians" and not actor2.community):
        return actor1  # "13 people killed in tribal clashes": communities fought, none named
    if actor2 is not None:
        return actor2
    if subject is None:
        return actor2
    if subject.tag_ not in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children):
        return actor2  # "Kikuyu and Maasai clashed" names both sides itself
    return actor1


def communal_sides(actor1: ActorRef | None, actor2: ActorRef | None, text: str) -> tuple[ActorRef, ActorRef]:
    """"Farmers clashed with pastoralists", "ethnic clashes left three dead": in a fight between
    communities (COMMUNAL_FIGHT) the people on each side, named or not, are their communities'
    militias (ACLED: communal, ethnic, clan or tribal militias in an armed clash), not a mob.
    The report's word for the fight ("ethnic clashes", "clan fighting") names them."""
    kind = next((k for k in ("ethnic", "tribal", "clan") if re.search(rf"\b{k}", text, re.I)), "communal")
    if kind == "communal" and re.search(r"\btribes?\b", text, re.I):
        kind = "tribal"

    def militia(ref: ActorRef | None) -> ActorRef:
        if ref is None:
            return ActorRef(f"{kind} militia", "role", "militia", 4)
        if ref.inter not in {0, 5, 7}:
            return ref
        if ref.community:
            return community_fighters(ref)
        return ActorRef(f"{kind} militia", "role", "militia", 4, country=ref.country, start=ref.start, end=ref.end)
    return militia(actor1), militia(actor2)


# "armed youths", "youths armed with machetes": a crowd carrying weapons is an armed group
# (but not one "armed with sticks and placards").
_ARMED_BEFORE = re.compile(r"\barmed\s+(?:\w+\s+)?$", re.I)
_ARMED_WITH_WEAPONS = re.compile(r"\s+armed\s+with\s+[^.;]{0,40}?\b(?:guns?|rifles?|machetes?|pangas?|knives|"
                                 r"bows?|arrows?|spears?|pistols?|firearms?|AK-?47s?)\b", re.I)
_CROWD_HEADS = {"youth", "youths", "men", "villagers", "residents", "crowd", "group"}


def armed_crowd_as_group(ref: ActorRef | None, text: str) -> ActorRef | None:
    """"Armed youths attacked journalists": people described as armed are an unidentified armed
    group, not a mob (ACLED codes mob violence for unarmed crowds)."""
    if ref is None or ref.kind != "role" or ref.key != "civilians" or ref.community or ref.start < 0:
        return ref
    if ref.surface.split()[-1].lower() not in _CROWD_HEADS:
        return ref
    head_at = ref.start + ref.surface.rfind(" ") + 1  # "armed" may stand inside the phrase: "a group of armed youths"
    if not (_ARMED_BEFORE.search(text, max(0, head_at - 25), head_at) or _ARMED_WITH_WEAPONS.match(text, ref.end)):
        return ref
    return ActorRef(ref.surface, "role", "armed_group", 3, country=ref.country, start=ref.start, end=ref.end)


def civilians_harmed_by_crowd(group, refs: dict[int, ActorRef], doc) -> ActorRef | None:
    """"Rioters attacked and injured journalists", "pelted teachers with stones": the civilians a
    crowd's violence was done to, among the triggers of a riot; None when it struck no one
    named, struck the forces, or those named as harmed are the crowd itself."""
    for t in group:
        if t.family not in {"violence", "protest"} or t.kind in {"protest", "mob"}:
            continue
        head = doc[t.start:t.end].root
        agents, objects = arguments(head, refs)
        if any(o.inter in {1, 3, 8} for o in objects):
            continue
        for o in objects:
            if o.inter == 7 and o not in agents and o.surface.split()[-1].lower() not in CIVILIAN_TARGETS \
                    and not any(c.dep_ == "nsubjpass" and c.left_edge.idx <= o.start <= c.right_edge.idx
                                for c in head.children):
                return o
    return None
