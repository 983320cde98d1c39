"""Finds the actors a sentence names and the roles they play around a trigger.

Three sources of actors, most specific first: named groups from the actor dictionary
(data/actors.yaml), generic roles from data/actor_roles.yaml ("Syrian soldiers", "gunmen",
"villagers"), and capitals standing for their government ("Damascus removed ..."). Roles come
from the dependency parse: the subject or "by X" agent acts; the object, "on/against X" target,
or "with X" opponent is the other side; "between X and Y" names both.
"""
from __future__ import annotations

import re
from typing import Callable

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import ActorRef
from ..resources import data_yaml
from .tokenview import PhraseIndex, token_view

# Words after a name that make it a place: a compass part or an administrative kind.
_PLACE_AFTER = re.compile(r"\s+(?:East|West|North|South|Central|[Cc]ounty|[Ss]ub-?[Cc]ounty|[Dd]istrict|"
                          r"[Cc]onstituency|[Ww]ard|[Ll]ocation|[Dd]ivision|[Pp]rovince|[Rr]egion|[Vv]illage|"
                          r"[Tt]own|[Ss]ub-?[Ll]ocation)\b")
_COMPASS_BEFORE = re.compile(r"\b(?:East|West|North|South|Central)\s+$")
_NEGATIVE_ORG_WORDS = {"observatory", "ministry of health", "hospital", "agency", "news", "press",
                       "times", "post", "tv", "radio", "committee to protect",
                       # schools and places of worship are attacked, they do not fight
                       "school", "university", "college", "academy", "church", "mosque", "cathedral"}


@lru_cache(maxsize=1)
def _weapon_names() -> frozenset[str]:
    """The weapon words of the trigger lexicon (shelling, bombs, aircraft): the model tags
    "RPG" or "IFVs" as organisations."""
    kinds = data_yaml("triggers.yaml")["kinds"]
    return frozenset(str(w).lower() for k in ("shelling", "remote", "air", "air_vehicle")
                     for w in kinds[k].get("words") or [])


@dataclass(frozen=True)
class RoleLexicon:
    nouns: dict[str, str]  # lemma -> role
    phrases: dict[tuple[str, ...], str]
    inter: dict[str, int]
    templates: dict[str, str]
    max_phrase: int
    index: PhraseIndex
    not_state_heads: frozenset[str] = frozenset()
    # role -> (countries where ACLED uses it, the role it is named as elsewhere)
    regional: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    # role -> {word of its phrase: template} ("clan militia" -> "Unidentified Clan Militia (X)")
    by_word: dict[str, dict[str, str]] = field(default_factory=dict)

    def template_for(self, role: str, country: str, surface: str = "") -> str:
        """The name template of a role in a country (a gang outside the Americas is an armed
        group), picked by a word of its phrase where the role has such names."""
        where = self.regional.get(role)
        if where is not None and country and country not in where[0]:
            role = where[1]
        named = self.by_word.get(role, {})
        for word in surface.lower().split():
            if word in named:
                return named[word]
        return self.templates[role]


@lru_cache(maxsize=1)
def load_roles() -> RoleLexicon:
    data = data_yaml("actor_roles.yaml")
    roles = data["roles"]
    nouns: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for role, spec in roles.items():
        for n in spec.get("nouns") or []:
            if " " in n:
                phrases.setdefault(tuple(n.split()), role)
            else:
                nouns.setdefault(n, role)
        for p in spec.get("phrases") or []:
            phrases.setdefault(tuple(p.lower().split()), role)
    regional = {r: (frozenset(s["only_in"]), s["elsewhere"]) for r, s in roles.items() if s.get("only_in")}
    by_word = {r: dict(s["named_by_word"]) for r, s in roles.items() if s.get("named_by_word")}
    return RoleLexicon(nouns, phrases, {r: int(s["inter"]) for r, s in roles.items()},
                       {r: s["template"] for r, s in roles.items()}, max(len(k) for k in phrases),
                       PhraseIndex(phrases), frozenset(data.get("not_state_heads") or ()), regional, by_word)


