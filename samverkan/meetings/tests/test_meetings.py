"""Planning, moving and cancelling meetings; holidays need an explicit confirmation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.agreement.services import check_collaboration
from samverkan.lib.errors import DomainError
from samverkan.meetings import services
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.rules import holiday_name

SLUG = "miljosamverkan-vasterbotten"
TZ = timezone.get_current_timezone()


def at(y, m, d, h=9):
    return datetime.datetime(y, m, d, h, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2026, 6, 19), "Midsommarafton"),
        (datetime.date(2026, 12, 24), "Julafton"),
        (datetime.date(2026, 12, 31), "Nyårsafton"),
        (datetime.date(2026, 5, 14), "Kristi himmelsfärdsdag"),
        (datetime.date(2026, 6, 18), None),
    ],
)
def test_swedish_holidays_and_de_facto_days_off_are_known(day, name):
    assert holiday_name(day) == name


def test_a_meeting_on_a_holiday_needs_an_explicit_confirmation(world):
    before = Meeting.objects.count()
    with pytest.raises(DomainError, match="Midsommarafton"):
        services.plan_meeting(group=world.sg, starts_at=at(2026, 6, 19), ends_at=at(2026, 6, 19, 12), actor=None)
    assert Meeting.objects.count() == before
    meeting = services.plan_meeting(
        group=world.sg, starts_at=at(2026, 6, 19), ends_at=at(2026, 6, 19, 12), actor=None, holiday_confirmed=True
    )
    assert meeting.holiday_confirmed


def test_a_meeting_must_end_after_it_starts(world):
    with pytest.raises(DomainError, match="sluta efter"):
        services.plan_meeting(group=world.sg, starts_at=at(2026, 9, 8, 12), ends_at=at(2026, 9, 8, 9), actor=None)


def test_moving_a_meeting_raises_its_calendar_sequence_and_cancelling_keeps_it(world):
    meeting = services.plan_meeting(group=world.st, starts_at=at(2026, 9, 8), ends_at=at(2026, 9, 8, 12), actor=None)
    services.update_meeting(meeting=meeting, actor=None, title="Ny rubrik")
    meeting.refresh_from_db()
    assert meeting.sequence == 0  # a new title does not move anyone's calendar
    services.update_meeting(meeting=meeting, actor=None, starts_at=at(2026, 9, 9), ends_at=at(2026, 9, 9, 12))
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    services.cancel_meeting(meeting=meeting, actor=None)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 2)
    with pytest.raises(DomainError, match="inställt"):
        services.update_meeting(meeting=meeting, actor=None, place="x")


def test_cancelling_a_collaboration_group_meeting_brings_back_the_sg3_warning(world):
    this_year = timezone.localdate().year
    autumn = Meeting.objects.get(group=world.sg, starts_at__month=10, starts_at__year=this_year)
    assert [f.status for f in check_collaboration(world.collaboration) if f.rule == "SG3"] == ["ok"]
    services.cancel_meeting(meeting=autumn, actor=None)
    sg3 = [f for f in check_collaboration(world.collaboration) if f.rule == "SG3"]
    assert "warning" in [f.status for f in sg3]
    assert any("september–oktober" in f.message for f in sg3)


def test_the_check_judges_a_past_year_by_its_own_meetings(world):
    last_year = timezone.localdate().year - 1
    sg3 = [f for f in check_collaboration(world.collaboration, year=last_year) if f.rule == "SG3"]
    assert {f.status for f in sg3} == {"warning"} and any(f"{last_year}" in f.message for f in sg3)


def test_the_chair_plans_a_meeting_in_the_browser_form(client_for, world):
    client = client_for("chair")
    response = client.post(
        reverse("meeting_create", args=[SLUG]),
        {"group": world.sg.pk, "day": "2026-09-22", "start": "09:30", "end": "12:00", "place": "Lycksele"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(place="Lycksele")
    assert timezone.localtime(meeting.starts_at) == at(2026, 9, 22, 9).replace(minute=30)
    html = client.get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    assert "Lycksele" in html and "22 september 2026" in html


def test_the_form_explains_a_holiday_and_keeps_the_input(client_for, world):
    response = client_for("coordinator").post(
        reverse("meeting_create", args=[SLUG]),
        {"group": world.st.pk, "day": "2026-12-24", "start": "09:00", "end": "10:00"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Julafton" in html and 'value="2026-12-24"' in html


def test_the_chair_may_not_plan_the_support_groups_meetings(client_for, world):
    client = client_for("chair")
    html = client.get(reverse("meeting_create", args=[SLUG])).content.decode()
    assert "Samverkansgruppen" in html and "Stödgruppen" not in html.split("<form")[1]
    response = client.post(
        reverse("meeting_create", args=[SLUG]),
        {"group": world.st.pk, "day": "2026-09-22", "start": "09:30", "end": "12:00"},
    )
    assert response.status_code == 200 and not Meeting.objects.filter(starts_at__date="2026-09-22").exists()


def test_the_video_link_is_for_participants_only(client_for, world):
    meeting = Meeting.objects.filter(group=world.sg).first()
    meeting.video_link = "https://meet.example.se/hemligt"
    meeting.save()
    url = reverse("meeting_detail", args=[SLUG, meeting.pk])
    assert "hemligt" not in client_for("anonymous").get(url).content.decode()
    assert "hemligt" in client_for("officer").get(url).content.decode()


def test_the_meeting_list_uses_a_fixed_number_of_queries(client_for, world, django_assert_max_num_queries):
    client = client_for("coordinator")
    with django_assert_max_num_queries(10):
        client.get(reverse("meeting_list", args=[SLUG]))


def test_the_meeting_page_asks_as_often_for_twelve_items_with_documents_as_for_two(client_for, world):
    """Each agenda item lists its documents: fetched for all items at once, not per item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samverkan.meetings.models import AgendaDocument, AgendaItem, AgendaItemStatus

    meeting = Meeting.objects.filter(group=world.sg).first()
    assert meeting is not None
    client = client_for("coordinator")
    url = reverse("meeting_detail", args=[SLUG, meeting.pk])

    def add(n: int) -> None:
        item = AgendaItem.objects.create(
            meeting=meeting, position=100 + n, title=f"Punkt {n}", status=AgendaItemStatus.ACCEPTED
        )
        AgendaDocument.objects.create(item=item, title=f"Underlag {n}", file=f"underlag-{n}.pdf", size=1000)

    counts = []
    for first, last in ((0, 2), (2, 12)):
        for n in range(first, last):
            add(n)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries.captured_queries))
    assert "Underlag 11" in page
    assert counts[0] == counts[1]


