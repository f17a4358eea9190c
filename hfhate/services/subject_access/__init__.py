"""Subject access requests and rectification (DPA 2018 s.45 and s.46): requests, the search
across every record type, the review and export, and correcting a person's details."""
