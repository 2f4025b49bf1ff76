"""The Avtalsuppföljning page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.organisations.models import Membership

SLUG = "miljosamverkan-vasterbotten"


def test_the_page_lists_every_rule_with_status_words_and_a_fix_link(client_for, world):
    membership = Membership.objects.get(group=world.sg, person=world.people["vindeln"])
    membership.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    html = client_for("chair").get(reverse("agreement_check", args=[SLUG])).content.decode()
    for rule in ("SG1", "SG4", "ST1", "CM1", "CM2", "CM3"):
        assert f'id="clause-{rule}"' in html
    assert "Vindeln har ingen representant i Samverkansgruppen" in html
    assert "1 miljöansvarig från varje kommun" in html  # the agreement's own words
    assert f'href="{reverse("group_detail", args=[SLUG, world.sg.pk])}"' in html


def test_anonymous_visitors_are_asked_to_log_in(client_for, world):
    response = client_for("anonymous").get(reverse("agreement_check", args=[SLUG]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_is_refused(client_for, world):
    assert client_for("outsider").get(reverse("agreement_check", args=[SLUG])).status_code == 403


def test_the_page_speaks_english_when_asked(client_for, world):
    client = client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("agreement_check", args=[SLUG])).content.decode()
    assert '<html lang="en">' in html
