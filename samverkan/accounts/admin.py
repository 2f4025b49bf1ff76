from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samverkan.accounts.models import ApiToken, User


@admin.register(User)
class SamverkanUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_superuser", "is_demo")
    fieldsets = (*UserAdmin.fieldsets, ("Samverkan", {"fields": ("is_demo",)}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")
