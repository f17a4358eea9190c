"""The council's settings: one catalogue of named settings, and their dated history."""
