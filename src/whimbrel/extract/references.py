"""Mentions that refer back to what the report told before: "the attack" or "the clash" named
again, arrests made in an operation already told, and descriptions ("the militants") that stand
for a group the report named."""
from __future__ import annotations

import re

from spacy.tokens import Span

from ..models import ActorRef, Evidence, Mention

# Descriptions that refer back to a group named earlier ("the Islamist group", "the militants").
_ANAPHORIC_ROLES = {"armed_group"}
_NOT_ANAPHORIC = r"\b(?:unidentified|unknown|other|rival|another)\b"
# Nouns by which a report refers back to its event, whatever its type ("the attack", "the incident").
_GENERIC_EVENT_NOUNS = {"attack", "incident", "shooting", "assault"}


def refers_back(m: Mention, sent: Span, earlier: list[Mention]) -> bool:
    """"Two were shot dead by gunmen. The reason for the killing is not known.": "the
    killing", with no date of its own and of the same type, is the attack told before, not a
    second one; so is "the clash" after an armed clash. Its toll, if the first had none, is
    that event's. ("The perpetrator died in the clash" says more than an attack before it:
    it is left to the assembly.)"""
    if m.family != "violence" or m.date is not None:
        return False
    host = next((e for e in reversed(earlier) if e.family == "violence" and not e.background), None)
    tok = next((t for t in sent if t.idx == m.trigger_start), None)
    if host is None or tok is None or tok.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children):
        return False
    if any(c.dep_ in {"poss", "compound", "amod"} or c.dep_ == "prep" and c.lower_ == "by" for c in tok.children) \
            and any(a is not None and a.kind == "named" for a in (m.actor1, m.actor2)):
        return False  # "Al Shabaab claimed the blast", "the ISIS attack": who did it; the assembly joins them
    # "One person was killed in the clash": the armed clash told before, whatever the dead
    # alone would make of it; "the attack could be related to ..." is the event told before.
    if host.sub_event_type != m.sub_event_type and not (
            m.kind == "battle" and host.sub_event_type == "Armed clash"
            or m.kind == "violence" and tok.lemma_.lower() in _GENERIC_EVENT_NOUNS and m.fatalities is None):
        return False
    if m.fatalities is not None and host.fatalities is None:
        host.fatalities = m.fatalities
    named = m.actor1 if m.actor1 is not None and m.actor1.kind == "named" else None
    if named is not None and (host.actor1 is None or host.actor1.kind == "role" and host.actor1.inter in {2, 3}) \
            and _subject_of_governing_verb(tok, named):
        host.actor1 = named  # "Al Shabaab claimed responsibility for the attack", "Taliban planted the bomb"
    host.evidence.append(Evidence(sent.text, sent.start_char, sent.end_char))
    return True

def arrest_in_operation(m: Mention, sent: Span, earlier: list[Mention]) -> bool:
    """"Police seized 3 tons of marijuana. Two people were arrested.": arrests with no agent
    and no date of their own, told after a seizure or a defused bomb, were made in that
    operation; ACLED codes the operation once."""
    if m.sub_event_type != "Arrests" or m.date is not None or m.actor1 is not None or not earlier:
        return False
    host = earlier[-1]
    if host.background or host.sub_event_type not in {"Looting/property destruction", "Disrupted weapons use"} \
            or host.actor1 is None or host.actor1.inter != 1:
        return False
    host.evidence.append(Evidence(sent.text, sent.start_char, sent.end_char))
    return True


def resolve_anaphora(refs: dict[int, ActorRef], named_armed: list[ActorRef]) -> dict[int, ActorRef]:
    """"the Islamist group", "the militants" -> the armed group the report named last; "an
    attack by Taliban militants, killing 2 militants" -> the one group this sentence named
    before them."""
    named_here = {r.key: r for r in refs.values() if r.kind == "named" and r.inter in {2, 3}}
    first_named = min((r.start for r in named_here.values()), default=-1)
    out = {}
    for i, r in refs.items():
        if r.kind == "role" and r.key in _ANAPHORIC_ROLES and r.surface.lower().startswith("the ") \
                and named_armed:
            out[i] = named_armed[-1]
        elif r.kind == "role" and r.key in _ANAPHORIC_ROLES and len(named_here) == 1 \
                and not r.country and 0 <= first_named < r.start \
                and not re.search(_NOT_ANAPHORIC, r.surface, re.I):
            out[i] = next(iter(named_here.values()))
        elif r.kind == "role" and r.key in _ANAPHORIC_ROLES and not named_here and not r.country \
                and len(groups := {a.key: a for a in named_armed if a.inter in {2, 3}}) == 1 \
                and not re.search(_NOT_ANAPHORIC, r.surface, re.I):
            # "Al Shabaab attacked a base ... five militants and one soldier were killed": the
            # one rebel or armed group the report has named.
            out[i] = next(iter(groups.values()))
        else:
            out[i] = r
    return out


def _subject_of_governing_verb(tok, ref: ActorRef) -> bool:
    """Whether `ref` is the subject of the verb the noun `tok` hangs from ("Taliban planted the
    bomb", "Al Shabaab claimed responsibility for the attack"): who did it, not a bystander."""
    verb = tok.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return any(c.dep_ == "nsubj" and c.left_edge.idx <= ref.start < c.right_edge.idx + len(c.right_edge)
               for c in verb.children)


def credit_unnamed_attackers(mentions, named_armed: list[ActorRef]) -> None:
    """"Al Shabaab militants hijacked a car near Mandera. The driver and a passenger were
    kidnapped.", "21 people were killed in Lamu. Al Shabaab claimed responsibility.": an attack
    whose attackers go unnamed is the one rebel or armed group the report names anywhere."""
    groups = {r.key: r for r in named_armed if r.inter in {2, 3}}
    if len(groups) != 1:
        return
    group = next(iter(groups.values()))
    if any(_DENIED.search(e.sentence) for m in mentions for e in m.evidence):
        return  # "the Taliban denied they were behind the attacks"
    for m in mentions:
        if m.actor1 is None and m.family in {"violence", "abduction"} and not m.background \
                and (m.actor2 is None or m.actor2.inter == 7) \
                and not (m.evidence and _UNKNOWN.search(m.evidence[0].sentence)):  # "by an unknown group"
            m.actor1 = group


_DENIED = re.compile(r"\bden(?:y|ied|ies)\b", re.I)
_UNKNOWN = re.compile(r"\b(?:unidentified|unknown)\b", re.I)
