"""The Settings area: every council setting with its value today, its next change and history."""
