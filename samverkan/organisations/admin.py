from django.contrib import admin

from samverkan.organisations.models import (
    Group,
    HostPeriod,
    Membership,
    Organisation,
    Party,
    Person,
    Population,
    SupervisionUnit,
)


class PopulationInline(admin.TabularInline[Population, Organisation]):
    model = Population
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "municipality_code")
    list_filter = ("kind",)
    search_fields = ("name", "municipality_code")
    inlines = [PopulationInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("last_name", "first_name", "organisation", "email")
    search_fields = ("first_name", "last_name", "email")
    list_select_related = ("organisation",)


class MembershipInline(admin.TabularInline[Membership, Group]):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin[Group]):
    list_display = ("name", "collaboration", "kind", "started_on", "ended_on")
    list_filter = ("collaboration", "kind")
    # Set only by the use cases that check AG1 (create_working_group, update_group); the decision
    # register reads the same link (Decision.working_group), so the admin shows it and cannot change it.
    readonly_fields = ("appointed_by", "closed_by")
    inlines = [MembershipInline]


admin.site.register(SupervisionUnit)
admin.site.register(Party)
admin.site.register(HostPeriod)
