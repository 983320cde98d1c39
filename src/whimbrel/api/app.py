"""The FastAPI application: the REST API under /api, the map page at /, OpenAPI at /docs.

    app = create_app(store, settings)                       # what `whimbrel serve` runs
    app = create_app(store, settings, extractor=lambda: fake_run, http_client=httpx.Client(transport=...))

Everything the app uses is passed in (store, settings, extractor, HTTP client) and kept on
app.state, so tests build one over a SQLite file in a temporary folder.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Callable, Optional

import httpx
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import SettingsError
from ..settings import Settings
from ..store import EventStore
from ..web import STATIC
from . import errors, routes_read, routes_write
from .deps import Service
from .fetch import Fetcher
from .jobs import Extractor, JobRunner
from .tokens import TokenStore

DESCRIPTION = """ACLED-style conflict events read from news reports, each field backed by the report's sentences.

Reads are public unless the deployment sets `read_access: token`. Writes (submitting reports, correcting,
merging, splitting events) need an API token from `whimbrel token create NAME`, sent as
`Authorization: Bearer TOKEN`; the token's name is recorded as who made each change.
Errors are JSON: `{"error": code, "message": what was wrong and what to do}`."""


def create_app(store: EventStore, settings: Optional[Settings] = None, *,
               extractor: Optional[Callable[[], Extractor]] = None,
               http_client: Optional[httpx.Client] = None) -> FastAPI:
    """The service over `store`. `extractor` makes the extraction function on the first job
    (default: one whimbrel Pipeline); `http_client` fetches submitted URLs."""
    settings = settings or Settings()
    if settings.read_access not in ("public", "token"):
        raise SettingsError(f"setting read_access is {settings.read_access!r}; give public or token")
    fetcher = Fetcher(http_client, max_bytes=int(settings.max_report_megabytes * 1_000_000)) if http_client \
        else None
    jobs = JobRunner(store, settings, extractor, fetcher, version=__version__)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        jobs.close()

    app = FastAPI(title="Whimbrel", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.whimbrel = Service(store=store, tokens=TokenStore(store.engine), jobs=jobs, settings=settings)
    errors.install(app)
    app.include_router(routes_read.public)
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)

    # /docs from the bundled Swagger UI: the default one loads it from a CDN, which is not there offline.
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Whimbrel API",
                                   swagger_js_url="/static/vendor/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger/favicon-32x32.png")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "vendor" / "swagger" / "favicon-32x32.png", media_type="image/png")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


# The page runs only its own scripts: report text is inserted as text, and this policy is the second
# line of defence should that ever slip (no inline script, no event-handler attributes, no eval).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: https: http:; connect-src 'self'; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
