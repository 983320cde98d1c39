"""Scores extracted events against gold, human-coded events.

Matching rules (also shown by `whimbrel evaluate --help`):
  * Events are matched within a report only (gold `id` = prediction `article_id`).
  * Each candidate pair gets a score: +2 same sub-event type (else +1 same event type), +1 place
    within 25 km (or the same location name when either has no coordinates), +0.5 same date,
    +0.5 an actor in common. Pairs are taken best first, one to one; a pair scoring 0 is never
    matched.
  * Over matched pairs, agreement is the share of pairs whose field agrees: event_type,
    sub_event_type, event_date, fatalities (exact), actors (each gold actor1/actor2 found among
    the prediction's actors), country, admin1, location_25km.
  * Detection: recall = share of gold events with a prediction of the same event type within
    25 km; precision = share of predictions with such a gold event; f1 of the two.
  * Names are compared folded: case, accents, bracketed parts ("(2000-)") and the words
    the/of/al/el are ignored; one name inside the other, or two thirds of the words shared, agree.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .geo.distance import km

KM = 25.0
FIELDS = ("event_type", "sub_event_type", "event_date", "fatalities", "actors", "country", "admin1",
          "location_25km")
_STOP = {"the", "of", "al", "el", "ad", "as", "ar", "az", "an"}


def fold(name) -> str:
    s = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(w for w in s.split() if w not in _STOP)


def names_agree(a, b) -> bool:
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, min(len(ta), len(tb))) >= 0.67


def _num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def same_place(p: dict, g: dict) -> bool:
    coords = [_num(p.get("latitude")), _num(p.get("longitude")), _num(g.get("latitude")), _num(g.get("longitude"))]
    if None not in coords:
        return km(*coords) <= KM
    return names_agree(p.get("location"), g.get("location"))


def actors_of(e: dict) -> list[str]:
    return [e[k] for k in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2") if e.get(k)]


def pair_score(p: dict, g: dict) -> float:
    s = 0.0
    if g.get("sub_event_type") and p.get("sub_event_type") == g.get("sub_event_type"):
        s += 2
    elif g.get("event_type") and p.get("event_type") == g.get("event_type"):
        s += 1
    if (g.get("location") or g.get("latitude") is not None) and same_place(p, g):
        s += 1
    if g.get("event_date") and p.get("event_date") == g.get("event_date"):
        s += 0.5
    gold_actors = [a for a in (g.get("actor1"), g.get("actor2")) if a]
    if gold_actors and any(names_agree(x, y) for x in actors_of(p) for y in gold_actors):
        s += 0.5
    return s


def match(preds: list[dict], golds: list[dict]) -> list[tuple[dict, dict]]:
    """Best-first one-to-one pairing (see the module docstring)."""
    ranked = sorted(((pair_score(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
                    key=lambda t: (-t[0], t[1], t[2]))
    used_p, used_g, pairs = set(), set(), []
    for s, i, j in ranked:
        if s <= 0 or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((preds[i], golds[j]))
    return pairs


def field_agreements(p: dict, g: dict) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for name in ("event_type", "sub_event_type", "event_date"):
        if g.get(name):
            out[name] = p.get(name) == g.get(name)
    if g.get("fatalities") is not None:
        out["fatalities"] = int(_num(p.get("fatalities")) or 0) == int(g["fatalities"])
    gold_actors = [g[k] for k in ("actor1", "actor2") if g.get(k)]
    if gold_actors:
        out["actors"] = all(any(names_agree(x, a) for x in actors_of(p)) for a in gold_actors)
    for name in ("country", "admin1"):
        if g.get(name):
            out[name] = names_agree(p.get(name), g.get(name))
    if g.get("location") or g.get("latitude") is not None:
        out["location_25km"] = same_place(p, g)
    return out


@dataclass
class Disagreement:
    report_id: str
    fields: list[str]
    predicted: dict
    gold: dict
    evidence: list[str]


@dataclass
class Evaluation:
    reports: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    agreement: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    recall: float = 0.0
    precision: float = 0.0
    f1: float = 0.0
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold type -> predicted type -> n
    worst: list[Disagreement] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"reports": self.reports, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
                "agreement": self.agreement, "pairs_per_field": self.counts,
                "detection": {"recall": self.recall, "precision": self.precision, "f1": self.f1},
                "confusion": self.confusion,
                "worst": [{"report_id": d.report_id, "fields": d.fields,
                           "predicted": {k: d.predicted.get(k) for k in _SHOWN},
                           "gold": {k: d.gold.get(k) for k in _SHOWN}, "evidence": d.evidence} for d in self.worst]}


_SHOWN = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
          "fatalities")


def evaluate(gold: dict[str, list[dict]], predictions: Iterable[dict], worst: int = 10) -> Evaluation:
    """gold: report id -> gold events; predictions: events with `article_id`."""
    by_report: dict[str, list[dict]] = defaultdict(list)
    for p in predictions:
        by_report[str(p.get("article_id"))].append(p)
    ev = Evaluation(reports=len(gold))
    hits, totals = Counter(), Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    found_gold = found_pred = n_pred = 0
    disagreements: list[Disagreement] = []
    for rid, golds in gold.items():
        preds = by_report.get(rid, [])
        n_pred += len(preds)
        ev.gold_events += len(golds)
        found_gold += sum(any(p.get("event_type") == g.get("event_type") and same_place(p, g) for p in preds)
                          for g in golds)
        found_pred += sum(any(p.get("event_type") == g.get("event_type") and same_place(p, g) for g in golds)
                          for p in preds)
        matched_gold = set()
        for p, g in match(preds, golds):
            matched_gold.add(id(g))
            confusion[g.get("event_type", "")][p.get("event_type", "")] += 1
            agree = field_agreements(p, g)
            for name, ok in agree.items():
                totals[name] += 1
                hits[name] += ok
            wrong = [n for n, ok in agree.items() if not ok]
            if wrong:
                disagreements.append(Disagreement(rid, wrong, p, g, [e.get("sentence", "") for e in p.get("evidence") or []]))
        for g in golds:
            if id(g) not in matched_gold:
                confusion[g.get("event_type", "")]["(none)"] += 1
    ev.predicted_events = n_pred
    ev.agreement = {n: round(hits[n] / totals[n], 4) for n in FIELDS if totals[n]}
    ev.counts = {n: totals[n] for n in FIELDS if totals[n]}
    ev.recall = round(found_gold / ev.gold_events, 4) if ev.gold_events else 0.0
    ev.precision = round(found_pred / n_pred, 4) if n_pred else 0.0
    ev.f1 = round(2 * ev.recall * ev.precision / (ev.recall + ev.precision), 4) if ev.recall + ev.precision else 0.0
    ev.confusion = {g: dict(c) for g, c in sorted(confusion.items())}
    disagreements.sort(key=lambda d: (-len(d.fields), d.report_id))
    ev.worst = disagreements[:worst]
    return ev


# -- reading gold ---------------------------------------------------------------------------------
def read_gold(path: str | Path) -> tuple[dict[str, list[dict]], list[dict]]:
    """Gold events by report id, and the reports' texts (for --input-less runs on ACLED CSV).

    JSONL in the eval layout ({"id", "events": [...]}), or an ACLED CSV export whose `notes`
    column is the text (one report per row, id from event_id_cnty).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "the gold file does not exist", "Give the path of a gold JSONL or ACLED CSV file")
    if path.suffix.lower() == ".csv":
        return _read_acled_csv(path)
    gold: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold[str(row["id"])] = list(row.get("events") or [])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"line {n} of {path}", f"not a gold record ({exc})",
                                 'Each line must be {"id": ..., "events": [...]}') from None
    return gold, []


def _read_acled_csv(path: Path) -> tuple[dict[str, list[dict]], list[dict]]:
    gold: dict[str, list[dict]] = {}
    reports: list[dict] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"event_id_cnty", "event_date", "event_type", "notes"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(str(path), f"the CSV lacks ACLED columns {sorted(missing)}",
                             "Export from ACLED with its standard columns")
        for row in reader:
            rid = row["event_id_cnty"]
            event = {k: row.get(k, "") for k in ("event_date", "event_type", "sub_event_type", "actor1", "actor2",
                                                 "country", "admin1", "location")}
            event["event_date"] = _iso(row["event_date"])
            event["fatalities"] = int(_num(row.get("fatalities")) or 0)
            for k in ("latitude", "longitude"):
                event[k] = _num(row.get(k))
            gold[rid] = [event]
            reports.append({"id": rid, "text": row["notes"], "published": event["event_date"]})
    return gold, reports


def _iso(value: str) -> str:
    import datetime as dt
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return value
