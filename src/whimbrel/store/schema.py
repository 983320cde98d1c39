"""The event store's tables (SQLAlchemy 2). Alembic migrations under migrations/ create them;
tests/test_store_schema.py checks that the two agree.

reports            one row per report: text and metadata; unique by URL and by normalised text
report_events      one row per event a report gave (a "member"), linked to its canonical event,
                   with why it was linked (merge reason) — the unit merges and splits move
events             canonical events: each real-world event once, recomputed from its members,
                   analysts' corrections applied on top
actors, actor_terms, event_actors
                   the actors of canonical events, searchable by any word-initial part of a name
corrections        an analyst's change to a field of a canonical event: who, when, what
merge_exclusions   pairs of member events an analyst split apart: never merged again automatically
event_log          analysts' actions and re-extractions, for explain()
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (JSON, BigInteger, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData,
                        SmallInteger, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}

#: Integer primary keys: INTEGER PRIMARY KEY (the rowid) on SQLite, BIGINT on PostgreSQL.
PK = BigInteger().with_variant(Integer(), "sqlite")
#: Byte-order comparison for the actor search terms, so prefix ranges use the index.
TERM = String(200).with_variant(String(200, collation="C"), "postgresql")
#: Index columns sorted for "newest first" on PostgreSQL (SQLite's ascending index already puts
#: NULL dates last when read backwards).
DATE_DESC = {"event_date": "DESC NULLS LAST", "pk": "DESC"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(Text, default="")
    url_key: Mapped[Optional[str]] = mapped_column(String(40), unique=True)
    text_hash: Mapped[str] = mapped_column(String(40), unique=True)
    article_id: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str] = mapped_column(String(40), default="")
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class _EventFields:
    """The ACLED fields shared by members and canonical events."""

    article_id: Mapped[str] = mapped_column(Text, default="")
    event_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(SmallInteger, default=1)
    event_type: Mapped[str] = mapped_column(String(60), default="")
    sub_event_type: Mapped[str] = mapped_column(String(60), default="")
    actor1: Mapped[str] = mapped_column(Text, default="")
    assoc_actor_1: Mapped[str] = mapped_column(Text, default="")
    inter1: Mapped[Optional[int]] = mapped_column(SmallInteger)
    actor2: Mapped[str] = mapped_column(Text, default="")
    assoc_actor_2: Mapped[str] = mapped_column(Text, default="")
    inter2: Mapped[Optional[int]] = mapped_column(SmallInteger)
    interaction: Mapped[Optional[int]] = mapped_column(SmallInteger)
    civilian_targeting: Mapped[str] = mapped_column(String(40), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    iso3: Mapped[str] = mapped_column(String(3), default="")
    admin1: Mapped[str] = mapped_column(String(200), default="")
    admin2: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[Optional[float]] = mapped_column(Float)
    longitude: Mapped[Optional[float]] = mapped_column(Float)
    geo_precision: Mapped[Optional[int]] = mapped_column(SmallInteger)
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.5)


class CanonicalRow(_EventFields, Base):
    __tablename__ = "events"

    pk: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(16), unique=True)
    geo_cell: Mapped[Optional[int]] = mapped_column(Integer)
    fatalities_low: Mapped[int] = mapped_column(Integer, default=0)
    fatalities_high: Mapped[int] = mapped_column(Integer, default=0)
    n_reports: Mapped[int] = mapped_column(Integer, default=1)
    corrected: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_events_date", "event_date", "pk", postgresql_ops=DATE_DESC),
        Index("ix_events_country_date", "country", "event_date", "pk", postgresql_ops=DATE_DESC),
        Index("ix_events_admin1_date", "admin1", "event_date", "pk", postgresql_ops=DATE_DESC),
        Index("ix_events_admin2_date", "country", "admin2", "event_date"),
        Index("ix_events_type_date", "event_type", "event_date", "pk", postgresql_ops=DATE_DESC),
        Index("ix_events_subtype_date", "sub_event_type", "event_date", "pk", postgresql_ops=DATE_DESC),
        Index("ix_events_cell_date", "geo_cell", "event_date"),
        Index("ix_events_fatalities", "fatalities", "event_date"),
        Index("ix_events_country_fatalities", "country", "fatalities"),
        Index("ix_events_location", "country", "location"),
    )


class MemberRow(_EventFields, Base):
    __tablename__ = "report_events"

    pk: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(16), unique=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    canonical_pk: Mapped[int] = mapped_column(ForeignKey("events.pk"), index=True)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    extractor_version: Mapped[str] = mapped_column(String(40), default="")
    link_rule: Mapped[str] = mapped_column(String(20), default="founded")  # founded|auto|analyst|split
    link_reason: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    linked_by: Mapped[str] = mapped_column(String(100), default="")
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("report_id", "event_id", name="uq_report_events_report_event"),)


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, unique=True)


class ActorTermRow(Base):
    __tablename__ = "actor_terms"

    term: Mapped[str] = mapped_column(TERM, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True)


class EventActorRow(Base):
    __tablename__ = "event_actors"

    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)  # actor1|actor2|assoc1|assoc2
    # the event's date, copied here so "this actor, this period" is one index range (migration 0002)
    event_date: Mapped[Optional[dt.date]] = mapped_column(Date)

    __table_args__ = (Index("ix_event_actors_actor_date", "actor_id", "event_date", "event_pk"),)


class CorrectionRow(Base):
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(16), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # {"v": value}; None clears the field
    previous: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    who: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")


class MergeExclusionRow(Base):
    __tablename__ = "merge_exclusions"

    key_a: Mapped[str] = mapped_column(String(16), primary_key=True)
    key_b: Mapped[str] = mapped_column(String(16), primary_key=True)
    who: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_merge_exclusions_b", "key_b"),)


class EventLogRow(Base):
    __tablename__ = "event_log"

    id: Mapped[int] = mapped_column(PK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(16), index=True)
    action: Mapped[str] = mapped_column(String(20))  # merge|split|correct|reextract
    who: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


reports = ReportRow.__table__
members = MemberRow.__table__
events = CanonicalRow.__table__
actors = ActorRow.__table__
actor_terms = ActorTermRow.__table__
event_actors = EventActorRow.__table__
corrections = CorrectionRow.__table__
merge_exclusions = MergeExclusionRow.__table__
event_log = EventLogRow.__table__

#: The Event fields both members and canonical events hold, in the order of models.Event.
EVENT_FIELDS = ("article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                "civilian_targeting", "country", "iso3", "admin1", "admin2", "location", "latitude",
                "longitude", "geo_precision", "fatalities", "source", "notes", "confidence")
