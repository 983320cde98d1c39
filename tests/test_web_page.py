"""The map page in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright, against `whimbrel serve` running on a free port of 127.0.0.1.

The page loads the seed article's events, the map shows them, a filter and the timeline narrow
them, the event panel highlights the evidence in the report text, an analyst corrects a field, and
a report full of script payloads renders as inert text. A screenshot of the page with the seed
article's events is written to tests/artifacts/whimbrel-map.png (and copied to /tmp/whimbrel-map.png).

Without /usr/bin/chromium these tests are skipped locally (install it with `bash .ci/install-browser`)
and FAIL in CI (CI=true), so CI cannot pass without running them.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import httpx
import pytest

from test_service_helpers import Server, seed_template  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
# Chromium must not reach for the network (there is none here): no updates, sync or first-run calls.
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOT = ARTIFACTS / "whimbrel-map.png"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"CI is set but {CHROMIUM} is missing: the browser tests must run in CI. "
                        "Run `bash .ci/install-browser` before the tests (as .ci/run should)")
        pytest.skip(f"{CHROMIUM} is missing; install it with `bash .ci/install-browser` to run the browser tests")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.dialogs = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()
    pg.on("dialog", dialog)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory, seed_template):
    db = tmp_path_factory.mktemp("web") / "seed.db"
    shutil.copy(seed_template, db)
    server = Server(db)
    yield server
    server.stop()


def open_page(page, server) -> None:
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.wait_for_function("() => window.whimbrel.loading === 0")
    page.wait_for_timeout(400)  # the map's first move (fitting the events) reloads the timeline
    page.wait_for_function("() => window.whimbrel.loading === 0")


def api_events(server, **params) -> dict:
    return httpx.get(server.url + "api/events", params={"limit": 1000, "total": "true", **params}, timeout=10).json()


# -- the seed article ----------------------------------------------------------------------------
def test_page_loads_the_seed_articles_events_and_the_map_shows_them(page, seed_server, capsys):
    assert f"map:  {seed_server.url}" in seed_server.log.read_text()  # `whimbrel serve` prints the page's address
    open_page(page, seed_server)
    expected = api_events(seed_server)
    assert expected["total"] >= 5
    assert page.evaluate("window.whimbrel.total") == expected["total"]
    assert page.locator("#list li").count() == expected["total"]
    located = [e for e in expected["events"] if e["latitude"] is not None]
    assert located and page.evaluate("window.whimbrel.map.markerCount()") == len(located)
    # the map draws them: circles, or clusters where they are dense
    page.wait_for_selector(".wb-cluster, path.leaflet-interactive", timeout=10_000)
    assert page.locator(".wb-cluster, path.leaflet-interactive").count() >= 1
    text = page.locator("#list").inner_text()
    assert "Huwayja Saqer" in text and "Hatla" in text
    assert page.locator("#timeline rect.bar").count() >= 1
    assert page.locator("#status").inner_text().startswith(f"{expected['total']} events")
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)  # let the base layer and clusters settle
    page.screenshot(path=str(SCREENSHOT))
    try:
        shutil.copy(SCREENSHOT, "/tmp/whimbrel-map.png")
    except OSError:
        pass
    with capsys.disabled():
        print(f"\nscreenshot of the map page with the seed article's events: {SCREENSHOT} (and /tmp/whimbrel-map.png)")


def test_a_filter_narrows_the_events(page, seed_server):
    open_page(page, seed_server)
    everything = page.evaluate("window.whimbrel.total")
    page.select_option("[data-testid=event_type]", "Battles")
    page.click("[data-testid=apply]")
    page.wait_for_function(f"() => window.whimbrel.loading === 0 && window.whimbrel.total < {everything}")
    types = page.evaluate("window.whimbrel.events.map(e => e.event_type)")
    assert types and set(types) == {"Battles"}
    assert page.locator("#list li").count() == len(types) == api_events(seed_server, event_type="Battles")["total"]
    assert page.evaluate("window.whimbrel.map.markerCount()") <= len(types)
    # text search and a place filter narrow further
    page.fill("[data-testid=q]", "hatla")
    page.select_option("[data-testid=event_type]", "")
    page.click("[data-testid=apply]")
    page.wait_for_function("() => window.whimbrel.loading === 0 && window.whimbrel.events.every(e => e.location === 'Hatla')")
    assert 0 < page.evaluate("window.whimbrel.total") < everything
    page.click("#reset-filters")
    page.wait_for_function(f"() => window.whimbrel.loading === 0 && window.whimbrel.total === {everything}")


def test_dragging_across_the_timeline_chooses_dates(page, seed_server):
    open_page(page, seed_server)
    everything = page.evaluate("window.whimbrel.total")
    bars = page.locator("#timeline rect.bar")
    assert bars.count() >= 2
    first = bars.first.bounding_box()
    # drag over the first bar only: its day becomes the date range
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] - 2)
    page.mouse.down()
    page.mouse.move(first["x"] + first["width"] - 1, first["y"] + first["height"] - 2, steps=4)
    page.mouse.up()
    page.wait_for_function("() => document.querySelector('[data-testid=since]').value !== ''")
    page.wait_for_function("() => window.whimbrel.loading === 0")
    since = page.input_value("[data-testid=since]")
    until = page.input_value("[data-testid=until]")
    assert since and until and since <= until
    assert page.evaluate("window.whimbrel.total") == api_events(seed_server, since=since, until=until)["total"] < everything


def test_event_panel_shows_fields_sources_and_highlighted_evidence(page, seed_server):
    open_page(page, seed_server)
    target = next(e for e in api_events(seed_server)["events"] if e["location"] == "Huwayja Saqer" and e["fatalities"] == 10)
    page.click(f"#list li[data-event-id='{target['event_id']}']")
    page.wait_for_selector("[data-testid=report-text] mark", timeout=10_000)
    panel = page.locator("[data-testid=panel]")
    assert panel.locator("td[data-field=fatalities]").inner_text() == "10"
    assert panel.locator("td[data-field=location]").inner_text() == "Huwayja Saqer"
    assert panel.locator("[data-testid=source]").count() == 1
    marks = page.locator("[data-testid=report-text] mark").all_inner_texts()
    assert any("five ISIS fighters and five government soldiers" in m for m in marks)
    report_text = page.locator("[data-testid=report-text]").inner_text()
    assert all(m in report_text for m in marks)
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-testid=report-text] mark").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "whimbrel-panel.png"))
    try:
        shutil.copy(ARTIFACTS / "whimbrel-panel.png", "/tmp/whimbrel-panel.png")
    except OSError:
        pass


def test_an_analyst_with_a_token_corrects_a_field_in_the_panel(page, tmp_path, seed_template):
    from whimbrel.api import TokenStore
    from whimbrel.store import EventStore
    db = tmp_path / "store.db"
    shutil.copy(seed_template, db)
    with EventStore.open(str(db)) as store:
        token = TokenStore(store.engine).create("dana")
    server = Server(db)
    try:
        open_page(page, server)
        target = next(e for e in api_events(server)["events"] if e["location"] == "Hatla")
        # without a token the panel is read-only
        page.click(f"#list li[data-event-id='{target['event_id']}']")
        page.wait_for_selector("[data-testid=fields]")
        assert page.locator("[data-testid=correct-form]").count() == 0
        page.click("#token-button")
        page.fill("[data-testid=token]", token)
        page.press("[data-testid=token]", "Enter")
        page.wait_for_selector("[data-testid=correct-form]", timeout=10_000)
        assert "dana" in page.locator("[data-testid=who]").inner_text()
        page.fill("[data-testid=correct-form] input[name=fatalities]", "4")
        page.fill("[data-testid=correct-form] input[name=note]", "hospital figures")
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=panel-message].ok", timeout=10_000)
        detail = httpx.get(server.url + f"api/events/{target['event_id']}").json()
        assert detail["event"]["fatalities"] == 4
        assert [(c["field"], c["who"], c["note"]) for c in detail["corrections"]] == [("fatalities", "dana", "hospital figures")]
        # a refused value shows the service's message and changes nothing
        page.fill("[data-testid=correct-form] input[name=latitude]", "123")
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=panel-message].error", timeout=10_000)
        assert "latitude" in page.locator("[data-testid=panel-message]").inner_text()
        assert httpx.get(server.url + f"api/events/{target['event_id']}").json()["event"]["latitude"] == target["latitude"]
    finally:
        server.stop()


# -- script in a report --------------------------------------------------------------------------
PAYLOADS = ['<script>window.__xss = "script"; alert("script")</script>',
            '<img src=x onerror="window.__xss = \'img\'; alert(\'img\')">',
            '<svg onload="window.__xss = \'svg\'">', '<b onmouseover=alert(1)>bold</b>',
            '"><iframe src="javascript:alert(2)"></iframe>']


def xss_store(db: Path) -> None:
    """A report whose text, title, outlet, URL and event fields carry script payloads."""
    from whimbrel.models import Event, Evidence, Report
    from whimbrel.store import EventStore
    first = f"Gunmen killed three villagers in Kaduna on Monday {PAYLOADS[0]}, police said."
    second = f"Residents said the attackers {PAYLOADS[1]} fled {PAYLOADS[3]} into the forest {PAYLOADS[2]}."
    text = f"{first}\n{second}\nThe army said {PAYLOADS[4]} it was investigating."
    report = Report(id="xss-report", text=text, published=dt.date(2024, 5, 8), url="javascript:alert('url')",
                    title=f"Kaduna attack {PAYLOADS[2]}", outlet=PAYLOADS[1], origin="xss")
    evidence = [Evidence(first, text.index(first), text.index(first) + len(first)),
                Evidence(second, text.index(second), text.index(second) + len(second))]
    event = Event(article_id="xss-report", event_id="xss-event", event_date="2024-05-06", time_precision=1,
                  event_type="Violence against civilians", sub_event_type="Attack",
                  actor1=f"Unidentified Armed Group {PAYLOADS[1]}", inter1=3, actor2="Civilians (Nigeria)", inter2=7,
                  country="Nigeria", iso3="NGA", admin1="Kaduna", location=f"Kaduna {PAYLOADS[0]}",
                  latitude=10.52, longitude=7.44, geo_precision=1, fatalities=3, source=PAYLOADS[4],
                  notes=f"Attack {PAYLOADS[2]} {PAYLOADS[3]}", confidence=0.8, evidence=evidence)
    with EventStore.open(str(db)) as store:
        assert store.add_reports([(report, [event])], "test").events == 1


def test_a_report_with_script_payloads_renders_inertly(page, tmp_path):
    db = tmp_path / "xss.db"
    xss_store(db)
    server = Server(db)
    try:
        open_page(page, server)
        (item,) = page.locator("#list li").all()
        assert "<script>" in item.inner_text()  # shown as the text it is
        item.click()
        page.wait_for_selector("[data-testid=report-text] mark", timeout=10_000)
        page.hover("path.leaflet-interactive, .wb-cluster")  # the marker's tooltip holds payloads too
        page.wait_for_timeout(800)  # time for an injected image's onerror or an svg's onload to fire
        assert page.evaluate("window.__xss") is None
        assert page.dialogs == []
        assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onmouseover],iframe,svg script').length") == 0
        assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
        scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["/static/vendor/leaflet.js", "/static/vendor/leaflet.markercluster.js", "/static/js/main.js"]
        assert page.evaluate("document.querySelectorAll('a[href^=javascript]').length") == 0
        report_text = page.locator("[data-testid=report-text]").inner_text()
        for p in PAYLOADS:
            assert p in report_text
        marks = page.locator("[data-testid=report-text] mark").all_inner_texts()
        assert any(PAYLOADS[0] in m for m in marks) and any(PAYLOADS[1] in m for m in marks)
        panel = page.locator("[data-testid=panel]").inner_text()
        assert PAYLOADS[1] in panel and "javascript:alert('url')" in panel
        assert page.errors == []
    finally:
        server.stop()


def test_unreachable_tiles_leave_the_offline_base_layer(page, tmp_path, seed_template):
    db = tmp_path / "store.db"
    shutil.copy(seed_template, db)
    # nothing listens on port 1 of the loopback: every tile fails at once, as with no network
    server = Server(db, "--tiles", "http://127.0.0.1:1/{z}/{x}/{y}.png")
    try:
        open_page(page, server)
        assert page.evaluate("(async () => (await (await fetch('/api/config')).json()).map_tiles)()").startswith("http://127.0.0.1:1/")
        page.wait_for_function("() => document.querySelectorAll('.leaflet-tile-pane .leaflet-layer').length === 0",
                               timeout=15_000)
        assert page.locator(".leaflet-base-pane path").count() > 100  # the bundled countries are drawn
        assert page.evaluate("window.whimbrel.map.markerCount()") > 0
    finally:
        server.stop()


def test_a_token_only_deployment_asks_for_the_token_first(page, tmp_path, seed_template):
    from whimbrel.api import TokenStore
    from whimbrel.store import EventStore
    db = tmp_path / "store.db"
    shutil.copy(seed_template, db)
    with EventStore.open(str(db)) as store:
        token = TokenStore(store.engine).create("erin")
    server = Server(db, "--read-access", "token")
    try:
        page.goto(server.url)
        page.wait_for_selector("[data-testid=token]", state="visible", timeout=30_000)
        assert "needs an API token" in page.locator("#status").inner_text()
        assert page.locator("#list li").count() == 0
        assert httpx.get(server.url + "api/events").status_code == 401
        page.fill("[data-testid=token]", token)
        page.press("[data-testid=token]", "Enter")
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert page.locator("#list li").count() > 0 and "erin" in page.locator("[data-testid=who]").inner_text()
    finally:
        server.stop()
