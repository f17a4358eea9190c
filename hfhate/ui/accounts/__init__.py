"""Screens for accounts: users administration and passwords."""
