"""Server migration scripts."""
