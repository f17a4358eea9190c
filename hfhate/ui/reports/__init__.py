"""The Reports area: the supervisor's dashboard, trend alerts, the partnership report and the
CSV exports. Its screens load pyqtgraph, so nothing here is imported until the area opens."""
