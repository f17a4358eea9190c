"""Engagement screens: sessions, their form and register, follow-ups, staff training."""
