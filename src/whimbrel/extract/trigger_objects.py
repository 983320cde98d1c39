"""What a trigger acts on, where the parse alone misleads: the victims of a passive the model
reads otherwise, the suspects of an arrest that follows an event, the many held at a protest,
the place (not a thing) that a seizure takes."""
from __future__ import annotations

from .triggers import Trigger

# People whose arrest follows an event rather than making one.
_SUSPECT_WORDS = {"suspect", "accused", "perpetrator", "culprit", "assailant", "attacker", "killer",
                  "robber", "thief", "criminal"}
# Things seized that are not territory.
_GOODS = {"ak", "ak-47", "ak47", "weapon", "weapons", "gun", "guns", "rifle", "rifles", "pistol", "ammunition",
          "vehicle", "vehicles", "car", "cars", "truck", "trucks", "motorbike", "motorbikes", "cash", "money"}


def passive_victims(head):
    """The people a violence verb was done to when the model reads its passive otherwise: a
    participle after its noun ("people wounded by ..."), or what was found ("three men found
    killed")."""
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.lemma_.lower() != "fire":  # ("workers fired")
        return head.head
    if head.dep_ in {"xcomp", "oprd"} and head.head.lemma_.lower() == "find":
        return next((c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}), None)
    if head.dep_ == "ROOT" and head.tag_ == "VBN" and head.lemma_.lower() != "fire" and not any(
            c.dep_ in {"aux", "auxpass", "dobj", "conj"} for c in head.children):
        # A headline's passive without its auxiliary: "Two police killed while on duty"
        # (not "youths attacked and assaulted a patrol", where the tagger erred).
        return next((c for c in head.children if c.dep_ == "nsubj"), None)
    if head.dep_ in {"ROOT", "ccomp"} and head.tag_ == "VBD" and head.lemma_.lower() in _HARMING_VERBS \
            and _no_object(head):
        # The same, tagged as a past tense: "Police detective shot dead while investigating",
        # "Four police and one reservist killed". These verbs always take whom they harmed,
        # so a subject with no object was the one harmed.
        return next((c for c in head.children if c.dep_ == "nsubj"), None)
    return None


# Verbs that are never used without whom they harmed ("attacked", "fired" may stand alone).
_HARMING_VERBS = {"kill", "shoot", "injure", "wound", "stab", "hack", "behead", "murder", "lynch", "gun"}


def _no_object(verb) -> bool:
    """No object of the verb, nor of a verb joined to it ("shot at and injured", but not
    "attacked and killed two herders"), nor a target after "at" or "on", nor an auxiliary (a
    passive or tense written out is parsed as such already)."""
    for v in [verb, *(c for c in verb.children if c.dep_ == "conj")]:
        for c in v.children:
            if c.dep_ in {"dobj", "aux", "auxpass", "dative"}:
                return False
            if c.dep_ == "prep" and c.lower_ in {"at", "on", "into", "in"} and any(p.dep_ == "pobj" for p in c.children):
                return False
    return True


def many_held(verb) -> bool:
    """"31 teachers arrested", "several protesters were arrested": people held in the passive,
    more than one (one man held after a protest is no intervention in it), not in a relative
    clause ("a cleric who was arrested" is why they protest)."""
    if verb.pos_ != "VERB" or verb.tag_ != "VBN" or verb.dep_ == "relcl":
        return False
    held = verb.head if verb.dep_ == "acl" else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return held is not None and held.tag_ in {"NNS", "NNPS"}


def suspects_only(trigger: Trigger, doc) -> bool:
    """"Police arrested three suspects": only suspects of an event told before were held."""
    head = trigger.head(doc)
    objects = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
    return bool(objects) and all(o.lemma_.lower() in _SUSPECT_WORDS for o in objects)

def names_place_taken(head) -> bool:
    """Whether a "seized"/"took control" names a place taken ("the town", "Hatla"), not a
    thing ("seized an AK-47", "took control of the hospital", "took control of the riot")."""
    taken = [c for c in head.children if c.dep_ == "dobj"]
    if any(t.lower_ in _GOODS for o in taken for t in o.subtree):
        return False
    for c in head.subtree:
        if c.pos_ == "PROPN" or c.lower_ in {"town", "village", "city", "area", "district", "base", "position",
                                              "positions", "territory", "it", "them", "checkpoint"}:
            return True
    return False
