"""Finds the places a sentence names, with how the event is tied to each.

Candidates are named entities (GPE, LOC, FAC) and proper nouns after locative words ("the town
of Hatla", "in Guldara district"), because the small English model often labels a village as an
organisation or a person. The gazetteer decides later which candidates are real places.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from ..geo.variants import NAMED_AFTER_TOWN, kind_feature, split_kind_word
from ..models import Toponym
from .tokenview import token_view

_LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "into", "inside", "from", "across",
                   "towards", "toward", "to", "on", "within", "between", "through", "of", "off",
                   "nearby", "beyond", "along"}
_NEAR_WORDS = {"near", "outside", "around", "nearby", "outskirts", "vicinity", "countryside",
               "suburb", "suburbs", "environs", "close", "km", "kilometres", "kilometers", "miles",
               "border", "periphery", "edge", "area", "north", "south", "east", "west",
               "northeast", "northwest", "southeast", "southwest", "northwards", "southwards"}
_ADMIN_WORDS = {"province", "governorate", "region", "state", "district", "county", "department",
                "prefecture", "oblast", "municipality", "division", "territory", "zone", "raion",
                "commune", "sector", "subdivision", "lga", "tehsil", "wilaya", "township", "parish",
                "front", "frontline", "axis"}  # "on the Tell Abiad front"
_SETTLEMENT_WORDS = {"town", "village", "city", "area", "neighbourhood", "neighborhood", "camp",
                     "locality", "settlement", "hamlet", "capital", "base", "suburb", "outskirts"}
# "Rubaya (Masisi, Nord-Kivu)": an admin area in brackets after a place.
_BRACKET = re.compile(r"\(([^()]{2,80})\)")
# Institutions written with a capital ("the Police seized ...") that share a name with a town.
_INSTITUTIONS = {"police", "army", "military", "government", "parliament", "court", "ministry",
                 "senate", "congress", "navy", "presidency", "cabinet", "council", "assembly",
                 "bank", "governor", "mayor", "president"}  # "the Governor of the Bank"
# Headline style names the place as a modifier: "Lodwar residents protested", "Kisumu students
# rioted", "Garissa police station", "a Mombasa hotel". The gazetteer decides which are places.
_LOCAL_PEOPLE = {"resident", "residents", "farmer", "farmers", "student", "students", "youth", "youths",
                "trader", "traders", "villager", "villagers", "worker", "workers", "teacher", "teachers",
                "locals", "people", "community", "communities", "mca", "mcas", "elders", "women", "men",
                "herders", "fishermen", "drivers", "operators", "vendors", "hawkers", "tenants"}
_LOCAL_HEADS = _LOCAL_PEOPLE | {
                "school", "university", "college", "hospital", "market", "station", "prison", "hotel",
                "town", "estate", "slum", "slums", "county", "stadium", "mosque", "church", "court",
                "airport", "port", "office", "offices", "road", "highway", "bridge", "camp", "camps",
                "roundabout", "intersection", "junction", "square", "crossing", "motorway",
                "expressway", "checkpoint", "building", "governorate", "municipality", "bypass"}
# Verbs whose object may be a place taken or struck: "attacked Garba Tula", "raided Wajir".
_STRIKE_VERBS = {"attack", "raid", "storm", "besiege", "shell", "bomb", "invade", "overrun", "capture",
                 "seize", "target", "torch", "burn", "loot", "ambush", "hit", "strike", "recapture"}
_ROUTE_VERBS = {"connect", "link", "join"}
_ROUTES = {"road", "highway", "motorway", "expressway", "bypass"}
_NOT_PLACES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "covid-19", "covid", "coronavirus",
               "loc", "line of control",  # the Kashmir ceasefire line runs through many districts
               # a facility written with a capital is no place of its own ("died in the Hospital")
               "hospital", "prison", "university", "school", "market", "airport", "mosque", "church",
               "saray", "seray", "serail",  # a governor's seat ("gathered outside the Saray in ...")
               # weapons written in capitals ("in an IED attack near ...")
               "ied", "ieds", "vbied", "vbieds", "svbied", "rpg", "rpgs", "uav", "uavs"}


def _clean(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"['’]s$", "", text)
    return text.strip(" ,.;:-—")


def _relation(tok: Token, span: Span) -> str:
    """near / region / in, from the words around the name."""
    words = {t.lower_ for t in span} | {c.lower_ for c in tok.head.children} | {tok.head.lower_}
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in {"near", "outside", "around", "nearby", "towards", "toward"}:
        return "near"
    if prep is not None and prep.lower_ == "of" and prep.head.lower_ in _NEAR_WORDS:
        return "near"
    if prep is not None and prep.lower_ == "to" and prep.head.lower_ == "close":
        return "near"
    if tok.head.lower_ in {"countryside", "outskirts", "vicinity", "suburbs", "environs", "periphery"}:
        return "near"
    if words & _ADMIN_WORDS or (span.end < len(span.doc) and span.doc[span.end].lower_ in _ADMIN_WORDS):
        return "region"
    return "in"


# A place name as ACLED notes and news write it: capitalised words, with the small words of
# Romance, Arabic and Persian names between them ("Rio de Janeiro", "Khabb wa ash Shaaf",
# "Kut e Abdollah").
# "ez-Zor", "al-Bab", "el Mina": a lower-case Arabic article may stand before a name's word.
# ("at X" is English, and so is "as" in "coded as Arso district".)
_ARTICLE = r"(?:(?<!coded )(?<!known )(?:al|el|ad|ed|ez|az|as|es|ash|an|ar|ul)[\s-]|at-)"
_WORD = r"(?:" + _ARTICLE + r")?[A-Z][\w'’\-]*(?:&[A-Z]\w*)?"  # "J&K"
# "Port of Spain", "Isle of Man": English names joined by "of" (the gazetteer then tells the
# port of a town, "the Port of Manila", from a town of that name).
_NAME = (r"(?:(?:Port|Isle|Bay)\s+of\s+)?" + _WORD
         + r"(?:\s+(?:(?:de|do|da|dos|das|del|di|du|la|le|el|al|ad|ash|wa|bin|y|a|e|i)\s+){0,2}"
         + _WORD + r"){0,4}")
_KIND = (r"(?:district|province|city|town|village|county|state|region|area|governorate|municipality|lga)"
         r"s?|municipalities|cities|counties")  # "in A and B (Suki) districts, Kunar"
_TRAILING_AREA = re.compile(r"\s*(?:" + _KIND + r"\s*)?,\s*(" + _NAME + r")")
_BRACKETED_AREA = re.compile(r"\s*\([A-Z][^()\d]{1,60},\s*[A-Z][^()\d]{1,40}\)")  # "(Djugu, Ituri)"
_LIST_GOES_ON = re.compile(r"(?:\s*,\s*" + _NAME + r")*\s*,?\s+(?:and|or|&)\s+(?:the\s+)?[A-Z]")
_IN_AREA = re.compile(r"(?:\s+(?:village|town|hamlet|locality|communit(?:y|ie))s?)?"  # "A and B villages in Z"
                      r"\s+in\s+(?:the\s+)?(?:(?:eastern|western|northern|southern|central)\s+)?"
                      r"(?:(?:north|south|east|west)[a-z]*(?:\s*-\s*(?:north|south|east|west)[a-z]*)?\s+)?"
                      r"(?:(?:countryside|outskirts|suburbs|province|governorate)\s+of\s+)?(" + _NAME + ")")
# Bracket parts that are notes, not areas: "(as reported)", "(size=...)", "(2 km from ...)".
_NOT_AREA = re.compile(r"\d|reported|size|between|from|unclear|unknown|assumed|approx", re.I)
_CODED_AS = re.compile(r"^(?:coded (?:as|in|at|to)|coordinates (?:for|of))\s+|\s+used$", re.I)


# "Wadi area of Vadodara city (Vadodara, Gujarat)", "Hamirpur village near Rapar town (Kachchh,
# Gujarat)": a quarter or village of a town whose areas are written after the town.
_OF_TOWN = re.compile(r"\s+(?:(?:village|town|area|areas|neighbou?rhood|locality|suburb|quarter|camp|"
                      r"market)\s+)?(?:of|near)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?("
                      + _NAME + r")(?:\s+(?:city|town|district|village|municipality|LGA|area))?")


# "the Soba area of Khartoum", "Tabbaneh neighbourhood of Tripoli": a quarter of a town.
_QUARTER_OF = re.compile(r"\s(?:area|neighbou?rhood|locality|quarter|suburb)\s+of\s+(?:the\s+)?$", re.I)
_OTHER_AREAS = re.compile(r"\s+[a-z]+\s*\(")  # "... of Hadramawt valley (Al Qatn, ...)": not the town


# "Ovacik district of Tunceli": an area of a wider one.
_ENDS_WITH_AREA_KIND = re.compile(r"\s(?:district|sub-district|county|municipality|LGA|tehsil|subdistrict)$", re.I)
_OF_AREA = re.compile(r"\s+of\s+(?:the\s+)?(" + _NAME + r")(?:\s+(?:province|governorate|state|region))?")


def _admin_hint(span: Span) -> str:
    """The admin areas named right after the place, most specific first and comma-separated:
    "X (Masisi, Nord-Kivu)" -> "Masisi, Nord-Kivu"; "X district, Balkh" -> "Balkh";
    "Shamal (Do Mando) district, Khost" -> "Do Mando, Khost". The resolver ignores parts the
    gazetteer does not know as areas, so an alternative name in brackets does no harm."""
    doc = span.doc
    rest = token_view(doc).text[span.end_char:span.end_char + 160]
    rest = rest[1:] if rest[:1] in "'’\"" else rest  # "the 'Qalat' area of Kushki Kuhna district"
    parts = _areas_written_after(rest)
    if not parts:
        m = _OF_TOWN.match(rest)
        if m and not _NOT_START.match(m.group(1)):
            town_areas = _areas_written_after(rest[m.end():])
            if town_areas:  # the town's own areas say where the quarter is
                parts = [m.group(1)] + town_areas
            elif _QUARTER_OF.search(span.text + rest[:m.start(1)]) and not _OTHER_AREAS.match(rest[m.end():]):
                parts = [m.group(1)]  # "the Soba area of Khartoum": a quarter of that town
    if not parts and _ENDS_WITH_AREA_KIND.search(span.text):
        m = _OF_AREA.match(rest)  # "Ovacik district of Tunceli"
        if m:
            parts.append(m.group(1))
    while len(parts) < 3:  # "in the countryside of Tal Tamer in Al-Hasakeh": each wider area
        m = _IN_AREA.match(rest)
        if not m:
            break
        parts.append(m.group(1))
        rest = rest[m.end():]
    return ", ".join(_clean(p) for p in parts if _clean(p))


def _areas_written_after(rest: str) -> list[str]:
    """Admin areas in brackets or after commas at the start of `rest`."""
    parts: list[str] = []
    # "Rampur sector area (Baramulla district, J&K)": a kind word between name and bracket;
    # "Dawlat Abad district center, Balkh": the district's seat, then its province.
    rest = re.sub(r"^\s+(?:area|sector|village|town|city|locality|neighbou?rhood)(?=\s*\()", "", rest)
    rest = re.sub(r"^\s+(?:cent(?:er|re)|headquarters)(?=\s*[(,])", "", rest)
    m = _BRACKET.match(rest.lstrip()) if rest.lstrip().startswith("(") else None
    if m:
        parts += _bracket_parts(m.group(1))
        rest = rest.lstrip()[m.end():]
    m = _TRAILING_AREA.match(rest)
    if m and not _LIST_GOES_ON.match(rest[m.end():]):  # "in A, B and C" is a list, not A in B
        # "Jati sub-district, Pulogadung District, East Jakarta City, Jakarta province"
        while m and len(parts) < 4:
            parts.append(m.group(1))
            rest = rest[m.end():]
            m = _TRAILING_AREA.match(rest)
        # "Kotwali Nagar, Pratapgarh (UP)": the last area's own area in brackets.
        m = _BRACKET.match(rest.lstrip()) if rest[:2].strip()[:1] == "(" else None
        if m and len(parts) < 4:
            parts += _bracket_parts(m.group(1))
    return parts


def _bracket_parts(inside: str) -> list[str]:
    """The areas of a bracket, "Baramulla district, J&K", leaving out notes ("as reported")."""
    parts = []
    for p in inside.split(","):
        p = _CODED_AS.sub("", p.strip()).strip()
        if p and not _NOT_AREA.search(p) and p[:1].isupper():
            parts.append(p)
    return parts


def _proper_chunk(tok: Token) -> Span:
    """The run of proper-noun tokens ending at tok ("Huwayja Saqer", "Deir Ezzor")."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in {"compound", "nmod"}:
        start -= 1
    end = tok.i + 1
    return doc[start:end]


