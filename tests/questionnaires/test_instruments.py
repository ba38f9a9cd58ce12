"""Wording and scoring of PHQ-9, GAD-7 and FIBSER, with known answers and every band edge."""

import pytest

from tracker.errors import Invalid
from tracker.questionnaires import instruments as ins


def test_phq9_has_the_public_domain_stem_items_and_answers():
    phq9 = ins.instrument("phq9")
    assert phq9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert len(phq9.items) == 9
    assert phq9.items[0].text == "Little interest or pleasure in doing things"
    assert phq9.items[8].text == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert phq9.items[0].answers == (
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    )


def test_gad7_has_seven_items_with_the_same_answers():
    gad7 = ins.instrument("gad7")
    assert [i.text for i in gad7.items][:2] == [
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
    ]
    assert gad7.items[6].text == "Feeling afraid as if something awful might happen"
    assert len(gad7.items) == 7
    assert all(i.answers == ins.FREQUENCY_ANSWERS for i in gad7.items)


def test_fibser_has_three_items_with_their_anchors_from_0_to_6():
    frequency, intensity, burden = ins.instrument("fibser").items
    assert frequency.label(1) == "Present 10% of the time"
    assert frequency.label(6) == "Present all the time"
    assert intensity.label(0) == "No side effects" and intensity.label(6) == "Intolerable"
    assert burden.label(0) == "No impairment" and burden.label(6) == "Unable to function"
    assert all(len(item.answers) == 7 and item.top == 6 for item in (frequency, intensity, burden))


def test_licensed_instruments_are_never_shipped_as_questionnaires():
    assert set(ins.INSTRUMENTS) == {"phq9", "gad7", "fibser"}
    assert ins.OTHER_SUGGESTIONS == ("ODQ", "GASS", "ASEC", "ASRM")
    with pytest.raises(KeyError):
        ins.instrument("other")


@pytest.mark.parametrize(
    "key, answers, expected",
    [
        ("phq9", [0] * 9, 0),
        ("phq9", [3] * 9, 27),
        ("phq9", [1, 2, 0, 3, 1, 0, 2, 1, 0], 10),
        ("gad7", [0] * 7, 0),
        ("gad7", [3] * 7, 21),
        ("gad7", [2, 2, 1, 0, 3, 1, 0], 9),
        ("fibser", [6, 4, 2], 2),  # FIBSER's kept score is the burden item
    ],
)
def test_total_of_known_answers(key, answers, expected):
    assert ins.total(key, answers) == expected


def test_an_answer_of_4_on_a_phq9_item_is_refused():
    with pytest.raises(Invalid, match="0 to 3") as caught:
        ins.total("phq9", [0, 0, 4, 0, 0, 0, 0, 0, 0])
    assert caught.value.field == "item3"


def test_a_negative_answer_and_a_fibser_7_are_refused():
    with pytest.raises(Invalid):
        ins.check_answers("gad7", [0, -1, 0, 0, 0, 0, 0])
    with pytest.raises(Invalid, match="0 to 6"):
        ins.check_answers("fibser", [7, 0, 0])


def test_a_missing_answer_is_named_by_its_item():
    with pytest.raises(Invalid, match="Choose an answer") as caught:
        ins.check_answers("gad7", [0, 0, 0, 0, None, 0, 0])
    assert caught.value.field == "item5"


def test_too_few_answers_are_refused():
    with pytest.raises(Invalid, match="all 9"):
        ins.check_answers("phq9", [0] * 8)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_every_boundary(value, expected):
    assert ins.band("phq9", value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_at_every_boundary(value, expected):
    assert ins.band("gad7", value) == expected


@pytest.mark.parametrize(
    "burden, expected",
    [
        (0, "no to mild impairment"),
        (2, "no to mild impairment"),
        (3, "moderate to marked impairment"),
        (4, "moderate to marked impairment"),
        (5, "severe impairment or unable to function"),
        (6, "severe impairment or unable to function"),
    ],
)
def test_fibser_band_from_burden_at_every_boundary(burden, expected):
    assert ins.fibser_band(burden) == expected
    assert ins.band("fibser", burden) == expected


def test_each_fibser_band_names_the_burden_anchors_at_its_ends():
    anchors = dict(ins.FIBSER_INSTRUMENT.items[-1].answers)
    for low, high in ((0, 2), (3, 4), (5, 6)):
        words = ins.fibser_band(low).split()
        assert ins.fibser_band(high).split() == words
        assert anchors[low].split()[0].lower() in words  # no, moderate, severe
        assert anchors[high].split()[0].lower() in words  # mild, marked, unable


def test_fibser_burden_out_of_range_is_an_error():
    with pytest.raises(ValueError):
        ins.fibser_band(7)


def test_other_scores_have_no_band():
    assert ins.band("other", 12) is None


@pytest.mark.parametrize(
    "first, current, response",
    [(20, 10, True), (20, 11, False), (11, 5, True), (11, 6, False), (10, 0, True), (0, 0, False)],
)
def test_response_is_a_fall_of_at_least_half_from_the_first_score(first, current, response):
    assert ins.change(first, current).response is response


@pytest.mark.parametrize(
    "first, current, remission",
    [(12, 4, True), (12, 5, False), (5, 4, True), (4, 0, False), (20, 0, True)],
)
def test_remission_is_below_5_after_starting_at_5_or_more(first, current, remission):
    assert ins.change(first, current).remission is remission


def test_change_counts_points_and_percent_of_the_baseline():
    c = ins.change(16, 12)
    assert (c.baseline, c.points, c.percent) == (16, -4, -25.0)
    assert ins.change(0, 3).percent is None
    assert ins.change(8, 10).points == 2


def test_answers_round_trip_with_the_phq9_difficulty_answer():
    stored = ins.join_answers([0, 1, 2, 3, 0, 1, 2, 3, 1], 2)
    assert stored == "0,1,2,3,0,1,2,3,1,2"
    assert ins.split_answers("phq9", stored) == ([0, 1, 2, 3, 0, 1, 2, 3, 1], 2)
    assert ins.split_answers("gad7", "1,1,1,1,1,1,1") == ([1] * 7, None)
    assert ins.split_answers("other", None) == ([], None)


@pytest.mark.parametrize(
    "value, flag",
    [
        (None, None),
        (0, None),
        (1, "PHQ-9 item 9: thoughts of self-harm (answered 'Several days')"),
        (3, "PHQ-9 item 9: thoughts of self-harm (answered 'Nearly every day')"),
    ],
)
def test_item9_flag_names_the_answer(value, flag):
    assert ins.item9_flag(value) == flag
