"""The Sync area: this laptop's link to the server, "Sync now", and changes needing attention."""
