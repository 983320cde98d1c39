"""Geocoding: the gazetteer index (built once per session into a temp dir) and the resolver."""
from __future__ import annotations

import math
import sqlite3
import time

import pytest

from whimbrel.geo import Gazetteer, Geocoder
from whimbrel.geo.gazetteer import BUILD_VERSION, build
from whimbrel.geo.variants import name_key, skeleton, split_kind_word
from whimbrel.models import Toponym
from whimbrel.settings import Settings

DEIR_EZ_ZOR = (35.336, 40.141)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory) -> Gazetteer:
    cache = tmp_path_factory.mktemp("cache")
    settings = Settings(cache_dir=cache, data_dir=tmp_path_factory.mktemp("data"))
    started = time.perf_counter()
    gaz = Gazetteer.open(settings)
    print(f"\ngazetteer built in {time.perf_counter() - started:.1f}s, "
          f"{gaz.path.stat().st_size / 1e6:.1f} MB")
    return gaz


@pytest.fixture(scope="session")
def geocoder(gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


def point(place) -> tuple[float, float]:
    return place.latitude, place.longitude


# -- variants -------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir el-Zor",
                                      "Deir al-Zour", "Dayr al-Zor"])
def test_deir_ez_zor_spellings_share_one_key(spelling):
    assert name_key(spelling) == name_key("Deir ez-Zor")


def test_transliterations_meet_on_the_skeleton():
    assert len({skeleton(n) for n in ("Huwayja Saqer", "Hwijet Saker", "Huwaijat Saqr",
                                      "Huwayjat Saqr")}) == 1
    assert name_key("Mazar-e Sharif") == name_key("Mazar-i-Sharif") == "mazar sharif"
    assert skeleton("Baghdadi") != skeleton("Baghdad")  # a nisba ending is part of the name


def test_kind_words_are_split_off():
    assert split_kind_word("Kunar province") == ("Kunar", "province")
    assert split_kind_word("Province of Kunar") == ("Kunar", "province")
    assert split_kind_word("Nad-e Ali District") == ("Nad-e Ali", "district")
    assert split_kind_word("Homs") == ("Homs", "")


# -- the index --------------------------------------------------------------------------------

def test_index_is_built_in_the_cache_dir_with_its_version(gazetteer):
    assert gazetteer.path.name == f"gazetteer-v{BUILD_VERSION}.sqlite"
    assert gazetteer.meta()["version"] == str(BUILD_VERSION)
    assert not list(gazetteer.path.parent.glob("*.tmp"))  # the temp file was moved into place


def test_reopening_does_not_rebuild(gazetteer):
    before = gazetteer.path.stat().st_mtime_ns
    again = Gazetteer.open(path=gazetteer.path)
    assert again.path.stat().st_mtime_ns == before


def test_lookup_ranks_candidates(gazetteer):
    found = gazetteer.lookup("Tripoli")
    assert {c.country_iso2 for c in found} >= {"LY", "LB"}
    assert found[0].match == "name"
    assert all(c.country_iso2 == "LB" for c in gazetteer.lookup("Tripoli", "LB"))
    assert gazetteer.lookup("Zzyzxqwv") == []


def test_admin1_of_country_and_countries(gazetteer):
    names = {name_key(c.name) for c in gazetteer.admin1_of_country("AF")}
    assert {"kunar", "helmand", "balkh"} <= names
    syria = [c for c in gazetteer.countries() if c.country_iso2 == "SY"]
    assert syria and km((syria[0].lat, syria[0].lon), (33.51, 36.29)) < 20  # at Damascus


def test_lookup_speed(gazetteer):
    names = ["Deir Ezzor", "Homs", "Tripoli", "Kunar", "Hatla", "Nowhereville"] * 167
    started = time.perf_counter()
    for n in names:
        gazetteer.lookup(n)
    print(f"\n{len(names)} lookups in {time.perf_counter() - started:.3f}s")  # no timed assertion


# -- resolving ------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir el-Zor"])
def test_deir_ez_zor_resolves(geocoder, spelling):
    place, note = geocoder.resolve([Toponym(spelling)], "Syria")
    assert place is not None, note
    assert km(point(place), DEIR_EZ_ZOR) <= 25
    assert name_key(place.admin1) == name_key("Deir ez-Zor")
    assert (place.country, place.iso3, place.geo_precision) == ("Syria", "SYR", 1)


@pytest.mark.parametrize("village", ["Hatla", "Huwayja Saqer", "Hwijet Saker", "Huwaijat Saqr"])
def test_deir_ez_zor_villages(geocoder, village):
    place, note = geocoder.resolve([Toponym(village)], "SY")
    assert place is not None, note
    assert place.feature == "village" and place.geo_precision == 1
    assert 1 < km(point(place), DEIR_EZ_ZOR) < 15  # beside the city, not at its centre
    assert name_key(place.admin1) == name_key("Deir ez-Zor")


