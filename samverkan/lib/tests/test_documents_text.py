"""Text on its way into a downloaded file, a ZIP entry name and a Content-Disposition header."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from samverkan.lib.documents_text import archive_path, file_name_segment, one_line, printable
from samverkan.lib.http import content_disposition


def test_printable_drops_control_characters_and_keeps_the_visible_text():
    assert printable("Anna\x1b[31m\x07 Ström\x00") == "Anna[31m Ström"
    assert printable("a\tb\r\nc\rd\x0be\x0cf\u2028g") == "a\tb\nc\nd\ne\nf\ng"
    assert printable("\x7f\x85\x9f\ufffe") == "\n"  # NEL is a line break; DEL, C1 and U+FFFE go
    assert printable(None) == "" and printable(12) == "12"


def test_printable_keeps_right_to_left_and_zero_width_characters_in_a_documents_text():
    assert printable("\u202bمرحبا\u202c\u200b") == "\u202bمرحبا\u202c\u200b"


def test_one_line_turns_breaks_and_tabs_into_single_spaces():
    assert one_line(" Ström\r\n\tX-Injected: 1 \x1b ") == "Ström X-Injected: 1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../../../../tmp/x", "-..-..-..-tmp-x"),  # no leading dot: not a hidden file
        ("..", "fil"),
        (".", "fil"),
        ("", "fil"),
        ("\x00\x1b", "fil"),
        ("C:\\Windows\\evil.exe", "C--Windows-evil.exe"),
        ('a"; filename=evil.exe', "a-; filename=evil.exe"),
        ("faktura\u202egpj.exe", "fakturagpj.exe"),
        ("Åtgärdsplan för Skellefteå ", "Åtgärdsplan för Skellefteå"),
        ("Rad\r\nbrytning", "Rad brytning"),
    ],
)
def test_a_file_name_segment_is_one_safe_visible_part(value, expected):
    assert file_name_segment(value) == expected


def test_an_archive_path_stays_inside_its_folder():
    name = archive_path("2026-05-12-../../../../tmp/x", "handlingar", "/etc/passwd")
    assert name == "2026-05-12-..-..-..-..-tmp-x/handlingar/-etc-passwd"
    parts = name.split("/")
    assert ".." not in parts and "" not in parts and "\\" not in name and not name.startswith("/")


HEADER = re.compile(r"attachment; filename=\"([A-Za-z0-9._() -]+)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)")


@pytest.mark.parametrize(
    ("name", "fallback", "full"),
    [
        ('a"; filename=evil.exe', "a-_ filename_evil.exe", "a-; filename=evil.exe"),
        ("Anna\r\nStröm.vcf", "Anna Strom.vcf", "Anna Ström.vcf"),
        ("back\\slash.pdf", "back-slash.pdf", "back-slash.pdf"),
        ("protokoll-12.pdf", "protokoll-12.pdf", "protokoll-12.pdf"),
        ("Åäö.docx", "Aao.docx", "Åäö.docx"),
        ("\x00", "fil", "fil"),
    ],
)
def test_content_disposition_has_one_safe_ascii_name_and_the_full_name_encoded(name, fallback, full):
    match = HEADER.fullmatch(content_disposition(name))
    assert match is not None
    assert match.group(1) == fallback and unquote(match.group(2)) == full
