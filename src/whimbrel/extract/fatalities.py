"""Reads how many people a sentence says were killed.

Counts come from the victims of death words, read off the dependency parse: "killing 10
soldiers", "10 soldiers were killed", "the death of five fighters and five soldiers" (a breakdown
is summed), "left 3 dead", "two men were found dead". Injuries are never counted. A count over
several days ("at least 17 killed over the past few days") is marked as a running total so that
it is never added on top of the events it sums up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import FatalityCount
from ..resources import data_yaml
from .tokenview import token_view

_EXPLICIT = [re.compile(r"\bfatalities\s+(?:were\s+|was\s+)?coded\s+as\s+(\d+)", re.I),
             re.compile(r"(?<![\w-])(\d+)\s+fatalit(?:y|ies)\b(?!\s+(?:were\s+)?coded)", re.I)]
_CLAIMED = re.compile(r"\bclaim(?:s|ed|ing)?\s+(?:to\s+have\s+(?:killed|caused)\s+)?(?:at\s+least\s+|over\s+)?$", re.I)
_NO_FATALITIES = re.compile(r"\bno (?:reported )?(?:fatalities|deaths|casualties)\b|\bno one was killed\b|"
                            r"\bno (?:one|people|person) (?:was|were) (?:killed|hurt|injured)\b", re.I)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")
_PERSON_PRONOUNS = {"him": 1, "her": 1, "himself": 1, "herself": 1}


# Verbs that give a death toll its figure: "the toll rose to 11".
_TOLL_VERBS = {"rise", "climb", "reach", "stand", "jump", "increase", "hit"}
# Verbs that leave their object dead: "shot dead two policemen".
_LEFT_DEAD_BY = {"shoot", "shot", "stab", "hack", "beat", "club", "gun", "strike", "burn", "leave"}


@dataclass(frozen=True)
class NumberLexicon:
    words: dict[str, int]
    vague: dict[str, int]
    unnumbered: frozenset[str]
    death_verbs: frozenset[str]
    death_nouns: frozenset[str]
    injury: frozenset[str]
    total_markers: tuple[str, ...]
    not_people: frozenset[str]
    person_nouns: frozenset[str]
    attempt_heads: frozenset[str]
    attempt_adverbs: frozenset[str]
    particle_verbs: dict[str, str]


@lru_cache(maxsize=1)
def load_numbers() -> NumberLexicon:
    d = data_yaml("numbers.yaml")
    return NumberLexicon({k: int(v) for k, v in d["words"].items()}, {k: int(v) for k, v in d["vague"].items()},
                         frozenset(d["unnumbered"]), frozenset(d["death_verbs"]), frozenset(d["death_nouns"]),
                         frozenset(d["injury_words"]), tuple(d["total_markers"]), frozenset(d["not_people"]),
                         frozenset(d["person_nouns"]) | _role_person_nouns(),
                         frozenset(d["attempt_heads"]), frozenset(d["attempt_adverbs"]),
                         dict(d["death_particle_verbs"]))


def _role_person_nouns() -> frozenset[str]:
    roles = data_yaml("actor_roles.yaml")["roles"]
    return frozenset(n for spec in roles.values() for n in spec.get("nouns") or [] if " " not in n)


def number_value(tok: Token, lex: NumberLexicon) -> int | None:
    """The value of a number token: 10, "10", "ten", "2,000", "dozens"."""
    text = tok.lower_
    if _DIGITS.match(text):
        return int(text.replace(",", ""))
    if text in lex.words:
        return lex.words[text]
    if text in lex.vague:
        return lex.vague[text]
    if "-" in text:  # twenty-five
        parts = [lex.words.get(p) for p in text.split("-")]
        if all(p is not None for p in parts):
            return sum(parts)
    return None


# Singular nouns that are not one person ("the police killed", "killed the convoy").
_NOT_ONE_PERSON = {"police", "family", "group", "convoy", "crowd", "unit", "patrol", "army", "team",
                   "military", "public", "force", "staff", "personnel", "youth", "people", "gang"}


def explicit_count(text: str, offset: int = 0) -> FatalityCount | None:
    """A figure stated outright: "2 fatalities.", "Fatalities coded as 0", "No fatalities reported"."""
    for pattern in _EXPLICIT:
        m = pattern.search(text)
        if m and _CLAIMED.search(text[:m.start()]):
            continue  # "Al Shabaab claims 15 fatalities": a side's claim, not the credible figure
        if m:
            return FatalityCount(int(m.group(1)), explicit=True, start=offset + m.start(),
                                 end=offset + m.end(), text=m.group(0))
    if _NO_FATALITIES.search(text):
        return FatalityCount(0, explicit=True, text="no fatalities")
    return None


def most_credible(counts: list[FatalityCount]) -> FatalityCount | None:
    """The figure for one event among those read for it: a stated figure first; else the largest
    count that is neither a running total nor, while any other count is left, a side's claim."""
    explicit = [c for c in counts if c.explicit]
    if explicit:
        return explicit[0]
    current = [c for c in counts if not c.is_total]
    current = [c for c in current if not c.claimed] or current  # "X claims 15": only failing all else
    return max(current, key=lambda c: c.count) if current else None


