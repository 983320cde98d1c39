"""Place-name normalisation and transliteration variants.

Two keys are computed for every name in the gazetteer and for every name looked up:

- `name_key`: ASCII fold, lower case, punctuation to spaces, Arabic articles (al-, el-, ad-, ash-,
  ...) and the Persian ezafe ("Mazar-e Sharif") dropped, and a small table of common
  transliteration pairs merged (dayr/deir, zawr/zour/zor, jabal/jebel, ...). It is strict enough
  to look names up directly.
- `skeleton`: `name_key` reduced to consonants (vowels, w and y dropped, doubled letters
  collapsed, q -> k, ...). Romanisations of one Arabic or Pashto name mostly meet here
  ("Huwayja Saqer", "Hwijet Saker", "Huwaijat Saqr"), but so do unrelated names, so a skeleton
  match is only a fallback and is checked with a string similarity before it is used.
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Assimilated and plain forms of the Arabic article, and their French/Turkish spellings.
ARTICLES = frozenset({
    "al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "az", "ez", "an", "en",
    "at", "et", "ash", "esh", "ath", "adh", "ats", "ech", "ej", "aj",
})
# Persian/Dari ezafe between the words of a compound name ("Mazar-e Sharif", "Mazar-i-Sharif").
EZAFE = frozenset({"e", "i", "ye", "yi"})

# Token spellings that stand for one word. Only pairs common in conflict-zone place names, kept
# short on purpose: the skeleton catches the long tail.
TOKEN_SYNONYMS: dict[str, str] = {
    "dayr": "deir", "deyr": "deir", "dair": "deir", "der": "deir", "dier": "deir",
    "zawr": "zor", "zour": "zor", "zur": "zor", "zoor": "zor",
    "tal": "tell", "tel": "tell", "til": "tell",
    "jebel": "jabal", "jabel": "jabal", "djebel": "jabal", "jbel": "jabal",
    "ouadi": "wadi", "oued": "wadi",
    "abou": "abu", "bou": "abu", "ben": "bin", "ibn": "bin",
    "beit": "bayt", "bait": "bayt", "beyt": "bayt",
    "kfar": "kafr", "kfr": "kafr", "kafar": "kafr",
    "sheikh": "shaykh", "sheik": "shaykh", "shaikh": "shaykh", "cheikh": "shaykh", "shekh": "shaykh",
    "ain": "ayn", "ein": "ayn", "aine": "ayn",
    "kasr": "qasr", "ksar": "qasr",
    "um": "umm", "oum": "umm",
    "mazraat": "mazraa", "mazraah": "mazraa",
    "madinat": "madina", "medina": "madina", "madinah": "madina",
    "mohammed": "muhammad", "mohamed": "muhammad", "mohammad": "muhammad",
    "hwijet": "huwayja", "huwaijat": "huwayja", "huwayjat": "huwayja",
    "hawija": "huwayja", "hwaijat": "huwayja", "hweijat": "huwayja",
    "saqr": "saqer", "saker": "saqer", "saqir": "saqer", "sakr": "saqer",
    "saint": "st", "sainte": "st", "ste": "st", "mt": "mount",
}

_DROP_APOSTROPHES = str.maketrans("", "", "'’‘`ʿʾʼ´")
_DROP_MARKS = str.maketrans("", "", "’‘`ʿʾʼ´ʻ")
# Blocks of non-Latin scripts (Greek up to CJK and beyond); Latin Extended Additional is allowed.
_NON_LATIN = re.compile("[\u0370-\u1DFF\u1F00-\u1FFF\u2C00-\u2C5F\u2C80-\uA6FF\uA800-\uFB4F"
                        "\uFB50-\uFFEF]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not decompose to ASCII.
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ð": "d",
                          "ə": "a", "Ə": "A", "ħ": "h", "Ħ": "H"})
# An article glued to a following sun letter ("Deir Ezzor", "Ras Ennaqoura"): drop "ez".
_GLUED_ARTICLE = re.compile(r"^[ae]([tdrzsnl])\1([a-z]{2,})$")


def is_latin(text: str) -> bool:
    """True when `text` has no letters of another script (Greek, Cyrillic, Arabic, CJK, ...)."""
    return text.isascii() or not _NON_LATIN.search(text)


def fold(text: str) -> str:
    """ASCII fold and lower case; apostrophes and ayn/hamza marks removed (Dar'a -> dara)."""
    if text.isascii():
        return text.translate(_DROP_APOSTROPHES).lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL).translate(_DROP_APOSTROPHES))
    # Combining marks are not ASCII, so encoding drops them with whatever else is left.
    return text.encode("ascii", "ignore").decode("ascii").lower()


