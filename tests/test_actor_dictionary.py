"""The actor dictionary (data/actors.yaml): matching, finding in sentences, ACLED names."""
from __future__ import annotations

import datetime as dt
import time
from importlib import resources

import pytest
import yaml

from whimbrel.extract.actor_dictionary import ActorDataError, ActorDictionary, ActorEntry, tokenize
from whimbrel.geo.countries import CountryIndex


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return ActorDictionary.load()


def names(found, text):
    return [(text[s:e], entry.name) for s, e, entry in found]


# -- match ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("surface, name", [
    ("Taliban", "Taliban"), ("the Taliban's", "Taliban"), ("Taliban militants", "Taliban"),
    ("Taleban", "Taliban"), ("Islamic Emirate of Afghanistan", "Taliban"),
    ("ISIS", "Islamic State"), ("ISIS fighters", "Islamic State"), ("Daesh", "Islamic State"),
    ("IS", "Islamic State"), ("Isis", "Islamic State"), ("so-called Islamic State", "Islamic State"),
    ("al-Shabab", "Al Shabaab"), ("Al Shabaab militants", "Al Shabaab"), ("al‐Shabaab", "Al Shabaab"),
    ("SDF", "QSD: Syrian Democratic Forces"), ("Syrian Democratic Forces", "QSD: Syrian Democratic Forces"),
    ("Houthi rebels", "Houthi Movement"), ("Ansar Allah", "Houthi Movement"),
    ("suspected Boko Haram insurgents",
     "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
    ("ISWAP", "Islamic State (West Africa)"), ("JNIM", "JNIM: Group for Support of Islam and Muslims"),
    ("Hezbollah", "Hezbollah"), ("Hamas", "Hamas Movement"), ("PKK", "PKK: Kurdistan Workers Party"),
    ("M23 rebels", "M23: March 23 Movement"), ("Mai-Mai", "Mayi Mayi Militia"), ("Mayi Mayi", "Mayi Mayi Militia"),
    ("CODECO", "CODECO: Cooperative for Development of Congo"),
    ("pro-Russian separatists", "NAF: United Armed Forces of Novorossiya"),
    ("Wagner Group", "Wagner Group"), ("Fulani herdsmen", "Fulani Ethnic Militia"),
    ("NDS", "Police Forces of Afghanistan National Directorate of Security"),
    ("Saudi-led coalition", "Operation Restoring Hope"),
    ("Pokot raiders", "Pokot Ethnic Militia"),
])
def test_match(d, surface, name):
    entry = d.match(surface)
    assert entry is not None, surface
    assert entry.name == name


@pytest.mark.parametrize("surface", ["is", "sdf", "let", "soldiers", "gunmen", "the", "", "police officers",
                                     "Islamic", "Taliban soldiers commanders leaders"])
def test_match_rejects(d, surface):
    assert d.match(surface) is None


# -- find_in --------------------------------------------------------------------------------------

def test_find_in_sentence(d):
    text = ("ISIS fighters ambushed an army patrol near the town on Tuesday, while the Taliban said "
            "it had not been involved; IS later claimed the attack.")
    found = names(d.find_in(text), text)
    assert found == [("ISIS fighters", "Islamic State"), ("Taliban", "Taliban"), ("IS", "Islamic State")]


def test_find_in_keeps_acronym_case(d):
    text = "The problem is group work, said the IS group's spokesman; this is not sdf or let."
    assert names(d.find_in(text), text) == [("IS group", "Islamic State")]


def test_find_in_longest_match_and_word_bounds(d):
    text = "Fighters of the Islamic State in Somalia and of ISWAP; Thisis and ISISx are no names."
    found = names(d.find_in(text), text)
    assert found == [("Islamic State in Somalia", "Islamic State (Somalia)"), ("ISWAP", "Islamic State (West Africa)")]


def test_find_in_offsets_survive_folding(d):
    text = "Militants of the Maï-Maï attacked; al‑Shabaab’s fighters fled."
    found = d.find_in(text)
    assert [text[s:e] for s, e, _ in found] == ["Maï-Maï", "al‑Shabaab"]
    assert [e.name for _, _, e in found] == ["Mayi Mayi Militia", "Al Shabaab"]


