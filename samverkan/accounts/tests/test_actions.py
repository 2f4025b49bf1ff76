"""Actions are declared once, by the app that owns them, and answered through one `Access.can`."""

import pytest

from samverkan.accounts.permissions import ACTIONS, ANONYMOUS, Access, action_named, define_action, manager
from samverkan.finance.permissions import VIEW_PARTY_FINANCE
from samverkan.meetings.permissions import MANAGE_MEETINGS, VIEW_CLOSED_ITEMS
from samverkan.plans.permissions import VIEW_PLANS


def test_each_apps_actions_are_answered_by_the_one_mechanism():
    for action in (MANAGE_MEETINGS, VIEW_CLOSED_ITEMS, VIEW_PLANS, VIEW_PARTY_FINANCE):
        assert action in ACTIONS
        assert ANONYMOUS.can(action) is False
    admin = Access(is_authenticated=True, is_admin=True)
    assert admin.can(VIEW_CLOSED_ITEMS) and admin.can(VIEW_PLANS)


def test_a_name_from_a_template_is_the_same_action():
    participant = Access(is_authenticated=True, works_at_party=True)
    assert participant.can(action_named("view_plans")) is participant.can(VIEW_PLANS) is True


def test_an_unknown_action_is_an_error_not_a_refusal():
    with pytest.raises(KeyError, match="view_plan"):
        action_named("view_plan")  # the template filter's lookup


def test_an_action_cannot_be_declared_twice_with_another_rule():
    with pytest.raises(ValueError, match="declared twice"):
        define_action("view_plans", manager)
