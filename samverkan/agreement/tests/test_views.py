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


AGREEMENT_ORDER = ["P", "M", "A", "SG", "ST", "AG", "CO", "PL", "EC", "CM"]


def _clauses(html):
    return [part.split('"')[0] for part in html.split('id="clause-')[1:]]


def _position(clause):
    prefix = clause.rstrip("0123456789")
    return (AGREEMENT_ORDER.index(prefix), int(clause[len(prefix) :]))


def test_the_check_follows_the_agreement_clause_by_clause_with_each_clause_s_title(client_for, world):
    html = client_for("chair").get(reverse("agreement_check", args=[SLUG])).content.decode()
    clauses = _clauses(html)
    assert len(clauses) >= 8 and len(set(clauses)) == len(clauses)  # one section per clause
    assert clauses == sorted(clauses, key=_position)  # in the agreement's order
    for clause, title in (("SG1", "Samverkansgruppens sammansättning"), ("CM3", "Region Västerbottens åtaganden")):
        heading = html.split(f'id="clause-{clause}">')[1].split("</h2>")[0]
        assert heading.startswith(f"{clause} ") and title in heading


def test_the_check_can_show_only_what_needs_doing_without_javascript(client_for, world):
    Membership.objects.filter(group=world.sg, person=world.people["vindeln"]).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = client_for("chair")
    everything = client.get(reverse("agreement_check", args=[SLUG])).content.decode()
    assert 'type="checkbox" name="atgarda"' in everything and "Visa bara det som behöver åtgärdas" in everything
    assert "finding-ok" in everything
    to_do = client.get(reverse("agreement_check", args=[SLUG]), {"atgarda": "1"}).content.decode()
    assert "finding-ok" not in to_do and "finding-warning" in to_do
    assert "Vindeln har ingen representant i Samverkansgruppen" in to_do
    assert 'name="atgarda" value="1" checked' in to_do
    assert _clauses(to_do) == sorted(_clauses(to_do), key=_position)
    assert set(_clauses(to_do)) < set(_clauses(everything))
