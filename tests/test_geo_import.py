"""GeoNames dump import and analysts' places: small GeoNames-format files written for these tests
(tests/data/geo/, made-up places), bad files refused whole, the index swapped only when complete."""
from __future__ import annotations

import hashlib
import json
import math
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from whimbrel.cli import app
from whimbrel.errors import GazetteerError
from whimbrel.geo.build import fingerprint
from whimbrel.geo.gazetteer import Gazetteer, build, gazetteer_dir, index_path, stored_fingerprint
from whimbrel.geo.userfiles import AnalystPlace, add_place, import_dumps, list_places, remove_place
from whimbrel.settings import Settings

DATA = Path(__file__).parent / "data" / "geo"
MITHAL = (35.3012, 40.0563)
DEIR_EZ_ZOR = (35.336, 40.141)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")


def small_index(settings: Settings) -> Path:
    """An index without the packaged data: builds in well under a second."""
    path = index_path(settings)
    build(path, gazetteer_dir(settings), packages=False)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- importing ----------------------------------------------------------------------------------

def test_import_adds_villages_spots_admin_names_and_alternate_names(settings):
    done = import_dumps(settings, [DATA / "SY.txt", DATA / "admin2Codes.txt",
                                   DATA / "alternateNamesV2.txt"], packages=False)
    assert [(d.kind, d.rows) for d in done] == [("geonames", 3), ("admin2", 1), ("alternate-names", 1)]
    gaz = Gazetteer(index_path(settings))
    village = gaz.lookup("Qaryat Mithal", "SY")[0]
    assert (village.feature, village.source, village.gid) == ("village", "geonames-dump", 9900001)
    assert km((village.lat, village.lon), MITHAL) < 0.1
    assert village.admin2 == "Mintaqat Mithal"  # its district, named by admin2Codes
    assert gaz.lookup("Karyet Methal")[0].gid == 9900001  # from alternateNamesV2
    assert gaz.lookup("Qaryet Mithal")[0].gid == 9900001  # from the dump's own alternate names
    assert gaz.lookup("Mithal camp")[0].feature == "other"  # a camp (class S, CMP) is kept
    assert gaz.lookup("Jabal Mithal", fuzzy=False) == []  # a mountain (class T) is not a place here
    assert gaz.lookup("https://example.org/Qaryat_Mithal", fuzzy=False) == []  # links are not names


