"""Alembic migrations of the local store, shipped inside the package."""

# The newest revision in versions/. Opening a store already at this revision needs no Alembic
# import at all; tests/models/test_migrations.py checks it matches the scripts.
HEAD_REVISION = "0020"
