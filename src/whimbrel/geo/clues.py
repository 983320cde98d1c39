"""Names that tell a report's country when no place in it names one (data/gazetteer_country_clues.tsv):
missions whose mandate is one country ("the OSCE SMM observed ..." is about Ukraine)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import data_text


@lru_cache(maxsize=1)
def _clues() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    header = True
    for line in data_text("gazetteer_country_clues.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        clue, country = line.split("\t")[:2]
        table[clue.strip()] = country.strip()
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b"), table


def country_clue(text: str) -> str:
    """The country (ACLED spelling) the first clue in `text` points to, or ''."""
    pattern, table = _clues()
    m = pattern.search(text)
    return table[m.group(1)] if m else ""
