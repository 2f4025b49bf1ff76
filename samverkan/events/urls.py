"""The events app's addresses. Each page module keeps its own `patterns` (under
/<collaboration>/evenemang/…) and `link_patterns` (the personal links that need no account, at the
root); the project splices them in flat, as the tests that walk the URL patterns expect."""

from samverkan.events import after_views, feed_views, organiser_views, privacy_views, public_views, reach_views

collaboration_patterns = [
    *public_views.patterns,
    *after_views.patterns,
    *organiser_views.patterns,
    *feed_views.patterns,
    *reach_views.patterns,
    *privacy_views.patterns,
]

link_patterns = [
    *public_views.link_patterns,
    *after_views.link_patterns,
    *privacy_views.link_patterns,
]
