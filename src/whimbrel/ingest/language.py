"""Is a report English? A light, dependency-free check, good enough to refuse what we cannot read.

Two signals over the first ~2,000 characters:
- script: the share of letters that are Latin (Arabic, Cyrillic, CJK... text is refused outright);
- function words: among the very common words of English and of the European languages most
  often met in conflict reporting, the share that are English. Foreign place and person names
  ("Deir ez-Zor", "El Fasher") are rare next to "the", "of", "and", so English text passes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import UnsupportedLanguageError

SAMPLE_CHARS = 2000

# Very common words, lower case. A word in the English list counts for English only; other words
# shared between languages ("de", "la") count for each language that has them. The verdict
# compares English with the best-scoring other language.
# Left out on purpose: words common in English text or in transliterated names ("al", "el",
# "no", "as", "per", "plus", "van", "dan").
FUNCTION_WORDS: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "English": "the of and to in a is was were are for on with by that this from at as it its he "
               "she they their his her have has had been be which who after said not or but will "
               "would into near during against there than when while an",
    "French": "l qu le la les des du de et est sont une un dans pour par sur avec au aux ce cette qui "
              "que ont été il ils elle selon leur pas à où lors",
    "Spanish": "la los las del de y es son una un en por para con que se su sus fue han "
               "según entre también lo como",
    "Portuguese": "o os da das dos de e é são uma um em na nos nas por para com que foi "
                  "ao pelo pela segundo também não",
    "Italian": "l il lo la gli le dei delle della del di e è sono una un in con che nel nella "
               "secondo anche ha",
    "German": "der die das den dem des und ist sind ein eine einer im in mit von zu für auf bei "
              "nach nicht wurde wurden auch sich",
    "Dutch": "de het een en in is zijn op met voor te dat niet door bij werd werden ook",
    "Indonesian/Malay": "yang di ke dari dengan untuk ini itu tidak dalam pada oleh adalah akan",
}.items()}

# Unicode name prefix of a letter -> the language or script to name in the message.
SCRIPTS = {
    "ARABIC": "Arabic script (Arabic, Persian, Urdu...)", "CYRILLIC": "Cyrillic script (Russian, Ukrainian...)",
    "CJK": "Chinese characters", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
    "HEBREW": "Hebrew", "GREEK": "Greek", "DEVANAGARI": "Devanagari script (Hindi, Nepali...)",
    "ETHIOPIC": "Ethiopic script (Amharic, Tigrinya...)", "THAI": "Thai", "ARMENIAN": "Armenian",
    "GEORGIAN": "Georgian", "BENGALI": "Bengali", "MYANMAR": "Burmese", "TAMIL": "Tamil",
}

_WORD = re.compile(r"[^\W\d_]+")  # runs of letters: "l'armée" -> "l", "armée"


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    english_share: float  # 0..1: Latin-script share times English share of function words
    language: str         # "English", "French", "Arabic script (...)", or "" when unknown


def _script(ch: str) -> str:
    if ch < "\u0250":  # Basic Latin through Latin Extended-B: the common case, no lookup
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].split("-", 1)[0] if name else ""


def guess_language(text: str) -> LanguageGuess:
    """Estimate how English the start of `text` is, and what it is when it is not."""
    sample = text[:SAMPLE_CHARS]
    scripts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha():
            script = _script(ch)
            scripts[script] = scripts.get(script, 0) + 1
    letters = sum(scripts.values())
    if not letters:
        return LanguageGuess(1.0, "")
    latin = scripts.get("LATIN", 0) / letters
    if latin < 0.5:
        top = max(scripts, key=scripts.__getitem__)
        return LanguageGuess(latin, SCRIPTS.get(top, f"{top.title()} script"))

    english, hits = 0, dict.fromkeys(FUNCTION_WORDS.keys() - {"English"}, 0)
    for word in _WORD.findall(sample.lower()):
        if word in FUNCTION_WORDS["English"]:  # "in", "is", "was": English first, rivals nothing
            english += 1
            continue
        for name in hits:
            if word in FUNCTION_WORDS[name]:
                hits[name] += 1
    rival = max(hits, key=hits.__getitem__)
    # +1 on both sides: a few words of evidence either way should not decide alone.
    share = (english + 1) / (english + hits[rival] + 1)
    return LanguageGuess(latin * share, "English" if english >= hits[rival] else rival)


def check_english(text: str, origin: str, min_share: float) -> None:
    """Raise UnsupportedLanguageError when the text is not (mostly) English."""
    guess = guess_language(text)
    if guess.english_share >= min_share:
        return
    what = f"in {guess.language}, not English" if guess.language not in ("", "English") else "not in English"
    raise UnsupportedLanguageError(
        origin, f"the report is {what} (English share {guess.english_share:.0%}, "
                f"{min_share:.0%} needed). Whimbrel reads English reports only",
        "Translate it into English first, or leave it out (the threshold is the setting "
        "WHIMBREL_MIN_ENGLISH_SHARE)")