def test_the_api_lists_meetings_without_video_links_for_anonymous_callers(client, world):
    Meeting.objects.filter(group=world.sg).update(video_link="https://meet.example.se/x")
    year = timezone.localdate().year
    rows = client.get(f"/api/v1/collaborations/{SLUG}/meetings", {"year": year, "group": world.sg.pk}).json()
    assert len(rows) == 2 and all(r["video_link"] is None for r in rows)
    assert rows[0]["group"] == "Samverkansgruppen" and rows[0]["sequence"] == 0


def test_removing_an_agenda_item_asks_first_and_says_what_else_changes(
    client_for, world, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.meetings.models import AgendaItem
    from samverkan.plans import services as plans
    from samverkan.plans.tests.test_services import _budget_draft, _future_meeting

    meeting = _future_meeting(world.sg)
    version = _budget_draft(world)
    plans.submit(version=version, actor=None)
    item = meeting.agenda_items.get()
    document = services.attach_document(
        item=item, upload=SimpleUploadedFile("underlag.pdf", b"%PDF-1.4"), title="Budgetunderlag", actor=None
    )
    storage, name = document.file.storage, document.file.name
    client = client_for("coordinator")
    confirm = reverse("agenda_item_remove", args=[SLUG, meeting.pk, item.pk])
    assert confirm in client.get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
    # one click on the meeting page no longer removes an item that is on the agenda
    client.post(reverse("agenda_item_action", args=[SLUG, meeting.pk, item.pk]), {"action": "ta-bort"})
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    html = client.get(confirm).content.decode()
    title = version.document.title
    assert f"Förslaget {title}, version 1 går tillbaka till Stödgruppen" in html
    assert "Budgetunderlag" in html and 'method="post"' in html
    assert AgendaItem.objects.filter(pk=item.pk).exists()  # asking changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302 and not AgendaItem.objects.filter(pk=item.pk).exists()
    version.refresh_from_db()
    assert version.agenda_item is None and plans.may_resubmit(version)
    assert not storage.exists(name)


def test_a_declined_suggestion_goes_at_once(client_for, world):
    from samverkan.meetings.models import AgendaItem

    meeting = Meeting.objects.create(
        group=world.sg,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        ends_at=timezone.now() + datetime.timedelta(days=9, hours=2),
    )
    item = services.add_agenda_item(
        meeting=meeting, actor=None, suggested_by=world.people["umea"], title="Förslag om skrotbilar"
    )
    client_for("coordinator").post(
        reverse("agenda_item_action", args=[SLUG, meeting.pk, item.pk]), {"action": "ta-bort"}
    )
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("page", ["meeting_list", "decision_register"])
def test_the_minutes_list_is_linked_from_the_meetings_list_and_the_decision_register(client, world, page):
    html = client.get(reverse(page, args=[SLUG])).content.decode()
    assert f'href="{reverse("minutes_list", args=[SLUG])}"' in html


def test_the_meetings_list_shows_every_coming_meeting_also_next_year(client, world):
    next_year = timezone.localdate().year + 1
    planned = Meeting.objects.create(
        group=world.sg, title="Vårmöte nästa år", starts_at=at(next_year, 3, 10), ends_at=at(next_year, 3, 10, 12)
    )
    html = client.get(reverse("meeting_list", args=[SLUG])).content.decode()
    assert "Kommande möten" in html and planned.display_title in html
    past = Meeting.objects.filter(group=world.sg, starts_at__lt=timezone.now()).first()
    assert reverse("meeting_detail", args=[SLUG, past.pk]) in html  # this year's earlier meetings stay listed
    chosen = client.get(reverse("meeting_list", args=[SLUG]), {"ar": next_year}).content.decode()
    assert planned.display_title in chosen and past.display_title not in chosen


def test_only_coming_meetings_offer_to_be_added_to_the_calendar(client, world):
    coming = Meeting.objects.create(
        group=world.sg,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        ends_at=timezone.now() + datetime.timedelta(days=30, hours=2),
    )
    past = Meeting.objects.filter(group=world.sg, ends_at__lt=timezone.now()).first()
    for meeting, offered in ((coming, True), (past, False)):
        ics = reverse("meeting_ics", args=[SLUG, meeting.pk])
        page = client.get(reverse("meeting_detail", args=[SLUG, meeting.pk])).content.decode()
        assert ("Lägg till i kalendern" in page) is offered and (ics in page) is offered
    listing = client.get(reverse("meeting_list", args=[SLUG])).content.decode()
    assert reverse("meeting_ics", args=[SLUG, past.pk]) not in listing


def test_a_proposed_decision_without_wording_gets_a_field_error_not_a_constraint(client_for, world):
    from samverkan.meetings.models import AgendaItem

    meeting = Meeting.objects.create(
        group=world.sg,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        ends_at=timezone.now() + datetime.timedelta(days=9, hours=2),
    )
    before = AgendaItem.objects.count()
    response = client_for("coordinator").post(
        reverse("agenda_item_add", args=[SLUG, meeting.pk]),
        {"title": "Budget", "decision_proposed": "on", "proposed_decision": "", "public": "on"},
    )
    assert response.status_code == 200 and AgendaItem.objects.count() == before
    form = response.context["form"]
    assert "proposed_decision" in form.errors and not form.non_field_errors()
    assert "agendaitem_decision_has_wording" not in response.content.decode()


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_a_meeting_outside_the_years_the_list_shows_is_refused(world, day):
    before = Meeting.objects.count()
    starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=TZ)
    with pytest.raises(DomainError, match="mellan"):
        services.plan_meeting(
            group=world.sg, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), actor=None
        )
    assert Meeting.objects.count() == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_form_says_on_the_date_which_years_a_meeting_may_have(client_for, world, day):
    before = Meeting.objects.count()
    response = client_for("coordinator").post(
        reverse("meeting_create", args=[SLUG]), {"group": world.st.pk, "day": day, "start": "09:00", "end": "10:00"}
    )
    assert response.status_code == 200 and Meeting.objects.count() == before
    year = timezone.localdate().year
    assert response.context["form"].errors["day"] == [f"Ett möte kan planeras mellan {year - 10} och {year + 10}."]


