"""Signals other apps listen to, so that meetings never need to know about them."""

from django.dispatch import Signal

# Sent inside the transaction that makes minutes final; receivers get `minutes` and `actor`.
minutes_approved = Signal()
