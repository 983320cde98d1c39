"""Submission jobs: reports (texts, pages, URLs) extracted and stored by one background worker
thread, so a request returns at once with a job id and the client follows its progress.

One worker per process: the spaCy pipeline is loaded once (on the first job) and shared, and
extraction is CPU-bound, so more threads would not go faster. Jobs are kept in memory; the events
they produced are in the store, so a restart loses only the job records.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import queue
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from ..errors import InputError, WhimbrelError
from ..ingest import report_from_html, report_from_text
from ..models import Event, Problem, Report
from ..settings import Settings
from ..store import EventStore
from .fetch import Fetcher, FetchError
from .schemas import ReportIn

Extractor = Callable[[list[Report]], Iterable[Event | Problem]]
KEEP_JOBS = 500  # finished jobs remembered (oldest forgotten first)


@dataclass(slots=True)
class Item:
    """One thing submitted: a report given inline, or a URL to fetch."""
    label: str  # how the job's errors name it
    report: Optional[ReportIn] = None
    url: str = ""


@dataclass
class Job:
    id: str
    submitted_by: str
    items: list[Item]
    published: Optional[dt.date]
    created_at: dt.datetime
    status: str = "queued"
    started_at: Optional[dt.datetime] = None
    finished_at: Optional[dt.datetime] = None
    done: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    merged: int = 0
    report_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""

    @property
    def total(self) -> int:
        return len(self.items)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class JobRunner:
    def __init__(self, store: EventStore, settings: Settings, extractor: Optional[Callable[[], Extractor]] = None,
                 fetcher: Optional[Fetcher] = None, version: str = ""):
        self.store = store
        self.settings = settings
        self._make_extractor = extractor or self._pipeline
        self._extract: Optional[Extractor] = None
        self.fetcher = fetcher or Fetcher(max_bytes=int(settings.max_report_megabytes * 1_000_000))
        self.version = version
        self._jobs: "OrderedDict[str, Job]" = OrderedDict()
        self._lock = threading.Lock()
        self._queue: "queue.Queue[Optional[str]]" = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="whimbrel-jobs", daemon=True)
        self._thread.start()

    def _pipeline(self) -> Extractor:
        from ..pipeline import Pipeline
        return Pipeline(self.settings).run

    # -- the request side --------------------------------------------------------------------------
    def submit(self, items: list[Item], who: str, published: Optional[dt.date] = None) -> Job:
        job = Job(id=uuid.uuid4().hex[:16], submitted_by=who, items=items, published=published, created_at=_now())
        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
            for k in finished[:max(0, len(finished) - KEEP_JOBS)]:
                del self._jobs[k]
        self._queue.put(job.id)
        return job

    def get(self, job_id: str) -> Optional[Job]:
        with self._lock:
            return self._jobs.get(job_id)

    def list(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def wait(self, job_id: str, timeout: float = 60.0) -> Optional[Job]:
        """Block until the job has finished (for tests and scripts)."""
        import time
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(job_id)
            if job is None or job.status in ("done", "failed"):
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    # -- the worker --------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            job = self.get(job_id)
            if job is None:
                continue
            job.status, job.started_at = "running", _now()
            try:
                self._run(job)
                job.status = "done"
                job.message = (f"{job.stored} reports stored, {job.skipped} already stored, "
                               f"{len(job.errors)} could not be used; {job.events} events")
            except WhimbrelError as e:
                job.status, job.message = "failed", str(e)
            except Exception as e:  # the worker must outlive any one job
                job.status = "failed"
                job.message = f"the job failed ({type(e).__name__}: {e}); reports stored before it are kept"
            job.finished_at = _now()

    def _run(self, job: Job) -> None:
        if self._extract is None:
            self._extract = self._make_extractor()
        labels: dict[str, str] = {}  # report origin -> the item's label, for extraction problems

        def reports() -> Iterator[Report | Problem]:
            for n, item in enumerate(job.items):
                try:
                    report = self._report(item, n, job.published)
                except InputError as e:
                    job.errors.append((item.label, f"{e.problem}. {e.remedy}"))
                    job.done += 1
                    continue
                except FetchError as e:
                    job.errors.append((item.label, str(e)))
                    job.done += 1
                    continue
                labels[report.origin] = item.label
                yield report

        def progress(result) -> None:
            job.stored, job.skipped, job.failed = result.stored, result.skipped, result.failed
            job.events, job.merged = result.events, result.merged
            job.done = len(job.errors) + result.stored + result.skipped + result.failed

        # Small batches: progress moves every few reports, and each batch commits on its own.
        result = self.store.ingest(reports(), self._extract, version=self.version, batch_size=8, progress=progress)
        progress(result)
        for p in result.problems:
            job.errors.append((labels.get(p.origin, p.origin), p.message))
        job.done = job.total
        job.report_ids = list(result.report_ids)
        job.event_ids = list(result.canonical_ids)

    def _report(self, item: Item, n: int, published: Optional[dt.date]) -> Report:
        s = self.settings
        if item.url:
            page = self.fetcher.fetch(item.url)
            rid = _id(item.url)
            if page.is_html:
                return report_from_html(page.body, rid, published=published, url=item.url, origin=item.url, settings=s)
            return report_from_text(page.body, rid, published=published, url=item.url, origin=item.url, settings=s)
        r = item.report
        assert r is not None
        body = r.text if r.text is not None else r.html
        rid = r.id or _id(body or "")
        when = r.published or published
        if r.html is not None:
            rep = report_from_html(r.html, rid, published=when, url=r.url, origin=item.label, settings=s)
            return Report(id=rep.id, text=rep.text, published=rep.published, url=rep.url, title=r.title or rep.title,
                          outlet=r.outlet or rep.outlet, origin=rep.origin)
        return report_from_text(r.text or "", rid, published=when, url=r.url, title=r.title, outlet=r.outlet,
                                origin=item.label, settings=s)


def _id(content: str) -> str:
    """A stable article id for a submission that gave none."""
    return "sub-" + hashlib.sha1(content.encode("utf-8", "replace")).hexdigest()[:12]


def items_from(reports: list[ReportIn], urls: list[str]) -> list[Item]:
    counter = itertools.count(1)
    out = [Item(label=r.id or r.url or f"report {next(counter)}", report=r) for r in reports]
    out += [Item(label=u, url=u) for u in urls]
    return out