def test_country_hint_decides_homs(geocoder):
    place, _ = geocoder.resolve([Toponym("Homs")], "Syria")
    assert place.country == "Syria" and place.feature == "city"
    assert km(point(place), (34.73, 36.72)) < 10


@pytest.mark.parametrize("hint, expected, where", [("Libya", "Libya", (32.89, 13.19)),
                                                   ("Lebanon", "Lebanon", (34.44, 35.85)),
                                                   ("LB", "Lebanon", (34.44, 35.85))])
def test_country_hint_decides_tripoli(geocoder, hint, expected, where):
    place, _ = geocoder.resolve([Toponym("Tripoli")], hint)
    assert place.country == expected and km(point(place), where) < 10


def test_a_town_abroad_is_not_traded_for_the_country_of_the_migrants_it_names(geocoder):
    # "Residents of Chania protested against migrants from Syria": the report's country hint
    # says Syria, the sentence names Syria, but Chania is a Cretan town found nowhere in Syria.
    place, note = geocoder.resolve([Toponym("Chania"), Toponym("Syria")], "Syria")
    assert (place.location, place.country, place.geo_precision) == ("Chania", "Greece", 1), note


def test_a_quarter_of_lebanese_tripoli_tells_the_country(geocoder):
    # With no country named, Tripoli alone is Libya's capital; its Lebanese quarters are not.
    for tops in ([Toponym("Tabbaneh area", admin_hint="Tripoli")],
                 [Toponym("Bohssas", "near"), Toponym("Tripoli")]):
        place, note = geocoder.resolve(tops)
        assert place.country == "Lebanon" and km(point(place), (34.44, 35.85)) < 10, note
    place, _ = geocoder.resolve([Toponym("Tripoli")])
    assert place.country == "Libya"


def test_admin_hint_picks_the_town_inside_it(geocoder):
    # Two Afghan towns called Fayzabad: in Badakhshan and in Faryab.
    badakhshan, _ = geocoder.resolve([Toponym("Fayzabad", admin_hint="Badakhshan")], "Afghanistan")
    faryab, _ = geocoder.resolve([Toponym("Fayzabad", admin_hint="Faryab")], "Afghanistan")
    assert name_key(badakhshan.admin1) == "badakhshan"
    assert name_key(faryab.admin1) == "faryab"
    assert km(point(badakhshan), point(faryab)) > 100


def test_admin_hint_outside_every_candidate_falls_back_to_the_area(geocoder):
    place, note = geocoder.resolve([Toponym("Hatla", admin_hint="Kunar")], "Afghanistan")
    assert place is not None and place.geo_precision == 3 and name_key(place.admin1) == "kunar"
    assert "could not place 'Hatla'" in note


def test_a_sizeable_town_written_in_the_wrong_province_is_still_that_town(geocoder):
    # Puerto Natales is in Magallanes, far south of Los Lagos; the name is found once, exactly.
    place, note = geocoder.resolve([Toponym("Puerto Natales", admin_hint="Los Lagos")], "Chile")
    assert (place.location, name_key(place.admin1), place.geo_precision) == (
        "Puerto Natales", "magallanes", 1), note
    # A district written as such likewise (Darqad lies in Takhar, not Nangarhar) ...
    place, note = geocoder.resolve([Toponym("Darqad district", admin_hint="Nangarhar")], "Afghanistan")
    assert name_key(place.admin1) == "takhar", note
    # ... and so is a large town written by the short form of its name (Ciudad Apodaca lies in
    # Nuevo Leon, not Coahuila).
    place, note = geocoder.resolve([Toponym("Apodaca", admin_hint="Coahuila")], "Mexico")
    assert (place.location, name_key(place.admin1)) == ("Ciudad Apodaca", "nuevo leon"), note
    # ... but not a quarter of the town written beside it: that is the town's.
    place, note = geocoder.resolve([Toponym("San Cristobal", admin_hint="Bogota")], "Colombia")
    assert place.location == "Bogota", note


def test_a_small_namesake_far_from_the_town_named_beside_it_is_not_taken(geocoder):
    # "the Majengo quarter of Mombasa": the only Majengo known is a village near Lake Victoria,
    # some 600 km away; the event is placed near Mombasa instead, and says so.
    place, note = geocoder.resolve([Toponym("Majengo"), Toponym("Mombasa")], "Kenya")
    assert (place.location, place.geo_precision) == ("Mombasa", 2)
    assert "could not place 'Majengo'" in note


def test_with_no_country_known_a_town_far_from_the_city_named_beside_it_is_a_namesake(geocoder):
    # "a rally by the Mile shopping centre in Minsk": Mile, Ethiopia (22,000 people) is no
    # place 5,000 km from Minsk; a city of Sidon's size is itself wherever the squares are.
    place, note = geocoder.resolve([Toponym("Mile"), Toponym("Minsk")])
    assert (place.country, place.location) == ("Belarus", "Minsk"), note
    place, note = geocoder.resolve([Toponym("Sidon"), Toponym("Marjan")])
    assert (place.country, place.location) == ("Lebanon", "Sidon"), note


