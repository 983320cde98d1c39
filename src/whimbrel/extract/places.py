"""Finds the places a sentence names, with how the event is tied to each.

Candidates are named entities (GPE, LOC, FAC) and proper nouns after locative words ("the town
of Hatla", "in Guldara district"), because the small English model often labels a village as an
organisation or a person. The gazetteer decides later which candidates are real places.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..models import Toponym
from .tokenview import token_view

_LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "into", "inside", "from", "across",
                   "towards", "toward", "to", "on", "within", "between", "through", "of", "off",
                   "nearby", "beyond", "along"}
_NEAR_WORDS = {"near", "outside", "around", "nearby", "outskirts", "vicinity", "countryside",
               "suburb", "suburbs", "environs", "close", "km", "kilometres", "kilometers", "miles",
               "border", "periphery", "edge", "area"}
_ADMIN_WORDS = {"province", "governorate", "region", "state", "district", "county", "department",
                "prefecture", "oblast", "municipality", "division", "territory", "zone", "raion",
                "commune", "sector", "subdivision", "lga", "tehsil", "wilaya"}
_SETTLEMENT_WORDS = {"town", "village", "city", "area", "neighbourhood", "neighborhood", "camp",
                     "locality", "settlement", "hamlet", "capital", "base", "suburb", "outskirts"}
# "Rubaya (Masisi, Nord-Kivu)": an admin area in brackets after a place.
_BRACKET = re.compile(r"\(([^()]{2,80})\)")
_NOT_PLACES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "covid-19", "covid", "coronavirus"}


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


def _admin_hint(span: Span) -> str:
    """An admin area named right after the place: "X (Masisi, Nord-Kivu)", "X district, Balkh"."""
    doc = span.doc
    rest = doc.text[span.end_char:span.end_char + 90]
    m = _BRACKET.match(rest.lstrip()) if rest.lstrip().startswith("(") else None
    if m:
        parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
        parts = [p for p in parts if not re.search(r"\d|reported|as |size|between|from", p, re.I)]
        if parts:
            return parts[-1]
    m = re.match(r"\s*(?:(?:district|province|city|town|village|county|state|region|area|governorate)\s*)?,\s*"
                 r"([A-Z][\w'’\-]+(?:[ -][A-Z][\w'’\-]+)?)", rest)
    if m:
        return m.group(1)
    m = re.match(r"\s+in\s+(?:the\s+)?(?:(?:eastern|western|northern|southern|central)\s+)?([A-Z][\w'’\-]+(?:[ -][A-Z][\w'’\-]+)?)", rest)
    if m:
        return m.group(1)
    return ""


def _proper_chunk(tok: Token) -> Span:
    """The run of proper-noun tokens ending at tok ("Huwayja Saqer", "Deir Ezzor")."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in {"compound", "nmod"}:
        start -= 1
    end = tok.i + 1
    return doc[start:end]


def find_toponyms(sent: Span, exclude: set[int]) -> list[Toponym]:
    """Place names in the sentence, in text order; `exclude` holds tokens of actors and sources."""
    doc = sent.doc
    seen: set[tuple[int, int]] = set()
    out: list[Toponym] = []

    def add(span: Span, root: Token):
        if any(t.i in exclude for t in span) or (span.start, span.end) in seen:
            return
        name = _clean(span.text)
        if len(name) < 2 or name.lower() in _NOT_PLACES or not name[0].isupper():
            return
        seen.add((span.start, span.end))
        out.append(Toponym(name=name, relation=_relation(root, span), admin_hint=_admin_hint(span),
                           start=span.start_char, end=span.end_char))

    view = token_view(doc)
    for ent in view.sent_ents(sent):
        if ent.label_ in {"GPE", "LOC", "FAC"}:
            add(ent, ent.root)
    for tok in view.sent_tokens(sent):
        if tok.pos_ != "PROPN" or tok.dep_ in {"compound"} and tok.head.pos_ == "PROPN":
            continue
        head = tok.head
        locative = (tok.dep_ == "pobj" and head.lower_ in _LOCATIVE_PREPS and
                    (head.lower_ != "of" or head.head.lower_ in _SETTLEMENT_WORDS | _ADMIN_WORDS | _NEAR_WORDS))
        named_settlement = tok.dep_ == "compound" and head.lower_ in _SETTLEMENT_WORDS | _ADMIN_WORDS
        if locative or named_settlement:
            # The small model often calls a village a person or an organisation; the gazetteer
            # decides later. Numbers and dates are never places.
            if tok.ent_type_ in {"DATE", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "TIME"}:
                continue
            add(_proper_chunk(tok), tok)
    out.sort(key=lambda t: t.start)
    return out
