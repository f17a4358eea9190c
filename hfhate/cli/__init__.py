"""Command line: the hfhate entry points and the verbs (Qt-free)."""
