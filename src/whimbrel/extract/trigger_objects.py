"""What a trigger acts on, where the parse alone misleads: the victims of a passive the model
reads otherwise, the suspects of an arrest that follows an event, the place (not a thing) that
a seizure takes."""
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
    return None

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
