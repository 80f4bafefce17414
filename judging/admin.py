"""Django admin is the fallback for data fixes; organizers work in the portal's own pages. Score sheets and scores
are read-only here: every change to them goes through judging.services, which checks versions and audits."""

from django.contrib import admin

from . import models


class PanelGroupInline(admin.TabularInline):
    model = models.PanelGroup
    extra = 0


class PanelMemberInline(admin.TabularInline):
    model = models.PanelMember
    extra = 0
    raw_id_fields = ["judge"]


@admin.register(models.Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "edition"]
    list_filter = ["edition"]
    search_fields = ["name"]
    inlines = [PanelGroupInline, PanelMemberInline]


@admin.register(models.StageRound)
class StageRoundAdmin(admin.ModelAdmin):
    list_display = ["stage", "state", "can_score", "blind", "judges_per_entry", "disagreement_threshold"]
    list_filter = ["state"]
    list_select_related = ["stage__edition"]
    readonly_fields = ["stage", "state", "opened_at", "closed_at"]


@admin.register(models.StageEntry)
class StageEntryAdmin(admin.ModelAdmin):
    list_display = ["proposal", "stage", "admitted_at"]
    list_filter = ["stage__edition", "stage__kind"]
    list_select_related = ["proposal", "stage__edition"]
    search_fields = ["proposal__title"]
    raw_id_fields = ["proposal", "admitted_by"]


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "source", "assigned_at"]
    list_filter = ["source", "entry__stage__kind"]
    list_select_related = ["judge__user", "entry__proposal", "entry__stage"]
    raw_id_fields = ["entry", "judge", "assigned_by"]


@admin.register(models.ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["judge", "proposal", "declared_at"]
    list_select_related = ["judge__user", "proposal"]
    raw_id_fields = ["judge", "proposal", "declared_by"]


class ScoreInline(admin.TabularInline):
    model = models.Score
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "value", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["assignment", "status", "version", "updated_at", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["assignment__judge__user", "assignment__entry__proposal", "assignment__entry__stage"]
    readonly_fields = ["assignment", "status", "overall_note", "version", "updated_at", "submitted_at"]
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "edition", "position"]
    list_filter = ["edition"]


@admin.register(models.FieldVisit)
class FieldVisitAdmin(admin.ModelAdmin):
    """Reports are read here; their answers, testimonies and photos change only through judging.visits.services."""

    list_display = ["entry", "starts_at", "mode", "confirmed_at"]
    list_filter = ["mode", "entry__stage__edition"]
    list_select_related = ["entry__proposal", "entry__stage__edition"]
    search_fields = ["entry__proposal__title"]
    raw_id_fields = ["entry", "report_updated_by"]
    readonly_fields = ["summary", "version", "report_updated_at", "report_updated_by", "confirmed_at"]