# Patterns of the written form, for names the parser misses ("in Charbolak district, Balkh",
# "the village of Tieba", "Kaduna North LGA", "near Orikhove"): the gazetteer decides later.
_PLACE_KINDS = (r"(?:district|province|governorate|region|state|county|village|town|city|area|"
                r"locality|municipality|LGA|sub-?district|subdivision|sub-division|tehsil|"
                r"neighbou?rhood|camp|valley|commune|department|prefecture|oblast|raion|territory|"
                r"sector|suburb|settlement|hamlet|kebele|woreda|upazila|barangay|township|front|frontline|"
                r"parish)")
_NAMED_KIND = re.compile(r"(?<![\w'’])(" + _NAME + r")\s+" + _PLACE_KINDS + r"\b")
_KIND_OF = re.compile(r"\b(?:the\s+)?" + _PLACE_KINDS + r"\s+of\s+(" + _NAME + ")")
_AFTER_PREP = re.compile(r"\b(in|near|at|outside|around|into|towards?|between|of|and|inside|"
                         r"nearby|off|across|from)\s+(?:the\s+)?(" + _NAME + ")")
# "attacked Kagara (Rafi LGA, Niger)": a name with its admin areas in brackets after it.
_NAME_BRACKETED = re.compile(r"(?<![\w'’])(" + _NAME + r")(?=\s*\((?:[A-Z][^()\d]{1,60},\s*[A-Z][^()\d]{1,40}"
                             r"|[A-Z][^()\d]{1,40}\s" + _PLACE_KINDS + r")\))")
