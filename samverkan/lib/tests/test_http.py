import pytest
from django.urls import reverse

from samverkan.lib.http import ID_MAX, url_for_each


@pytest.mark.parametrize("pk", [1, 42, 10**12, ID_MAX - 1])
def test_a_link_made_for_each_row_is_the_one_reverse_would_make(pk):
    manage = url_for_each("event_manage", "miljosamverkan-vasterbotten")
    assert manage(pk) == reverse("event_manage", args=["miljosamverkan-vasterbotten", pk])
    action = url_for_each("event_registration_action", "x", 7)
    assert action(pk) == reverse("event_registration_action", args=["x", 7, pk])


def test_a_row_key_that_is_no_number_is_refused_rather_than_put_into_the_link():
    with pytest.raises(ValueError):
        url_for_each("event_manage", "x")("1/../../admin")
