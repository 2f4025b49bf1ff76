"""The frame around every page: which collaboration you are in, a menu that folds on a phone, a favicon."""

from __future__ import annotations

import re


def test_the_header_names_the_collaboration_you_are_in(client_for, world):
    html = client_for("anonymous").get(f"/{world.collaboration.slug}/moten/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert "Du är i:" in header and world.collaboration.name in header


def test_the_menu_is_a_details_element_so_it_folds_without_javascript(client_for, world):
    html = client_for("member").get(f"/{world.collaboration.slug}/").content.decode()
    nav = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert re.search(r'<details class="menu nav-menu" data-open-wide>\s*<summary>Meny</summary>', nav)
    # the minutes list is reachable from every page of the collaboration
    assert f'href="/{world.collaboration.slug}/protokoll/"' in nav


def test_the_current_page_is_marked_in_the_menu(client_for, world):
    html = client_for("member").get(f"/{world.collaboration.slug}/beslut/").content.decode()
    assert f'<a href="/{world.collaboration.slug}/beslut/" aria-current="page">Beslut</a>' in html


def test_the_account_links_are_in_a_menu_named_by_who_is_logged_in(client_for, world):
    html = client_for("member").get("/").content.decode()
    assert re.search(r'<summary><span class="visually-hidden">Inloggad som </span>umea</summary>', html)


def test_the_browser_gets_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_keyboard_meets_the_menu_before_language_and_account(client_for, world):
    # on a phone the menu toggle is on the left of its row, so it comes first in the page too
    html = client_for("member").get(f"/{world.collaboration.slug}/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert header.index('class="site-name"') < header.index('class="main-nav"') < header.index('class="header-tools"')


def test_removing_and_cancelling_are_warning_buttons(client_for, world):
    from samverkan.meetings.models import Meeting

    meeting = Meeting.objects.filter(group=world.sg).first()
    html = client_for("chair").get(f"/{world.collaboration.slug}/moten/{meeting.pk}/stall-in/").content.decode()
    assert 'class="btn btn-warning"' in html