def _claimed(tok: Token) -> bool:
    """Whether a death word is what someone claims ("claims 15 fatalities", "claimed killing
    four", "claims to have killed 25"), not the deaths of an attack that was claimed ("claimed
    the attack which killed 5")."""
    for _ in range(3):
        if tok.dep_ not in {"dobj", "xcomp", "ccomp", "pcomp", "nsubj", "aux"} or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lemma_.lower() == "claim":
            return True
    return False


def _attempted(tok: Token, lex: NumberLexicon) -> bool:
    """Whether a death word names a killing tried or threatened, not done: "tried to lynch a
    thief", "in a bid to kill the witness", "nearly lynched", "threatened to kill"."""
    if any(c.dep_ == "advmod" and c.lower_ in lex.attempt_adverbs for c in tok.children):
        return True
    return tok.dep_ in {"xcomp", "acl", "advcl"} and tok.head.lemma_.lower() in lex.attempt_heads \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _headline_subject(verb: Token, person_nouns: frozenset[str], ignore_object: bool = False) -> Token | None:
    """The counted subject of a headline passive written without "were" ("7 raiders killed",
    "5 suspected witches burned to death"), which the model parses as active: a past form with
    a numbered subject and no object or agent."""
    deps = {c.dep_: c for c in verb.children}
    # "3 killed.": the model may call a lone number before the verb its "meta".
    subject = deps.get("nsubj") or next((c for c in verb.lefts if c.dep_ == "meta" and c.like_num), None)
    if verb.tag_ not in {"VBN", "VBD"} or subject is None or "dobj" in deps and not ignore_object:
        return None
    if verb.dep_ not in {"ROOT", "ccomp", "conj", "advcl"} and not (verb.dep_ == "relcl" and subject.like_num):
        return None  # "Ongoing clashes, two killed": a numbered relative clause is a headline's too
    numbered = subject.like_num or any(c.dep_ == "nummod" for c in subject.children)
    # "Policeman killed after ambush by rebels": one person, named in the singular as a headline does
    one = subject.tag_ in {"NN", "NNP"} and subject.lower_ in person_nouns \
        and not any(c.dep_ in {"det", "poss"} for c in subject.children)  # "A mob lynched ..." is active
    return subject if numbered or one else None


