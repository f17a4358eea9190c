"""Retention screens: the supervisor's review and erasure, and the administrator's periods."""
