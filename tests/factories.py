"""factory_boy factories with no surprising side effects; an edition with its full configuration comes from
`edition_with_defaults`, which goes through the same service organizers use."""

import factory
from django.contrib.auth import get_user_model

from competitions.enums import AgencyKind, MembershipRole, RegionKind
from competitions.models import Agency, Judge, Membership, Organizer, Region
from competitions.services import create_edition

PASSWORD = "correct-horse-battery"


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