class FatalityReader:
    def __init__(self, unnumbered_default: int = 0, lex: NumberLexicon | None = None):
        self.lex = lex or load_numbers()
        self.unnumbered_default = unnumbered_default
        self._present_forms = frozenset(f for v in self.lex.death_verbs for f in (v + "s", v + "es"))

    # -- the count of one victim noun phrase --------------------------------------------
    def _count_phrase(self, noun: Token) -> tuple[int | None, bool]:
        """(count, vague) for a victim noun and its conjuncts ("five fighters and five soldiers")."""
        total, any_found, vague = 0, False, False
        for head in [noun, *noun.conjuncts]:
            if head is not noun and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in head.children):
                continue  # "Nine officers injured and one officer killed": what befell the nine is theirs
            value, is_vague = self._count_one(head)
            if value is not None:
                total += value
                any_found = True
                vague = vague or is_vague
        return (total if any_found else None), vague

    def _count_one(self, noun: Token) -> tuple[int | None, bool]:
        lex = self.lex
        if noun.lemma_.lower() in lex.not_people:
            return None, False
        if noun.ent_type_ in {"DATE", "TIME"} and not noun.like_num:
            return None, False  # "Around 27 April, a man was found dead", parsed with April as the dead
        if noun.like_num or noun.pos_ == "NUM":  # "3 were killed"
            v = number_value(noun, lex)
            if v is not None:
                return self._with_multiplier(noun, v), False
        if noun.lower_ in _PERSON_PRONOUNS:
            return 1, False
        if noun.lower_ in lex.vague:  # "dozens of people"
            return lex.vague[noun.lower_], False
        nums = [c for c in noun.children if c.dep_ == "nummod" or c.dep_ == "compound" and c.like_num] or [
            # "six cattle thieves": the model may hang the number on the compound word
            n for c in noun.children if c.dep_ == "compound" for n in c.children if n.dep_ == "nummod"]
        if not nums and noun.i > 0 and noun.doc[noun.i - 1].like_num and noun.doc[noun.i - 1].dep_ == "nummod":
            nums = [noun.doc[noun.i - 1]]  # "the X tribe - 8 people": the number hung on the wrong noun
        if nums:
            values = [number_value(n, lex) for n in nums]
            values = [self._with_multiplier(n, v) for n, v in zip(nums, values) if v is not None]
            if values:
                return values[0], False
        if noun.tag_ == "NNP" and noun.ent_type_ == "PERSON" and noun.dep_ in {"nsubjpass", "dobj", "conj", "appos"}:
            return 1, False  # "athlete Ngetich was killed": a person named is one dead
        for c in noun.children:
            if c.dep_ in {"amod", "det", "quantmod", "nummod"} and c.lower_ in lex.unnumbered:
                return self.unnumbered_default, True
            if c.dep_ == "det" and c.lower_ in {"a", "an", "one"} and noun.tag_ in {"NN", "NNP"}:
                return 1, False
        # "the man died", "his son was killed", headline "Mob kills suspected rustler": one person,
        # named in the singular.
        if noun.tag_ == "NN" and noun.pos_ == "NOUN" and noun.lemma_.lower() not in _NOT_ONE_PERSON and (
                any(c.dep_ in {"det", "poss"} for c in noun.children) or noun.lemma_.lower() in lex.person_nouns):
            return 1, False
        if noun.tag_ == "NNP" and noun.is_title and noun.i == noun.sent.start and noun.lower_ in lex.person_nouns:
            return 1, False  # "Policeman killed ...": a headline's first word, read as a name
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of" and noun.lower_ in lex.unnumbered | set(lex.vague):
                return (lex.vague.get(noun.lower_, self.unnumbered_default)), noun.lower_ in lex.unnumbered
        if noun.lower_ in lex.unnumbered and noun.pos_ in {"ADJ", "PRON", "NOUN", "DET"}:
            return self.unnumbered_default, True
        return None, False

    def _with_multiplier(self, num: Token, value: int) -> int:
        # "2 thousand", "two hundred": the compound number sits as a child of the head number.
        for c in num.children:
            if c.dep_ in {"compound", "nummod", "quantmod"} and c.like_num:
                v = number_value(c, self.lex)
                if v and value in (100, 1000):
                    return v * value
        return value

    # -- victims of one death word ----------------------------------------------------------
    def _victims(self, tok: Token) -> list[Token]:
        lex = self.lex
        lemma = tok.lemma_.lower()
        deps = {c.dep_: c for c in tok.children}
        if tok.pos_ in {"VERB", "AUX"} or lemma in lex.death_verbs:
            if "nsubjpass" in deps:
                return [deps["nsubjpass"]]
            if lemma in {"die", "perish"} and "nsubj" in deps:
                return [deps["nsubj"]]
            # "1 killed 3 injured": the model reads the injured 3 as the object; the 1 are the dead.
            injured_object = "dobj" in deps and any(c.dep_ == "acl" and c.lemma_.lower() in lex.injury
                                                    for c in deps["dobj"].children)
            if "dobj" in deps and not injured_object:
                return [deps["dobj"]]
            subject = _headline_subject(tok, lex.person_nouns, ignore_object="dobj" in deps)
            if subject is not None:
                return [subject]  # headline passive the model reads as active: "7 raiders killed"
            if tok.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in tok.children):
                # "11 reported to have been killed", "30 people are feared to have been killed"
                hd = {c.dep_: c for c in tok.head.children}
                for dep in ("nsubjpass", "nsubj"):
                    if dep in hd:
                        return [hd[dep]]
            aux = [c for c in tok.lefts if c.dep_ in {"aux", "auxpass"}]
            if any(c.dep_ == "auxpass" for c in aux) and aux[0].i > tok.sent.start:
                # "... the Turkana tribe - 8 people were killed": the model hung the subject
                # elsewhere; the noun phrase written right before "were" is the one killed.
                before = tok.doc[aux[0].i - 1]
                if before.pos_ in {"NOUN", "PROPN", "NUM"} and before.dep_ not in {"compound", "amod"}:
                    return [before]
            # "was shot and killed", "shot and killed 2 soldiers": the victim hangs on the other verb.
            related = [tok.head] if tok.dep_ == "conj" else []
            related += [c for c in tok.children if c.dep_ == "conj"]
            for verb in related:
                rd = {c.dep_: c for c in verb.children}
                for dep in ("nsubjpass", "dobj"):
                    if dep in rd:
                        return [rd[dep]]
            # A participle modifying its victim: "10 soldiers killed in the attack".
            if tok.dep_ in {"acl", "amod"} and tok.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
                return [tok.head]
            return []
        if lemma in {"dead", "death", "body", "corpse", "fatality", "remains"}:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    return [p for p in c.children if p.dep_ == "pobj"]
            if any(c.dep_ == "nummod" for c in tok.children):
                return [tok]
            if lemma in {"body", "corpse"} and any(c.dep_ == "poss" and c.lower_ in {"his", "her"} for c in tok.children):
                return [tok]  # "his body was found": one dead
            if lemma == "dead" and tok.dep_ == "amod" and tok.head.like_num:
                return [tok.head]  # "One dead and several injured after ..."
            if lemma == "dead" and tok.dep_ == "amod" and tok.i > 0 \
                    and tok.doc[tok.i - 1].lemma_.lower() in _LEFT_DEAD_BY:
                passive = [c for c in tok.doc[tok.i - 1].children if c.dep_ == "nsubjpass"]
                if passive:  # "an aid worker was shot dead - motives unknown": not the motives
                    return passive
                return [tok.head]  # "shot dead two policemen", parsed as "dead policemen"
            if lemma == "dead" and tok.dep_ in {"acomp", "oprd", "xcomp", "advmod", "ccomp", "advcl"}:
                # "A rider was on Saturday shot dead": the model may hang "shot" off "was", so
                # the subject is looked for one level up too.
                heads = [tok.head] + ([tok.head.head] if tok.head.dep_ in {"dep", "advcl"}
                                      and tok.head.head.lemma_ == "be" else [])
                for head in heads:
                    hd = {c.dep_: c for c in head.children}
                    for dep in ("nsubjpass", "dobj", "nsubj"):
                        if dep in hd and hd[dep].i != tok.i:
                            return [hd[dep]]
                if tok.head.dep_ == "acl" and tok.head.tag_ == "VBN" \
                        and tok.head.head.pos_ in {"NOUN", "PROPN", "NUM"}:
                    return [tok.head.head]  # "9 rustlers shot dead by police"
        if lemma == "death" and tok.dep_ == "pobj" and tok.head.lower_ == "to":  # "shot to death"
            verb = tok.head.head
            vd = {c.dep_: c for c in verb.children}
            for dep in ("nsubjpass", "dobj"):
                if dep in vd:
                    return [vd[dep]]
            subject = _headline_subject(verb, lex.person_nouns)
            if subject is not None:  # "5 suspected witches burned to death"
                return [subject]
        if lemma == "toll" and tok.dep_ == "nsubj" and tok.head.lemma_ in _TOLL_VERBS:
            # "The death toll ... has risen to 11", "the toll stands at 9", "the toll reached 20"
            verb = tok.head
            nums = [c for c in verb.children if c.dep_ == "dobj" and c.like_num]
            nums += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "at"}
                     for p in c.children if p.dep_ == "pobj" and p.like_num]
            return nums[:1]
        if lemma == "life" and tok.head.lemma_ == "lose":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            return subj
        return []

    def _misread_verb_victims(self, tok: Token) -> list[Token]:
        """The victim of a death verb the model read as a noun in a headline or terse note
        ("Mob lynches man", "residents of X lynch a thief", "lynches and burns a thief"): a
        present form right after its subject, with the victim's noun phrase right after it."""
        doc, end = tok.doc, tok.sent.end
        if tok.lower_ not in self.lex.death_verbs and tok.lower_ not in self._present_forms:
            return []
        if tok.i == tok.sent.start or doc[tok.i - 1].pos_ not in {"NOUN", "PROPN"}:
            return []
        nxt = tok.i + 1
        if nxt + 1 < end and doc[nxt].pos_ == "CCONJ" and doc[nxt + 1].pos_ == "VERB":
            return [c for c in doc[nxt + 1].children if c.dep_ == "dobj"][:1]
        for t in doc[nxt:min(end, nxt + 5)]:
            if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM"} and t.dep_ not in {"compound", "amod", "nummod"}:
                return [t]
            if t.pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM", "VERB"} or t.pos_ == "VERB" and t.dep_ != "amod":
                return []
        return []

    def _is_total(self, tok: Token) -> bool:
        clause = tok
        while clause.dep_ not in {"ROOT", "ccomp", "advcl", "relcl", "conj"} and clause.head.i != clause.i:
            clause = clause.head
        text = " " + " ".join(t.lower_ for t in clause.subtree) + " "
        return any(f" {m} " in text for m in self.lex.total_markers)

    def read(self, sent: Span) -> list[FatalityCount]:
        """Every death count in the sentence, each anchored to its death word."""
        lex = self.lex
        found: list[FatalityCount] = []
        stated = explicit_count(sent.text, sent.start_char)
        if stated is not None:
            stated.anchor = sent.root.i
            return [stated]
        view = token_view(sent.doc)
        for i in range(sent.start, sent.end):
            lemma = view.lemma[i]
            if lemma not in lex.death_verbs and lemma not in lex.death_nouns and view.lower[i] not in {"dead", "killed"} \
                    and view.lower[i] not in self._present_forms and lemma not in lex.particle_verbs:
                continue
            tok = view.tokens[i]
            if lemma in lex.particle_verbs:
                if tok.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == lex.particle_verbs[lemma]
                                              for c in tok.children) and not _attempted(tok, lex):
                    self._add_counts(found, tok, self._victims(tok), _claimed(tok))
                continue
            if (tok.pos_ == "NOUN" or tok.dep_ == "compound") and lemma not in lex.death_nouns:
                # "Mob lynches man": the verb read as a noun (its lemma then "lynche")
                victims = self._misread_verb_victims(tok)
                if victims:
                    self._add_counts(found, tok, victims, claimed=False)
                    continue
            is_death = (lemma in lex.death_verbs and tok.pos_ in {"VERB", "NOUN", "ADJ"}) or \
                       (lemma in lex.death_nouns and tok.pos_ in {"NOUN", "ADJ", "PROPN"}) or \
                       (tok.lower_ in {"dead", "killed"})
            if not is_death or _attempted(tok, lex):
                continue
            claimed = _claimed(tok)  # "Al Shabaab claims 25 killed": a side's claim
            self._add_counts(found, tok, self._victims(tok), claimed)
        return found

    def _add_counts(self, found: list[FatalityCount], tok: Token, victims: list[Token], claimed: bool) -> None:
        for victim in victims:
            count, vague = self._count_phrase(victim)
            if count is None:
                continue
            span = tok.doc[min(victim.left_edge.i, tok.i):max(victim.right_edge.i, tok.i) + 1]
            found.append(FatalityCount(count, is_total=self._is_total(tok), vague=vague, claimed=claimed, anchor=tok.i,
                                       start=span.start_char, end=span.end_char, text=span.text))
