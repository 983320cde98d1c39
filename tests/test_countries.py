"""The country table (data/countries.yaml) and its index: names, lookups, regime periods."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from whimbrel.geo.countries import (Country, CountryDataError, CountryIndex, alias_key,
                                     is_acronym)


@pytest.fixture(scope="module")
def idx() -> CountryIndex:
    return CountryIndex.load()


# -- lookups --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Syrian", "Syria"), ("Syria", "Syria"), ("SYRIA", "Syria"), ("syria", "Syria"),
    ("Afghan", "Afghanistan"), ("Afghans", "Afghanistan"), ("U.S.", "United States"),
    ("US", "United States"), ("USA", "United States"), ("American", "United States"),
    ("the DRC", "Democratic Republic of Congo"), ("DR Congo", "Democratic Republic of Congo"),
    ("Congo-Kinshasa", "Democratic Republic of Congo"), ("Congolese", "Democratic Republic of Congo"),
    ("Congo-Brazzaville", "Republic of Congo"), ("Burma", "Myanmar"), ("Burmese", "Myanmar"),
    ("Côte d’Ivoire", "Ivory Coast"), ("Cote d'Ivoire", "Ivory Coast"), ("Ivorian", "Ivory Coast"),
    ("UK", "United Kingdom"), ("Britain", "United Kingdom"), ("British", "United Kingdom"),
    ("Filipino", "Philippines"), ("Philippine", "Philippines"), ("the Philippines", "Philippines"),
    ("Somali", "Somalia"), ("Yemeni", "Yemen"), ("Ukrainian", "Ukraine"), ("Mexican", "Mexico"),
    ("Brazilian", "Brazil"), ("Swaziland", "eSwatini"), ("Czechia", "Czech Republic"),
    ("Türkiye", "Turkey"), ("Turkish", "Turkey"), ("Guinea Bissau", "Guinea-Bissau"),
    ("Timor-Leste", "East Timor"), ("Cabo Verde", "Cape Verde"), ("Palestinian", "Palestine"),
    ("Syria's", "Syria"), ("Russian Federation", "Russia"), ("CAR", "Central African Republic"),
    ("Nigerien", "Niger"), ("Nigerian", "Nigeria"), ("South Sudanese", "South Sudan"),
    ("Sudanese", "Sudan"), ("Emirati", "United Arab Emirates"), ("Kosovar", "Kosovo"),
    ("Nagorno-Karabakh", "Artsakh"),
])
def test_find(idx, text, name):
    found = idx.find(text)
    assert found is not None, text
    assert found.name == name


@pytest.mark.parametrize("text", ["us", "car", "Uk", "", "   ", "Damascus", "Taliban", "Europe"])
def test_find_rejects_words_and_non_countries(idx, text):
    assert idx.find(text) is None


def test_codes_and_names(idx):
    assert idx.by_iso2("sy").name == "Syria"
    assert idx.by_iso3("COD").name == "Democratic Republic of Congo"
    assert idx.by_iso2("XK").name == "Kosovo"
    assert idx.by_iso2("NO").name == "Norway"  # not YAML's boolean false
    assert idx.by_name("the Philippines").iso3 == "PHL"
    assert idx.by_name("eswatini").iso2 == "SZ"
    assert idx.by_iso2("ZZ") is None and idx.by_name("Atlantis") is None
    assert "Syria" in idx and "Narnia" not in idx


def test_acled_spellings_present(idx):
    # ACLED's spelling of country names (the `country` column of its data)
    for name in ["Democratic Republic of Congo", "Republic of Congo", "Palestine", "Russia", "Iran",
                 "Syria", "Ivory Coast", "eSwatini", "Czech Republic", "United States", "United Kingdom",
                 "South Korea", "North Korea", "Vietnam", "Laos", "Bolivia", "Venezuela", "Tanzania",
                 "Moldova", "Turkey", "Myanmar", "Cape Verde", "East Timor", "Micronesia", "Bahamas",
                 "Gambia", "Central African Republic", "Kyrgyzstan", "North Macedonia",
                 "Bosnia and Herzegovina", "Kosovo", "Taiwan", "Western Sahara", "Puerto Rico",
                 "Curacao", "Guadeloupe", "Somalia", "Yemen", "Afghanistan", "Guinea-Bissau",
                 "Trinidad and Tobago", "Sao Tome and Principe"]:
        assert idx.by_name(name) is not None and idx.by_name(name).name == name, name


def test_table_is_complete_and_consistent(idx):
    countries = idx.all()
    assert len(countries) >= 230
    un_like = [c for c in countries if c.part_of is None]
    assert all(c.iso2 and c.iso3 and len(c.iso2) == 2 and len(c.iso3) == 3 for c in un_like)
    assert len({c.iso2 for c in un_like}) == len(un_like)
    assert len({c.iso3 for c in un_like}) == len(un_like)
    for c in countries:
        assert isinstance(c, Country)
        assert c.regimes or c.sovereign is not None, f"{c.name}: no regimes and no state_of"
        if c.part_of:
            assert idx.by_name(c.part_of) is not None
    assert idx.by_name("Artsakh").acled_country == "Azerbaijan"
    assert idx.by_name("Somaliland").acled_country == "Somalia"


def test_regimes_are_ordered_and_labelled(idx):
    for c in idx.all():
        rs = c.regimes
        for a, b in zip(rs, rs[1:]):
            assert a.start < b.start, c.name
            assert a.end_year is not None, f"{c.name}: only the last period may be open"
            assert b.start_year - 1 <= a.end_year <= b.start_year, f"{c.name}: {a.label} then {b.label}"
        if rs and c.name != "Artsakh":  # Artsakh was dissolved in 2023
            assert rs[-1].end_year is None, f"{c.name}: the current period should be open"


def test_main_conflict_countries_cover_2000_on(idx):
    for name in ["Afghanistan", "Syria", "Iraq", "Yemen", "Somalia", "Nigeria", "Mali", "Burkina Faso",
                 "Niger", "Democratic Republic of Congo", "Central African Republic", "Sudan", "Ethiopia",
                 "Kenya", "Uganda", "Libya", "Egypt", "Lebanon", "Israel", "Palestine", "Turkey", "Iran",
                 "Pakistan", "India", "Bangladesh", "Myanmar", "Philippines", "Thailand", "Indonesia",
                 "Ukraine", "Russia", "Armenia", "Azerbaijan", "Georgia", "Mexico", "Colombia", "Brazil",
                 "Venezuela", "Haiti", "Honduras", "Guatemala", "El Salvador", "Cameroon", "Chad",
                 "Burundi", "Rwanda", "Mozambique", "Zimbabwe", "South Africa", "Nepal", "Sri Lanka",
                 "Algeria", "Tunisia", "Saudi Arabia", "United States", "Peru", "Chile", "Argentina",
                 "Ecuador", "Bolivia", "Ivory Coast", "Guinea", "Senegal", "Sierra Leone", "Liberia",
                 "Madagascar", "Malawi", "Zambia", "Tanzania", "Ghana", "Togo", "Benin", "Serbia",
                 "Greece", "Albania", "Belarus", "Kyrgyzstan", "Tajikistan", "Malaysia", "Cambodia"]:
        c = idx.by_name(name)
        assert c.regimes[0].start <= dt.date(2000, 12, 31), f"{name} starts at {c.regimes[0].label}"


# -- regime periods and state-force names ----------------------------------------------------------

@pytest.mark.parametrize("name, day, label", [
    ("Syria", dt.date(2014, 10, 7), "2000-2024"),
    ("Syria", dt.date(2025, 3, 1), "2024-"),
    ("Afghanistan", dt.date(2020, 3, 9), "2014-2021"),
    ("Afghanistan", dt.date(2021, 9, 1), "2021-"),
    ("Kenya", dt.date(2017, 8, 8), "2013-2022"),
    ("Kenya", dt.date(2008, 1, 2), "2002-2013"),
    ("Burundi", dt.date(2015, 5, 13), "2005-"),
    ("Cameroon", dt.date(2019, 1, 1), "1982-"),
    ("Ukraine", dt.date(2020, 5, 1), "2019-"),
    ("Democratic Republic of Congo", dt.date(2020, 5, 1), "2019-"),
    ("Philippines", dt.date(2018, 1, 1), "2016-2022"),
    ("India", dt.date(2020, 5, 1), "2014-"),
    ("Mexico", dt.date(2020, 5, 1), "2018-2024"),
    ("Brazil", dt.date(2020, 5, 1), "2019-2022"),
    ("Russia", dt.date(2020, 5, 1), "2000-"),
    ("Azerbaijan", dt.date(2020, 10, 1), "2003-"),
    ("Ethiopia", dt.date(2010, 1, 1), "1995-2018"),
])
def test_regime_label(idx, name, day, label):
    assert idx.by_name(name).regime_label(day) == label


def test_regime_label_without_date_and_before_first_period(idx):
    syria = idx.find("Syrian")
    assert syria.regime_label(None) == "2024-"
    assert syria.regime_label("2014-10-07") == "2000-2024"
    assert syria.regime_label(dt.datetime(2014, 10, 7, 12, 0)) == "2000-2024"
    assert syria.regime_label(dt.date(1900, 1, 1)) == syria.regimes[0].label


def test_state_force(idx):
    syria = idx.find("Syria")
    assert syria.state_force("Military", dt.date(2014, 10, 7)) == "Military Forces of Syria (2000-2024)"
    assert syria.state_force("Government", dt.date(2014, 10, 7)) == "Government of Syria (2000-2024)"
    assert syria.state_force("police", "2014-10-07") == "Police Forces of Syria (2000-2024)"
    ph = idx.find("Philippine")
    assert ph.state_force("Police", dt.date(2018, 1, 1)) == "Police Forces of the Philippines (2016-2022)"
    assert idx.find("DRC").state_force("Military", dt.date(2020, 5, 1)) == \
        "Military Forces of the Democratic Republic of Congo (2019-)"
    assert idx.find("Afghan").state_force("Police", dt.date(2020, 3, 9), "National Directorate of Security") == \
        "Police Forces of Afghanistan (2014-2021) National Directorate of Security"
    assert idx.find("Kenyan").state_force("Military", dt.date(2015, 1, 1)) == "Military Forces of Kenya (2013-2022)"
    assert idx.find("US").state_force("Military", dt.date(2020, 1, 1)) == \
        "Military Forces of the United States (2017-2021)"
    assert idx.find("Yemen").state_force("Military", dt.date(2020, 1, 1), "Supreme Political Council",
                                         label="2016-") == "Military Forces of Yemen (2016-) Supreme Political Council"
    # a territory without forces of its own takes its sovereign's
    assert idx.find("Guadeloupe").state_force("Police", dt.date(2020, 5, 1)) == "Police Forces of France (2017-)"
    with pytest.raises(ValueError):
        syria.state_force("Navy")


# -- the helpers and the loader's checks --------------------------------------------------------------

def test_acronym_rule():
    assert is_acronym("IS") and is_acronym("SDF") and is_acronym("U.S.") and is_acronym("LeT")
    assert not is_acronym("Isis") and not is_acronym("AMISOM") and not is_acronym("Syria")
    assert alias_key("  The  Côte d’Ivoire ") == "cote d'ivoire"
    assert alias_key("Guinea-Bissau") == alias_key("guinea bissau")


def test_loader_rejects_clashing_aliases():
    entries = [{"name": "A", "iso2": "AA", "iso3": "AAA", "aliases": ["Shared"], "regimes": []},
               {"name": "B", "iso2": "BB", "iso3": "BBB", "aliases": ["shared"], "regimes": []}]
    with pytest.raises(CountryDataError, match="names both"):
        CountryIndex.from_entries(entries)


def test_loader_rejects_bad_regime_and_unknown_sovereign():
    with pytest.raises(CountryDataError):
        CountryIndex.from_entries([{"name": "A", "regimes": [{"from": 2000, "to": None, "start": "2005-01-01"}]}])
    with pytest.raises(CountryDataError, match="state_of"):
        CountryIndex.from_entries([{"name": "A", "state_of": "Nowhere"}])


def test_packaged_file_parses_as_plain_yaml():
    from importlib import resources
    raw = yaml.safe_load(resources.files("whimbrel.data").joinpath("countries.yaml").read_text("utf-8"))
    assert isinstance(raw, list)
    for e in raw:
        assert set(e) <= {"name", "article", "iso2", "iso3", "capital", "part_of", "state_of", "aliases",
                          "adjectives", "regimes"}, e["name"]
        assert all(isinstance(a, str) for a in e["aliases"] + e["adjectives"]), e["name"]


def test_load_is_cached():
    assert CountryIndex.load() is CountryIndex.load()
