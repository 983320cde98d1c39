"""Faster filtered queries: the event date copied into event_actors, so an actor over a period is
one index range (replaces the (actor_id, event_pk) index); an index on (country, fatalities) for
"at least N killed in a country".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_actors') as batch:
        batch.add_column(sa.Column('event_date', sa.Date(), nullable=True))
    op.execute("UPDATE event_actors SET event_date = "
               "(SELECT events.event_date FROM events WHERE events.pk = event_actors.event_pk)")
    op.drop_index('ix_event_actors_actor', table_name='event_actors')
    op.create_index('ix_event_actors_actor_date', 'event_actors', ['actor_id', 'event_date', 'event_pk'], unique=False)
    op.create_index('ix_events_country_fatalities', 'events', ['country', 'fatalities'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_country_fatalities', table_name='events')
    op.drop_index('ix_event_actors_actor_date', table_name='event_actors')
    op.create_index('ix_event_actors_actor', 'event_actors', ['actor_id', 'event_pk'], unique=False)
    with op.batch_alter_table('event_actors') as batch:
        batch.drop_column('event_date')
