"""What held when the platform was probed as an attacker (issue 12, "What held"): keep it so.

Each test here states one promise of docs/security.md that was true when it was probed and must
stay true: Markdown is cleaned, no open redirect, reset links work once, tokens are read only from
the header, attachments keep no path and are served as attachments, amounts refuse what is not an
amount. The other promises of that list have their tests beside the code they guard (named in
docs/security.md).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.services import create_api_token
from samverkan.lib.forms import MoneyField
from samverkan.lib.markdown import render_markdown
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaDocument
from tests.factories import UserFactory

SLUG = "miljosamverkan-vasterbotten"
EVIL = "https://evil.example/phish"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klicka](javascript:alert(1))",
        '<a href="javascript:alert(1)">klicka</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
        '<svg onload="alert(1)"><circle/></svg>',
    ],
)
def test_markdown_that_users_write_never_carries_script_into_a_page(text):
    html = str(render_markdown(text)).lower()
    for danger in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg", "style="):
        assert danger not in html


def test_a_script_in_an_agenda_text_is_shown_as_text_on_the_meeting_page(world, client_for):
    meeting = _meeting(world)
    meeting_services.add_agenda_item(
        meeting=meeting, actor=None, title="<script>alert('titel')</script>", description="<img src=x onerror=alert(2)>"
    )
    html = client_for("anonymous").get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    assert "<script>alert('titel')" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(" in html  # the title is still there, as text


@pytest.mark.parametrize("target", [EVIL, "//evil.example/phish", "https:///evil.example", "/\\evil.example"])
def test_logging_in_never_sends_the_user_to_another_site(db, target):
    UserFactory(username="anna")
    response = Client().post(
        reverse("account_login") + f"?next={target}", {"login": "anna", "password": "ett-langt-testlosenord"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("target", [EVIL, "//evil.example/phish"])
def test_switching_language_never_sends_the_user_to_another_site(db, target):
    response = Client().post(reverse("set_language"), {"language": "en", "next": target}, HTTP_REFERER=target)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_password_reset_link_works_once(db):
    UserFactory(username="anna", email="anna@example.se")
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "anna@example.se"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = {"password1": "ett-helt-nytt-losenord-1", "password2": "ett-helt-nytt-losenord-1"}
    assert client.post(form.redirect_chain[-1][0] if form.redirect_chain else link, new).status_code == 302
    assert Client().login(username="anna", password="ett-helt-nytt-losenord-1")
    again = Client().get(link, follow=True)
    again_html = again.content.decode()
    assert 'name="password1"' not in again_html  # the used link offers no form any more
    # a forged post to the used link changes nothing either
    Client().post(link, {"password1": "angriparens-losenord-9", "password2": "angriparens-losenord-9"})
    assert not Client().login(username="anna", password="angriparens-losenord-9")


def test_an_api_token_is_read_from_the_authorization_header_only(world, personas):
    _token, secret = create_api_token(user=personas["coordinator"], name="skript", actor=personas["coordinator"])
    url = f"/api/v1/collaborations/{SLUG}/people"
    with_header = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert any(person["email"] for person in with_header)
    for query in (f"?token={secret}", f"?access_token={secret}", f"?api_key={secret}"):
        in_url = Client().get(url + query)
        assert in_url.status_code == 200 and not any(person["email"] for person in in_url.json())
    cookie = Client()
    cookie.cookies["token"] = secret
    assert not any(person["email"] for person in cookie.get(url).json())


def _meeting(world):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    return meeting_services.plan_meeting(
        group=world.sg,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Umeå",
        actor=None,
        holiday_confirmed=True,
    )


@pytest.fixture
def agenda_item(world):
    meeting = _meeting(world)
    return meeting_services.add_agenda_item(meeting=meeting, actor=None, title="Budget 2027")


@pytest.mark.parametrize("name", ["../../../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf", "/tmp/x.pdf"])
def test_an_attachment_keeps_no_path_and_is_served_as_an_attachment(client_for, agenda_item, name):
    meeting = agenda_item.meeting
    upload = SimpleUploadedFile(name, b"%PDF-1.4 underlag", content_type="application/pdf")
    client_for("chair").post(reverse("document_add", args=[SLUG, meeting.pk, agenda_item.pk]), {"file": upload})
    document = AgendaDocument.objects.get(item=agenda_item)
    stored = document.file.name
    assert ".." not in stored and "\\" not in stored and not stored.startswith("/")
    assert stored.startswith(f"dagordning/{meeting.pk}/")
    response = client_for("anonymous").get(reverse("document_download", args=[SLUG, meeting.pk, document.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename", 1)[1] and ".." not in disposition


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e5", "12e-2", "0x10", "١٢", "12,5,5", "9" * 40])
def test_an_amount_refuses_what_is_not_an_amount_in_kronor(value):
    field = MoneyField()
    with pytest.raises(Exception) as refused:
        field.clean(value)
    assert refused.type.__name__ == "ValidationError"


def test_an_amount_reads_what_a_swedish_user_writes():
    field = MoneyField(allow_negative=True)
    assert field.clean("12 500") == 1_250_000
    assert field.clean("12\xa0500,50 kr") == 1_250_050
    assert field.clean("\u2212250") == -25_000
