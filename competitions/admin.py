"""Django admin is the fallback for data fixes; organizers work in the portal's own pages."""

from django.contrib import admin

from . import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    search_fields = ["name"]


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent", "region"]
    raw_id_fields = ["parent"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "agency"]
    raw_id_fields = ["user", "agency"]


@admin.register(models.Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["user", "affiliation", "agency"]
    list_select_related = ["user", "agency"]
    raw_id_fields = ["user", "agency"]


@admin.register(models.Organizer)
class OrganizerAdmin(admin.ModelAdmin):
    list_display = ["user", "position"]
    raw_id_fields = ["user"]


class PhaseInline(admin.TabularInline):
    model = models.Phase
    extra = 0


class GroupInline(admin.TabularInline):
    model = models.CompetitionGroup
    extra = 0


class CategoryInline(admin.TabularInline):
    model = models.Category
    extra = 0


@admin.register(models.Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "theme", "is_public"]
    inlines = [PhaseInline, GroupInline, CategoryInline]


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["edition", "kind", "weight"]
    inlines = [CriterionInline]
