"""What every route needs: the store, the tokens, the job runner, the settings — kept on
app.state by create_app (no module-level state) — and the token checks for reads and writes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..settings import Settings
from ..store import EventStore
from .errors import ApiError
from .jobs import JobRunner
from .tokens import TokenStore

bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="An API token from `whimbrel token create NAME`, sent as `Authorization: Bearer TOKEN`.")


@dataclass
class Service:
    store: EventStore
    tokens: TokenStore
    jobs: JobRunner
    settings: Settings


def service(request: Request) -> Service:
    return request.app.state.whimbrel


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


def writer(svc: Service = Depends(service),
           creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> str:
    """The name of the token's owner (recorded as who made the change); 401 without a valid token."""
    if creds is None:
        raise _unauthorized("this changes the data and needs an API token: send `Authorization: Bearer TOKEN` "
                            "(an administrator creates one with `whimbrel token create NAME`)")
    name = svc.tokens.check(creds.credentials)
    if name is None:
        raise _unauthorized("the API token is not valid (mistyped, or revoked); ask for a new one "
                            "(`whimbrel token create NAME`)")
    return name


def reader(svc: Service = Depends(service),
           creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Optional[str]:
    """Reads are public unless the setting read_access is "token"."""
    if svc.settings.read_access != "token":
        return None
    if creds is None:
        raise _unauthorized("this deployment is readable with an API token only (read_access: token): send "
                            "`Authorization: Bearer TOKEN`")
    name = svc.tokens.check(creds.credentials)
    if name is None:
        raise _unauthorized("the API token is not valid (mistyped, or revoked); ask for a new one")
    return name
