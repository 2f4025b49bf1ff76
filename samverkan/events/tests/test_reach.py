"""Whom the events reached, as the coordinator and the collaboration group read it: the figures of
a small known year equal a count by hand, on the event's page, the year's page and in the export;
the gender counts are protected as the gender statistics are; the evaluation averages need three
answers; the pages take the same number of queries for a few events as for many; and the
attendance fills the activity's follow-up, which the annual report's draft then counts."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.events import reach, rules, services
from samverkan.events.models import Evaluation, Registration
from samverkan.lib.errors import DomainError
from samverkan.plans import services as plans
from samverkan.plans.models import Activity

TODAY = timezone.localdate()
YEAR = TODAY.year
SLUG = "miljosamverkan-vasterbotten"


def _activity(world, title: str, **groups) -> Activity:
    return plans.create_activity(
        collaboration=world.collaboration,
        actor=None,
        year=YEAR,
        title=title,
        area="kompetensutveckling",
        kind="seminar",
        **groups,
    )


def _event(activity: Activity, title: str, *, days: int, capacity: int | None = None, **groups):
    """A published event whose session began `days` from now (negative: it has been held)."""
    event = services.create_event(activity=activity, actor=None, title=title, public=True, capacity=capacity, **groups)
    start = timezone.now() + datetime.timedelta(days=days)
    services.add_session(event=event, actor=None, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    services.publish_event(event=event, actor=None)
    return event


_counter = iter(range(10_000))


def _register(event, *, category: str, gender: str, attended: bool | None = None, organisation=None, **extra):
    n = next(_counter)
    registration = services.register(
        event,
        name=f"Deltagare {n}",
        email=f"deltagare{n}@example.se",
        category=category,
        gender=gender,
        organisation=organisation,
        **extra,
    )
    if attended is not None:  # the attendance list is another page's; here it is only marked
        Registration.objects.filter(pk=registration.pk).update(attended=attended)
    return registration


def _evaluate(event, *marks: tuple[int, int]) -> None:
    for overall, usefulness in marks:
        Evaluation.objects.create(event=event, overall=overall, usefulness=usefulness)


@pytest.fixture
def year(world):
    """A year of three events, counted by hand in the tests:

    A, a seminar for municipalities and business, held ten days ago, 7 seats:
      Umeå woman attended, Umeå man attended, Skellefteå woman no-show, Lycksele other not marked,
      a business man attended, a citizen (not stated) attended, Länsstyrelsen (authority) woman
      attended; then a man (other category) on the waitlist; a business woman who cancelled.
      Evaluations (5, 4), (4, 4), (3, 5).
    B, a campaign for the public, held five days ago: citizens woman, woman, man, man attended, a
      citizen woman no-show. One evaluation (2, 3).
    C, a course for business in a month: two business registrants (man, woman), confirmed.
    """
    umea, skelleftea, lycksele = (world.org(key) for key in ("umea", "skelleftea", "lycksele"))
    lansstyrelsen = world.org("lansstyrelsen")
    seminar = _activity(world, "Seminarium om förorenade områden", for_municipalities=True, for_business=True)
    a = _event(seminar, "Förorenade områden i praktiken", days=-10, capacity=7)
    _register(a, category="municipality", gender="woman", attended=True, organisation=umea)
    _register(a, category="municipality", gender="man", attended=True, organisation=umea)
    _register(a, category="municipality", gender="woman", attended=False, organisation=skelleftea)
    _register(a, category="municipality", gender="other", organisation=lycksele)
    _register(a, category="business", gender="man", attended=True, organisation_text="Bygg AB")
    _register(a, category="citizen", gender="not_stated", attended=True)
    _register(a, category="authority", gender="woman", attended=True, organisation=lansstyrelsen)
    waiting = _register(a, category="other", gender="man")
    assert waiting.status == "waitlisted"
    cancelled = _register(a, category="business", gender="woman")
    services.cancel(cancelled)
    _evaluate(a, (5, 4), (4, 4), (3, 5))

    campaign = _activity(world, "Kampanj om nedskräpning", for_municipalities=False, for_citizens=True)
    b = _event(campaign, "Håll naturen ren", days=-5)
    for gender in ("woman", "woman", "man", "man"):
        _register(b, category="citizen", gender=gender, attended=True)
    _register(b, category="citizen", gender="woman", attended=False)
    _evaluate(b, (2, 3))

    course = _activity(world, "Kurs i egenkontroll", for_municipalities=False, for_business=True)
    c = _event(course, "Egenkontroll för verksamhetsutövare", days=30)
    _register(c, category="business", gender="man", organisation_text="Verkstad AB")
    _register(c, category="business", gender="woman", organisation_text="Verkstad AB")
    return {"a": a, "b": b, "c": c, "seminar": seminar}


MUNICIPALITIES = 15  # of Miljösamverkan Västerbotten


def _cells(html: str, header: str) -> list[str]:
    """The cells of the table row whose header is `header` (tags stripped)."""
    match = re.search(r"<tr><th scope=\"row\">(?:<a [^>]*>)?" + re.escape(header) + r"(?:</a>)?</th>(.*?)</tr>", html)
    assert match, header
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))]


def test_the_reach_of_a_known_year_equals_the_hand_count(year):
    reached = reach.year_reach(year["a"].collaboration, YEAR)
    a, b, c = (reached.of_event(year[k].pk).figures for k in "abc")

    # A: 8 not cancelled (7 seats and one waiting), 5 attended, 1 no-show, 1 not marked
    assert (a.registrations, a.confirmed, a.waitlisted) == (8, 7, 1)
    assert (a.attended, a.no_shows, a.unmarked, a.participants) == (5, 1, 1, 6)
    assert a.categories == (
        ("municipality", 4, 3),  # Skellefteå did not come; Lycksele's is not marked: counted
        ("business", 1, 1),
        ("citizen", 1, 1),
        ("authority", 1, 1),
        ("other", 1, 0),  # on the waitlist
    )
    assert a.municipalities_reached == ("Lycksele", "Umeå")
    assert "Skellefteå" in a.municipalities_not_reached
    assert len(a.municipalities_not_reached) == MUNICIPALITIES - 2
    # women 2, men 2, other 0, not stated 1: the 1s and 2s as "< 3"
    assert a.gender == ("< 3", "< 3", "0", "< 3")
    assert (a.evaluation.count, a.evaluation.overall, a.evaluation.usefulness) == (3, 4.0, 4.3)

    assert (b.registrations, b.attended, b.no_shows, b.unmarked, b.participants) == (5, 4, 1, 0, 4)
    assert b.municipalities_reached == ()
    assert b.gender == ("< 3", "< 3", "0", "0")
    assert (b.evaluation.count, b.evaluation.overall) == (1, None)  # one answer: no average

    # C is still to come: registered, but it has reached no one yet
    assert (c.registrations, c.confirmed, c.unmarked, c.participants) == (2, 2, 2, 0)
    assert c.gender == ("x", "x", "x", "x")  # nobody attended: no row of fewer than three is shown

    total = reached.total
    assert (total.events, total.registrations, total.attended, total.no_shows, total.unmarked) == (3, 15, 9, 2, 3)
    assert total.participants == 10
    assert total.category("citizen") == (6, 5)
    assert total.municipalities_reached == ("Lycksele", "Umeå")
    # four evaluations, one of them from an event whose own average is hidden: the year's would tell it
    assert (total.evaluation.count, total.evaluation.overall) == (4, None)

    groups = {g.key: g for g in reached.target_groups}
    assert [groups[k].figures.events for k in rules.TARGET_GROUPS] == [1, 2, 1]
    assert groups["for_business"].figures.registrations == 10  # A and C
    # people of the group's category who took part anywhere: municipal 3, business 1, citizens 1 + 4
    assert [groups[k].reached for k in rules.TARGET_GROUPS] == [3, 1, 5]


def test_the_pages_show_the_hand_count(year, client_for):
    client = client_for("member")  # a participant: the collaboration group reports the reach
    html = client.get(f"/{SLUG}/evenemang/{year['a'].pk}/rackvidd/").content.decode()
    assert _cells(html, "Anmälda")[0] == "8"
    assert _cells(html, "Närvarande")[0] == "5"
    assert _cells(html, "Uteblev")[0] == "1"
    assert _cells(html, "Ej markerade")[0] == "1"
    assert _cells(html, "Deltog")[0] == "6"
    assert _cells(html, "Kommun") == ["4", "3"]
    assert _cells(html, "Företag") == ["1", "1"]
    assert "Lycksele, Umeå" in html
    assert "Nådda (2)" in html and f"Inte nådda ({MUNICIPALITIES - 2})" in html
    assert "4,0 av 5" in html and "4,3 av 5" in html
    assert "<svg" in html and 'aria-hidden="true"' in html  # the chart, beside its table
    assert "Fyll i uppföljningen" not in html  # that is for the coordinator

    html = client.get(f"/{SLUG}/evenemang/rackvidd/{YEAR}/").content.decode()
    assert _cells(html, "Förorenade områden i praktiken")[2:8] == ["8", "5", "1", "1", "6", "2"]
    assert _cells(html, "Håll naturen ren")[2:7] == ["5", "4", "1", "0", "4"]
    assert _cells(html, "Hela året")[2:7] == ["15", "9", "2", "3", "10"]
    assert _cells(html, "Allmänheten") == ["1", "5", "4", "5", "1"]
    # the gender table: the same counts for A as on its own page
    assert "Evenemang för företag och verksamhetsutövare" in html


def test_an_event_shows_the_same_gender_counts_on_its_page_as_in_the_year(year, client_for):
    client = client_for("coordinator")
    reached = reach.year_reach(year["a"].collaboration, YEAR)
    for key in "abc":
        event = year[key]
        row = reached.of_event(event.pk).figures
        page = client.get(f"/{SLUG}/evenemang/{event.pk}/rackvidd/").content.decode()
        section = page.split('id="kon"')[1].split("</table>")[0]
        assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td class="num">(.*?)</td>', section)][:4] == [
            c.replace("<", "&lt;") for c in row.gender
        ]


def test_no_one_s_gender_is_told_by_the_difference_of_two_rows(world):
    """Six attended, then one more man: the year's row would tell his gender if the new event
    showed exact counts; with one of each the gender table hides what it must."""
    activity = _activity(world, "Seminarium", for_municipalities=True)
    big = _event(activity, "Stort seminarium", days=-3)
    for gender in ("woman", "woman", "woman", "man", "man", "man"):
        _register(big, category="municipality", gender=gender, attended=True)
    small = _event(activity, "Litet seminarium", days=-2)
    _register(small, category="municipality", gender="man", attended=True)
    reached = reach.year_reach(world.collaboration, YEAR)
    assert reached.of_event(small.pk).figures.gender == ("x", "x", "x", "x")  # a row of one shows nothing
    year_cells = reached.total.gender
    big_cells = reached.of_event(big.pk).figures.gender
    # whatever is shown, the year's men minus the big seminar's men does not give the one man away
    assert not (year_cells[1].isdigit() and big_cells[1].isdigit())


def test_an_average_needs_three_answers(world):
    activity = _activity(world, "Seminarium", for_municipalities=True)
    event = _event(activity, "Seminarium", days=-3)
    _evaluate(event, (5, 5), (1, 2))
    figures = reach.year_reach(world.collaboration, YEAR).of_event(event.pk).figures
    assert (figures.evaluation.count, figures.evaluation.overall, figures.evaluation.too_few) == (2, None, True)
    _evaluate(event, (3, 2))
    figures = reach.year_reach(world.collaboration, YEAR).of_event(event.pk).figures
    assert (figures.evaluation.overall, figures.evaluation.usefulness) == (3.0, 3.0)


def test_drafts_and_cancelled_events_are_not_counted(world, client_for):
    activity = _activity(world, "Seminarium", for_municipalities=True)
    held = _event(activity, "Hölls", days=-3)
    _register(held, category="municipality", gender="woman", attended=True)
    called_off = _event(activity, "Ställdes in", days=3)
    _register(called_off, category="municipality", gender="man")
    services.cancel_event(event=called_off, actor=None)
    draft = services.create_event(activity=activity, actor=None, title="Utkast")
    reached = reach.year_reach(world.collaboration, YEAR)
    assert [row.event.title for row in reached.events] == ["Hölls"]
    html = client_for("coordinator").get(f"/{SLUG}/evenemang/{called_off.pk}/rackvidd/").content.decode()
    assert "räknas inte i räckvidden" in html
    # a cancelled event stays visible (it says so), a draft is the organiser's only
    member = client_for("member")
    assert "räknas inte i räckvidden" in member.get(f"/{SLUG}/evenemang/{called_off.pk}/rackvidd/").content.decode()
    assert member.get(f"/{SLUG}/evenemang/{draft.pk}/rackvidd/").status_code == 404


def test_the_reach_is_for_the_collaboration_s_participants(year, client_for):
    url = f"/{SLUG}/evenemang/rackvidd/{YEAR}/"
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("outsider").get(url).status_code == 403
    assert client_for("officer").get(url).status_code == 200
    assert client_for("member").get(f"/{SLUG}/evenemang/rackvidd/1999/").status_code == 404  # out of range
    assert client_for("member").get(f"/{SLUG}/evenemang/rackvidd/{YEAR}/export.pdf").status_code == 404


def test_the_year_s_table_downloads_as_csv_and_excel(year, client_for):
    client = client_for("member")
    response = client.get(f"/{SLUG}/evenemang/rackvidd/{YEAR}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, by_name = rows[0], {row[0]: row for row in rows[1:]}
    assert header[:10] == [
        "Evenemang",
        "Första dag",
        "Målgrupper",
        "Anmälda",
        "Bekräftade",
        "Väntelista",
        "Närvarande",
        "Uteblev",
        "Ej markerade",
        "Deltog",
    ]
    assert by_name["Förorenade områden i praktiken"][3:10] == ["8", "7", "1", "5", "1", "1", "6"]
    assert by_name["Förorenade områden i praktiken"][-3:] == ["3", "4,0", "4,3"]
    assert by_name[f"Hela året {YEAR}"][3] == "15"
    assert by_name["Målgrupp: allmänheten"][3] == "5"

    from openpyxl import load_workbook

    response = client.get(f"/{SLUG}/evenemang/rackvidd/{YEAR}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Förorenade områden i praktiken"][3:10] == (8, 7, 1, 5, 1, 1, 6)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _more(world, events: int, per_event: int) -> None:
    activity = _activity(world, f"Fler {events}", for_municipalities=True, for_business=True)
    for n in range(events):
        event = _event(activity, f"Seminarium {events}-{n}", days=-2)
        for i in range(per_event):
            _register(event, category="municipality", gender=("woman", "man")[i % 2], attended=i % 3 != 0)
        _evaluate(event, (4, 4))


def test_the_pages_take_as_many_queries_for_many_events_as_for_few(year, world, client_for):
    client = client_for("coordinator")
    year_url, event_url = f"/{SLUG}/evenemang/rackvidd/{YEAR}/", f"/{SLUG}/evenemang/{year['a'].pk}/rackvidd/"
    few = (_queries(client, year_url), _queries(client, event_url))
    _more(world, events=6, per_event=8)
    assert (_queries(client, year_url), _queries(client, event_url)) == few


# --- the activity's follow-up --------------------------------------------------------------------


def test_filling_the_follow_up_counts_the_attendance_by_gender(year):
    seminar = year["seminar"]
    reach.fill_follow_up(activity=seminar, actor=None)
    seminar.refresh_from_db()
    # A: women 2 (Umeå, Länsstyrelsen), men 2 (Umeå, business), not stated 1 → other; no-shows,
    # the unmarked and the waitlisted are not there
    assert (seminar.participants_women, seminar.participants_men, seminar.participants_other) == (2, 2, 1)
    entry = AuditEntry.objects.filter(action="follow_up_activity").latest("pk")
    assert entry.object_id == str(seminar.pk)


def test_filling_is_refused_while_no_attendance_is_marked(year):
    course = Activity.objects.get(title="Kurs i egenkontroll")
    plans.record_follow_up(activity=course, actor=None, participants_women=7, participants_men=3)
    with pytest.raises(DomainError, match="Ingen närvaro är markerad"):
        reach.fill_follow_up(activity=course, actor=None)
    course.refresh_from_db()
    assert (course.participants_women, course.participants_men) == (7, 3)  # the typed numbers are kept


def test_after_marking_attendance_and_filling_the_annual_report_draft_counts_it(year, client_for, personas):
    client = client_for("coordinator")
    campaign = Activity.objects.get(title="Kampanj om nedskräpning")
    for activity in (year["seminar"], campaign):
        plans.record_follow_up(activity=activity, actor=None, status="done", done_on=TODAY)
    response = client.post(f"/{SLUG}/evenemang/{year['a'].pk}/rackvidd/fyll-i-uppfoljningen/", follow=True)
    assert "har fått närvaron: 5 deltagare" in response.content.decode()
    response = client.post(f"/{SLUG}/evenemang/{year['b'].pk}/rackvidd/fyll-i-uppfoljningen/", follow=True)
    assert "har fått närvaron: 4 deltagare" in response.content.decode()
    assert AuditEntry.objects.filter(action="follow_up_activity", actor=personas["coordinator"]).count() == 2

    texts = plans.generated_annual_report(world_collaboration := year["a"].collaboration, YEAR)
    report = "\n".join(texts.values())
    # A: women 2, men 2, other 1; B: women 2, men 2
    assert "De nådde 9 deltagare." in report
    assert "Deltagare: 4 kvinnor, 4 män, 1 annat eller okänt." in report
    assert "Andelen kvinnor var 50 %." in report
    assert plans.follow_up_for(world_collaboration, YEAR).participants == 9


def test_only_those_who_manage_events_fill_the_follow_up(year, client_for):
    url = f"/{SLUG}/evenemang/{year['a'].pk}/rackvidd/fyll-i-uppfoljningen/"
    assert client_for("member").post(url).status_code == 403
    assert client_for("coordinator").get(url).status_code == 405
    year["seminar"].refresh_from_db()
    assert year["seminar"].participants is None
    html = client_for("coordinator").get(f"/{SLUG}/evenemang/{year['a'].pk}/rackvidd/").content.decode()
    assert "Fyll i uppföljningen med närvaron" in html


def _svg_widths(html: str, variant: str) -> list[float]:
    import re

    return [float(w) for w in re.findall(rf'<div class="{variant}"><svg [^>]*?width="([\d.]+)"', html)]


def test_each_chart_is_drawn_for_a_phone_with_its_titles_above_the_bars(year, client_for):
    """At 320-375 px a chart scaled down from a desktop's width has text of a few pixels: the page
    carries a phone's drawing too, which fits 320 px at its own size (the stylesheet shows it
    below 40em), its long titles in lines above their bars."""
    html = client_for("member").get(f"/{SLUG}/evenemang/rackvidd/{YEAR}/").content.decode()
    narrow, wide = _svg_widths(html, "chart-narrow"), _svg_widths(html, "chart-wide")
    assert len(narrow) == len(wide) == 2  # per event, and per category
    assert all(w <= 320 for w in narrow) and all(w > 480 for w in wide)
    phone = html[html.index('<div class="chart-narrow">') :]
    assert "Förorenade områden i praktiken" in phone[: phone.index("</svg>")]
