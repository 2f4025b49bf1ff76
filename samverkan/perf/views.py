"""The benchmark's floor pages, mounted only by `samverkan.perf.urls`, the urlconf the bench
installs (never the site's own): the base layout with no data, and a one-page PDF by the same
engine as the documents."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.meetings.documents import html_to_pdf


def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "perf/floor.html")


def floor_pdf(request: HttpRequest) -> HttpResponse:
    return HttpResponse(html_to_pdf("perf/floor_pdf.html", {}), content_type="application/pdf")
