"""Tests for the static medication catalog."""

import re
from collections import Counter

import pytest

from tracker.medications.catalog import (
    CATALOG,
    CLASSES,
    FORMS,
    CatalogEntry,
    lookup,
    resolve,
    suggestions,
)

REQUIRED_BRANDS = {
    "Zoloft": "sertraline",
    "Lexapro": "escitalopram",
    "Klonopin": "clonazepam",
    "Adderall": "amphetamine",
    "Lamictal": "lamotrigine",
    "Seroquel": "quetiapine",
    "Wellbutrin": "bupropion",
}

DOMAIN_CLASSES = (
    "ssri",
    "snri",
    "antidepressant_other",
    "tca",
    "maoi",
    "benzodiazepine",
    "z_drug",
    "anxiolytic_other",
    "beta_blocker",
    "mood_stabilizer",
    "antipsychotic",
    "stimulant",
    "adhd_nonstimulant",
    "sleep",
    "supplement",
)

ATC_RE = re.compile(r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")


@pytest.mark.parametrize("brand,generic", sorted(REQUIRED_BRANDS.items()))
@pytest.mark.parametrize("variant", [str, str.lower, str.upper, lambda s: f"  {s}\t "])
def test_brand_name_resolves_to_generic(brand, generic, variant):
    text = variant(brand)
    entry = lookup(text)
    assert entry is not None
    assert entry.name == generic
    assert resolve(text) == (generic, entry)


def test_generic_name_lookup_is_case_insensitive_and_trims_whitespace():
    entry = lookup("  SerTRALine ")
    assert entry is not None
    assert entry.name == "sertraline"
    assert entry.drug_class == "ssri"
    assert resolve(" Sertraline\n") == ("sertraline", entry)


def test_unknown_name_lookup_returns_none():
    assert lookup("not-a-drug") is None
    assert lookup("") is None
    assert lookup("   ") is None


def test_generic_names_are_unique_and_lower_case():
    names = [e.name for e in CATALOG]
    assert len(names) == len(set(names))
    for name in names:
        assert name == name.lower() == name.strip()
        assert name


def test_no_brand_maps_to_two_generics():
    counts = Counter(b.casefold() for e in CATALOG for b in e.brands)
    duplicates = [b for b, n in counts.items() if n > 1]
    assert duplicates == []


def test_no_brand_equals_a_generic_name():
    generics = {e.name.casefold() for e in CATALOG}
    brands = {b.casefold() for e in CATALOG for b in e.brands}
    assert generics.isdisjoint(brands)


def test_every_class_key_is_known():
    for entry in CATALOG:
        assert entry.drug_class in CLASSES, entry.name
    for key, label in CLASSES.items():
        assert key == key.lower()
        assert label.strip()


@pytest.mark.parametrize("drug_class", DOMAIN_CLASSES)
def test_every_domain_class_is_represented(drug_class):
    assert drug_class in CLASSES
    assert any(e.drug_class == drug_class for e in CATALOG)


def test_every_class_has_at_least_one_entry():
    used = {e.drug_class for e in CATALOG}
    assert used == set(CLASSES)


def test_forms_are_non_empty_subsets_of_known_forms():
    assert FORMS == (
        "tablet",
        "capsule",
        "liquid",
        "patch",
        "injection",
        "spray",
        "other",
    )
    for entry in CATALOG:
        assert entry.forms, entry.name
        assert set(entry.forms) <= set(FORMS), entry.name
        assert len(entry.forms) == len(set(entry.forms)), entry.name


def test_units_are_from_the_allowed_set():
    for entry in CATALOG:
        assert entry.unit in {"mg", "µg", "g", "IU", "ml"}, entry.name


def test_atc_codes_are_well_formed_and_unique():
    codes = [e.atc for e in CATALOG if e.atc is not None]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert ATC_RE.match(code), code


def test_supplements_have_no_atc_code():
    supplements = [e for e in CATALOG if e.drug_class == "supplement"]
    expected = {"st john's wort", "omega-3", "vitamin d", "magnesium"}
    assert {e.name for e in supplements} >= expected
    assert all(e.atc is None for e in supplements)


def test_ssris_are_filed_under_n06ab():
    ssris = [e for e in CATALOG if e.drug_class == "ssri"]
    assert {e.name for e in ssris} == {
        "fluoxetine",
        "sertraline",
        "escitalopram",
        "citalopram",
        "paroxetine",
        "fluvoxamine",
    }
    assert all(e.atc is not None and e.atc.startswith("N06AB") for e in ssris)


def test_snris_are_filed_under_n06ax():
    snris = [e for e in CATALOG if e.drug_class == "snri"]
    assert len(snris) == 5
    assert all(e.atc is not None and e.atc.startswith("N06AX") for e in snris)


def test_clonazepam_is_filed_as_antiepileptic_atc():
    entry = lookup("clonazepam")
    assert entry is not None
    assert entry.drug_class == "benzodiazepine"
    assert entry.atc == "N03AE01"


def test_lithium_and_atomoxetine_have_expected_atc():
    lithium = lookup("lithium")
    atomoxetine = lookup("Strattera")
    assert lithium is not None and lithium.atc == "N05AN01"
    assert lithium.drug_class == "mood_stabilizer"
    assert atomoxetine is not None and atomoxetine.atc == "N06BA09"
    assert atomoxetine.drug_class == "adhd_nonstimulant"


def test_stimulants_are_filed_under_n06ba():
    stimulants = [e for e in CATALOG if e.drug_class == "stimulant"]
    assert {e.name for e in stimulants} >= {
        "methylphenidate",
        "dexmethylphenidate",
        "amphetamine",
        "lisdexamfetamine",
        "modafinil",
    }
    assert all(e.atc is not None and e.atc.startswith("N06BA") for e in stimulants)


def test_propranolol_is_a_beta_blocker_used_as_needed():
    entry = lookup("Inderal")
    assert entry is not None
    assert entry.name == "propranolol"
    assert entry.drug_class == "beta_blocker"
    assert entry.as_needed_common is True


@pytest.mark.parametrize("name", ["lorazepam", "hydroxyzine", "propranolol"])
def test_common_as_needed_medications_are_flagged(name):
    entry = lookup(name)
    assert entry is not None
    assert entry.as_needed_common is True


def test_maintenance_medications_are_not_flagged_as_needed():
    for name in ("sertraline", "lithium", "lamotrigine", "aripiprazole"):
        entry = lookup(name)
        assert entry is not None
        assert entry.as_needed_common is False


def test_suggestions_are_sorted_and_contain_generics_and_brand_pairs():
    items = suggestions()
    assert items == sorted(items, key=lambda s: (s.casefold(), s))
    assert len(items) == len(set(items))
    assert "sertraline" in items
    assert "Zoloft (sertraline)" in items
    assert "Lexapro (escitalopram)" in items
    expected = len(CATALOG) + sum(len(e.brands) for e in CATALOG)
    assert len(items) == expected


def test_suggestions_returns_a_fresh_list():
    first = suggestions()
    first.clear()
    assert suggestions()


def test_suggestion_string_resolves_back():
    for text in suggestions():
        canonical, entry = resolve(text)
        assert entry is not None, text
        assert canonical == entry.name
        assert text == entry.name or text.endswith(f"({entry.name})")


def test_suggestion_string_resolves_case_insensitively_with_spaces():
    assert resolve("  zoloft  (SERTRALINE) ")[0] == "sertraline"
    assert resolve("Zoloft(sertraline)")[0] == "sertraline"


def test_mismatched_brand_and_generic_is_not_resolved():
    assert resolve("Zoloft (lorazepam)") == ("Zoloft (lorazepam)", None)
    assert resolve("Foo (sertraline)") == ("Foo (sertraline)", None)


def test_free_text_name_is_kept_stripped():
    assert resolve("  My Herbal Tea  ") == ("My Herbal Tea", None)
    assert resolve("\tfoo bar\n") == ("foo bar", None)


def test_catalog_entries_are_immutable():
    entry = CATALOG[0]
    assert isinstance(entry, CatalogEntry)
    with pytest.raises(AttributeError):
        entry.name = "changed"  # type: ignore[misc]
