"""Files shipped with hfhate (reference data, styles, templates), read with importlib.resources."""