def test_every_year_a_meeting_may_have_is_reachable_in_the_list(client, world):
    year = timezone.localdate().year
    for edge in (year - 10, year + 10):
        starts = datetime.datetime(edge, 9, 8, 9, tzinfo=TZ)
        services.plan_meeting(
            group=world.sg, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), actor=None
        )
        html = client.get(reverse("meeting_list", args=[SLUG]) + f"?ar={edge}").content.decode()
        assert f"8 september {edge}" in html and f'<option value="{edge}" selected>' in html
    for outside in (year - 11, year + 11):
        assert client.get(reverse("meeting_list", args=[SLUG]) + f"?ar={outside}").status_code == 404


def test_an_agenda_item_takes_at_most_a_working_day(client_for, world):
    from samverkan.meetings.models import AgendaItem

    meeting = Meeting.objects.create(
        group=world.sg,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        ends_at=timezone.now() + datetime.timedelta(days=9, hours=2),
    )
    response = client_for("coordinator").post(
        reverse("agenda_item_add", args=[SLUG, meeting.pk]), {"title": "Budget", "minutes": "9" * 25, "public": "on"}
    )
    assert response.status_code == 200 and not meeting.agenda_items.exists()
    assert response.context["form"].errors["minutes"] == ["En punkt kan ta högst 480 minuter (8 timmar)."]
    with pytest.raises(DomainError, match="högst 480 minuter"):
        services.add_agenda_item(meeting=meeting, actor=None, title="Budget", minutes=481)
    assert services.add_agenda_item(meeting=meeting, actor=None, title="Budget", minutes=480).minutes == 480
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_another_collaborations_agenda_item_cannot_be_removed_through_this_one(client_for, world):
    from pathlib import Path

    from samverkan.agreement.services import load_collaboration_model
    from samverkan.meetings.models import AgendaItem

    other = load_collaboration_model(
        path=Path(__file__).resolve().parents[3] / "agreements" / "example-avfallssamverkan.toml", actor=None
    ).collaboration
    start = timezone.now() + datetime.timedelta(days=30)
    theirs = Meeting.objects.create(
        group=other.groups.first(), starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    item = AgendaItem.objects.create(meeting=theirs, title="Deras punkt")
    ours = Meeting.objects.filter(group=world.sg).first()
    client = client_for("coordinator")
    for meeting_pk in (ours.pk, theirs.pk):  # their item under our meeting, or their meeting under our slug
        url = reverse("agenda_item_remove", args=[SLUG, meeting_pk, item.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()
