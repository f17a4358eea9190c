"""Retention (DPA 2018 s.39): how long each kind of record is kept, the review of what is past
its period, and the erasure of personal data that keeps a record's facts for statistics.

``settings`` holds the periods (an administrator's, on this laptop), ``schedule`` the rules
that say when a record falls due or is held (shared with the server, which checks an erasure
by its own dates), ``erased_fields`` what an erasure blanks, ``review`` lists what is due and
``erasure`` erases it, one record per transaction.
"""
