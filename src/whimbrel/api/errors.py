"""Errors as JSON a person can act on: {"error": code, "message": what was wrong and what to do}.

Validation errors name the parameter or field and say what it should be; store errors keep the
store's own message (it already says what to do); anything unexpected is a 500 with no internals.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError, WhimbrelError
from ..store import EventNotFound

log = logging.getLogger("whimbrel.api")

_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "invalid", 503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str = "", headers: dict[str, str] | None = None):
        self.status, self.message, self.code, self.headers = status, message, code or _CODES.get(status, "error"), headers
        super().__init__(message)


def body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": code, "message": message, "details": details or []}


def _where(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "cookie"):
        return f"{parts[0]} parameter {'.'.join(parts[1:]) or '?'}"
    if parts and parts[0] == "body":
        rest = [p for p in parts[1:] if not p.startswith("function-after")]
        return f"field {'.'.join(rest)}" if rest else "the request body"
    return ".".join(parts) or "the request"


def validation_message(errors: list[dict[str, Any]]) -> str:
    said = []
    for e in errors[:5]:
        msg = str(e.get("msg", "is not valid")).removeprefix("Value error, ")
        if str(e.get("type", "")).startswith("date"):
            msg += "; give it as YYYY-MM-DD"
        said.append(f"{_where(tuple(e.get('loc', ())))}: {msg}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(said) + more + ". See /docs for what each endpoint accepts."


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, e: ApiError):
        return JSONResponse(body(e.code, e.message), status_code=e.status, headers=e.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError):
        errors = [{"loc": list(map(str, x.get("loc", ()))), "msg": str(x.get("msg", "")), "type": str(x.get("type", ""))}
                  for x in e.errors()]
        return JSONResponse(body("invalid", validation_message(e.errors()), errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, e: StarletteHTTPException):
        message = {404: "no such page or endpoint; the API is under /api (see /docs), the map is at /",
                   405: "this endpoint does not take that method; see /docs"}.get(e.status_code, str(e.detail))
        return JSONResponse(body(_CODES.get(e.status_code, "error"), message), status_code=e.status_code,
                            headers=getattr(e, "headers", None))

    @app.exception_handler(EventNotFound)
    async def _missing(_: Request, e: EventNotFound):
        return JSONResponse(body("not_found", str(e)), status_code=404)

    @app.exception_handler(StoreError)
    async def _store(_: Request, e: StoreError):
        # The store says when the database is locked, unreachable or broken: try again later.
        return JSONResponse(body("unavailable", str(e)), status_code=503)

    @app.exception_handler(WhimbrelError)
    async def _whimbrel(_: Request, e: WhimbrelError):
        return JSONResponse(body("invalid", str(e)), status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, e: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(body("internal", "the server failed on this request; it was logged. Try again, and "
                                 "report it with the time if it happens again"), status_code=500)
