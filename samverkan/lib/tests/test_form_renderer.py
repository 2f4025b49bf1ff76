"""Every form looks and behaves the same: label, required marker, hint, error, summary, fieldsets."""

from __future__ import annotations

import re

from django import forms

from samverkan.plans.forms import ActivityForm


class MeetingNoteForm(forms.Form):
    title = forms.CharField(label="Rubrik")
    note = forms.CharField(label="Anteckning", required=False, help_text="Syns för deltagarna.")
    public = forms.BooleanField(label="Offentlig", required=False)

    def clean(self):
        raise forms.ValidationError("Mötet är redan inställt.")


def test_a_required_field_shows_a_visible_marker_and_the_form_explains_it():
    html = str(MeetingNoteForm())
    assert re.search(r'<label for="id_title">Rubrik<span class="req" aria-hidden="true"> \*</span></label>', html)
    assert '<label for="id_note">Anteckning</label>' in html
    assert "Fält markerade med * måste fyllas i." in html


def test_a_hint_is_tied_to_its_field():
    html = str(MeetingNoteForm())
    assert '<p class="hint" id="id_note_helptext">Syns för deltagarna.</p>' in html
    assert 'aria-describedby="id_note_helptext"' in html


def test_a_refused_form_starts_with_a_summary_linking_each_error_to_its_field():
    form = MeetingNoteForm(data={"title": ""})
    assert not form.is_valid()
    html = str(form)
    summary = html.split('<div class="error-summary"')[1].split("</div>")[0]
    assert 'role="alert"' in summary
    assert "Det finns fel i formuläret" in summary
    assert '<a href="#id_title">Rubrik: Detta fält måste fyllas i.</a>' in summary
    assert "Mötet är redan inställt." in summary
    # the field itself carries its error too, and is marked
    assert 'class="field field-error"' in html
    assert 'aria-invalid="true"' in html


def test_a_checkbox_has_its_label_after_the_box():
    html = str(MeetingNoteForm())
    assert re.search(
        r'<div class="checkbox"><input type="checkbox" name="public"[^>]*><label for="id_public">Offentlig</label>',
        html,
    )


def test_a_long_form_is_grouped_in_fieldsets(world):
    from samverkan.organisations.models import Group, Person

    html = str(
        ActivityForm(collaboration=world.collaboration, people=Person.objects.none(), groups=Group.objects.none())
    )
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends[:6] == [
        "Aktiviteten",
        "Målgrupper",
        "Ansvar och tid",
        "Ekonomi",
        "Jämställdhet (4R)",
        "Näringsliv och innovation",
    ]
    target_groups = html.split("<legend>Målgrupper</legend>")[1].split("</fieldset>")[0]
    assert 'name="for_municipalities"' in target_groups and 'name="for_citizens"' in target_groups
