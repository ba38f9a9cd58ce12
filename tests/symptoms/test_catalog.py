"""The symptom catalog: the order users asked for, stable keys, no duplicates."""

from tracker.symptoms import catalog

EXPECTED_ORDER = (
    "emotional_numbness",
    "brain_fog",
    "drowsiness",
    "fatigue",
    "insomnia",
    "vivid_dreams",
    "nausea",
    "headache",
    "dizziness",
    "dry_mouth",
    "sweating",
    "appetite_increase",
    "appetite_decrease",
    "weight_change",
    "sexual_side_effects",
    "restlessness",
    "tremor",
    "agitation",
    "palpitations",
    "constipation",
    "diarrhoea",
    "blurred_vision",
    "brain_zaps",
    "flu_like",
)


def test_numbness_and_fog_lead_then_the_rest_in_order():
    assert tuple(s.key for s in catalog.CATALOG) == EXPECTED_ORDER
    numbness, fog = catalog.CATALOG[:2]
    assert numbness.label == "Emotional numbness"
    assert "flat" in numbness.description and "positive feelings" in numbness.description
    assert fog.label == "Brain fog"
    assert "concentration" in fog.description and "forgetfulness" in fog.description


def test_keys_and_labels_are_unique_ignoring_case():
    keys = [s.key for s in catalog.CATALOG]
    labels = [s.label.casefold() for s in catalog.CATALOG]
    assert len(set(keys)) == len(keys)
    assert len(set(labels)) == len(labels)


def test_every_entry_fits_the_columns_and_has_a_description():
    for s in catalog.CATALOG:
        assert len(s.key) <= 40 and len(s.label) <= 80
        assert s.description.strip()


def test_discontinuation_symptoms_are_marked():
    # DOMAIN.md: what appears within days of a reduction or stop (the report shows them
    # around each taper step).
    marked = {s.key for s in catalog.CATALOG if s.discontinuation}
    assert marked == {
        "brain_zaps",
        "flu_like",
        "dizziness",
        "agitation",
        "insomnia",
        "vivid_dreams",
        "nausea",
    }


def test_defaults_are_numbness_and_fog():
    assert catalog.DEFAULT_FOLLOWED == ("emotional_numbness", "brain_fog")


def test_lookup_position_and_label_matching():
    assert catalog.lookup("brain_fog").label == "Brain fog"
    assert catalog.lookup("unknown") is None and catalog.lookup(None) is None
    assert catalog.position("emotional_numbness") == 0
    assert catalog.position("flu_like") == len(catalog.CATALOG) - 1
    assert catalog.same_label("  brain   FOG ").key == "brain_fog"
    assert catalog.same_label("Jaw clenching") is None
