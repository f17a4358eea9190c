"""Alembic environment for the local store: runs on the connection hfhate hands it."""

from alembic import context

from hfhate.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("hfhate migrations run through hfhate.models.store.upgrade()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
