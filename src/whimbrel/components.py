"""Our spaCy components, registered in one place with versioned names
(spaCy forbids dots in factory names, so `whimbrel_<name>_v<N>`).

whimbrel_sentence_fixes_v1 runs before the parser and keeps sentences whole where news text
confuses the small model: editorial brackets ("led the clashes [on Tuesday] which ...") and
closing quotes are not sentence starts, nor is a word in lower case, nor a word right after
another word with no punctuation between ("in Ar Raydah Wa Qusayar district").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_OPENERS = {"[", "(", "{"}
_FINAL = {".", "!", "?", "…"}


class SentenceFixes:
    """Marks tokens that must not start a sentence; the parser keeps the marks."""

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if self._continues(tok, prev):
                self.set_annotation(tok)
        return doc

    @staticmethod
    def _continues(tok, prev) -> bool:
        if "\n" in prev.text or prev.is_space:
            return False
        if tok.text in _OPENERS and prev.text not in _FINAL:
            return True
        if prev.text in _OPENERS:
            return True
        if prev.is_alpha and not tok.is_punct:
            return True  # "in Ar Raydah Wa Qusayar district": no sentence starts right after a word
        return tok.text[:1].islower() and prev.text not in _FINAL

    @staticmethod
    def set_annotation(tok) -> None:
        tok.is_sent_start = False


@Language.factory("whimbrel_sentence_fixes_v1", assigns=["token.is_sent_start"])
def make_sentence_fixes(nlp: Language, name: str) -> SentenceFixes:
    return SentenceFixes()


def add_components(nlp: Language) -> Language:
    if "whimbrel_sentence_fixes_v1" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_sentence_fixes_v1", before="parser")
    return nlp