def test_an_area_known_only_by_a_spelling_variant_is_no_anchorless_guess(geocoder):
    # "Sarmat" is a spelling variant of Sarama, a Cypriot district with no point of its own;
    # beside Nur-Sultan (Astana) it is an unknown quarter of that city, not Paphos.
    place, note = geocoder.resolve([Toponym("Sarmat"), Toponym("Nur-Sultan city")])
    assert (place.country, place.location) == ("Kazakhstan", "Astana"), note


def test_with_no_country_known_an_area_far_from_the_places_beside_it_is_a_namesake(geocoder):
    # "the Sinjar area west of a village in Hama countryside": not Iraq's Sinjar district,
    # 400 km east; the event is placed by Hama.
    place, note = geocoder.resolve([Toponym("Sinjar area"), Toponym("Hama", relation="near")])
    assert place.country == "Syria", note


def test_of_two_namesakes_near_the_city_named_beside_them_the_nearer_wins(geocoder):
    # Kypseli on Aegina (35 km out) and the Kipseli quarter of Athens (2 km) are both near
    # Athens; the one in the city is meant.
    place, note = geocoder.resolve([Toponym("Kypseli"), Toponym("Athens")], "Greece")
    assert km((place.latitude, place.longitude), (37.98, 23.73)) < 10, note


def test_a_town_recorded_in_the_hinted_district_beats_one_near_it(geocoder):
    # Bilimora, in Navsari (split off Surat district), is also called Mora and is far larger;
    # the town recorded in Surat district itself is the one meant.
    place, note = geocoder.resolve([Toponym("Mora", admin_hint="Surat, Gujarat")], "India")
    assert (place.location, name_key(place.admin2)) == ("Mora", "surat"), note


def test_a_district_is_placed_at_its_town_however_the_town_is_spelt(geocoder):
    # GeoNames spells the district's town "Sangareddi" and Somalia's "Ceelbuur": each is still
    # the district's seat, not the district's largest town elsewhere in it.
    place, note = geocoder.resolve([Toponym("Sangareddy district")], "India")
    assert (place.location, place.geo_precision) == ("Sangareddi", 2), note
    place, note = geocoder.resolve([Toponym("Ceel Buur district", admin_hint="Galgaduud")], "Somalia")
    assert (place.location, place.geo_precision) == ("Ceelbuur", 2), note


def test_a_district_without_towns_is_not_placed_at_a_namesake_in_another_province(geocoder):
    # Kasserine's Ezzouhour delegation has no town filed under it; the Ezzouhour of Sousse,
    # 150 km away, is not its seat, so the event falls back to the governorate's town.
    place, note = geocoder.resolve([Toponym("Ezzouhour", admin_hint="Kasserine")], "Tunisia")
    assert place.admin1 == "Kasserine" and km((place.latitude, place.longitude), (35.17, 8.84)) < 40, note
    # ... but a district's namesake town that GeoNames files under the next province is its seat.
    place, note = geocoder.resolve([Toponym("Thika town", admin_hint="Kiambu county")], "Kenya")
    assert place.location == "Thika", note


def test_a_province_named_after_the_city_beside_it_is_centred_on_that_city(geocoder):
    # Buenos Aires province does not contain the federal capital, which is larger than any of
    # its towns: an unknown suburb "(Buenos Aires)" is placed at the capital, not at Mar del
    # Plata, 400 km away, and keeps the province as its admin1.
    place, note = geocoder.resolve([Toponym("Qwxzy Oeste", admin_hint="Buenos Aires")], "Argentina")
    assert (place.admin1, place.geo_precision) == ("Buenos Aires", 3), note
    assert km((place.latitude, place.longitude), (-34.61, -58.38)) < 25, note


def test_a_small_town_filed_under_the_district_written_beside_it_is_that_town(geocoder):
    # "Gulak (Madagli LGA, Borno)": Gulak lies in Madagali LGA of Adamawa, not Borno; the
    # district, written nearly alike, says the province is the slip.
    place, note = geocoder.resolve([Toponym("Gulak", admin_hint="Madagli LGA, Borno")], "Nigeria")
    assert (place.location, place.admin1, place.geo_precision) == ("Gulak", "Adamawa", 1), note


def test_a_district_written_in_the_wrong_province_is_found_under_its_other_spelling(geocoder):
    # GeoNames spells Kunduz's district "Aliabad"; written "Ali Abad district, Takhar", it is
    # still the one district of that name in the country, not Takhar's capital.
    place, note = geocoder.resolve([Toponym("Qwxzy Kalay", admin_hint="Ali Abad district, Takhar")],
                                   "Afghanistan")
    assert (place.admin1, place.admin2) == ("Kunduz", "Aliabad"), note


