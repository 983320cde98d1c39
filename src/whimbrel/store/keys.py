"""Stable ids from hashlib over normalised content (never Python's hash()).

A report is known by its URL when it has one, else by its text; the same report fed again —
same URL, or the same text after normalisation — is recognised and adds nothing.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..models import Report

_SPACE = re.compile(r"\s+")
_PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u00a0": " ", "\u200b": ""})
_STOP = frozenset({"of", "and", "or", "the", "de", "du", "des", "al", "el", "and/or"})
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid")

#: Size of a cell of the geographic grid used to find merge candidates and `near` queries.
CELL_DEGREES = 0.25
_LAT_CELLS = int(180 / CELL_DEGREES) + 1
_LON_CELLS = int(360 / CELL_DEGREES) + 1


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """Unicode NFKC, typographic quotes and dashes to ASCII, whitespace collapsed, case folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "").translate(_PUNCT)).strip().casefold()


def normalise_url(url: str) -> str:
    """host + path + query without scheme, "www.", fragment, tracking parameters or a trailing slash."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    try:
        port_number = parts.port
    except ValueError:  # "javascript:alert(1)" and other non-URLs: keyed on their text, never a crash
        port_number = None
    port = f":{port_number}" if port_number and port_number not in (80, 443) else ""
    path = parts.path.rstrip("/") or ""
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith(_TRACKING))
    return f"{host}{port}{path}" + (f"?{urlencode(query)}" if query else "")


@dataclass(frozen=True, slots=True)
class ReportKeys:
    id: str  # the report's id in the store
    url_key: Optional[str]  # sha1 of the normalised URL, or None without a URL
    text_hash: str  # sha1 of the normalised text


def report_keys(report: Report) -> ReportKeys:
    url = normalise_url(report.url)
    text_hash = sha1(normalise_text(report.text))
    url_key = sha1(url) if url else None
    rid = sha1("url:" + url)[:20] if url else sha1("text:" + normalise_text(report.text))[:20]
    return ReportKeys(rid, url_key, text_hash)


def member_key(report_id: str, event_id: str) -> str:
    """The id of one report's event in the store (and of the canonical event it founds)."""
    return sha1(f"{report_id}|{event_id}")[:16]


def geo_cell(lat: Optional[float], lon: Optional[float]) -> Optional[int]:
    if lat is None or lon is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        return None
    return int(math.floor((lat + 90) / CELL_DEGREES)) * _LON_CELLS + int(math.floor((lon + 180) / CELL_DEGREES))


def cells_around(lat: float, lon: float, km: float, max_cells: int = 400) -> Optional[list[int]]:
    """Grid cells that cover a circle of `km` around (lat, lon); None when that takes too many."""
    dlat = km / 111.2
    dlon = km / max(1e-6, 111.2 * math.cos(math.radians(min(89.0, abs(lat)))))
    return cells_in_box(lon - dlon, lat - dlat, lon + dlon, lat + dlat, max_cells)


def cells_in_box(min_lon: float, min_lat: float, max_lon: float, max_lat: float,
                 max_cells: int = 400) -> Optional[list[int]]:
    min_lat, max_lat = max(-90.0, min_lat), min(90.0, max_lat)
    min_lon, max_lon = max(-180.0, min_lon), min(180.0, max_lon)
    if min_lat > max_lat or min_lon > max_lon:
        return []
    i0, i1 = int(math.floor((min_lat + 90) / CELL_DEGREES)), int(math.floor((max_lat + 90) / CELL_DEGREES))
    j0, j1 = int(math.floor((min_lon + 180) / CELL_DEGREES)), int(math.floor((max_lon + 180) / CELL_DEGREES))
    if (i1 - i0 + 1) * (j1 - j0 + 1) > max_cells:
        return None
    return [i * _LON_CELLS + j for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]


def actor_terms(name: str) -> list[str]:
    """Search terms for an actor: its normalised name and every tail of it that starts a word,
    so "shabaab" finds "Al Shabaab" and "state" finds "Islamic State (Syria)" through an index."""
    words = normalise_actor_query(name).split()
    return list(dict.fromkeys(" ".join(words[i:]) for i in range(len(words))
                              if i == 0 or not (words[i].isdigit() or words[i] in _STOP)))


def normalise_actor_query(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
