"""The central hfhate sync server: FastAPI app, its database, migrations and admin commands."""
