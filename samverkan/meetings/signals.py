"""Signals other apps listen to, so that meetings never need to know about them."""

from django.dispatch import Signal

# Sent inside the transaction that makes minutes final; receivers get `minutes` and `actor`.
minutes_approved = Signal()

# Sent when an agenda is shown or sent: receivers return a list of `FollowUp` items that the
# meeting should follow up (overdue assignments the body gave, for example).
collect_follow_up = Signal()
