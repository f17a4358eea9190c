"""What a supervisor reports: the dashboard's figures, trend alerts, the partnership report's
content and the exports, all counted by SQL aggregates over the local store (no Qt)."""
