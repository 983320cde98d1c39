"""The REST API's write side, in-process over a real SQLite file: tokens, corrections (kept with who
and when, surviving re-extraction), merge and split, submissions as background jobs (text, HTML and
URLs fetched through a mock transport), and refusals that change nothing."""
from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from test_service_helpers import seed_db, seed_template  # noqa: F401  (fixtures)
from test_store_helpers import pipeline

PAGES = {
    "https://news.example.org/kaduna": (200, "text/html", "<html><head><title>Attack in Kaduna</title></head><body>"
                                        "<nav>Home | World</nav><article><h1>Attack in Kaduna</h1><p>Gunmen killed "
                                        "three villagers in Kaduna on Monday, police said.</p><p>The attackers fled "
                                        "into the forest, residents said.</p></article></body></html>"),
    "https://news.example.org/gone": (404, "text/html", "not here"),
    "https://news.example.org/picture.jpg": (200, "image/jpeg", "\xff\xd8"),
}


def mock_transport(request: httpx.Request) -> httpx.Response:
    url = str(request.url)
    if "unreachable" in url:
        raise httpx.ConnectError("connection refused", request=request)
    status, kind, body = PAGES.get(url, (404, "text/html", ""))
    return httpx.Response(status, headers={"content-type": kind}, text=body)


def make_client(db, **settings):
    from whimbrel.api import create_app
    from whimbrel.settings import Settings
    from whimbrel.store import EventStore
    store = EventStore.open(str(db))
    app = create_app(store, Settings(**settings), extractor=lambda: pipeline().run,
                     http_client=httpx.Client(transport=httpx.MockTransport(mock_transport)))
    return store, app


@pytest.fixture
def client(seed_db):
    from whimbrel.api import TokenStore
    store, app = make_client(seed_db)
    with TestClient(app) as c:
        c.store = store
        c.token = TokenStore(store.engine).create("alice")
        c.bearer = {"Authorization": f"Bearer {c.token}"}
        yield c
    store.close()


def some_event(client, **match):
    for e in client.get("/api/events").json()["events"]:
        if all(e[k] == v for k, v in match.items()):
            return e
    raise AssertionError(f"no event with {match}")


def snapshot(client):
    return client.get("/api/export?format=jsonl").text, client.store.counts()


# -- refusals ------------------------------------------------------------------------------------
WRITES = [("patch", "/api/events/{id}", {"fatalities": 99}), ("post", "/api/events/merge", {"event_ids": ["{id}", "{other}"]}),
          ("post", "/api/events/{id}/split", {}), ("post", "/api/reports", {"reports": [{"text": "Gunmen killed two."}]})]