def test_find_in_is_fast(d):
    text = ("On Tuesday ISIS fighters attacked a checkpoint held by the Taliban near Jalalabad, while "
            "Afghan National Army troops responded and the U.S.-led coalition said it carried out strikes.")
    d.find_in(text)
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        d.find_in(text)
    rate = n / (time.perf_counter() - t0)
    assert rate > 2500, f"{rate:.0f} sentences/s"  # ~10,000/s on the project machines


# -- canonical ------------------------------------------------------------------------------------

def test_canonical_by_country(d):
    isis = d.match("ISIS")
    assert d.canonical(isis, "Syria", dt.date(2014, 10, 7)) == ("Islamic State (Syria)", 2)
    assert d.canonical(isis, "Iraq", dt.date(2016, 1, 1)) == ("Islamic State (Iraq)", 2)
    assert d.canonical(isis, "Nigeria", dt.date(2020, 5, 1)) == ("Islamic State (West Africa)", 2)
    assert d.canonical(isis, "Kenya") == ("Islamic State (Kenya)", 2)  # the template
    assert d.canonical(isis, None) == ("Islamic State", 2)
    assert d.canonical(isis, "Syrian", dt.date(2014, 10, 7))[0] == "Islamic State (Syria)"  # adjective accepted
    shabaab = d.match("al-Shabaab")
    assert d.canonical(shabaab, "Somalia") == ("Al Shabaab", 2)
    assert d.canonical(shabaab, "Mozambique") == ("Islamist Militia (Mozambique)", 3)


def test_canonical_state_units_and_foreign_forces(d):
    nds = d.match("National Directorate of Security")
    assert d.canonical(nds, "Afghanistan", dt.date(2020, 3, 9)) == \
        ("Police Forces of Afghanistan (2014-2021) National Directorate of Security", 1)
    ana = d.match("Afghan National Army")
    assert d.canonical(ana, "Afghanistan", dt.date(2020, 3, 9)) == ("Military Forces of Afghanistan (2014-2021)", 1)
    turkey = d.match("Turkish Armed Forces")
    assert d.canonical(turkey, "Syria", dt.date(2020, 5, 1)) == ("Military Forces of Turkey (2016-)", 8)
    assert d.canonical(turkey, "Turkey", dt.date(2020, 5, 1)) == ("Military Forces of Turkey (2016-)", 1)
    orh = d.match("Saudi-led coalition")
    assert d.canonical(orh, "Yemen", dt.date(2020, 5, 1)) == ("Operation Restoring Hope", 8)
    guards = d.match("prison guards")
    assert d.canonical(guards, "Kenya", dt.date(2016, 1, 1)) == ("Police Forces of Kenya (2013-2022) Prison Guards", 1)
    artsakh = d.match("Nagorno-Karabakh Defense Army")
    assert d.canonical(artsakh, "Azerbaijan", dt.date(2016, 4, 2)) == ("Military Forces of Artsakh (2007-2020)", 1)


def test_canonical_groups_that_became_state_forces(d):
    taliban = d.match("Taliban")
    assert d.canonical(taliban, "Afghanistan", dt.date(2020, 3, 9)) == ("Taliban", 2)
    assert d.canonical(taliban, "Afghanistan", dt.date(2022, 3, 9)) == ("Military Forces of Afghanistan (2021-)", 1)
    assert d.canonical(taliban, "Iran", dt.date(2023, 5, 27)) == ("Military Forces of Afghanistan (2021-)", 8)
    assert d.canonical(taliban, "Pakistan", dt.date(2019, 1, 1)) == ("TTP: Tehreek-i-Taliban Pakistan", 2)
    assert d.canonical(taliban, "Kenya", dt.date(2012, 1, 1)) == ('"Taliban" Militia', 3)
    houthis = d.match("Houthis")
    assert d.canonical(houthis, "Yemen", dt.date(2015, 3, 1)) == ("Houthi Movement", 2)
    assert d.canonical(houthis, "Yemen", dt.date(2020, 5, 1)) == \
        ("Military Forces of Yemen (2016-) Supreme Political Council", 1)
    assert d.canonical(houthis, "Saudi Arabia", dt.date(2020, 5, 1))[1] == 8
    rsf = d.match("Rapid Support Forces")
    assert d.canonical(rsf, "Sudan", dt.date(2020, 5, 1)) == ("Military Forces of Sudan (2019-) Rapid Support Forces", 1)
    assert d.canonical(rsf, "Sudan", dt.date(2024, 5, 1)) == ("RSF: Rapid Support Forces", 2)
    lna = d.match("Libyan National Army")
    assert d.canonical(lna, "Libya", dt.date(2020, 5, 1)) == ("Military Forces of Libya (2014-) Haftar Faction", 1)


