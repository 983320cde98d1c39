"""Decides whether a trigger reports an event that happened.

Three verdicts besides "asserted": "negated" (no clashes were reported), "irrealis" (threatened,
planned, demanded, hypothetical), and "background" (an earlier event given as the cause of a
protest or a reprisal). Only asserted triggers become events.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..resources import data_yaml

ASSERTED, NEGATED, IRREALIS, BACKGROUND = "asserted", "negated", "irrealis", "background"


@dataclass(frozen=True)
class ModalityLexicon:
    irrealis_verbs: frozenset[str]
    modals: frozenset[str]
    irrealis_nouns: frozenset[str]
    background_preps: frozenset[str]
    background_markers: tuple[tuple[str, ...], ...]
    cause_verbs: frozenset[str]
    generic_verbs: frozenset[str]
    event_references: frozenset[str]
    sequence_preps: frozenset[str]
    habitual_adverbs: frozenset[str]
    allegation_verbs: frozenset[str]


@lru_cache(maxsize=1)
def load_modality() -> ModalityLexicon:
    d = data_yaml("modality.yaml")
    return ModalityLexicon(
        frozenset(d["irrealis_verbs"]), frozenset(d["modals"]), frozenset(d["irrealis_nouns"]),
        frozenset(d["background_preps_under_protest"]),
        tuple(tuple(m) for m in d["background_markers"]), frozenset(d["cause_verbs"]),
        frozenset(d["generic_verbs"]), frozenset(d["event_references"]),
        frozenset(d["sequence_preps"]), frozenset(d.get("habitual_adverbs") or ()),
        frozenset(d.get("allegation_verbs") or ()))


def _negated(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in {"no", "neither"}:
            return True
    return False


def _marker_before(tok: Token, markers) -> bool:
    """True if a cause marker such as "in retaliation for" ends just before the phrase of tok."""
    doc = tok.doc
    left = tok.left_edge.i
    for m in markers:
        n = len(m)
        if left - n >= 0 and tuple(t.lower_ for t in doc[left - n:left]) == m:
            return True
    return False


def _protest_verb(verb: Token, protest_heads: frozenset[int]) -> bool:
    """"protested", or "staged a sit-in", "organized a protest": a verb that holds a protest."""
    return verb.i in protest_heads or any(c.dep_ == "dobj" and any(t.i in protest_heads for t in c.subtree)
                                          for c in verb.children)  # ("continued their sit-in protest")


def _tells_of_protest(verb: Token, protest_heads: frozenset[int], lex: ModalityLexicon) -> bool:
    """True if the verb's subject is the protest: "the protest came after ...", "this event
    happened after ..."."""
    return any(c.dep_ == "nsubj" and (c.i in protest_heads or c.lemma_.lower() in lex.event_references)
               for c in verb.children)


