"""The OpenAPI spec fuzzed in-process with schemathesis: whatever a client sends, with or without a
token, the service answers without a server error (no 5xx). Bounded examples per operation so it
stays well under a minute."""
from __future__ import annotations

import shutil

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from test_service_helpers import seed_template  # noqa: F401  (fixture)


def _no_events(batch):
    return []  # extraction is tested elsewhere; here only the service's own handling matters


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory, seed_template):
    from whimbrel.api import TokenStore, create_app
    from whimbrel.store import EventStore
    db = tmp_path_factory.mktemp("fuzz") / "store.db"
    shutil.copy(seed_template, db)
    store = EventStore.open(str(db))
    offline = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(404)))
    app = create_app(store, extractor=lambda: _no_events, http_client=offline)
    app.state.fuzz_token = TokenStore(store.engine).create("fuzzer")
    yield app
    app.state.whimbrel.jobs.close()
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case, fuzzed):
    case.call_and_validate(checks=[not_a_server_error])
    token = {"Authorization": f"Bearer {fuzzed.state.fuzz_token}"}
    case.call_and_validate(headers=token, checks=[not_a_server_error])
