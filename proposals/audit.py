"""The readable text of the audit codes written by the proposals app (registered in ProposalsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_DESCRIPTIONS = {
    "kovablik.proposal.created": _("Proposal draft started"),
    "kovablik.proposal.edited": _("Proposal draft edited"),
    "kovablik.proposal.innovator_consent_changed": _("Innovator's consent to be named publicly changed"),
    "kovablik.proposal.declaration_accepted": _("Truthfulness declaration signed by the agency admin"),
    "kovablik.proposal.declaration_withdrawn": _("Truthfulness declaration withdrawn"),
    "kovablik.proposal.declaration_voided": _("Truthfulness declaration voided by a later change"),
    "kovablik.proposal.submitted": _("Proposal submitted"),
    "kovablik.proposal.resubmitted": _("Revised proposal resubmitted"),
    "kovablik.proposal.withdrawn": _("Proposal withdrawn"),
    "kovablik.proposal.passed": _("Proposal passed administrative screening"),
    "kovablik.proposal.returned": _("Proposal returned for revision"),
    "kovablik.proposal.rejected": _("Proposal rejected in administrative screening"),
    "kovablik.proposal.reminder_sent": _("Deadline reminder sent"),
    "kovablik.proposal.revision_reminders_sent": _("Revision reminders sent to agencies with returned proposals"),
    "kovablik.edition.submission_extended": _("Submission deadline extended"),
    "kovablik.agency.drafter_added": _("Drafter added to the agency"),
}
