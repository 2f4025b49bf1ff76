"""The organisations app's background tasks under the names they were first queued by.

The task lives beside the use case that queues it (`confirmations.send_confirmation_batch`), so
that neither module needs the other back; a task row names its function by import path, so rows
queued before the move still find it here.
"""

from samverkan.organisations.confirmations import send_confirmation_batch

__all__ = ["send_confirmation_batch"]