def ascii_display(text: str) -> str:
    """A name for output: diacritics and ayn/hamza marks dropped, case and ASCII apostrophes
    kept ("Ḩukūmat-e Nād ‘Alī" -> "Hukumat-e Nad Ali", "Murang'a" stays)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL).translate(_DROP_MARKS))
    return text.encode("ascii", "ignore").decode("ascii").strip()


def tokens(text: str) -> list[str]:
    """Folded words of a name: hyphens, dots and other punctuation become word breaks."""
    return [t for t in _NON_ALNUM.split(fold(text)) if t]


@functools.lru_cache(maxsize=300_000)  # the build keys ~1.5M names, many of them repeated
def name_key(text: str) -> str:
    """The lookup key of a name: folded words, articles and ezafe dropped, synonyms merged."""
    words = tokens(text)
    if len(words) == 1:  # most names: no article, ezafe or glued article to consider
        return TOKEN_SYNONYMS.get(words[0], words[0])
    out: list[str] = []
    for i, w in enumerate(words):
        last = i == len(words) - 1
        # Articles and ezafe only stand before another word; a name that is only an
        # article-like word ("As", "En") keeps it.
        if not last and (w in ARTICLES or (out and w in EZAFE)):
            continue
        if not last and len(w) >= 4 and w.endswith("i") and w not in TOKEN_SYNONYMS:
            w = w[:-1]  # ezafe written onto the word: "Puli Alam" = "Pul-e Alam"
        if out:
            glued = _GLUED_ARTICLE.match(w)
            if glued:
                w = glued.group(1) + glued.group(2)
        out.append(TOKEN_SYNONYMS.get(w, w))
    return " ".join(out)


# Consonant letters and digraphs that romanisations swap ("kh"/"k", "q"/"k", "dj"/"j", "z"/"s").
_DIGRAPH = re.compile(r"kh|gh|dh|th|sh|ch|ph|dj|zh|ck")
_DIGRAPH_MAP = {"kh": "k", "gh": "j", "dh": "d", "th": "t", "sh": "s", "ch": "s", "ph": "f",
                "dj": "j", "zh": "j", "ck": "k"}
_LETTERS = str.maketrans({"q": "k", "c": "k", "x": "ks", "z": "s", "v": "f", "p": "b", "g": "j"})
_VOWELS = re.compile(r"[aeiouwy]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_FEMININE = re.compile(r"(?<=[a-z]{3})(?:ah|eh|at|et|a|e|h)$")


@functools.lru_cache(maxsize=300_000)
def _token_skeleton(word: str) -> str:
    if word.isdigit():
        return word
    # Feminine ending written -ah/-eh/-a/-at/-et: keep the stem ("Raqqah"/"Raqqa", "Huwaijat").
    word = _FEMININE.sub("", word)
    word = _DIGRAPH.sub(lambda m: _DIGRAPH_MAP[m.group()], word).translate(_LETTERS)
    head, tail = word[:1], word[1:]
    if head in "wy" and tail:
        head = ""
    # A final -i/-y/-u (nisba, "Baghdadi") is part of the name: keep a trace of it.
    end = "i" if tail[-1:] in ("i", "y") else "u" if tail[-1:] in ("o", "u") else ""
    word = head + _VOWELS.sub("", tail) + end
    return _DOUBLE.sub(r"\1", word)


def skeleton(text_or_key: str, *, is_key: bool = False) -> str:
    """A coarse consonant key on which romanisations of one name mostly meet. Lossy by design."""
    key = text_or_key if is_key else name_key(text_or_key)
    if " " not in key:  # most names are one word
        return _token_skeleton(key) if key else ""
    return " ".join(filter(None, (_token_skeleton(w) for w in key.split())))


# Words that say what kind of area a name is ("Kunar province", "Nad Ali district").
ADMIN1_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "wilayah",
                          "wilaya", "vilayet", "velayat", "department", "departement",
                          "prefecture", "muhafazah", "muhafazat", "county", "division",
                          "parish"})  # Jamaica's and Barbados' provinces
ADMIN2_WORDS = frozenset({"district", "districts", "raion", "rayon", "municipality", "subdistrict",
                          "sub district", "lga", "local government area", "commune", "canton",
                          "tehsil", "taluka", "nahiya", "mantiqa", "qada", "woreda", "territory",
                          "circle", "cercle", "area", "sector", "zone", "locality",
                          "upazila", "kebele", "barangay", "sub-district", "subdivision",
                          "sub-division", "sub division",
                          "township"})
_SETTLEMENT_WORDS = frozenset({"city", "town", "village", "camp", "refugee camp", "idp camp",
                               "displacement camp"})
_ADMIN_WORDS = sorted(ADMIN1_WORDS | ADMIN2_WORDS | _SETTLEMENT_WORDS,
                      key=len, reverse=True)
_SUFFIX = re.compile(r"[\s,-]+(?:of\s+)?(" + "|".join(re.escape(w) for w in _ADMIN_WORDS) + r")\.?\s*$",
                     re.I)
_PREFIX = re.compile(r"^\s*(?:the\s+)?(" + "|".join(re.escape(w) for w in _ADMIN_WORDS) + r")\s+of\s+",
                     re.I)


def split_kind_word(name: str) -> tuple[str, str]:
    """Split "Kunar province" / "Province of Kunar" into ("Kunar", "province"); else (name, "")."""
    m = _SUFFIX.search(name)
    if m and m.start() > 0:
        return name[:m.start()].strip(" ,-"), m.group(1).lower()
    m = _PREFIX.match(name)
    if m and m.end() < len(name):
        return name[m.end():].strip(), m.group(1).lower()
    return name.strip(), ""


def kind_feature(word: str) -> str:
    """The gazetteer feature a kind word points to: admin1, admin2, city/village or ''."""
    word = word.lower()
    if word in ADMIN1_WORDS:
        return "admin1"
    if word in ADMIN2_WORDS:
        return "admin2"
    if word in _SETTLEMENT_WORDS:
        return "city"
    return ""


# Words of the names of buildings, institutions and quarters, named after their town.
NAMED_AFTER_TOWN = frozenset({
    "hospital", "prison", "university", "college", "polytechnic", "school", "academy", "institute",
    "stadium", "airport", "market", "court", "barracks", "camp", "mosque", "church", "cathedral",
    "station", "cbd", "neighbourhood", "neighborhood", "estate", "slum", "company", "factory",
    "mine", "hotel", "bridge", "port", "garrison", "base", "headquarters", "office", "mall"})


def leading_names(name: str) -> list[str]:
    """The town an unknown name of a building or quarter starts with, as candidates, longest
    first: "Homa Bay Boys High School" -> "Homa Bay Boys High", ..., "Homa Bay", "Homa"; "Nyeri
    KMTC" -> "Nyeri". Only
    names that end in such a word or an acronym, or start with a town's possessive written
    without its apostrophe ("Nairobis Korogocho" -> "Nairobi")."""
    words = name.split()
    if len(words) < 2:
        return []
    if words[0].endswith("s") and not words[0].endswith("ss") and words[0][:1].isupper():
        return [words[0][:-1]]
    tail = {w.lower().strip("'’") for w in words[1:]}
    if not tail & NAMED_AFTER_TOWN and not (words[-1].isupper() and len(words[-1]) >= 2):
        return []
    out: list[str] = []
    for k in range(len(words) - 1, 0, -1):
        if words[k - 1][:1].isupper() and words[k - 1].lower() not in NAMED_AFTER_TOWN:
            out.append(" ".join(words[:k]))
    return out


def compound_head(name: str) -> str:
    """The town part of "Town-Quarter" / "Town - Quarter" names, else ''."""
    return compound_parts(name)[0]


def compound_parts(name: str) -> tuple[str, str]:
    """("Town", "Quarter") for "Town-Quarter" / "Town - Quarter" names, and ("Tripoli", "Beirut")
    for a road's "Tripoli-Beirut"; else ('', '')."""
    parts = re.split(r"\s*-\s*", name, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= 3 and parts[0][:1].isupper() \
            and parts[0].lower() not in _COMPASS:  # "North-Nandi" is a part of Nandi
        return parts[0], parts[1]
    return "", ""


_COMPASS = {"north", "south", "east", "west", "central", "upper", "lower", "northern", "southern",
            "eastern", "western"}


_SAINT = re.compile(r"^(?:San|Santa|Santo|Sao|São|Saint|St\.?)\s", re.I)


def de_parts(name: str) -> list[str]:
    """Shorter forms of an unknown Spanish or Portuguese "A de B" name, most likely first: the
    name without its "de" ("San Pablo de Huitzo" is San Pablo Huitzo), the place it is "of"
    ("San Luis de Canete" lies in Canete), and the town it starts with, unless that is only a
    saint's name shared by hundreds ("Machiques de Perija" is Machiques)."""
    m = re.match(r"^(.+?)\s+(?:de|del|de la|de las|de los|do|da|dos|das)\s+(.+)$", name.strip())
    if not m or not m.group(2)[:1].isupper():
        return []
    head, tail = m.group(1), m.group(2)
    out = [f"{head} {tail}", tail]
    if not _SAINT.match(head + " "):
        out.append(head)
    return out
