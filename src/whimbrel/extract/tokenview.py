"""Per-document lists of token strings, built once.

Every `doc[i]` makes a new Token object in spaCy; the extractors look at each token's text,
lemma and part of speech many times, so they read these lists instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

_KEY = "whimbrel_token_view"


@dataclass(frozen=True)
class TokenView:
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tokens: list  # the Token objects, made once
    ents: list  # the named-entity Spans, made once
    ent_of: dict  # token index -> its entity Span
    text: str  # doc.text, which spaCy rebuilds from the tokens on every access

    def sent_tokens(self, sent):
        return self.tokens[sent.start:sent.end]

    def sent_ents(self, sent):
        return [e for e in self.ents if e.start >= sent.start and e.end <= sent.end]


def token_view(doc: Doc) -> TokenView:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        toks = list(doc)
        ents = list(doc.ents)
        ent_of = {i: e for e in ents for i in range(e.start, e.end)}
        cached = TokenView([t.lower_ for t in toks], [t.lemma_.lower() for t in toks],
                           [t.pos_ for t in toks], toks, ents, ent_of, doc.text)
        doc.user_data[_KEY] = cached
    return cached


class PhraseIndex:
    """Multi-word phrases indexed by their first word, for one pass over a sentence."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for words, value in phrases.items():
            self.by_first.setdefault(words[0], []).append((words, value))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest first

    def matches(self, view: TokenView, start: int, end: int):
        """(start, end, value) of non-overlapping matches in [start, end), longest first at each token."""
        out = []
        i = start
        lower, lemma = view.lower, view.lemma
        while i < end:
            hit = None
            for first in {lower[i], lemma[i]}:
                for words, value in self.by_first.get(first, ()):
                    n = len(words)
                    if i + n <= end and n > 1 and (tuple(lower[i:i + n]) == words or tuple(lemma[i:i + n]) == words):
                        if hit is None or n > hit[1] - hit[0]:
                            hit = (i, i + n, value)
                        break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out