def test_a_town_named_inside_the_area_named_first_is_the_place(geocoder):
    # "In Baringo county, nurses protested in Eldama Ravine": the town, not the county's seat.
    place, note = geocoder.resolve([Toponym("Baringo county", relation="region"), Toponym("Eldama Ravine")],
                                   "Kenya")
    assert (place.location, place.geo_precision) == ("Eldama Ravine", 1), note
    # ... but not a town of another area.
    place, note = geocoder.resolve([Toponym("Baringo county", relation="region"), Toponym("Eldoret")], "Kenya")
    assert place.admin1 == "Baringo", note


def test_a_town_is_found_under_its_new_or_old_twin_name(geocoder):
    place, note = geocoder.resolve([Toponym("Badah town", admin_hint="Larkana, Sindh")], "Pakistan")
    assert place.location == "New Badah", note


def test_a_misspelt_name_is_found_inside_the_area_written_beside_it(geocoder):
    # Letters swapped ("hr" for "rh"): no transliteration rule makes this Chaparhar, but among
    # Nangarhar's districts it is the only name so close.
    place, note = geocoder.resolve([Toponym("Chapahrar district", admin_hint="Nangarhar")], "Afghanistan")
    assert (name_key(place.admin2), name_key(place.admin1), place.geo_precision) == (
        "chaparhar", "nangarhar", 2), note
    # Across a whole country a slip this size finds namesakes as often as the place: unplaced.
    place, note = geocoder.resolve([Toponym("Chapahrar district")], "Afghanistan")
    assert place.latitude is None and "could not place" in note


def test_province_alone_is_precision_3(geocoder):
    place, note = geocoder.resolve([Toponym("Kunar province")], "Afghanistan")
    assert place is not None, note
    assert (place.geo_precision, place.feature, place.admin1) == (3, "admin1", "Kunar")
    assert km(point(place), (34.87, 71.15)) < 10  # Asadabad, its capital


def test_region_relation_prefers_the_admin_area(geocoder):
    town, _ = geocoder.resolve([Toponym("Kunduz")], "Afghanistan")
    region, _ = geocoder.resolve([Toponym("Kunduz", relation="region")], "Afghanistan")
    assert (town.feature, town.geo_precision) == ("city", 1)
    assert (region.feature, region.geo_precision) == ("admin1", 3)


def test_district_alone_is_its_main_town_at_precision_2(geocoder):
    place, note = geocoder.resolve([Toponym("Sangin district")], "Afghanistan")
    assert place is not None, note
    assert (place.feature, place.geo_precision) == ("admin2", 2)
    assert name_key(place.admin1) == "helmand"


def test_near_is_precision_2(geocoder):
    place, _ = geocoder.resolve([Toponym("Saraqib", relation="near")], "Syria")
    assert place.geo_precision == 2 and place.location.startswith("Saraqib")


def test_country_alone_is_its_capital_at_precision_3(geocoder):
    place, _ = geocoder.resolve([Toponym("Syria")])
    assert (place.feature, place.geo_precision, place.country) == ("country", 3, "Syria")
    assert km(point(place), (33.51, 36.29)) < 20


def test_supplement_spelling_of_admin1(geocoder):
    place, _ = geocoder.resolve([Toponym("Saraqib")], "Syria")
    assert place.admin1 == "Idleb"  # ACLED's spelling, from the supplement


def test_unknown_name_keeps_the_country_but_no_point(geocoder):
    place, note = geocoder.resolve([Toponym("Qwxzyville")], "Syria")
    assert (place.location, place.latitude, place.longitude) == ("", None, None)
    assert (place.country, place.iso3) == ("Syria", "SYR")
    assert note.startswith("could not place 'Qwxzyville'")
    assert geocoder.resolve([Toponym("Qwxzyville")]) == (None, "could not place 'Qwxzyville'")
    assert geocoder.resolve([], "Syria") == (None, "no place named")


@pytest.mark.parametrize("toponym, country, admin1", [
    (Toponym("Tieba", admin_hint="Bankass, Mopti"), "Mali", "mopti"),
    (Toponym("Juliaca", admin_hint="Puno"), "Peru", "puno"),
    (Toponym("Tijuana Baja California"), "Mexico", "baja california"),
])
def test_country_is_inferred_from_the_names(geocoder, toponym, country, admin1):
    place, note = geocoder.resolve([toponym])
    assert place is not None and place.country == country, note
    assert name_key(place.admin1) == admin1


def test_with_no_country_a_spelling_variant_is_no_place(geocoder):
    # A name nothing else places: a lookalike of a large town elsewhere (Masina, a quarter of
    # Kinshasa) would be a confident point in the wrong country. The exact name still counts.
    place, note = geocoder.resolve([Toponym("Masnaa")])
    assert place is None, (place, note)
    place, _ = geocoder.resolve([Toponym("Masina")])
    assert place is not None and place.country == "Democratic Republic of Congo"


def test_unknown_village_falls_back_to_its_district_first(geocoder):
    place, note = geocoder.resolve([Toponym("Qwxzyville", admin_hint="Macomia, Cabo Delgado")])
    assert place is not None and place.country == "Mozambique", note
    assert (place.admin2, place.geo_precision) == ("Macomia", 2)
    assert "placed in 'Macomia'" in note


