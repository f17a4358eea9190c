"""The warning and notice form: its sections, rows, people, photos and the values it collects."""