@pytest.mark.parametrize("method, path, body", WRITES)
@pytest.mark.parametrize("header", [None, "Bearer wbt_not-a-real-token", "Bearer ", "Basic YWxpY2U6eA=="])
def test_writes_without_a_valid_token_are_refused_and_change_nothing(client, method, path, body, header):
    events = client.get("/api/events").json()["events"]
    ids = {"id": events[0]["event_id"], "other": events[1]["event_id"]}
    before = snapshot(client)
    fill = lambda v: v.format(**ids) if isinstance(v, str) else [fill(x) for x in v] if isinstance(v, list) else v
    r = getattr(client, method)(path.format(**ids), json={k: fill(v) for k, v in body.items()},
                                headers={"Authorization": header} if header else {})
    assert r.status_code == 401, r.text
    assert r.json()["error"] == "unauthorized" and "token" in r.json()["message"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert snapshot(client) == before
    assert client.get("/api/jobs").json() == []


def test_a_revoked_token_is_refused(client):
    from whimbrel.api import TokenStore
    assert client.get("/api/whoami", headers=client.bearer).json() == {"name": "alice"}
    TokenStore(client.store.engine).revoke("alice")
    assert client.get("/api/whoami", headers=client.bearer).status_code == 401


def test_tokens_are_stored_hashed(client):
    from sqlalchemy import text
    with client.store.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
    assert stored and client.token not in stored and all(len(h) == 64 for h in stored)


def test_token_only_reads(seed_db):
    from whimbrel.api import TokenStore
    store, app = make_client(seed_db, read_access="token")
    token = TokenStore(store.engine).create("team-a")
    with TestClient(app) as c:
        for url in ("/api/events", "/api/stats", "/api/reports", "/api/export"):
            assert c.get(url).status_code == 401, url
            assert c.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 200, url
        assert c.get("/").status_code == 200  # the page itself loads, learns that it needs a token, asks for it
        assert c.get("/api/config").json()["read_access"] == "token"
    store.close()


def test_unknown_read_access_setting_is_refused(seed_db):
    from whimbrel.errors import SettingsError
    with pytest.raises(SettingsError, match="public or token"):
        make_client(seed_db, read_access="everyone")


# -- corrections, merge, split -------------------------------------------------------------------
def test_corrections_are_kept_with_who_and_when_and_survive_reextraction(client):
    e = some_event(client, location="Hatla", sub_event_type="Arrests") if any(
        x["sub_event_type"] == "Arrests" for x in client.get("/api/events").json()["events"]) else \
        some_event(client, location="Hatla")
    r = client.patch(f"/api/events/{e['event_id']}", headers=client.bearer,
                     json={"fatalities": 2, "location": "Hatla (east)", "note": "local source"})
    assert r.status_code == 200, r.text
    assert r.json()["fatalities"] == 2 and set(r.json()["corrected"]) >= {"fatalities", "location"}
    d = client.get(f"/api/events/{e['event_id']}").json()
    assert {(c["field"], c["who"], c["note"]) for c in d["corrections"]} == {
        ("fatalities", "alice", "local source"), ("location", "alice", "local source")}
    assert all(c["at"] for c in d["corrections"])
    # the stored report is extracted again: the correction is applied on top of the new extraction
    client.store.reextract(pipeline().run, "test-2", force=True)
    after = client.get(f"/api/events/{e['event_id']}").json()["event"]
    assert after["fatalities"] == 2 and after["location"] == "Hatla (east)"
    # null withdraws a correction
    r = client.patch(f"/api/events/{e['event_id']}", headers=client.bearer, json={"location": None})
    assert r.json()["location"] == e["location"]


def test_a_bad_correction_is_refused_whole(client):
    e = some_event(client, location="Hatla")
    before = snapshot(client)
    for body, says in [({"fatalities": 5, "sub_event_type": "Picnic"}, "sub-event type"),
                       ({"fatalities": -1}, "fatalities"), ({"colour": "red"}, "colour"),
                       ({"event_date": "yesterday"}, "YYYY-MM-DD"), ({}, "at least one field")]:
        r = client.patch(f"/api/events/{e['event_id']}", headers=client.bearer, json=body)
        assert r.status_code == 422 and says in r.json()["message"], (body, r.text)
    assert snapshot(client) == before
    r = client.patch("/api/events/ffffffffffffffff", headers=client.bearer, json={"fatalities": 1})
    assert r.status_code == 404


def test_merge_and_split(client):
    a = some_event(client, location="Hatla")
    b = some_event(client, admin1="Homs")
    n = client.get("/api/events?total=true").json()["total"]
    r = client.post("/api/events/merge", headers=client.bearer, json={"event_ids": [a["event_id"], b["event_id"]],
                                                                      "note": "same event"})
    assert r.status_code == 200, r.text
    assert r.json()["event_id"] == a["event_id"] and r.json()["event"]["report_ids"] == a["report_ids"]
    assert client.get("/api/events?total=true").json()["total"] == n - 1
    gone = client.get(f"/api/events/{b['event_id']}")
    assert gone.status_code == 404 and a["event_id"] in gone.json()["message"]
    history = client.get(f"/api/events/{a['event_id']}").json()["history"]
    assert any(h["action"] == "merge" and h["who"] == "alice" for h in history)
    r = client.post(f"/api/events/{a['event_id']}/split", headers=client.bearer, json={"note": "not the same"})
    assert r.status_code == 200 and len(r.json()["event_ids"]) == 2
    assert client.get("/api/events?total=true").json()["total"] == n
    r = client.post(f"/api/events/{a['event_id']}/split", headers=client.bearer, json={})
    assert r.status_code == 409 and "nothing to split" in r.json()["message"]
    r = client.post("/api/events/merge", headers=client.bearer, json={"event_ids": [a["event_id"], a["event_id"]]})
    assert r.status_code == 422


# -- submissions ---------------------------------------------------------------------------------
def wait(client, job_id):
    job = client.app.state.whimbrel.jobs.wait(job_id, timeout=120)
    return client.get(f"/api/jobs/{job.id}").json()


def test_submitted_reports_become_a_job_that_stores_their_events(client):
    body = {"published": "2024-06-27",
            "reports": [{"id": "nairobi", "text": "Protesters gathered outside parliament in Nairobi on Tuesday to "
                         "denounce new taxes. Police fired tear gas to disperse them and arrested 12 demonstrators, "
                         "witnesses said.", "outlet": "Daily Test"},
                        {"html": "<html><body><article><p>Gunmen killed two farmers near Jos on Monday, "
                                 "residents said.</p></article></body></html>", "url": "https://x.example/jos"},
                        {"text": "   "}],
            "urls": ["https://news.example.org/kaduna", "https://news.example.org/gone",
                     "https://unreachable.example.org/a", "https://news.example.org/picture.jpg"]}
    r = client.post("/api/reports", headers=client.bearer, json=body)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    assert r.json()["total"] == 7 and r.json()["submitted_by"] == "alice"
    job = wait(client, r.json()["id"])
    assert job["status"] == "done" and job["done"] == job["total"] == 7 and job["progress"] == 1.0
    assert job["stored"] == 3 and job["events"] >= 3 and job["event_ids"]
    errors = {e["item"]: e["message"] for e in job["errors"]}
    assert set(errors) == {"report 1", "https://news.example.org/gone", "https://unreachable.example.org/a",
                           "https://news.example.org/picture.jpg"}
    assert "404" in errors["https://news.example.org/gone"]
    assert "could not fetch" in errors["https://unreachable.example.org/a"]
    assert "image/jpeg" in errors["https://news.example.org/picture.jpg"]
    assert "empty" in errors["report 1"]
    kaduna = client.get("/api/events", params={"q": "kaduna"}).json()["events"]
    assert kaduna and kaduna[0]["fatalities"] == 3
    for eid in job["event_ids"]:
        assert client.get(f"/api/events/{eid}").status_code == 200
    # the same reports again: already stored, nothing new
    again = wait(client, client.post("/api/reports", headers=client.bearer, json=body).json()["id"])
    assert again["stored"] == 0 and again["skipped"] == 3
    assert [j["id"] for j in client.get("/api/jobs").json()] == [again["id"], job["id"]]


@pytest.mark.parametrize("body, says", [
    ({}, "at least one report"),
    ({"reports": [{"text": "a", "html": "<p>a</p>"}]}, "exactly one of"),
    ({"reports": [{"title": "no body"}]}, "exactly one of"),
    ({"urls": ["ftp://x.org/a"]}, "http(s)"),
    ({"urls": ["https://x.org"], "extra": 1}, "extra"),
])
def test_bad_submissions_are_refused_with_a_message(client, body, says):
    r = client.post("/api/reports", headers=client.bearer, json=body)
    assert r.status_code == 422 and says in r.json()["message"], r.text
    assert client.get("/api/jobs").json() == []


def test_a_failing_extractor_fails_the_job_not_the_server(seed_db):
    from whimbrel.api import TokenStore, create_app
    from whimbrel.store import EventStore
    store = EventStore.open(str(seed_db))

    def broken(batch):
        raise RuntimeError("model exploded")

    with TestClient(create_app(store, extractor=lambda: broken)) as c:
        token = TokenStore(store.engine).create("bob")
        r = c.post("/api/reports", headers={"Authorization": f"Bearer {token}"},
                   json={"reports": [{"text": "Gunmen killed two farmers near Jos on Monday."}]})
        job = c.app.state.whimbrel.jobs.wait(r.json()["id"])
        assert job.status == "failed" and "model exploded" in job.message
        assert c.get("/api/events").status_code == 200
    store.close()


# -- the token command ---------------------------------------------------------------------------
def test_token_commands(tmp_path):
    from whimbrel.cli import app
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    made = runner.invoke(app, ["token", "create", "carol", "--db", db])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("wbt_")
    twice = runner.invoke(app, ["token", "create", "carol", "--db", db])
    assert twice.exit_code != 0 and "exists already" in twice.output
    assert "carol" in runner.invoke(app, ["token", "list", "--db", db]).stdout
    assert runner.invoke(app, ["token", "revoke", "carol", "--db", db]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["token", "list", "--db", db]).stdout
    assert runner.invoke(app, ["token", "create", "bad name!", "--db", db]).exit_code != 0
