"""The actor dictionary: named groups, state units and foreign forces, and the ACLED names they take.

Reads data/actors.yaml once per process (its header documents the format). Three operations:

    >>> d = ActorDictionary.load()
    >>> d.match("the Taliban's")                 # one surface form -> entry
    >>> d.find_in("ISIS fighters attacked ...")  # every entry named in a sentence, with spans
    >>> d.canonical(entry, "Syria", date(2014, 10, 7))  # -> ("Islamic State (Syria)", 2)

Matching works on tokens: runs of letters and digits, and single punctuation marks; dashes and
spaces separate tokens and count the same, so "al-Shabaab" and "al Shabaab" are one alias.
Accents and curly quotes are folded. Short all-capital acronyms (at most five letters: IS, SDF,
U.S.) must appear in capitals; every other alias matches in any case.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Optional, Sequence

import yaml

from ..days import as_day
from ..errors import WhimbrelError
from ..geo.countries import STATE_FORCE_KINDS, CountryIndex, fold, is_acronym

__all__ = ["ActorDictionary", "ActorEntry", "StateRef", "ActorDataError", "HEAD_NOUNS", "tokenize"]

#: Generic head nouns that may follow a name without changing whom it names
#: ("Taliban militants", "ISIS fighters", "ODM supporters").
HEAD_NOUNS = frozenset("""
    militant militants fighter fighters insurgent insurgents member members rebel rebels force forces
    group groups militia militias militiaman militiamen gunman gunmen jihadist jihadists extremist
    extremists terrorist terrorists troops soldiers operative operatives loyalist loyalists supporter
    supporters element elements cadre cadres men commander commanders unit units youths activists
    leaders affiliates
