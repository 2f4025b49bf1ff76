"""`samverkan bench`: every main page and API list of one generated collaboration, measured in
process against a floor page in the same run (docs/performance.md).

Each page is asked `warmup` times first (discarded), then `requests` times, the pages and the
floor interleaved round by round so that the machine's noise falls on all alike. A page's SQL
queries are counted on one warm request of its own. Documents are compared with a one-page PDF
of the same engine (WeasyPrint), the rest with the floor: the base layout through the same
middleware with no data. Exports (the Excel files, the biggest downloads) are asked once more
under tracemalloc for the peak memory they take; the process's peak RSS is reported beside.
A write (a registration) is posted inside a transaction that is rolled back, so every request
meets the same data: its time is the whole use case (the lock, the checks, the insert, the queued
e-mail) and the redirect.
"""

from __future__ import annotations

import datetime
import io
import itertools
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.collaborations.models import Collaboration
from samverkan.events.models import Event, EventSession, EventStatus
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.organisations.models import Group, Organisation, Person
from samverkan.plans.models import Activity, Assignment, PlanDocument

SLUG = "miljosamverkan-vasterbotten"  # at every scale, with the same amount of data of its own
FLOOR, PDF_FLOOR = "floor", "pdf floor"
# the targets of issue 14
PAGE_RATIO, PUBLIC_RATIO, SCALE_RATIO = 5.0, 3.0, 1.3


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    who: str  # "anonymous", "member" or "coordinator"
    kind: str = "page"  # "page", "api", "document" (PDF), "export" (Excel) or "post" (a write)
    # a write's form, new for every request (a registration needs an address of its own), and
    # what to make true first, in the transaction that is rolled back (the registration open)
    form: Callable[[], dict[str, str]] | None = field(default=None, compare=False)
    prepare: Callable[[], None] | None = field(default=None, compare=False)

    @property
    def floor(self) -> str:
        return PDF_FLOOR if self.kind == "document" else FLOOR


@dataclass
class Result:
    label: str
    url: str
    who: str
    kind: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    ratio: float = 0.0
    peak_mb: float | None = None
    pages: int | None = None  # of a document (PDF)
    samples: list[float] = field(default_factory=list, repr=False)


