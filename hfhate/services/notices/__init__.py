"""Penalty notices and warnings: issuing, rules, their life after issue, numbers, drafts,
photos, the print queue and the printed wording."""
