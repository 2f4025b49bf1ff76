"""Signals other apps listen to, so that meetings never need to know about them."""

from django.dispatch import Signal

# Sent inside the transaction that makes minutes final; receivers get `minutes` and `actor`.
minutes_approved = Signal()

# Sent when an agenda is shown or sent: receivers return a list of `FollowUp` items that the
# meeting should follow up (overdue assignments the body gave, for example).
collect_follow_up = Signal()

# Sent before an organiser removes an agenda item, to ask what else changes with it: receivers get
# `item` and return a list of sentences for the confirmation page ("the proposal goes back to …").
collect_removal_consequences = Signal()