def pages(slug: str = SLUG) -> list[Page]:
    c = Collaboration.objects.get(slug=slug)
    meeting = (
        Meeting.objects.filter(group__collaboration=c, group__kind="collaboration_group", status=MeetingStatus.APPROVED)
        .order_by("-starts_at")
        .first()
    )
    assert meeting is not None, "no approved minutes: generate first"
    person = Person.objects.filter(registered_in=c).order_by("pk").first()
    group = Group.objects.filter(collaboration=c, kind="collaboration_group").first()
    organisation = Organisation.objects.filter(parties__collaboration=c, kind="municipality").order_by("pk").first()
    activity = Activity.objects.filter(collaboration=c).order_by("-year", "pk").first()
    assignment = Assignment.objects.filter(collaboration=c).order_by("-due_on", "pk").first()
    plan = PlanDocument.objects.filter(collaboration=c).order_by("-year", "doc_type").first()
    assert person and group and organisation and activity and assignment and plan
    year = meeting.starts_at.year
    # the public event with the most registrations, its page and a registration for it
    event = (
        Event.objects.filter(collaboration=c, public=True, status=EventStatus.PUBLISHED)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    assert event is not None, "no events: generate first"
    registrants = itertools.count()

    def registration_form() -> dict[str, str]:
        return {"name": "Bench Test", "email": f"bench{next(registrants)}@example.se", "category": "citizen"}

    def open_registration() -> None:
        """The event open for registration and ahead (a past event takes none)."""
        Event.objects.filter(pk=event.pk).update(registration_opens=None, registration_closes=None)
        ahead = timezone.now() + datetime.timedelta(days=30)
        EventSession.objects.filter(event=event).update(starts_at=ahead, ends_at=ahead + datetime.timedelta(hours=3))

    # The generated events stand still while the clock moves on: the list of coming events would
    # soon be empty. Its latest year is moved to start a month from now, in the transaction.
    latest = Event.objects.filter(collaboration=c).aggregate(year=Max("activity__year"))["year"]
    first = EventSession.objects.filter(event__collaboration=c, event__activity__year=latest).aggregate(
        first=Min("starts_at")
    )["first"]
    shift = (timezone.now() + datetime.timedelta(days=30) - first) if first else datetime.timedelta(0)

    def coming_year() -> None:
        EventSession.objects.filter(event__collaboration=c, event__activity__year=latest).update(
            starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
        )

    def u(name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    def asked_by(label: str, url: str, *who: str, kind: str = "page") -> list[Page]:
        """The same page once for each reader, in the order given."""
        return [Page(label, url, reader, kind) for reader in who]

    def api(label: str, path: str = "", who: str = "member") -> Page:
        return Page(f"API {label}", f"/api/v1/collaborations/{slug}{path}", who, "api")

    named = dict[str, tuple[str, dict[str, int]]]  # label: (URL name, its arguments)
    member_pages: named = {
        "plans": ("plan_list", {}),
        "plan": ("plan_detail", {"pk": plan.pk}),
        "activities": ("activity_list", {}),
        "activity": ("activity_detail", {"pk": activity.pk}),
        "follow-up": ("follow_up", {}),
        "assignments": ("assignment_list", {}),
        "assignment": ("assignment_detail", {"pk": assignment.pk}),
        "calendar": ("calendar", {}),
    }
    coordinator_pages: named = {
        "year planner": ("year_planner", {}),
        "finance": ("finance", {}),
        "status report": ("status_report", {}),
        "ledger": ("ledger", {}),
        "invoices": ("invoices", {}),
        "time": ("time_log", {}),
    }
    return [
        Page("home", reverse("home"), "anonymous"),
        *asked_by("collaboration", u("collaboration"), "anonymous", "member"),
        *asked_by("att göra", reverse("desk"), "coordinator", "member"),
        Page("agreement check", u("agreement_check"), "coordinator"),
        *asked_by("meetings", u("meeting_list"), "anonymous", "member"),
        Page("meeting", u("meeting_detail", pk=meeting.pk), "member"),
        Page("minutes list", u("minutes_list"), "anonymous"),
        Page("minutes", u("minutes_detail", pk=meeting.pk), "anonymous"),
        *asked_by("decision register", u("decision_register"), "anonymous", "member"),
        *(Page(label, u(name, **kwargs), "member") for label, (name, kwargs) in member_pages.items()),
        *(Page(label, u(name, **kwargs), "coordinator") for label, (name, kwargs) in coordinator_pages.items()),
        Page("organisations", u("organisation_list"), "member"),
        Page("organisation", u("organisation_detail", pk=organisation.pk), "member"),
        Page("groups", u("group_list"), "member"),
        Page("group", u("group_detail", pk=group.pk), "member"),
        Page("people", u("person_list"), "coordinator"),
        Page("person", u("person_detail", pk=person.pk), "coordinator"),
        Page("contact list", u("contact_list"), "coordinator"),
        Page("gender statistics", u("gender_statistics"), "member"),
        Page("events", u("event_list"), "anonymous", prepare=coming_year),
        Page("event", u("event_detail", pk=event.pk), "anonymous"),
        Page("events (organiser)", u("event_manage_list"), "coordinator"),
        Page("event registrations", u("event_registrations", pk=event.pk), "coordinator"),
        Page("event attendance", u("event_attendance", pk=event.pk), "coordinator"),
        Page("event invoicing", u("event_invoicing", pk=event.pk), "coordinator"),
        Page(
            "registration",
            u("event_detail", pk=event.pk),
            "anonymous",
            "post",
            form=registration_form,
            prepare=open_registration,
        ),
        Page("minutes PDF", u("minutes_document", pk=meeting.pk, fmt="pdf"), "anonymous", "document"),
        Page("status report PDF", u("status_export", fmt="pdf"), "coordinator", "document"),
        Page("calendar PDF", u("calendar_export", year=year, fmt="pdf"), "member", "document"),
        Page("contact list Excel", u("contact_export", fmt="xlsx"), "coordinator", "export"),
        Page("API collaborations", "/api/v1/collaborations", "member", "api"),
        api("organisations", "/organisations"),
        api("people", "/people"),
        api("person", f"/people/{person.pk}"),
        api("groups", "/groups"),
        api("memberships", "/memberships"),
        api("contacts", "/contacts", "coordinator"),
        api("meetings", "/meetings"),
        api("meeting", f"/meetings/{meeting.pk}"),
        api("agenda", f"/meetings/{meeting.pk}/agenda"),
        api("decisions", "/decisions", "anonymous"),
        api("decisions", "/decisions"),
        api("minutes", f"/minutes/{meeting.pk}"),
        api("plans", "/plans"),
        api("activities", "/activities"),
        api("assignments", "/assignments"),
        api("agreement check", "/agreement-check", "coordinator"),
        api("finance status", "/finance/status", "coordinator"),
    ]


def clients(slug: str = SLUG) -> dict[str, Client]:
    result = {"anonymous": Client()}
    for who, suffix in (("member", "ledamot"), ("coordinator", "samordnare")):
        client = Client()
        client.force_login(User.objects.get(username=f"{slug}.{suffix}"))
        result[who] = client
    return result


def _body(response: Any) -> bytes:
    """The whole answer; a streamed download read to its end, as a browser would."""
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def _get(client: Client, url: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    response = client.get(url)
    body = _body(response)
    return response.status_code, (time.perf_counter() - started) * 1000, len(body)


def _ask(client: Client, page: Page) -> tuple[int, float, int]:
    """One request of the page; a write, or a page that needs its data prepared first, in a
    transaction rolled back afterwards (the preparing is not timed)."""
    if page.kind != "post" and page.prepare is None:
        return _get(client, page.url)
    with transaction.atomic():
        if page.prepare is not None:
            page.prepare()
        if page.kind == "post":
            assert page.form is not None
            form = page.form()
            started = time.perf_counter()
            response = client.post(page.url, form)
            took = (time.perf_counter() - started) * 1000
            size = len(response.content)
        else:
            status, took, size = _get(client, page.url)
            response = None
        transaction.set_rollback(True)
    return (response.status_code if response is not None else status), took, size


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(
    *,
    requests: int = 20,
    warmup: int = 2,
    slug: str = SLUG,
    progress: Callable[[int, int], None] | None = None,
    only: str = "",
) -> dict[str, Any]:
    # the plain static storage, as the tests use: the manifest needs `collectstatic` first
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # the registrations are all from one address: counted by the limit as always, never refused
    limit = 10**9
    with override_settings(ROOT_URLCONF="samverkan.perf.urls", STORAGES=storages, EVENT_REGISTRATIONS_PER_HOUR=limit):
        wanted = [word.strip().casefold() for word in only.split(",") if word.strip()]
        chosen = [page for page in pages(slug) if not wanted or any(w in page.label.casefold() for w in wanted)]
        by_who = clients(slug)
        floors = [
            Page(FLOOR, reverse("bench_floor"), "member"),
            Page(PDF_FLOOR, reverse("bench_floor_pdf"), "member", "document"),
        ]
        everything = floors + chosen
        results: dict[int, Result] = {}
        for i, page in enumerate(everything):
            client = by_who[page.who]
            for _n in range(warmup):
                _ask(client, page)
            with CaptureQueriesContext(connection) as queries:
                status, _ms, _size = _ask(client, page)
            results[i] = Result(page.label, page.url, page.who, page.kind, status, len(queries), 0.0, 0.0)
        for round_ in range(requests):
            for i, page in enumerate(everything):
                _status, ms, _size = _ask(by_who[page.who], page)
                results[i].samples.append(ms)
            if progress:
                progress(round_ + 1, requests)
        for result in results.values():
            result.median_ms = statistics.median(result.samples)
            result.p95_ms = p95(result.samples)
        floor_ms = {FLOOR: results[0].median_ms, PDF_FLOOR: results[1].median_ms}
        for i, page in enumerate(everything):
            results[i].ratio = results[i].median_ms / floor_ms[page.floor]
            if page.kind == "document":
                results[i].pages = _pdf_pages(by_who[page.who], page.url)
            if page.kind == "export":
                tracemalloc.start()
                by_who[page.who].get(page.url)
                results[i].peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
    return {
        "slug": slug,
        "requests": requests,
        "database": connection.vendor,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "floor_ms": floor_ms,
        "pages": [{k: v for k, v in asdict(r).items() if k != "samples"} for r in results.values()],
    }


def _pdf_pages(client: Client, url: str) -> int | None:
    """How many pages a PDF has (pypdf is a development dependency, as is the benchmark)."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - installed by `make install`
        return None
    return len(PdfReader(io.BytesIO(_body(client.get(url)))).pages)


def expected_status(row: dict[str, Any]) -> int:
    """What a page answers when all is well: a write (a registration) redirects to its result."""
    return 302 if row["kind"] == "post" else 200


def judged_ratio(row: dict[str, Any]) -> float:
    """The ratio a target is judged by: a document's per page, as its floor is a one-page PDF."""
    pages = row.get("pages") or 1
    return float(row["ratio"]) / pages if row["kind"] == "document" else float(row["ratio"])


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return row["label"], row["who"]


def target_for(row: dict[str, Any]) -> float:
    return PUBLIC_RATIO if row["who"] == "anonymous" and row["kind"] in ("page", "api") else PAGE_RATIO


def table(report: dict[str, Any], county: dict[str, Any] | None = None) -> list[str]:
    """The table as lines: page, median, p95, queries, ratio to its floor, the target met or missed;
    with the county run beside it, the query counts at both scales and national / county, each
    scale's median taken against its own floor (absolute times of two runs are not comparable)."""
    floor = report["floor_ms"]
    lines = [
        f"{report.get('scale', '?')} scale, {report['database']}, {report['requests']} requests per page; "
        f"floor {floor[FLOOR]:.1f} ms, one-page PDF {floor[PDF_FLOOR]:.1f} ms; peak RSS {report['max_rss_mb']:.0f} MB",
    ]
    before = {_key(r): r for r in (county or {}).get("pages", [])}
    head = f"{'page':<22} {'who':<11} {'status':>6} {'median':>8} {'p95':>8} {'queries':>7} {'×floor':>7} {'target':>7}"
    if county:
        head += f" {'q county':>8} {'q nat.':>6} {'nat/cty':>7} {'same q':>6} {'≤1.3':>5}"
    lines += [head, "-" * len(head)]
    missed = 0
    for row in report["pages"]:
        if row["label"] in (FLOOR, PDF_FLOOR):
            continue
        target = target_for(row)
        ok = row["status"] == expected_status(row) and judged_ratio(row) <= target
        missed += not ok
        line = (
            f"{row['label']:<22} {row['who']:<11} {row['status']:>6} {row['median_ms']:>7.1f}  {row['p95_ms']:>7.1f}  "
            f"{row['queries']:>7} {row['ratio']:>6.1f}× {('met' if ok else 'MISSED') + ' ' + format(target, '.0f'):>7}"
        )
        other = before.get(_key(row))
        if county and other:
            # each against its own run's floor: the two runs are minutes apart on a shared machine
            scale_ratio = row["ratio"] / other["ratio"] if other["ratio"] else 0.0
            same = row["queries"] == other["queries"]
            missed += (not same) + (scale_ratio > SCALE_RATIO)
            line += (
                f" {other['queries']:>8} {row['queries']:>6} {scale_ratio:>6.2f}× {'yes' if same else 'NO':>6}"
                f" {'met' if scale_ratio <= SCALE_RATIO else 'MISS':>5}"
            )
        if row.get("pages"):
            line += f"  {row['pages']} pages, {judged_ratio(row):.1f}× a page"
        if row.get("peak_mb") is not None:
            line += f"  peak {row['peak_mb']:.1f} MB"
        lines.append(line)
    lines.append(
        f"targets: median ≤ {PAGE_RATIO:.0f}× floor (public ≤ {PUBLIC_RATIO:.0f}×, documents per page against the one-page PDF)"
        + (f"; same queries at both scales; national/county ≤ {SCALE_RATIO}" if county else "")
        + f". Missed: {missed}."
    )
    return lines