def modality(trigger_head: Token, protest_heads: frozenset[int] = frozenset(),
             lex: ModalityLexicon | None = None, crowd_conduct: bool = False) -> str:
    """The verdict for one trigger, from its head token and the dependency path above it.

    protest_heads: token indices of protest triggers in the sentence, under which a cause
    phrase ("over the death of ...") is background.
    crowd_conduct: the trigger tells what a crowd did (burning tyres, running battles), which
    is never what it protests, even where the parse makes it the protest's object.
    """
    lex = lex or load_modality()
    tok = trigger_head
    if _negated(tok):
        return NEGATED
    if any(c.dep_ == "aux" and c.lower_ in lex.modals for c in tok.children):
        return IRREALIS
    if any(c.dep_ == "advmod" and c.lower_ in lex.habitual_adverbs for c in tok.children):
        return BACKGROUND  # "the area has been repeatedly attacked": a pattern, not this event
    if _marker_before(tok, lex.background_markers):
        return BACKGROUND
    if _alleged_by_whom_it_describes(tok, lex):
        return BACKGROUND
    if tok.dep_ == "attr":  # "his arrest is an attack on media freedom": a judgement, not an event
        return IRREALIS
    # Walk up the tree: the first governing verb decides; cause phrases make it background.
    steps = 0
    while tok.head.i != tok.i and steps < 8:
        head = tok.head
        steps += 1
        if tok.dep_ == "pobj" and head.lower_ in lex.background_preps and (
                head.head.i in protest_heads
                or (head.lower_ in lex.sequence_preps and _tells_of_protest(head.head, protest_heads, lex))) \
                and not (head.lower_ == "to" and tok.lemma_.lower() == "death"):  # "stoned to death": how, not why
            return BACKGROUND
        if tok.dep_ == "dobj" and head.i in protest_heads and not crowd_conduct:  # "protested the killing of ..."
            return BACKGROUND
        if tok.dep_ == "advcl" and head.i in protest_heads and any(
                c.dep_ == "mark" and c.lower_ in lex.sequence_preps for c in tok.children):
            return BACKGROUND  # "farmers protested after floods destroyed their crops": the cause
        if tok.dep_ == "pobj" and _marker_before(tok, lex.background_markers):
            return BACKGROUND
        if tok.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ == "DATE" for c in tok.children):
            break  # "On 7 May, workers protested ... and demanded": the parser hung the clause on the date
        if head.lemma_.lower() in lex.irrealis_nouns and tok.dep_ in {"acl", "pobj", "prep"}:
            return IRREALIS
        if head.pos_ in {"VERB", "AUX"}:
            lemma = head.lemma_.lower()
            if tok.dep_ in {"xcomp", "dobj", "ccomp", "pobj", "prep", "advcl"} and lemma in lex.irrealis_verbs:
                # "ordered troops to deploy" is irrealis; "demanding the arrest of" too.
                return IRREALIS
            if tok.dep_ in {"dobj", "pobj", "prep"} and lemma in lex.cause_verbs and head.i not in protest_heads:
                return BACKGROUND
            if tok.dep_ == "dobj" and lemma in lex.generic_verbs and tok.tag_ == "NNS":
                return IRREALIS  # "stepped up attacks": a trend, no single event
            if tok.dep_ in {"xcomp", "ccomp"} and _negated(head):
                return NEGATED
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in tok.children):
                return IRREALIS
        if tok.dep_ == "conj" and tok.pos_ == "NOUN" and head.pos_ == "NOUN" and head.dep_ == "pobj":
            tok = head  # "after the protests and riots": the riots share the protests' preposition
            continue
        if tok.dep_ == "relcl" and head.dep_ == "nsubj" and _protest_verb(head.head, protest_heads):
            return BACKGROUND  # "workers who were dismissed last month staged a sit-in": who they are
        if tok.dep_ in {"relcl", "acl"} and head.pos_ in {"NOUN", "PROPN"} and head.i not in protest_heads \
                and any(a.i in protest_heads for a in head.ancestors):
            # "protested for justice for a youth who was killed": the grievance (but "a riot in
            # which a prisoner was killed" tells the riot itself).
            return BACKGROUND
        if tok.dep_ in {"relcl", "ccomp", "conj"} and head.pos_ in {"NOUN", "PROPN"}:
            break
        tok = head
    return ASSERTED


def _alleged_by_whom_it_describes(tok: Token, lex: ModalityLexicon) -> bool:
    """"families who claim their children have been kidnapped by the PKK continued their
    sit-in": what a relative clause says its people allege tells who they are, not an event.
    The small model often parses the trigger as the root with the families as its subject."""
    def theirs(rel: Token) -> bool:  # "who claim", not "who police said" nor "who was accused"
        return rel.dep_ == "relcl" and rel.lemma_.lower() in lex.allegation_verbs and any(
            c.dep_ == "nsubj" and c.lower_ in {"who", "that"} for c in rel.children)
    if tok.dep_ == "ccomp" and theirs(tok.head):
        return True
    return any(theirs(rel) and rel.i < tok.i for subj in tok.children if subj.dep_ in {"nsubj", "nsubjpass"}
               for rel in subj.children)


def told_as_earlier(tok: Token) -> bool:
    """Whether the clause of a trigger puts it before the report's own events: the past perfect
    ("had accepted the reconciliation agreement", "had been released") or a clause of "after",
    "since" or "following" ("since the agreement with the Taliban was signed")."""
    for cur in [tok, *tok.ancestors][:4]:
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ == "had" for c in cur.children):
            return True
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"after", "since"} for c in cur.children):
            return True
        if cur.dep_ == "pobj" and cur.head.lower_ in {"after", "since", "following"}:
            return True
        if cur.pos_ in {"VERB", "AUX"} and cur.dep_ in {"ROOT", "conj"}:
            break
    return False
