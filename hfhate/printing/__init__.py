"""Printed documents: penalty notices and reminder letters as PDF, drawn with reportlab (no Qt).

The services decide what is printed (``hfhate.services.notices.print_queue``); this package
only turns plain values (``particulars``) and the council's wording (``wording``) into PDF pages.
"""
