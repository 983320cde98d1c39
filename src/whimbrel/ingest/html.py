"""HTML pages -> Report with trafilatura; HTML fragments (feed items) -> text with lxml."""
from __future__ import annotations

import datetime as dt
import re

import lxml.html
import trafilatura
from lxml import etree

from ..errors import DateError, InputError
from ..models import Report
from ..settings import Settings
from .text import clean_text, parse_iso_date, report_from_text

# Fewer words than this after extraction is a menu, an error page or a stub, not an article.
MIN_ARTICLE_WORDS = 5


def report_from_html(html: str, id: str, published: dt.date | None = None, url: str = "",
                     origin: str = "", *, settings: Settings | None = None) -> Report:
    """A Report from a web page: the article text and its title, date, outlet and canonical URL.

    `published` and `url`, when given, win over the page's own metadata. Raises InputError when
    the page holds no article, and UnsupportedLanguageError when it is not English.
    """
    origin = origin or id
    # Precision over recall: a menu item or a reader's comment in the text becomes a false event.
    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True)
    except Exception as exc:  # a parser failure on one odd page must not end the run
        raise InputError(origin, f"the page could not be parsed ({type(exc).__name__}: {exc})",
                         "Check that it is an HTML page; save its text as a .txt file if it is") from None
    text = clean_text(doc.text or "") if doc is not None else ""
    title = (doc.title or "").strip() if doc is not None else ""
    lines = text.split("\n")
    if title and lines and lines[0].casefold() == title.casefold():
        text = "\n".join(lines[1:])  # the headline is kept as the title, not read twice as text
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_ARTICLE_WORDS:
        raise InputError(origin, "no article text found in the page",
                         "Give the page of a single article (not a home, section or error page), "
                         "or its text as a .txt file")
    return report_from_text(
        text, id, published=published or _metadata_date(doc.date), url=url or doc.url or "",
        title=title, outlet=(doc.sitename or "").strip(), origin=origin, settings=settings)


def _metadata_date(value: str | None) -> dt.date | None:
    """The page's publication date; None when absent or unreadable (metadata is only a hint)."""
    if not value:
        return None
    try:
        return parse_iso_date(value)
    except DateError:
        import dateparser  # slow to import; only needed for odd metadata dates
        parsed = dateparser.parse(value, settings={"PREFER_DATES_FROM": "past"})
        return parsed.date() if parsed else None


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "pre", "dd", "dt"}


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's description), one block element a line."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style|.//nav|.//form|.//iframe"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.text, el.tail = "\n" + (el.text or ""), "\n" + (el.tail or "")
    return clean_text(root.text_content())
