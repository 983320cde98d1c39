"""Ingest: real inputs (tests/data/ingest/ and files written to tmp_path) -> Reports and Problems."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from whimbrel.errors import InputError, UnsupportedLanguageError
from whimbrel.ingest import read_inputs, report_from_html, report_from_text
from whimbrel.models import Problem, Report
from whimbrel.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "aawsat-deir-ezzor.txt"
SETTINGS = Settings()

ARTICLE_PARAGRAPHS = (
    "Fighters of the Northern Ridge Brigade clashed with government troops on the outskirts of Marren",
    "Residents of the eastern quarter said the fighting began shortly after dawn",
    "A spokesman for the regional command said the operation had been planned for weeks",
)
RESIDUE = ("Home", "About us", "Politics", "Share this", "Twitter", "Facebook", "Comments",
           "Quillon", "cousin", "Leave a Reply", "Trackbacks", "Pingbacks", "Weekly roundup",
           "Copyright", "By Lina")


def read(*paths, published=None, settings=SETTINGS, stdin=None) -> list[Report | Problem]:
    return list(read_inputs([str(p) for p in paths], published, settings, stdin=stdin))


def split(items):
    reports = [i for i in items if isinstance(i, Report)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(reports) + len(problems) == len(items)
    return reports, problems


def only_problem(items) -> Problem:
    assert len(items) == 1 and isinstance(items[0], Problem), items
    return items[0]


# --- plain text -------------------------------------------------------------------------------

def test_text_file_is_cleaned_and_keeps_paragraphs_as_lines():
    [report] = read(DATA / "report.txt")
    assert report.id == "report"
    assert report.origin.endswith("report.txt")
    assert report.published is None
    lines = report.text.split("\n")
    assert lines == [
        "Gunmen attacked a police checkpoint on the road between Tarrow and Kessin late on Monday, "
        "killing two officers and wounding a third, a district official said.",
        "The attackers fled towards the hills before reinforcements arrived. Police said they had "
        "opened an investigation.",
    ]  # hard wraps joined, runs of spaces folded, "Share this:" / Facebook / Twitter dropped


def test_trailing_page_residue_is_stripped_from_text():
    text = ("Militia fighters burned three houses in Kessin on Sunday.\n\nTrackbacks/Pingbacks\n"
            "Weekly roundup of regional news\n")
    report = report_from_text(text, "t1")
    assert report.text == "Militia fighters burned three houses in Kessin on Sunday."
    report = report_from_text("Militia fighters burned three houses in Kessin on Sunday.\n"
                              "3 Comments\nGreat reporting, thanks.\nRelated posts\n", "t2")
    assert report.text == "Militia fighters burned three houses in Kessin on Sunday."


def test_report_from_text_fields_and_errors():
    report = report_from_text("  Police arrested   five protesters in Tarrow.  ", "x1",
                              published=dt.date(2022, 1, 2), url="https://e.example/x1",
                              title="Arrests", outlet="E", origin="somewhere")
    assert (report.id, report.text, report.published, report.url, report.title, report.outlet,
            report.origin) == ("x1", "Police arrested five protesters in Tarrow.", dt.date(2022, 1, 2),
                               "https://e.example/x1", "Arrests", "E", "somewhere")
    with pytest.raises(InputError, match="empty"):
        report_from_text(" \n\t \n", "blank")
    with pytest.raises(InputError, match="binary"):
        report_from_text("abc\x00\x01\x02def", "bin")


def test_utf8_bom_and_utf16_files_are_read(tmp_path):
    text = "Soldiers shelled the village of Hatla on Tuesday evening.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16"))  # with its BOM
    reports, problems = split(read(tmp_path / "bom.txt", tmp_path / "wide.txt"))
    assert not problems
    assert [r.text for r in reports] == [text.strip()] * 2


# --- bad inputs: one Problem each, with the file name and a remedy ----------------------------

def test_missing_file(tmp_path):
    problem = only_problem(read(tmp_path / "nope.txt"))
    assert problem.origin == str(tmp_path / "nope.txt")
    assert "no such file" in problem.message


def test_empty_and_whitespace_only_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n\t \n")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "empty.html").write_text("\n")
    items = read(tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "empty.jsonl",
                 tmp_path / "empty.html")
    reports, problems = split(items)
    assert not reports and len(problems) == 4
    for problem, name in zip(problems, ("empty.txt", "blank.txt", "empty.jsonl", "empty.html")):
        assert problem.origin.endswith(name) and "empty" in problem.message


def test_binary_files(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "blob.jsonl").write_bytes(b"\x00\x01\x02\x03" * 100)
    problems = [only_problem(read(tmp_path / n)) for n in ("image.txt", "paper.txt", "blob.jsonl")]
    assert "binary" in problems[0].message and problems[0].origin.endswith("image.txt")
    assert "PDF" in problems[1].message and "pdftotext" in problems[1].message
    assert "binary" in problems[2].message


def test_non_utf8_file_is_refused_with_iconv_advice(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Clashes in the café district of Tarrow left two dead.".encode("cp1252"))
    problem = only_problem(read(path))
    assert problem.origin == str(path)
    assert "not UTF-8" in problem.message and "iconv -f WINDOWS-1252 -t UTF-8" in problem.message


def test_file_over_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: 11 MB of nothing on disk; read, it would look binary
        f.truncate(11 * 1024 * 1024)
    problem = only_problem(read(path))
    assert "10 MB" in problem.message and "WHIMBREL_MAX_REPORT_MEGABYTES" in problem.message
    assert "binary" not in problem.message

    small = SETTINGS.replace(max_report_megabytes=0.0001)  # ~100 bytes
    problem = only_problem(read(DATA / "report.txt", settings=small))
    assert "over the limit" in problem.message


def test_jsonl_size_limit_applies_per_line(tmp_path):
    path = tmp_path / "big.jsonl"
    short = {"id": "s", "text": "Rebels ambushed an army patrol near Marren."}
    long = {"id": "l", "text": "Rebels ambushed an army patrol near Marren. " * 200}
    path.write_text("\n".join(json.dumps(r) for r in (short, long, short | {"id": "t"})) + "\n")
    reports, problems = split(read(path, settings=SETTINGS.replace(max_report_megabytes=0.002)))
    assert [r.id for r in reports] == ["s", "t"]
    assert [p.origin for p in problems] == [f"line 2 of {path}"]
    assert "WHIMBREL_MAX_REPORT_MEGABYTES" in problems[0].message


def test_one_bad_file_does_not_stop_the_run(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
    reports, problems = split(read(tmp_path / "bad.txt", DATA / "report.txt", tmp_path / "gone.txt"))
    assert [r.id for r in reports] == ["report"]
    assert [Path(p.origin).name for p in problems] == ["bad.txt", "gone.txt"]


# --- JSONL, JSON, CSV -------------------------------------------------------------------------

def test_jsonl_good_lines_read_bad_lines_named():
    path = DATA / "reports.jsonl"
    reports, problems = split(read(path))
    good = reports[0]
    assert (good.id, good.published, good.url, good.title, good.outlet) == (
        "r-good", dt.date(2022, 6, 10), "https://example.org/r-good", "Protest in Tarrow", "Example Wire")
    assert good.text.startswith("Protesters gathered outside the governor's office in Tarrow")
    assert good.origin == f"line 1 of {path}"
    # no id: file stem + line number; an ISO datetime gives its date
    assert (reports[1].id, reports[1].published) == ("reports-5", dt.date(2022, 6, 8))
    assert len(reports) == 2

    by_line = {p.origin: p.message for p in problems}
    assert set(by_line) == {f"line {n} of {path}" for n in (2, 3, 6)}  # blank line 4 is skipped
    assert "not valid JSON" in by_line[f"line 2 of {path}"]
    assert "'next Tuesday'" in by_line[f"line 3 of {path}"] and "YYYY-MM-DD" in by_line[f"line 3 of {path}"]
    assert "no `text` or `html`" in by_line[f"line 6 of {path}"]


def test_published_override_applies_to_every_report():
    day = dt.date(2021, 12, 31)
    reports, problems = split(read(DATA / "reports.jsonl", DATA / "report.txt", published=day))
    assert {r.published for r in reports} == {day}
    # the line whose own date is unreadable is read too: the override replaces that date
    assert "r-baddate" in {r.id for r in reports}
    assert len(problems) == 2


def test_jsonl_line_with_html(tmp_path):
    html = (DATA / "article.html").read_text()
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": html, "outlet": "Courier Wire"}) + "\n")
    [report] = read(path)
    assert report.id == "p1" and report.outlet == "Courier Wire"
    assert report.title == "Clashes near Marren leave six fighters dead"
    assert report.published == dt.date(2023, 3, 14)
    assert ARTICLE_PARAGRAPHS[0] in report.text and "Trackbacks" not in report.text


def test_json_file_with_a_list_of_reports(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([
        {"id": "j1", "text": "A car bomb exploded outside the customs office in Kessin.", "published": "2022-02-03"},
        {"id": "j2"},
    ], indent=2))
    reports, problems = split(read(path))
    assert [(r.id, r.published) for r in reports] == [("j1", dt.date(2022, 2, 3))]
    assert [p.origin for p in problems] == [f"item 2 of {path}"]


def test_csv_acled_style_export():
    path = DATA / "reports.csv"
    reports, problems = split(read(path))
    assert [(r.id, r.published) for r in reports] == [
        ("XYZ101", dt.date(2022, 6, 10)), ("XYZ102", dt.date(2022, 6, 11))]
    assert reports[1].text == "On 11 June 2022, gunmen killed two farmers near Kessin."
    [problem] = problems
    assert problem.origin == f"row 4 of {path}" and "'someday'" in problem.message


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("id,value\n1,2\n")
    problem = only_problem(read(path))
    assert "`notes` or `text` column" in problem.message and "id, value" in problem.message


# --- HTML -------------------------------------------------------------------------------------

def test_html_article_text_and_metadata_without_page_residue():
    [report] = read(DATA / "article.html")
    assert report.id == "article"
    assert report.title == "Clashes near Marren leave six fighters dead"
    assert report.published == dt.date(2023, 3, 14)
    assert report.outlet == "The Valley Courier"
    assert report.url == "https://valleycourier.example/2023/03/14/clashes-near-marren"
    lines = report.text.split("\n")
    assert len(lines) == 3
    for line, start in zip(lines, ARTICLE_PARAGRAPHS):
        assert line.startswith(start)
    for residue in RESIDUE:
        assert residue not in report.text, residue


def test_html_residue_inside_the_article_body_is_still_dropped():
    html = (DATA / "article.html").read_text()
    sloppy = html.replace(
        "</p>\n      </div>",
        "</p>\n<p>Share this:</p><p>Twitter</p><p>Facebook</p><h3>3 Comments</h3>"
        "<p>Quillon Ferrade says: the depot road has been shut again.</p>"
        "<p>Trackbacks/Pingbacks</p><p>Weekly roundup of regional security news</p>\n      </div>", 1)
    assert sloppy != html
    report = report_from_html(sloppy, "sloppy", url="https://given.example/a")
    assert report.url == "https://given.example/a"  # a URL the caller gives wins over the page's
    assert report.text.split("\n")[-1].endswith("The brigade did not respond to requests for comment.")
    for residue in RESIDUE:
        assert residue not in report.text, residue


def test_html_page_without_article():
    problem = only_problem(read(DATA / "no_article.html"))
    assert problem.origin.endswith("no_article.html")
    assert "no article text found in the page" in problem.message
    with pytest.raises(InputError, match="no article text found in the page"):
        report_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty-page")


# --- feeds ------------------------------------------------------------------------------------

def test_rss_feed_items():
    path = DATA / "feed.rss"
    reports, problems = split(read(path))
    [report] = reports
    assert (report.id, report.title, report.url, report.outlet, report.published) == (
        "wire-20220612-1", "Shelling hits Marren market", "https://wire.example/2022/06/12/marren-market",
        "Example Wire", dt.date(2022, 6, 12))
    assert report.text.split("\n") == [
        "Artillery shells struck the central market in Marren on Saturday, killing three traders, local medics said.",
        "The army blamed the Northern Ridge Brigade for the attack."]
    [problem] = problems  # the French item is refused, the English one still read
    assert problem.origin == f"item 2 of {path}" and "French" in problem.message


def test_atom_feed_entry():
    [report] = read(DATA / "feed.atom")
    assert (report.id, report.url, report.outlet, report.published) == (
        "urn:example:courier:42", "https://courier.example/tarrow-curfew", "Courier Atom", dt.date(2022, 6, 13))
    assert report.text.startswith("Authorities imposed a night curfew in Tarrow")


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text("<config><a>1</a></config>")
    assert "not an RSS or Atom feed" in only_problem(read(path)).message


# --- directories and stdin --------------------------------------------------------------------

def test_directory_is_read_recursively_skipping_hidden_and_unknown_files():
    reports, problems = split(read(DATA / "corpus"))
    assert not problems
    assert [r.id for r in reports] == ["a", "b"]  # not .secret.txt, .hidden/c.txt, notes.docx.bak
    assert reports[1].title == "Clashes near Marren leave six fighters dead"


def test_directory_without_readable_files(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".notes.txt").write_text("hidden")
    problem = only_problem(read(tmp_path))
    assert problem.origin == str(tmp_path) and "no readable files" in problem.message


def test_stdin_plain_text():
    [report] = read("-", stdin=io.StringIO("Two soldiers were killed in an ambush near Kessin.\n"))
    assert (report.id, report.origin, report.text) == (
        "stdin", "stdin", "Two soldiers were killed in an ambush near Kessin.")


def test_stdin_jsonl_is_detected_and_streamed():
    lines = [json.dumps({"id": "s1", "text": "Protesters blocked the Marren bridge.", "published": "2022-05-01"}),
             "{not json",
             json.dumps({"id": "s2", "text": "Police dispersed the protesters with tear gas."})]
    reports, problems = split(read("-", stdin=io.StringIO("\n".join(lines) + "\n")))
    assert [r.id for r in reports] == ["s1", "s2"]
    assert reports[0].published == dt.date(2022, 5, 1)
    assert [p.origin for p in problems] == ["line 2 of stdin"]


def test_stdin_html_and_binary_stream():
    html = (DATA / "article.html").read_text()
    [report] = read("-", stdin=io.StringIO(html))
    assert report.title == "Clashes near Marren leave six fighters dead" and "Trackbacks" not in report.text
    # a real stdin has a byte buffer underneath: the same UTF-8 checks as files apply
    stream = io.TextIOWrapper(io.BytesIO("Gunfire in the café district.".encode("cp1252")))
    assert "not UTF-8" in only_problem(read("-", stdin=stream)).message


def test_file_without_known_extension_is_sniffed(tmp_path):
    (tmp_path / "REPORT").write_text((DATA / "article.html").read_text())
    [report] = read(tmp_path / "REPORT")
    assert report.id == "REPORT" and report.outlet == "The Valley Courier"


# --- language ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, language", [("arabic.txt", "Arabic"), ("french.txt", "French")])
def test_non_english_reports_are_refused(name, language):
    problem = only_problem(read(DATA / name))
    assert problem.origin.endswith(name)
    assert language in problem.message and "Whimbrel reads English reports only" in problem.message
    with pytest.raises(UnsupportedLanguageError):
        report_from_text((DATA / name).read_text(), name)


@pytest.mark.parametrize("text, language", [
    ("Die Soldaten wurden in der Stadt getötet und das Dorf wurde von den Truppen zerstört.", "German"),
    ("Los enfrentamientos entre el ejército y los rebeldes dejaron diez muertos en la ciudad.", "Spanish"),
    ("Столкновения в городе продолжались всю ночь, сообщили местные власти.", "Cyrillic"),
    ("武装分子周二袭击了该镇的警察局。", "Chinese"),
])
def test_other_languages_are_named(text, language):
    with pytest.raises(UnsupportedLanguageError, match=language):
        report_from_text(text, "x")


def test_english_with_foreign_place_names_passes():
    [report] = read(DATA / "english_names.txt")
    assert "Deir ez-Zor" in report.text
    for text in ("Clashes in El Fasher.", "Al Shabaab attacks police post in El Wak",
                 "On 5 May, in Ciudad de Mexico, two armed men attacked a man in Colonia Olivar de los Padres."):
        assert report_from_text(text, "n").text == text


def test_min_english_share_setting_is_used():
    text = (DATA / "french.txt").read_text()
    assert report_from_text(text, "fr", settings=SETTINGS.replace(min_english_share=0.0)).text


# --- the seed article, when the shared data is there -----------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not present")
def test_seed_article_loses_its_trackbacks_line():
    [report] = read(SEED)
    assert report.id == "aawsat-deir-ezzor"
    assert "Trackbacks" not in report.text
    assert report.text.startswith("Beirut, Asharq Al-Awsat")