def test_an_area_found_outside_its_wider_area_stays_in_that_areas_country(geocoder):
    # No La Candelaria inside Bogota is known; the one in Argentina is unique as an area, but
    # the writer put it in Colombia. So with El Vigia in Merida: not Vigia in Brazil.
    for hint, country, town in (("La Candelaria, Bogota", "Colombia", "Bogota"),
                                ("El Vigia, Merida", "Venezuela", "El Vigia")):
        place, note = geocoder.resolve([Toponym("Qwxzyville", admin_hint=hint)])
        assert place is not None and (place.country, place.location) == (country, town), note


def test_a_namesake_abroad_does_not_beat_the_names_country(geocoder):
    # "Mulanje (Mulanje, Southern)": Southern is an area name in many countries, Mulanje only
    # in Malawi; a hint from elsewhere in the report must not pull it to another Southern.
    place, _ = geocoder.resolve([Toponym("Mulanje", admin_hint="Southern")])
    assert place is not None and place.country == "Malawi"


def test_a_large_town_abroad_is_found_but_not_a_lookalike(geocoder):
    place, _ = geocoder.resolve([Toponym("Mosul")], "Syria")
    assert place is not None and place.country == "Iraq"
    # Not a place: no spelling-variant match may turn it into one (Hamas ~ Homs).
    place, note = geocoder.resolve([Toponym("Hamas")], "Syria")
    assert place is None or place.location == "", (place, note)


def test_a_name_written_beside_a_town_at_home_is_not_taken_abroad(geocoder):
    # "the Zap (Amadiya) region of Dahuk": Zap is only an alias of a hamlet across the Turkish
    # border, 30 km off; written beside Amadiya, it is placed there, in Iraq.
    place, note = geocoder.resolve([Toponym("Qwxzy Dere"), Toponym("Zap", admin_hint="Amadiya"),
                                    Toponym("Dahuk")], "Iraq")
    assert (place.country, place.location) == ("Iraq", "Al Amadiyah"), note


def test_a_city_abroad_known_by_its_other_spelling_beats_a_smaller_exact_namesake(geocoder):
    # "Odessa" is the common spelling of Odesa (a million people), and also a Texan town.
    place, note = geocoder.resolve([Toponym("Odessa")], "Russia")
    assert place.country == "Ukraine", note
    # A nickname is not a spelling: "Tana" in a report on Kenya is not Antananarivo.
    place, note = geocoder.resolve([Toponym("Tana")], "Kenya")
    assert place.country == "Kenya", note


def test_a_known_name_with_its_kind_word_is_not_split_at_of(geocoder):
    # Not a "Port" in Spain.
    place, note = geocoder.resolve([Toponym("Port of Spain city")])
    assert place.country == "Trinidad and Tobago", note


def test_bracketed_admin_area_and_compound_names(geocoder):
    place, _ = geocoder.resolve([Toponym("Fayzabad (Faryab)")], "Afghanistan")
    assert name_key(place.admin1) == "faryab"
    place, note = geocoder.resolve([Toponym("Mogadishu-Hodan")], "Somalia")
    assert place is not None and place.geo_precision == 2 and "Mogadishu" in note


def test_unknown_first_toponym_falls_back_to_the_next(geocoder):
    place, note = geocoder.resolve([Toponym("Qwxzyville"), Toponym("Hajin")], "Syria")
    assert place is not None and place.location.startswith("Haj")
    assert "Qwxzyville" in note


def test_context_breaks_ties(geocoder):
    # Two Afghan Fayzabads; the report also names Maymana, Faryab's capital.
    place, _ = geocoder.resolve([Toponym("Fayzabad"), Toponym("Maymana")], "Afghanistan")
    assert place is not None and name_key(place.admin1) == "faryab"
    alone, _ = geocoder.resolve([Toponym("Fayzabad")], "Afghanistan")
    assert name_key(alone.admin1) == "badakhshan"  # the larger one without context


# -- extra files in data_dir/gazetteer, small builds without the packaged data -------------------

def test_analyst_files_are_compiled_in(tmp_path):
    extra = tmp_path / "gazetteer"
    extra.mkdir()
    (extra / "mine.tsv").write_text(
        "# analyst's own places\nname\tvariants\tfeature\tpopulation\tiso2\tadmin1\tadmin2\tlat\tlon"
        "\tsource\nTestabad\tTestabaad\tvillage\t\tAF\tKunar\t\t34.9\t71.1\tby hand\n",
        encoding="utf-8")
    dump = ["9999001", "Qaryat Mithal", "Qaryat Mithal", "Qariyat Mithal,قرية", "35.1", "40.3",
            "P", "PPL", "SY", "", "07", "", "", "", "0", "", "200", "Asia/Damascus", "2020-01-01"]
    (extra / "SY.txt").write_text("\t".join(dump) + "\n", encoding="utf-8")
    path = tmp_path / "small.sqlite"
    build(path, extra, packages=False)
    gaz = Gazetteer(path)
    assert gaz.lookup("Testabaad")[0].name == "Testabad"
    found = gaz.lookup("Qariyat Mithal", "SY")
    assert found and found[0].feature == "village" and found[0].source == "geonames-dump"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM places WHERE source = 'supplement'").fetchone()[0] > 10


