"""Screens for warnings and fixed penalty notices: the form, its drafts, lists and details."""
