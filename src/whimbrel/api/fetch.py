"""Fetching submitted URLs. The HTTP client is injected (tests pass an httpx.MockTransport); every
failure becomes a FetchError with a message for the job's per-URL errors, never an exception that
ends the job."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import httpx

from ..errors import WhimbrelError


class FetchError(WhimbrelError):
    """A URL could not be fetched or is not an article page."""


@dataclass(slots=True)
class Page:
    url: str  # after redirects
    body: str
    is_html: bool


class Fetcher:
    def __init__(self, client: Optional[httpx.Client] = None, max_bytes: int = 10_000_000, timeout: float = 20.0):
        self.client = client or httpx.Client(follow_redirects=True, timeout=timeout,
                                             headers={"User-Agent": "whimbrel (+report fetcher)"})
        self.max_bytes = max_bytes

    def fetch(self, url: str) -> Page:
        try:
            with self.client.stream("GET", url) as r:
                if r.status_code >= 400:
                    raise FetchError(f"the server answered {r.status_code} {r.reason_phrase}; check the URL, or "
                                     "submit the page's text instead")
                kind = r.headers.get("content-type", "text/html").split(";")[0].strip().lower()
                if kind and not (kind.startswith("text/") or kind in ("application/xhtml+xml", "application/xml")):
                    raise FetchError(f"the URL gives {kind}, not a web page or text; submit the article's text instead")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"the page is larger than {self.max_bytes // 1_000_000} MB; "
                                         "submit the article's text instead")
                    chunks.append(chunk)
                data = b"".join(chunks)
                body = data.decode(r.encoding or "utf-8", errors="replace")
                return Page(str(r.url), body, kind != "text/plain")
        except FetchError:
            raise
        except httpx.TimeoutException:
            raise FetchError("the server did not answer in time; try again later or submit the text") from None
        except httpx.HTTPError as e:
            raise FetchError(f"could not fetch it ({type(e).__name__}: {e}); check the URL and that the server can "
                             "reach it, or submit the page's text instead") from None
        except (LookupError, ValueError) as e:  # unknown encodings, malformed URLs
            raise FetchError(f"could not read it ({e}); submit the page's text instead") from None

    def close(self) -> None:
        self.client.close()
