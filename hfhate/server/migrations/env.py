"""Alembic environment for the server database: runs on the connection hfhate-server hands it."""

from alembic import context

from hfhate.server.models import ServerBase

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("server migrations run through hfhate.server.db.migrate()")
context.configure(
    connection=connection,
    target_metadata=ServerBase.metadata,
    render_as_batch=True,
    version_table="server_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
