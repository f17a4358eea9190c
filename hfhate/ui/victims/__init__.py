"""Victims, witnesses and referrals: incidents, people, consent, referrals and feedback."""
