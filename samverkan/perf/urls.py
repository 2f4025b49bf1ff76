"""The urlconf `samverkan bench` installs (override_settings(ROOT_URLCONF=...)): the site's own
URLs and, in front of them, the floor pages. The site itself never mounts these."""

from django.urls import include, path

from samverkan.perf import views

urlpatterns = [
    path("__bench__/floor/", views.floor, name="bench_floor"),
    path("__bench__/floor.pdf", views.floor_pdf, name="bench_floor_pdf"),
    path("", include("samverkan.urls")),
]
