"""One look for every form: `{{ form }}` renders templates/forms/form.html and each field forms/field.html.

The field template gives every field its label, a visible required marker, its hint and its
error; the form template puts the error summary on top (each error linked to its field) and
groups fields in the fieldsets a form declares.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
