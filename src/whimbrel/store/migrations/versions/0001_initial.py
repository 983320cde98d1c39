"""Initial schema: reports, report events (members), canonical events, actors and their search
terms, corrections, merge exclusions, event log; the indexes the filtered queries and the merge
candidate search use (date, country, admin1, admin2, type, sub-event type, grid cell, fatalities).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('name', name=op.f('uq_actors_name'))
    )
    op.create_table('corrections',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('previous', sa.JSON(), nullable=True),
    sa.Column('who', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corrections'))
    )
    op.create_index(op.f('ix_corrections_event_id'), 'corrections', ['event_id'], unique=False)
    op.create_table('event_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('who', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_log'))
    )
    op.create_index(op.f('ix_event_log_event_id'), 'event_log', ['event_id'], unique=False)
    op.create_table('events',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('geo_cell', sa.Integer(), nullable=True),
    sa.Column('fatalities_low', sa.Integer(), nullable=False),
    sa.Column('fatalities_high', sa.Integer(), nullable=False),
    sa.Column('n_reports', sa.Integer(), nullable=False),
    sa.Column('corrected', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.SmallInteger(), nullable=False),
    sa.Column('event_type', sa.String(length=60), nullable=False),
    sa.Column('sub_event_type', sa.String(length=60), nullable=False),
    sa.Column('actor1', sa.Text(), nullable=False),
    sa.Column('assoc_actor_1', sa.Text(), nullable=False),
    sa.Column('inter1', sa.SmallInteger(), nullable=True),
    sa.Column('actor2', sa.Text(), nullable=False),
    sa.Column('assoc_actor_2', sa.Text(), nullable=False),
    sa.Column('inter2', sa.SmallInteger(), nullable=True),
    sa.Column('interaction', sa.SmallInteger(), nullable=True),
    sa.Column('civilian_targeting', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('admin1', sa.String(length=200), nullable=False),
    sa.Column('admin2', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.SmallInteger(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_events')),
    sa.UniqueConstraint('id', name=op.f('uq_events_id'))
    )
    op.create_index('ix_events_admin1_date', 'events', ['admin1', 'event_date', 'pk'], unique=False, postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.create_index('ix_events_admin2_date', 'events', ['country', 'admin2', 'event_date'], unique=False)
    op.create_index('ix_events_cell_date', 'events', ['geo_cell', 'event_date'], unique=False)
    op.create_index('ix_events_country_date', 'events', ['country', 'event_date', 'pk'], unique=False, postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.create_index('ix_events_date', 'events', ['event_date', 'pk'], unique=False, postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.create_index('ix_events_fatalities', 'events', ['fatalities', 'event_date'], unique=False)
    op.create_index('ix_events_location', 'events', ['country', 'location'], unique=False)
    op.create_index('ix_events_subtype_date', 'events', ['sub_event_type', 'event_date', 'pk'], unique=False, postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.create_index('ix_events_type_date', 'events', ['event_type', 'event_date', 'pk'], unique=False, postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.create_table('merge_exclusions',
    sa.Column('key_a', sa.String(length=16), nullable=False),
    sa.Column('key_b', sa.String(length=16), nullable=False),
    sa.Column('who', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_a', 'key_b', name=op.f('pk_merge_exclusions'))
    )
    op.create_index('ix_merge_exclusions_b', 'merge_exclusions', ['key_b'], unique=False)
    op.create_table('reports',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('url_key', sa.String(length=40), nullable=True),
    sa.Column('text_hash', sa.String(length=40), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('outlet', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('n_events', sa.Integer(), nullable=False),
    sa.Column('extractor_version', sa.String(length=40), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('extracted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('text_hash', name=op.f('uq_reports_text_hash')),
    sa.UniqueConstraint('url_key', name=op.f('uq_reports_url_key'))
    )
    op.create_index(op.f('ix_reports_ingested_at'), 'reports', ['ingested_at'], unique=False)
    op.create_table('actor_terms',
    sa.Column('term', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_actor_terms_actor_id_actors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term', 'actor_id', name=op.f('pk_actor_terms'))
    )
    op.create_table('event_actors',
    sa.Column('event_pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_event_actors_actor_id_actors')),
    sa.ForeignKeyConstraint(['event_pk'], ['events.pk'], name=op.f('fk_event_actors_event_pk_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_pk', 'actor_id', 'role', name=op.f('pk_event_actors'))
    )
    op.create_index('ix_event_actors_actor', 'event_actors', ['actor_id', 'event_pk'], unique=False)
    op.create_table('report_events',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('report_id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('canonical_pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('extractor_version', sa.String(length=40), nullable=False),
    sa.Column('link_rule', sa.String(length=20), nullable=False),
    sa.Column('link_reason', sa.JSON(), nullable=False),
    sa.Column('linked_by', sa.String(length=100), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.SmallInteger(), nullable=False),
    sa.Column('event_type', sa.String(length=60), nullable=False),
    sa.Column('sub_event_type', sa.String(length=60), nullable=False),
    sa.Column('actor1', sa.Text(), nullable=False),
    sa.Column('assoc_actor_1', sa.Text(), nullable=False),
    sa.Column('inter1', sa.SmallInteger(), nullable=True),
    sa.Column('actor2', sa.Text(), nullable=False),
    sa.Column('assoc_actor_2', sa.Text(), nullable=False),
    sa.Column('inter2', sa.SmallInteger(), nullable=True),
    sa.Column('interaction', sa.SmallInteger(), nullable=True),
    sa.Column('civilian_targeting', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('admin1', sa.String(length=200), nullable=False),
    sa.Column('admin2', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.SmallInteger(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['canonical_pk'], ['events.pk'], name=op.f('fk_report_events_canonical_pk_events')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_events_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_report_events')),
    sa.UniqueConstraint('key', name=op.f('uq_report_events_key')),
    sa.UniqueConstraint('report_id', 'event_id', name='uq_report_events_report_event')
    )
    op.create_index(op.f('ix_report_events_canonical_pk'), 'report_events', ['canonical_pk'], unique=False)
    op.create_index(op.f('ix_report_events_report_id'), 'report_events', ['report_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_report_events_report_id'), table_name='report_events')
    op.drop_index(op.f('ix_report_events_canonical_pk'), table_name='report_events')
    op.drop_table('report_events')
    op.drop_index('ix_event_actors_actor', table_name='event_actors')
    op.drop_table('event_actors')
    op.drop_table('actor_terms')
    op.drop_index(op.f('ix_reports_ingested_at'), table_name='reports')
    op.drop_table('reports')
    op.drop_index('ix_merge_exclusions_b', table_name='merge_exclusions')
    op.drop_table('merge_exclusions')
    op.drop_index('ix_events_type_date', table_name='events', postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.drop_index('ix_events_subtype_date', table_name='events', postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.drop_index('ix_events_location', table_name='events')
    op.drop_index('ix_events_fatalities', table_name='events')
    op.drop_index('ix_events_date', table_name='events', postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.drop_index('ix_events_country_date', table_name='events', postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.drop_index('ix_events_cell_date', table_name='events')
    op.drop_index('ix_events_admin2_date', table_name='events')
    op.drop_index('ix_events_admin1_date', table_name='events', postgresql_ops={'event_date': 'DESC NULLS LAST', 'pk': 'DESC'})
    op.drop_table('events')
    op.drop_index(op.f('ix_event_log_event_id'), table_name='event_log')
    op.drop_table('event_log')
    op.drop_index(op.f('ix_corrections_event_id'), table_name='corrections')
    op.drop_table('corrections')
    op.drop_table('actors')
