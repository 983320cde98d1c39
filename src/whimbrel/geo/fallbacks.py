"""Where to look when a mention's first place cannot be found: the other names it may stand
near or inside, most specific first. The resolver tries them in order and takes the first it
can place (see Geocoder._resolve_in); this module only lists them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..models import Toponym
from .hints import area_options
from .variants import compound_head, compound_parts, de_parts, leading_names, split_kind_word


@dataclass(frozen=True)
class Fallback:
    toponym: Toponym
    note: str  # "placed near 'X'", "placed in 'X'", "placed at 'X'": said in the event's note
    unique: bool = False  # only a name found in one spot of the country
    shortened: bool = False  # a shorter form of the first name: only inside its narrowest area

    @property
    def near(self) -> bool:
        return self.note.startswith("placed near")


def other_end(name: str) -> list[str]:
    """The other end of a road the event is on ("the Tripoli-Beirut highway"): context too."""
    tail = compound_parts(name)[1]
    return [tail] if tail[:1].isupper() else []


def fallbacks(first: Toponym, others: Sequence[Toponym], hint_known: bool) -> list[Fallback]:
    """The fallbacks for an unknown first name, most specific first: a town the name is a
    quarter of, shorter forms of it, the areas written beside it, then the mention's other
    places and their areas. `hint_known`: whether the gazetteer knows any area written beside
    the first name."""
    def near(name: str, hint: str, **kw) -> Fallback:
        return Fallback(Toponym(name, "near", hint), f"placed near {name!r}", **kw)

    hint = first.admin_hint
    options: list[Fallback] = []
    head = compound_head(first.name)
    if head:  # "Mogadishu-Hodan", "Zolote-5": a part of a known town
        options.append(near(head, hint))
    # "Santa Cruz de Asia, Lima": the place it is "of", or the town it starts with -- only
    # inside the narrowest area written beside it ("San Juan de Micay, Argelia municipality"
    # is not in Lopez de Micay).
    options += [near(short, hint, shortened=True) for short in de_parts(split_kind_word(first.name)[0])]
    options += [near(end, hint) for end in other_end(first.name)]  # when its first end is no town
    leading = [near(town, hint) for town in leading_names(first.name)]
    if hint_known:  # "Uitenhage Provincial Hospital (Nelson Mandela Bay, ...)": the town,
        options += leading  # looked for inside the areas written beside it, is nearer
    options += [Fallback(*option) for option in area_options(hint)]
    for other in others:
        options.append(Fallback(other, f"placed at {other.name!r}"))
        if other.admin_hint:  # "south of Bani Walid (Misrata)": a town written in the wrong
            options.append(Fallback(other, f"placed at {other.name!r}", unique=True))  # area, found once
        if compound_head(other.name):  # "the Sidon-Tyr highway"
            options.append(near(compound_head(other.name), other.admin_hint))
        options += [Fallback(*option) for option in area_options(other.admin_hint)]
    if not hint_known:
        # "Garissa High School", "Nairobis Korogocho": in or by the town the unknown name
        # starts with, when the mention names no other place.
        options += leading
    return options
