"""Finds event triggers in a sentence: single words by lemma, multi-word phrases by lemma sequence.

The lexicon is data (data/triggers.yaml). A phrase wins over the words inside it, so that
"grenade launcher" is not a grenade attack and "air strike" is not a labour strike.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..resources import data_yaml
from .tokenview import PhraseIndex, token_view

# Parts of speech a single-word trigger may have. Proper nouns are left out ("March" the month),
# except all-caps acronyms such as IED.
_WORD_POS = {"NOUN", "VERB", "ADJ"}


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    family: str
    start: int  # token index in the Doc
    end: int
    text: str

    def head(self, doc) -> Token:
        """The syntactic head of the trigger's tokens (for phrases, the one whose head is outside)."""
        span = doc[self.start:self.end]
        return span.root


@dataclass(frozen=True)
class TriggerLexicon:
    words: dict[str, tuple[str, str]]  # lemma -> (kind, family)
    phrases: dict[tuple[str, ...], tuple[str, str]]  # lower-case word sequence -> (kind, family)
    max_phrase: int
    governing: dict[str, list[tuple[str, frozenset[str], str, str]]]  # lemma -> (prep, objects, kind, family)
    verbs: dict[str, tuple[str, str]]  # lemma -> (kind, family): triggers only as verbs
    nouns: dict[str, tuple[str, str]]  # lemma -> (kind, family): triggers only as nouns
    verb_blockers: frozenset[str]  # objects that stop a verb-only trigger ("fired artillery")
    nonlethal: frozenset[str] = frozenset()  # modifiers that make a weapon crowd control ("tear gas shells")

    def __post_init__(self):
        object.__setattr__(self, "_index", PhraseIndex(self.phrases))

    def find(self, sent: Span) -> list[Trigger]:
        doc = sent.doc
        view = token_view(doc)
        found: list[Trigger] = []
        taken: set[int] = set()
        # Phrases first (longest at each position), over both surface and lemma forms.
        for s, e, hit in self._index.matches(view, sent.start, sent.end):
            if hit[0]:  # (not_events phrases only take their words: "riot police")
                found.append(Trigger(hit[0], hit[1], s, e, doc[s:e].text))
            taken.update(range(s, e))
        for i in range(sent.start, sent.end):
            if i in taken:
                continue
            # A word whose object decides its kind ("stole cattle") is read by that first.
            hit = self._governing(view.tokens[i]) if view.lemma[i] in self.governing else None
            hit = hit or self.words.get(view.lemma[i]) or self.words.get(view.lower[i])
            if not hit and view.pos[i] == "VERB" and view.lemma[i] in self.verbs:
                tok = view.tokens[i]
                # "fired artillery", "shells fired by ...", "fired heavy machine guns": the weapon,
                # a trigger of its own, says what kind of fire it was.
                # "fired 120mm and 82mm mortars": the weapon may be a conjunct of the object.
                blocked = any(c.dep_ in {"dobj", "nsubjpass"} and any(
                    t.lemma_.lower() in self.verb_blockers or t.i in taken for t in c.subtree)
                    for c in tok.children) or (
                    tok.dep_ in {"acl", "relcl"} and tok.head.lemma_.lower() in self.verb_blockers) or \
                    _into_the_air(tok) or any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVES for c in tok.children)
                hit = None if blocked else self.verbs[view.lemma[i]]
            if not hit and view.pos[i] == "NOUN":
                hit = self.nouns.get(view.lemma[i])
            if not hit:
                continue
            tok = view.tokens[i]
            if view.pos[i] not in _WORD_POS and not (view.pos[i] == "PROPN" and tok.text.isupper()):
                continue
            if hit[1] == "violence" and view.pos[i] == "NOUN" and i > sent.start \
                    and view.lower[i - 1] in self.nonlethal:
                continue  # "tear gas shells", "smoke bombs": crowd control, not a strike
            if hit[1] == "looting" and tok.dep_ == "amod" and tok.tag_ == "VBN" \
                    and tok.head.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass"}:
                continue  # "recovered stolen cattle": goods described, not taken here
            found.append(Trigger(hit[0], hit[1], i, i + 1, tok.text))
        found.sort(key=lambda t: t.start)
        return found

    def _governing(self, tok: Token) -> tuple[str, str] | None:
        for prep, objects, kind, family in self.governing.get(tok.lemma_.lower(), ()):
            if prep == "dobj" and tok.dep_ in {"amod", "compound"} and tok.tag_ != "VBN" \
                    and tok.head.lemma_.lower() in objects:
                return kind, family  # headlines the model misreads: "raiders steal cattle"
            for c in tok.children:
                if prep == "dobj":
                    if c.dep_ in {"dobj", "nsubjpass"} and _object_words(c) & objects:
                        return kind, family
                    if c.dep_ == "prep" and c.lower_ in _APPROXIMATORS and any(
                            _object_words(p) & objects for p in c.children if p.dep_ == "pobj"):
                        return kind, family  # "seized about 8 tons of ...", parsed as a preposition
                    continue
                if prep and c.dep_ == "prep" and c.lower_ == prep and any(p.lemma_.lower() in objects for p in c.children):
                    return kind, family
                # A purpose clause: "gathered to demand", "blocked the road demanding".
                if not prep and c.dep_ in {"advcl", "xcomp", "conj"} and c.lemma_.lower() in objects:
                    return kind, family
        return None