class ActorFinder:
    """Maps the tokens of a sentence to the actors they name. One instance serves a whole run."""

    def __init__(self, dictionary, countries, roles: RoleLexicon | None = None,
                 known_place: Callable[[str], bool] | None = None):
        self.dictionary = dictionary
        self.countries = countries
        self.roles = roles or load_roles()
        # Whether a name is a town or province the gazetteer knows: the model labels many
        # ("Al Shabaab invaded Mandera", "a Wajir shop") organisations.
        self.known_place = known_place
        self._capitals: dict[str, str] | None = None

    def _country_of_words(self, tokens) -> str:
        for t in tokens:
            if t.pos_ in {"ADJ", "PROPN", "NOUN"} and t.text[:1].isupper():
                c = self.countries.find(t.text)
                if c is not None:
                    return c.name
        return ""

    def find(self, sent: Span, exclude: set[int]) -> dict[int, ActorRef]:
        doc = sent.doc
        found: dict[int, ActorRef] = {}

        def put(span: Span, ref: ActorRef):
            for i in range(span.start, span.end):
                found.setdefault(i, ref)

        # 1. Named groups from the dictionary.
        for start, end, entry in self.dictionary.find_in(sent.text):
            span = sent.char_span(start, end, alignment_mode="expand")
            if span is None or any(i in exclude for i in range(span.start, span.end)):
                continue
            if entry.inter == 4 and (_PLACE_AFTER.match(sent.doc.text, end) or
                                     _COMPASS_BEFORE.search(sent.doc.text, max(0, start - 12), start)):
                continue  # "Kuria East", "Turkana County", "West Pokot": a community's land, not its militia
            state_country = entry.state.country or "" if entry.state is not None else ""
            # Parties and unions (associate entries) stand beside civilians or protesters: as
            # targets they are civilians, so their inter code here is 7.
            inter = 7 if entry.associate else entry.inter
            put(span, ActorRef(span.text, "named", entry.name, inter, country=state_country,
                               start=span.start_char, end=span.end_char))
        # 2. Generic roles: phrases first, then head nouns.
        view = token_view(doc)
        for s, e, role in self.roles.index.matches(view, sent.start, sent.end):
            if any(j in found or j in exclude for j in range(s, e)):
                continue
            self._add_role(doc[s:e], view.tokens[e - 1], role, found, put)
        for i in range(sent.start, sent.end):
            # Adjectives too: "the gendarmerie station", "a civilian truck", "army positions".
            if i in found or i in exclude or view.pos[i] not in {"NOUN", "PROPN", "ADJ"}:
                continue
            role = self.roles.nouns.get(view.lemma[i]) or self.roles.nouns.get(view.lower[i])
            if role:
                tok = view.tokens[i]
                self._add_role(_noun_phrase(tok), tok, role, found, put)
        # 3. Capitals and countries standing for a state ("Damascus removed", "US airstrikes").
        sent_ents = view.sent_ents(sent)
        for ent in sent_ents:
            if ent.label_ not in {"GPE", "NORP"} or any(i in found or i in exclude for i in range(ent.start, ent.end)):
                continue
            if ent.start > sent.start and doc[ent.start - 1].lower_ == "from":
                continue  # "militia from Sudan attack ...": where they came from, misparsed as a compound
            root = ent.root
            if root.dep_ not in {"nsubj", "compound", "poss", "amod", "nmod"} and not \
                    (root.dep_ == "pobj" and root.head.dep_ == "agent"):
                continue
            country = self.countries.find(ent.text)
            capital_of = self._capital_of(ent.text)
            if capital_of and root.dep_ == "nsubj":
                put(ent, ActorRef(ent.text, "capital", capital_of, 1, country=capital_of,
                                  start=ent.start_char, end=ent.end_char))
            elif country is not None and (root.dep_ in {"nsubj", "compound", "poss"} or (
                    root.dep_ == "amod" and root.head.lower_ == "forces")) and root.head.pos_ in {"NOUN", "VERB"}:
                # ("Iraqi forces": "forces" alone names no role, "use of force" is no actor)
                # "US airstrikes", "Russia bombed": the state's military.
                head_role = self.roles.nouns.get(root.head.lemma_.lower())
                if head_role:  # "Syrian soldiers" is handled as a role with its country
                    continue
                if root.head.lower_ in self.roles.not_state_heads:
                    continue  # "the US dollar", "a Russian company": no state acting
                # "Israeli forces" is one phrase: "forces" is the subject the verbs govern.
                span = doc[ent.start:root.head.i + 1] if root.dep_ == "amod" and root.head.i > root.i else ent
                put(span, ActorRef(span.text, "role", "military", 1, country=country.name,
                                   start=span.start_char, end=span.end_char))
        # 4. Organisations the dictionary does not know, when they act or are acted on.
        for ent in sent_ents:
            if ent.label_ != "ORG" or any(i in found or i in exclude for i in range(ent.start, ent.end)):
                continue
            low = ent.text.lower()
            if any(w in low for w in _NEGATIVE_ORG_WORDS) or low in _weapon_names():
                continue  # a news outlet, a hospital; "an RPG", "IFVs": weapons, not groups
            if ent.start > 0 and doc[ent.start - 1].text == "(" or ent.end < len(doc) and doc[ent.end].text == ")":
                continue  # "(Khairpur, Sindh)": admin areas in brackets, not organisations
            root = ent.root
            head_noun = root.head if root.dep_ == "compound" else root
            if _PLACE_AFTER.match(doc.text, ent.end_char):
                continue  # "attacked Pandanguo location": a place named with its kind
            if _is_locative(head_noun) or root.dep_ in {"appos", "conj"} and _is_locative(root.head):
                continue  # "the town of Hatla", "in Culiacan, Sinaloa": places taken for organisations
            if re.search(r"\s(?:in|near)\s+[A-Z]", ent.text):
                continue  # "the Court of Justice in Sofia": a building and its town, no organisation
            if head_noun.dep_ == "dobj" and head_noun.head.lemma_ in _PLACE_TAKING_VERBS:
                continue  # "shelled Kafr Nabl", "captured Saraqib": towns, not organisations
            if self.known_place is not None and not ent.text.isupper() and self.known_place(ent.text):
                continue  # a town or province the dictionary does not know as a group
            if head_noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"}:
                put(doc[ent.start:ent.end], ActorRef(ent.text, "unlisted", ent.text.replace("the ", "").strip(), 3,
                                                    start=ent.start_char, end=ent.end_char))
        return found

    def _capital_of(self, name: str) -> str:
        if self._capitals is None:
            self._capitals = {c.capital.lower(): c.name for c in self.countries.all() if c.capital}
        return self._capitals.get(name.lower(), "")

    def _add_role(self, span: Span, head: Token, role: str, found, put):
        # "ISIS fighters", "Islamic State (IS) militants": a role noun right after a named group
        # belongs to that group.
        doc = head.doc
        i = head.i - 1
        while i >= max(0, head.i - 4) and doc[i].text in {"(", ")", "'s", "’s", "-"}:
            i -= 1
        if i >= 0 and i in found and found[i].kind == "named" and i >= span.start - 4:
            # "al Shabaab suspect", "Mungiki members": the group's own, not civilians; so are a
            # community's "groups" or "clans" ("Kikuyu and Maasai groups clashed"), as ACLED
            # codes communal fighting as communal militias.
            own = head.lower_ in _MEMBER_NOUNS and found[i].inter in {2, 3, 4} or \
                head.lower_ in _COMMUNITY_NOUNS and found[i].inter == 4
            if role not in _ARMED_ROLES and not own:
                # "Borana herders", "Pokot women": civilians of that community, not its militia.
                ref = ActorRef(doc[i:head.i + 1].text, "role", role, self.roles.inter[role],
                               start=doc[i].idx, end=head.idx + len(head),
                               community=found[i].key if found[i].inter == 4 else "")
                for j in range(i, head.i + 1):
                    found[j] = ref
                return
            put(doc[i + 1:head.i + 1], found[i])
            return
        for c in head.children:
            if c.i in found and c.dep_ in {"compound", "amod", "nmod", "npadvmod"} and found[c.i].kind == "named":
                put(span, found[c.i])
                return
        for c in head.children:  # "members of the Taliban", "youths from the Bobo community"
            if c.dep_ == "prep" and c.lower_ in {"of", "from"}:
                for p in c.children:
                    if p.i in found and found[p.i].kind == "named" and (c.lower_ == "of" or (
                            found[p.i].inter == 4 and (role in _ARMED_ROLES or head.lower_ in _COMMUNITY_NOUNS))):
                        put(span, found[p.i])
                        return
        words = [t for t in span if t.i != head.i]
        # "Afghan military forces", matched as the phrase "military forces": the adjective before it.
        words += [c for t in span for c in t.children if c.i < span.start and c.dep_ in {"amod", "compound", "nmod"}]
        country = self._country_of_words(words)
        if not country:  # "the military forces of Azerbaijan"
            # The phrase may have matched "the military" of "the military forces of X".
            heads = [head] + ([head.head] if head.dep_ in {"amod", "compound"} and head.head.i == span.end else [])
            of_objects = [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"]
            country = self._country_of_words(of_objects)
            if country and role in _ARMED_ROLES:
                # "military forces of India and Pakistan": the other country's forces too.
                for other in (c for p in of_objects for c in p.conjuncts):
                    other_country = self._country_of_words([other])
                    if other_country and other_country != country and other.i not in found:
                        found[other.i] = ActorRef(f"{span.text} of {other.text}", "role", role,
                                                  self.roles.inter[role], country=other_country,
                                                  start=other.idx, end=other.idx + len(other))
        if head.dep_ in {"amod", "compound"}:  # "a former military commander": "former" is the commander's
            words += [c for c in head.head.children if c.dep_ == "amod" and c.i < head.i]
        if role in {"military", "police"} and (_OFF_DUTY & {t.lower_ for t in words} or
                                               "off" in {t.lower_ for t in words} and "duty" in {t.lower_ for t in words}):
            role = "civilians"  # an off-duty or former soldier is a civilian victim
        put(span, ActorRef(span.text, "role", role, self.roles.inter[role], country=country,
                           start=span.start_char, end=span.end_char))


_LOCATIVE_PREPS = {"in", "into", "near", "at", "outside", "around", "from", "towards", "toward"}
_SETTLEMENTS = {"town", "village", "city", "district", "province", "area", "region", "camp", "neighbourhood",
                "neighborhood", "outskirts", "suburb", "suburbs", "countryside", "vicinity", "environs",
                "periphery", "governorate", "county", "state", "outskirt",
                # "in the cities of A and B"
                "towns", "villages", "cities", "districts", "provinces", "areas", "regions", "camps",
                "municipality", "municipalities", "localities", "locality", "neighbourhoods",
                "neighborhoods", "states", "counties"}


# Nouns that, after an armed group's name, mean one of its members.
_MEMBER_NOUNS = {"suspect", "suspects", "member", "members", "supporter", "supporters", "adherent",
                 "adherents", "recruit", "recruits", "leader", "leaders", "commander", "commanders"}
_COMMUNITY_NOUNS = {"community", "communities", "clan", "clans", "group", "groups", "tribe", "tribes",
                    "tribesmen", "clansmen", "morans", "warriors", "youths", "raiders"}
# Verbs whose object is a place far more often than a group ("shelled X", "captured X").
_PLACE_TAKING_VERBS = {"shell", "bomb", "besiege", "invade", "overrun", "capture", "seize", "recapture",
                       "storm", "enter", "liberate"}


def _is_locative(tok: Token) -> bool:
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in _LOCATIVE_PREPS or (prep.lower_ == "of" and prep.head.lower_ in _SETTLEMENTS) \
        or (prep.lower_ == "to" and prep.head.lower_ in {"close", "next", "adjacent"})  # "close to El Fasher"


# Nouns whose "of" phrase names the actor: "a group of men", "members of the Taliban".
_COLLECTIVE_HEADS = {"group", "members", "member", "band", "gang", "crowd", "mob", "team", "unit", "number",
                     "dozens", "hundreds", "scores",
                     # what belongs to an actor stands for it as a target: "positions of the militia"
                     "position", "positions", "base", "bases", "outpost", "post", "posts", "convoy", "patrol",
                     "checkpoint", "headquarters", "stronghold", "hideout", "vehicle", "vehicles"}
# Targets that stand for the civilians living or working there.
CIVILIAN_TARGETS = {"village", "house", "home", "market", "mosque", "church", "school", "hospital", "shop",
                    "farm", "hamlet", "residence", "homestead"}
# Modifiers that make a soldier or policeman a civilian for ACLED: not on duty, not serving.
_OFF_DUTY = {"off-duty", "former", "retired", "ex", "ex-", "demobilised", "demobilized"}

# Roles that a named group's name can head ("ISIS fighters"); other roles stay themselves.
# Verbs whose subject suffers the event rather than acting: the dead of "two soldiers died".
_UNDERGOER_VERBS = {"die", "perish", "succumb", "drown"}
_ARMED_ROLES = {"military", "police", "armed_group", "militia", "gang"}

_NP_DEPS = {"compound", "amod", "det", "nummod", "poss", "case", "quantmod", "nmod", "npadvmod", "punct"}


def _noun_phrase(head: Token) -> Span:
    """The head noun with the modifiers just before it ("10 Syrian soldiers"), never across a comma."""
    doc = head.doc
    start = head.i
    while start > 0:
        prev = doc[start - 1]
        if prev.text in {",", "—", "–", ";", ":", "(", ")", "[", "]", "\""} or prev.is_space:
            break
        if prev.dep_ in _NP_DEPS and head in prev.ancestors:
            start -= 1
        else:
            break
    return doc[start:head.i + 1]


def ref_for(tok: Token, refs: dict[int, ActorRef]) -> ActorRef | None:
    """The actor a token names, looking into its own noun phrase ("ISIS positions", "the army's base",
    "a group of men")."""
    if tok.i in refs:
        return refs[tok.i]
    if tok.lemma_.lower() in _COLLECTIVE_HEADS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and p.i in refs:
                        return refs[p.i]
    if tok.lemma_.lower() in CIVILIAN_TARGETS and tok.pos_ == "NOUN":
        own = [t for t in tok.subtree if t.i in refs and t.i < tok.i]
        if not own:  # "attacked the village", "stormed a house": the people there were the target
            return ActorRef(tok.text, "role", "civilians", 7, start=tok.idx, end=tok.idx + len(tok))
        community = refs[own[-1].i]
        if community.inter == 4:  # "attacked Degodia villages": that community's people, not its militia
            start = own[-1].idx
            return ActorRef(tok.doc.text[start:tok.idx + len(tok)], "role", "civilians", 7, start=start,
                            end=tok.idx + len(tok), community=community.key)
    for t in sorted(tok.subtree, key=lambda t: (t.i > tok.i, abs(t.i - tok.i))):
        if t.i in refs and (t.i < tok.i or t.head.i == tok.i):
            if t.dep_ in {"compound", "amod", "poss", "nmod", "npadvmod", "nummod"} or t.head.i != tok.i:
                return refs[t.i]
    return None


def _governing_subject(tok: Token) -> Token | None:
    """The subject that a verb, participle or noun trigger inherits from the clause above it."""
    cur, steps = tok, 0
    while steps < 6:
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj and cur.i != tok.i:
            return subj[0]
        if cur.dep_ in {"xcomp", "conj", "advcl", "dobj", "pobj", "prep", "acl", "relcl"} and cur.head.i != cur.i:
            cur = cur.head
            steps += 1
            continue
        return None
    return None


def same_side(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Whether two references name one actor: one key, or one state's forces named two ways
    ("the Somali army" from the dictionary and "five soldiers" as a role)."""
    if a is None or b is None:
        return False
    if a.key == b.key:
        # "Syrian soldiers" and "US forces" share a role but are two sides.
        return a.kind != "role" or not a.country or not b.country or a.country == b.country
    if a.kind == "named" and b.kind == "named":
        # A unit of a group is the group ("Taliban - Red Unit" and "Taliban"); two factions of
        # one state's forces fighting are two sides (GNA and LNA, Hadi and Houthi).
        return a.key.startswith(b.key + " - ") or b.key.startswith(a.key + " - ")
    return a.inter == 1 and b.inter == 1 and (not a.country or not b.country or a.country == b.country)


def undergoers(head: Token, refs: dict[int, ActorRef]) -> list[ActorRef]:
    """Those who died, when the trigger is a verb like "die": victims, named last, after the
    sides a clash of the same sentence names ("one person died in clashes between two clans")."""
    if head.lemma_.lower() not in _UNDERGOER_VERBS:
        return []
    found: list[ActorRef] = []
    for c in head.children:
        if c.dep_ == "nsubj":
            for t in [c, *c.conjuncts]:
                r = ref_for(t, refs) or _partitive_ref(t, refs)
                if r is not None and r not in found:
                    found.append(r)
    return found


def _partitive_ref(tok: Token, refs: dict[int, ActorRef]) -> ActorRef | None:
    """"two of the men", "one of the attackers": the group the number is taken from."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    return ref_for(p, refs)
    return None


def _claimant(head: Token) -> Token | None:
    """"X claimed responsibility for the blast": X carried out the blast."""
    if head.dep_ == "pobj" and head.head.lower_ == "for":
        resp = head.head.head
        if resp.lemma_.lower() == "responsibility" and resp.head.lemma_.lower() in {"claim", "accept", "admit"}:
            return next((c for c in resp.head.children if c.dep_ == "nsubj"), None)
    return None


def arguments(head: Token, refs: dict[int, ActorRef]) -> tuple[list[ActorRef], list[ActorRef]]:
    """(agents, others) around a trigger head, each list in order of confidence."""
    agents: list[ActorRef] = []
    others: list[ActorRef] = []

    def add(lst, tok):
        for t in [tok, *tok.conjuncts]:
            r = ref_for(t, refs)
            if r is not None and r not in lst:
                lst.append(r)

    undergoer = head.lemma_.lower() in _UNDERGOER_VERBS
    for c in head.children:
        dep = c.dep_
        if dep == "nsubj" and undergoer:
            continue  # "the guard died": the one who died did not act (see undergoers)
        if dep == "nsubj" or dep in {"compound", "poss", "amod", "nmod"} and head.pos_ == "NOUN":
            add(agents, c)
            if dep == "nsubj" and ref_for(c, refs) is None:  # "some of the protesters assaulted ..."
                partitive = _partitive_ref(c, refs)
                if partitive is not None and partitive not in agents:
                    agents.append(partitive)
        elif dep == "agent" or dep == "prep" and c.lower_ == "by":
            for p in c.children:
                if p.dep_ == "pobj":
                    add(agents, p)
        elif dep in {"dobj", "nsubjpass", "attr"}:
            add(others, c)
            if not others and c.like_num and dep == "nsubjpass":  # "one of the men was injured"
                partitive = _partitive_ref(c, refs)
                if partitive is not None:
                    others.append(partitive)
        elif dep == "prep" and c.lower_ in {"on", "against", "at", "with", "targeting", "upon"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    add(others, p)
        elif dep == "prep" and c.lower_ == "between":
            for p in c.children:
                if p.dep_ == "pobj":
                    add(agents, p)
    claimant = _claimant(head)
    if claimant is not None:
        add(agents, claimant)
    if not agents:
        subj = _governing_subject(head)
        if subj is not None and subj.head.lemma_.lower() not in _UNDERGOER_VERBS:
            add(agents, subj)  # (not "two men" of "two men died and an officer was injured")
    # "between X and Y": the second of the pair is the other side.
    if len(agents) > 1 and not others:
        others.append(agents.pop(1))
    others = [o for o in others if o not in agents]
    return agents, others
