"""RSS 2.0 and Atom feeds -> one Report per item, with the standard library's XML parser."""
from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from typing import Iterator

from ..errors import DateError, InputError
from ..models import Problem, Report
from ..settings import Settings
from .html import html_fragment_to_text
from .text import parse_iso_date, report_from_text

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RSS1 = "{http://purl.org/rss/1.0/}"  # RSS 1.0 (RDF) items carry the same fields in this namespace


def reports_from_feed(xml: str, origin: str, stem: str,
                      settings: Settings | None = None) -> Iterator[Report | Problem]:
    """Each item of an RSS or Atom feed as a Report; a Problem for each item that cannot be read."""
    try:
        root = ET.fromstring(xml.lstrip("\ufeff"))
    except ET.ParseError as exc:
        raise InputError(origin, f"the feed is not well-formed XML ({exc})",
                         "Check that the file is a complete RSS or Atom feed") from None
    if root.tag == f"{ATOM}feed":
        outlet = _text(root, f"{ATOM}title")
        items = [_atom_fields(entry) for entry in root.iter(f"{ATOM}entry")]
    elif root.tag == "rss" or root.tag.endswith("RDF"):
        channel = next((c for c in (root.find("channel"), root.find(f"{RSS1}channel")) if c is not None), root)
        outlet = _text(channel, "title", f"{RSS1}title")
        items = [_rss_fields(item) for item in (*root.iter("item"), *root.iter(f"{RSS1}item"))]
    else:
        raise InputError(origin, f"the XML file is not an RSS or Atom feed (its root is <{root.tag}>)",
                         "Give an RSS 2.0 or Atom feed, or the articles as HTML or text files")
    if not items:
        yield Problem(origin, "the feed has no items. Check that it is the feed you meant")
    for n, (ident, title, link, body, date) in enumerate(items, 1):
        item_origin = f"item {n} of {origin}"
        try:
            yield report_from_text(html_fragment_to_text(body), ident or link or f"{stem}-{n}",
                                   published=date, url=link, title=title, outlet=outlet,
                                   origin=item_origin, settings=settings)
        except InputError as exc:
            yield Problem(item_origin, f"{exc.problem}. {exc.remedy}")


def _text(el: ET.Element, *tags: str) -> str:
    for tag in tags:
        found = el.find(tag)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return ""


def _rss_fields(item: ET.Element) -> tuple[str, str, str, str, dt.date | None]:
    raw = _text(item, "pubDate", "{http://purl.org/dc/elements/1.1/}date")
    return (_text(item, "guid", f"{RSS1}link"), _text(item, "title", f"{RSS1}title"),
            _text(item, "link", f"{RSS1}link"),
            _text(item, CONTENT, "description", f"{RSS1}description"), _date(raw))


def _atom_fields(entry: ET.Element) -> tuple[str, str, str, str, dt.date | None]:
    links = entry.findall(f"{ATOM}link")
    link = next((l.get("href", "") for l in links if l.get("rel", "alternate") == "alternate"), "")
    body = _text(entry, f"{ATOM}content", f"{ATOM}summary")
    content = entry.find(f"{ATOM}content")
    if not body and content is not None and len(content):  # type="xhtml": markup, not escaped text
        body = "".join(ET.tostring(child, encoding="unicode") for child in content)
    return (_text(entry, f"{ATOM}id"), _text(entry, f"{ATOM}title"), link, body,
            _date(_text(entry, f"{ATOM}published", f"{ATOM}updated")))


def _date(raw: str) -> dt.date | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) -> date; None when absent or unreadable."""
    if not raw:
        return None
    try:
        return parse_iso_date(raw)
    except DateError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError):
        return None