_APPROXIMATORS = {"about", "around"}
# "teachers barricaded themselves into an office": a sit-in, not a barricaded road.
_REFLEXIVES = {"themselves", "himself", "herself", "ourselves"}


def _into_the_air(verb: Token) -> bool:
    """"fired into the air": warning shots, not a clash."""
    return any(c.dep_ == "prep" and c.lower_ in {"in", "into"} and any(p.lower_ == "air" for p in c.children)
               for c in verb.children)


def _object_words(obj: Token) -> set[str]:
    """What an object is of: "cattle", "a herd of cattle", "3 tons of marijuana", "a cocaine lab"."""
    words = {obj.lemma_.lower()}
    for c in obj.children:
        if c.dep_ == "compound":
            words.add(c.lemma_.lower())
        elif c.dep_ == "prep" and c.lower_ == "of":
            words.update(p.lemma_.lower() for p in c.children if p.dep_ == "pobj")
    return words


def _phrase_key(phrase) -> tuple[str, ...]:
    return tuple(str(phrase).lower().replace("-", " - ").split())


@lru_cache(maxsize=1)
def load_trigger_lexicon() -> TriggerLexicon:
    words: dict[str, tuple[str, str]] = {}
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    governing: dict[str, list] = {}
    verbs: dict[str, tuple[str, str]] = {}
    nouns: dict[str, tuple[str, str]] = {}
    blockers: set[str] = set()
    lexicon = data_yaml("triggers.yaml")
    for kind, spec in lexicon["kinds"].items():
        family = spec.get("family", kind)
        for w in spec.get("words") or []:
            if "-" in str(w):  # spaCy splits "sit-in" into three tokens: match it as a phrase
                phrases.setdefault(_phrase_key(w), (kind, family))
            else:
                words.setdefault(str(w).lower(), (kind, family))
        for p in spec.get("phrases") or []:
            phrases.setdefault(_phrase_key(p), (kind, family))
        for g in spec.get("governing") or []:
            governing.setdefault(g["lemma"], []).append(
                (g.get("prep", ""), frozenset(g.get("object") or g.get("child") or ()), kind, family))
        for v in spec.get("verbs") or []:
            verbs.setdefault(str(v).lower(), (kind, family))
        for n in spec.get("nouns") or []:
            nouns.setdefault(str(n).lower(), (kind, family))
        blockers.update(str(b).lower() for b in spec.get("verbs_unless_object") or [])
    for p in lexicon.get("not_events") or []:
        phrases.setdefault(_phrase_key(p), ("", ""))
    return TriggerLexicon(words, phrases, max((len(k) for k in phrases), default=1), governing, verbs, nouns,
                          frozenset(blockers), frozenset(str(w).lower() for w in lexicon.get("nonlethal_modifiers") or []))
