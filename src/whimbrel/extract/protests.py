"""Reads a protest or riot mention: whether force met it, whether the crowd turned violent or
was a mob with no demonstration in sight, who its other side was, and its toll.

ACLED's definitions: a peaceful protest met by force is a protest with intervention (excessive
force when it turns lethal); a crowd that fights, stones or burns is a violent demonstration,
and one with no demonstrative aim is mob violence.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from ..models import ActorRef, FatalityCount
from .actors import arguments, undergoers
from .modality import ASSERTED, modality
from .sides import UNNAMED_MOB, UNNAMED_POLICE, civilians_harmed_by_crowd
from .tokenview import token_view
from .trigger_objects import many_held
from .typing import sub_event_type

# Fighting words that need two sides: at a protest, the crowd fought (a violent demonstration).
_TWO_SIDED = ("clash", "brawl", "scuffl", "skirmish", "confrontation")
# Words that give a crowd's violence a demonstrative purpose.
_DEMONSTRATION_WORDS = {"protest", "protests", "protested", "protesting", "demonstration", "demonstrations",
                        "demonstrated", "demonstrating", "demonstrator", "demonstrators", "protester",
                        "protesters", "protestor", "protestors", "demand", "demanded", "demanding",
                        "against", "strike", "rally", "march"}
# Words that show force used on a crowd even when no force is named ("tear gas was fired").
_FORCE_WORDS = {"tear", "teargas", "teargassed", "disperse", "dispersed", "baton", "batons", "lathicharge", "cannon",
                "rubber", "pepper", "stun"}
_STONING = ("stone", "pelt", "threw", "throw", "hurl")  # riot forms that need no demonstration
# Words that tell the forces' part in a protest (a sentence of its own, or the protest's).
INTERVENTION_WORDS = {"tear", "teargas", "teargassed", "disperse", "dispersed", "baton", "batons", "lathi",
                      "lathicharge", "cannon", "rubber", "pepper", "stun", "arrest", "detain",
                      "beat", "assault", "charge", "forcibly", "evict", "fired", "shot", "intervene"}


@dataclass(frozen=True)
class ProtestReading:
    sub: str  # the ACLED sub-event type
    crowd: ActorRef  # protesters, rioters or a mob
    other: ActorRef | None  # the forces that met it, or the civilians a mob harmed
    fatalities: FatalityCount | None


def sentence_words(sent: Span) -> set[str]:
    """The sentence's words and lemmas; "intervene" only where the forces did intervene (not
    "urged the authorities to intervene")."""
    view = token_view(sent.doc)
    words = set(view.lower[sent.start:sent.end]) | set(view.lemma[sent.start:sent.end])
    if "intervene" in words and not any(t.lemma_.lower() == "intervene" and modality(t) == ASSERTED for t in sent):
        words.discard("intervene")
    return words


def read_protest(sent: Span, group, kind: str, actor2: ActorRef | None, refs: dict[int, ActorRef],
                 counts: list[FatalityCount]) -> ProtestReading:
    """The reading of one protest mention: `group` its triggers, `kind` the leading one's kind,
    `actor2` the other side the parse gave, `counts` the sentence's death counts."""
    doc = sent.doc
    kinds = {t.kind for t in group}
    words = sentence_words(sent)
    if words & INTERVENTION_WORDS and (kinds & {"violence", "arrest", "battle"} or
                                       words & (_FORCE_WORDS | {"intervene"})):
        kinds.add("intervention")
    # Violence inside a protest: by the crowd it is a violent demonstration, by the forces an
    # intervention.
    for t in group:
        if t.family == "violence":
            agents, _ = arguments(t.head(doc), refs)
            agents += undergoers(t.head(doc), refs)  # "one person died in the protest"
            if agents and all(a.inter in {0, 5, 6, 7} for a in agents):
                kinds.add("riot")
            if t.kind == "battle" and t.text.lower().startswith(_TWO_SIDED):
                kinds.add("riot")  # "police clashed with the demonstrators": the crowd fought too
    # "Several protesters were arrested during the demonstration": a passive arrest at the
    # protest, by the police who go unnamed.
    held = any(t.kind == "arrest" and many_held(t.head(doc)) for t in group)
    if not any(r.inter in {1, 2, 3, 8} for r in refs.values()) and not words & _FORCE_WORDS and not held:
        # Force used on a crowd needs someone to use it: "against the detention of three
        # activists", "demanding the release of the arrested" name causes, not interventions.
        kinds -= {"intervention", "arrest", "battle", "violence"}
    if kind == "riot" and "protest" not in kinds and not words & _DEMONSTRATION_WORDS and all(
            t.text.lower().startswith(_STONING) for t in group if t.kind == "riot"):
        # A crowd's violence with no demonstration in sight ("youths stoned a bus", "rival
        # supporters clashed") is mob violence; a riot over a demand is a demonstration.
        kinds.add("mob")  # typed as mob violence; a demonstration told beside it decides (assemble)
    lethal_counts = [c for c in counts if c.count > 0 and not c.is_total]
    lethal = bool(lethal_counts) and "violence" in kinds
    protesters = ActorRef("protesters", "role", "rioters" if kind in {"riot"} or "riot" in kinds else "protesters",
                          5 if kind == "riot" or "riot" in kinds else 6)
    if kind == "mob":
        protesters = UNNAMED_MOB
    # The other side of a protest is whoever intervened: police, soldiers, the named forces;
    # a group named only in the crowd's grievance ("rioted over killings by Al Shabaab") or a
    # name the dictionary does not know ("burned tyres outside X Trading Centre") is not.
    other = None
    if kinds & {"intervention", "violence", "battle", "arrest", "riot"}:
        armed = [r for r in dict.fromkeys(refs.values()) if r.inter in {1, 2, 3, 8} and r.kind != "unlisted"]
        other = next((r for r in armed if r.inter in {1, 8}), None)
        if other is None and kinds & {"intervention", "violence", "battle", "arrest"}:
            other = next(iter(armed), None)
        if other is None and held:
            other = UNNAMED_POLICE
    victims = actor2 if kind == "mob" and actor2 is not None and actor2.inter == 7 else None
    sub = sub_event_type(kind, protesters, other, kinds, lethal=lethal)
    if sub == "Mob violence":
        other = victims or other
    if sub in {"Mob violence", "Violent demonstration"} and other is None:
        other = civilians_harmed_by_crowd(group, refs, doc)  # "rioters attacked journalists"
    fatal = max(lethal_counts, key=lambda c: c.count) \
        if lethal or sub in {"Mob violence", "Violent demonstration"} and lethal_counts else None
    return ProtestReading(sub, protesters, other, fatal)
