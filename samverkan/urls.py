from django.contrib import admin
from django.urls import include, path

from samverkan.accounts import views as account_views
from samverkan.agreement import views as agreement_views
from samverkan.api.api import api
from samverkan.meetings import minutes_views, poll_views
from samverkan.meetings import views as meeting_views
from samverkan.organisations import confirmation_views, contact_views, personal_data_views
from samverkan.organisations import views as org_views
from samverkan.pages import views as page_views

collaboration_patterns = [
    path("", org_views.collaboration_home, name="collaboration"),
    path("huvudman/", org_views.host_change, name="host_change"),
    path("avtalsuppfoljning/", agreement_views.agreement_check, name="agreement_check"),
    path("moten/", meeting_views.meeting_list, name="meeting_list"),
    path("moten/nytt/", meeting_views.meeting_create, name="meeting_create"),
    path("moten/datumforfragan/ny/", poll_views.poll_create, name="poll_create"),
    path("moten/datumforfragan/<int:pk>/", poll_views.poll_detail, name="poll_detail"),
    path("moten/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/andra/", meeting_views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/stall-in/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/kalla/", meeting_views.meeting_call, name="meeting_call"),
    path("moten/<int:pk>/protokoll/", minutes_views.minutes_edit, name="minutes_edit"),
    path("moten/<int:pk>/kallelse.pdf", minutes_views.notice_pdf, name="notice_pdf"),
    path("moten/<int:pk>/dagordning.pdf", minutes_views.agenda_pdf, name="agenda_pdf"),
    path("moten/<int:pk>/arkiv.zip", minutes_views.meeting_archive, name="meeting_archive"),
    path("moten/<int:pk>/protokoll/ny-paragraf/", minutes_views.minute_item_add, name="minute_item_add"),
    path("moten/<int:pk>/protokoll/paragraf/<int:item_pk>/", minutes_views.minute_item_edit, name="minute_item_edit"),
    path("moten/<int:pk>/protokoll/justera/", minutes_views.minutes_approve, name="minutes_approve"),
    path("protokoll/", minutes_views.minutes_list, name="minutes_list"),
    path("protokoll/<int:pk>/", minutes_views.minutes_detail, name="minutes_detail"),
    path("protokoll/<int:pk>/protokoll.<str:fmt>", minutes_views.minutes_document, name="minutes_document"),
    path("beslut/", minutes_views.decision_register, name="decision_register"),
    path("moten/<int:pk>/mote.ics", meeting_views.meeting_ics, name="meeting_ics"),
    path("moten/<int:pk>/dagordning/ny/", meeting_views.agenda_item_add, name="agenda_item_add"),
    path("moten/<int:pk>/dagordning/<int:item_pk>/andra/", meeting_views.agenda_item_edit, name="agenda_item_edit"),
    path("moten/<int:pk>/dagordning/<int:item_pk>/ny-handling/", meeting_views.document_add, name="document_add"),
    path("moten/<int:pk>/handling/<int:doc_pk>/", meeting_views.document_download, name="document_download"),
    path("moten/<int:pk>/handling/<int:doc_pk>/ta-bort/", meeting_views.document_remove, name="document_remove"),
    path(
        "moten/<int:pk>/dagordning/<int:item_pk>/atgard/", meeting_views.agenda_item_action, name="agenda_item_action"
    ),
    path("organisationer/", org_views.organisation_list, name="organisation_list"),
    path("organisationer/<int:pk>/", org_views.organisation_detail, name="organisation_detail"),
    path("organisationer/<int:pk>/andra/", org_views.organisation_edit, name="organisation_edit"),
    path("grupper/", org_views.group_list, name="group_list"),
    path("grupper/ny-arbetsgrupp/", org_views.working_group_create, name="working_group_create"),
    path("grupper/<int:pk>/", org_views.group_detail, name="group_detail"),
    path("grupper/<int:pk>/andra/", org_views.group_edit, name="group_edit"),
    path("grupper/<int:pk>/ny-medlem/", org_views.membership_add, name="membership_add"),
    path("medlemskap/<int:pk>/avsluta/", org_views.membership_end, name="membership_end"),
    path("kontaktlista/", contact_views.contact_list, name="contact_list"),
    path("kontaktlista/export.<str:fmt>", contact_views.contact_export, name="contact_export"),
    path("kontaktlista/import/", contact_views.contact_import_upload, name="contact_import"),
    path("kontaktlista/bekraftelser/", confirmation_views.confirmation_overview, name="confirmation_overview"),
    path("kontaktlista/bekraftelser/<int:pk>/", confirmation_views.confirmation_batch, name="confirmation_batch"),
    path("kontaktlista/import/<int:pk>/", contact_views.contact_import_preview, name="contact_import_preview"),
    path("personer/<int:pk>/vcard/", contact_views.person_vcard, name="person_vcard"),
    path("personer/<int:pk>/uppgifter.json", personal_data_views.person_data, name="person_data"),
    path("personer/<int:pk>/ta-bort/", personal_data_views.person_erase, name="person_erase"),
    path("statistik/kon/", org_views.gender_statistics, name="gender_statistics"),
    path("personer/", org_views.person_list, name="person_list"),
    path("personer/ny/", org_views.person_create, name="person_create"),
    path("personer/<int:pk>/", org_views.person_detail, name="person_detail"),
    path("personer/<int:pk>/andra/", org_views.person_edit, name="person_edit"),
]

urlpatterns = [
    path("", page_views.home, name="home"),
    path("healthz", page_views.healthz, name="healthz"),
    path("tillganglighet/", page_views.accessibility, name="accessibility"),
    path("integritet/", page_views.privacy, name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("bekrafta/<str:token>/", confirmation_views.confirm_details, name="confirm_details"),
    path("datum/<str:token>/", poll_views.poll_answer, name="poll_answer"),
    path("konto/api-nycklar/", account_views.api_tokens, name="api_tokens"),
    path("konto/mina-uppgifter.json", personal_data_views.my_data, name="my_data"),
    path("konto/kalender/", meeting_views.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>.ics", meeting_views.calendar_feed, name="calendar_feed"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", account_views.api_token_revoke, name="api_token_revoke"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("<slug:slug>/", include(collaboration_patterns)),
]
