"""Engagement: sessions with their registers and confidence, follow-ups, organisations,
drafts and searches."""
