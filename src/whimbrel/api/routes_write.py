"""Write endpoints (an API token needed): submit reports for extraction as a background job, follow
the job, correct fields of an event, merge and split events. The token's name is recorded as who
made each change."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from ..errors import StoreError
from ..store.canonical import coerce_correction
from .deps import Service, reader, service, writer
from .errors import ApiError
from .jobs import Job, items_from
from .schemas import CorrectionIn, Error, EventOut, JobOut, MergeIn, MergeOut, SplitIn, SplitOut, SubmitIn

_AUTH = {401: {"model": Error, "description": "No valid API token"},
         422: {"model": Error, "description": "The request is not valid; the message says why"},
         503: {"model": Error, "description": "The database is busy or unreachable"}}
router = APIRouter(prefix="/api", responses=_AUTH)
Svc = Annotated[Service, Depends(service)]
Who = Annotated[str, Depends(writer)]


def job_out(job: Job) -> JobOut:
    return JobOut(id=job.id, status=job.status, submitted_by=job.submitted_by, created_at=job.created_at,
                  started_at=job.started_at, finished_at=job.finished_at, total=job.total, done=job.done,
                  progress=round(job.done / job.total, 3) if job.total else 1.0, stored=job.stored,
                  skipped=job.skipped, failed=job.failed, events=job.events, merged=job.merged,
                  report_ids=list(job.report_ids), event_ids=list(job.event_ids),
                  errors=[{"item": i, "message": m} for i, m in list(job.errors)], message=job.message)


@router.post("/reports", status_code=202, response_model=JobOut,
             summary="Submit reports (text, HTML or URLs) for extraction; returns a job to follow")
def submit(body: SubmitIn, svc: Svc, who: Who, response: Response) -> JobOut:
    job = svc.jobs.submit(items_from(body.reports, body.urls), who, body.published)
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return job_out(job)


@router.get("/jobs", response_model=list[JobOut], dependencies=[Depends(reader)], summary="Submission jobs, newest first")
def list_jobs(svc: Svc) -> list[JobOut]:
    return [job_out(j) for j in svc.jobs.list()]


@router.get("/jobs/{job_id}", response_model=JobOut, dependencies=[Depends(reader)],
            responses={404: {"model": Error}}, summary="A job's status and progress")
def get_job(job_id: str, svc: Svc) -> JobOut:
    job = svc.jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"no job {job_id} (jobs are kept in memory: a restarted server forgets them; "
                            "the events they stored are in GET /api/events)")
    return job_out(job)


@router.patch("/events/{event_id}", response_model=EventOut, responses={404: {"model": Error}},
              summary="Correct fields of an event (null withdraws a correction)")
def correct(event_id: str, body: CorrectionIn, svc: Svc, who: Who) -> EventOut:
    changes = body.changes()
    if not changes:
        raise ApiError(422, "give at least one field to correct, e.g. {\"fatalities\": 12}")
    # Every value is checked before the first is written, so a request is applied whole or not at all.
    for field, value in changes.items():
        try:
            coerce_correction(field, value)
        except ValueError as e:
            raise ApiError(422, f"field {field}: {e}") from None
    if svc.store.get_event(event_id) is None:
        svc.store.explain(event_id)  # raises EventNotFound, saying where a merged event went
    event = None
    for field, value in changes.items():
        try:
            event = svc.store.correct(event_id, field, value, who, body.note)
        except StoreError as e:
            if "cannot correct" in str(e):
                raise ApiError(422, str(e)) from None
            raise
    return EventOut.model_validate(event)


@router.post("/events/merge", response_model=MergeOut, responses={404: {"model": Error}, 409: {"model": Error}},
             summary="Merge events an analyst knows to be one (the first id is kept)")
def merge(body: MergeIn, svc: Svc, who: Who) -> MergeOut:
    if len(set(body.event_ids)) < 2:
        raise ApiError(422, "give at least two different event ids to merge")
    for eid in dict.fromkeys(body.event_ids):
        if svc.store.get_event(eid) is None:
            svc.store.explain(eid)
    kept = svc.store.merge(body.event_ids, who, body.note)
    detail = svc.store.get_event(kept)
    return MergeOut(event_id=kept, event=EventOut.model_validate(detail.event))


@router.post("/events/{event_id}/split", response_model=SplitOut, responses={404: {"model": Error}, 409: {"model": Error}},
             summary="Undo a merge: one event per source report again, never merged back automatically")
def split(event_id: str, svc: Svc, who: Who, body: SplitIn | None = None) -> SplitOut:
    detail = svc.store.get_event(event_id)
    if detail is None:
        svc.store.explain(event_id)
        raise ApiError(404, f"no event {event_id}")
    if len(detail.members) < 2:
        raise ApiError(409, f"event {event_id} has a single source report; there is nothing to split")
    return SplitOut(event_ids=svc.store.split(event_id, who, body.note if body else ""))


@router.get("/whoami", summary="The name of the token sent (to check a token before using it)")
def whoami(who: Who) -> dict[str, str]:
    return {"name": who}
