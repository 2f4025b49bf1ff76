from django.contrib import admin

from samverkan.collaborations.models import Collaboration


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin[Collaboration]):
    list_display = ("name", "slug", "sector", "updated_at")
    readonly_fields = ("model_source", "model_sha256")
