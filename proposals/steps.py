"""The steps of the proposal form and which narrative sections each step shows, per group."""

import math

from competitions.enums import SECTIONS_BY_GROUP, GroupKind, ProposalSection

from .enums import FormStep

# Replikasi's own sections sit with the source innovation they describe.
REPLICATION_SECTIONS = (
    ProposalSection.INSPIRATION,
    ProposalSection.REPLICATION_PROCESS,
    ProposalSection.DIFFERENTIATORS,
)
# Up to this many narrative sections fit one step; longer narratives are split in two.
SECTIONS_PER_STEP = 5


def _narrative_sections(group: str) -> list[str]:
    return [section for section in SECTIONS_BY_GROUP.get(group, []) if section not in REPLICATION_SECTIONS]


def sections_for_step(group: str, step: str) -> list[str]:
    if step == FormStep.REPLICATION:
        return [section for section in SECTIONS_BY_GROUP.get(group, []) if section in REPLICATION_SECTIONS]
    sections = _narrative_sections(group)
    if len(sections) <= SECTIONS_PER_STEP:
        return sections if step == FormStep.NARRATIVE else []
    half = math.ceil(len(sections) / 2)
    if step == FormStep.NARRATIVE:
        return sections[:half]
    if step == FormStep.NARRATIVE_MORE:
        return sections[half:]
    return []


def steps_for(group: str) -> list[str]:
    steps = [FormStep.BASICS, FormStep.NARRATIVE]
    if sections_for_step(group, FormStep.NARRATIVE_MORE):
        steps.append(FormStep.NARRATIVE_MORE)
    if group == GroupKind.REPLICATION:
        steps.append(FormStep.REPLICATION)
    steps += [FormStep.ATTACHMENTS, FormStep.REVIEW]
    return steps


def step_of_section(proposal, section: str) -> str:
    for step in (FormStep.NARRATIVE, FormStep.NARRATIVE_MORE, FormStep.REPLICATION):
        if section in sections_for_step(proposal.group, step):
            return step
    return FormStep.NARRATIVE


def next_step(group: str, step: str) -> str | None:
    steps = steps_for(group)
    index = steps.index(step) if step in steps else -1
    return steps[index + 1] if 0 <= index < len(steps) - 1 else None


def previous_step(group: str, step: str) -> str | None:
    steps = steps_for(group)
    index = steps.index(step) if step in steps else 0
    return steps[index - 1] if index > 0 else None
