"""The Indonesian catalogue says one thing with one word, as the glossary in the domain notes has it (issue 7,
item 4): where that is mechanical, a forbidden synonym never appears, and a message naming a glossary concept in
English uses the glossary's Indonesian word for it."""

import re

import pytest

from tests.test_translations import catalogue

# Synonyms the catalogue must not use → the word it uses instead.
FORBIDDEN = {
    r"tahapan": "'tahap' is a judging stage (Tahap I, II); a schedule's phase is 'fase'",
    r"fase\s+(?:I|II|III)\b": "the stages are 'Tahap I, II, III'",
    r"babak": "a stage is 'tahap'",
    r"sertifikat": "a certificate is a 'piagam'",
    r"keberatan": "an objection is a 'sanggahan', its period the 'masa sanggah'",
    r"notulen|risalah": "the jury's minutes are the 'berita acara'",
    r"usulan": "a proposal is a 'proposal'",
    r"grup|golongan": "a group is a 'kelompok'",
    r"skor": "a score is a 'nilai'",
    r"penilai": "a judge is a 'juri'",
    r"panitia": "the organizer is the 'penyelenggara' (Biro Organisasi)",
    r"entri": "an entry is a 'proposal'",
    r"peserta kelompok": "an entry of a group is a 'proposal', not a 'peserta'",
    r"konsep|rancangan": "a draft is a 'draf'",
    r"tenggat": "a deadline is a 'batas waktu'",
    r"surel|e-mail": "'email'",
    r"admin instansi|admin lembaga": "the agency admin is the 'Admin Lokal'",
    r"lembaga peserta|organisasi peserta": "a participating agency is an 'instansi'",
}

# An English concept (regex on the msgid, placeholders removed) → the Indonesian word its msgstr must contain.
REQUIRED = [
    (r"\bagenc(?:y|ies)\b(?! admin)", r"instansi|perangkat daerah"),
    (r"\bagency admins?\b", r"Admin Lokal"),
    (r"\bgroups?\b", r"kelompok"),
    # The noun, not the verb ("cannot judge", "already judges this entry": menilai).
    (r"(?<!cannot )(?<!already )(?<!now )(?<!longer )(?<!panel )\bjudges?\b|\bjury\b", r"juri"),
    (r"\bstages?\b", r"tahap"),
    (r"\bphases?\b", r"fase"),
    (r"\bscreening\b", r"seleksi administrasi"),
    (r"\bobjection period\b", r"masa sanggah"),
    (r"\bobjections?\b", r"sanggah"),
    # Not the time unit: "30 minutes from the last attempt", "%(minutes)s minutes" (a placeholder reads as "0").
    (r"(?<!\d )\bminutes\b(?! from\b)", r"berita acara"),
    (r"\bcertificates?\b", r"piagam"),
    (r"\bdrafters?\b", r"penyusun"),
    (r"\bcatalogue\b", r"katalog"),
    (r"\bcategor(?:y|ies)\b", r"kategori"),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|<[^>]+>")


def english_text(entry) -> str:
    """The English of an entry with each placeholder or tag read as a value ("0"), spaces collapsed."""
    return re.sub(r"\s+", " ", PLACEHOLDER.sub(" 0 ", entry.msgid + " " + entry.msgid_plural))


def indonesian(entry) -> str:
    return " ".join([entry.msgstr, *entry.msgstr_plural.values()])


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in catalogue("id") if not entry.obsolete and entry.msgid]


def test_indonesian_catalogue_uses_no_forbidden_synonym(entries):
    found = [
        f"{entry.msgid!r}: {indonesian(entry)!r} ({why})"
        for entry in entries
        for pattern, why in FORBIDDEN.items()
        if re.search(rf"\b(?:{pattern})\b", indonesian(entry), re.IGNORECASE)
    ]

    assert found == [], "\n".join(found)


@pytest.mark.parametrize(("english", "word"), REQUIRED, ids=[english for english, _word in REQUIRED])
def test_indonesian_catalogue_names_each_concept_with_the_glossary_word(entries, english, word):
    found = [
        f"{entry.msgid!r}: {indonesian(entry)!r}"
        for entry in entries
        if re.search(english, english_text(entry), re.IGNORECASE)
        and not re.search(word, indonesian(entry), re.IGNORECASE)
    ]

    assert found == [], f"these messages do not say {word!r}:\n" + "\n".join(found)
