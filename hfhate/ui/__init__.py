"""The Qt user interface: windows, dialogs, pages and table models."""