# -- choosing among namesakes, admin names ---------------------------------------------------------

def test_a_conflict_theatre_breaks_ties_between_namesakes(gazetteer):
    # Several Ukrainian villages are called Serhiivka; the largest is in Odesa oblast.
    plain = Geocoder(gazetteer, theatres=[]).resolve([Toponym("Serhiivka")], "Ukraine")[0]
    donbas = Geocoder(gazetteer, theatres=[("UA", "donetsk")]).resolve([Toponym("Serhiivka")],
                                                                        "Ukraine")[0]
    assert name_key(plain.admin1) != "donetsk" and name_key(donbas.admin1) == "donetsk"


def test_fighting_on_a_line_of_contact_is_not_placed_at_a_faraway_namesake(geocoder):
    # The packaged data holds a Kruta Balka in Poltava oblast, hundreds of km from the Donbas
    # line of contact, and none near it: fighting "near Kruta Balka" is left unplaced.
    anywhere, _ = geocoder.resolve([Toponym("Kruta Balka", "near")], "Ukraine")
    assert anywhere is not None and name_key(anywhere.admin1) == "poltava"
    on_the_line, note = geocoder.resolve([Toponym("Kruta Balka", "near")], "Ukraine", front=True)
    assert on_the_line is not None and not on_the_line.location and on_the_line.country == "Ukraine"
    assert "Kruta Balka" in note
    # A town on the line is still found there.
    avdiivka, _ = geocoder.resolve([Toponym("Avdiivka")], "Ukraine", front=True)
    assert name_key(avdiivka.admin1) == "donetsk"


def test_an_alias_far_from_the_mentions_other_places_is_a_namesake(geocoder):
    # "Kotowal" (Nangarhar) is a spelling variant of nothing in Kabul: the event stays in Kabul.
    place, note = geocoder.resolve([Toponym("Kotal-e Khair Khana"), Toponym("Kabul")], "Afghanistan")
    assert place is not None and name_key(place.admin1) == "kabul", note


def test_admin_areas_carry_english_style_names(gazetteer):
    def names(iso2):
        return {c.name for c in gazetteer.admin1_of_country(iso2)}
    assert {"Beirut", "North Lebanon"} <= names("LB")  # named after its main town: Beirut
    assert "Belgrade" in names("RS") and "Limassol" in names("CY")
    assert {"Junin", "Cusco"} <= names("PE")  # not the Quechua "Hunin Suyu", not "Cuzco"
    assert {"Ghor", "Kandahar"} <= names("AF")
    assert "Sadah" in names("YE")  # the town's name without its apostrophe


def test_an_area_with_no_linked_town_is_placed_at_the_town_of_its_name(geocoder):
    place, note = geocoder.resolve([Toponym("Qwxzyville", admin_hint="Tartar")], "Azerbaijan")
    assert place is not None and (place.location, place.geo_precision) == ("Tartar", 3), note