""".split())

#: Words that may precede a name without changing whom it names ("the Taliban", "suspected ISIS").
_LEADING = frozenset({"the", "suspected", "alleged"})

_TOKEN = re.compile(r"[^\W_]+|[^\w\s\-\u2010-\u2015\u2212]")
_KINDS = {k.lower(): k for k in STATE_FORCE_KINDS}


class ActorDataError(WhimbrelError):
    """data/actors.yaml (or entries passed in) holds an entry that cannot be used."""


# -- tokens -----------------------------------------------------------------------------------

def tokenize(text: str) -> list[tuple[str, str, int, int]]:
    """(key, folded, start, end) for each token of text; key is folded and lower-cased.

    Offsets are into `text` itself: folding happens token by token.
    """
    if text.isascii():  # the common case: nothing to fold
        return [(m.group().lower(), m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = []
    for m in _TOKEN.finditer(text):
        f = fold(m.group())
        out.append((f.lower(), f, m.start(), m.end()))
    return out


def _alias_tokens(alias: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    toks = tokenize(alias)
    return tuple(t[0] for t in toks), tuple(t[1] for t in toks)


# -- records ----------------------------------------------------------------------------------

def _date(value, where: str) -> Optional[dt.date]:
    try:
        return as_day(value, strict=True)
    except ValueError as exc:
        raise ActorDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from exc


@dataclass(frozen=True)
class StateRef:
    """An actor that is (for a time) a state's forces: "Police Forces of Afghanistan (...) NDS".

    country None means the country of the event (unit names used in several countries).
    period fixes the label ("2016-") instead of the country's regime for the date.
    since/until bound the dates on which the actor counts as that state's forces.
    """

    country: Optional[str]
    kind: str
    unit: str = ""
    period: Optional[str] = None
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None

    def applies(self, on: Optional[dt.date]) -> bool:
        """True on dates within [since, until); with no date, true unless the window has closed."""
        if on is None:
            return self.until is None
        if self.since is not None and on < self.since:
            return False
        if self.until is not None and on >= self.until:
            return False
        return True


@dataclass(frozen=True, eq=False)
class ActorEntry:
    """One actor of the dictionary. Entries compare and hash by identity."""

    name: str
    inter: int
    aliases: tuple[str, ...]
    countries: tuple[str, ...] = ()
    by_country: Mapping[str, tuple[str, int]] = field(default_factory=lambda: MappingProxyType({}))
    state: Optional[StateRef] = None
    template: Optional[str] = None
    associate: bool = False

    def __repr__(self) -> str:
        return f"ActorEntry({self.name!r}, inter={self.inter})"


@dataclass
class _Candidate:
    folded: tuple[str, ...]
    exact: tuple[int, ...]  # positions of acronym tokens, which must match in case
    entry: ActorEntry


def _exact_positions(folded: tuple[str, ...]) -> tuple[int, ...]:
    """Tokens written as short capital acronyms ("IS", "SDF", "U", "S") keep their case."""
    return tuple(i for i, t in enumerate(folded) if t.isalpha() and is_acronym(t))


# -- the dictionary ---------------------------------------------------------------------------

class ActorDictionary:
    """Every entry of data/actors.yaml, found by alias."""

    def __init__(self, entries: Iterable[ActorEntry], countries: Optional[CountryIndex] = None):
        self._entries: tuple[ActorEntry, ...] = tuple(entries)
        self._countries = countries
        self._trie: dict = {}
        self._by_name: dict[str, ActorEntry] = {}
        for e in self._entries:
            self._by_name.setdefault(e.name.lower(), e)
            tokenized = [_alias_tokens(a) for a in e.aliases]
            own = {keys for keys, _ in tokenized}
            for keys, folded in tokenized:
                if not keys:
                    continue
                # "ADF rebels" adds nothing to "ADF": a trailing head noun is always allowed
                if len(keys) > 1 and keys[-1] in HEAD_NOUNS and keys[:-1] in own:
                    continue
                node = self._trie
                for k in keys:
                    node = node.setdefault(k, {})
                cands: list[_Candidate] = node.setdefault(None, [])
                exact = _exact_positions(folded)
                if not any(c.entry is e and c.folded == folded for c in cands):
                    cands.append(_Candidate(folded, exact, e))
        # entries that share an alias ("ADF", "coalition forces"): the event country picks one
        self._siblings: dict[int, tuple[ActorEntry, ...]] = {}
        stack = [self._trie]
        while stack:
            node = stack.pop()
            for k, v in node.items():
                if k is not None:
                    stack.append(v)
                    continue
                group = list(dict.fromkeys(c.entry for c in v))
                for e in group:
                    if len(group) > 1:
                        known = self._siblings.get(id(e), ())
                        self._siblings[id(e)] = tuple(dict.fromkeys((*known, *(g for g in group if g is not e))))

    # -- construction

    @classmethod
    def load(cls) -> "ActorDictionary":
        """The packaged dictionary, read once per process."""
        return _packaged_dictionary()

    @classmethod
    def from_entries(cls, raw: Iterable[Mapping], countries: Optional[CountryIndex] = None) -> "ActorDictionary":
        """A dictionary over entries in the actors.yaml format (for tests and overlays)."""
        countries = countries if countries is not None else CountryIndex.load()
        return cls([_entry_from_mapping(e, i, countries) for i, e in enumerate(raw)], countries)

    @property
    def countries(self) -> CountryIndex:
        if self._countries is None:
            self._countries = CountryIndex.load()
        return self._countries

    # -- lookups

    def all(self) -> tuple[ActorEntry, ...]:
        return self._entries

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def by_name(self, name: str) -> Optional[ActorEntry]:
        """The entry whose canonical `name` this is (case-insensitive)."""
        return self._by_name.get((name or "").strip().lower())

    def match(self, surface: str, country: Optional[str] = None) -> Optional[ActorEntry]:
        """The entry a whole surface form names, or None.

        Allowed around the alias: a leading "the" / "suspected" / "alleged", a possessive "'s",
        and up to two generic head nouns ("Taliban militants", "al-Shabaab militant group").
        `country`, when given, picks between entries that share an alias.
        """
        toks = tokenize(surface or "")
        while toks:
            if toks[0][0] in _LEADING:
                toks = toks[1:]
            elif len(toks) > 2 and toks[0][0] == "so" and toks[1][0] == "called":  # "so-called"
                toks = toks[2:]
            else:
                break
        if len(toks) >= 2 and toks[-2][0] == "'" and toks[-1][0] == "s":
            toks = toks[:-2]
        for _ in range(3):
            if not toks:
                return None
            found = self._lookup(toks, country)
            if found is not None:
                return found
            if toks[-1][0] not in HEAD_NOUNS:
                return None
            toks = toks[:-1]
        return None

    def find_in(self, text: str, country: Optional[str] = None) -> list[tuple[int, int, ActorEntry]]:
        """Longest non-overlapping alias matches in text, left to right, as (start, end, entry).

        A span covers the alias and up to two generic head nouns after it ("ISIS fighters").
        """
        toks = tokenize(text or "")
        n = len(toks)
        out: list[tuple[int, int, ActorEntry]] = []
        i = 0
        trie = self._trie
        while i < n:
            node = trie.get(toks[i][0])
            if node is None:
                i += 1
                continue
            best: Optional[tuple[int, ActorEntry]] = None
            j = i
            while node is not None:
                cands = node.get(None)
                if cands:
                    e = self._choose(cands, toks, i, j + 1, country)
                    if e is not None:
                        best = (j + 1, e)
                j += 1
                if j >= n:
                    break
                node = node.get(toks[j][0])
            if best is None:
                i += 1
                continue
            end, entry = best
            k = end
            while k < n and k - end < 2 and toks[k][0] in HEAD_NOUNS:
                k += 1
            out.append((toks[i][2], toks[k - 1][3], entry))
            i = k
        return out

    def _lookup(self, toks: Sequence[tuple[str, str, int, int]], country: Optional[str]) -> Optional[ActorEntry]:
        node = self._trie
        for t in toks:
            node = node.get(t[0])
            if node is None:
                return None
        cands = node.get(None)
        return self._choose(cands, toks, 0, len(toks), country) if cands else None

    def _choose(self, cands: list[_Candidate], toks, i: int, j: int, country: Optional[str]) -> Optional[ActorEntry]:
        ok = [c.entry for c in cands
              if all(toks[i + p][1] == c.folded[p] for p in c.exact)]
        if not ok:
            return None
        if len(ok) > 1 and country:
            name = self._country_name(country)
            for e in ok:
                if name in e.countries:
                    return e
        return ok[0]

    # -- ACLED names

    def canonical(self, entry: ActorEntry, country: Optional[str] = None,
                  on: Optional[dt.date] = None) -> tuple[str, int]:
        """(ACLED name, inter) of `entry` for an event in `country` on `on`.

        Order: the entry's name for that country (by_country); its state-force name while the
        state window holds (a state's forces get inter 8 outside that state); its {country}
        template; its name.
        """
        on = as_day(on, strict=True)
        cname = self._country_name(country) if country else None
        if cname and entry.countries and cname not in entry.countries:
            entry = self.resolve(entry, cname)
        if cname and cname in entry.by_country:
            return entry.by_country[cname]
        st = entry.state
        if st is not None and (st.applies(on) or entry.name == self._state_only_name(entry)):
            state_name = st.country or cname
            c = self.countries.by_name(state_name) if state_name else None
            if c is not None:
                name = c.state_force(st.kind, on, st.unit, label=st.period)
                return name, 1 if self._same_state(cname, c) else 8
        if entry.template and cname:
            return entry.template.format(country=cname), entry.inter
        return entry.name, entry.inter

    def resolve(self, entry: ActorEntry, country: Optional[str]) -> ActorEntry:
        """The entry meant in `country`: where `entry` shares an alias with another entry that
        lists `country` and `entry` does not ("ADF" found with no country, event in Cameroon)."""
        if not country:
            return entry
        cname = self._country_name(country)
        if cname in entry.countries:
            return entry
        for other in self._siblings.get(id(entry), ()):
            if cname in other.countries:
                return other
        return entry

    def _state_only_name(self, entry: ActorEntry) -> Optional[str]:
        st = entry.state
        if st is None or st.country is None:
            return None
        c = self.countries.by_name(st.country)
        return _plain_state_name(c, st) if c is not None else None

    def _country_name(self, country: str) -> str:
        c = self.countries.by_name(country) or self.countries.find(country)
        return c.name if c is not None else country

    def _same_state(self, event_country: Optional[str], state_country) -> bool:
        if event_country is None:
            return True
        if event_country in (state_country.name, state_country.acled_country):
            return True
        ev = self.countries.by_name(event_country)
        return ev is not None and ev.sovereign is not None and ev.sovereign is state_country

    # -- checks

    def problems(self) -> list[str]:
        """What an editor of actors.yaml should fix: unknown countries, aliases that clash."""
        out: list[str] = []
        known = self.countries
        for e in self._entries:
            for c in (*e.countries, *e.by_country):
                if known.by_name(c) is None:
                    out.append(f"{e.name}: {c!r} is not a country of countries.yaml")
            if e.state is not None and e.state.country and known.by_name(e.state.country) is None:
                out.append(f"{e.name}: state country {e.state.country!r} is not in countries.yaml")
        stack = [self._trie]
        while stack:
            node = stack.pop()
            for k, v in node.items():
                if k is None:
                    entries = list(dict.fromkeys(c.entry for c in v))
                    for a in range(len(entries)):
                        for b in range(a + 1, len(entries)):
                            x, y = entries[a], entries[b]
                            if not x.countries or not y.countries or set(x.countries) & set(y.countries):
                                out.append(f"alias {' '.join(v[0].folded)!r} names both {x.name!r} and "
                                           f"{y.name!r}; give both entries disjoint `countries` or keep it on one")
                else:
                    stack.append(v)
        return out


def _plain_state_name(c, st: StateRef) -> str:
    return c.state_force(st.kind, None, st.unit, label="")


def _entry_from_mapping(e: Mapping, i: int, countries: CountryIndex) -> ActorEntry:
    where = f"actors table, entry {i + 1}"
    if not isinstance(e, Mapping):
        raise ActorDataError(f"{where}: an entry must be a mapping with `name` (or `state`), `inter`, `aliases`.")
    aliases = e.get("aliases")
    if not aliases or not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ActorDataError(f"{where} ({e.get('name')!r}): `aliases` must be a non-empty list of names.")
    state = None
    if e.get("state") is not None:
        s = e["state"]
        if not isinstance(s, Mapping) or str(s.get("kind", "")).lower() not in _KINDS:
            raise ActorDataError(f"{where}: `state` needs kind: {' | '.join(STATE_FORCE_KINDS)}.")
        state = StateRef(
            country=str(s["country"]).strip() if s.get("country") else None,
            kind=_KINDS[str(s["kind"]).lower()],
            unit=str(s.get("unit") or "").strip(),
            period=str(s["period"]).strip() if s.get("period") else None,
            since=_date(s.get("since"), where), until=_date(s.get("until"), where),
        )
    name = str(e.get("name") or "").strip()
    if not name:
        c = countries.by_name(state.country) if state is not None and state.country else None
        if c is None:
            raise ActorDataError(f"{where}: give a `name`, or a `state` with a known `country`.")
        name = _plain_state_name(c, state)
    inter = e.get("inter", 1 if state is not None else None)
    if not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8:
        raise ActorDataError(f"{where} ({name}): `inter` must be an ACLED inter code, 1 to 8.")
    by_country: dict[str, tuple[str, int]] = {}
    for k, v in (e.get("by_country") or {}).items():
        if isinstance(v, Mapping):
            vi = v.get("inter", inter)
            if not v.get("name") or not isinstance(vi, int) or not 1 <= vi <= 8:
                raise ActorDataError(f"{where} ({name}): by_country {k!r} needs a name and an inter code 1 to 8.")
            by_country[str(k)] = (str(v["name"]), vi)
        else:
            by_country[str(k)] = (str(v), inter)
    template = e.get("template")
    if template is not None and "{country}" not in str(template):
        raise ActorDataError(f"{where} ({name}): `template` must contain {{country}}.")
    return ActorEntry(
        name=name, inter=inter, aliases=tuple(a.strip() for a in aliases),
        countries=tuple(str(c) for c in (e.get("countries") or [])),
        by_country=MappingProxyType(by_country), state=state,
        template=str(template) if template is not None else None,
        associate=bool(e.get("associate", False)),
    )


@lru_cache(maxsize=1)
def _packaged_dictionary() -> ActorDictionary:
    text = resources.files("whimbrel.data").joinpath("actors.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    if not isinstance(raw, list):
        raise ActorDataError("data/actors.yaml must be a list of entries. Reinstall whimbrel or restore the file.")
    return ActorDictionary.from_entries(raw, CountryIndex.load())
