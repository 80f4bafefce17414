"""factory_boy factories with no surprising side effects; an edition with its full configuration comes from
`edition_with_defaults`, which goes through the same service organizers use."""

import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from competitions.enums import SECTIONS_BY_GROUP, AgencyKind, GroupKind, MembershipRole, RegionKind
from competitions.models import Agency, Judge, Membership, Organizer, Region
from competitions.services import create_edition

PASSWORD = "correct-horse-battery"
# For tests about a step itself, not the order of the cycle (tests/test_cycle_order.py tests the order).
SKIP_ORDER = "Uji: urutan siklus diuji di tempat lain."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Kabupaten Contoh {n}")
    kind = RegionKind.REGENCY
    code = factory.Sequence(lambda n: f"{9000 + n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas Contoh {n} Provinsi Jawa Timur")
    short_name = factory.Sequence(lambda n: f"DC{n}")
    kind = AgencyKind.PROVINCIAL
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = MembershipRole.ADMIN


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge

    user = factory.SubFactory(UserFactory)
    affiliation = "Universitas Contoh"


class OrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizer

    user = factory.SubFactory(UserFactory)
    position = "Biro Organisasi"


def edition_with_defaults(*, year: int = 2026, number: int | None = None, is_public: bool = True, **kwargs):
    return create_edition(
        year=year,
        number=number or year - 2015,
        theme=f"Tema {year}",
        actor=None,
        is_public=is_public,
        **kwargs,
    )


# Proposals ------------------------------------------------------------------------------------------------------------


def _edition_for_proposal():
    from competitions.models import Edition

    return Edition.objects.order_by("-year").first() or edition_with_defaults()


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft of the newest edition (created when none exists). `complete=True` fills everything a submit checks
    (start date, innovator, every section of the group within its limit, replication source, declaration); a
    state other than draft is set directly as test data, without the history a real transition writes."""

    class Meta:
        model = "proposals.Proposal"
        skip_postgeneration_save = True

    class Params:
        complete = factory.Trait(
            implementation_started_on=dt.date(2020, 1, 6),
            innovator_name="Siti Rahayu",
            innovator_phone="081234567890",
            innovator_email="siti@example.org",
            declaration_accepted_at=factory.LazyFunction(timezone.now),
            replication_adaptation=factory.LazyAttribute(
                lambda o: "Diadaptasi untuk desa." if o.group == GroupKind.REPLICATION else ""
            ),
        )

    edition = factory.LazyFunction(_edition_for_proposal)
    agency = factory.SubFactory(AgencyFactory)
    category = factory.LazyAttribute(lambda o: o.edition.categories.order_by("position").first())
    group = GroupKind.GENERAL
    title = factory.Sequence(lambda n: f"Inovasi Layanan {n}")
    state = "draft"

    @factory.post_generation
    def with_sections(obj, create, extracted, **kwargs):
        """Write a short text for every section of the proposal's group: with `with_sections=True`, and by default
        for a complete proposal (a trait cannot switch a post-generation hook on, so it is read from the fields)."""
        if extracted is None:
            extracted = obj.declaration_accepted_at is not None and obj.implementation_started_on is not None
        if not (create and extracted):
            return
        from proposals.models import ProposalSectionText

        ProposalSectionText.objects.bulk_create(
            ProposalSectionText(proposal=obj, section=section, text=f"Uraian singkat bagian {section}.")
            for section in SECTIONS_BY_GROUP[obj.group]
        )

    @factory.post_generation
    def with_replication_source(obj, create, extracted, **kwargs):
        """A complete replication names one described source with its reason."""
        if not (create and obj.declaration_accepted_at is not None and obj.group == GroupKind.REPLICATION):
            return
        from proposals.models import ReplicationSource

        ReplicationSource.objects.create(
            proposal=obj,
            position=1,
            title="Inovasi Asal",
            agency="Pemerintah Kota Surabaya",
            year=2021,
            reason="Terbukti mempercepat layanan di kota asalnya.",
        )

    @factory.post_generation
    def with_declaration(obj, create, extracted, **kwargs):
        """A complete proposal's declaration is a signed one (a small PDF stands for the document)."""
        if not (create and obj.declaration_accepted_at is not None):
            return
        DeclarationFactory(proposal=obj, signed_at=obj.declaration_accepted_at)

    @factory.post_generation
    def with_attachments(obj, create, extracted, **kwargs):
        """Store the attachments the group requires (small PDFs): with `with_attachments=True`, and by default for
        a complete proposal, so that `complete=True` stays submittable now that submit checks attachments."""
        if extracted is None:
            extracted = obj.declaration_accepted_at is not None and obj.implementation_started_on is not None
        if not (create and extracted):
            return
        from proposals.uploads import required_kinds

        for kind in required_kinds(obj.group):
            AttachmentFactory(proposal=obj, kind=kind)


# Attachments ----------------------------------------------------------------------------------------------------------

# The smallest file proposals.uploads accepts as a PDF: header, startxref and %%EOF.
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


def _store_attachment_file(attachment) -> str:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from proposals.uploads import CleanFile, storage_name

    clean = CleanFile(content=attachment.content, file_type=attachment.file_type, original_name="")
    return default_storage.save(storage_name(clean), ContentFile(attachment.content))


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An attachment whose file is really stored (in the test's MEDIA_ROOT) under a random name, as uploads are.
    Pass `content` and `file_type="jpeg"` for a photo."""

    class Meta:
        model = "proposals.Attachment"
        exclude = ("content", "file_type")

    proposal = factory.SubFactory(ProposalFactory)
    kind = "service_standard"
    content = MINIMAL_PDF
    file_type = "pdf"
    original_name = factory.LazyAttribute(lambda o: f"{o.kind}.pdf" if o.file_type == "pdf" else f"{o.kind}.jpg")
    size = factory.LazyAttribute(lambda o: len(o.content))
    content_type = factory.LazyAttribute(
        lambda o: "application/pdf" if o.file_type == "pdf" else f"image/{o.file_type}"
    )
    file = factory.LazyAttribute(_store_attachment_file)


def _store_declaration_file(o) -> str:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    return default_storage.save(f"declarations/{uuid.uuid4().hex}.pdf", ContentFile(MINIMAL_PDF))


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A signed truthfulness declaration in force, its document a minimal stored PDF (the real one is drawn by
    proposals.declarations)."""

    class Meta:
        model = "proposals.TruthDeclaration"

    proposal = factory.SubFactory(ProposalFactory)
    signer_name = "Dr. Siti Rahayu, M.Si."
    signer_position = "Kepala Dinas"
    ip_address = "10.0.0.1"
    document = factory.LazyAttribute(_store_declaration_file)
    document_size = len(MINIMAL_PDF)


# Judging --------------------------------------------------------------------------------------------------------------


class PanelFactory(factory.django.DjangoModelFactory):
    """A panel of the newest edition, without groups or members (add them with PanelGroup/PanelMember rows or
    judging.services.create_panel)."""

    class Meta:
        model = "judging.Panel"

    edition = factory.LazyFunction(_edition_for_proposal)
    name = factory.Sequence(lambda n: f"Panel {n}")


class StageEntryFactory(factory.django.DjangoModelFactory):
    """A proposal admitted to a stage (test data: no audit entry). Pass `stage`; the proposal is a complete one
    that passed screening, of the stage's edition."""

    class Meta:
        model = "judging.StageEntry"

    stage = None
    proposal = factory.SubFactory(
        ProposalFactory,
        edition=factory.SelfAttribute("..stage.edition"),
        state="passed",
        complete=True,
    )