# "On 28 April, Carora, Lara state, drivers protested": a name, then its province by kind.
_NAME_THEN_AREA = re.compile(r"(?<![\w'’])(" + _NAME + r")(?=,\s+" + _NAME + r"\s+(?:state|province|department|"
                             r"governorate|region|district|county|oblast|prefecture)\b)")
# "residents of Garissa", "the outskirts of X" -- but "forces of Armenia" names an actor.
_ACTOR_OF = re.compile(r"\b(?:forces?|military|army|armies|troops|government|governments|police|"
                       r"president|minister|ministry|ministers|embassy|ambassador|authorities|"
                       r"navy|parliament|king|leader|leaders|officials?|representatives?|"
                       r"citizens|nationals|prime)\s+$", re.I)
# Words a capitalised run may start with that are no place ("On 3 May", "In March").
_NOT_START = re.compile(r"^(?:On|In|At|The|A|An|From|Between|Around|Near|And|Of|To|Mr|Mrs|Dr)\b|"
                        r"^(?:" + "|".join(w.capitalize() for w in sorted({"january", "february",
                        "march", "april", "may", "june", "july", "august", "september", "october",
                        "november", "december", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday"})) + r")\b")
_KIND_ONLY = re.compile(r"^(?:(?:north|south|east|west|central|upper|lower)(?:ern)?[- ]?)*"
                        r"(?:(?:north|south|east|west)(?:ern)?|zone|part|side|sector)?$", re.I)
_NUMBER_LABELS = {"CARDINAL", "ORDINAL", "MONEY", "PERCENT", "TIME"}  # never places
_SKIP_LABELS = _NUMBER_LABELS | {"DATE", "NORP", "QUANTITY"}


# "the agreement between the US and the Taliban": the parties to a deal, not places.
_PARTIES_TO = {"agreement", "deal", "talks", "negotiation", "negotiations", "relations", "treaty",
               "accord", "tension", "tensions", "dispute", "war", "ceasefire", "truce", "pact"}


def _actors_of(span: Span) -> bool:
    """"the military forces of Armenia": a country standing for its state, not a place."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" \
            and _ACTOR_OF.search(doc[span.start - 2].text + " "):
        return True
    root = span.root
    while root.dep_ == "conj":
        root = root.head
    prep = root.head if root.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "between" and prep.head.lower_ in _PARTIES_TO


_OFFICIALS = {"mayor", "governor"}  # "the Mayor of Tyr", "Embu Governor"
_OWNERS_OF_PLACES = _NEAR_WORDS | _SETTLEMENT_WORDS | _ADMIN_WORDS | _OFFICIALS | {"entrance"}


def _of_a_place(span: Span) -> bool:
    """"the entrance of Tafi del Valle", "the outskirts of X", "the Mayor of Tyr": a name a place
    word or a town's official owns is a place, even when the model took it for an organisation."""
    root = span.root
    while root.dep_ == "conj":
        root = root.head
    prep = root.head if root.dep_ == "pobj" else None
    return (prep is not None and prep.lower_ == "of"
            and prep.head.lower_ in _OWNERS_OF_PLACES)


def country_as_party(ent: Span) -> bool:
    """"integration with Russia", "a deal for Turkey": a country a phrase relates to, not a
    place where anything happens."""
    root = ent.root
    return (root.dep_ == "pobj" and root.head.lower_ in {"with", "against", "for", "by"}
            and _countries().by_name(ent.text) is not None)


def _country_modifier(ent: Span) -> bool:
    """"the US dollar", "a Russia-based firm": a country name modifying a noun is no place
    ("Kunar province", "Aleppo countryside" are, but those are not country names)."""
    root = ent.root
    return (root.dep_ in {"compound", "amod", "nmod", "npadvmod"} and root.head.pos_ in {"NOUN", "ADJ", "VERB"}
            and root.head.lower_ not in _ADMIN_WORDS | _SETTLEMENT_WORDS | _NEAR_WORDS
            and _countries().find(ent.text) is not None)


def _pattern_spans(sent: Span) -> list[tuple[Span, bool]]:
    """Token spans of the written patterns above, within the sentence, each with whether a
    locative word ("in", "near") stands before it."""
    doc, base = sent.doc, sent.start_char
    text = token_view(doc).text[sent.start_char:sent.end_char]
    spans: list[tuple[Span, bool]] = []
    for pattern, whole in ((_NAMED_KIND, True), (_KIND_OF, False), (_AFTER_PREP, False),
                           (_NAME_BRACKETED, False), (_NAME_THEN_AREA, False)):
        for m in pattern.finditer(text):
            group = 2 if pattern is _AFTER_PREP else 1
            name = m.group(group)
            if _NOT_START.match(name):
                continue
            if pattern is _AFTER_PREP and m.group(1) == "of" and _ACTOR_OF.search(text[:m.start()]):
                continue
            start, end = (m.start(group), m.end()) if whole else m.span(group)
            span = doc.char_span(base + start, base + end, alignment_mode="contract")
            if span is not None and len(span):
                # An area written after the name says "place" as plainly as "in" before it.
                locative = (pattern in (_NAME_BRACKETED, _NAME_THEN_AREA) or pattern is _AFTER_PREP
                            and m.group(1) in _LOCATIVE_PREPS - {"of", "from", "to"})
                spans.append((span, locative))
    return spans


@lru_cache(maxsize=1)
def _actors():
    from .actor_dictionary import ActorDictionary
    return ActorDictionary.load()


@lru_cache(maxsize=1)
def _countries():
    from ..geo.countries import CountryIndex
    return CountryIndex.load()


def find_toponyms(sent: Span, exclude: set[int]) -> list[Toponym]:
    """Place names in the sentence, in text order; `exclude` holds tokens of actors and sources.
    A name inside a longer one found here ("Khumri" in "Pul-e Khumri district") is dropped."""
    doc = sent.doc
    seen: set[tuple[int, int]] = set()
    out: list[Toponym] = []

    def add(span: Span, root: Token, locative: bool = False, local: bool = False):
        # "Qala I Naw district", "Bule (Djugu, Ituri)": places even when the actor finder took
        # the name for a group; so are "Narok" in "Narok residents", which says where they live,
        # and "students of Kericho High School", which says where the school is.
        building = span[-1].lower_ in NAMED_AFTER_TOWN and span[-1].is_title and len(span) > 1
        if (span.start, span.end) in seen or _actors_of(span) or (
                any(t.i in exclude for t in span) and not local and not building
                and not _of_a_place(span)
                and not _NAMED_KIND.fullmatch(span.text)
                and not _BRACKETED_AREA.match(token_view(doc).text[span.end_char:span.end_char + 80])):
            return
        # A proper noun right after "in"/"near" that the model labels NORP ("in Culiacan") is a
        # place unless it is a nationality word ("in Afghan hands").
        # (The model may take the name's last word for a common noun: "Ma'arrat An Nu'man".)
        norp_place = (locative and any(t.pos_ == "PROPN" for t in span)
                      and _countries().find(span.text) is None)
        # The model sometimes stretches a date over the place after it ("30 April 2020, in
        # Posadas"): a proper noun after "in" with no number or calendar word is still a place.
        date_place = locative and span.root.pos_ == "PROPN" and not any(
            t.like_num or t.lower_ in _NOT_PLACES for t in span)
        ignored = ({"NORP"} if norp_place else set()) | ({"DATE"} if date_place else set())
        skip = {t.ent_type_ for t in span} & (_SKIP_LABELS - ignored)
        if skip and not _NAMED_KIND.fullmatch(span.text):
            return  # "Afghan", "3 May" -- but the model calls "Chimtal district" NORP too
        name = _clean(span.text)
        # "el Marj", "ad Dali": a lower-case Arabic article before a capitalised name.
        bare = re.sub(r"^" + _ARTICLE + r"(?=[A-Z])", "", name)
        if len(name) < 2 or name.lower() in _NOT_PLACES | _INSTITUTIONS or not bare[:1].isupper() \
                or re.fullmatch(_ARTICLE, name.lower() + " "):
            return  # (an article alone: "Al cadala junction" cut at the lower-case word)
        if _KIND_ONLY.match(split_kind_word(name)[0]) or _KIND_ONLY.match(name):
            return  # "the North Zone", "Eastern": only kind and direction words
        seen.add((span.start, span.end))
        # A country has no admin area above it: "in Syria, Damascus removed ..." is no hint.
        hint = "" if _countries().by_name(name) is not None else _admin_hint(span)
        owner, _, owned = name.partition("'s ") if "'s " in name else name.partition("’s ")
        if owned and re.sub(r"^" + _ARTICLE, "", owner)[:1].isupper():  # "al Muthanna's As Samwah"
            # "Beirut's Hamra district": the quarter, inside the town that owns it.
            name, hint = _clean(owned), ", ".join(filter(None, [owner, hint]))
        out.append(Toponym(name=name, relation=_relation(root, span), admin_hint=hint,
                           start=span.start_char, end=span.end_char))

    view = token_view(doc)
    for ent in view.sent_ents(sent):
        if ent.label_ in {"GPE", "LOC", "FAC"} and not _actors_of(ent) and not _country_modifier(ent) \
                and not country_as_party(ent):
            add(ent, ent.root)
    for tok in view.sent_tokens(sent):
        # Headlines name a place the model reads as a common noun ("Lodwar residents ...",
        # "01 February: Eldoret farmers protested"): a capitalised noun is a name.
        opening_name = tok.pos_ == "NOUN" and tok.is_title
        titled = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _OFFICIALS  # "Embu Governor"
        if tok.pos_ != "PROPN" and not opening_name or tok.dep_ in {"compound"} and tok.head.pos_ == "PROPN" \
                and not titled:
            continue
        head = tok.head
        locative = (tok.dep_ == "pobj" and head.lower_ in _LOCATIVE_PREPS and
                    (head.lower_ != "of" or head.head.lower_ in _SETTLEMENT_WORDS | _ADMIN_WORDS | _NEAR_WORDS))
        # "Kagara village", and "the capital Ndjamena" (a name right after the word, in
        # apposition; not "Mithal village, Deir ez-Zor", whose area follows a comma)
        named_settlement = (tok.dep_ == "compound" and head.lower_ in _SETTLEMENT_WORDS | _ADMIN_WORDS
                            or tok.dep_ == "appos" and head.lower_ in _SETTLEMENT_WORDS
                            and _proper_chunk(tok).start == head.i + 1)
        # The small model calls many towns persons or organisations: the gazetteer decides.
        nationality = tok.ent_type_ == "NORP" and _countries().find(tok.text) is not None
        # (Or the noun right after it, when the parse hangs the name elsewhere: "blocked the
        # Zahle roundabout and Military forces ...".)
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else tok
        local_head = head if head.pos_ == "NOUN" and head.lower_ in _LOCAL_HEADS else (
            after if after.pos_ == "NOUN" and after.lower_ in _LOCAL_HEADS
            or after.lower_ in _OFFICIALS else None)  # "Hakkari Governor's Office"
        local_modifier = (tok.dep_ in {"compound", "nmod", "amod"} and local_head is not None
                          and not nationality)
        # "shelled Kafr Nabl"; "the road that connects Cuernavaca to Tepoztlan"
        struck = tok.dep_ == "dobj" and head.lemma_ in _STRIKE_VERBS | _ROUTE_VERBS and not nationality
        if opening_name and not local_modifier:
            continue
        if local_modifier or struck:
            if tok.ent_type_ not in _NUMBER_LABELS | {"DATE"}:
                chunk = _proper_chunk(tok)
                # "Narok residents": a place even inside the actor's words, unless the name is
                # a community's ("Turkana herders").
                home = (local_modifier and local_head.lower_ in _LOCAL_PEOPLE
                        and _actors().match(chunk.text) is None)
                # "the Kurukshetra-Yamunanagar road": towns a road joins, whatever the model
                # took them for.
                route = local_modifier and local_head.lower_ in _ROUTES
                if route and chunk.start >= 2 and doc[chunk.start - 1].text == "-" \
                        and doc[chunk.start - 2].pos_ == "PROPN":
                    chunk = doc[_proper_chunk(doc[chunk.start - 2]).start:chunk.end]  # both towns
                add(chunk, tok, locative=True, local=home or route)
            continue
        if locative or named_settlement:
            # The small model often calls a village a person or an organisation; the gazetteer
            # decides later. Numbers and dates are never places.
            if tok.ent_type_ in _NUMBER_LABELS or (
                    tok.ent_type_ == "DATE" and (tok.like_num or tok.lower_ in _NOT_PLACES)):
                continue
            add(_proper_chunk(tok), tok, locative=locative)
    for span, locative in _pattern_spans(sent):
        add(span, span[0], locative=locative)
    out += _city_zones(sent, out)
    # Keep the longest of overlapping names: "Pul-e Khumri district" over "Khumri".
    out = [t for t in out if not any(o is not t and o.start <= t.start and t.end <= o.end
                                     and (o.end - o.start) > (t.end - t.start) for o in out)]
    out.sort(key=lambda t: t.start)
    out = _chain_hints(_share_list_hints(out, token_view(doc).text))
    return _loose_bracket_hint(out, sent)


# "in the West Zone of Rio de Janeiro": a zone of a city, named as the gazetteer names such
# zones ("Rio de Janeiro-West Zone"); a city without them falls back to the city itself.
_CITY_ZONE = re.compile(r"\b(North|South|East|West|Central)\s+Zone\s+of\s+(" + _NAME + ")")


def _city_zones(sent: Span, toponyms: list[Toponym]) -> list[Toponym]:
    base = sent.start_char
    text = token_view(sent.doc).text[sent.start_char:sent.end_char]
    out = []
    for m in _CITY_ZONE.finditer(text):
        city = next((t for t in toponyms if t.start == base + m.start(2)), None)
        out.append(Toponym(name=f"{m.group(2)}-{m.group(1)} Zone", relation="in",
                           admin_hint=city.admin_hint if city else "",
                           start=base + m.start(), end=base + m.end()))
    return out


def _loose_bracket_hint(toponyms: list[Toponym], sent: Span) -> list[Toponym]:
    """"at Ad Dubyani area of July 7 neighbourhood in the northeast of Hodeidah port city (Al
    Hali, Al Hudaydah)": the one bracket of admin areas in a sentence, not attached to any name,
    says where its unattached names lie (the resolver ignores parts it does not know as areas)."""
    loose = []
    for m in _BRACKET.finditer(sent.text):
        parts = _bracket_parts(m.group(1))
        if len(parts) == 1 and parts[0].isupper():
            continue  # an acronym: "a public distribution system (PDS) shop"
        if parts and not any(set(parts) & {p.strip() for p in t.admin_hint.split(",")} for t in toponyms):
            loose.append(", ".join(parts))
    if len(loose) != 1:
        return toponyms
    return [t if t.admin_hint else dataclasses.replace(t, admin_hint=loose[0]) for t in toponyms]


# "Mandaguari and Perola, Parana", "the road from A to B, Puebla": the areas written after the
# last of a list of places hold for all of them; only "," / "and" / "or" / "to" / a dash may
# stand between the names.
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|to\s+|&\s*|[-–]\s*)")


def _share_list_hints(toponyms: list[Toponym], text: str) -> list[Toponym]:
    out = list(toponyms)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        if not here.admin_hint and after.admin_hint and _LIST_GLUE.fullmatch(text[here.end:after.start]) \
                and _countries().by_name(here.name) is None:
            out[i] = dataclasses.replace(here, admin_hint=after.admin_hint)
    return out


def _chain_hints(toponyms: list[Toponym]) -> list[Toponym]:
    """"the Court in La Candelaria, Bogota": the court's area is La Candelaria, whose own area,
    Bogota, is the court's too; without it La Candelaria is looked for the world over."""
    out = list(toponyms)
    for i in range(len(out) - 2, -1, -1):
        here = out[i]
        parts = [p.strip() for p in here.admin_hint.split(",") if p.strip()]
        if not parts:
            continue
        later = next((t for t in out[i + 1:] if t.name == parts[-1] and t.admin_hint), None)
        if later is not None:
            out[i] = dataclasses.replace(here, admin_hint=", ".join(parts + [later.admin_hint]))
    return out


def home_of_people(doc, toponym: Toponym) -> bool:
    """Whether a place is where people come from, not where they acted: "fighters who are from
    Deir-ez-Zor", "teachers from Wajir region", "Uasin Gishu Governor X" (but "abducted from
    Kipulu" is the scene, and "payment from Machakos county government" names no place of
    people)."""
    span = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
    if span is None or span.start_char != toponym.start:
        return False
    if span.end < len(doc) and doc[span.end].lower_ in _OFFICIALS:
        return True  # "a rally led by Uasin Gishu Governor X in Kabarnet": the governor's county
    tok = span[0]
    # Up through the rest of the name and its kind word ("Murang'a County") to the preposition.
    while tok.dep_ == "compound" and (tok.head.pos_ == "PROPN" or kind_feature(tok.head.lower_)):
        tok = tok.head
    prep = tok.head
    return (tok.dep_ == "pobj" and prep.lower_ == "from"
            and (prep.head.lemma_ == "be" or prep.head.pos_ in {"NOUN", "PROPN"}))