def test_a_list_after_the_place_is_not_its_admin_area(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Clashes erupted in Tal Abyad, al-Bab and Deir ez-Zor.").sents)
    tops = find_toponyms(sent, set())
    assert tops[0].name == "Tal Abyad" and tops[0].admin_hint == ""
    sent = next(nlp("Gunmen attacked a checkpoint in Jati sub-district, Pulogadung District, "
                    "East Jakarta City, Jakarta province.").sents)
    assert find_toponyms(sent, set())[0].admin_hint.split(", ")[-1] == "Jakarta"


def test_villages_in_an_area_have_that_area_as_their_hint(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Gunmen raided Qwazo, Plokmi and Dutse Wuro villages in Zurmi LGA (Zamfara).").sents)
    hints = {t.name: t.admin_hint for t in find_toponyms(sent, set())}
    assert hints["Dutse Wuro"].startswith("Zurmi"), hints


def test_the_towns_a_road_joins_are_places_even_when_taken_for_an_actor(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Workers blocked the Ludhiana-Jalandhar road in protest.").sents)
    claimed = {t.i for t in sent if t.text in {"Ludhiana", "-", "Jalandhar"}}  # as an actor's words
    assert any("Jalandhar" in t.name for t in find_toponyms(sent, claimed))


def test_the_saray_is_a_building_not_a_town(nlp):
    # "the Saray" is a governor's seat; Saray is also a town in Azerbaijan.
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Rioters gathered outside the Saray in Baalbek and burned tyres.").sents)
    assert [t.name for t in find_toponyms(sent, set())] == ["Baalbek"]


def test_mission_names_tell_the_country():
    from whimbrel.geo.clues import country_clue
    assert country_clue("the OSCE SMM observed 12 explosions near Zolote") == "Ukraine"
    assert country_clue("AMISOM troops repelled an attack") == "Somalia"
    assert country_clue("a smm of nothing") == ""


def test_a_country_named_first_gives_way_to_the_mentions_own_place(geocoder):
    # "military forces of Armenia fired at ... positions ... located at Tartar": not Yerevan.
    place, _ = geocoder.resolve([Toponym("Armenia"), Toponym("Azerbaijan"), Toponym("Tartar")],
                                "Armenia")
    assert place is not None and (place.country, place.location) == ("Azerbaijan", "Tartar")


def test_places_of_people_and_directions(nlp):
    from whimbrel.extract.places import find_toponyms
    def tops(text):
        return [(t.name, t.relation) for t in find_toponyms(next(nlp(text).sents), set())]
    assert ("Kisumu", "in") in tops("Residents of Kisumu attack and kill a man.")
    assert ("Kunduz city", "near") in tops("Two soldiers were killed 10 km north of Kunduz city.")
    assert all(n != "Armenia" for n, _ in tops("The military forces of Armenia fired at Goyali."))


def test_a_province_named_after_the_towns_it_joins_is_seated_at_the_first(geocoder):
    # Baalbek-Hermel's largest town in the packaged data is Aarsal; its seat is Baalbek.
    place, note = geocoder.resolve([Toponym("Baalbek-Hermel governorate")], "Lebanon")
    assert place is not None and (place.location, place.geo_precision) == ("Baalbek", 3), note
    # Not a small namesake of the first part: Schleswig-Holstein's seat is Kiel.
    place, _ = geocoder.resolve([Toponym("Schleswig-Holstein", relation="region")], "Germany")
    assert (place.admin1, place.location) == ("Schleswig-Holstein", "Kiel")


def test_the_town_a_building_is_named_after_comes_before_the_areas_written_beside_it(geocoder):
    place, note = geocoder.resolve([Toponym("Uitenhage Provincial Hospital",
                                            admin_hint="Nelson Mandela Bay, Eastern Cape")])
    assert place is not None and place.geo_precision == 2, note
    assert km(point(place), (-33.76, 25.40)) < 10, place  # Uitenhage (Kariega), not Gqeberha


def test_a_name_written_again_is_no_anchor_for_itself(geocoder):
    # The only Bate the packaged data knows is in East Java; the village written beside Papua's
    # Arso district is another, and the event falls back to Arso.
    place, note = geocoder.resolve([Toponym("Bate village"), Toponym("Arso district", "region", "Keerom, Papua"),
                                    Toponym("Bate village"), Toponym("Papua province", "region")])
    assert place is not None and place.admin1 == "Papua", (place, note)


def test_names_the_model_half_misreads(nlp):
    from whimbrel.extract.places import find_toponyms
    def names(text):
        return [t.name for t in find_toponyms(next(nlp(text).sents), set())]
    # The model tags the first word a nationality and the last a common noun.
    assert "Ma'arrat An Nu'man" in names("Troops looted houses in Ma'arrat An Nu'man in Idleb.")
    assert "Port of Spain city" in names("A man was shot in Port of Spain city on Monday.")
    assert "Arso district" in names("Villagers rioted in Bate village, coded as Arso district, Papua.")


def test_a_road_is_placed_at_its_first_town_with_the_other_end_as_context(geocoder):
    # With no country known, the other end tells which Tripoli a road starts from.
    place, note = geocoder.resolve([Toponym("Tripoli-Beirut"), Toponym("Palma")])
    assert place is not None and (place.country, place.location, place.geo_precision) == (
        "Lebanon", "Tripoli", 2), note
    # The towns a road joins may lie 200 km apart.
    place, note = geocoder.resolve([Toponym("Lamu-Malindi")], "Kenya")
    assert place is not None and place.location == "Lamu", note
    # When the first end is no town, the other end.
    place, note = geocoder.resolve([Toponym("Kurukshetra-Yamunanagar", admin_hint="Haryana")])
    assert place is not None and place.location == "Yamuna Nagar", note
    # A compass word is no town: "North-Nandi" is no road from North to Nandi.
    from whimbrel.geo.variants import compound_parts
    assert compound_parts("North-Nandi") == ("", "")


def test_a_towns_officials_and_misparsed_landmarks_name_the_town(nlp):
    from whimbrel.extract.places import find_toponyms
    def names(text, claimed=()):  # claimed: words the actor finder took
        sent = next(nlp(text).sents)
        return [t.name for t in find_toponyms(sent, {t.i for t in sent if t.text in claimed})]
    assert "Tyr" in names("Gunmen fired at the house of the Mayor of Tyr, Hassan Dabouq, at midnight.",
                          claimed={"Tyr"})
    assert "Bank" not in names("Crowds chanted against the Governor of the Bank in Hamra street.")
    # The parse hangs Zahle on "forces"; the noun right after it still makes it a place.
    assert "Zahle" in names("Protesters blocked the Zahle roundabout and Military forces are working "
                            "to clear it.")
    assert "Kisii-Migori" in names("The protesters lit bonfires on Kisii-Migori highway paralysing traffic.")
    # A town's official written before the title: "Hakkari Governor's Office", "Embu Governor".
    assert "Hakkari" in names("On 2 May 2024, Hakkari Governor's Office banned all rallies for 15 days.")
    assert "Embu" in names("Embu Governor Jane Doe's supporters clashed with police outside the hall.")


def test_another_name_written_in_the_wrong_area_is_found_where_it_is(geocoder):
    # Bani Walid is filed under its own district, not Misrata: the unknown village south of it
    # falls back to the town, not to Misrata.
    place, note = geocoder.resolve([Toponym("Qwxzy"), Toponym("Bani Walid", admin_hint="Misrata")], "Libya")
    assert place is not None and place.location == "Bani Walid", note


def test_the_other_parts_of_a_hint_tell_which_area_of_a_common_name(geocoder):
    # Venezuela has ten areas called Sucre; the one beside Petare is Miranda's.
    _, levels = geocoder.hints.admin_hint("Petare, Sucre", "VE")
    sucre = next(level for level in levels if level[0].name == "Sucre")
    assert {(a.feature, a.admin1) for a in sucre} == {("admin2", "Miranda")}
    place, note = geocoder.resolve([Toponym("Qwxzy sector", admin_hint="Petare, Sucre")], "Venezuela")
    assert place is not None and place.location == "Petare", note


def test_a_state_named_like_a_country_is_the_state_in_that_states_country(geocoder):
    place, note = geocoder.resolve([Toponym("Rafi LGA", admin_hint="Niger")], "Nigeria")
    assert place is not None and (place.country, place.admin1, place.admin2) == ("Nigeria", "Niger", "Rafi"), note


def test_a_parish_is_an_area(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Police seized a boat in Old Harbour Bay, Saint Catherine parish, on Monday.").sents)
    assert "Saint Catherine parish" in [t.name for t in find_toponyms(sent, set())]
    from whimbrel.geo.variants import kind_feature
    assert kind_feature("parish") == "admin1"


def test_an_unknown_spanish_name_falls_back_to_the_place_it_is_of(geocoder):
    from whimbrel.geo.variants import de_parts
    assert de_parts("Machiques de Perija") == ["Machiques Perija", "Perija", "Machiques"]
    assert de_parts("San Luis de Canete") == ["San Luis Canete", "Canete"]  # no saint alone
    place, note = geocoder.resolve([Toponym("Santa Cruz de Asia", admin_hint="Lima")], "Peru")
    assert place is not None and (place.location, place.geo_precision) == ("Asia", 2), note
    # Only inside the narrowest area written beside it: not Lopez de Micay, out of Argelia.
    place, note = geocoder.resolve([Toponym("San Juan de Micay", admin_hint="Argelia municipality, Cauca")],
                                   "Colombia")
    assert place is not None and place.admin2 == "Argelia", (place, note)


def test_the_area_after_a_plural_kind_word_holds_for_each_name(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("A body was found between Escobedo and Monterrey municipalities, Nuevo Leon.").sents)
    hints = {t.name: t.admin_hint for t in find_toponyms(sent, set())}
    assert hints.get("Escobedo", "").endswith("Nuevo Leon"), hints


def test_a_fallback_name_is_no_context_for_itself(geocoder):
    # Ramgarh in Jharkhand is ten times larger; the one beside Kaimur is in Bihar.
    place, note = geocoder.resolve([Toponym("Qwxzy village"), Toponym("Ramgarh"),
                                    Toponym("Kaimur", admin_hint="Bihar"), Toponym("Bihar")])
    assert place is not None and (place.location, place.admin1) == ("Ramgarh", "Bihar"), note


def test_a_quarter_of_a_town_is_not_a_small_namesake_elsewhere(geocoder):
    # The only Ermita in the packaged data is a village of Iloilo; Manila's is a quarter.
    place, note = geocoder.resolve([Toponym("Qwxzy Cathedral", admin_hint="Ermita, Manila")], "Philippines")
    assert place is not None and place.location == "Manila", (place, note)


def test_acronyms_and_titles_are_no_places(nlp):
    from whimbrel.extract.places import find_toponyms
    sent = next(nlp("Villagers attacked officials at Qwxzy village under Ramgarh police station "
                    "while they reopened a public distribution system (PDS) shop.").sents)
    assert all(t.admin_hint != "PDS" for t in find_toponyms(sent, set()))
    sent = next(nlp("Fans protested against supporters of the President of Brazil in Sao Paulo.").sents)
    assert "President" not in [t.name for t in find_toponyms(sent, set())]


def test_the_name_written_again_in_the_mention_is_no_context_for_itself(geocoder):
    # San Juan, Puerto Rico is the larger; Chimbas lies beside Argentina's San Juan.
    place, note = geocoder.resolve([Toponym("San Juan", admin_hint="San Juan"), Toponym("Chimbas"),
                                    Toponym("San Juan")])
    assert place is not None and place.country == "Argentina", (place, note)
