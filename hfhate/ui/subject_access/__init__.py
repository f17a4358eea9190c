"""The Subject access area: requests and their deadlines, the search, the review and export,
and correcting a person's details (supervisors)."""