def test_shared_alias_picked_by_country(d):
    assert d.match("ADF", "Democratic Republic of Congo").name == "ADF: Allied Democratic Forces"
    assert d.match("ADF", "Cameroon").name == "Ambazonian Separatists (Cameroon)"
    text = "ADF rebels attacked the village."
    assert [e.name for _, _, e in d.find_in(text, "Cameroon")] == ["Ambazonian Separatists (Cameroon)"]
    coalition = d.match("coalition airstrikes")
    assert d.canonical(coalition, "Syria", dt.date(2017, 6, 1))[0] == "Global Coalition Against Daesh"
    assert d.canonical(coalition, "Yemen", dt.date(2017, 6, 1))[0] == "Operation Restoring Hope"


def test_by_name(d):
    assert d.by_name("Taliban") is d.match("Taliban")
    assert d.by_name("no such actor") is None


# -- the data file --------------------------------------------------------------------------------

def test_yaml_sanity(d):
    countries = CountryIndex.load()
    raw = yaml.safe_load(resources.files("whimbrel.data").joinpath("actors.yaml").read_text("utf-8"))
    assert isinstance(raw, list) and len(raw) == len(d) >= 400
    allowed = {"name", "inter", "aliases", "countries", "by_country", "template", "state", "associate"}
    for e in raw:
        assert set(e) <= allowed, e
        assert e.get("name") or (e.get("state") or {}).get("country"), e
    for entry in d:
        assert isinstance(entry, ActorEntry)
        assert 1 <= entry.inter <= 8, entry.name
        assert entry.aliases and all(isinstance(a, str) and a.strip() for a in entry.aliases), entry.name
        assert all(1 <= inter <= 8 for _, inter in entry.by_country.values()), entry.name
        for c in (*entry.countries, *entry.by_country):
            assert countries.by_name(c) is not None and countries.by_name(c).name == c, f"{entry.name}: {c}"
        if entry.state is not None and entry.state.country:
            assert countries.by_name(entry.state.country) is not None, entry.name
        if entry.template:
            assert "{country}" in entry.template
    # no alias names two entries, unless both list countries that do not overlap
    assert d.problems() == []
    canon = [e.name for e in d]
    assert len(canon) == len(set(canon)), "two entries with one name"


def test_no_generic_roles_as_aliases(d):
    for generic in ["soldiers", "police", "civilians", "protesters", "gunmen", "militants", "rebels",
                    "security forces", "villagers", "armed men"]:
        assert d.match(generic) is None, generic


def test_loader_errors_say_what_to_fix():
    with pytest.raises(ActorDataError, match="inter"):
        ActorDictionary.from_entries([{"name": "X", "inter": 9, "aliases": ["X"]}])
    with pytest.raises(ActorDataError, match="aliases"):
        ActorDictionary.from_entries([{"name": "X", "inter": 2, "aliases": []}])
    with pytest.raises(ActorDataError, match="kind"):
        ActorDictionary.from_entries([{"state": {"country": "Syria", "kind": "Navy"}, "aliases": ["X"]}])
    small = ActorDictionary.from_entries([
        {"name": "A", "inter": 2, "aliases": ["Shared"], "countries": ["Syria"]},
        {"name": "B", "inter": 2, "aliases": ["shared"], "countries": ["Syria", "Iraq"]},
        {"name": "C", "inter": 2, "aliases": ["C"], "by_country": {"Narnia": "C (Narnia)"}},
    ])
    problems = small.problems()
    assert any("'shared'" in p.lower() and "'A'" in p and "'B'" in p for p in problems)
    assert any("Narnia" in p for p in problems)


def test_tokenize_offsets():
    text = "Côte d’Ivoire's U.S.-led"
    toks = tokenize(text)
    assert [t[0] for t in toks] == ["cote", "d", "'", "ivoire", "'", "s", "u", ".", "s", ".", "led"]
    assert all(text[s:e] for _, _, s, e in toks)


def test_load_is_cached():
    assert ActorDictionary.load() is ActorDictionary.load()
