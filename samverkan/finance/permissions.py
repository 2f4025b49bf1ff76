"""The finance app's actions, answered through the one `Access.can` (accounts.permissions)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.permissions import Access, define_action, manager, member_or_manager


def _party_representative(access: Access, obj: Any) -> bool:
    """The coordinator, an admin, or a group member who works for the party (obj)."""
    if manager(access, obj):
        return True
    mine = access.organisation_id is not None and getattr(obj, "organisation_id", None) == access.organisation_id
    return access.is_authenticated and bool(access.group_ids) and mine


def _party_finance(access: Access, obj: Any) -> bool:
    """Who sees a party's invoiced and paid amounts and its invoicing basis (obj: the party; None:
    every party at once). The host presents the budget and the financial follow-up to the
    collaboration group ("inför samverkansgruppen redovisa budget och ekonomisk uppföljning", CM3),
    which decides the budget and follows up the work (SG2): its members see every party. A party's
    own representatives in any group see that party; other members see the totals only."""
    if manager(access, obj) or (access.is_authenticated and bool(access.collaboration_group_ids)):
        return True
    return obj is not None and _party_representative(access, obj)


VIEW_FINANCE = define_action("view_finance", member_or_manager)  # budget, actual, status, co-financing (EC1–EC4)
MANAGE_FINANCE = define_action("manage_finance", manager)  # ledger, forecasts, invoices, status reports
VIEW_PARTY_FINANCE = define_action("view_party_finance", _party_finance)  # obj: the party (None: all)
LOG_TIME = define_action("log_time", member_or_manager)  # the coordinator's time (CO1); others' in kind (EC2)
