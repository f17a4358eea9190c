"""Alembic migrations of the server database, shipped inside the package."""

# The newest revision in versions/; GET /health reports it.
SERVER_HEAD = "s0013"
