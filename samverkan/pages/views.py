from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from samverkan.collaborations.models import Collaboration
from samverkan.lib.pagination import page_of
from samverkan.lib.text import clean_text

HOME_PER_PAGE = 24  # cards, a multiple of the grid's two, three and four columns
# A search is a few words: longer input is cut, as the other searches' fields are (a thousand
# words made a WHERE deeper than SQLite allows, and a 500 for anyone)
SEARCH_LENGTH, SEARCH_WORDS = 100, 10


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    """Every collaboration on the site, by name, HOME_PER_PAGE a page; `?q=` finds them by name,
    county or sector (each word must match one of them)."""
    collaborations = Collaboration.objects.all()
    q = clean_text(request.GET.get("q", ""), multiline=False).strip()[:SEARCH_LENGTH]
    for word in q.split()[:SEARCH_WORDS]:
        collaborations = collaborations.filter(
            Q(name__icontains=word) | Q(county__icontains=word) | Q(sector__icontains=word)
        )
    page = page_of(request, collaborations.order_by("name", "pk"), HOME_PER_PAGE)
    return render(
        request,
        "pages/home.html",
        {"collaborations": page.object_list, "page": page, "q": q, "searchable": q or page.paginator.num_pages > 1},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
