"""Django admin is the fallback for data fixes; states are read-only here because they change only through
proposals.services.set_proposal_state (with its history, audit entry and mail)."""

from django.contrib import admin

from . import models


class SectionInline(admin.StackedInline):
    model = models.ProposalSectionText
    extra = 0


class ReplicationSourceInline(admin.TabularInline):
    model = models.ReplicationSource
    fk_name = "proposal"
    raw_id_fields = ["source"]
    extra = 0


class StateChangeInline(admin.TabularInline):
    model = models.ProposalStateChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "actor", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "edition", "group", "state", "submitted_at", "updated_at"]
    list_filter = ["edition", "group", "state"]
    search_fields = ["title", "agency__name", "innovator_name"]
    list_select_related = ["agency", "edition"]
    raw_id_fields = ["agency", "category", "region", "created_by", "declaration_accepted_by"]
    readonly_fields = ["state", "submitted_at", "created_at", "updated_at"]
    inlines = [SectionInline, ReplicationSourceInline, StateChangeInline]


@admin.register(models.DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["agency", "edition", "sent_on", "days_before", "recipients"]
    list_filter = ["edition", "sent_on"]
    list_select_related = ["agency", "edition"]