def test_import_reads_zip_archives(settings, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(DATA / "SY.txt", "SY.txt")
        z.writestr("readme.txt", "GeoNames readme")
    import_dumps(settings, [archive], packages=False)
    assert Gazetteer(index_path(settings)).lookup("Qaryat Mithal")[0].gid == 9900001


def _truncated(tmp_path: Path) -> Path:
    data = (DATA / "SY.txt").read_bytes()
    bad = tmp_path / "SY.txt"
    bad.write_bytes(data[: data.index(b"Asia/Damascus", 300)])  # cut inside the second row
    return bad


def _bad_columns(tmp_path: Path) -> Path:
    bad = tmp_path / "allCountries.txt"
    bad.write_text("9900009\tNowhere\tNowhere\n", encoding="utf-8")
    return bad


def _not_utf8(tmp_path: Path) -> Path:
    bad = tmp_path / "XX.txt"
    bad.write_bytes((DATA / "SY.txt").read_bytes().replace(b"Qaryat", b"Q\xff\xfeyat"))
    return bad


def _bad_zip(tmp_path: Path) -> Path:
    bad = tmp_path / "SY.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.write(DATA / "SY.txt", "SY.txt")
    bad.write_bytes(bad.read_bytes()[:-30])  # a download cut short
    return bad


def _bad_number(tmp_path: Path) -> Path:
    bad = tmp_path / "SY.txt"
    bad.write_text((DATA / "SY.txt").read_text(encoding="utf-8").replace("35.3012", "north"),
                   encoding="utf-8")
    return bad


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nothing-here.txt"


@pytest.mark.parametrize("make, says", [
    (_truncated, "cut short"), (_bad_columns, "columns"), (_not_utf8, "UTF-8"),
    (_bad_zip, "zip"), (_bad_number, "not a number"), (_missing, "no such file")])
def test_a_bad_file_changes_nothing(settings, tmp_path, make, says):
    import_dumps(settings, [DATA / "admin2Codes.txt"], packages=False)
    index = index_path(settings)
    before = digest(index)
    kept = sorted(p.name for p in (gazetteer_dir(settings) / "geonames").iterdir())
    # The good file given with the bad one is not imported either: all or nothing.
    with pytest.raises(GazetteerError) as exc:
        import_dumps(settings, [DATA / "SY.txt", make(tmp_path)], packages=False)
    assert says in str(exc.value)
    assert digest(index) == before
    assert sorted(p.name for p in (gazetteer_dir(settings) / "geonames").iterdir()) == kept
    assert not list(index.parent.glob("*.tmp"))
    assert not [p for p in gazetteer_dir(settings).iterdir() if p.name.startswith(".import-")]
    assert Gazetteer(index).lookup("Qaryat Mithal", fuzzy=False) == []


# -- analysts' places ------------------------------------------------------------------------------

def test_analyst_places_add_list_remove(settings):
    add_place(settings, AnalystPlace("Tell Mithal", 35.31, 40.07, "SY", "Deir-ez-Zor",
                                     aliases=("Tal Mithal",), source="field team"))
    add_place(settings, AnalystPlace("Tell Mithal", 35.32, 40.08, "SY", "Deir-ez-Zor"))  # replaces
    add_place(settings, AnalystPlace("Kilo Mithal", 2.05, 45.3, "SO", "Banadir"))
    assert [(p.name, p.lat) for p in list_places(settings)] == [("Tell Mithal", 35.32),
                                                                ("Kilo Mithal", 2.05)]
    gaz = Gazetteer(small_index(settings))
    found = gaz.lookup("Tell Mithal")
    assert found[0].source == "analyst" and found[0].lat == pytest.approx(35.32)
    assert remove_place(settings, "tell mithal") == 1
    assert remove_place(settings, "Tell Mithal") == 0
    assert [p.name for p in list_places(settings)] == ["Kilo Mithal"]


@pytest.mark.parametrize("place, says", [
    (AnalystPlace("X", 95.0, 40.0, "SY", "Homs"), "coordinates"),
    (AnalystPlace("X", 35.0, 40.0, "S", "Homs"), "country"),
    (AnalystPlace("X", 35.0, 40.0, "SY", "Homs", feature="lake"), "feature"),
])
def test_analyst_place_checks(settings, place, says):
    with pytest.raises(GazetteerError, match=says):
        add_place(settings, place)


# -- end to end, through the CLI, with the packaged data ------------------------------------------

def test_import_end_to_end_village_found_only_through_the_import(tmp_path, shared):
    """`whimbrel gazetteer import`, then `whimbrel extract` places an event in a village that only
    the imported file knows; a corrupt file afterwards changes nothing."""
    del shared  # only for the skip when ../shared is absent (the CLI loads the real pipeline)
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(yaml.safe_dump({"cache_dir": str(tmp_path / "cache"),
                                             "data_dir": str(tmp_path / "data")}))
    report = tmp_path / "report.txt"
    report.write_text("On 3 May 2020, gunmen attacked a checkpoint in Qaryat Mithal village, "
                      "Deir ez-Zor, killing two soldiers.", encoding="utf-8")
    runner = CliRunner()
    # The packaged index is the same for every empty data folder: reuse the one the other tests
    # built in the default cache, when there is one, rather than build it again.
    default = index_path(Settings())
    if stored_fingerprint(default) == fingerprint([]):
        (tmp_path / "cache").mkdir()
        shutil.copy2(default, tmp_path / "cache" / default.name)

    def extract() -> dict:
        out = tmp_path / "events.jsonl"
        result = runner.invoke(app, ["extract", str(report), "--published", "2020-05-04", "-o",
                                     str(out), "--settings", str(settings_file)])
        assert result.exit_code == 0, result.output
        return json.loads(out.read_text().splitlines()[0])

    before = extract()  # builds the packaged index: the village is unknown
    assert before["location"] != "Qaryat Mithal"

    result = runner.invoke(app, ["gazetteer", "import", str(DATA / "SY.txt"),
                                 str(DATA / "alternateNamesV2.txt"), "--settings", str(settings_file)])
    assert result.exit_code == 0, result.output
    assert "3 geonames rows kept" in result.output

    event = extract()
    assert event["location"] == "Qaryat Mithal" and event["geo_precision"] == 1, event["notes"]
    assert km((event["latitude"], event["longitude"]), MITHAL) < 0.1
    assert (event["country"], event["iso3"]) == ("Syria", "SYR")
    assert event["admin1"] == "Deir-ez-Zor"  # the dump's admin1 code SY.07, ACLED's spelling

    index = tmp_path / "cache" / index_path(Settings()).name
    before_bad = digest(index)
    bad = _truncated(tmp_path)
    result = runner.invoke(app, ["gazetteer", "import", str(bad), "--settings", str(settings_file)])
    assert result.exit_code == 2 and "cut short" in result.output
    assert digest(index) == before_bad
    assert extract()["location"] == "Qaryat Mithal"


def test_places_cli(tmp_path):
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text(yaml.safe_dump({"cache_dir": str(tmp_path / "cache"),
                                             "data_dir": str(tmp_path / "data")}))
    runner = CliRunner()
    s = ["--settings", str(settings_file)]
    result = runner.invoke(app, ["places", "add", "Tell Mithal", "--lat", "35.31", "--lon", "40.07",
                                 "--country", "Syria", "--admin1", "Deir-ez-Zor", "--alias",
                                 "Tal Mithal", "--alias", "Tell Methal", *s])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["places", "list", *s])
    assert "Tell Mithal" in result.output and "SY" in result.output
    result = runner.invoke(app, ["places", "add", "X", "--lat", "135", "--lon", "40",
                                 "--country", "Syria", "--admin1", "Homs", *s])
    assert result.exit_code == 2 and "coordinates" in result.output
    result = runner.invoke(app, ["places", "add", "X", "--lat", "35", "--lon", "40",
                                 "--country", "Atlantis", "--admin1", "Homs", *s])
    assert result.exit_code == 2 and "Atlantis" in result.output
    assert runner.invoke(app, ["places", "remove", "Tell Mithal", *s]).exit_code == 0
    assert runner.invoke(app, ["places", "remove", "Tell Mithal", *s]).exit_code == 1


def test_older_index_versions_are_removed(tmp_path, monkeypatch):
    from whimbrel.geo import gazetteer as gz
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=tmp_path / "data")
    (tmp_path / "cache").mkdir()
    stale = tmp_path / "cache" / "gazetteer-v0.sqlite"
    stale.write_bytes(b"old")
    # A small build stands in for the packaged one: this test is about the cache folder only.
    monkeypatch.setattr(gz, "build", lambda path, extra_dir: build(path, extra_dir, packages=False))
    gaz = Gazetteer.open(settings)
    assert gaz.path.exists() and not stale.exists()
