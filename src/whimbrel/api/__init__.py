"""The REST service over the event store (`whimbrel serve`): FastAPI app, routes, tokens, jobs."""
from .app import create_app
from .tokens import TokenStore

__all__ = ["create_app", "TokenStore"]
