"""Who reported: the organisation behind "according to X", "X reported", "X told <outlet>".

A person quoted stands for the organisation the report ties them to ("the director of the
Syrian Observatory, Rami Abdulrahman" -> Syrian Observatory); a short name stands for the
longest name the report gives it ("the Syrian Observatory" -> "Syrian Observatory for Human
Rights"). Anonymous sources (observers, officials) name no organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..resources import data_yaml
from .tokenview import token_view


# "Beirut, Asharq Al-Awsat—", "KABUL (Reuters) -": the place the story was filed from and the outlet.
_DATELINES = [re.compile(r"^\s*([A-Z][A-Za-z .'’-]{1,40}?),\s+([A-Z][\w .'’&-]{1,50}?)\s*(?:—|–|--|\s-\s)"),
              re.compile(r"^\s*([A-Z][A-Za-z .'’-]{1,40}?)\s*\(([^()]{2,50})\)\s*(?:—|–|--|-|:)")]


def dateline(text: str) -> tuple[str, str, int]:
    """(place, outlet, end offset) of a dateline opening the report, or ("", "", 0)."""
    for pattern in _DATELINES:
        m = pattern.match(text)
        if m:
            return m.group(1).strip(), m.group(2).strip(), m.end()
    return "", "", 0


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    d = data_yaml("sources.yaml")
    return frozenset(d["reporting_verbs"]), frozenset(d["anonymous"])


def _strip_det(span: Span) -> str:
    toks = [t for t in span if not (t.i == span.start and t.dep_ == "det")]
    text = " ".join(t.text for t in toks) if toks else span.text
    return text.replace(" 's", "").replace(" ’s", "").replace(" - ", "-").strip(" ,.")


@dataclass
class SourceIndex:
    """What the whole report says about its sources, built once per report."""

    person_org: dict[str, str] = field(default_factory=dict)  # surname -> organisation
    long_names: list[str] = field(default_factory=list)  # organisation names as first given in full
    outlets: list[str] = field(default_factory=list)  # outlets the text names ("told Asharq Al-Awsat")
    dateline_end: int = 0  # characters of the opening dateline: its place is not an event's

    def canonical(self, name: str) -> str:
        low = name.lower()
        for full in self.long_names:
            if full.lower().startswith(low) and len(full) > len(name):
                return full
        for person, org in self.person_org.items():
            if person.lower() in low.split() or low == person.lower():
                return org
        return name


def _entity_span(tok: Token) -> Span | None:
    doc = tok.doc
    ent = token_view(doc).ent_of.get(tok.i)
    if ent is not None:
        return ent
    # A noun phrase such as "the UK-based Syrian Observatory for Human Rights".
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "for":
            right = c.right_edge.i
    return doc[left:right + 1]


def build_source_index(doc: Doc) -> SourceIndex:
    index = SourceIndex()
    _, outlet, index.dateline_end = dateline(doc.text)
    if outlet:
        index.outlets.append(outlet)
    view = token_view(doc)
    for ent in view.ents:
        if ent.label_ in {"ORG", "GPE", "FAC"} and len(ent) >= 3:
            index.long_names.append(_strip_det(ent))
    # Noun phrases "X for Y" that NER splits ("Syrian Observatory for Human Rights").
    for tok in view.tokens:
        if tok.pos_ == "PROPN" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            span = _entity_span(tok)
            if span is not None and span.text[:1].isupper() or (span is not None and span[0].dep_ == "det"):
                index.long_names.append(_strip_det(span))
    index.long_names.sort(key=len, reverse=True)
    # Appositions tie a person to an organisation: "The director of X, Rami Abdulrahman, ..."
    for ent in view.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            head = root.head
            for c in head.subtree:
                if c.dep_ == "pobj" and c.pos_ == "PROPN":
                    span = _entity_span(c)
                    if span is not None:
                        org = index.canonical(_strip_det(span))
                        index.person_org[ent[-1].text] = org
                        break
    return index


def sentence_sources(sent: Span, index: SourceIndex) -> tuple[list[str], set[int]]:
    """Organisations the sentence cites, and the token indices they occupy (not actors)."""
    verbs, anonymous = _lexicon()
    names: list[str] = []
    tokens: set[int] = set()

    def add(tok: Token):
        if tok.pos_ == "NOUN":  # a title: "the director of the Observatory" speaks for the Observatory
            orgs = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "at", "for"}
                    for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
            if orgs:
                tok = orgs[0]
        span = _entity_span(tok)
        if span is None:
            return
        tokens.update(range(span.start, span.end))
        if tok.lemma_.lower() in anonymous or tok.pos_ == "PRON":
            return
        name = index.canonical(_strip_det(span))
        if name and name not in names:
            names.append(name)

    for tok in token_view(sent.doc).sent_tokens(sent):
        if tok.lower_ == "according" and tok.i + 1 < len(sent.doc) and sent.doc[tok.i + 1].lower_ == "to":
            for p in sent.doc[tok.i + 1].children:
                if p.dep_ == "pobj":
                    add(p)
        if tok.pos_ == "VERB" and tok.lemma_.lower() in verbs:
            if any(c.dep_ == "dobj" and c.lemma_.lower() == "responsibility" for c in tok.children):
                continue  # "X claimed responsibility": X is the perpetrator, not a source
            for c in tok.children:
                if c.dep_ == "nsubj":
                    add(c)
                if tok.lemma_ == "tell" and c.dep_ in {"dobj", "dative"} and c.pos_ == "PROPN":
                    span = _entity_span(c)
                    if span is not None:
                        outlet = _strip_det(span)
                        tokens.update(range(span.start, span.end))
                        if outlet not in index.outlets:
                            index.outlets.append(outlet)
    return names, tokens
