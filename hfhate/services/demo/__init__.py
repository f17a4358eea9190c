"""Sample data for demo and training mode: accounts, notices and sessions, made through the
real services."""
